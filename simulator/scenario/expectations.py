"""Checks of a scenario's ``expect`` block against what the run recorded.

``sdk_calls`` and ``requests`` are ordered subsequences: each expected entry must match a
later recorded entry than the one before it. An entry matches when every key it lists
matches: mappings recursively by their listed keys, lists element by element with equal
length, numbers by value (``9995`` matches ``9995.0``; booleans only match booleans).
``{regex: PATTERN}`` matches a string that contains PATTERN.

Request matchers may use ``method``, ``url``, ``path``, ``service``, ``status``,
``headers``, ``json`` and ``response``.

``violations`` lists the violations the scenario expects (by ``contract``, ``check`` and
optionally ``path`` and ``severity``). Each must occur, and any error-severity violation
that no entry expects fails the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from simulator.trace import HttpExchange, SdkCall, Violation


@dataclass(frozen=True)
class ExpectationFailure:
    """One expectation that did not hold, with the expected and nearest actual values."""

    kind: str
    index: int
    message: str
    expected: Any
    actual: Any

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "index": self.index, "message": self.message, "expected": self.expected, "actual": self.actual}


def matches(expected: Any, actual: Any) -> bool:
    """Return whether ``actual`` has every key and value ``expected`` lists.

    ``{regex: PATTERN}`` in place of a value matches any string in which PATTERN is found.
    """
    if isinstance(expected, dict) and set(expected) == {"regex"} and isinstance(actual, str):
        return re.search(str(expected["regex"]), actual) is not None

    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(key in actual and matches(value, actual[key]) for key, value in expected.items())

    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(map(matches, expected, actual))

    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual

    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return expected == actual

    return expected == actual


def check_sdk_calls(expected: list[dict[str, Any]], calls: list[SdkCall]) -> list[ExpectationFailure]:
    return _check_subsequence("sdk_calls", expected, [call.to_json() for call in calls])


def check_requests(expected: list[dict[str, Any]], requests: list[HttpExchange]) -> list[ExpectationFailure]:
    actual = []
    for request in requests:
        record = request.to_json()
        record["path"] = request.path
        actual.append(record)
    return _check_subsequence("requests", expected, actual)


def check_violations(expected: list[dict[str, Any]], violations: list[Violation]) -> tuple[list[ExpectationFailure], list[Violation]]:
    """Return the failed violation expectations and the error violations that no entry expected."""
    failures: list[ExpectationFailure] = []
    expected_ids: set[int] = set()

    for index, entry in enumerate(expected):
        found = [violation for violation in violations if matches(entry, violation.to_json())]
        if not found:
            failures.append(ExpectationFailure(
                "violations", index, f"expected violation #{index + 1} did not occur", entry,
                [violation.to_json() for violation in violations],
            ))
        expected_ids.update(id(violation) for violation in found)

    unexpected = [v for v in violations if v.severity == "error" and id(v) not in expected_ids]
    return failures, unexpected


def _check_subsequence(kind: str, expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[ExpectationFailure]:
    failures: list[ExpectationFailure] = []
    position = 0

    for index, entry in enumerate(expected):
        found = next((offset for offset in range(position, len(actual)) if matches(entry, actual[offset])), None)
        if found is None:
            nearest = _nearest(entry, actual[position:])
            failures.append(ExpectationFailure(
                kind, index, f"expected {kind} entry #{index + 1} was not found in order", entry,
                _trim_to_expected_keys(entry, nearest),
            ))
            continue
        position = found + 1

    return failures


def _nearest(entry: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return the candidate that matches the most of ``entry``'s top-level keys."""
    best, best_score = None, -1
    for candidate in candidates:
        score = sum(1 for key, value in entry.items() if key in candidate and matches(value, candidate[key]))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _trim_to_expected_keys(expected: Any, actual: Any) -> Any:
    """Return ``actual`` cut down to the keys ``expected`` lists, at every depth, for display."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {key: _trim_to_expected_keys(value, actual.get(key)) for key, value in expected.items() if key in actual}
    if isinstance(expected, list) and isinstance(actual, list) and expected:
        return [_trim_to_expected_keys(expected[min(index, len(expected) - 1)], item) for index, item in enumerate(actual)]
    return actual
