"""Snapshots of Intercom traffic: normalization, comparison, updates, stale files and safety."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from simulator import cli
from simulator.errors import ScenarioError
from simulator.report.snapshot import compare_snapshot, snapshot_data, snapshot_path, write_atomically
from simulator.scenario.loader import scenario_from_mapping
from simulator.scenario.runner import run_scenario

PURCHASE = """\
name: {name}
snapshot: true
contracts: {{ignore: [amount-integer-cents, track-revenue-cents, track-default-currency]}}
sdk: {{writeKey: SNAPSHOT_WRITE_KEY, trackApplicationLifecycleEvents: false}}
settings:
  integrations:
    Intercom: {{appId: app1, mobileApiKey: ios_sdk-snapshot0key}}
steps:
  - launch
  - identify: {{userId: buyer, traits: {{email: buyer@example.com}}}}
  - track: {{event: {event}, properties: {properties}}}
"""


def make_fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "purchase.yaml").write_text(PURCHASE.format(name="purchase", event="Bought", properties="{revenue: 19.99}"))
    (folder / "browse.yaml").write_text(PURCHASE.format(name="browse", event="Browsed", properties="{page: home}"))
    return folder


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["run", *args])
    return code, capsys.readouterr().out


def result_for(mapping_steps: list, seed: int = 0):
    mapping = {
        "name": "unit",
        "sdk": {"writeKey": "UNIT_WRITE_KEY", "trackApplicationLifecycleEvents": False},
        "settings": {"integrations": {"Intercom": {"appId": "a1", "mobileApiKey": "ios_sdk-unit0key0"}}},
        "steps": mapping_steps,
    }
    return run_scenario(scenario_from_mapping(mapping), seed=seed)


def test_generated_ids_become_placeholders() -> None:
    """Intercom ids in paths become <intercom-id-N>, the same id keeping the same name."""
    result = result_for(["launch", {"identify": {"userId": "u1", "traits": {"plan": "pro"}}}, {"identify": {"traits": {"plan": "max"}}}])

    paths = [request["path"] for step in snapshot_data(result)["steps"] for request in step["requests"] if request["method"] == "PUT"]

    assert paths == ["/contacts/<intercom-id-1>", "/contacts/<intercom-id-1>"]


def test_event_time_becomes_placeholder() -> None:
    result = result_for(["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}])

    events = [request for step in snapshot_data(result)["steps"] for request in step["requests"] if request["path"] == "/events"]

    assert events[0]["json"]["created_at"] == "<time-1>"


def test_snapshot_redacts_secrets() -> None:
    result = result_for(["launch"])

    text = json.dumps(snapshot_data(result))

    assert "ios_sdk-unit0key0" not in text
    assert "UNIT_WRITE_KEY" not in text
    assert "<redacted>" in text


def test_snapshot_ignores_seed_driven_ids() -> None:
    """Two seeds give different UUIDs and Intercom ids but the same normalized traffic."""
    steps = ["launch", {"identify": {"userId": "u1", "traits": {"plan": "pro"}}}]

    first = snapshot_data(result_for(steps, seed=1))
    second = snapshot_data(result_for(steps, seed=2))

    assert first["steps"] == second["steps"]


def test_snapshot_path_outside_folder_rejected(tmp_path: Path) -> None:
    result = result_for(["launch"])
    result.scenario = scenario_from_mapping({"name": "../escape", "steps": ["launch"]})

    with pytest.raises(ScenarioError, match="outside"):
        snapshot_path(result, tmp_path)


def test_atomic_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while replacing the file leaves the old content and no temporary file."""
    target = tmp_path / "kept.json"
    target.write_text("old\n")

    def crash(source: str, destination: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_atomically(target, "new\n")

    assert target.read_text() == "old\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.json"]


def test_missing_snapshot_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_fixtures(tmp_path)

    code, output = run_cli(capsys, str(folder))

    assert code == 1
    assert "does not exist yet; create it with --update-snapshots" in output


def test_update_writes_then_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_fixtures(tmp_path)

    update_code, update_output = run_cli(capsys, str(folder), "--update-snapshots")
    code, _ = run_cli(capsys, str(folder))

    assert update_code == 0
    assert "snapshot written:" in update_output
    assert code == 0
    assert sorted(path.name for path in (tmp_path / "fixtures" / "snapshots").iterdir()) == ["browse.json", "purchase.json"]


def test_changed_rule_fails_only_affected(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing the cents rule fails the purchase snapshot with a diff, not the browse one."""
    folder = make_fixtures(tmp_path)
    run_cli(capsys, str(folder), "--update-snapshots")

    from simulator.intercom import metadata

    monkeypatch.setattr(metadata, "_cents", lambda amount, quirks: round(amount * 100))
    code, output = run_cli(capsys, str(folder))

    assert code == 1
    assert "rerun: python -m simulator run" in output
    assert "purchase.yaml" in output.split("passed,")[1]
    assert "browse.yaml" not in output.split("passed,")[1]
    assert "$.steps[2].sdk_calls[0].args.metaData.price.amount" in output
    diff_lines = [line.replace(" ", "") for line in output.splitlines()]
    assert '-"amount":1998.9999999999998' in diff_lines
    assert '+"amount":1999' in diff_lines


def test_update_restores_after_change(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_fixtures(tmp_path)
    run_cli(capsys, str(folder), "--update-snapshots")
    from simulator.intercom import metadata

    monkeypatch.setattr(metadata, "_cents", lambda amount, quirks: round(amount * 100))
    update_code, update_output = run_cli(capsys, str(folder), "--update-snapshots")
    code, _ = run_cli(capsys, str(folder))

    assert update_code == 0
    assert "snapshot updated:" in update_output
    assert "purchase.json" in update_output
    assert "browse.json" not in update_output
    assert code == 0


def test_stale_snapshot_reported_then_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_fixtures(tmp_path)
    run_cli(capsys, str(folder), "--update-snapshots")
    stale = tmp_path / "fixtures" / "snapshots" / "renamed-away.json"
    stale.write_text("{}\n")

    _, report_output = run_cli(capsys, str(folder))
    assert stale.exists()
    _, update_output = run_cli(capsys, str(folder), "--update-snapshots")

    assert "stale snapshot (no scenario uses it)" in report_output
    assert "stale snapshot removed" in update_output
    assert not stale.exists()


def test_compare_reports_match(tmp_path: Path) -> None:
    result = result_for(["launch"])
    compare_snapshot(result, tmp_path, update=True)

    outcome = compare_snapshot(result, tmp_path, update=False)

    assert outcome.status == "match"
    assert not outcome.failed
