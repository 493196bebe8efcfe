"""Device: app lifecycle transitions, network state and seeded identifiers."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from simulator.device import Device, DeviceProfile, DeviceStorage, LifecycleError, VirtualClock
from simulator.scenario.model import DEFAULT_DEVICE

UPPER_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")


class RecordingApp:
    """An app process that records the notifications it gets."""

    def __init__(self, device: Device, log: list[str]) -> None:
        self.device = device
        self.log = log

    def did_finish_launching(self, url, referring_application) -> None:
        self.log.append(f"launch url={url} referrer={referring_application}")

    def did_enter_background(self) -> None:
        self.log.append("background")

    def will_enter_foreground(self) -> None:
        self.log.append("foreground")

    def end(self) -> None:
        self.log.append("end")


@pytest.fixture
def phone(tmp_path):
    clock = VirtualClock(datetime(2026, 1, 15, tzinfo=timezone.utc))
    return Device(DeviceProfile.from_mapping(DEFAULT_DEVICE), clock, DeviceStorage(tmp_path), seed=3)


@pytest.fixture
def log():
    return []


@pytest.fixture
def factory(log):
    return lambda device: RecordingApp(device, log)


def test_launch_starts_process(phone, factory, log):
    """launch makes a new process in the foreground and passes it the url and referrer."""
    phone.launch(factory, "demo://x", "com.apple.mobilesafari")

    assert phone.state == "foreground"
    assert phone.installed is True
    assert phone.launch_count == 1
    assert log == ["launch url=demo://x referrer=com.apple.mobilesafari"]


def test_background_and_foreground(phone, factory, log):
    """background and foreground keep the process and notify it."""
    phone.launch(factory)
    process = phone.process

    phone.background()
    assert phone.state == "background"
    phone.foreground()

    assert phone.state == "foreground"
    assert phone.process is process
    assert log[1:] == ["background", "foreground"]


def test_terminate_backgrounds_first(phone, factory, log):
    """terminate from the foreground sends the process to the background, then ends it."""
    phone.launch(factory)

    phone.terminate()

    assert log[1:] == ["background", "end"]
    assert phone.process is None
    assert phone.state == "not_running"


def test_terminate_from_background(phone, factory, log):
    """terminate from the background ends the process without a second background notification."""
    phone.launch(factory)
    phone.background()

    phone.terminate()

    assert log[1:] == ["background", "end"]


def test_kill_has_no_notification(phone, factory, log):
    """kill ends the process without a background notification."""
    phone.launch(factory)

    phone.kill()

    assert log[1:] == ["end"]
    assert phone.process is None


def test_relaunch_is_new_process(phone, factory):
    """A launch after the process ended makes a new process and counts the launch."""
    phone.launch(factory)
    first = phone.process
    phone.kill()

    phone.launch(factory)

    assert phone.process is not first
    assert phone.launch_count == 2


def transition(phone, factory, name):
    if name == "launch":
        phone.launch(factory)
    else:
        getattr(phone, name)()


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        pytest.param(["launch"], "launch", id="launch while running"),
        pytest.param([], "background", id="background while not running"),
        pytest.param(["launch", "background"], "background", id="background twice"),
        pytest.param(["launch"], "foreground", id="foreground while in foreground"),
        pytest.param([], "foreground", id="foreground while not running"),
        pytest.param([], "terminate", id="terminate while not running"),
        pytest.param([], "kill", id="kill while not running"),
    ],
)
def test_impossible_transition(phone, factory, setup, action):
    """A transition the app's state does not allow raises LifecycleError with a fix."""
    for name in setup:
        transition(phone, factory, name)

    with pytest.raises(LifecycleError) as raised:
        transition(phone, factory, action)

    assert raised.value.fix


def test_update_before_install(phone):
    """update_app before the first launch raises LifecycleError."""
    with pytest.raises(LifecycleError):
        phone.update_app("1.1", "2")


def test_update_terminates_running_app(phone, factory, log):
    """update_app on a running app terminates it and changes the app version and build."""
    phone.launch(factory)

    phone.update_app("1.1", "2")

    assert log[1:] == ["background", "end"]
    assert phone.process is None
    assert (phone.profile.app.version, phone.profile.app.build) == ("1.1", "2")


@pytest.mark.parametrize("state", ["offline", "wifi", "cellular"])
def test_set_network(phone, state):
    """set_network accepts offline, wifi and cellular."""
    phone.set_network(state)

    assert phone.network == state


def test_set_network_unknown(phone):
    """An unknown network state raises LifecycleError."""
    with pytest.raises(LifecycleError):
        phone.set_network("5g")


def test_uuid_format(phone):
    """new_uuid returns upper-case version 4 UUID strings."""
    for _ in range(20):
        assert UPPER_UUID.match(phone.new_uuid())


def test_uuid_seeded(tmp_path):
    """Devices with the same seed make the same UUIDs, and another seed makes others."""
    def uuids(seed: int) -> list[str]:
        clock = VirtualClock(datetime(2026, 1, 15, tzinfo=timezone.utc))
        device = Device(DeviceProfile.from_mapping(DEFAULT_DEVICE), clock, DeviceStorage(tmp_path / str(seed)), seed=seed)
        return [device.new_uuid() for _ in range(3)]

    assert uuids(1) == uuids(1)
    assert uuids(1) != uuids(2)


def test_vendor_id_stable(phone, factory):
    """identifierForVendor is set at install and kept across launches."""
    phone.launch(factory)
    vendor_id = phone.identifier_for_vendor
    phone.kill()

    phone.launch(factory)

    assert UPPER_UUID.match(vendor_id)
    assert phone.identifier_for_vendor == vendor_id


def test_profile_from_mapping():
    """DeviceProfile.from_mapping reads model, OS, app, locale, timezone, screen and network."""
    profile = DeviceProfile.from_mapping(DEFAULT_DEVICE)

    assert profile.model == "iPhone15,2"
    assert (profile.os_name, profile.os_version) == ("iOS", "17.4")
    assert (profile.app.version, profile.app.build) == ("1.0.0", "1")
    assert (profile.screen_width, profile.screen_height) == (393, 852)
    assert profile.network == "wifi"


def test_profile_new_version_is_copy():
    """with_app_version returns a new profile and leaves the original unchanged."""
    profile = DeviceProfile.from_mapping(DEFAULT_DEVICE)

    updated = profile.with_app_version("2.0", "9")

    assert (updated.app.version, updated.app.build) == ("2.0", "9")
    assert (profile.app.version, profile.app.build) == ("1.0.0", "1")
    assert updated.model == profile.model
