"""Pin ``build_metadata``: the plugin's mapping of track properties to logEvent metadata.

The Swift loop visits properties in dictionary order, so every order-dependent rule is
checked in both visiting orders.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.intercom.metadata import build_metadata

from .helpers import DOCUMENTED, ORDER_IDS, ORDERS, SWIFT, insertion_order, reversed_order, without

order_param = pytest.mark.parametrize("order", ORDERS, ids=ORDER_IDS)


def swift_track_loop(properties: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """Compute the metadata of ``track(event:)`` in 1.0.1 by following its loop step by step.

    ``keys`` is the visiting order. ``as? Double`` succeeds for numbers only, not for
    strings or booleans.
    """
    output: dict[str, Any] = {}
    price: dict[str, Any] = {}
    is_amount_set = False

    for key in keys:
        value = properties[key]
        output[key] = value

        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number and (key == "revenue" or (key == "total" and not is_amount_set)):
            price["amount"] = float(value) * 100
            output.pop(key, None)
            is_amount_set = True

        if key == "currency":
            price["currency"] = value
            output.pop("currency", None)

        if price:
            output["price"] = dict(price)

        if isinstance(value, (dict, list)):
            output.pop(key, None)

    return output


# Revenue and total


@order_param
def test_revenue_unrounded_cents(order):
    """Revenue 19.99 becomes the Double 19.99 * 100, not rounded to whole cents."""
    metadata = build_metadata({"revenue": 19.99}, SWIFT, order)

    assert metadata == {"price": {"amount": 1998.9999999999998}}
    assert isinstance(metadata["price"]["amount"], float)


def test_revenue_rounded_when_quirk_off():
    metadata = build_metadata({"revenue": 19.99}, without("unrounded_cents"), insertion_order)

    assert metadata == {"price": {"amount": 1999}}


def test_revenue_integer_gives_double():
    """An integral revenue casts to Double, so 20 becomes 2000.0."""
    metadata = build_metadata({"revenue": 20}, SWIFT, insertion_order)

    amount = metadata["price"]["amount"]
    assert amount == 2000.0
    assert isinstance(amount, float)


def test_revenue_string_stays_metadata():
    """A string revenue fails ``as? Double``, so no amount is set and revenue stays."""
    metadata = build_metadata({"revenue": "20"}, SWIFT, insertion_order)

    assert metadata == {"revenue": "20"}


def test_revenue_bool_stays_metadata():
    metadata = build_metadata({"revenue": True}, SWIFT, insertion_order)

    assert metadata == {"revenue": True}


def test_total_used_without_revenue():
    metadata = build_metadata({"total": 5, "tax": 1}, SWIFT, insertion_order)

    assert metadata == {"price": {"amount": 500.0}, "tax": 1}


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        # total visited first takes the amount and is removed, then revenue overwrites the amount.
        (reversed_order, {"price": {"amount": 1000.0}}),
        # revenue visited first sets isAmountSet, so total is neither used nor removed.
        (insertion_order, {"price": {"amount": 1000.0}, "total": 5}),
    ],
    ids=["total-first", "revenue-first"],
)
def test_revenue_total_order(order, expected):
    """The amount always comes from revenue; total survives only when visited after revenue."""
    metadata = build_metadata({"revenue": 10, "total": 5}, SWIFT, order)

    assert metadata == expected


@order_param
def test_revenue_total_documented(order):
    """With the quirk off, revenue takes the amount and total stays, in either order."""
    metadata = build_metadata({"revenue": 10, "total": 5}, without("revenue_total_precedence"), order)

    assert metadata == {"price": {"amount": 1000.0}, "total": 5}


def test_total_string_revenue_number():
    """A string total is no amount, so it stays while revenue sets the amount."""
    metadata = build_metadata({"total": "5", "revenue": 10}, SWIFT, insertion_order)

    assert metadata == {"total": "5", "price": {"amount": 1000.0}}


# Currency and price


@order_param
def test_currency_moves_into_price(order):
    metadata = build_metadata({"revenue": 10, "currency": "EUR"}, SWIFT, order)

    assert metadata == {"price": {"amount": 1000.0, "currency": "EUR"}}


def test_price_has_no_default_currency():
    metadata = build_metadata({"revenue": 10}, SWIFT, insertion_order)

    assert metadata["price"] == {"amount": 1000.0}


def test_documented_default_currency_usd():
    metadata = build_metadata({"revenue": 10}, DOCUMENTED, insertion_order)

    assert metadata["price"] == {"amount": 1000.0, "currency": "usd"}


def test_currency_only_price():
    """A currency without any amount still builds a price holding only the currency."""
    metadata = build_metadata({"currency": "EUR", "sku": "a1"}, SWIFT, insertion_order)

    assert metadata == {"price": {"currency": "EUR"}, "sku": "a1"}


@order_param
def test_scalar_price_replaced(order):
    """A user price property is overwritten by the computed price, whichever comes first."""
    metadata = build_metadata({"price": 5, "revenue": 10}, SWIFT, order)

    assert metadata == {"price": {"amount": 1000.0}}


@order_param
def test_doc_example_loses_price(order):
    """The Segment doc example (price 99.95, currency EUR, no revenue) sends only the currency."""
    properties = {"order_ID": "2969302398", "price": 99.95, "currency": "EUR"}

    metadata = build_metadata(properties, SWIFT, order)

    assert metadata == {"order_ID": "2969302398", "price": {"currency": "EUR"}}


@order_param
def test_doc_example_documented(order):
    properties = {"order_ID": "2969302398", "price": 99.95, "currency": "EUR"}

    metadata = build_metadata(properties, DOCUMENTED, order)

    assert metadata == {"order_ID": "2969302398", "price": 99.95, "currency": "EUR"}


def test_nested_price_after_amount():
    """A dictionary price visited after the computed price removes the price altogether."""
    metadata = build_metadata({"revenue": 10, "price": {"list": 12}}, SWIFT, insertion_order)

    assert metadata == {}


def test_nested_price_before_amount():
    """A dictionary price visited before the amount is dropped and the computed price is sent."""
    metadata = build_metadata({"revenue": 10, "price": {"list": 12}}, SWIFT, reversed_order)

    assert metadata == {"price": {"amount": 1000.0}}


def test_nested_price_kept_when_quirk_off():
    metadata = build_metadata({"revenue": 10, "price": {"list": 12}}, without("nested_price_removes_amount"), insertion_order)

    assert metadata == {"price": {"amount": 1000.0}}


# Other properties


@order_param
def test_nested_properties_dropped(order):
    properties = {"items": [1, 2], "cart": {"id": "c1"}, "sku": "a1"}

    metadata = build_metadata(properties, SWIFT, order)

    assert metadata == {"sku": "a1"}


def test_null_property_kept():
    """A null property is neither a dictionary nor an array, so the loop keeps it."""
    metadata = build_metadata({"coupon": None}, SWIFT, insertion_order)

    assert metadata == {"coupon": None}


def test_empty_properties():
    metadata = build_metadata({}, SWIFT, insertion_order)

    assert metadata == {}


def test_input_not_mutated():
    properties = {"revenue": 10, "currency": "EUR", "items": [1]}

    build_metadata(properties, SWIFT, insertion_order)

    assert properties == {"revenue": 10, "currency": "EUR", "items": [1]}


_KEYS = st.sampled_from(["revenue", "total", "currency", "price", "sku", "items"])
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.text(max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.lists(st.integers(), max_size=2),
)


def visit_in(keys: list[str]):
    """Return an order function that visits ``keys`` first, then any other key in insertion order."""

    def order(values: dict[str, Any]) -> list[str]:
        first = [key for key in keys if key in values]
        return first + [key for key in values if key not in first]

    return order


@settings(database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(_KEYS, _VALUES, max_size=6).flatmap(
        lambda properties: st.tuples(st.just(properties), st.permutations(list(properties)))
    )
)
def test_matches_swift_loop(case):
    """Under swift-1.0.1 the metadata equals the Swift loop's output for any properties and order."""
    properties, keys = case

    metadata = build_metadata(properties, SWIFT, visit_in(keys))

    assert metadata == swift_track_loop(properties, keys)
