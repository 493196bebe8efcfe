"""Settings updates: initial once per plugin, refresh on later fetches, 10 s debounce."""

from __future__ import annotations

from simulator.sdk.plugins import PluginType

from .conftest import Recorder


def test_first_fetch_is_initial(phone):
    """The first settings fetch gives every plugin one initial update."""
    analytics = phone.analytics()
    recorder = analytics.add(Recorder(PluginType.AFTER))

    analytics.start()

    assert recorder.updates == ["initial"]
    assert phone.settings_fetches() == 1


def test_later_fetch_is_refresh(phone):
    """A fetch after the first gives refresh, never a second initial."""
    analytics = phone.analytics()
    recorder = analytics.add(Recorder(PluginType.AFTER))
    analytics.start()

    for _ in range(2):
        phone.clock.advance(60)
        analytics.check_settings_if_needed()

    assert recorder.updates == ["initial", "refresh", "refresh"]


def test_late_plugin_gets_initial(phone):
    """A plugin added while the SDK runs gets its initial update at once, then refresh."""
    analytics = phone.analytics()
    analytics.start()

    recorder = analytics.add(Recorder(PluginType.AFTER))
    assert recorder.updates == ["initial"]

    phone.clock.advance(60)
    analytics.check_settings_if_needed()
    assert recorder.updates == ["initial", "refresh"]


def test_refetch_debounced_under_10s(phone):
    """A return from the background less than 10 s after the last check fetches nothing."""
    analytics = phone.analytics()
    recorder = analytics.add(Recorder(PluginType.AFTER))
    analytics.start()

    phone.clock.advance(9.999)
    analytics.check_settings_if_needed()

    assert phone.settings_fetches() == 1
    assert recorder.updates == ["initial"]


def test_refetch_after_10s(phone):
    """A return from the background 10 s or more after the last check fetches settings again."""
    analytics = phone.analytics()
    analytics.start()

    phone.clock.advance(10)
    analytics.check_settings_if_needed()

    assert phone.settings_fetches() == 2


def test_debounce_counts_from_last_check(phone):
    """The 10 s window counts from the last fetch, not from launch."""
    analytics = phone.analytics()
    analytics.start()
    phone.clock.advance(15)
    analytics.check_settings_if_needed()

    phone.clock.advance(5)
    analytics.check_settings_if_needed()

    assert phone.settings_fetches() == 2


def test_foreground_refetch_in_scenario(run_steps):
    """Returning from the background refetches settings only when 10 s have passed."""
    result = run_steps(["launch", "background", {"advance": "5s"}, "foreground", "background", {"advance": "30s"}, "foreground"])

    fetches = [len([r for r in step.requests if r.service == "settings"]) for step in result.trace.steps[1:]]
    assert fetches == [1, 0, 0, 0, 0, 0, 1]


def test_intercom_api_key_set_once(run_steps):
    """The Intercom destination configures its SDK on the initial update only, not on refresh."""
    result = run_steps(["launch", "background", {"advance": "30s"}, "foreground"])

    methods = [call.method for call in result.trace.all_sdk_calls()]
    assert methods.count("setApiKey") == 1
