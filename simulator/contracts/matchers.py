"""Value matchers of the contract files: the ``when`` conditions and expectations of the rules.

A matcher is a mapping with one or more of these keys, and a value matches it when it
passes every key:

- ``equals: VALUE`` is JSON equality (5 equals 5.0, true does not equal 1). A string
  that starts with ``$`` is a reference to a field of the Segment event, such as
  ``$traits.email``. Write ``$$`` for a literal leading ``$``. ``ignore_case: true``
  compares strings without regard to case.
- ``type: NAME`` or ``type: [NAME, ...]`` with the JSON Schema type names string,
  number, integer, boolean, null, object and array.
- ``regex: PATTERN`` is a Python regular expression searched in a string value.
- ``absent: true`` matches a missing field (a null is present).
- ``any: true`` matches a present field with any value, null included.
- ``equals_cents: $REFERENCE`` matches a number of integer cents equal to the
  referenced amount times 100. 9995.0 counts as an integer and 1998.9999999999998 does not.
  When the amount has more than two decimals, both neighbouring integers are accepted.
- ``same_instant: $REFERENCE`` matches a date that is the same instant, to the
  millisecond, as the referenced date (see ``dates`` for the forms read).
- ``date: true`` matches a value that ``dates`` can read as a date.
- ``any_of: [MATCHER, ...]`` matches a value that one of the listed matchers matches.

A reference path may contain the segment ``{key}``, which a rule's ``for_each`` replaces
with each key in turn.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from simulator.contracts.dates import read_instant
from simulator.contracts.paths import MISSING, Path, PathSyntaxError, format_path, parse_path, resolve, substitute
from simulator.contracts.values import JSON_TYPES, has_type, is_integral, is_number, json_equal, show, type_name

KEY_PLACEHOLDER = "{key}"

MATCHER_KEYS = ("equals", "ignore_case", "type", "regex", "absent", "any", "equals_cents", "same_instant", "date", "any_of")

# Instants closer than this are the same: the SDK call log writes dates with milliseconds.
# Less than a millisecond apart: the call log cuts the sub-millisecond digits off.
_INSTANT_TOLERANCE = 0.000999


class MatcherError(ValueError):
    """A matcher in a contract file that cannot be compiled. The message states what to change."""


@dataclass(frozen=True)
class Reference:
    """A field of the Segment event, written ``$traits.email`` in a contract file."""

    text: str
    segments: Path

    def value(self, event: dict[str, Any], key: str | None) -> Any:
        segments = self.segments if key is None else substitute(self.segments, KEY_PLACEHOLDER, key)
        return resolve(event, segments)

    def name(self, key: str | None) -> str:
        segments = self.segments if key is None else substitute(self.segments, KEY_PLACEHOLDER, key)
        return format_path(segments, root="$").removeprefix("$.")


@dataclass(frozen=True)
class Matcher:
    """A compiled matcher. ``mismatch`` returns why a value fails it, or None when the value matches."""

    equals: Any = MISSING
    ignore_case: bool = False
    types: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None
    absent: bool = False
    present: bool = False
    equals_cents: Reference | None = None
    same_instant: Reference | None = None
    date: bool = False
    any_of: tuple[Matcher, ...] = field(default_factory=tuple)

    def mismatch(self, value: Any, event: dict[str, Any], key: str | None = None) -> str | None:
        if self.absent:
            return None if value is MISSING else f"is {show(value)} where no value was expected"
        if value is MISSING:
            # Only any_of can match a missing value, through an 'absent' alternative.
            return "is missing" if self._tests_a_value() else self._any_of_mismatch(value, event, key)

        reasons = [
            self._equals_mismatch(value, event, key),
            self._type_mismatch(value),
            self._regex_mismatch(value),
            self._cents_mismatch(value, event, key),
            self._instant_mismatch(value, event, key),
            self._date_mismatch(value),
            self._any_of_mismatch(value, event, key),
        ]
        return next((reason for reason in reasons if reason is not None), None)

    def _tests_a_value(self) -> bool:
        return (self.equals is not MISSING or bool(self.types) or self.regex is not None or self.present
                or self.equals_cents is not None or self.same_instant is not None or self.date)

    def _equals_mismatch(self, value: Any, event: dict[str, Any], key: str | None) -> str | None:
        if self.equals is MISSING:
            return None
        if isinstance(self.equals, Reference):
            expected = self.equals.value(event, key)
            source = f" (the event's {self.equals.name(key)})"
        else:
            expected, source = self.equals, ""
        if self.ignore_case and isinstance(value, str) and isinstance(expected, str):
            if value.casefold() == expected.casefold():
                return None
        elif json_equal(value, expected):
            return None
        expected_text = "a missing value" if expected is MISSING else show(expected)
        case_note = ", ignoring case" if self.ignore_case else ""
        return f"is {show(value)} where {expected_text}{source} was expected{case_note}"

    def _type_mismatch(self, value: Any) -> str | None:
        if not self.types or any(has_type(value, name) for name in self.types):
            return None
        return f"is {show(value)} of type {type_name(value)} where type {' or '.join(self.types)} was expected"

    def _regex_mismatch(self, value: Any) -> str | None:
        if self.regex is None:
            return None
        if isinstance(value, str) and self.regex.search(value):
            return None
        return f"is {show(value)}, which does not match the pattern {self.regex.pattern!r}"

    def _cents_mismatch(self, value: Any, event: dict[str, Any], key: str | None) -> str | None:
        if self.equals_cents is None:
            return None
        amount = self.equals_cents.value(event, key)
        source = self.equals_cents.name(key)
        if not is_number(amount) or not math.isfinite(amount):
            return f"cannot be compared because the event's {source} is {show(amount)}, not a number"

        cents = Decimal(repr(float(amount))) * 100
        allowed = {int(cents)} if cents == cents.to_integral_value() else {math.floor(cents), math.ceil(cents)}
        if is_integral(value) and int(value) in allowed:
            return None
        expected = " or ".join(str(number) for number in sorted(allowed))
        return f"is {show(value)} where {expected} was expected ({source} {show(amount)} in integer cents)"

    def _instant_mismatch(self, value: Any, event: dict[str, Any], key: str | None) -> str | None:
        if self.same_instant is None:
            return None
        expected = self.same_instant.value(event, key)
        source = self.same_instant.name(key)
        expected_seconds = read_instant(expected)
        if expected_seconds is None:
            return f"cannot be compared because the event's {source} is {show(expected)}, not a date"
        actual_seconds = read_instant(value)
        if actual_seconds is not None and abs(actual_seconds - expected_seconds) < _INSTANT_TOLERANCE:
            return None
        return f"is {show(value)} where the instant of the event's {source} ({show(expected)}) was expected"

    def _date_mismatch(self, value: Any) -> str | None:
        if not self.date or read_instant(value) is not None:
            return None
        return f"is {show(value)}, which is not a date"

    def _any_of_mismatch(self, value: Any, event: dict[str, Any], key: str | None) -> str | None:
        if not self.any_of:
            return None
        reasons = [matcher.mismatch(value, event, key) for matcher in self.any_of]
        if any(reason is None for reason in reasons):
            return None
        value_text = "missing" if value is MISSING else show(value)
        return f"is {value_text}, which matches none of the {len(reasons)} alternatives"


def compile_matcher(spec: Any) -> Matcher:
    """Build a Matcher from its contract-file mapping, or raise MatcherError for an invalid one."""
    if not isinstance(spec, dict) or not spec:
        raise MatcherError(f"a matcher must be a mapping with one of the keys {', '.join(MATCHER_KEYS)}")
    unknown = [key for key in spec if key not in MATCHER_KEYS]
    if unknown:
        raise MatcherError(f"{unknown[0]!r} is not a matcher, and the matchers are {', '.join(MATCHER_KEYS)}")
    if "absent" in spec and len(spec) > 1:
        raise MatcherError("'absent' cannot be combined with other matchers")
    if "ignore_case" in spec and "equals" not in spec:
        raise MatcherError("'ignore_case' only applies to 'equals'")

    for flag in ("absent", "any", "date"):
        if flag in spec and spec[flag] is not True:
            raise MatcherError(f"'{flag}' takes only the value true")
    if "ignore_case" in spec and not isinstance(spec["ignore_case"], bool):
        raise MatcherError("'ignore_case' takes true or false")

    return Matcher(
        equals=_compile_equals(spec["equals"]) if "equals" in spec else MISSING,
        ignore_case=spec.get("ignore_case", False),
        types=_compile_types(spec["type"]) if "type" in spec else (),
        regex=_compile_regex(spec["regex"]) if "regex" in spec else None,
        absent="absent" in spec,
        present="any" in spec,
        equals_cents=compile_reference(spec["equals_cents"]) if "equals_cents" in spec else None,
        same_instant=compile_reference(spec["same_instant"]) if "same_instant" in spec else None,
        date="date" in spec,
        any_of=_compile_any_of(spec["any_of"]) if "any_of" in spec else (),
    )


def compile_reference(text: Any) -> Reference:
    """Read ``$traits.email`` as a reference to that event field."""
    if not isinstance(text, str) or not text.startswith("$") or text.startswith("$$"):
        raise MatcherError(f"{show(text)} is not a reference to an event field such as '$properties.revenue'")
    try:
        return Reference(text, parse_path(text[1:], rooted=False))
    except PathSyntaxError as error:
        raise MatcherError(str(error)) from None


def _compile_equals(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("$$"):
        return value[1:]
    if isinstance(value, str) and value.startswith("$"):
        return compile_reference(value)
    return value


def _compile_types(value: Any) -> tuple[str, ...]:
    names = value if isinstance(value, list) else [value]
    if not names:
        raise MatcherError("'type' needs at least one type name")
    for name in names:
        if name not in JSON_TYPES:
            raise MatcherError(f"{show(name)} is not one of the JSON types {', '.join(JSON_TYPES)}")
    return tuple(names)


def _compile_regex(pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise MatcherError(f"'regex' takes a string, not {show(pattern)}")
    try:
        return re.compile(pattern)
    except re.error as error:
        raise MatcherError(f"the regular expression {pattern!r} is invalid: {error}") from None


def _compile_any_of(items: Any) -> tuple[Matcher, ...]:
    if not isinstance(items, list) or not items:
        raise MatcherError("'any_of' takes a non-empty list of matchers")
    return tuple(compile_matcher(item) for item in items)
