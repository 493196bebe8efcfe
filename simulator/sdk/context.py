"""The Context plugin: fills ``context`` from the device, as analytics-swift does on iOS.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/Plugins/Context.swift`` and
``Plugins/Platforms/Vendors/AppleUtils.swift``. The event's own ``context`` keys win over
the computed ones (top-level replacement, no deep merge).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.sdk.plugins import Event, Plugin, PluginType
from simulator.sdk.version import LIBRARY_NAME, LIBRARY_VERSION

if TYPE_CHECKING:
    from simulator.device import Device


class Context(Plugin):
    """Adds app, device, os, screen, network, locale, timezone, library and userAgent."""

    type = PluginType.BEFORE

    def __init__(self, device: Device, instance_id: str) -> None:
        super().__init__()
        self._device = device
        self._instance_id = instance_id

    def execute(self, event: Event) -> Event | None:
        context = self._static_context()
        context["network"] = self._network()
        context["instanceId"] = self._instance_id

        context.update(event.get("context") or {})
        event["context"] = context
        return event

    def _static_context(self) -> dict[str, Any]:
        profile = self._device.profile
        app = profile.app
        return {
            "app": {"name": app.name, "version": app.version, "build": app.build, "namespace": app.namespace},
            "device": {
                "manufacturer": "Apple",
                "type": "ios",
                "model": profile.model,
                "name": profile.name,
                "id": self._device.identifier_for_vendor,
            },
            "os": {"name": profile.os_name, "version": profile.os_version},
            "screen": {"width": _number(profile.screen_width), "height": _number(profile.screen_height)},
            "locale": profile.locale,
            "timezone": profile.timezone,
            "library": {"name": LIBRARY_NAME, "version": LIBRARY_VERSION},
            "userAgent": self._user_agent(),
        }

    def _network(self) -> dict[str, bool]:
        state = self._device.network
        return {"bluetooth": False, "cellular": state == "cellular", "wifi": state == "wifi"}

    def _user_agent(self) -> str:
        profile = self._device.profile
        version = profile.os_version.split(".")
        if len(version) > 2 and version[2] == "0":
            version = version[:2]
        family = "iPad" if profile.name == "iPad" else "iPhone"
        os_words = "iPhone OS" if family == "iPhone" else "OS"
        return (
            f"Mozilla/5.0 ({family}; CPU {os_words} {'_'.join(version)} like Mac OS X) "
            "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
        )


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
