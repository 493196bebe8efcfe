"""Shared helpers for the test suite."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from simulator.scenario.loader import scenario_from_mapping
from simulator.scenario.runner import RunResult, run_scenario

# Hypothesis profiles of the property tests: "ci" (few examples, derandomized) is the
# default there, and --hypothesis-profile long runs many examples.
_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example, HealthCheck.filter_too_much]

settings.register_profile(
    "ci",
    max_examples=8,
    stateful_step_count=20,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_DATA,
)
settings.register_profile(
    "long",
    max_examples=400,
    stateful_step_count=60,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_DATA,
)

INTERCOM_SETTINGS = {"integrations": {"Intercom": {"appId": "testapp1", "mobileApiKey": "ios_sdk-test0key0000"}}}


def build_scenario_mapping(steps: list[Any], **sections: Any) -> dict[str, Any]:
    """Return a scenario mapping with Intercom settings, lifecycle tracking off and ``steps``."""
    mapping: dict[str, Any] = {
        "name": "test",
        "sdk": {"writeKey": "TEST_WRITE_KEY", "trackApplicationLifecycleEvents": False},
        "settings": INTERCOM_SETTINGS,
        "steps": steps,
    }
    mapping.update(sections)
    return mapping


@pytest.fixture
def run_steps():
    """Run a list of scenario steps on a fresh phone and return the RunResult."""

    def run(steps: list[Any], *, seed: int | None = None, profile: str | None = None, **sections: Any) -> RunResult:
        scenario = scenario_from_mapping(build_scenario_mapping(steps, **sections))
        return run_scenario(scenario, seed=seed, profile=profile)

    return run
