"""A rule-based state machine that checks who is logged in to Intercom against a model.

It drives a ``Harness`` through random interleavings of identify, alias, track and reset
calls with lifecycle and network changes, and after each step compares the Intercom SDK's
user state and the fake workspace's contacts with the model's, under ``swift-1.0.1``.

The model's rules:

- The plugin calls the Intercom SDK only in a process whose first settings update named
  Intercom. That is the case when the launch's settings fetch succeeded, or when an
  earlier fetch left settings in the cache.
- An identify event carries the userId that analytics-swift stored last (by identify or
  alias, until reset). With a userId it logs that user in, unless a different
  identified user is logged in or the userId is empty (Intercom error 2001).
- An identify event without a userId logs in an unidentified user when no user is
  logged in.
- Reset logs out and drops the requests that the SDK has not sent yet.
- The login survives terminate and kill, because the SDK stores it on the device.
- A login's contact reaches the workspace once the app runs online. The SDK sends
  queued requests at launch, when the network returns and with each new call.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from simulator.harness import Harness
from simulator.intercom.mobile_sdk import STATE_SUITE
from simulator.scenario.loader import scenario_from_mapping
from simulator.sdk.analytics import SETTINGS_CHECK_INTERVAL
from simulator.strategies import event_names, traits, user_ids

from .conftest import property_settings

MINIMAL_SCENARIO: dict[str, Any] = {
    "name": "login-state-machine",
    "sdk": {"writeKey": "STATE_MACHINE_WRITE_KEY", "trackApplicationLifecycleEvents": False},
    "settings": {"integrations": {"Intercom": {"appId": "stateapp1", "mobileApiKey": "ios_sdk-state0key0000"}}},
    "steps": ["launch"],
}

# A user_id trait renames the contact's external_id, which the model does not follow.
STATE_TRAITS = traits(exclude=("user_id",), max_extra=3)

USER_IDS = st.one_of(st.sampled_from(["u1", "u2", "ü3 😀", ""]), user_ids())


class IntercomLoginMachine(RuleBasedStateMachine):
    """The phone and a model of its Intercom login and workspace contacts."""

    def __init__(self) -> None:
        super().__init__()
        self.harness: Harness | None = None

        self.running = False
        self.in_foreground = False
        self.online = True
        self.elapsed = 0.0
        self.last_settings_check = 0.0
        self.settings_cached = False
        self.configured = False

        self.segment_user_id: str | None = None
        self.intercom_state = "none"
        self.intercom_user_id: str | None = None
        self.queued_logins: list[str | None] = []
        self.external_ids: set[str] = set()

    @initialize(network=st.sampled_from(["wifi", "cellular", "offline"]))
    def launch_first(self, network: str) -> None:
        mapping = {**MINIMAL_SCENARIO, "device": {"network": network}}
        self.harness = Harness(scenario_from_mapping(mapping))
        self.online = network != "offline"
        self._launch()

    def teardown(self) -> None:
        if self.harness is not None:
            self.harness.close()

    # Segment calls

    @precondition(lambda self: self.running)
    @rule(user_id=st.one_of(st.none(), USER_IDS), with_traits=st.one_of(st.none(), STATE_TRAITS))
    def identify(self, user_id: str | None, with_traits: dict[str, Any] | None) -> None:
        analytics = self.harness.app.analytics
        if with_traits is None:
            analytics.identify(user_id)
        else:
            analytics.identify(user_id, with_traits)

        if user_id is not None:
            self.segment_user_id = user_id
        if self.configured:
            self._login(self.segment_user_id)
        self._send_queue()

    @precondition(lambda self: self.running)
    @rule(new_id=USER_IDS)
    def alias(self, new_id: str) -> None:
        self.harness.app.analytics.alias(new_id)
        self.segment_user_id = new_id
        self._send_queue()

    @precondition(lambda self: self.running)
    @rule(name=event_names())
    def track(self, name: str) -> None:
        self.harness.app.analytics.track(name, {"plan": "pro"})
        self._send_queue()

    @precondition(lambda self: self.running)
    @rule()
    def reset(self) -> None:
        self.harness.app.analytics.reset()
        self.segment_user_id = None
        self.intercom_state = "none"
        self.intercom_user_id = None
        self.queued_logins.clear()

    # Device lifecycle

    @precondition(lambda self: self.running and self.in_foreground)
    @rule()
    def background(self) -> None:
        self.harness.device.background()
        self.in_foreground = False

    @precondition(lambda self: self.running and not self.in_foreground)
    @rule()
    def foreground(self) -> None:
        self.harness.device.foreground()
        self.in_foreground = True
        if self.elapsed - self.last_settings_check >= SETTINGS_CHECK_INTERVAL:
            self.last_settings_check = self.elapsed
            self.settings_cached = self.settings_cached or self.online

    @precondition(lambda self: self.running)
    @rule()
    def terminate(self) -> None:
        self.harness.device.terminate()
        self.running = False

    @precondition(lambda self: self.running)
    @rule()
    def kill(self) -> None:
        self.harness.device.kill()
        self.running = False

    @precondition(lambda self: not self.running)
    @rule()
    def launch(self) -> None:
        self._launch()

    @rule(seconds=st.sampled_from([0.25, 9.0, 10.0, 31.0, 3600.0]))
    def advance(self, seconds: float) -> None:
        self.harness.clock.advance(seconds)
        self.elapsed += seconds

    @rule(network=st.sampled_from(["wifi", "cellular", "offline"]))
    def network(self, network: str) -> None:
        self.harness.device.set_network(network)
        self.online = network != "offline"
        if self.running:
            self._send_queue()

    # Checks

    @invariant()
    def intercom_user_matches_model(self) -> None:
        if self.harness is None:
            return
        if self.running:
            state, user_id = self.harness.app.intercom.user_state, self.harness.app.intercom.user_id
        else:
            stored = self.harness.storage.user_defaults(STATE_SUITE)
            state, user_id = stored.get("user_state", "none"), stored.get("user_id")

        assert state == self.intercom_state
        assert user_id == self.intercom_user_id

    @invariant()
    def workspace_contacts_match_model(self) -> None:
        if self.harness is None:
            return
        contacts = self.harness.workspace.contacts
        external_ids = {contact["external_id"] for contact in contacts if contact["external_id"] is not None}

        assert external_ids == self.external_ids
        for external_id in self.external_ids:
            assert self.harness.workspace.find_contact(external_id=external_id) is not None

    # Model

    def _launch(self) -> None:
        self.harness.launch()
        self.running = True
        self.in_foreground = True
        self.last_settings_check = self.elapsed
        self.settings_cached = self.settings_cached or self.online
        self.configured = self.settings_cached
        self._send_queue()

    def _login(self, user_id: str | None) -> None:
        if user_id is None:
            if self.intercom_state == "none":
                self.intercom_state = "unidentified"
                self.queued_logins.append(None)
            return
        if user_id == "" or self.intercom_state == "identified":
            return
        self.intercom_state = "identified"
        self.intercom_user_id = user_id
        self.queued_logins.append(user_id)

    def _send_queue(self) -> None:
        if self.running and self.configured and self.online:
            self.external_ids.update(user_id for user_id in self.queued_logins if user_id is not None)
            self.queued_logins.clear()


IntercomLoginMachine.TestCase.settings = property_settings(scale=3)
TestIntercomLogin = IntercomLoginMachine.TestCase
