"""analytics-swift's settings fallback, upload response handling and event accounting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.scenario.loader import load_scenario
from simulator.scenario.runner import run_scenario

FIXTURES = sorted(Path(__file__).resolve().parents[2].joinpath("fixtures", "scenarios").rglob("*.yaml"))


def segment_requests(result):
    return [request for request in result.trace.all_requests() if request.service == "segment"]


def intercom_calls(result, method):
    return [call for call in result.trace.all_sdk_calls() if call.method == method]


def test_failed_first_fetch_uses_default_settings(run_steps):
    """With no cached settings, a failed fetch leaves defaultSettings: Segment.io only."""
    result = run_steps(["settings_fetch_fails", "launch", {"track": {"event": "A"}}, "flush"])

    assert intercom_calls(result, "setApiKey") == []
    assert intercom_calls(result, "logEvent") == []
    assert [event["event"] for event in result.ingest.events] == ["A"]


def test_failed_fetch_uses_cached_settings(run_steps):
    """A failed fetch after a successful one keeps the settings cached by the earlier launch."""
    result = run_steps(["launch", "terminate", "settings_fetch_fails", "launch", {"identify": {"userId": "u1"}}])

    assert [call.result for call in intercom_calls(result, "setApiKey")] == ["ok", "ok"]
    assert intercom_calls(result, "loginUser")[0].result == "ok"


@pytest.mark.parametrize("fault", [{"status": 503, "times": 1}, {"error": "timeout", "times": 1}])
def test_failed_fetch_by_fault_falls_back(run_steps, fault):
    """Settings fetch faults (a status or a timeout) fall back like any failed fetch."""
    result = run_steps(
        ["launch", {"track": {"event": "A"}}],
        segment={"faults": [{"request": "GET /v1/projects/*/settings", **fault}]},
    )

    assert intercom_calls(result, "setApiKey") == []


@pytest.mark.parametrize("status", [429, 500, 503])
def test_retryable_status_keeps_batch(run_steps, status):
    """429 and 5xx keep the batch file; the next flush sends it again and it is delivered."""
    result = run_steps(
        ["launch", {"track": {"event": "A"}}, "flush", "flush"],
        segment={"faults": [{"request": "POST /v1/b", "status": status, "times": 1}]},
    )
    statuses = [request.status for request in segment_requests(result) if request.method == "POST"]

    assert statuses == [status, 200]
    assert result.summary["delivered"] == 1
    assert result.summary["dropped"] == 0


def test_network_error_keeps_batch(run_steps):
    result = run_steps(
        ["launch", {"track": {"event": "A"}}, "flush"],
        segment={"faults": [{"request": "POST /v1/b", "error": "disconnect", "times": 1}]},
    )

    assert result.summary["pending"] == 1
    assert segment_requests(result)[-1].error == "connection dropped"


def test_status_400_drops_batch(run_steps):
    """A 400 deletes the batch file: it is not sent again, and its events count as dropped with the reason."""
    result = run_steps(
        ["launch", {"track": {"event": "A"}}, {"track": {"event": "B"}}, "flush", "flush"],
        segment={"faults": [{"request": "POST /v1/b", "status": 400, "times": 1}]},
    )

    assert result.summary["dropped"] == 2
    assert result.summary["pending"] == 0
    assert len(segment_requests(result)) == 1
    assert list(result.summary["dropped_reasons"]) == ["Segment rejected the batch with 400, so analytics-swift deleted it"]


def test_sent_at_fixed_when_file_closed(run_steps):
    """sentAt is stamped when the batch file is closed and not refreshed on the retry."""
    result = run_steps(
        ["launch", {"track": {"event": "A"}}, {"network": "offline"}, "flush", {"network": "wifi"}, {"advance": "5m"}, "flush"],
    )
    delivered = [request for request in segment_requests(result) if request.status == 200]

    assert delivered[0].json["sentAt"] == "2026-01-15T09:00:00.000Z"


def test_files_uploaded_in_name_order(run_steps):
    """Finished batch files go out sorted by file name, so 10-... comes before 2-...."""
    steps = ["launch", {"network": "offline"}]
    for index in range(11):
        steps += [{"track": {"event": f"E{index}"}}, "flush"]
    steps += [{"network": "wifi"}, "flush"]

    result = run_steps(steps)
    uploaded = [request.json["batch"][0]["event"] for request in segment_requests(result) if request.status == 200]

    assert uploaded[:3] == ["E0", "E1", "E10"]


def test_codable_doc_example_encoding(run_steps):
    """The doc's OrderCompletedProperties struct encodes to these JSON properties on a phone."""
    properties = {"order_ID": "2969302398", "category": "boots", "product_name": "yellow_cowboy_boots", "price": 99.95, "currency": "EUR"}
    result = run_steps(["launch", {"track": {"event": "Product Purchased", "properties": properties}}])
    event = result.trace.all_events()[0]

    assert json.dumps(event["properties"], separators=(",", ":")) == (
        '{"order_ID":"2969302398","category":"boots","product_name":"yellow_cowboy_boots","price":99.95,"currency":"EUR"}'
    )


@pytest.mark.parametrize("path", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_fixture_accounting_adds_up(path):
    """In every fixture scenario each event is delivered, pending or dropped exactly once."""
    result = run_scenario(load_scenario(path))
    summary = result.summary
    received = [event["messageId"] for event in result.ingest.events]

    assert summary["delivered"] + summary["pending"] + summary["dropped"] == summary["events"]
    assert len(received) == len(set(received))
    assert sum(summary["dropped_reasons"].values()) == summary["dropped"]
