"""Per-run storage directory of the simulated phone.

It stands in for the app sandbox: ``UserDefaults`` suites are JSON files under
``UserDefaults/`` and the SDK's own files live under ``Application Support/``. Everything
is removed when the app is uninstalled or the run ends.

Values live in memory and are written to the suite's file when the storage is synced
(after every scenario step and at the end of the run), which keeps a run fast.

NOTE: real UserDefaults writes are asynchronous and can be lost on a crash. Here a
``kill`` never loses a UserDefaults value, because processes of one phone share the
in-memory suites.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


class UserDefaults:
    """One UserDefaults suite, stored as a JSON file."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._values: dict[str, Any] = {}
        self._dirty = False
        if path.exists():
            self._values = json.loads(path.read_text(encoding="utf-8"))

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value
        self._dirty = True

    def remove(self, key: str) -> None:
        if key in self._values:
            del self._values[key]
            self._dirty = True

    def sync(self) -> None:
        """Write the values to the suite's file if they changed since the last sync."""
        if self._dirty:
            self._save()
            self._dirty = False

    def _save(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self._path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(self._values, file, ensure_ascii=False)
        os.replace(temporary, self._path)


class DeviceStorage:
    """The app sandbox of one simulated phone, rooted in a temporary directory."""

    def __init__(self, root: Path | None = None) -> None:
        self._owned = root is None
        self.root = Path(tempfile.mkdtemp(prefix="simulated-phone-")) if root is None else root
        self.root.mkdir(parents=True, exist_ok=True)
        self._suites: dict[str, UserDefaults] = {}

    def user_defaults(self, suite: str = "standard") -> UserDefaults:
        """Return the suite's one shared instance, as ``UserDefaults(suiteName:)`` shares its storage."""
        if suite not in self._suites:
            self._suites[suite] = UserDefaults(self.root / "UserDefaults" / f"{suite}.json")
        return self._suites[suite]

    def sync(self) -> None:
        """Write every changed UserDefaults suite to its file."""
        for suite in self._suites.values():
            suite.sync()

    def application_support(self, *parts: str) -> Path:
        folder = self.root.joinpath("Application Support", *parts)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def wipe(self) -> None:
        """Delete everything, as uninstalling the app does."""
        self._suites.clear()
        for child in self.root.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()

    def close(self) -> None:
        if self._owned:
            shutil.rmtree(self.root, ignore_errors=True)
