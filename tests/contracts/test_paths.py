"""JSON paths of the contract files: parsing, formatting and selecting."""

from __future__ import annotations

import pytest

from simulator.contracts.paths import MISSING, WILDCARD, PathSyntaxError, format_path, parse_path, resolve, select


@pytest.mark.parametrize(("text", "segments"), [
    ("$", ()),
    ("$.metadata", ("metadata",)),
    ("$.metadata.*.amount", ("metadata", WILDCARD, "amount")),
    ("$.companies[0].plan", ("companies", 0, "plan")),
    ("$.companies[*]", ("companies", WILDCARD)),
    ("$.custom_attributes['a.b']", ("custom_attributes", "a.b")),
    ("$.headers.Intercom-Version", ("headers", "Intercom-Version")),
])
def test_parse_rooted_path(text: str, segments: tuple[object, ...]) -> None:
    assert parse_path(text, rooted=True) == segments


def test_parse_unrooted_path() -> None:
    assert parse_path("attributes.companies[0].{key}", rooted=False) == ("attributes", "companies", 0, "{key}")


@pytest.mark.parametrize(("text", "rooted"), [
    ("metadata", True),
    ("$metadata", True),
    ("$.a[", True),
    ("$.a..b", True),
    ("$.traits", False),
    (".traits", False),
    ("", False),
])
def test_parse_path_rejects(text: str, rooted: bool) -> None:
    with pytest.raises(PathSyntaxError):
        parse_path(text, rooted=rooted)


@pytest.mark.parametrize(("segments", "text"), [
    ((), "$"),
    (("metadata", "price", "amount"), "$.metadata.price.amount"),
    (("companies", 0, "customAttributes", "plan"), "$.companies[0].customAttributes.plan"),
    (("custom_attributes", "a.b"), "$.custom_attributes['a.b']"),
    (("custom_attributes", "it's"), "$.custom_attributes['it\\'s']"),
])
def test_format_path(segments: tuple[object, ...], text: str) -> None:
    assert format_path(segments) == text


def test_select_wildcards_over_mappings_and_lists() -> None:
    value = {"companies": [{"customAttributes": {"a": 1, "b": 2}}, {"customAttributes": {"c": 3}}]}

    matches = list(select(value, parse_path("$.companies[*].customAttributes.*", rooted=True)))

    assert matches == [
        (("companies", 0, "customAttributes", "a"), 1),
        (("companies", 0, "customAttributes", "b"), 2),
        (("companies", 1, "customAttributes", "c"), 3),
    ]


def test_select_skips_missing_and_wrong_types() -> None:
    value = {"metadata": {"price": {"amount": 5}, "plan": "pro"}}

    matches = list(select(value, parse_path("$.metadata.*.amount", rooted=True)))

    assert matches == [(("metadata", "price", "amount"), 5)]


def test_select_digit_name_indexes_list() -> None:
    matches = list(select({"items": ["a", "b"]}, parse_path("items.1", rooted=False)))

    assert matches == [(("items", 1), "b")]


def test_resolve_tells_null_from_missing() -> None:
    value = {"traits": {"gone": None}}

    assert resolve(value, ("traits", "gone")) is None
    assert resolve(value, ("traits", "other")) is MISSING
    assert resolve(value, ("traits", "gone", "deeper")) is MISSING
