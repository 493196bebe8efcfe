"""Event JSON: field names, ids, timestamps and number encoding of each event type."""

from __future__ import annotations

import json
import math
import re

import pytest

UPPER_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
COMMON_KEYS = {"type", "anonymousId", "messageId", "timestamp", "context", "integrations", "_metadata"}


def only_event(result):
    """Return the one event the last step made."""
    events = result.trace.steps[-1].events
    assert len(events) == 1
    return events[0]


@pytest.mark.parametrize(
    ("step", "extra_keys"),
    [
        pytest.param({"track": {"event": "A", "properties": {"p": 1}}}, {"event", "properties"}, id="track"),
        pytest.param({"track": {"event": "A"}}, {"event"}, id="track without properties"),
        pytest.param({"identify": {"traits": {"t": 1}}}, {"traits"}, id="identify"),
        pytest.param({"identify": {}}, set(), id="identify without traits"),
        pytest.param({"screen": {"name": "Home", "category": "c", "properties": {"p": 1}}}, {"name", "category", "properties"}, id="screen"),
        pytest.param({"screen": {"name": "Home", "properties": {"p": 1}}}, {"name", "properties"}, id="screen without category"),
        pytest.param({"group": {"groupId": "g1", "traits": {"t": 1}}}, {"groupId", "traits"}, id="group"),
        pytest.param({"alias": {"newId": "u2"}}, {"userId"}, id="alias from anonymous"),
    ],
)
def test_anonymous_event_keys(run_steps, step, extra_keys):
    """An anonymous user's event has exactly the common keys, the type's own keys and no userId."""
    event = only_event(run_steps(["launch", step]))

    assert set(event) == COMMON_KEYS | extra_keys


@pytest.mark.parametrize(
    ("step", "extra_keys"),
    [
        pytest.param({"track": {"event": "A"}}, {"event"}, id="track"),
        pytest.param({"identify": {"traits": {"t": 1}}}, {"traits"}, id="identify"),
        pytest.param({"screen": {"name": "Home"}}, {"name"}, id="screen"),
        pytest.param({"alias": {"newId": "u2"}}, {"previousId"}, id="alias"),
    ],
)
def test_identified_event_keys(run_steps, step, extra_keys):
    """An identified user's event also has userId."""
    event = only_event(run_steps(["launch", {"identify": {"userId": "u1"}}, step]))

    assert set(event) == COMMON_KEYS | {"userId"} | extra_keys


def test_event_defaults(run_steps):
    """Each event starts with empty integrations and empty _metadata lists."""
    event = only_event(run_steps(["launch", {"track": {"event": "A"}}]))

    assert event["type"] == "track"
    assert event["event"] == "A"
    assert event["integrations"] == {}
    assert event["_metadata"] == {"bundled": [], "unbundled": [], "bundledIds": []}


def test_ids_are_uppercase_uuids(run_steps):
    """messageId and anonymousId are 36-character upper-case UUIDs, and messageIds are unique."""
    result = run_steps(["launch", {"track": {"event": "A"}}, {"track": {"event": "B"}}])
    events = result.trace.all_events()

    for event in events:
        assert UPPER_UUID.match(event["messageId"]), event["messageId"]
        assert UPPER_UUID.match(event["anonymousId"]), event["anonymousId"]
    assert len({event["messageId"] for event in events}) == len(events)


def test_timestamp_format(run_steps):
    """timestamp is ISO 8601 UTC with exactly three millisecond digits and Z."""
    result = run_steps(["launch", {"advance": "1.2345s"}, {"track": {"event": "A"}}], start="2026-03-01T10:00:00+02:00")
    event = only_event(result)

    assert ISO_MILLIS.match(event["timestamp"])
    assert event["timestamp"] == "2026-03-01T08:00:01.234Z"


def test_track_fields(run_steps):
    """track carries event and properties."""
    event = only_event(run_steps(["launch", {"track": {"event": "Order Completed", "properties": {"sku": "a"}}}]))

    assert event["event"] == "Order Completed"
    assert event["properties"] == {"sku": "a"}


def test_screen_fields(run_steps):
    """screen carries name, category and properties."""
    event = only_event(run_steps(["launch", {"screen": {"name": "Home", "category": "c", "properties": {"p": 1}}}]))

    assert event["type"] == "screen"
    assert event["name"] == "Home"
    assert event["category"] == "c"
    assert event["properties"] == {"p": 1}


def test_group_fields(run_steps):
    """group carries groupId and traits."""
    event = only_event(run_steps(["launch", {"group": {"groupId": "g1", "traits": {"plan": "pro"}}}]))

    assert event["groupId"] == "g1"
    assert event["traits"] == {"plan": "pro"}


def test_alias_previous_id(run_steps):
    """alias sends the new id as userId and the previous userId as previousId."""
    event = only_event(run_steps(["launch", {"identify": {"userId": "u1"}}, {"alias": {"newId": "u2"}}]))

    assert event["userId"] == "u2"
    assert event["previousId"] == "u1"


def test_alias_anonymous_previous_id(run_steps):
    """alias from an anonymous user leaves out previousId."""
    event = only_event(run_steps(["launch", {"alias": {"newId": "u2"}}]))

    assert event["userId"] == "u2"
    assert "previousId" not in event


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        pytest.param(5.0, "5", id="integral double"),
        pytest.param(-3.0, "-3", id="negative integral double"),
        pytest.param(2.5, "2.5", id="fraction"),
        pytest.param(7, "7", id="integer"),
        pytest.param(math.nan, "0", id="nan"),
        pytest.param(math.inf, "0", id="infinity"),
        pytest.param(-math.inf, "0", id="negative infinity"),
    ],
)
def test_number_encoding(run_steps, value, encoded):
    """Integral doubles are sent without .0, and NaN and infinities become 0."""
    event = only_event(run_steps(["launch", {"track": {"event": "A", "properties": {"n": value}}}]))

    assert json.dumps(event["properties"]["n"]) == encoded


def test_nested_number_encoding(run_steps):
    """Numbers inside lists and nested mappings follow the same rules."""
    properties = {"items": [1.0, {"price": 2.0, "bad": math.nan}], "traits": {"age": 30.0}}
    event = only_event(run_steps(["launch", {"track": {"event": "A", "properties": properties}}]))

    assert json.dumps(event["properties"], sort_keys=True) == '{"items": [1, {"bad": 0, "price": 2}], "traits": {"age": 30}}'


def test_large_integral_double(run_steps):
    """An integral double beyond 2**53 is still sent as an integer literal, as Decimal prints it."""
    event = only_event(run_steps(["launch", {"track": {"event": "A", "properties": {"n": 2.0**60}}}]))
    text = json.dumps(event["properties"]["n"])

    assert re.fullmatch(r"\d+", text), text
    assert float(text) == 2.0**60


def test_identify_traits_numbers(run_steps):
    """Trait values follow the same number rules as properties."""
    event = only_event(run_steps(["launch", {"identify": {"userId": "u1", "traits": {"age": 41.0}}}]))

    assert json.dumps(event["traits"]) == '{"age": 41}'
