"""JSON conversion and ISO 8601 formatting as analytics-swift does them."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.swift.json import iso8601, iso8601_from_unix, to_json_value

SECONDS_PER_400_YEARS = 146_097 * 86_400


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(5.0, 5, id="integral double"),
        pytest.param(-0.0, 0, id="negative zero"),
        pytest.param(1.25, 1.25, id="fraction"),
        pytest.param(math.nan, 0, id="nan"),
        pytest.param(math.inf, 0, id="infinity"),
        pytest.param(-math.inf, 0, id="negative infinity"),
        pytest.param(12, 12, id="integer"),
        pytest.param(True, True, id="boolean"),
        pytest.param(None, None, id="null"),
        pytest.param("5.0", "5.0", id="numeric string kept"),
    ],
)
def test_scalar_conversion(value, expected):
    """Integral doubles become integers, NaN and infinities become 0, other scalars stay."""
    converted = to_json_value(value)

    assert converted == expected
    assert type(converted) is type(expected)


def test_nested_conversion():
    """Lists, tuples and mappings are converted item by item, with keys turned into strings."""
    converted = to_json_value({"a": [1.0, (2.5, math.nan)], 3: {"b": 4.0}})

    assert json.dumps(converted) == '{"a": [1, [2.5, 0]], "3": {"b": 4}}'


def test_datetime_conversion():
    """A datetime becomes its ISO 8601 UTC string."""
    moment = datetime(2026, 1, 15, 9, 0, 0, 123456, tzinfo=timezone.utc)

    assert to_json_value({"at": moment}) == {"at": "2026-01-15T09:00:00.123Z"}


def test_unsupported_type():
    """A value with no JSON form raises TypeError."""
    with pytest.raises(TypeError):
        to_json_value({"bad": object()})


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        pytest.param(datetime(2026, 1, 15, 9, 0, tzinfo=timezone.utc), "2026-01-15T09:00:00.000Z", id="whole second"),
        pytest.param(datetime(2026, 1, 15, 9, 0, 0, 999_999, tzinfo=timezone.utc), "2026-01-15T09:00:00.999Z", id="milliseconds truncated"),
        pytest.param(datetime(2026, 1, 15, 1, 30, tzinfo=timezone(timedelta(hours=-8))), "2026-01-15T09:30:00.000Z", id="offset to UTC"),
    ],
)
def test_iso8601(moment, text):
    """iso8601 writes UTC with exactly three millisecond digits and Z."""
    assert iso8601(moment) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        pytest.param(0, "1970-01-01T00:00:00.000Z", id="epoch"),
        pytest.param(1_768_467_600.5, "2026-01-15T09:00:00.500Z", id="recent"),
        pytest.param(-1, "1969-12-31T23:59:59.000Z", id="before epoch"),
        pytest.param(951_782_400, "2000-02-29T00:00:00.000Z", id="leap day"),
    ],
)
def test_iso8601_from_unix(seconds, text):
    """iso8601_from_unix formats unix seconds as ISO 8601 UTC with milliseconds."""
    assert iso8601_from_unix(seconds) == text


def test_iso8601_pads_year():
    """iso8601 writes years before 1000 with four digits, as ISO 8601 requires."""
    assert iso8601(datetime(999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)) == "0999-12-31T23:59:59.000Z"


# From 1000-01-01 to 9999-12-31 in eighths of a second, which binary floats hold exactly.
@settings(database=None)
@given(st.integers(min_value=-30_610_224_000 * 8, max_value=253_402_300_799 * 8))
def test_unix_matches_datetime(eighths):
    """From year 1000 to 9999, iso8601_from_unix agrees with iso8601."""
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=eighths * 125)

    assert iso8601_from_unix(eighths / 8) == iso8601(moment)


def test_unix_far_future():
    """A millisecond timestamp read as seconds gives a far-future date instead of failing."""
    text = iso8601_from_unix(1_768_467_600_000)

    assert text.startswith("58010-")
    assert text.endswith("Z")


@settings(database=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=200))
def test_unix_400_year_cycle(seconds, cycles):
    """The Gregorian calendar repeats every 400 years, far past year 9999 too."""
    base = iso8601_from_unix(seconds)
    shifted = iso8601_from_unix(seconds + cycles * SECONDS_PER_400_YEARS)
    year, rest = base.split("-", 1)
    shifted_year, shifted_rest = shifted.split("-", 1)

    assert int(shifted_year) == int(year) + 400 * cycles
    assert shifted_rest == rest
