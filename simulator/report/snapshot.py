"""Regression snapshots of a scenario's Intercom traffic.

A snapshot keeps what a change of plugin behavior would show: the Intercom SDK call log,
the Intercom HTTP requests (method, path, body, status) and the violations, step by
step. Values the simulator generates are replaced by placeholders that keep identity
within one run (the third distinct UUID is always ``<uuid-3>``), so a snapshot changes
only when behavior does:

- UUIDs become ``<uuid-N>`` and 24-hex Intercom ids become ``<intercom-id-N>``;
- the ``created_at`` that the SDK stamps on ``POST /events`` becomes ``<time-N>``;
- secrets become ``<redacted>``.

Keys are sorted and files are written atomically, so a crash leaves the old file.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.errors import ScenarioError
from simulator.report.json_report import finite_json
from simulator.report.redact import redact
from simulator.scenario.runner import RunResult

_UUID = re.compile(r"\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b")
_INTERCOM_ID = re.compile(r"\b[0-9a-f]{24}\b")


@dataclass(frozen=True)
class SnapshotOutcome:
    """How a run compared with its stored snapshot."""

    path: Path
    status: str
    """``match``, ``mismatch``, ``missing``, ``written`` (new file) or ``updated``."""
    diff: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("mismatch", "missing")


class _Placeholders:
    """Stable names for generated values, numbered in order of first appearance."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, Any], str] = {}
        self._counts: dict[str, int] = {}

    def name(self, kind: str, value: Any) -> str:
        key = (kind, value)
        if key not in self._names:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            self._names[key] = f"<{kind}-{self._counts[kind]}>"
        return self._names[key]


def snapshot_data(result: RunResult) -> dict[str, Any]:
    """Return the normalized, redacted snapshot of ``result``."""
    placeholders = _Placeholders()
    steps = []
    for record in result.trace.steps:
        requests = [request for request in record.requests if request.service == "intercom"]
        if record.index < 0 and not (record.sdk_calls or requests or record.violations):
            continue
        steps.append({
            "index": record.index,
            "step": record.step,
            "sdk_calls": [call.to_json() for call in record.sdk_calls],
            "requests": [_request_data(request, placeholders) for request in requests],
            "violations": [violation.to_json() for violation in record.violations],
        })

    data = {"scenario": result.scenario.name, "profile": result.profile, "seed": result.seed, "steps": steps}
    return _normalize(redact(data, result.secrets), placeholders)


def render_snapshot(data: dict[str, Any]) -> str:
    return json.dumps(finite_json(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def snapshot_path(result: RunResult, folder: Path) -> Path:
    """Return ``folder/<scenario name>.json``, rejecting names that would leave the folder."""
    name = result.scenario.name
    path = (folder / f"{name}.json").resolve()
    if path.parent != folder.resolve() or "/" in name or "\\" in name:
        raise ScenarioError(
            result.scenario.location("name"),
            f"scenario name {name!r} would put its snapshot outside {folder}.",
            "use a name without path separators or '..'.",
        )
    return path


def compare_snapshot(result: RunResult, folder: Path, *, update: bool) -> SnapshotOutcome:
    """Compare ``result`` with its stored snapshot, writing it when ``update`` is set."""
    path = snapshot_path(result, folder)
    text = render_snapshot(snapshot_data(result))
    existing = path.read_text(encoding="utf-8") if path.exists() else None

    if existing == text:
        return SnapshotOutcome(path, "match")

    if update:
        write_atomically(path, text)
        return SnapshotOutcome(path, "written" if existing is None else "updated")

    if existing is None:
        return SnapshotOutcome(path, "missing")
    return SnapshotOutcome(path, "mismatch", describe_difference(existing, text, path))


def describe_difference(old_text: str, new_text: str, path: Path) -> str:
    """Return the JSON paths that changed, then a unified diff of the two snapshots."""
    changed = _changed_paths(json.loads(old_text), json.loads(new_text), "$")
    lines = [f"snapshot {path} differs at:"]
    lines += [f"  {changed_path}" for changed_path in changed]
    lines += difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), "stored snapshot", "this run", lineterm="")
    return "\n".join(lines)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def snapshot_folder_for(scenario_file: str) -> Path:
    """Return the scenario's snapshot folder.

    That is ``fixtures/snapshots`` of the nearest ``fixtures`` folder above the scenario,
    or a ``snapshots`` folder beside the scenario file when there is none.
    """
    path = Path(scenario_file).resolve()
    for parent in path.parents:
        if parent.name == "fixtures":
            return parent / "snapshots"
    return path.parent / "snapshots"


def _request_data(request: Any, placeholders: _Placeholders) -> dict[str, Any]:
    body = request.json
    if request.path == "/events" and isinstance(body, dict) and "created_at" in body:
        body = dict(body)
        body["created_at"] = placeholders.name("time", body["created_at"])
    return {"method": request.method, "path": request.path, "json": body, "status": request.status}


def _normalize(value: Any, placeholders: _Placeholders) -> Any:
    if isinstance(value, str):
        value = _UUID.sub(lambda match: placeholders.name("uuid", match.group(0).upper()), value)
        return _INTERCOM_ID.sub(lambda match: placeholders.name("intercom-id", match.group(0)), value)
    if isinstance(value, dict):
        return {key: _normalize(item, placeholders) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalize(item, placeholders) for item in value]
    return value


def _changed_paths(old: Any, new: Any, path: str) -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        changed = []
        for key in sorted(set(old) | set(new)):
            child = f"{path}.{key}"
            if key not in old or key not in new:
                changed.append(child)
            else:
                changed.extend(_changed_paths(old[key], new[key], child))
        return changed

    if isinstance(old, list) and isinstance(new, list):
        changed = []
        for index in range(max(len(old), len(new))):
            child = f"{path}[{index}]"
            if index >= len(old) or index >= len(new):
                changed.append(child)
            else:
                changed.extend(_changed_paths(old[index], new[index], child))
        return changed

    return [] if old == new else [path]
