"""Errors in contract files and in the checker's configuration."""

from __future__ import annotations

from simulator.errors import Location, SimulatorError


class ContractError(SimulatorError):
    """A broken contract file or checker setting: the message names the place, the problem and the fix."""

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
