"""The Intercom plugin's ``track`` mapping: Segment properties to logEvent metadata.

Source: segment-integrations/analytics-swift-intercom 1.0.1,
``IntercomDestination.track(event:)``. The shipped loop visits properties in Swift
dictionary order and, for each key:

1. copies the value into the output;
2. if the value casts to Double and the condition
   ``key == "revenue" || key == "total" && !isAmountSet`` is true (``&&`` binds tighter),
   sets ``price.amount`` to value * 100 and removes the key;
3. moves a ``currency`` value into ``price.currency``;
4. writes ``price`` to ``output["price"]`` whenever it is non-empty;
5. removes the key again when its value is a dictionary or an array.

Each quirk in ``Quirks`` switches one of these steps to the documented behavior.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulator.intercom.profiles import Quirks
from simulator.swift.bridging import as_double, is_array, is_dictionary

DEFAULT_CURRENCY = "usd"
MAX_METADATA_KEYS = 10

KeyOrder = Callable[[dict[str, Any]], list[str]]


def build_metadata(properties: dict[str, Any], quirks: Quirks, order: KeyOrder) -> dict[str, Any]:
    """Return the metadata dictionary the plugin passes to ``logEvent(withName:metaData:)``."""
    documented_amount_key = _documented_amount_key(properties)
    will_have_amount = any(
        as_double(properties.get(key)) is not None for key in ("revenue", "total") if key in properties
    )

    output: dict[str, Any] = {}
    price: dict[str, Any] = {}
    is_amount_set = False

    for key in order(properties):
        value = properties[key]
        output[key] = value

        if _takes_amount(key, value, quirks, is_amount_set, documented_amount_key):
            price["amount"] = _cents(as_double(value), quirks)
            output.pop(key, None)
            is_amount_set = True

        if key == "currency" and (quirks.currency_only_price or will_have_amount):
            price["currency"] = value
            output.pop("currency", None)

        if _price_is_sendable(price, quirks):
            output["price"] = dict(price)

        if is_dictionary(value) or is_array(value):
            output.pop(key, None)
            if key == "price" and not quirks.nested_price_removes_amount and _price_is_sendable(price, quirks):
                output["price"] = dict(price)

    if not quirks.no_default_currency and "price" in output and "amount" in price and "currency" not in price:
        output["price"]["currency"] = DEFAULT_CURRENCY

    if quirks.metadata_in_dictionary_order:
        ordered_keys = order(output)
    else:
        # Intercom keeps only the first 10 keys: send price first, then the rest by name, 10 at most.
        ordered_keys = [key for key in ("price",) if key in output] + sorted(key for key in output if key != "price")
        ordered_keys = ordered_keys[:MAX_METADATA_KEYS]
    return {key: output[key] for key in ordered_keys}


def _takes_amount(key: str, value: Any, quirks: Quirks, is_amount_set: bool, documented_key: str | None) -> bool:
    if not quirks.revenue_total_precedence:
        return key == documented_key
    return as_double(value) is not None and (key == "revenue" or (key == "total" and not is_amount_set))


def _documented_amount_key(properties: dict[str, Any]) -> str | None:
    """Return ``revenue`` when it is a number, else ``total`` when it is one, else None."""
    for key in ("revenue", "total"):
        if key in properties and as_double(properties[key]) is not None:
            return key
    return None


def _price_is_sendable(price: dict[str, Any], quirks: Quirks) -> bool:
    if quirks.currency_only_price:
        return bool(price)
    return "amount" in price


def _cents(amount: float, quirks: Quirks) -> float | int:
    """Return amount * 100: the shipped Double, or integer cents rounded half up."""
    if quirks.unrounded_cents:
        return amount * 100
    return int(Decimal(repr(amount)).scaleb(2).to_integral_value(rounding=ROUND_HALF_UP))
