"""iOSLifecycleEvents: the ``Application ...`` tracks analytics-swift sends on iOS.

Source: segmentio/analytics-swift 1.9.4,
``Sources/Segment/Plugins/Platforms/iOS/iOSLifecycleEvents.swift``.

- Cold launch: ``Application Installed {version, build}`` when no build was stored
  before, or ``Application Updated {previous_version, previous_build, version, build}``
  when the build changed. Only the build is compared. Then ``Application Opened
  {from_background: false, version, build, referring_application, url}``. Then the
  current version and build are stored in ``UserDefaults.standard`` under
  ``SEGVersionKey`` and ``SEGBuildKeyV2``.
- Entering the background: ``Application Backgrounded`` with no properties.
- Returning from the background: ``Application Opened {from_background: true, version,
  build}``, then ``Application Foregrounded`` with no properties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.sdk.plugins import Plugin, PluginType

if TYPE_CHECKING:
    from simulator.device import Device

VERSION_KEY = "SEGVersionKey"
BUILD_KEY = "SEGBuildKeyV2"


class LifecycleEvents(Plugin):
    """Turns UIKit lifecycle notifications into tracked events."""

    type = PluginType.BEFORE

    def __init__(self, device: Device, tracked: frozenset[str]) -> None:
        super().__init__()
        self._device = device
        self._tracked = tracked
        self._defaults = device.storage.user_defaults("standard")
        self._was_backgrounded = False

    def did_finish_launching(self, url: str | None, referring_application: str | None) -> None:
        app = self._device.profile.app
        previous_version = self._defaults.get(VERSION_KEY)
        previous_build = self._defaults.get(BUILD_KEY)

        if previous_build is None:
            self._track("Application Installed", {"version": app.version, "build": app.build})
        elif previous_build != app.build:
            self._track("Application Updated", {
                "previous_version": previous_version or "",
                "previous_build": previous_build,
                "version": app.version,
                "build": app.build,
            })

        self._track("Application Opened", {
            "from_background": False,
            "version": app.version,
            "build": app.build,
            "referring_application": referring_application or "",
            "url": url or "",
        })

        self._defaults.set(VERSION_KEY, app.version)
        self._defaults.set(BUILD_KEY, app.build)

    def did_enter_background(self) -> None:
        self._was_backgrounded = True
        self._track("Application Backgrounded", None)

    def will_enter_foreground(self) -> None:
        app = self._device.profile.app
        self._track("Application Opened", {"from_background": True, "version": app.version, "build": app.build})

        if self._was_backgrounded:
            self._was_backgrounded = False
            self._track("Application Foregrounded", None)

    def _track(self, name: str, properties: dict | None) -> None:
        if name in self._tracked and self.analytics is not None:
            self.analytics.track(name, properties)
