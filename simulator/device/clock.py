"""Virtual time of the simulated phone.

Nothing in the simulator reads the wall clock or sleeps. Time moves only when a scenario
step says so, and timers (such as analytics-swift's interval flush) fire while it moves.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from simulator.swift.json import iso8601


@dataclass(order=True)
class _Timer:
    due: float
    order: int
    callback: Callable[[], None] = field(compare=False)
    interval: float | None = field(compare=False, default=None)
    cancelled: bool = field(compare=False, default=False)


class TimerHandle:
    """A scheduled timer that can be cancelled."""

    def __init__(self, timer: _Timer) -> None:
        self._timer = timer

    def cancel(self) -> None:
        self._timer.cancelled = True


class VirtualClock:
    """A clock that starts at ``start`` and moves only through ``advance``."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._elapsed = 0.0
        self._timers: list[_Timer] = []
        self._order = itertools.count()

    @property
    def elapsed(self) -> float:
        """Seconds since the start of the run."""
        return self._elapsed

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._elapsed)

    def unix(self) -> float:
        return self.now().timestamp()

    def iso(self) -> str:
        return iso8601(self.now())

    def call_later(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        return self._schedule(delay, callback, None)

    def call_every(self, interval: float, callback: Callable[[], None]) -> TimerHandle:
        if interval <= 0:
            raise ValueError(f"timer interval must be positive, got {interval!r}")
        return self._schedule(interval, callback, interval)

    def advance(self, seconds: float) -> None:
        """Move time forward, firing due timers in order at their due time."""
        if seconds < 0:
            raise ValueError(f"cannot move the clock backwards by {seconds!r} s")

        target = self._elapsed + seconds
        while self._timers and self._timers[0].due <= target:
            timer = heapq.heappop(self._timers)
            if timer.cancelled:
                continue

            self._elapsed = timer.due
            if timer.interval is not None:
                timer.due += timer.interval
                heapq.heappush(self._timers, timer)
            timer.callback()

        self._elapsed = target

    def _schedule(self, delay: float, callback: Callable[[], None], interval: float | None) -> TimerHandle:
        timer = _Timer(self._elapsed + delay, next(self._order), callback, interval)
        heapq.heappush(self._timers, timer)
        return TimerHandle(timer)
