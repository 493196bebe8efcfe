"""Detection of snapshot files that no scenario uses any more."""

from __future__ import annotations

from pathlib import Path

from simulator.errors import SimulatorError
from simulator.scenario.loader import load_scenario


def stale_snapshots(folder: Path) -> list[Path]:
    """Return the snapshots in ``folder`` whose name matches no scenario with ``snapshot: true``.

    For ``fixtures/snapshots`` the scenarios are every ``*.yaml`` under
    ``fixtures/scenarios``; for any other ``snapshots`` folder they are the ``*.yaml``
    files beside it, which is where ``snapshot_folder_for`` puts their snapshots. Files
    that fail to load are skipped, so a broken scenario never gets its snapshot deleted.
    """
    if not folder.is_dir():
        return []

    if folder.parent.name == "fixtures":
        candidates = sorted((folder.parent / "scenarios").rglob("*.yaml"))
    else:
        candidates = sorted(folder.parent.glob("*.yaml"))
    names: set[str] = set()
    broken: set[str] = set()
    for path in candidates:
        try:
            scenario = load_scenario(path)
        except SimulatorError:
            broken.add(path.stem)
            continue
        if scenario.snapshot:
            names.add(scenario.name)

    return [path for path in sorted(folder.glob("*.json")) if path.stem not in names | broken]
