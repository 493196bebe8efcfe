"""Check the SDK calls the plugin made for one Segment event against the mapping rules.

A rule applies to an event of its contract's type when the event matches every ``when``
matcher. When ``when`` is a list, the event must match every matcher of one entry. The
rule then needs at least one SDK call with the expected method whose arguments match
every expected matcher. A rule with ``for_each`` is checked once per key of the
named event field, with ``{key}`` in its paths and references replaced by that key.

Each rule that fails gives one violation. When calls with the right method exist, the
violation describes the first failing argument of the call that came closest.
"""

from __future__ import annotations

from typing import Any

from simulator.contracts.matchers import KEY_PLACEHOLDER
from simulator.contracts.model import FieldCondition, MappingContract, MappingRule
from simulator.contracts.paths import MISSING, format_path, resolve, substitute
from simulator.trace import SdkCall, Violation


def event_violations(contract: MappingContract, event: dict[str, Any], calls: list[SdkCall]) -> list[Violation]:
    """Return a violation for each rule of ``contract`` that ``calls`` do not satisfy for ``event``."""
    if event.get("type") != contract.event:
        return []

    violations = []
    for rule in contract.rules:
        if not _applies(rule, event):
            continue
        for key in _keys(rule, event):
            violation = _check_expectation(contract, rule, event, calls, key)
            if violation is not None:
                violations.append(violation)
    return violations


def _applies(rule: MappingRule, event: dict[str, Any]) -> bool:
    if not rule.when:
        return True
    return any(
        all(condition.matcher.mismatch(resolve(event, condition.path), event) is None for condition in conditions)
        for conditions in rule.when
    )


def _keys(rule: MappingRule, event: dict[str, Any]) -> list[str | None]:
    """Return the keys to check the rule for: [None] without ``for_each``."""
    if rule.for_each is None:
        return [None]
    values = resolve(event, rule.for_each.field)
    if not isinstance(values, dict):
        return []

    keys: list[str | None] = []
    for key, value in values.items():
        if key in rule.for_each.excluded:
            continue
        if rule.for_each.value is not None and rule.for_each.value.mismatch(value, event, key) is not None:
            continue
        keys.append(key)
    return keys


def _check_expectation(contract: MappingContract, rule: MappingRule, event: dict[str, Any],
                       calls: list[SdkCall], key: str | None) -> Violation | None:
    method = rule.expect.method
    candidates = [call for call in calls if call.method == method]
    if not candidates:
        first_path = _arg_path(rule.expect.args[0], key) if rule.expect.args else "$.method"
        message = f"The plugin made no {method} call for this {event.get('type')} event, although {rule.description}."
        return _violation(contract, rule, first_path, message, None)

    best: tuple[str, str, Any] | None = None
    best_count = len(rule.expect.args) + 1
    for call in candidates:
        failures = _failures(rule, call, event, key)
        if not failures:
            return None
        if len(failures) < best_count:
            best, best_count = failures[0], len(failures)

    assert best is not None
    path, reason, actual = best
    message = f"{method} argument {path.removeprefix('$.args.')} {reason}, although {rule.description}."
    return _violation(contract, rule, path, message, actual)


def _failures(rule: MappingRule, call: SdkCall, event: dict[str, Any], key: str | None) -> list[tuple[str, str, Any]]:
    failures = []
    for condition in rule.expect.args:
        segments = condition.path if key is None else substitute(condition.path, KEY_PLACEHOLDER, key)
        actual = resolve(call.args, segments)
        reason = condition.matcher.mismatch(actual, event, key)
        if reason is not None:
            failures.append((_arg_path(condition, key), reason, None if actual is MISSING else actual))
    return failures


def _arg_path(condition: FieldCondition, key: str | None) -> str:
    segments = condition.path if key is None else substitute(condition.path, KEY_PLACEHOLDER, key)
    return format_path(("args", *segments))


def _violation(contract: MappingContract, rule: MappingRule, path: str, message: str, value: Any) -> Violation:
    return Violation(contract=contract.id, check=rule.check, path=path, severity=rule.severity, message=message, value=value)
