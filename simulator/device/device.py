"""The simulated phone and the app lifecycle that UIKit drives.

Transitions follow the UIKit notifications that analytics-swift observes:
``didFinishLaunching``, ``didEnterBackground`` and ``willEnterForeground``. A cold launch
starts a new process, and backgrounding and returning keep it. ``terminate`` ends it after
a background transition, because iOS sends no event at termination. ``kill`` ends it with
no notification at all, as a crash or the OS reclaiming memory does.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Protocol

from simulator.device.clock import VirtualClock
from simulator.device.profile import DeviceProfile
from simulator.device.storage import DeviceStorage

NETWORK_STATES = ("offline", "wifi", "cellular")


class LifecycleError(Exception):
    """A lifecycle step that is impossible in the app's current state."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


class AppProcess(Protocol):
    """The handlers a running app provides for UIKit lifecycle notifications."""

    def did_finish_launching(self, url: str | None, referring_application: str | None) -> None: ...

    def did_enter_background(self) -> None: ...

    def will_enter_foreground(self) -> None: ...

    def network_changed(self) -> None:
        """React to a reachability change of the device's network."""

    def end(self) -> None:
        """Release the process's timers; simulator bookkeeping, not a UIKit notification."""


AppFactory = Callable[["Device"], AppProcess]


class Device:
    """A phone with one app on it, driven step by step by a scenario."""

    def __init__(self, profile: DeviceProfile, clock: VirtualClock, storage: DeviceStorage, seed: int) -> None:
        self.profile = profile
        self.clock = clock
        self.storage = storage
        self.network = profile.network
        self.random = random.Random(seed)
        self.installed = False
        self.state = "not_running"
        self.launch_count = 0
        self.process: AppProcess | None = None
        self._identifier_for_vendor = ""

    @property
    def identifier_for_vendor(self) -> str:
        """``UIDevice.identifierForVendor``: stable until the app is uninstalled."""
        return self._identifier_for_vendor

    def new_uuid(self) -> str:
        """Return an upper-case UUID string, as ``UUID().uuidString`` does, from the seeded RNG."""
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4)).upper()

    def launch(self, factory: AppFactory, url: str | None = None, referring_application: str | None = None) -> None:
        if self.process is not None:
            raise LifecycleError(
                "the app is already running",
                "add 'terminate' or 'kill' before this 'launch', or use 'foreground' to return from background",
            )

        if not self.installed:
            self.installed = True
            self._identifier_for_vendor = self.new_uuid()

        self.launch_count += 1
        self.state = "foreground"
        self.process = factory(self)
        self.process.did_finish_launching(url, referring_application)

    def background(self) -> None:
        process = self._require_state("foreground", "background", "add 'launch' or 'foreground' before it")
        self.state = "background"
        process.did_enter_background()

    def foreground(self) -> None:
        process = self._require_state("background", "foreground", "add 'background' before it, or 'launch' if the app is not running")
        self.state = "foreground"
        process.will_enter_foreground()

    def terminate(self) -> None:
        """End the process as the user does from the app switcher: background first, then exit."""
        if self.process is None:
            raise LifecycleError("the app is not running", "add 'launch' before 'terminate'")
        if self.state == "foreground":
            self.background()
        self._end_process()

    def kill(self) -> None:
        """End the process with no notification, as a crash or a jetsam kill does."""
        if self.process is None:
            raise LifecycleError("the app is not running", "add 'launch' before 'kill'")
        self._end_process()

    def update_app(self, version: str, build: str) -> None:
        """Install a new app version: a running app is terminated first, as the App Store does."""
        if not self.installed:
            raise LifecycleError("the app is not installed yet", "add 'launch' before 'update_app' to install the first version")
        if self.process is not None:
            self.terminate()
        self.profile = self.profile.with_app_version(version, build)

    def set_network(self, state: str) -> None:
        if state not in NETWORK_STATES:
            raise LifecycleError(f"unknown network state {state!r}", f"use one of {', '.join(NETWORK_STATES)}")
        self.network = state
        if self.process is not None:
            self.process.network_changed()

    def _require_state(self, expected: str, step: str, fix: str) -> AppProcess:
        if self.process is None or self.state != expected:
            current = "not running" if self.process is None else f"in the {self.state}"
            raise LifecycleError(f"'{step}' needs the app in the {expected}, but it is {current}", fix)
        return self.process

    def _end_process(self) -> None:
        if self.process is not None:
            self.process.end()
        self.process = None
        self.state = "not_running"
