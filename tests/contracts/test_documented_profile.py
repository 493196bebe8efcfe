"""The documented profile passes every contract on every fixture scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario.loader import load_scenario
from simulator.scenario.runner import run_scenario

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "scenarios").rglob("*.yaml"))

# Scenarios whose input logs in a user without any user hash under identity verification:
# the violation is the app's, whatever the plugin does.
MISSING_HASH_INPUTS = {
    "bug-user-hash-key-spelling",
    "faults-identity-verification-fixed",
    "faults-identity-verification-shipped",
}


@pytest.mark.parametrize("path", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_documented_breaks_no_contract(path):
    scenario = load_scenario(path)
    result = run_scenario(scenario, profile="documented")
    errors = {(violation.contract, violation.check) for violation in result.trace.all_violations() if violation.severity == "error"}

    if scenario.name in MISSING_HASH_INPUTS:
        assert errors == {("device.intercom-ios-sdk", "user-hash-before-login")}
    else:
        assert errors == set()
