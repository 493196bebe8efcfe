"""Shared helpers of the property tests: running generated scenarios and the crashes they found."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import example

from simulator.scenario.loader import scenario_from_mapping
from simulator.scenario.runner import RunResult, run_scenario
from simulator.trace import SdkCall

# Fake Intercom ids are 24 hex digits drawn from the seed, and SDK results quote them in conflicts.
_INTERCOM_ID = re.compile(r"\b[0-9a-f]{24}\b")


def run(mapping: dict[str, Any], *, seed: int | None = None, profile: str | None = None) -> RunResult:
    """Validate ``mapping`` and run it on a fresh phone."""
    return run_scenario(scenario_from_mapping(mapping), seed=seed, profile=profile)


def comparable_calls(calls: list[SdkCall]) -> list[str]:
    """Return each SDK call as JSON with sorted keys and Intercom ids masked, for comparing runs with different seeds."""
    return [_INTERCOM_ID.sub("<id>", json.dumps(call.to_json(), sort_keys=True, ensure_ascii=False)) for call in calls]


def scenario_of(steps: list[Any], profile: str) -> dict[str, Any]:
    """Return a scenario mapping in the form ``scenarios()`` generates."""
    return {
        "name": "generated",
        "seed": 0,
        "sdk": {"writeKey": "PROPERTY_WRITE_KEY", "flushAt": 1, "trackApplicationLifecycleEvents": False},
        "settings": {"integrations": {"Intercom": {"appId": "propapp1", "mobileApiKey": "ios_sdk-property0key00"}}},
        "plugin": {"profile": profile},
        "intercom": {"apiVersion": "2.11"},
        "steps": steps,
    }


# The smallest scenarios on which the property tests found the simulator raising. Each
# is an explicit example of the properties, so that the crash stays fixed.
FOUND_CRASHES = {
    # Decimal(repr(amount)) * 100 needed more than the default context's 28 digits.
    "documented revenue of 1e26": scenario_of(
        ["launch", {"track": {"event": "Order Completed", "properties": {"revenue": 1e26}}}],
        "documented",
    ),
    # revenue * 100 overflowed to an infinite Double, which json.dumps(allow_nan=False) rejects.
    "swift-1.0.1 revenue of 1.8e306": scenario_of(
        ["launch", {"identify": {}}, {"track": {"event": "Order Completed", "properties": {"revenue": 1.8e306}}}],
        "swift-1.0.1",
    ),
    # iso8601_from_unix multiplied the seconds by 1000, which overflowed to infinity.
    "swift-1.0.1 created_at of 1.8e305": scenario_of(
        ["launch", {"identify": {"traits": {"created_at": 1.8e305}}}],
        "swift-1.0.1",
    ),
    # httpx encodes header values as ASCII, and the user hash went into X-Intercom-User-Hash as is.
    "non-ASCII user_hash": scenario_of(
        ["launch", {"identify": {"userId": "user-1", "integrations": {"Intercom": {"user_hash": "é"}}}}],
        "swift-1.0.1",
    ),
}


def with_found_crashes(test: Any) -> Any:
    """Add each of ``FOUND_CRASHES`` to a property test of one ``mapping`` as an explicit example."""
    for mapping in FOUND_CRASHES.values():
        test = example(mapping=mapping)(test)
    return test
