"""JSON value helpers shared by the checks: type names, equality and short display text."""

from __future__ import annotations

import json
import math
from typing import Any

JSON_TYPES = ("string", "number", "integer", "boolean", "null", "object", "array")
"""Type names that contract files may use, with JSON Schema's meaning."""

_DISPLAY_LIMIT = 80


def is_number(value: Any) -> bool:
    """Return whether ``value`` is a JSON number, which a boolean is not."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_integral(value: Any) -> bool:
    """Return whether ``value`` is a number without a fractional part, such as 9995 or 9995.0."""
    if not is_number(value):
        return False
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return True


def has_type(value: Any, name: str) -> bool:
    """Return whether ``value`` has the JSON type ``name``, where ``integer`` accepts 5.0 as JSON Schema does."""
    if name == "string":
        return isinstance(value, str)
    if name == "number":
        return is_number(value)
    if name == "integer":
        return is_integral(value)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    raise ValueError(f"unknown JSON type {name!r}")


def type_name(value: Any) -> str:
    """Return the JSON type of ``value``, with ``integer`` for a number that is integral."""
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if has_type(value, name):
            return name
    return type(value).__name__


def describe(value: Any) -> str:
    """Return the JSON type and text of ``value``, such as 'string "12"', or just 'null'."""
    if value is None:
        return "null"
    return f"{type_name(value)} {show(value)}"


def json_equal(left: Any, right: Any) -> bool:
    """Compare two JSON values: 5 equals 5.0, but true does not equal 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) and is_number(right):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(json_equal(a, b) for a, b in zip(left, right))
    return type(left) is type(right) and left == right


def show(value: Any) -> str:
    """Return ``value`` as compact JSON text, cut to about 80 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True, separators=(", ", ": "))
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > _DISPLAY_LIMIT:
        text = text[: _DISPLAY_LIMIT - 3] + "..."
    return text
