"""Trait dates read by the mapping contract's date matchers."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.contracts.dates import read_instant

MOMENT = 1_522_086_291.0  # 2018-03-26T17:44:51Z


@pytest.mark.parametrize(("value", "seconds"), [
    ("2018-03-26T17:44:51Z", MOMENT),
    ("2018-03-26T17:44:51.000Z", MOMENT),
    ("2018-03-26T19:44:51+02:00", MOMENT),
    ("2018-03-26T17:44:51", MOMENT),
    ("Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)", MOMENT),
    ("Mon Mar 26 2018 19:44:51 GMT+0200 (CEST)", MOMENT),
    ("Mon Mar 26 2018 12:44:51 GMT-0500", MOMENT),
    (1_522_086_291, MOMENT),
    (1_522_086_291_000, MOMENT),
    (1_522_086_291.5, MOMENT + 0.5),
])
def test_read_instant(value: Any, seconds: float) -> None:
    assert read_instant(value) == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["yesterday", "Mon Mar 26 2018", "Xyz Mar 26 2018 17:44:51 GMT+0000", "", None, True, {"at": 1}])
def test_read_instant_rejects(value: Any) -> None:
    assert read_instant(value) is None
