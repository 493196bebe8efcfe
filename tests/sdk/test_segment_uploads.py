"""SegmentDestination: batching, flush triggers, request shape and retry of pending batches."""

from __future__ import annotations

import re

import pytest

WRITE_KEY = "UPLOAD_WRITE_KEY"
ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def sdk(**options):
    return {"writeKey": WRITE_KEY, "trackApplicationLifecycleEvents": False, **options}


def tracks(*names):
    return [{"track": {"event": name}} for name in names]


def segment_requests(step_record):
    return [request for request in step_record.requests if request.service == "segment"]


def uploaded_names(result):
    return [[event.get("event") for event in batch["batch"]] for batch in result.ingest.batches]


def test_flush_at_count(run_steps):
    """flushAt 3 posts one batch when the third event is stored, not before."""
    result = run_steps(["launch", *tracks("A", "B", "C")], sdk=sdk(flushAt=3))

    assert [len(segment_requests(step)) for step in result.trace.steps[2:]] == [0, 0, 1]
    assert uploaded_names(result) == [["A", "B", "C"]]


def test_flush_at_repeats(run_steps):
    """Every further flushAt events make another batch."""
    result = run_steps(["launch", *tracks("A", "B", "C", "D", "E")], sdk=sdk(flushAt=2))

    assert uploaded_names(result) == [["A", "B"], ["C", "D"]]
    assert result.summary["pending"] == 1


def test_batch_request_shape(run_steps):
    """A batch is a POST to api.segment.io/v1/b with batch, sentAt and writeKey, JSON headers and no Authorization."""
    result = run_steps(["launch", *tracks("A"), {"advance": "2s"}, "flush"], sdk=sdk())
    [request] = segment_requests(result.trace.steps[-1])

    assert request.method == "POST"
    assert request.url == "https://api.segment.io/v1/b"
    assert set(request.json) == {"batch", "sentAt", "writeKey"}
    assert request.json["writeKey"] == WRITE_KEY
    assert ISO_MILLIS.match(request.json["sentAt"])
    assert request.json["sentAt"] == "2026-01-15T09:00:02.000Z"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["User-Agent"] == "analytics-ios/1.9.4"
    assert "authorization" not in {name.lower() for name in request.headers}


def test_batch_events_match_trace(run_steps):
    """The uploaded events are the events destinations saw, with the same messageIds."""
    result = run_steps(["launch", *tracks("A", "B"), "flush"], sdk=sdk())

    assert [event["messageId"] for event in result.ingest.events] == [event["messageId"] for event in result.trace.all_events()]


def test_batch_number_encoding(run_steps):
    """The uploaded JSON writes an integral double as an integer and NaN as 0."""
    steps = ["launch", {"track": {"event": "A", "properties": {"n": 5.0, "bad": float("nan")}}}, "flush"]

    result = run_steps(steps, sdk=sdk())
    [request] = segment_requests(result.trace.steps[-1])
    properties = request.json["batch"][0]["properties"]

    assert properties == {"n": 5, "bad": 0}
    assert type(properties["n"]) is int
    assert type(properties["bad"]) is int


def test_flush_interval_timer(run_steps):
    """The flushInterval timer flushes on the virtual clock, and not before it is due."""
    result = run_steps(["launch", *tracks("A"), {"advance": "29s"}, {"advance": "1s"}], sdk=sdk(flushInterval=30))

    assert segment_requests(result.trace.steps[-2]) == []
    assert len(segment_requests(result.trace.steps[-1])) == 1


def test_flush_interval_repeats(run_steps):
    """The flushInterval timer keeps firing."""
    steps = ["launch", *tracks("A"), {"advance": "10s"}, *tracks("B"), {"advance": "10s"}]

    result = run_steps(steps, sdk=sdk(flushInterval=10))

    assert uploaded_names(result) == [["A"], ["B"]]


def test_background_flushes(run_steps):
    """Going to the background flushes stored events."""
    result = run_steps(["launch", *tracks("A"), "background"], sdk=sdk())

    assert len(segment_requests(result.trace.steps[-1])) == 1
    assert uploaded_names(result) == [["A"]]


def test_success_deletes_batch(run_steps):
    """A 2xx response deletes the batch, so a second flush sends nothing more."""
    result = run_steps(["launch", *tracks("A"), "flush", "flush"], sdk=sdk())

    assert len(segment_requests(result.trace.steps[-2])) == 1
    assert segment_requests(result.trace.steps[-1]) == []
    assert result.summary["delivered"] == 1
    assert result.summary["pending"] == 0


def test_offline_keeps_batch(run_steps):
    """An offline flush keeps the batch and the next online flush sends it."""
    result = run_steps(["launch", {"network": "offline"}, *tracks("A"), "flush", {"network": "wifi"}, "flush"], sdk=sdk())

    [offline] = segment_requests(result.trace.steps[4])
    assert offline.status is None
    assert uploaded_names(result) == [["A"]]


def test_offline_summary_pending(run_steps):
    """Events whose batch could not be sent count as pending, not dropped."""
    result = run_steps(["launch", {"network": "offline"}, *tracks("A", "B"), "flush"], sdk=sdk())

    assert result.summary["pending"] == 2
    assert result.summary["dropped"] == 0
    assert result.ingest.batches == []


def test_pending_survive_terminate(run_steps):
    """Batches left by an offline process go out after the next launch's flush."""
    steps = [
        "launch", {"network": "offline"}, *tracks("A"), "terminate",
        {"network": "wifi"}, "launch", *tracks("B"), "flush",
    ]

    result = run_steps(steps, sdk=sdk())

    delivered = sorted(name for batch in uploaded_names(result) for name in batch)
    assert delivered == ["A", "B"]
    assert result.summary["pending"] == 0


def test_unflushed_survive_kill(run_steps):
    """Events stored but never flushed before a kill go out after the next launch's flush."""
    result = run_steps(["launch", *tracks("A"), "kill", "launch", "flush"], sdk=sdk())

    assert uploaded_names(result) == [["A"]]


def test_pending_survive_identify(run_steps):
    """A pending batch survives an identify in the same process and a relaunch."""
    steps = [
        {"network": "offline"}, "launch", *tracks("A"), "flush", {"identify": {"userId": "u1"}}, "kill",
        {"network": "wifi"}, "launch", *tracks("B"), "flush", "flush",
    ]

    result = run_steps(steps, sdk=sdk())

    delivered = sorted(event.get("event") or event["type"] for event in result.ingest.events)
    assert delivered == ["A", "B", "identify"]
    assert result.summary["dropped"] == 0


def test_disabled_segment_not_uploaded(run_steps):
    """{"Segment.io": false} in an event's integrations does not stop the upload."""
    steps = ["launch", {"track": {"event": "A", "integrations": {"Segment.io": False}}}, "flush"]

    result = run_steps(steps, sdk=sdk())

    assert uploaded_names(result) == [["A"]]


def test_intercom_false_skips_intercom(run_steps):
    """{"Intercom": false} skips the Intercom destination and still uploads to Segment."""
    steps = ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A", "integrations": {"Intercom": False}}}, "flush"]

    result = run_steps(steps, sdk=sdk())

    assert result.trace.steps[3].sdk_calls == []
    assert uploaded_names(result) == [[None, "A"]]


def test_all_false_ignored(run_steps):
    """{"All": false} is not consulted on the device: Intercom and Segment still get the event."""
    steps = ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A", "integrations": {"All": False}}}, "flush"]

    result = run_steps(steps, sdk=sdk())

    assert [call.method for call in result.trace.steps[3].sdk_calls] == ["logEvent"]
    assert uploaded_names(result) == [[None, "A"]]


def test_destination_needs_settings_key(run_steps):
    """Without Intercom in the fetched settings the Intercom destination gets no events."""
    steps = ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}]

    result = run_steps(steps, sdk=sdk(), settings={"integrations": {}})

    assert result.trace.all_sdk_calls() == []
    assert len(result.trace.all_events()) == 2
