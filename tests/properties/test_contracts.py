"""Contract invariants under the ``documented`` profile, for inputs that keep Intercom's documented limits.

The inputs come from ``scenarios(conforming=True)``, with no ``.`` or ``$`` in names, at
most 10 metadata keys, amounts of at least one cent and dates between 1970 and 2100.
Within those limits a plugin that follows Segment's documented mapping sends only valid
requests, so any error is the simulator's.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from simulator.contracts import ContractChecker
from simulator.strategies import scenarios

from .conftest import property_settings
from .helpers import run


@pytest.fixture(scope="module")
def contract_ids() -> dict[str, set[str]]:
    """The ids of the request contracts and of the mapping contracts, as the checker loads them."""
    contracts = ContractChecker().contracts
    return {
        "requests": {contract.id for contract in contracts.requests},
        "mappings": {contract.id for contract in contracts.mappings},
    }


def errors_of(mapping: dict[str, Any], contracts: set[str]) -> list[str]:
    """Run ``mapping`` under ``documented`` and return its error violations of ``contracts``, one line each."""
    result = run(mapping, profile="documented")
    return [
        f"{violation.contract}/{violation.check} at {violation.path}: {violation.message}"
        for violation in result.trace.all_violations()
        if violation.severity == "error" and violation.contract in contracts
    ]


@property_settings()
@given(mapping=scenarios(profile="documented", conforming=True))
def test_every_request_conforms_under_documented(mapping: dict[str, Any], contract_ids: dict[str, set[str]]) -> None:
    assert errors_of(mapping, contract_ids["requests"]) == []


@property_settings()
@given(mapping=scenarios(profile="documented", conforming=True))
def test_mapping_contract_holds_under_documented(mapping: dict[str, Any], contract_ids: dict[str, set[str]]) -> None:
    assert errors_of(mapping, contract_ids["mappings"]) == []
