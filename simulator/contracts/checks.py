"""Semantic checks on Intercom REST request bodies: the rules a JSON Schema cannot state.

Sources:
- Intercom REST API 2.11 and 2.16 OpenAPI descriptions: timestamps are integer unix
  seconds (``created_at``, ``signed_up_at``, ``last_seen_at``, ``remote_created_at``).
- Intercom's data event documentation: a monetary amount is ``{amount, currency}`` with
  ``amount`` a positive integer number of cents. Metadata has at most 10 keys, whose
  values are strings, numbers, booleans, monetary amounts or rich links ``{url, value}``.
  Intercom replaces ``.`` and ``$`` in an event name with ``-``.
- Intercom's custom attribute documentation (older web pages): attribute values are flat
  (no objects or arrays), names contain no ``.`` or ``$``, and a string value has at
  most 255 characters.

Each check takes the decoded body and the parameters of its entry in a contract file,
and returns one Finding per offending value, so a request reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from simulator.contracts.model import CheckDefinition, Finding
from simulator.contracts.paths import Path, format_path, select
from simulator.contracts.values import is_integral, is_number, show

MILLISECONDS_THRESHOLD = 1e11
"""A unix time above this is in milliseconds: as seconds it would be after the year 5138."""

MONETARY_AMOUNT = "monetary-amount"
RICH_LINK = "rich-link"

_PATH_LIST = {"type": "array", "items": {"type": "string"}, "minItems": 1}

CheckFunction = Callable[[Any, dict[str, Any]], list[Finding]]


def amount_integer_cents(body: Any, params: dict[str, Any]) -> list[Finding]:
    findings = []
    for path, value in _selected(body, params["paths"]):
        if not is_number(value):
            problem = "is not a number"
        elif not is_integral(value):
            problem = "is not a whole number of cents"
        elif value <= 0:
            problem = "is not positive"
        else:
            continue
        findings.append(Finding(path, f"{path} is {show(value)}, which {problem}, but a monetary amount must be a positive integer number of cents.", value))
    return findings


def timestamp_seconds(body: Any, params: dict[str, Any]) -> list[Finding]:
    findings = []
    for path, value in _selected(body, params["paths"]):
        if not is_number(value):
            continue  # Strings and other types are the schema's to report.
        if not is_integral(value):
            problem = "has a fractional part"
        elif abs(value) > MILLISECONDS_THRESHOLD:
            problem = "looks like milliseconds (as seconds it is after the year 5138)"
        else:
            continue
        findings.append(Finding(path, f"{path} is {show(value)}, which {problem}, but Intercom timestamps are integer unix seconds.", value))
    return findings


def scalar_values(body: Any, params: dict[str, Any]) -> list[Finding]:
    allowed_objects = set(params.get("allow", []))
    findings = []
    for path, value in _selected(body, params["paths"]):
        if value is None or isinstance(value, (str, bool)) or is_number(value):
            continue
        if MONETARY_AMOUNT in allowed_objects and is_monetary_amount(value):
            continue
        if RICH_LINK in allowed_objects and is_rich_link(value):
            continue
        if isinstance(value, dict):
            kind = "an object"
        elif isinstance(value, list):
            kind = "an array"
        else:
            kind = type(value).__name__
        exceptions = _allowed_objects_text(allowed_objects)
        findings.append(Finding(path, f"{path} is {kind} {show(value)}, but values here must be strings, numbers, booleans or null{exceptions}.", value))
    return findings


def metadata_max_keys(body: Any, params: dict[str, Any]) -> list[Finding]:
    limit = params["max"]
    findings = []
    for path, value in _selected(body, [params["path"]]):
        if isinstance(value, dict) and len(value) > limit:
            dropped = list(value)[limit:]
            findings.append(Finding(
                path,
                f"{path} has {len(value)} keys, so Intercom keeps the first {limit} and drops {show(dropped)}.",
                len(value),
            ))
    return findings


def name_characters(body: Any, params: dict[str, Any]) -> list[Finding]:
    characters = params.get("characters", ".$")
    findings = []
    for path, value in _selected(body, params.get("values", [])):
        if isinstance(value, str) and _has_any(value, characters):
            findings.append(Finding(path, f"{path} is {show(value)}, which contains {_characters_text(characters)}, characters that Intercom does not keep in names.", value))
    for segments in params.get("keys", []):
        for parent, value in select(body, segments):
            if not isinstance(value, dict):
                continue
            for key in value:
                if _has_any(key, characters):
                    path = format_path((*parent, key))
                    findings.append(Finding(path, f"The name {show(key)} at {path} contains {_characters_text(characters)}, which Intercom does not allow in attribute names.", key))
    return findings


def string_length(body: Any, params: dict[str, Any]) -> list[Finding]:
    limit = params["max"]
    findings = []
    for path, value in _selected(body, params["paths"]):
        if isinstance(value, str) and len(value) > limit:
            findings.append(Finding(path, f"{path} is a string of {len(value)} characters ({show(value)}), but Intercom keeps at most {limit}.", value))
    return findings


def is_monetary_amount(value: Any) -> bool:
    """Return whether ``value`` has the shape of Intercom's monetary amount: ``amount`` and an optional ``currency``."""
    return isinstance(value, dict) and "amount" in value and set(value) <= {"amount", "currency"}


def is_rich_link(value: Any) -> bool:
    """Return whether ``value`` has the shape of Intercom's rich link: exactly ``url`` and ``value``."""
    return isinstance(value, dict) and set(value) == {"url", "value"}


REQUEST_CHECKS: dict[str, tuple[CheckDefinition, CheckFunction]] = {
    "amount-integer-cents": (
        CheckDefinition(
            "amount-integer-cents",
            "A monetary amount is a positive integer number of cents (9995.0 counts, 1998.9999999999998 does not).",
            params={"paths": _PATH_LIST},
            required=("paths",),
            path_params=("paths",),
        ),
        amount_integer_cents,
    ),
    "timestamp-seconds": (
        CheckDefinition(
            "timestamp-seconds",
            "A timestamp is an integer number of unix seconds, not milliseconds (values above 1e11 are flagged).",
            params={"paths": _PATH_LIST},
            required=("paths",),
            path_params=("paths",),
        ),
        timestamp_seconds,
    ),
    "scalar-values": (
        CheckDefinition(
            "scalar-values",
            "Custom attribute and metadata values are strings, numbers, booleans or null, apart from the allowed object shapes.",
            params={
                "paths": _PATH_LIST,
                "allow": {"type": "array", "items": {"enum": [MONETARY_AMOUNT, RICH_LINK]}, "uniqueItems": True},
            },
            required=("paths",),
            path_params=("paths",),
        ),
        scalar_values,
    ),
    "metadata-max-keys": (
        CheckDefinition(
            "metadata-max-keys",
            "Event metadata has at most 10 keys.",
            params={"path": {"type": "string"}, "max": {"type": "integer", "minimum": 1}},
            required=("path", "max"),
            path_params=("path",),
        ),
        metadata_max_keys,
    ),
    "name-characters": (
        CheckDefinition(
            "name-characters",
            "Event names and custom attribute names contain no '.' or '$'.",
            params={
                "values": _PATH_LIST,
                "keys": _PATH_LIST,
                "characters": {"type": "string", "minLength": 1},
            },
            path_params=("values", "keys"),
        ),
        name_characters,
    ),
    "string-length": (
        CheckDefinition(
            "string-length",
            "A string value has at most 255 characters.",
            severity="warning",
            params={"paths": _PATH_LIST, "max": {"type": "integer", "minimum": 1}},
            required=("paths", "max"),
            path_params=("paths",),
        ),
        string_length,
    ),
}


def _selected(body: Any, paths: Iterable[Path]) -> Iterable[tuple[str, Any]]:
    for segments in paths:
        for concrete, value in select(body, segments):
            yield format_path(concrete), value


def _has_any(text: str, characters: str) -> bool:
    return any(character in text for character in characters)


def _characters_text(characters: str) -> str:
    return " or ".join(f"'{character}'" for character in characters)


def _allowed_objects_text(allowed: set[str]) -> str:
    shapes = []
    if MONETARY_AMOUNT in allowed:
        shapes.append("a monetary amount {amount, currency}")
    if RICH_LINK in allowed:
        shapes.append("a rich link {url, value}")
    return f", or {' or '.join(shapes)}" if shapes else ""
