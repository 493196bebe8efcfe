"""Runs one scenario on a fresh simulated phone and collects the result.

Each step's records go to the trace under that step. After the last step the runner
checks the scenario's ``expect`` block and counts what happened to every event.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from simulator.device import LifecycleError
from simulator.errors import ScenarioError
from simulator.fake_intercom import IntercomWorkspace
from simulator.fake_segment import SegmentIngest
from simulator.harness import Harness, mobile_api_key
from simulator.scenario.expectations import ExpectationFailure, check_requests, check_sdk_calls, check_violations
from simulator.scenario.model import Scenario
from simulator.scenario.steps import run_step, step_label
from simulator.trace import Trace, Violation


@dataclass
class RunResult:
    """The outcome of one scenario run."""

    scenario: Scenario
    seed: int
    profile: str
    trace: Trace
    summary: dict[str, Any]
    expectation_failures: list[ExpectationFailure] = field(default_factory=list)
    unexpected_violations: list[Violation] = field(default_factory=list)
    secrets: frozenset[str] = frozenset()
    workspace: IntercomWorkspace | None = None
    ingest: SegmentIngest | None = None
    snapshot: Any = None
    """The ``SnapshotOutcome`` of the comparison with the stored snapshot, when one was made."""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    """Contract check ids the command line added to the scenario's own lists."""

    @property
    def passed(self) -> bool:
        snapshot_failed = self.snapshot is not None and self.snapshot.failed
        return not self.expectation_failures and not self.unexpected_violations and not snapshot_failed


def run_scenario(scenario: Scenario, *, seed: int | None = None, profile: str | None = None,
                 select: Collection[str] = (), ignore: Collection[str] = ()) -> RunResult:
    """Run ``scenario``; ``seed`` and ``profile`` override the file's values, ``select`` and
    ``ignore`` add contract check ids to its own."""
    harness = Harness(scenario, seed=seed, profile=profile, select=select, ignore=ignore)
    try:
        _run_steps(harness)
        result = _result(harness)
        result.select, result.ignore = tuple(select), tuple(ignore)
        return result
    finally:
        harness.close()


def _run_steps(harness: Harness) -> None:
    scenario = harness.scenario
    for step in scenario.steps:
        harness.trace.begin_step(step.index, step_label(step), harness.clock.iso())
        try:
            run_step(harness, step)
            harness.storage.sync()
        except LifecycleError as error:
            location = scenario.location(f"steps.{step.index}")
            raise ScenarioError(location, f"step {step.index + 1} ({step.kind}): {error}.", error.fix + ".") from None


def _result(harness: Harness) -> RunResult:
    expect = harness.scenario.expect
    trace = harness.trace
    failures = check_sdk_calls(expect.get("sdk_calls", []), trace.all_sdk_calls())
    failures += check_requests(expect.get("requests", []), trace.all_requests())
    violation_failures, unexpected = check_violations(expect.get("violations", []), trace.all_violations())
    failures += violation_failures

    summary = harness.event_counts()
    summary.update({
        "sdk_calls": len(trace.all_sdk_calls()),
        "requests": len(trace.all_requests()),
        "violations": len(trace.all_violations()),
    })
    summary["intercom"] = harness.intercom_ledger.summary()
    keys = ("events", "sdk_calls", "requests", "violations", "delivered", "pending", "dropped", "dropped_reasons", "intercom")
    ordered = {key: summary[key] for key in keys}

    return RunResult(
        scenario=harness.scenario,
        seed=harness.seed,
        profile=harness.profile,
        trace=trace,
        summary=ordered,
        expectation_failures=failures,
        unexpected_violations=unexpected,
        secrets=frozenset(_secrets(harness.scenario)),
        workspace=harness.workspace,
        ingest=harness.ingest,
    )


def _secrets(scenario: Scenario) -> set[str]:
    """Return every secret value of the scenario, to be redacted from all output."""
    values = {scenario.sdk["writeKey"], scenario.intercom.get("accessToken"), mobile_api_key(scenario.settings)}
    verification = scenario.intercom.get("identityVerification")
    if isinstance(verification, dict):
        values.add(verification.get("secret"))

    for step in scenario.steps:
        options = step.args.get("integrations") or {}
        for key in ("Intercom", "intercom"):
            entry = options.get(key)
            if isinstance(entry, dict):
                values.update(entry.get(name) for name in ("user_hash", "userHash"))

    return {value for value in values if isinstance(value, str) and value}
