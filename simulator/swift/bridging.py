"""Swift casts on values that analytics-swift hands to plugins as ``[String: Any]``.

analytics-swift (1.9.4, ``Sources/Segment/Utilities/JSON.swift``) stores JSON numbers as
``Decimal``, and ``dictionaryValue`` hands them to plugins as ``NSDecimalNumber``. Swift's
NSNumber bridging (SE-0170) then decides what ``as? Double``, ``is Int`` and ``is Double``
return. JSON strings are Swift ``String`` and never cast to a number. JSON booleans are
Swift ``Bool``.

The rules modeled here:
- ``as? String`` succeeds only for strings.
- ``as? Double`` succeeds for every JSON number, integral or not, and for no string or
  boolean.
- ``is Int`` is true for integral numbers within the Int64 range.
- ``is Double`` is true for numbers that a Double represents exactly.
- ``is Bool`` is true only for JSON booleans.

NOTE: on a phone an NSNumber holding exactly 0 or 1 may also pass ``is Bool``. No rule of
the Intercom plugin depends on that difference, because every number already passes
``is Int`` or ``is Double``.
"""

from __future__ import annotations

import math
from typing import Any

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def as_string(value: Any) -> str | None:
    """Return ``value as? String``."""
    return value if isinstance(value, str) else None


def as_double(value: Any) -> float | None:
    """Return ``value as? Double``: any JSON number as a float, else None."""
    if not is_number(value):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def as_bool(value: Any) -> bool | None:
    """Return ``value as? Bool``."""
    return value if isinstance(value, bool) else None


def is_int(value: Any) -> bool:
    """Return ``value is Int``."""
    if not is_number(value):
        return False
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return False
        value = int(value)
    return _INT64_MIN <= value <= _INT64_MAX


def is_double(value: Any) -> bool:
    """Return ``value is Double``."""
    if not is_number(value):
        return False
    if isinstance(value, float):
        return True
    try:
        return float(value) == value
    except OverflowError:
        return False


def is_bool(value: Any) -> bool:
    """Return ``value is Bool``."""
    return isinstance(value, bool)


def is_dictionary(value: Any) -> bool:
    """Return ``value is [String: Any]``."""
    return isinstance(value, dict)


def is_array(value: Any) -> bool:
    """Return ``value is [Any]``."""
    return isinstance(value, list)


def is_scalar_attribute(value: Any) -> bool:
    """Return whether the Intercom plugin keeps ``value`` as a custom attribute.

    The plugin keeps a value only when it ``is String``, ``is Int``, ``is Double`` or
    ``is Bool``, so null, dictionaries and arrays are dropped.
    """
    return isinstance(value, str) or is_int(value) or is_double(value) or is_bool(value)
