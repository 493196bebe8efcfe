"""The simulated device fleet that the throughput and parallel benchmarks run.

Each device runs one scenario with 100 Segment events through device mode. It starts
with a first launch (Application Installed and Application Opened), an identify, 46
tracks and a group. A trip to the background and back adds Application Backgrounded,
Application Opened and Application Foregrounded, then come 47 more tracks and a reset,
which sends no event. Every
input is derived from the device index, so a device runs the same way on every run.
"""

from __future__ import annotations

from typing import Any

from simulator.scenario.loader import scenario_from_mapping
from simulator.scenario.runner import run_scenario

EVENTS_PER_DEVICE = 100
TRACKS_BEFORE_GROUP = 46
TRACKS_AFTER_FOREGROUND = 47
EVENT_NAMES = ("Product Viewed", "Product Added", "Order Completed", "Signed In")

# Lifecycle events reach the Intercom plugin before the identify, and the shipped plugin
# does not log a user in first, so the SDK rejects them (see the README's demo notes).
EXPECTED_VIOLATIONS = [{"contract": "device.intercom-ios-sdk", "check": "requires-logged-in-user"}]


def _track(device: int, number: int) -> dict[str, Any]:
    name = EVENT_NAMES[(device + number) % len(EVENT_NAMES)]
    properties: dict[str, Any] = {"sku": f"sku-{(device * 31 + number) % 997:03d}", "quantity": number % 5 + 1}
    if name == "Order Completed":
        # Halves are exact in binary, so revenue * 100 is a whole number of cents and the
        # unrounded-cents quirk of the shipped plugin reports nothing.
        properties.update({"revenue": (number % 40) + 0.5, "currency": "USD"})
    return {"track": {"event": name, "properties": properties}}


def device_scenario(device: int) -> dict[str, Any]:
    """Return the scenario mapping of fleet device number ``device``."""
    user_id = f"user-{device:06d}"
    steps: list[Any] = [
        "launch",
        {"identify": {"userId": user_id, "traits": {
            "email": f"{user_id}@example.com",
            "name": f"Fleet User {device}",
            "plan": ("free", "pro", "team")[device % 3],
            "created_at": 1_700_000_000 + device,
        }}},
    ]
    steps += [_track(device, number) for number in range(TRACKS_BEFORE_GROUP)]
    steps.append({"group": {"groupId": f"company-{device % 50:02d}", "traits": {"plan": "team", "employees": 10 + device % 90}}})
    steps += ["background", "foreground"]
    steps += [_track(device, TRACKS_BEFORE_GROUP + number) for number in range(TRACKS_AFTER_FOREGROUND)]
    steps.append("reset")

    return {
        "name": f"fleet-device-{device:06d}",
        "seed": device,
        "sdk": {"writeKey": "FLEET_WRITE_KEY", "flushAt": 20, "trackApplicationLifecycleEvents": True},
        "settings": {"integrations": {"Intercom": {"appId": "fleetapp", "mobileApiKey": "ios_sdk-fleet0key0000"}}},
        "steps": steps,
        "expect": {"violations": EXPECTED_VIOLATIONS},
    }


def run_device(device: int) -> dict[str, Any]:
    """Run fleet device ``device`` and return only its summary counts and pass flag.

    The harness, trace and workspace are released when this returns, so a caller that
    keeps only the returned numbers keeps memory flat across devices.
    """
    result = run_scenario(scenario_from_mapping(device_scenario(device)))
    summary = result.summary
    return {
        "passed": result.passed,
        "events": summary["events"],
        "requests": summary["requests"],
        "intercom_calls": summary["intercom"]["calls"],
        "failures": [failure.message for failure in result.expectation_failures]
                    + [f"{violation.contract}/{violation.check}: {violation.message}" for violation in result.unexpected_violations],
    }
