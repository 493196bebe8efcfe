"""Detection of snapshot files that no scenario uses any more."""

from __future__ import annotations

from pathlib import Path

from simulator.errors import SimulatorError
from simulator.scenario.loader import load_scenario


def stale_snapshots(folder: Path) -> list[Path]:
    """Return the snapshots in ``folder`` whose name matches no scenario with ``snapshot: true``.

    The scenarios are those under the ``scenarios`` folder beside ``folder`` (for
    ``fixtures/snapshots`` that is ``fixtures/scenarios``). Files that fail to load are
    skipped, so a broken scenario never gets its snapshot deleted.
    """
    if not folder.is_dir():
        return []

    scenarios_folder = folder.parent / "scenarios"
    names: set[str] = set()
    broken: set[str] = set()
    for path in sorted(scenarios_folder.rglob("*.yaml")) if scenarios_folder.is_dir() else []:
        try:
            scenario = load_scenario(path)
        except SimulatorError:
            broken.add(path.stem)
            continue
        if scenario.snapshot:
            names.add(scenario.name)

    return [path for path in sorted(folder.glob("*.json")) if path.stem not in names | broken]
