"""Runs one scenario on a fresh simulated phone and collects the result.

The runner wires the layers together. It builds a device with a virtual clock and a
temporary storage directory, and a respx router with the fake Segment CDN, the fake
Segment ingest and the fake Intercom workspace. Every launch starts a new app process
with analytics-swift and the Intercom destination. Each step's records go to the trace
under that step.
"""

from __future__ import annotations

import difflib
import random
from dataclasses import dataclass, field
from typing import Any

import respx

from simulator.device import Device, DeviceProfile, DeviceStorage, LifecycleError, VirtualClock
from simulator.errors import ScenarioError
from simulator.fake_intercom import IntercomWorkspace, mount
from simulator.fake_segment import SegmentIngest, SettingsCdn
from simulator.intercom.profiles import PROFILES, Quirks, quirks_for
from simulator.network import HttpClient, add_catch_all
from simulator.scenario.app import SimulatedApp
from simulator.scenario.expectations import ExpectationFailure, check_requests, check_sdk_calls, check_violations
from simulator.scenario.model import Scenario, Step
from simulator.scenario.steps import run_step, step_label
from simulator.sdk.segment_destination import read_pending_events
from simulator.trace import Trace, Violation

KNOWN_ROUTES = [
    "GET cdn-settings.segment.com/v1/projects/{writeKey}/settings",
    "POST api.segment.io/v1/b",
    "POST api.intercom.io/contacts",
    "POST api.intercom.io/contacts/search",
    "GET api.intercom.io/contacts/{id}",
    "PUT api.intercom.io/contacts/{id}",
    "POST api.intercom.io/events",
    "POST api.intercom.io/companies",
    "POST api.intercom.io/contacts/{id}/companies",
]


@dataclass
class RunResult:
    """The outcome of one scenario run."""

    scenario: Scenario
    seed: int
    profile: str
    trace: Trace
    summary: dict[str, int]
    expectation_failures: list[ExpectationFailure] = field(default_factory=list)
    unexpected_violations: list[Violation] = field(default_factory=list)
    secrets: frozenset[str] = frozenset()
    workspace: IntercomWorkspace | None = None
    ingest: SegmentIngest | None = None

    @property
    def passed(self) -> bool:
        return not self.expectation_failures and not self.unexpected_violations


def run_scenario(scenario: Scenario, *, seed: int | None = None, profile: str | None = None) -> RunResult:
    """Run ``scenario``; ``seed`` and ``profile`` override the file's values."""
    run = _Run(scenario, scenario.seed if seed is None else seed, profile or scenario.plugin["profile"])
    try:
        return run.execute()
    finally:
        run.close()


class _Run:
    def __init__(self, scenario: Scenario, seed: int, profile: str) -> None:
        self.scenario = scenario
        self.seed = seed
        self.profile = profile
        self.quirks = _resolve_quirks(scenario, profile)
        self.trace = Trace()
        self.clock = VirtualClock(scenario.start)
        self.storage = DeviceStorage()
        self.device = Device(DeviceProfile.from_mapping(scenario.device), self.clock, self.storage, seed)
        self.apps: list[SimulatedApp] = []

        write_key = scenario.sdk["writeKey"]
        self.cdn = SettingsCdn(write_key, scenario.settings)
        self.ingest = SegmentIngest(write_key)
        self.workspace = self._workspace()

        router = respx.Router(assert_all_called=False, assert_all_mocked=True)
        self.cdn.mount(router)
        self.ingest.mount(router)
        mount(router, self.workspace)
        add_catch_all(router, self.trace, KNOWN_ROUTES)
        self.http = HttpClient(router, self.trace, is_online=lambda: self.device.network != "offline")

    def execute(self) -> RunResult:
        for step in self.scenario.steps:
            self.trace.begin_step(step.index, step_label(step), self.clock.iso())
            try:
                run_step(self, step)
            except LifecycleError as error:
                raise ScenarioError(self.scenario.location(f"steps.{step.index}"), f"step {step.index + 1} ({step.kind}): {error}.", error.fix + ".") from None

        return self._result()

    def close(self) -> None:
        if self.device.process is not None:
            self.device.process.end()
        self.http.close()
        self.storage.close()

    # Used by the step functions

    def new_app(self, device: Device) -> SimulatedApp:
        app = SimulatedApp(device, self.scenario.sdk, self.http, self.trace, self.quirks, self.scenario.intercom["apiVersion"], self.seed)
        self.apps.append(app)
        return app

    def running_app(self, step: Step) -> SimulatedApp:
        if self.device.process is None:
            raise ScenarioError(
                self.scenario.location(f"steps.{step.index}"),
                f"step {step.index + 1} ({step.kind}) needs a running app, but the app is not running.",
                "add a 'launch' step before it.",
            )
        return self.device.process  # type: ignore[return-value]

    # Set-up and results

    def _workspace(self) -> IntercomWorkspace:
        intercom = self.scenario.intercom
        token = intercom.get("accessToken") or _mobile_api_key(self.scenario.settings) or "no-access-token-configured"
        ids = random.Random(f"{self.seed}:intercom-ids")
        return IntercomWorkspace(
            access_token=token,
            now=lambda: int(self.clock.unix()),
            new_id=lambda: f"{ids.getrandbits(96):024x}",
            contacts=intercom.get("contacts", []),
            companies=intercom.get("companies", []),
        )

    def _result(self) -> RunResult:
        expect = self.scenario.expect
        failures = check_sdk_calls(expect.get("sdk_calls", []), self.trace.all_sdk_calls())
        failures += check_requests(expect.get("requests", []), self.trace.all_requests())
        violation_failures, unexpected = check_violations(expect.get("violations", []), self.trace.all_violations())
        failures += violation_failures

        return RunResult(
            scenario=self.scenario,
            seed=self.seed,
            profile=self.profile,
            trace=self.trace,
            summary=self._summary(),
            expectation_failures=failures,
            unexpected_violations=unexpected,
            secrets=frozenset(_secrets(self.scenario)),
            workspace=self.workspace,
            ingest=self.ingest,
        )

    def _summary(self) -> dict[str, int]:
        emitted = [message_id for app in self.apps for message_id in app.analytics.emitted_message_ids]
        delivered = self.ingest.delivered_message_ids()
        pending = {event.get("messageId") for event in read_pending_events(self.storage, self.scenario.sdk["writeKey"])}
        if self.device.process is not None:
            pending |= {event["messageId"] for event in self.device.process.analytics.startup_queue.queue}

        delivered_count = sum(1 for message_id in emitted if message_id in delivered)
        pending_count = sum(1 for message_id in emitted if message_id not in delivered and message_id in pending)
        return {
            "events": len(emitted),
            "sdk_calls": len(self.trace.all_sdk_calls()),
            "requests": len(self.trace.all_requests()),
            "violations": len(self.trace.all_violations()),
            "delivered": delivered_count,
            "pending": pending_count,
            "dropped": len(emitted) - delivered_count - pending_count,
        }


def _resolve_quirks(scenario: Scenario, profile: str) -> Quirks:
    if profile not in PROFILES:
        suggestion = difflib.get_close_matches(profile, PROFILES, n=1)
        fix = f"did you mean {suggestion[0]!r}?" if suggestion else f"use one of {', '.join(PROFILES)}."
        raise ScenarioError(scenario.location("plugin.profile"), f"unknown plugin profile {profile!r}.", fix)

    overrides = scenario.plugin.get("quirks") or {}
    for name in overrides:
        if name not in Quirks.names():
            suggestion = difflib.get_close_matches(name, Quirks.names(), n=1)
            fix = f"did you mean {suggestion[0]!r}?" if suggestion else f"use one of {', '.join(Quirks.names())}."
            raise ScenarioError(scenario.location(f"plugin.quirks.{name}"), f"unknown quirk {name!r}.", fix)
    return quirks_for(profile, overrides)


def _mobile_api_key(settings: dict[str, Any]) -> str | None:
    intercom = (settings.get("integrations") or {}).get("Intercom")
    if isinstance(intercom, dict) and isinstance(intercom.get("mobileApiKey"), str):
        return intercom["mobileApiKey"]
    return None


def _secrets(scenario: Scenario) -> set[str]:
    """Return every secret value of the scenario, to be redacted from all output."""
    values = {scenario.sdk["writeKey"], scenario.intercom.get("accessToken"), _mobile_api_key(scenario.settings)}
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
