"""The semantic checks on request bodies, one function at a time."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.contracts.checks import (
    amount_integer_cents,
    metadata_max_keys,
    name_characters,
    scalar_values,
    string_length,
    timestamp_seconds,
)
from simulator.contracts.paths import parse_path


def paths(*texts: str) -> tuple[tuple[str | int, ...], ...]:
    return tuple(parse_path(text, rooted=True) for text in texts)


def found(findings: list[Any]) -> list[tuple[str, Any]]:
    return [(finding.path, finding.value) for finding in findings]


@pytest.mark.parametrize(("amount", "passes"), [
    (9995, True),
    (9995.0, True),
    (1, True),
    (1998.9999999999998, False),
    (12.5, False),
    (0, False),
    (-100, False),
    ("9995", False),
    (True, False),
])
def test_amount_integer_cents(amount: Any, passes: bool) -> None:
    body = {"metadata": {"price": {"amount": amount, "currency": "usd"}}}

    findings = amount_integer_cents(body, {"paths": paths("$.metadata.*.amount")})

    assert found(findings) == ([] if passes else [("$.metadata.price.amount", amount)])


def test_amount_integer_cents_skips_objects_without_amount() -> None:
    body = {"metadata": {"price": {"currency": "usd"}, "plan": "pro"}}

    assert amount_integer_cents(body, {"paths": paths("$.metadata.*.amount")}) == []


@pytest.mark.parametrize(("timestamp", "passes"), [
    (1_768_467_600, True),
    (1_768_467_600.0, True),
    (100_000_000_000, True),
    (100_000_000_001, False),
    (1_768_467_600_000, False),
    (1_768_467_600.25, False),
    (None, True),
    ("2026-01-15T09:00:00Z", True),
])
def test_timestamp_seconds(timestamp: Any, passes: bool) -> None:
    findings = timestamp_seconds({"created_at": timestamp}, {"paths": paths("$.created_at")})

    assert found(findings) == ([] if passes else [("$.created_at", timestamp)])


def test_timestamp_seconds_reports_every_path() -> None:
    body = {"signed_up_at": 1.5, "last_seen_at": 1_700_000_000_000}

    findings = timestamp_seconds(body, {"paths": paths("$.signed_up_at", "$.last_seen_at", "$.absent")})

    assert found(findings) == [("$.signed_up_at", 1.5), ("$.last_seen_at", 1_700_000_000_000)]


def test_scalar_values_accepts_scalars() -> None:
    body = {"custom_attributes": {"a": "text", "b": 1, "c": 2.5, "d": True, "e": None}}

    assert scalar_values(body, {"paths": paths("$.custom_attributes.*")}) == []


def test_scalar_values_reports_each_object_and_array() -> None:
    body = {"custom_attributes": {"ok": 1, "tags": ["a"], "address": {"city": "Paris"}}}

    findings = scalar_values(body, {"paths": paths("$.custom_attributes.*")})

    assert found(findings) == [("$.custom_attributes.tags", ["a"]), ("$.custom_attributes.address", {"city": "Paris"})]


@pytest.mark.parametrize(("value", "allow", "passes"), [
    ({"amount": 100, "currency": "eur"}, ["monetary-amount"], True),
    ({"amount": 100}, ["monetary-amount"], True),
    ({"amount": 100, "currency": "eur"}, [], False),
    ({"currency": "eur"}, ["monetary-amount"], False),
    ({"amount": 100, "currency": "eur", "tax": 5}, ["monetary-amount"], False),
    ({"url": "https://example.com", "value": "Example"}, ["rich-link"], True),
    ({"url": "https://example.com", "value": "Example"}, ["monetary-amount"], False),
    ({"url": "https://example.com"}, ["rich-link"], False),
])
def test_scalar_values_allowed_object_shapes(value: dict[str, Any], allow: list[str], passes: bool) -> None:
    findings = scalar_values({"metadata": {"field": value}}, {"paths": paths("$.metadata.*"), "allow": allow})

    assert found(findings) == ([] if passes else [("$.metadata.field", value)])


@pytest.mark.parametrize(("count", "passes"), [(0, True), (10, True), (11, False)])
def test_metadata_max_keys(count: int, passes: bool) -> None:
    metadata = {f"key{index}": index for index in range(count)}

    findings = metadata_max_keys({"metadata": metadata}, {"path": parse_path("$.metadata", rooted=True), "max": 10})

    assert found(findings) == ([] if passes else [("$.metadata", count)])


def test_metadata_max_keys_names_dropped_keys() -> None:
    metadata = {f"key{index}": index for index in range(12)}

    findings = metadata_max_keys({"metadata": metadata}, {"path": parse_path("$.metadata", rooted=True), "max": 10})

    assert '["key10", "key11"]' in findings[0].message


@pytest.mark.parametrize(("name", "passes"), [
    ("Order Completed", True),
    ("order-completed", True),
    ("order.completed", False),
    ("$order", False),
])
def test_name_characters_in_values(name: str, passes: bool) -> None:
    findings = name_characters({"event_name": name}, {"values": paths("$.event_name")})

    assert found(findings) == ([] if passes else [("$.event_name", name)])


def test_name_characters_in_keys() -> None:
    body = {"custom_attributes": {"plan": 1, "plan.tier": 2, "$price": 3}}

    findings = name_characters(body, {"keys": paths("$.custom_attributes")})

    assert found(findings) == [("$.custom_attributes['plan.tier']", "plan.tier"), ("$.custom_attributes['$price']", "$price")]


def test_name_characters_with_own_characters() -> None:
    findings = name_characters({"event_name": "a/b"}, {"values": paths("$.event_name"), "characters": "/"})

    assert found(findings) == [("$.event_name", "a/b")]


@pytest.mark.parametrize(("length", "passes"), [(0, True), (255, True), (256, False)])
def test_string_length(length: int, passes: bool) -> None:
    text = "é" * length

    findings = string_length({"custom_attributes": {"bio": text}}, {"paths": paths("$.custom_attributes.*"), "max": 255})

    assert found(findings) == ([] if passes else [("$.custom_attributes.bio", text)])


def test_string_length_ignores_other_types() -> None:
    body = {"custom_attributes": {"count": 10**300, "flag": True}}

    assert string_length(body, {"paths": paths("$.custom_attributes.*"), "max": 255}) == []
