"""The fuzz command: findings of the shipped plugin, none for the documented profile, runnable reproducers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from simulator.fuzz import failure_keys, fuzz, reduce_scenario

FINDINGS_FILE = Path(__file__).resolve().parents[2] / "contracts" / "findings" / "swift-1.0.1.yaml"
KNOWN_FINDINGS = {
    f"{entry['violation']['contract']}/{entry['violation']['check']}"
    for entry in yaml.safe_load(FINDINGS_FILE.read_text(encoding="utf-8"))["findings"]
}
REDISCOVERY_BUDGET = 600
REDISCOVERY_SEED = 3


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """A small fuzz run of the shipped plugin that writes reproducers."""
    out = tmp_path_factory.mktemp("fuzz")
    return fuzz("swift-1.0.1", examples=40, seed=1, out=out), out


def test_small_run_finds_violations(small_run):
    report, _ = small_run

    assert report.findings
    assert all("/" in finding.key for finding in report.findings)


def test_reproducers_fail_when_run(small_run):
    """Each written reproducer exits 1 under `run` and shows its violation."""
    report, _ = small_run

    for finding in report.findings:
        completed = subprocess.run([sys.executable, "-m", "simulator", "run", str(finding.path)],
                                   capture_output=True, text=True, check=False)
        contract, check = finding.key.split("/")
        assert completed.returncode == 1, finding.key
        assert f"UNEXPECTED VIOLATION [error] {contract}/{check}" in completed.stdout, finding.key


def test_reduction_keeps_failure():
    """Reducing removes steps that do not matter and keeps the failure."""
    mapping = {
        "sdk": {"writeKey": "FUZZ_TEST_KEY", "trackApplicationLifecycleEvents": False},
        "settings": {"integrations": {"Intercom": {"appId": "a1", "mobileApiKey": "ios_sdk-fuzz0test0key"}}},
        "steps": ["launch", {"screen": {"name": "Home"}}, {"track": {"event": "A", "properties": {"x": 1}}},
                  {"alias": {"newId": "u9"}}],
    }
    key = "device.intercom-ios-sdk/requires-logged-in-user"

    smallest = reduce_scenario(mapping, key)

    assert key in failure_keys(smallest)
    assert smallest["steps"] == ["launch", {"track": {"event": "A", "properties": {}}}]


def test_cli_usage_error():
    completed = subprocess.run([sys.executable, "-m", "simulator", "fuzz", "--examples", "0"],
                               capture_output=True, text=True, check=False)

    assert completed.returncode == 2
    assert "Fix:" in completed.stderr


@pytest.mark.slow
def test_known_findings_rediscovered():
    """Within a fixed budget and seed, fuzzing the shipped plugin finds every known finding."""
    report = fuzz("swift-1.0.1", examples=REDISCOVERY_BUDGET, seed=REDISCOVERY_SEED, out=None)

    assert KNOWN_FINDINGS <= {finding.key for finding in report.findings}


@pytest.mark.slow
def test_documented_finds_nothing():
    report = fuzz("documented", examples=300, seed=REDISCOVERY_SEED, out=None)

    assert report.findings == []
