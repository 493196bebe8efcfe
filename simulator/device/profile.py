"""Hardware and app identity of the simulated phone, as analytics-swift reads it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class AppInfo:
    """The app's Info.plist values: display name, version, build and bundle id."""

    name: str
    version: str
    build: str
    namespace: str


@dataclass(frozen=True)
class DeviceProfile:
    """Model, OS, app, locale, timezone, screen and starting network of a phone."""

    model: str
    name: str
    os_name: str
    os_version: str
    app: AppInfo
    locale: str
    timezone: str
    screen_width: float
    screen_height: float
    network: str

    @classmethod
    def from_mapping(cls, device: dict[str, Any]) -> DeviceProfile:
        app = device["app"]
        return cls(
            model=device["model"],
            name=device["name"],
            os_name=device["os"]["name"],
            os_version=device["os"]["version"],
            app=AppInfo(app["name"], app["version"], app["build"], app["namespace"]),
            locale=device["locale"],
            timezone=device["timezone"],
            screen_width=device["screen"]["width"],
            screen_height=device["screen"]["height"],
            network=device["network"],
        )

    def with_app_version(self, version: str, build: str) -> DeviceProfile:
        return replace(self, app=replace(self.app, version=version, build=build))
