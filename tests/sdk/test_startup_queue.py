"""StartupQueue: events before the first settings fetch are held and replayed."""

from __future__ import annotations

from simulator.sdk.plugins import PluginType
from simulator.sdk.startup_queue import MAX_QUEUED_EVENTS

from .conftest import Recorder


def test_events_held_until_start(phone):
    """Events made before the first settings fetch reach no plugin after the queue."""
    analytics = phone.analytics()
    recorder = analytics.add(Recorder(PluginType.ENRICHMENT))

    analytics.track("Early")

    assert recorder.events == []
    assert len(analytics.startup_queue.queue) == 1


def test_replay_keeps_order_and_ids(phone):
    """Held events are replayed in order with their original messageId and timestamp."""
    analytics = phone.analytics()
    recorder = analytics.add(Recorder(PluginType.AFTER))
    analytics.track("First")
    phone.clock.advance(1.5)
    analytics.track("Second")
    queued = [dict(event) for event in analytics.startup_queue.queue]

    phone.clock.advance(60)
    analytics.start()

    assert [event["event"] for event in recorder.events] == ["First", "Second"]
    assert [event["messageId"] for event in recorder.events] == [event["messageId"] for event in queued]
    assert [event["timestamp"] for event in recorder.events] == ["2026-01-15T09:00:00.000Z", "2026-01-15T09:00:01.500Z"]


def test_queue_limit_drops_oldest(phone):
    """The queue keeps at most 1000 events and drops the oldest first."""
    analytics = phone.analytics()
    recorder = analytics.add(Recorder(PluginType.AFTER))
    for number in range(MAX_QUEUED_EVENTS + 2):
        analytics.track(f"e{number}")

    analytics.start()

    assert MAX_QUEUED_EVENTS == 1000
    assert len(recorder.events) == 1000
    assert recorder.events[0]["event"] == "e2"
    assert recorder.events[-1]["event"] == "e1001"


def test_running_sdk_skips_queue(phone):
    """Once the SDK runs, events go straight through."""
    analytics = phone.analytics()
    recorder = analytics.add(Recorder(PluginType.AFTER))
    analytics.start()

    analytics.track("Live")

    assert [event["event"] for event in recorder.events] == ["Live"]
    assert len(analytics.startup_queue.queue) == 0


def test_launch_events_wait_for_settings(run_steps):
    """Launch-time lifecycle events reach destinations only after the settings fetch and the initial update."""
    result = run_steps(["launch"], sdk={"writeKey": "QUEUE_KEY", "trackApplicationLifecycleEvents": True})
    timeline = result.trace.steps[1].timeline

    fetch = next(i for i, (kind, entry) in enumerate(timeline) if kind == "request" and entry.service == "settings")
    configure = next(i for i, (kind, entry) in enumerate(timeline) if kind == "sdk_call" and entry.method == "setApiKey")
    first_event = next(i for i, (kind, _) in enumerate(timeline) if kind == "event")

    assert fetch < configure < first_event
