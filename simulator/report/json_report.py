"""The JSON report of a run, in the field layout users and CI tools rely on.

Fields: ``scenario``, ``file``, ``seed``, ``profile``, ``passed``, ``steps`` (``index``,
``step``, ``at``, ``events``, ``sdk_calls``, ``requests``, ``violations``) and
``summary``, plus ``expectation_failures``. The same scenario and seed give the same
bytes: nothing here depends on the wall clock, the machine or dictionary hashing.
"""

from __future__ import annotations

import json
import math
from typing import Any

from simulator.report.redact import redact
from simulator.scenario.runner import RunResult


def build_report(result: RunResult) -> dict[str, Any]:
    steps = []
    for record in result.trace.steps:
        if record.index < 0 and not (record.events or record.sdk_calls or record.requests or record.violations):
            continue
        steps.append({
            "index": record.index,
            "step": record.step,
            "at": record.at,
            "events": record.events,
            "sdk_calls": [call.to_json() for call in record.sdk_calls],
            "requests": [request.to_json() for request in record.requests],
            "violations": [violation.to_json() for violation in record.violations],
        })

    report = {
        "scenario": result.scenario.name,
        "file": result.scenario.file,
        "seed": result.seed,
        "profile": result.profile,
        "passed": result.passed,
        "steps": steps,
        "summary": result.summary,
        "expectation_failures": [failure.to_json() for failure in result.expectation_failures],
    }
    if result.snapshot is not None:
        report["snapshot"] = {"path": str(result.snapshot.path), "status": result.snapshot.status, "diff": result.snapshot.diff}
    return redact(report, result.secrets)


def render_json(results: list[RunResult]) -> str:
    """Render one report object, or a list of them when several scenarios ran."""
    reports = [build_report(result) for result in results]
    payload: Any = reports[0] if len(reports) == 1 else reports
    return json.dumps(finite_json(payload), ensure_ascii=False, indent=2) + "\n"


def finite_json(value: Any) -> Any:
    """Return ``value`` with infinite and NaN floats as the strings ``"Infinity"``, ``"-Infinity"`` and ``"NaN"``.

    Such a float can reach an SDK call's arguments (revenue * 100 overflowing), and JSON
    has no literal for it.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: finite_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite_json(item) for item in value]
    return value
