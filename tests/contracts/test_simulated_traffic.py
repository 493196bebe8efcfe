"""The contracts against real traffic of the simulated phone, for both plugin profiles."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.contracts import ContractChecker

STEPS: list[Any] = [
    "launch",
    {"identify": {"traits": {"plan": "trial"}}},
    {"identify": {"userId": "u1", "traits": {
        "email": "ada@example.com", "name": "Ada", "plan": "pro", "seats": 3,
        "company": {"id": "c1", "name": "Acme", "plan": "team", "monthly_spend": 99.5},
    }}},
    {"track": {"event": "Order Completed", "properties": {"revenue": 19.99, "currency": "EUR", "order_id": "o1"}}},
    {"group": {"groupId": "g1", "traits": {"name": "Group", "plan": "premium", "employees": 12}}},
    "reset",
]


def violations_of(result: Any, api_version: str) -> list[tuple[str, str, str]]:
    checker = ContractChecker(api_version=api_version)
    found = []
    for step in result.trace.steps:
        for kind, record in step.timeline:
            if kind == "request":
                found += checker.check_request(record)
            elif kind == "sdk_call":
                found += checker.check_sdk_call(record)
    return [(violation.contract, violation.check, violation.path) for violation in found]


@pytest.mark.parametrize("api_version", ["2.11", "2.16"])
def test_documented_profile_traffic_passes(run_steps, api_version: str) -> None:
    result = run_steps(STEPS, profile="documented", intercom={"apiVersion": api_version})

    paths = [request.path for request in result.trace.all_requests() if request.service == "intercom"]
    assert "/contacts/merge" in paths
    assert "/events" in paths
    assert violations_of(result, api_version) == []


def test_shipped_profile_unrounded_cents_fail(run_steps) -> None:
    result = run_steps(STEPS, profile="swift-1.0.1")

    assert violations_of(result, "2.11") == [("intercom.create-data-event", "amount-integer-cents", "$.metadata.price.amount")]
