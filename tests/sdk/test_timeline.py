"""Timeline: stage order, dropping, per-destination copies and the destination gate."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from simulator.sdk.plugins import DestinationPlugin, Plugin, PluginType, UtilityPlugin
from simulator.sdk.timeline import Timeline


class Stage(Plugin):
    """A plugin of a given type that appends its name to a shared log when it runs."""

    def __init__(self, kind: PluginType, name: str, log: list[str]) -> None:
        super().__init__()
        self.type = kind
        self.name = name
        self.log = log

    def execute(self, event: dict[str, Any]) -> dict[str, Any]:
        self.log.append(self.name)
        return event


class Dropper(Plugin):
    """A plugin that drops every event."""

    def __init__(self, kind: PluginType) -> None:
        super().__init__()
        self.type = kind

    def execute(self, event: dict[str, Any]) -> None:
        return None


class Destination(DestinationPlugin):
    """A destination that records each event it gets, then writes a marker into it."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.received: list[dict[str, Any]] = []

    def track(self, event: dict[str, Any]) -> dict[str, Any]:
        self.received.append({**event, "properties": dict(event.get("properties", {}))})
        event["properties"]["touched_by"] = self.key
        event["mutated"] = True
        return event


class Capture(Plugin):
    """An after plugin that keeps the events it gets."""

    type = PluginType.AFTER

    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, Any]] = []

    def execute(self, event: dict[str, Any]) -> dict[str, Any]:
        self.events.append(event)
        return event


def fake_analytics(integrations: dict[str, Any]) -> SimpleNamespace:
    """Return the part of ``Analytics`` that destinations read: its current settings and no trace."""
    return SimpleNamespace(settings={"integrations": integrations}, trace=None)


def track_event(integrations: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "track", "event": "A", "properties": {"x": 1}, "integrations": integrations or {}}


def test_stage_order():
    """Plugins run before, enrichment, destination, after, whatever order they were added in."""
    log: list[str] = []
    timeline = Timeline()
    analytics = fake_analytics({"D": {}})
    timeline.add(Stage(PluginType.AFTER, "after", log), analytics)
    destination = Destination("D")
    destination.add(Stage(PluginType.BEFORE, "destination", log))
    timeline.add(destination, analytics)
    timeline.add(Stage(PluginType.ENRICHMENT, "enrichment", log), analytics)
    timeline.add(Stage(PluginType.BEFORE, "before", log), analytics)

    timeline.process(track_event())

    assert log == ["before", "enrichment", "destination", "after"]


def test_same_type_insertion_order():
    """Plugins of one type run in the order they were added."""
    log: list[str] = []
    timeline = Timeline()
    for name in ("first", "second", "third"):
        timeline.add(Stage(PluginType.ENRICHMENT, name, log), None)

    timeline.process(track_event())

    assert log == ["first", "second", "third"]


def test_utility_never_runs():
    """Utility plugins are never run on events."""
    log: list[str] = []
    timeline = Timeline()
    timeline.add(Stage(PluginType.UTILITY, "utility", log), None)

    class Monitor(UtilityPlugin):
        def track(self, event: dict[str, Any]) -> dict[str, Any]:
            log.append("monitor")
            return event

    timeline.add(Monitor(), None)

    timeline.process(track_event())

    assert log == []


@pytest.mark.parametrize("kind", [PluginType.BEFORE, PluginType.ENRICHMENT])
def test_drop_reaches_nobody(kind):
    """A before or enrichment plugin returning None stops the event for later plugins, destinations and after plugins."""
    log: list[str] = []
    timeline = Timeline()
    analytics = fake_analytics({"D": {}})
    timeline.add(Dropper(kind), analytics)
    timeline.add(Stage(PluginType.ENRICHMENT, "later enrichment", log), analytics)
    destination = Destination("D")
    timeline.add(destination, analytics)
    after = Capture()
    timeline.add(after, analytics)
    seen: list[dict[str, Any]] = []

    result = timeline.process(track_event(), on_enriched=seen.append)

    assert result is None
    assert log == []
    assert destination.received == []
    assert after.events == []
    assert seen == []


def test_destinations_get_own_copy():
    """A destination that changes its event does not change what the next destination gets."""
    timeline = Timeline()
    analytics = fake_analytics({"First": {}, "Second": {}})
    first = Destination("First")
    second = Destination("Second")
    timeline.add(first, analytics)
    timeline.add(second, analytics)

    timeline.process(track_event())

    assert second.received[0]["properties"] == {"x": 1}
    assert "mutated" not in second.received[0]


def test_after_gets_enriched_event():
    """After plugins get the enriched event, not a destination's changed copy."""
    timeline = Timeline()
    analytics = fake_analytics({"D": {}})

    class Enricher(Plugin):
        type = PluginType.ENRICHMENT

        def execute(self, event: dict[str, Any]) -> dict[str, Any]:
            event["enriched"] = True
            return event

    timeline.add(Enricher(), analytics)
    timeline.add(Destination("D"), analytics)
    after = Capture()
    timeline.add(after, analytics)

    timeline.process(track_event())

    assert after.events[0]["enriched"] is True
    assert "mutated" not in after.events[0]
    assert after.events[0]["properties"] == {"x": 1}


@pytest.mark.parametrize(
    ("settings_integrations", "event_integrations", "enabled"),
    [
        pytest.param({"Intercom": {}}, {}, True, id="key in settings"),
        pytest.param({}, {}, False, id="key missing from settings"),
        pytest.param({"Intercom": {}}, {"Intercom": False}, False, id="event sets key false"),
        pytest.param({"Intercom": {}}, {"Intercom": True}, True, id="event sets key true"),
        pytest.param({"Intercom": {}}, {"Intercom": {"user_hash": "h"}}, True, id="event gives a dict"),
        pytest.param({"Intercom": {}}, {"Other": False}, True, id="another key false"),
        pytest.param({"Intercom": {}}, {"All": False}, True, id="All false ignored"),
        pytest.param({"Intercom": True}, {}, True, id="settings value true"),
    ],
)
def test_destination_gate(settings_integrations, event_integrations, enabled):
    """A destination gets an event when settings have its key and the event does not set that key to false."""
    timeline = Timeline()
    destination = Destination("Intercom")
    timeline.add(destination, fake_analytics(settings_integrations))

    timeline.process(track_event(event_integrations))

    assert (len(destination.received) == 1) is enabled


@pytest.mark.parametrize(
    ("event_integrations", "enabled"),
    [
        pytest.param({"Segment.io": False}, True, id="dotted key is a key path"),
        pytest.param({"Segment": {"io": False}}, False, id="nested path false"),
    ],
)
def test_dotted_key_is_key_path(event_integrations, enabled):
    """A key with a dot is looked up as a key path, so {"Segment.io": false} does not disable Segment.io."""
    timeline = Timeline()
    destination = Destination("Segment.io")
    timeline.add(destination, fake_analytics({"Segment.io": {}}))

    timeline.process(track_event(event_integrations))

    assert (len(destination.received) == 1) is enabled


def test_disabled_destination_skips_only_itself():
    """{"Intercom": false} skips Intercom and leaves every other destination its event."""
    timeline = Timeline()
    analytics = fake_analytics({"Intercom": {}, "Other": {}})
    intercom = Destination("Intercom")
    other = Destination("Other")
    timeline.add(intercom, analytics)
    timeline.add(other, analytics)

    timeline.process(track_event({"Intercom": False}))

    assert intercom.received == []
    assert len(other.received) == 1
