"""Context plugin: the device, app and network facts added to every event."""

from __future__ import annotations

import re

import pytest

UPPER_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
)


def tracked_context(run_steps, **sections):
    result = run_steps(["launch", {"track": {"event": "A"}}], **sections)
    return result.trace.steps[-1].events[0]["context"]


def test_context_keys(run_steps):
    """context has app, device, os, screen, network, locale, timezone, library, userAgent and instanceId."""
    context = tracked_context(run_steps)

    assert set(context) == {
        "app", "device", "os", "screen", "network", "locale", "timezone", "library", "userAgent", "instanceId",
    }


def test_context_app(run_steps):
    """context.app has the app's name, version, build and namespace."""
    device = {"app": {"name": "Shop", "version": "2.3", "build": "45", "namespace": "com.example.shop"}}

    context = tracked_context(run_steps, device=device)

    assert context["app"] == {"name": "Shop", "version": "2.3", "build": "45", "namespace": "com.example.shop"}


def test_context_device(run_steps):
    """context.device is an Apple ios device with model, name and an upper-case UUID id."""
    context = tracked_context(run_steps, device={"model": "iPhone16,1", "name": "iPhone"})
    device = context["device"]

    assert set(device) == {"manufacturer", "type", "model", "name", "id"}
    assert device["manufacturer"] == "Apple"
    assert device["type"] == "ios"
    assert device["model"] == "iPhone16,1"
    assert device["name"] == "iPhone"
    assert UPPER_UUID.match(device["id"])


def test_context_os_locale_timezone(run_steps):
    """context.os, locale and timezone come from the device."""
    device = {"os": {"name": "iOS", "version": "17.4"}, "locale": "de-DE", "timezone": "Europe/Berlin"}

    context = tracked_context(run_steps, device=device)

    assert context["os"] == {"name": "iOS", "version": "17.4"}
    assert context["locale"] == "de-DE"
    assert context["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("width", "height", "text"),
    [
        pytest.param(393.0, 852.0, "393x852", id="integral floats"),
        pytest.param(393, 852, "393x852", id="integers"),
        pytest.param(390.5, 844, "390.5x844", id="fraction kept"),
    ],
)
def test_context_screen(run_steps, width, height, text):
    """context.screen writes integral sizes without .0."""
    context = tracked_context(run_steps, device={"screen": {"width": width, "height": height}})
    screen = context["screen"]

    assert f"{screen['width']!r}x{screen['height']!r}" == text


@pytest.mark.parametrize(
    ("network", "cellular", "wifi"),
    [("wifi", False, True), ("cellular", True, False), ("offline", False, False)],
)
def test_context_network(run_steps, network, cellular, wifi):
    """context.network reports bluetooth false and the current connection; offline is all false."""
    context = tracked_context(run_steps, device={"network": network})

    assert context["network"] == {"bluetooth": False, "cellular": cellular, "wifi": wifi}


def test_network_follows_changes(run_steps):
    """context.network reflects the connection at the time of the event."""
    result = run_steps(["launch", {"network": "cellular"}, {"track": {"event": "A"}}])

    assert result.trace.steps[-1].events[0]["context"]["network"] == {"bluetooth": False, "cellular": True, "wifi": False}


def test_context_library(run_steps):
    """context.library names analytics-swift 1.9.4."""
    assert tracked_context(run_steps)["library"] == {"name": "analytics-swift", "version": "1.9.4"}


def test_context_user_agent(run_steps):
    """context.userAgent is the WebKit user agent of an iPhone on iOS 17.4."""
    assert tracked_context(run_steps)["userAgent"] == USER_AGENT


def test_instance_id_per_instance(run_steps):
    """instanceId is a UUID shared by one Analytics instance and new in the next process."""
    result = run_steps([
        "launch", {"track": {"event": "A"}}, {"track": {"event": "B"}}, "terminate", "launch", {"track": {"event": "C"}},
    ])
    ids = {event["event"]: event["context"]["instanceId"] for event in result.trace.all_events() if event["type"] == "track"}

    assert UPPER_UUID.match(ids["A"])
    assert ids["A"] == ids["B"]
    assert ids["C"] != ids["A"]


def test_device_id_stable_across_launches(run_steps):
    """context.device.id stays the same across app launches."""
    result = run_steps(["launch", {"track": {"event": "A"}}, "kill", "launch", {"track": {"event": "B"}}])
    ids = {event["context"]["device"]["id"] for event in result.trace.all_events()}

    assert len(ids) == 1
