"""``python -m simulator fuzz``: search generated scenarios for contract violations and crashes.

Hypothesis generates scenarios; every contract check that one breaks (or an exception
that escapes the simulator) is a finding. The first scenario of each finding is reduced
to a small one that still shows it, written as a scenario YAML file that
``python -m simulator run`` reproduces, and the command is printed.

Besides the generated calls, scenarios mix in calls shaped like the examples of
Segment's Intercom documentation. Generated inputs stay within what the app can keep
by itself: names without ``.`` or
``$``, at most 10 metadata keys, whole-cent amounts, dates in range, and the right user
hash whenever identity verification is on. So a violation points at the plugin, and
the ``documented`` profile finds nothing.

Hypothesis and Faker are imported only when this command runs.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import SimulatorError
from simulator.scenario.loader import scenario_from_mapping
from simulator.scenario.runner import RunResult, run_scenario

IDENTITY_SECRET = "fuzz-identity-secret-01"


@dataclass
class Finding:
    """One distinct failure: a contract check, or a crash of the simulator, and its smallest input."""

    key: str
    scenario: dict[str, Any]
    message: str
    path: Path | None = None


@dataclass
class FuzzReport:
    """Everything one fuzz run found."""

    profile: str
    examples: int
    seed: int
    findings: list[Finding] = field(default_factory=list)


def failure_keys(mapping: dict[str, Any]) -> dict[str, str]:
    """Run a scenario mapping and return its failures: ``contract/check`` or ``crash/Type`` to a message."""
    try:
        result = run_scenario(scenario_from_mapping(mapping))
    except SimulatorError as error:
        return {"invalid-input/SimulatorError": str(error)}
    except Exception as error:  # noqa: BLE001 - any exception escaping the simulator is a finding
        return {f"crash/{type(error).__name__}": f"{type(error).__name__}: {error}"}
    return _violation_keys(result)


def fuzz(profile: str, *, examples: int, seed: int, out: Path | None,
         progress: Callable[[str], None] = lambda line: None) -> FuzzReport:
    """Search ``examples`` generated scenarios for distinct failures of ``profile``.

    Hypothesis generates the scenarios (seeded, so a run repeats). The first scenario
    that shows each failure is then reduced step by step and key by key, keeping the
    failure, and written into ``out`` when given.
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    report = FuzzReport(profile, examples, seed)
    first_examples: dict[str, dict[str, Any]] = {}
    tried = 0

    @hypothesis_seed(seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(fuzz_scenarios(profile))
    def explore(mapping: dict[str, Any]) -> None:
        nonlocal tried
        tried += 1
        for key in failure_keys(mapping):
            if key not in first_examples:
                first_examples[key] = mapping
                progress(f"example {tried}: found {key}")

    explore()
    progress(f"searched {tried} examples, {len(first_examples)} distinct failures; reducing each")

    for key, mapping in first_examples.items():
        smallest = reduce_scenario(mapping, key)
        finding = Finding(key, smallest, failure_keys(smallest)[key])
        if out is not None:
            finding.path = write_reproducer(finding, out)
        report.findings.append(finding)
    return report


def reduce_scenario(mapping: dict[str, Any], key: str, max_runs: int = 400) -> dict[str, Any]:
    """Return a smaller scenario that still shows failure ``key``: steps, then payload keys, removed one at a time."""
    best = mapping
    runs = 0
    changed = True
    while changed and runs < max_runs:
        changed = False
        for candidate in _smaller_variants(best):
            runs += 1
            if key in failure_keys(candidate):
                best = candidate
                changed = True
                break
            if runs >= max_runs:
                break
    return best


def _smaller_variants(mapping: dict[str, Any]) -> list[dict[str, Any]]:
    """Return copies of ``mapping`` with one step, or one key of one step's payload, removed."""
    steps = mapping["steps"]
    variants = []
    for index in range(1, len(steps)):
        variants.append({**mapping, "steps": steps[:index] + steps[index + 1:]})

    for index, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        kind, args = next(iter(step.items()))
        if not isinstance(args, dict):
            continue
        for field_name in ("traits", "properties", "integrations"):
            payload = args.get(field_name)
            if not isinstance(payload, dict):
                continue
            for payload_key in payload:
                smaller = {name: value for name, value in payload.items() if name != payload_key}
                new_step = {kind: {**args, field_name: smaller}}
                variants.append({**mapping, "steps": steps[:index] + [new_step] + steps[index + 1:]})
    return variants


def fuzz_scenarios(profile: str) -> Any:
    """Return the Hypothesis strategy of scenario mappings that ``fuzz`` searches."""
    from hypothesis import strategies as st

    from simulator.strategies import scenarios

    doc_shaped_calls = st.sampled_from([
        {"identify": {"userId": "doc-user", "traits": {"name": "Iñigo Montoya", "company": {"id": "123", "name": "Iñigo & Friends"}}}},
        {"track": {"event": "Product Purchased", "properties": {"price": 99.95, "currency": "EUR"}}},
        {"group": {"groupId": "group123", "traits": {"name": "Acme", "plan": "premium", "monthly_spend": 100}}},
    ])

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        mapping = draw(scenarios(profile, conforming=True, max_calls=6))
        mapping["name"] = "fuzz"
        for call in draw(st.lists(doc_shaped_calls, max_size=2)):
            position = draw(st.integers(min_value=1, max_value=len(mapping["steps"])))
            if mapping["steps"][position - 1] not in ("terminate", "kill"):
                mapping["steps"].insert(position, call)
        if draw(st.booleans()):
            mapping["intercom"]["identityVerification"] = {"secret": IDENTITY_SECRET}
            mapping["steps"] = _with_user_hashes(mapping["steps"])
        return mapping

    return build()


def write_reproducer(finding: Finding, out: Path) -> Path:
    """Write the finding's scenario to ``out`` as YAML and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", finding.key).strip("-")
    path = out / f"{stem}.yaml"
    scenario = dict(finding.scenario)
    scenario["name"] = f"fuzz-{stem}"
    header = f"# Found by python -m simulator fuzz: {finding.key}\n# {finding.message[:300]}\n"
    path.write_text(header + yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main(profile: str, examples: int, seed: int, out: Path | None) -> int:
    """Run the fuzz command; exit 1 when anything was found, 0 otherwise."""
    report = fuzz(profile, examples=examples, seed=seed, out=out, progress=lambda line: print(line, file=sys.stderr))

    if not report.findings:
        print(f"No failures found with profile {profile} in {examples} examples (seed {seed}).")
        return 0

    print(f"{len(report.findings)} distinct failures with profile {profile} (seed {seed}):")
    for finding in report.findings:
        print(f"  {finding.key}: {finding.message[:160]}")
        if finding.path is not None:
            print(f"    reproduce: python -m simulator run {finding.path}")
    return 1


def _violation_keys(result: RunResult) -> dict[str, str]:
    keys: dict[str, str] = {}
    for violation in result.trace.all_violations():
        if violation.severity == "error":
            keys.setdefault(f"{violation.contract}/{violation.check}", violation.message)
    return keys


def _with_user_hashes(steps: list[Any]) -> list[Any]:
    """Give every identify the right user hash for the user it identifies, as an app with identity verification does.

    The user is the identify's own userId, else the one an earlier identify or alias set,
    until a reset.
    """
    current: str | None = None
    result = []
    for step in steps:
        if step == "reset":
            current = None
        elif isinstance(step, dict) and "alias" in step:
            current = step["alias"]["newId"]
        elif isinstance(step, dict) and "identify" in step:
            user_id = step["identify"].get("userId")
            current = user_id if isinstance(user_id, str) else current
            if current is not None:
                step = _with_user_hash(step, current)
        result.append(step)
    return result


def _with_user_hash(step: dict[str, Any], user_id: str) -> dict[str, Any]:
    call = dict(step["identify"])
    integrations = dict(call.get("integrations") or {})
    if integrations.get("Intercom") is False:
        return step

    options = {key: value for key, value in dict(integrations.get("Intercom") or {}).items() if key != "user_hash"}
    options["user_hash"] = hmac.new(IDENTITY_SECRET.encode(), user_id.encode(), hashlib.sha256).hexdigest()
    integrations.pop("intercom", None)
    integrations["Intercom"] = options
    call["integrations"] = integrations
    return {"identify": call}
