"""Command line: exit codes, reports, determinism, seeds and secret redaction.

Each test runs ``python -m simulator run`` in a subprocess, as a user or CI job does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from simulator.report.json_report import build_report
from simulator.scenario.loader import load_scenario
from simulator.scenario.runner import run_scenario

REPOSITORY = Path(__file__).resolve().parents[2]
SCENARIOS = REPOSITORY / "fixtures" / "scenarios"

WRITE_KEY = "cli0write0key0aaaaaaaaaaaaaaaaaa"
MOBILE_API_KEY = "ios_sdk-cli0mobile0key0bbbbbbbbbbbbbbbb"

SECRET_SCENARIO = f"""\
name: secrets
sdk: {{writeKey: {WRITE_KEY}, flushAt: 2}}
settings:
  integrations:
    Intercom: {{appId: cliapp01, mobileApiKey: {MOBILE_API_KEY}}}
steps:
  - launch
  - identify: {{userId: u1, traits: {{email: u1@example.com}}}}
  - track: {{event: Order Completed, properties: {{revenue: 20, total: 25, currency: EUR}}}}
  - background
contracts:
  ignore: [requires-logged-in-user, track-revenue-cents, amount-integer-cents]
"""

FAILING_SCENARIO = """\
name: failing
settings:
  integrations:
    Intercom: {appId: cliapp01, mobileApiKey: ios_sdk-cli0mobile0key0bbbbbbbbbbbbbbbb}
steps:
  - launch
  - identify: {userId: u1}
expect:
  sdk_calls:
    - {method: loginUser, args: {attributes: {userId: someone-else}}}
"""

# The Intercom plugin visits properties in Swift Dictionary order, which the seed sets.
# When revenue comes first, the `total && !isAmountSet` test keeps total in the metadata.
REVENUE_TOTAL_SCENARIO = """\
name: revenue-total
sdk: {trackApplicationLifecycleEvents: false}
settings:
  integrations:
    Intercom: {appId: cliapp01, mobileApiKey: ios_sdk-cli0mobile0key0bbbbbbbbbbbbbbbb}
steps:
  - launch
  - identify: {userId: u1}
  - track: {event: Order Completed, properties: {revenue: 20, total: 25}}
"""


def run_cli(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the command line with ``arguments`` and return its exit code and output."""
    command = [sys.executable, "-m", "simulator", "run", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPOSITORY, timeout=120)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def keeps_total(report: dict) -> bool:
    """Return whether the logEvent for Order Completed still has total in its metaData."""
    calls = [call for step in report["steps"] for call in step["sdk_calls"]]
    [log_event] = [call for call in calls if call["method"] == "logEvent" and call["args"]["name"] == "Order Completed"]
    return "total" in log_event["args"]["metaData"]


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory):
    return write(tmp_path_factory.mktemp("secrets") / "secrets.yaml", SECRET_SCENARIO)


@pytest.fixture(scope="module")
def json_runs(secret_file):
    """Two JSON runs of the secrets scenario with the same seed."""
    return [run_cli(secret_file, "--seed", "5", "--format", "json") for _ in range(2)]


@pytest.mark.parametrize("name", ["segment-doc-examples.yaml", "app-lifecycle.yaml"])
def test_fixture_scenarios_pass(name):
    """The shipped fixture scenarios meet their expectations and exit 0."""
    completed = run_cli(SCENARIOS / name)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "PASSED" in completed.stdout


def test_failed_expectation_exit_1(tmp_path):
    """A failed expectation exits 1 and prints expected and actual side by side."""
    completed = run_cli(write(tmp_path / "failing.yaml", FAILING_SCENARIO))
    lines = completed.stdout.splitlines()

    assert completed.returncode == 1
    assert any(line.startswith("FAILED expect.sdk_calls[0]") for line in lines)
    assert any("expected" in line and "| actual" in line for line in lines)
    assert any('"someone-else"' in line and '| ' in line and '"u1"' in line for line in lines)


def test_invalid_step_exit_2(tmp_path):
    """A misspelled step kind exits 2, and stderr names file:line:column and a fix without a traceback."""
    scenario = write(tmp_path / "typo.yaml", "name: typo\nsteps:\n  - launch\n  - trak: {event: A}\n")

    completed = run_cli(scenario)

    assert completed.returncode == 2
    assert f"{scenario}:4:5" in completed.stderr
    assert "Fix:" in completed.stderr
    assert "'track'" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stdout == ""


def test_impossible_step_exit_2(tmp_path):
    """A step the app state does not allow exits 2 with the step's location and a fix."""
    scenario = write(tmp_path / "order.yaml", "name: order\nsteps:\n  - launch\n  - foreground\n")

    completed = run_cli(scenario)

    assert completed.returncode == 2
    assert f"{scenario}:4:5" in completed.stderr
    assert "Fix:" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_missing_file_exit_2(tmp_path):
    """A scenario path that does not exist exits 2 with no traceback."""
    completed = run_cli(tmp_path / "absent.yaml")

    assert completed.returncode == 2
    assert "absent.yaml" in completed.stderr
    assert "not found" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_invalid_seed_exit_2(secret_file):
    """A --seed that is not an integer exits 2 with a usage error."""
    completed = run_cli(secret_file, "--seed", "abc")

    assert completed.returncode == 2
    assert "invalid seed" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_json_deterministic(json_runs):
    """The same scenario and seed give byte-identical JSON output."""
    first, second = json_runs

    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["seed"] == 5


def test_json_hides_secrets(json_runs):
    """JSON output never contains the write key or the mobile API key."""
    output = json_runs[0].stdout

    assert WRITE_KEY not in output
    assert MOBILE_API_KEY not in output
    assert "<redacted>" in output


def test_text_hides_secrets(secret_file):
    """Text output never contains the write key or the mobile API key."""
    completed = run_cli(secret_file)

    assert completed.returncode == 0, completed.stdout
    assert WRITE_KEY not in completed.stdout
    assert MOBILE_API_KEY not in completed.stdout
    assert "<redacted>" in completed.stdout


def test_seed_changes_outcome(tmp_path):
    """Two seeds can visit revenue and total in different orders, so total is kept under one and not the other."""
    scenario = write(tmp_path / "revenue-total.yaml", REVENUE_TOTAL_SCENARIO)
    loaded = load_scenario(scenario)
    outcomes: dict[bool, int] = {}
    for seed in range(40):
        outcomes.setdefault(keeps_total(build_report(run_scenario(loaded, seed=seed))), seed)
    assert set(outcomes) == {True, False}, outcomes

    with_total = run_cli(scenario, "--seed", str(outcomes[True]), "--format", "json")
    without_total = run_cli(scenario, "--seed", str(outcomes[False]), "--format", "json")

    assert keeps_total(json.loads(with_total.stdout)) is True
    assert keeps_total(json.loads(without_total.stdout)) is False


def test_junit_report(tmp_path):
    """--junit-xml writes one test case per scenario, with a failure for a failed one."""
    report = tmp_path / "report.xml"

    completed = run_cli(SCENARIOS / "app-lifecycle.yaml", write(tmp_path / "failing.yaml", FAILING_SCENARIO), "--junit-xml", report)

    assert completed.returncode == 1
    suite = ElementTree.parse(report).getroot()
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert suite.get("tests") == "2"
    assert suite.get("failures") == "1"
    assert cases["app-lifecycle"].find("failure") is None
    assert cases["failing"].find("failure") is not None
