"""Shared values and helpers for the Intercom destination and Intercom SDK tests.

Expected values in these tests come from ``IntercomDestination.swift`` of
segment-integrations/analytics-swift-intercom 1.0.1, read with the bridging rules of
``simulator.swift.bridging``.
"""

from __future__ import annotations

from typing import Any

from simulator.intercom.profiles import PROFILES, Quirks, quirks_for
from simulator.scenario.runner import RunResult
from simulator.trace import HttpExchange, SdkCall

SWIFT = PROFILES["swift-1.0.1"]
DOCUMENTED = PROFILES["documented"]

MOBILE_API_KEY = "ios_sdk-test0key0000"
APP_ID = "testapp1"


def without(name: str) -> Quirks:
    """Return the swift-1.0.1 quirks with quirk ``name`` turned off."""
    return quirks_for("swift-1.0.1", {name: False})


def insertion_order(values: dict[str, Any]) -> list[str]:
    """Return the keys in insertion order, as one possible Swift dictionary order."""
    return list(values)


def reversed_order(values: dict[str, Any]) -> list[str]:
    """Return the keys in reverse insertion order, as another possible Swift dictionary order."""
    return list(reversed(list(values)))


ORDERS = [insertion_order, reversed_order]
ORDER_IDS = ["insertion", "reversed"]


def sdk_calls(result: RunResult, method: str | None = None) -> list[SdkCall]:
    """Return the run's Intercom SDK calls, only those of ``method`` when given."""
    calls = result.trace.all_sdk_calls()
    if method is None:
        return calls
    return [call for call in calls if call.method == method]


def methods(result: RunResult) -> list[str]:
    """Return the method names of the run's Intercom SDK calls, in call order."""
    return [call.method for call in result.trace.all_sdk_calls()]


def only_call(result: RunResult, method: str) -> SdkCall:
    """Return the single call of ``method``, failing the test when there are zero or several."""
    calls = sdk_calls(result, method)
    assert len(calls) == 1, f"expected one {method} call, got {calls}"
    return calls[0]


def intercom_requests(result: RunResult) -> list[HttpExchange]:
    """Return the run's HTTP exchanges with the Intercom API."""
    return [request for request in result.trace.all_requests() if request.service == "intercom"]


def identify_step(traits: dict[str, Any] | None = None, user_id: str | None = "u1", **options: Any) -> dict[str, Any]:
    """Return an identify step, with ``options`` as its ``integrations.Intercom`` entry."""
    args: dict[str, Any] = {}
    if user_id is not None:
        args["userId"] = user_id
    if traits is not None:
        args["traits"] = traits
    if options:
        args["integrations"] = {"Intercom": options}
    return {"identify": args}
