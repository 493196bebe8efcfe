"""Building blocks of the declarative scenario schema: one ``Spec`` class per kind of value.

A spec checks one value and returns a clean copy of it, or raises ScenarioError with the
dotted path, the bad value and a fix. ``Record`` combines specs into a mapping with fixed
keys. The scenario tables built from these specs (``SCENARIO`` and ``STEP_KIND_SPECS``) are
in ``simulator.scenario.loader``.
"""

from __future__ import annotations

import difflib
import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from simulator.errors import Location, ScenarioError
from simulator.report.redact import redact
from simulator.scenario.yaml_nodes import MAX_DEPTH, SourceMap, join_path

_DURATION = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)(?P<unit>ms|s|m|h|d)")
_SECONDS_PER_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION_FIX = "write a number followed directly by ms, s, m, h or d, such as 250ms, 30s, 1.5h or 2d"


@dataclass(frozen=True)
class Context:
    """The file being validated and, for YAML input, the positions of its values."""

    file: str
    source: SourceMap | None = None

    def error(self, path: str, message: str, fix: str | None = None, *, at_key: bool = False) -> ScenarioError:
        """Return a ScenarioError located at the value, or with ``at_key`` the key, at ``path``."""
        position = None
        if self.source is not None:
            position = self.source.key_position(path) if at_key else self.source.value_position(path)
        line, column = position or (None, None)
        return ScenarioError(Location(self.file, line, column, path), message, fix)

    def key_position(self, path: str) -> tuple[int, int] | tuple[None, None]:
        """Return the (line, column) of the key or item at ``path``, or (None, None)."""
        if self.source is None or path not in self.source.keys:
            return None, None
        return self.source.keys[path]

    def source_text(self, path: str, value: Any) -> str:
        """Return the text the value at ``path`` was written as, such as ``1.10`` for 1.1."""
        if self.source is not None and path in self.source.texts:
            return self.source.texts[path]
        return str(value)


def show_value(value: Any) -> str:
    """Return ``repr(value)`` for messages, with secret fields such as ``writeKey`` or
    ``user_hash`` inside it redacted, shortened to at most 60 characters."""
    text = repr(redact(value, ()))
    if len(text) > 60:
        text = text[:57] + "..."
    return text


def _describe_path(path: str) -> str:
    return path or "The top level of the scenario"


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """Return a fix naming the choice closest to ``word``, or listing all choices."""
    matches = difflib.get_close_matches(word, choices, n=1)
    if matches:
        return f"did you mean {matches[0]!r}?"
    return "use one of: " + ", ".join(choices)


class Spec(ABC):
    """Rule for one value of a scenario file."""

    expected: str = "a value"
    """Noun phrase for a valid value, used in messages, such as 'a string' or 'true or false'."""

    @abstractmethod
    def validate(self, value: Any, path: str, context: Context) -> Any:
        """Return a validated copy of ``value``, or raise ScenarioError."""

    def reject(self, value: Any, path: str, context: Context, fix: str | None) -> ScenarioError:
        """Return the error for a value that is not ``self.expected``."""
        message = f"{_describe_path(path)} must be {self.expected}, not {show_value(value)}."
        return context.error(path, message, fix)


def _quote_fix(value: Any, path: str, context: Context) -> str:
    """Return the fix for a string field that YAML read as a number, a boolean or null."""
    if value is None:
        return "write a string after the colon"
    if isinstance(value, (bool, int, float)):
        return f'quote it: "{context.source_text(path, value)}"'
    return "write a string"


@dataclass(frozen=True)
class Text(Spec):
    """A string. Numbers, booleans and null get a fix that quotes the source text."""

    non_empty: bool = False
    nullable: bool = False

    @property
    def expected(self) -> str:
        noun = "a non-empty string" if self.non_empty else "a string"
        return f"{noun} or null" if self.nullable else noun

    def validate(self, value: Any, path: str, context: Context) -> str | None:
        if value is None and self.nullable:
            return None
        if not isinstance(value, str):
            raise self.reject(value, path, context, _quote_fix(value, path, context))
        if self.non_empty and not value.strip():
            raise self.reject(value, path, context, "write a non-empty string")
        return value


@dataclass(frozen=True)
class Choice(Spec):
    """One string out of a fixed set."""

    options: tuple[str, ...]

    @property
    def expected(self) -> str:
        return "one of " + ", ".join(repr(option) for option in self.options)

    def validate(self, value: Any, path: str, context: Context) -> str:
        if isinstance(value, str) and value in self.options:
            return value
        if isinstance(value, (bool, int, float)) and context.source_text(path, value) in self.options:
            raise self.reject(value, path, context, _quote_fix(value, path, context))
        raise self.reject(value, path, context, suggest(str(value), self.options))


@dataclass(frozen=True)
class Integer(Spec):
    """An integer (not a boolean) from ``minimum`` to ``maximum``, both included."""

    minimum: int
    maximum: int | None = None

    @property
    def expected(self) -> str:
        if self.maximum is None:
            return f"an integer of at least {self.minimum}"
        return f"an integer from {self.minimum} to {self.maximum}"

    def validate(self, value: Any, path: str, context: Context) -> int:
        in_range = (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value >= self.minimum
            and (self.maximum is None or value <= self.maximum)
        )
        if not in_range:
            raise self.reject(value, path, context, f"write {self.expected}")
        return value


@dataclass(frozen=True)
class PositiveNumber(Spec):
    """A finite int or float greater than zero."""

    expected = "a finite number greater than 0"

    def validate(self, value: Any, path: str, context: Context) -> int | float:
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not is_number or not math.isfinite(value) or value <= 0:
            raise self.reject(value, path, context, "write a number greater than 0, such as 30 or 0.5")
        return value


@dataclass(frozen=True)
class Boolean(Spec):
    expected = "true or false"

    def validate(self, value: Any, path: str, context: Context) -> bool:
        if not isinstance(value, bool):
            raise self.reject(value, path, context, "write true or false")
        return value


@dataclass(frozen=True)
class Timestamp(Spec):
    """An ISO 8601 date-time string with a timezone, returned as an aware UTC datetime."""

    expected = "an ISO 8601 date-time with a timezone"

    def validate(self, value: Any, path: str, context: Context) -> datetime:
        fix = 'write a date, a time and a timezone, such as "2026-01-15T09:00:00Z"'
        if not isinstance(value, str):
            raise self.reject(value, path, context, fix)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.reject(value, path, context, fix) from None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise self.reject(value, path, context, "add a timezone, such as Z for UTC or +01:00")
        return parsed.astimezone(timezone.utc)


@dataclass(frozen=True)
class Duration(Spec):
    """A duration string such as "30s", "1.5h" or "250ms", returned in seconds, at most ``maximum`` seconds."""

    maximum: float | None = None

    expected = "a duration such as '30s', '1.5h' or '250ms'"

    def validate(self, value: Any, path: str, context: Context) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise self.reject(value, path, context, f'write "{context.source_text(path, value)}s" for seconds')
        match = _DURATION.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise self.reject(value, path, context, _DURATION_FIX)

        seconds = float(match["number"]) * _SECONDS_PER_UNIT[match["unit"]]
        if seconds <= 0:
            raise self.reject(value, path, context, "write a duration greater than zero, such as 30s")
        if not math.isfinite(seconds):
            raise self.reject(value, path, context, "write a shorter duration")
        if self.maximum is not None and seconds > self.maximum:
            message = f"{path} is {value!r}, longer than the maximum of {self.maximum / 86400:g} days for one step."
            raise context.error(path, message, "split it into several advance steps")
        return seconds


class JsonValue(Spec):
    """Any JSON-compatible value: a string, number, boolean, null, list or string-keyed mapping.

    YAML input always passes. The check matters for dicts passed to ``scenario_from_mapping``.
    """

    expected = "a string, number, boolean, null, list or mapping"

    def validate(self, value: Any, path: str, context: Context, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise context.error(path, f"{path} is nested more than {MAX_DEPTH} levels deep.", "flatten the value")
        if value is None or isinstance(value, (str, bool, int, float)):
            return value
        if isinstance(value, list):
            return [self.validate(item, join_path(path, index), context, depth + 1) for index, item in enumerate(value)]
        if isinstance(value, dict):
            copy = {}
            for key, item in value.items():
                check_key_type(key, path, context)
                copy[key] = self.validate(item, join_path(path, key), context, depth + 1)
            return copy
        raise self.reject(value, path, context, "convert the value to one of those types")


def check_key_type(key: Any, parent: str, context: Context) -> None:
    """Raise ScenarioError unless ``key`` is a string. YAML input always passes."""
    if not isinstance(key, str):
        message = f"The key {key!r} in {parent or 'the top level'} is not a string."
        raise context.error(join_path(parent, key), message, "use string keys", at_key=True)


@dataclass(frozen=True)
class Payload(Spec):
    """A free-form mapping kept as written, such as traits, properties or integrations."""

    expected = "a mapping"

    def validate(self, value: Any, path: str, context: Context) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.reject(value, path, context, "write key: value pairs indented below the key")
        return JsonValue().validate(value, path, context)


@dataclass(frozen=True)
class ListOf(Spec):
    """A list whose items all match ``item``."""

    item: Spec
    expected: str = "a list"

    def validate(self, value: Any, path: str, context: Context) -> list[Any]:
        if not isinstance(value, list):
            raise self.reject(value, path, context, "write one '- ' item per line below the key")
        return [self.item.validate(item, join_path(path, index), context) for index, item in enumerate(value)]


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping from any string key to values that match ``item``."""

    item: Spec

    @property
    def expected(self) -> str:
        return f"a mapping of names to {self.item.expected}"

    def validate(self, value: Any, path: str, context: Context) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.reject(value, path, context, "write key: value pairs indented below the key")
        result = {}
        for key, item in value.items():
            check_key_type(key, path, context)
            result[key] = self.item.validate(item, join_path(path, key), context)
        return result


@dataclass(frozen=True)
class FalseOr(Spec):
    """Either the boolean false, meaning "off", or a value that matches ``spec``."""

    spec: Spec

    @property
    def expected(self) -> str:
        return f"false or {self.spec.expected}"

    def validate(self, value: Any, path: str, context: Context) -> Any:
        if value is False:
            return False
        if isinstance(value, bool):
            raise self.reject(value, path, context, f"write false, or {self.spec.expected}")
        return self.spec.validate(value, path, context)


@dataclass(frozen=True)
class Record(Spec):
    """A mapping with a fixed set of keys, each with its own spec.

    Unknown keys are errors that suggest the nearest valid key. With ``open`` set, they are
    kept as free-form JSON values instead.
    """

    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    open: bool = False

    @property
    def expected(self) -> str:
        if len(self.required) == 1:
            return f"a mapping with the key {self.required[0]}"
        if self.required:
            return "a mapping with the keys " + ", ".join(self.required)
        return "a mapping"

    def validate(self, value: Any, path: str, context: Context) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.reject(value, path, context, "write key: value pairs, each on its own line")

        result = {}
        for key, item in value.items():
            check_key_type(key, path, context)
            key_path = join_path(path, key)
            spec = self.fields.get(key)
            if spec is not None:
                result[key] = spec.validate(item, key_path, context)
            elif self.open:
                result[key] = JsonValue().validate(item, key_path, context)
            else:
                label = path or "scenario"
                message = f"{key!r} is not a {label} key."
                raise context.error(key_path, message, suggest(key, list(self.fields)), at_key=True)

        for key in self.required:
            if key not in value:
                message = f"{_describe_path(path)} is missing the required key {key!r}."
                fix = f"add {key!r} with {self.fields[key].expected}"
                raise context.error(join_path(path, key), message, fix, at_key=True)
        return result

