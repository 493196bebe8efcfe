"""Errors in contract files and in the checker's configuration."""

from __future__ import annotations

from simulator.errors import LocatedError


class ContractError(LocatedError):
    """A broken contract file or checker setting: the message names the place, the problem and the fix.

    The location is None for a checker setting that comes from no file.
    """
