"""Matchers of the mapping rules: each kind, references and compile errors."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.contracts.matchers import MatcherError, compile_matcher
from simulator.contracts.paths import MISSING

EVENT = {
    "type": "track",
    "event": "Order Completed",
    "userId": "u1",
    "properties": {"revenue": 19.99, "total": 0.125, "currency": "EUR", "count": 3},
    "traits": {"signedUpAt": "Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)", "plan": "pro", "$odd": "yes"},
}


def holds(spec: dict[str, Any], value: Any, key: str | None = None) -> bool:
    return compile_matcher(spec).mismatch(value, EVENT, key) is None


@pytest.mark.parametrize(("spec", "value", "expected"), [
    ({"equals": "u1"}, "u1", True),
    ({"equals": "u1"}, "U1", False),
    ({"equals": 5}, 5.0, True),
    ({"equals": 1}, True, False),
    ({"equals": None}, None, True),
    ({"equals": None}, MISSING, False),
    ({"equals": {"a": [1, 2]}}, {"a": [1, 2.0]}, True),
    ({"equals": "$userId"}, "u1", True),
    ({"equals": "$properties.currency"}, "EUR", True),
    ({"equals": "$properties.currency", "ignore_case": True}, "eur", True),
    ({"equals": "$properties.currency"}, "eur", False),
    ({"equals": "$$userId"}, "$userId", True),
    ({"equals": "$properties.missing"}, "x", False),
])
def test_equals(spec: dict[str, Any], value: Any, expected: bool) -> None:
    assert holds(spec, value) is expected


@pytest.mark.parametrize(("spec", "value", "expected"), [
    ({"type": "string"}, "x", True),
    ({"type": "string"}, 1, False),
    ({"type": "number"}, 1.5, True),
    ({"type": "number"}, True, False),
    ({"type": "integer"}, 5.0, True),
    ({"type": "integer"}, 5.5, False),
    ({"type": "boolean"}, False, True),
    ({"type": "null"}, None, True),
    ({"type": "null"}, MISSING, False),
    ({"type": "object"}, {}, True),
    ({"type": "array"}, [], True),
    ({"type": ["string", "null"]}, None, True),
    ({"regex": "^usd$"}, "usd", True),
    ({"regex": "^usd$"}, "USD", False),
    ({"regex": "u"}, 5, False),
    ({"absent": True}, MISSING, True),
    ({"absent": True}, None, False),
    ({"any": True}, None, True),
    ({"any": True}, MISSING, False),
    ({"date": True}, "2024-01-02T03:04:05Z", True),
    ({"date": True}, 1_700_000_000, True),
    ({"date": True}, "yesterday", False),
    ({"any_of": [{"absent": True}, {"type": "null"}]}, None, True),
    ({"any_of": [{"absent": True}, {"type": "null"}]}, MISSING, True),
    ({"any_of": [{"absent": True}, {"type": "null"}]}, "u1", False),
    ({"type": "string", "regex": "^a"}, "abc", True),
    ({"type": "string", "regex": "^a"}, "bcd", False),
])
def test_matcher_kinds(spec: dict[str, Any], value: Any, expected: bool) -> None:
    assert holds(spec, value) is expected


@pytest.mark.parametrize(("reference", "value", "expected"), [
    ("$properties.revenue", 1999, True),
    ("$properties.revenue", 1999.0, True),
    ("$properties.revenue", 1998.9999999999998, False),
    ("$properties.revenue", 1998, False),
    ("$properties.revenue", "1999", False),
    ("$properties.total", 12, True),
    ("$properties.total", 13, True),
    ("$properties.total", 12.5, False),
    ("$properties.count", 300, True),
    ("$properties.currency", 100, False),
])
def test_equals_cents(reference: str, value: Any, expected: bool) -> None:
    assert holds({"equals_cents": reference}, value) is expected


def test_equals_cents_message_names_amount() -> None:
    reason = compile_matcher({"equals_cents": "$properties.revenue"}).mismatch(1998.9999999999998, EVENT)

    assert reason == "is 1998.9999999999998 where 1999 was expected (properties.revenue 19.99 in integer cents)"


@pytest.mark.parametrize(("value", "expected"), [
    ("2018-03-26T17:44:51.000Z", True),
    ("2018-03-26T19:44:51+02:00", True),
    (1522086291, True),
    (1522086291000, True),
    ("2018-03-26T17:44:52.000Z", False),
    ("Mon Mar 26 2018", False),
])
def test_same_instant(value: Any, expected: bool) -> None:
    assert holds({"same_instant": "$traits.signedUpAt"}, value) is expected


def test_reference_with_key_placeholder() -> None:
    matcher = compile_matcher({"equals": "$traits.{key}"})

    assert matcher.mismatch("pro", EVENT, "plan") is None
    assert matcher.mismatch("yes", EVENT, "$odd") is None
    assert matcher.mismatch("basic", EVENT, "plan") == "is \"basic\" where \"pro\" (the event's traits.plan) was expected"


def test_missing_value_reason() -> None:
    assert compile_matcher({"equals": "x"}).mismatch(MISSING, EVENT) == "is missing"


@pytest.mark.parametrize(("spec", "fragment"), [
    ({}, "a matcher must be a mapping"),
    ("string", "a matcher must be a mapping"),
    ({"equal": 1}, "'equal' is not a matcher"),
    ({"absent": True, "type": "null"}, "'absent' cannot be combined"),
    ({"absent": False}, "'absent' takes only the value true"),
    ({"ignore_case": True}, "'ignore_case' only applies to 'equals'"),
    ({"type": "float"}, "\"float\" is not one of the JSON types"),
    ({"type": []}, "'type' needs at least one type name"),
    ({"regex": "("}, "the regular expression '(' is invalid"),
    ({"equals_cents": "properties.revenue"}, "is not a reference to an event field"),
    ({"same_instant": "$traits..x"}, "cannot be read"),
    ({"any_of": []}, "'any_of' takes a non-empty list"),
    ({"any_of": [{"nope": 1}]}, "'nope' is not a matcher"),
])
def test_compile_rejects(spec: Any, fragment: str) -> None:
    with pytest.raises(MatcherError, match=None) as error:
        compile_matcher(spec)

    assert fragment in str(error.value)
