"""VirtualClock: time moves only through advance, and timers fire on the way."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from simulator.device.clock import VirtualClock

START = datetime(2026, 1, 15, 9, 0, 0, tzinfo=timezone.utc)


def test_clock_starts_at_start():
    """A new clock reads its start time and zero elapsed seconds."""
    clock = VirtualClock(START)

    assert clock.now() == START
    assert clock.elapsed == 0
    assert clock.iso() == "2026-01-15T09:00:00.000Z"
    assert clock.unix() == START.timestamp()


def test_advance_moves_time():
    """advance adds its seconds to now and elapsed."""
    clock = VirtualClock(START)

    clock.advance(1.5)
    clock.advance(60)

    assert clock.elapsed == 61.5
    assert clock.now() == START + timedelta(seconds=61.5)
    assert clock.iso() == "2026-01-15T09:01:01.500Z"


def test_advance_negative():
    """Moving the clock backwards raises ValueError."""
    clock = VirtualClock(START)

    with pytest.raises(ValueError):
        clock.advance(-1)


def test_call_later_fires_once_at_due_time():
    """A call_later timer fires once, and elapsed reads its due time while it runs."""
    clock = VirtualClock(START)
    fired: list[float] = []
    clock.call_later(5, lambda: fired.append(clock.elapsed))

    clock.advance(4.999)
    assert fired == []

    clock.advance(100)
    assert fired == [5]
    assert clock.elapsed == 104.999


def test_call_every_repeats():
    """A call_every timer fires at each multiple of its interval inside one advance."""
    clock = VirtualClock(START)
    fired: list[float] = []
    clock.call_every(30, lambda: fired.append(clock.elapsed))

    clock.advance(95)

    assert fired == [30, 60, 90]


@pytest.mark.parametrize("interval", [0, -5])
def test_call_every_needs_positive_interval(interval):
    """A repeating timer with an interval of zero or less raises ValueError."""
    clock = VirtualClock(START)

    with pytest.raises(ValueError):
        clock.call_every(interval, lambda: None)


def test_cancel_stops_timer():
    """A cancelled timer never fires again."""
    clock = VirtualClock(START)
    fired: list[float] = []
    handle = clock.call_every(10, lambda: fired.append(clock.elapsed))
    clock.advance(15)

    handle.cancel()
    clock.advance(100)

    assert fired == [10]


def test_timers_fire_in_due_order():
    """Timers fire in due-time order, and timers due together fire in the order they were made."""
    clock = VirtualClock(START)
    fired: list[str] = []
    clock.call_later(20, lambda: fired.append("late"))
    clock.call_later(10, lambda: fired.append("first tie"))
    clock.call_later(10, lambda: fired.append("second tie"))

    clock.advance(30)

    assert fired == ["first tie", "second tie", "late"]


def test_timer_made_in_callback():
    """A timer scheduled by a callback fires in the same advance when it falls due within it."""
    clock = VirtualClock(START)
    fired: list[float] = []
    clock.call_later(5, lambda: clock.call_later(1, lambda: fired.append(clock.elapsed)))

    clock.advance(10)

    assert fired == [6]
