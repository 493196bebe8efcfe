"""The validated, defaults-filled form of a scenario file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from simulator.errors import Location

DEFAULT_SEED = 0
DEFAULT_START = datetime(2026, 1, 15, 9, 0, 0, tzinfo=timezone.utc)

DEFAULT_DEVICE: dict[str, Any] = {
    "model": "iPhone15,2",
    "name": "iPhone",
    "os": {"name": "iOS", "version": "17.4"},
    "app": {"name": "Demo", "version": "1.0.0", "build": "1", "namespace": "com.example.demo"},
    "locale": "en-US",
    "timezone": "America/Los_Angeles",
    "screen": {"width": 393, "height": 852},
    "network": "wifi",
}

DEFAULT_SDK: dict[str, Any] = {
    "writeKey": "DEMO_WRITE_KEY",
    "flushAt": 20,
    "flushInterval": 30,
    "trackApplicationLifecycleEvents": True,
}

DEFAULT_PLUGIN: dict[str, Any] = {"profile": "swift-1.0.1", "quirks": {}}

DEFAULT_INTERCOM: dict[str, Any] = {
    "apiVersion": "2.11",
    "identityVerification": False,
    "contacts": [],
    "companies": [],
    "faults": [],
}

STEP_KINDS = (
    "launch", "identify", "track", "screen", "group", "alias", "reset", "flush",
    "background", "foreground", "terminate", "kill", "advance", "network", "update_app",
    "settings_fetch_fails",
)


@dataclass(frozen=True)
class Step:
    """One scenario step: its kind, its validated arguments and where it was written."""

    index: int
    kind: str
    args: dict[str, Any]
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario with every default filled in.

    ``locations`` maps dotted key paths (``steps.3.track.event``) to 1-based
    (line, column) pairs, so later stages can point at the text that caused a problem.
    """

    name: str
    file: str
    seed: int = DEFAULT_SEED
    start: datetime = DEFAULT_START
    device: dict[str, Any] = field(default_factory=dict)
    sdk: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    plugin: dict[str, Any] = field(default_factory=dict)
    intercom: dict[str, Any] = field(default_factory=dict)
    segment: dict[str, Any] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()
    expect: dict[str, Any] = field(default_factory=dict)
    contracts: dict[str, Any] = field(default_factory=dict)
    snapshot: bool = False
    locations: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: str) -> Location:
        """Return the location of ``path``, or of its nearest recorded parent."""
        probe = path
        while probe:
            if probe in self.locations:
                line, column = self.locations[probe]
                return Location(self.file, line, column, path)
            probe = probe.rpartition(".")[0]
        return Location(self.file, None, None, path)
