"""DeviceStorage and UserDefaults: the app sandbox of the simulated phone."""

from __future__ import annotations

import pytest

from simulator.device.storage import DeviceStorage, UserDefaults


def test_defaults_persist(tmp_path):
    """A value set in a suite is read back by a new UserDefaults on the same suite."""
    storage = DeviceStorage(tmp_path)
    storage.user_defaults("suite").set("key", {"nested": [1, "two"]})

    assert storage.user_defaults("suite").get("key") == {"nested": [1, "two"]}


def test_defaults_missing_key(tmp_path):
    """A missing key returns the given default."""
    defaults = DeviceStorage(tmp_path).user_defaults("suite")

    assert defaults.get("absent") is None
    assert defaults.get("absent", 7) == 7


def test_suites_are_separate(tmp_path):
    """Suites with different names do not share keys."""
    storage = DeviceStorage(tmp_path)
    storage.user_defaults("one").set("key", 1)

    assert storage.user_defaults("two").get("key") is None
    assert storage.user_defaults().get("key") is None


def test_defaults_remove_persists(tmp_path):
    """A removed key is gone for later readers too."""
    storage = DeviceStorage(tmp_path)
    storage.user_defaults("suite").set("key", "value")

    storage.user_defaults("suite").remove("key")

    assert storage.user_defaults("suite").get("key", "default") == "default"


def test_remove_null_value_persists(tmp_path):
    """Removing a key whose value is null also removes it from the file."""
    path = tmp_path / "suite.json"
    UserDefaults(path).set("key", None)

    UserDefaults(path).remove("key")

    assert UserDefaults(path).get("key", "default") == "default"


def test_application_support_folder(tmp_path):
    """application_support creates and returns a folder under Application Support."""
    folder = DeviceStorage(tmp_path).application_support("segment", "KEY")

    assert folder.is_dir()
    assert folder == tmp_path / "Application Support" / "segment" / "KEY"


def test_wipe_empties_root(tmp_path):
    """wipe deletes every file and folder but keeps the root."""
    storage = DeviceStorage(tmp_path / "root")
    storage.user_defaults("suite").set("key", 1)
    (storage.application_support("segment") / "file").write_text("x")
    (storage.root / "loose").write_text("x")

    storage.wipe()

    assert storage.root.is_dir()
    assert list(storage.root.iterdir()) == []


def test_close_removes_owned_root():
    """close deletes a temporary root the storage made itself."""
    storage = DeviceStorage()
    storage.user_defaults("suite").set("key", 1)

    storage.close()

    assert not storage.root.exists()


def test_close_keeps_given_root(tmp_path):
    """close leaves a root that the caller passed in."""
    storage = DeviceStorage(tmp_path / "root")
    storage.user_defaults("suite").set("key", 1)

    storage.close()

    assert storage.root.is_dir()
