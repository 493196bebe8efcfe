"""Swift casts on JSON values handed to plugins as [String: Any] (NSNumber bridging)."""

from __future__ import annotations

import pytest

from simulator.swift import bridging

BIG = 2**63
# Columns: value, as? String, as? Double, is Int, is Double, is Bool, kept as a custom attribute.
CASES = [
    pytest.param("5", "5", None, False, False, False, True, id="numeric string"),
    pytest.param(5, None, 5.0, True, True, False, True, id="integer"),
    pytest.param(5.0, None, 5.0, True, True, False, True, id="integral double"),
    pytest.param(5.5, None, 5.5, False, True, False, True, id="fraction"),
    pytest.param(True, None, None, False, False, True, True, id="true"),
    pytest.param(False, None, None, False, False, True, True, id="false"),
    pytest.param(BIG - 1, None, float(BIG - 1), True, False, False, True, id="int64 max"),
    pytest.param(-BIG, None, float(-BIG), True, True, False, True, id="int64 min"),
    pytest.param(BIG, None, float(BIG), False, True, False, True, id="past int64"),
    pytest.param(2**53 + 1, None, float(2**53 + 1), True, False, False, True, id="inexact as double"),
    pytest.param(None, None, None, False, False, False, False, id="null"),
    pytest.param({"a": 1}, None, None, False, False, False, False, id="dictionary"),
    pytest.param([1], None, None, False, False, False, False, id="array"),
]


@pytest.mark.parametrize(("value", "string", "double", "is_int", "is_double", "is_bool", "scalar"), CASES)
def test_casts(value, string, double, is_int, is_double, is_bool, scalar):
    """Each cast follows SE-0170 bridging of NSDecimalNumber, String and Bool."""
    assert bridging.as_string(value) == string
    assert bridging.as_double(value) == double
    assert bridging.is_int(value) is is_int
    assert bridging.is_double(value) is is_double
    assert bridging.is_bool(value) is is_bool
    assert bridging.is_scalar_attribute(value) is scalar


def test_double_overflow():
    """An integer too large for a Double does not cast to Double."""
    assert bridging.as_double(10**400) is None
    assert bridging.is_double(10**400) is False


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_not_int(value):
    """NaN and infinity are not Int."""
    assert bridging.is_int(value) is False


def test_as_bool():
    """as? Bool succeeds only for booleans."""
    assert bridging.as_bool(True) is True
    assert bridging.as_bool(1) is None
    assert bridging.as_bool("true") is None


@pytest.mark.parametrize(
    ("value", "dictionary", "array"),
    [({}, True, False), ([], False, True), ("x", False, False), (None, False, False)],
)
def test_container_checks(value, dictionary, array):
    """is [String: Any] and is [Any] match only mappings and lists."""
    assert bridging.is_dictionary(value) is dictionary
    assert bridging.is_array(value) is array
