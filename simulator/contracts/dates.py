"""Reading Segment trait dates as instants, for the mapping contract's date matchers.

Segment's Intercom destination documentation writes sign-up and creation dates in three
forms, and the contract accepts each of them:

- ISO 8601 strings, with ``Z`` or an offset (no offset is read as UTC),
- JavaScript ``Date.toString()`` text, as in the documentation's Identify example:
  ``Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)``,
- numbers of unix seconds, or of milliseconds when larger than 1e11 (a date in seconds
  that large is after the year 5138).

This is the contract's own reading, written apart from the plugin's so that a wrong
reading in the plugin cannot make its own check pass.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from simulator.contracts.values import is_number

MILLISECONDS_THRESHOLD = 1e11
"""Unix times above this are milliseconds: as seconds they would be after the year 5138."""

_JAVASCRIPT_DATE = re.compile(
    r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2}) (?P<year>\d{4}) "
    r"(?P<clock>\d{2}:\d{2}:\d{2}) GMT(?P<sign>[+-])(?P<hours>\d{2})(?P<minutes>\d{2})(?: \(.*\))?$"
)


def read_instant(value: Any) -> float | None:
    """Return ``value`` as unix seconds, or None when it is not a date in a documented form."""
    if is_number(value):
        seconds = float(value)
        return seconds / 1000 if abs(seconds) > MILLISECONDS_THRESHOLD else seconds
    if not isinstance(value, str):
        return None

    text = value.strip()
    moment = _read_iso8601(text) or _read_javascript_date(text)
    return None if moment is None else moment.timestamp()


def _read_iso8601(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def _read_javascript_date(text: str) -> datetime | None:
    match = _JAVASCRIPT_DATE.match(text)
    if match is None:
        return None
    try:
        moment = datetime.strptime(f"{match['day']} {match['month']} {match['year']} {match['clock']}", "%d %b %Y %H:%M:%S")
    except ValueError:
        return None
    offset = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
    if match["sign"] == "-":
        offset = -offset
    return moment.replace(tzinfo=timezone(offset))
