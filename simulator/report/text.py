"""The text timeline of a run: what the SDK emitted, what the plugin called on the
Intercom SDK and what went over HTTP, step by step, then the expectation results."""

from __future__ import annotations

import json
import shlex
from typing import Any

from simulator.report.redact import redact
from simulator.scenario.expectations import ExpectationFailure
from simulator.scenario.runner import RunResult
from simulator.trace import HttpExchange, SdkCall, Violation

_COLUMN_WIDTH = 48


def render_text(result: RunResult) -> str:
    lines = [
        f"Scenario {result.scenario.name!r} ({result.scenario.file}), seed {result.seed}, profile {result.profile}",
        "",
    ]

    for record in result.trace.steps:
        if record.index < 0 and not record.timeline:
            continue
        number = "setup" if record.index < 0 else f"{record.index + 1}"
        lines.append(f"[{number}] {record.step}  @ {record.at}".rstrip())
        for kind, entry in record.timeline:
            lines.append("    " + _entry_line(kind, _redacted_entry(kind, entry, result.secrets)))

    lines.append("")
    lines.extend(_failure_lines(result))
    lines.append(_summary_line(result))
    return "\n".join(redact(lines, result.secrets)) + "\n"


def rerun_command(result: RunResult) -> str:
    command = f"python -m simulator run {shlex.quote(result.scenario.file)} --seed {result.seed} --profile {result.profile}"
    for option, checks in (("--select", result.select), ("--ignore", result.ignore)):
        command += "".join(f" {option} {shlex.quote(check)}" for check in checks)
    return command


def _redacted_entry(kind: str, entry: Any, secrets: frozenset[str]) -> Any:
    """Return ``entry`` with secrets removed from its structured fields, such as a short apiKey."""
    if kind == "sdk_call":
        return SdkCall(entry.method, redact(entry.args, secrets), entry.result)
    if kind == "request":
        return HttpExchange(entry.service, entry.method, redact(entry.url, secrets), redact(entry.headers, secrets),
                            redact(entry.json, secrets), entry.status, entry.response, entry.error)
    if kind == "event":
        return redact(entry, secrets)
    return entry


def _entry_line(kind: str, entry: Any) -> str:
    if kind == "event":
        return "event    " + _event_text(entry)
    if kind == "sdk_call":
        return "sdk      " + _call_text(entry)
    if kind == "request":
        return "http     " + _request_text(entry)
    if kind == "violation":
        return "VIOLATION " + _violation_text(entry)
    return f"note     {entry}"


def _event_text(event: dict[str, Any]) -> str:
    kind = event.get("type")
    if kind == "track":
        head = f"track {event.get('event')!r}"
        payload = event.get("properties")
    elif kind == "identify":
        head = f"identify userId={event.get('userId')!r}"
        payload = event.get("traits")
    elif kind == "screen":
        head = f"screen {event.get('name')!r}"
        payload = event.get("properties")
    elif kind == "group":
        head = f"group groupId={event.get('groupId')!r}"
        payload = event.get("traits")
    else:
        head = f"alias userId={event.get('userId')!r} previousId={event.get('previousId')!r}"
        payload = None
    return head if payload is None else f"{head} {_compact(payload)}"


def _call_text(call: SdkCall) -> str:
    return f"{call.method} {_compact(call.args)} -> {call.result}"


def _request_text(request: HttpExchange) -> str:
    outcome = request.error if request.status is None else str(request.status)
    if request.service == "segment" and isinstance(request.json, dict):
        body = " " + _batch_summary(request.json)
    else:
        body = "" if request.json is None else " " + _compact(request.json)
    return f"{request.method} {request.url}{body} -> {outcome}"


def _batch_summary(body: dict[str, Any]) -> str:
    events = body.get("batch") if isinstance(body.get("batch"), list) else []
    names = [event.get("event") or event.get("type") for event in events if isinstance(event, dict)]
    return f"batch of {len(events)} events {_compact(names)}"


def _violation_text(violation: Violation) -> str:
    return f"[{violation.severity}] {violation.contract}/{violation.check} at {violation.path}: {violation.message}"


def _failure_lines(result: RunResult) -> list[str]:
    lines: list[str] = []
    snapshot = result.snapshot
    if snapshot is not None and snapshot.status == "mismatch":
        lines += [snapshot.diff, "Update it with --update-snapshots if the change is intended.", ""]
    elif snapshot is not None and snapshot.status == "missing":
        lines += [f"snapshot {snapshot.path} does not exist yet; create it with --update-snapshots.", ""]
    for failure in result.expectation_failures:
        lines.extend(_side_by_side(failure))
        lines.append("")
    for violation in result.unexpected_violations:
        lines.append("UNEXPECTED VIOLATION " + _violation_text(violation))
    if result.unexpected_violations:
        lines.append("")
    return lines


def _side_by_side(failure: ExpectationFailure) -> list[str]:
    expected = json.dumps(failure.expected, ensure_ascii=False, indent=2).splitlines()
    actual = json.dumps(failure.actual, ensure_ascii=False, indent=2).splitlines()
    lines = [f"FAILED expect.{failure.kind}[{failure.index}]: {failure.message}",
             f"  {'expected':<{_COLUMN_WIDTH}} | actual (nearest)"]
    for index in range(max(len(expected), len(actual))):
        left = expected[index] if index < len(expected) else ""
        right = actual[index] if index < len(actual) else ""
        marker = " " if left == right else "!"
        lines.append(f"{marker} {left:<{_COLUMN_WIDTH}} | {right}")
    return lines


def _summary_line(result: RunResult) -> str:
    summary = result.summary
    verdict = "PASSED" if result.passed else "FAILED"
    line = (
        f"{verdict}: {_count(summary['events'], 'event')} ({summary['delivered']} delivered to Segment, "
        f"{summary['pending']} pending, {summary['dropped']} dropped), {_count(summary['sdk_calls'], 'Intercom SDK call')}, "
        f"{_count(summary['requests'], 'HTTP request')}, {_count(summary['violations'], 'violation')}"
    )
    intercom = summary.get("intercom")
    if intercom and intercom["calls"]:
        line += (
            f"\nIntercom SDK calls that queued requests: {intercom['calls']} ({intercom['delivered']} delivered, "
            f"{intercom['pending']} pending, {intercom['dropped']} dropped)"
        )
        for reason, count in intercom["dropped_reasons"].items():
            line += f"\n  dropped {count}: {reason}"
        if intercom["possibly_duplicated"]:
            line += f"\n  {intercom['possibly_duplicated']} retried after a timeout and may have reached Intercom twice"
    for reason, count in summary.get("dropped_reasons", {}).items():
        line += f"\n  events dropped {count}: {reason}"
    if not result.passed:
        line += f"\nRerun: {rerun_command(result)}"
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
