"""The wiring of one simulated phone and the mocked services it talks to.

A ``Harness`` builds a device with a virtual clock and a temporary storage directory, and
a respx router with the fake Segment CDN, the fake Segment ingest and the fake Intercom
workspace behind a catch-all that fails closed. Every launch starts a new app process
with analytics-swift and the Intercom destination. The scenario runner and the pytest
fixtures both build on it.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Collection
from typing import Any

import httpx
import respx

from simulator.contracts import ContractChecker, ContractError
from simulator.device import Device, DeviceProfile, DeviceStorage, VirtualClock
from simulator.errors import ScenarioError
from simulator.fake_intercom import IntercomWorkspace, mount
from simulator.fake_segment import SegmentIngest, SettingsCdn
from simulator.faults import FaultTransport, faults_from_scenario, settings_fetch_fault
from simulator.intercom.outbox import IntercomLedger
from simulator.intercom.profiles import PROFILES, Quirks, quirks_for
from simulator.network import HttpClient, add_catch_all
from simulator.scenario.app import SimulatedApp
from simulator.scenario.model import Scenario
from simulator.sdk.segment_destination import read_pending_events
from simulator.trace import HttpExchange, SdkCall, Trace

INTERCOM_KEY = "Intercom"

KNOWN_ROUTES = [
    "GET cdn-settings.segment.com/v1/projects/{writeKey}/settings",
    "POST api.segment.io/v1/b",
    "POST api.intercom.io/contacts",
    "POST api.intercom.io/contacts/search",
    "POST api.intercom.io/contacts/merge",
    "GET api.intercom.io/contacts/{id}",
    "PUT api.intercom.io/contacts/{id}",
    "POST api.intercom.io/events",
    "POST api.intercom.io/companies",
    "POST api.intercom.io/contacts/{id}/companies",
]


class Harness:
    """One phone, its app processes and the fake services, set up from a scenario."""

    def __init__(self, scenario: Scenario, *, seed: int | None = None, profile: str | None = None,
                 select: Collection[str] = (), ignore: Collection[str] = ()) -> None:
        """``select`` and ``ignore`` add contract check ids to the scenario's own ``contracts`` lists."""
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.profile = profile or scenario.plugin["profile"]
        self.quirks = resolve_quirks(scenario, self.profile)
        self.trace = Trace()
        self.clock = VirtualClock(scenario.start)
        self.storage = DeviceStorage()
        self.device = Device(DeviceProfile.from_mapping(scenario.device), self.clock, self.storage, self.seed)
        self.apps: list[SimulatedApp] = []
        self.intercom_ledger = IntercomLedger()

        write_key = scenario.sdk["writeKey"]
        self.cdn = SettingsCdn(write_key, scenario.settings)
        self.ingest = SegmentIngest(write_key)
        self.workspace = self._workspace()

        router = respx.Router(assert_all_called=False, assert_all_mocked=True)
        self.cdn.mount(router)
        self.ingest.mount(router)
        mount(router, self.workspace)
        add_catch_all(router, self.trace, KNOWN_ROUTES)
        self.checker = self._checker(list(select), list(ignore))
        self.faults = FaultTransport(httpx.MockTransport(router.handler), faults_from_scenario(scenario), self.clock)
        self.http = HttpClient(self.faults, self.trace, is_online=lambda: self.device.network != "offline")

    @property
    def app(self) -> SimulatedApp | None:
        """The running app process, or None when the app is not running."""
        return self.device.process  # type: ignore[return-value]

    def launch(self, url: str | None = None, referring_application: str | None = None) -> SimulatedApp:
        self.device.launch(self.new_app, url, referring_application)
        return self.apps[-1]

    def new_app(self, device: Device) -> SimulatedApp:
        app = SimulatedApp(device, self.scenario.sdk, self.http, self.trace, self.quirks,
                           self.scenario.intercom["apiVersion"], self.seed, self.intercom_ledger)
        self.apps.append(app)
        return app

    def fail_next_settings_fetch(self) -> None:
        self.faults.add(settings_fetch_fault(self.scenario.sdk["writeKey"]))

    def close(self) -> None:
        """End the running process and delete the phone's storage directory."""
        if self.device.process is not None:
            self.device.process.end()
        self.http.close()
        self.storage.close()

    def event_counts(self) -> dict[str, int]:
        """Count the events the app emitted as delivered to Segment, pending on the device, or dropped."""
        emitted = [message_id for app in self.apps for message_id in app.analytics.emitted_message_ids]
        delivered = self.ingest.delivered_message_ids()
        pending = {event.get("messageId") for event in read_pending_events(self.storage, self.scenario.sdk["writeKey"])}
        if self.app is not None:
            pending |= {event["messageId"] for event in self.app.analytics.startup_queue.queue}

        reasons: dict[str, int] = {}
        known = self._drop_reasons()
        for message_id in emitted:
            if message_id not in delivered and message_id not in pending:
                reason = known.get(message_id, "the app process ended before the event was stored")
                reasons[reason] = reasons.get(reason, 0) + 1

        delivered_count = sum(1 for message_id in emitted if message_id in delivered)
        pending_count = sum(1 for message_id in emitted if message_id not in delivered and message_id in pending)
        return {
            "events": len(emitted),
            "delivered": delivered_count,
            "pending": pending_count,
            "dropped": len(emitted) - delivered_count - pending_count,
            "dropped_reasons": dict(sorted(reasons.items())),
        }

    def _drop_reasons(self) -> dict[str, str]:
        reasons: dict[str, str] = {}
        for app in self.apps:
            analytics = app.analytics
            for event in analytics.startup_queue.dropped:
                reasons[event["messageId"]] = "the startup queue was full (1000 events), so its oldest event was dropped"
            if app is not self.app:
                for event in analytics.startup_queue.queue:
                    reasons[event["messageId"]] = "the process ended before the first settings fetch, and the startup queue is in memory"
            if analytics.segment is not None:
                reasons.update(analytics.segment.dropped)
        return reasons

    def _checker(self, select: list[str], ignore: list[str]) -> ContractChecker:
        """Build the contract checker and have it check every request, SDK call and handled event."""
        checker = build_checker(self.scenario, select, ignore)

        def check_request(exchange: HttpExchange) -> None:
            for violation in checker.check_request(exchange):
                self.trace.add_violation(violation)

        def check_call(call: SdkCall) -> None:
            for violation in checker.check_sdk_call(call):
                self.trace.add_violation(violation)

        def check_event(key: str, event: Any, calls: list[SdkCall]) -> None:
            if key == INTERCOM_KEY:
                for violation in checker.check_event_calls(event, calls):
                    self.trace.add_violation(violation)

        self.trace.on_request(check_request)
        self.trace.on_sdk_call(check_call)
        self.trace.on_destination_event(check_event)
        return checker

    def _workspace(self) -> IntercomWorkspace:
        intercom = self.scenario.intercom
        token = intercom.get("accessToken") or mobile_api_key(self.scenario.settings) or "no-access-token-configured"
        ids = random.Random(f"{self.seed}:intercom-ids")
        verification = intercom.get("identityVerification")
        try:
            return IntercomWorkspace(
                access_token=token,
                now=lambda: int(self.clock.unix()),
                new_id=lambda: f"{ids.getrandbits(96):024x}",
                contacts=intercom.get("contacts", []),
                companies=intercom.get("companies", []),
                identity_secret=verification.get("secret") if isinstance(verification, dict) else None,
                rate_limit=intercom.get("rateLimit"),
            )
        except ValueError as error:
            raise ScenarioError(self.scenario.location("intercom"), str(error),
                                "use the contact fields of Intercom's API (external_id, email, name, role, ...).") from None


def build_checker(scenario: Scenario, select: Collection[str] = (), ignore: Collection[str] = ()) -> ContractChecker:
    """Build the scenario's contract checker; an unknown check id is a ScenarioError at ``contracts``.

    ``select`` and ``ignore`` are added to the scenario's own lists.
    """
    intercom = scenario.intercom
    try:
        return ContractChecker(api_version=intercom["apiVersion"], identity_verification=bool(intercom.get("identityVerification")),
                               select=[*scenario.contracts.get("select", []), *select],
                               ignore=[*scenario.contracts.get("ignore", []), *ignore])
    except ContractError as error:
        if error.location is not None and error.location.file.endswith((".yaml", ".yml")):
            raise
        raise ScenarioError(scenario.location("contracts"), error.problem, error.fix) from None


def resolve_quirks(scenario: Scenario, profile: str) -> Quirks:
    """Return the quirks of ``profile`` with the scenario's overrides, rejecting unknown names."""
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


def mobile_api_key(settings: dict[str, Any]) -> str | None:
    """Return ``integrations.Intercom.mobileApiKey`` from Segment settings, if it is a string."""
    intercom = (settings.get("integrations") or {}).get("Intercom")
    if isinstance(intercom, dict) and isinstance(intercom.get("mobileApiKey"), str):
        return intercom["mobileApiKey"]
    return None
