"""analytics-swift's conversion of app values into its ``JSON`` enum and back to text.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/Utilities/JSON.swift`` and
``iso8601.swift``. Numbers are carried as ``Decimal``, so an integral double such as 5.0
encodes as ``5``. NaN and the infinities become ``0`` under the default
``jsonNonConformingNumberStrategy`` (``.zero``). Dates are ISO 8601 UTC strings with
milliseconds.

An integral double becomes the integer of its shortest decimal form, as Foundation's
Double-to-Decimal conversion gives it (``1e23`` is sent as ``100000000000000000000000``).

NOTE: doubles of 1e38 or more keep Python's float text (``1e+300``). Foundation's
Decimal cannot hold them exactly, and what analytics-swift sends then is unverified.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

_DECIMAL_INTEGER_LIMIT = 1e38
# About the year 3 million; larger unix times are shown as a number of seconds.
_MAX_CALENDAR_SECONDS = 1e14


def to_json_value(value: Any) -> Any:
    """Convert a scenario value into the JSON value analytics-swift would store."""
    if value is None or isinstance(value, (bool, str)):
        return value

    if isinstance(value, int):
        return value

    if isinstance(value, float):
        if not math.isfinite(value):
            return 0
        if value.is_integer() and abs(value) < _DECIMAL_INTEGER_LIMIT:
            return int(Decimal(repr(value)))
        return value

    if isinstance(value, datetime):
        return iso8601(value)

    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}

    if isinstance(value, (list, tuple)):
        return [to_json_value(item) for item in value]

    raise TypeError(f"value {value!r} of type {type(value).__name__} has no JSON form")


def iso8601(moment: datetime) -> str:
    """Format ``moment`` as analytics-swift does: ``2026-01-15T09:00:00.000Z``."""
    utc = moment.astimezone(timezone.utc)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}."
        f"{utc.microsecond // 1000:03d}Z"
    )


def iso8601_from_unix(seconds: float) -> str:
    """Format unix seconds as an ISO 8601 UTC string with milliseconds.

    Works for any year, so a millisecond timestamp read as seconds shows the far-future
    date (year 47516, say) that Intercom would receive, instead of failing.
    """
    if not math.isfinite(seconds) or abs(seconds) > _MAX_CALENDAR_SECONDS:
        return f"{seconds:g} seconds after 1970, past any calendar date"
    millis = math.floor(seconds * 1000)
    days, millis_of_day = divmod(millis, 86_400_000)
    year, month, day = _civil_from_days(days)
    hours, rest = divmod(millis_of_day, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{year:04d}-{month:02d}-{day:02d}T{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}Z"


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """Convert days since 1970-01-01 to a proleptic Gregorian (year, month, day)."""
    days += 719_468
    era = days // 146_097
    day_of_era = days - era * 146_097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_index = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_index + 2) // 5 + 1
    month = month_index + 3 if month_index < 10 else month_index - 9
    year = year_of_era + era * 400 + (1 if month <= 2 else 0)
    return year, month, day
