"""User state: userId, traits and anonymousId, their persistence and reset()."""

from __future__ import annotations

import pytest

from simulator.sdk.plugins import PluginType

from .conftest import Recorder


def test_identify_replaces_traits(phone):
    """identify(userId, traits) sets the userId and replaces the stored traits."""
    analytics = phone.analytics()
    analytics.start()

    analytics.identify("u1", {"a": 1, "b": 2})
    analytics.identify("u1", {"c": 3})

    assert analytics.user.user_id == "u1"
    assert analytics.user.traits == {"c": 3}


def test_identify_user_id_keeps_traits(phone):
    """identify(userId:) alone changes the userId and keeps the stored traits."""
    analytics = phone.analytics()
    analytics.start()
    analytics.identify("u1", {"plan": "pro"})

    analytics.identify("u2")

    assert analytics.user.user_id == "u2"
    assert analytics.user.traits == {"plan": "pro"}


def test_scenario_identify_without_traits(run_steps):
    """A scenario identify with no traits key sends no traits, so Intercom gets no updateUser call."""
    steps = ["launch", {"identify": {"userId": "u1", "traits": {"plan": "pro"}}}, {"identify": {"userId": "u2"}}]

    result = run_steps(steps)
    event = result.trace.steps[-1].events[0]

    assert event["userId"] == "u2"
    assert "traits" not in event
    assert "updateUser" not in [call.method for call in result.trace.steps[-1].sdk_calls]


def test_identify_traits_keeps_user_id(phone):
    """identify(traits:) replaces the traits and keeps the userId."""
    analytics = phone.analytics()
    analytics.start()
    analytics.identify("u1", {"plan": "pro"})

    analytics.identify(traits={"plan": "team"})

    assert analytics.user.user_id == "u1"
    assert analytics.user.traits == {"plan": "team"}


def test_alias_sets_user_id(phone):
    """alias makes the new id the stored userId."""
    analytics = phone.analytics()
    analytics.start()

    analytics.alias("u2")

    assert analytics.user.user_id == "u2"


def test_state_survives_relaunch(phone):
    """anonymousId, userId and traits are read back by the next process."""
    first = phone.analytics()
    first.start()
    first.identify("u1", {"plan": "pro"})
    first.shutdown()

    second = phone.analytics()

    assert second.user.anonymous_id == first.user.anonymous_id
    assert second.user.user_id == "u1"
    assert second.user.traits == {"plan": "pro"}


def test_scenario_state_survives_kill(run_steps):
    """After kill and launch, events carry the same anonymousId and userId."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, "kill", "launch", {"track": {"event": "A"}}])
    identify = result.trace.steps[2].events[0]
    track = result.trace.steps[-1].events[0]

    assert track["userId"] == "u1"
    assert track["anonymousId"] == identify["anonymousId"]


def test_scenario_state_survives_terminate(run_steps):
    """After terminate and launch, events carry the same anonymousId and userId."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, "terminate", "launch", {"track": {"event": "A"}}])
    identify = result.trace.steps[2].events[0]
    track = result.trace.steps[-1].events[0]

    assert track["userId"] == "u1"
    assert track["anonymousId"] == identify["anonymousId"]


def test_reset_clears_state(phone):
    """reset() makes a new anonymousId, clears the userId and empties the traits."""
    analytics = phone.analytics()
    analytics.start()
    analytics.identify("u1", {"plan": "pro"})
    old_anonymous_id = analytics.user.anonymous_id

    analytics.reset()

    assert analytics.user.anonymous_id != old_anonymous_id
    assert analytics.user.user_id is None
    assert analytics.user.traits == {}


def test_reset_persists(phone):
    """The cleared state is what the next process reads."""
    first = phone.analytics()
    first.start()
    first.identify("u1", {"plan": "pro"})
    first.reset()

    second = phone.analytics()

    assert second.user.anonymous_id == first.user.anonymous_id
    assert second.user.user_id is None
    assert second.user.traits == {}


def test_state_survives_flush(phone):
    """A Segment flush after identify does not undo the stored userId and traits."""
    first = phone.analytics()
    first.start()
    first.identify("u1", {"plan": "pro"})
    first.flush()

    second = phone.analytics()

    assert second.user.user_id == "u1"
    assert second.user.traits == {"plan": "pro"}


def test_reset_survives_flush(run_steps):
    """After reset, a flush and a relaunch, events keep the new anonymousId."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, "reset", {"track": {"event": "A"}}, "flush", "kill", "launch", {"track": {"event": "B"}}])
    identify = result.trace.steps[2].events[0]
    after_reset = result.trace.steps[4].events[0]
    relaunched = result.trace.steps[-1].events[0]

    assert after_reset["anonymousId"] != identify["anonymousId"]
    assert relaunched["anonymousId"] == after_reset["anonymousId"]


def test_reset_calls_every_plugin(phone):
    """reset() calls reset() on plugins of every type, including a destination's own plugins."""
    analytics = phone.analytics()
    plugins = [analytics.add(Recorder(kind)) for kind in (PluginType.BEFORE, PluginType.ENRICHMENT, PluginType.AFTER, PluginType.UTILITY)]
    nested = analytics.segment.add(Recorder(PluginType.ENRICHMENT))
    analytics.start()

    analytics.reset()

    assert [plugin.resets for plugin in plugins] == [1, 1, 1, 1]
    assert nested.resets == 1


def test_reset_sends_nothing(run_steps):
    """reset() emits no event and does not flush."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, "reset"])
    reset = result.trace.steps[-1]

    assert reset.events == []
    assert [request for request in reset.requests if request.service == "segment"] == []
    assert result.summary["pending"] == 2


def test_reset_logs_out_intercom(run_steps):
    """reset() makes the Intercom destination call logout."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, "reset"])

    assert [call.method for call in result.trace.steps[-1].sdk_calls] == ["logout"]


def test_events_after_reset(run_steps):
    """Events after reset() have no userId and the new anonymousId."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, "reset", {"track": {"event": "A"}}])
    before = result.trace.steps[2].events[0]
    after = result.trace.steps[-1].events[0]

    assert "userId" not in after
    assert after["anonymousId"] != before["anonymousId"]
