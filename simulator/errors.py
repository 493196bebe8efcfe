"""Exception tree of the simulator.

Every error a user can cause is a ``SimulatorError``. The CLI prints its message and exits
with code 2, so messages name the file, line, column or key, the bad value and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass


class SimulatorError(Exception):
    """Base class of every error the simulator raises on purpose."""


@dataclass(frozen=True)
class Location:
    """A place in a scenario file: 1-based line and column, and the dotted key path."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place


class LocatedError(SimulatorError):
    """An error at a place in an input file: the message names the place, the problem and the fix."""

    def __init__(self, location: Location | None, message: str, fix: str | None = None) -> None:
        self.location = location
        self.problem = message
        self.fix = fix
        text = ""
        if location is not None:
            text = f"{location}: "
            if location.path:
                text += f"{location.path}: "
        text += message
        if fix:
            text += f" Fix: {fix}"
        super().__init__(text)


class ScenarioError(LocatedError):
    """Invalid scenario input: the message names the location, the value and the fix."""

    def __init__(self, location: Location, message: str, fix: str | None = None) -> None:
        super().__init__(location, message, fix)


class UsageError(SimulatorError):
    """Invalid command-line usage, such as a missing file or an unknown profile name."""
