"""The findings file: each contract the shipped plugin breaks, shown and then fixed by its quirk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.intercom.profiles import Quirks
from simulator.scenario.expectations import matches
from simulator.scenario.loader import scenario_from_mapping
from simulator.scenario.runner import run_scenario

FINDINGS_FILE = Path(__file__).resolve().parents[2] / "contracts" / "findings" / "swift-1.0.1.yaml"
FINDINGS = yaml.safe_load(FINDINGS_FILE.read_text(encoding="utf-8"))["findings"]


def run_finding(finding: dict[str, Any], quirks: dict[str, bool] | None = None):
    mapping = {
        "name": finding["id"],
        "sdk": {"writeKey": "FINDINGS_WRITE_KEY", "trackApplicationLifecycleEvents": False},
        "settings": {"integrations": {"Intercom": {"appId": "findings", "mobileApiKey": "ios_sdk-findings0key"}}},
        "plugin": {"profile": "swift-1.0.1", "quirks": quirks or {}},
        "steps": ["launch", *finding["steps"]],
    }
    if "intercom" in finding:
        mapping["intercom"] = finding["intercom"]
    return run_scenario(scenario_from_mapping(mapping))


def found(result, violation: dict[str, Any]) -> bool:
    return any(matches(violation, actual.to_json()) for actual in result.trace.all_violations())


def test_findings_name_real_quirks():
    assert {finding["quirk"] for finding in FINDINGS} <= set(Quirks.names())


def test_finding_ids_unique():
    ids = [finding["id"] for finding in FINDINGS]

    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("finding", FINDINGS, ids=[finding["id"] for finding in FINDINGS])
def test_finding_reproduces(finding):
    """The shipped plugin breaks the named contract on the finding's minimal input."""
    assert found(run_finding(finding), finding["violation"])


@pytest.mark.parametrize("finding", FINDINGS, ids=[finding["id"] for finding in FINDINGS])
def test_finding_fixed_by_quirk(finding):
    """Switching the finding's quirk off makes its violation disappear."""
    assert not found(run_finding(finding, {finding["quirk"]: False}), finding["violation"])
