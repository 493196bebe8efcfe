"""A phone wired to the fake Segment services, for driving ``Analytics`` directly."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
import respx

from simulator.device import Device, DeviceProfile, DeviceStorage, VirtualClock
from simulator.fake_segment import SegmentIngest, SettingsCdn
from simulator.network import HttpClient, add_catch_all
from simulator.scenario.model import DEFAULT_DEVICE, DEFAULT_START
from simulator.sdk.analytics import Analytics
from simulator.sdk.configuration import Configuration
from simulator.sdk.plugins import EventPlugin, PluginType
from simulator.trace import Trace

WRITE_KEY = "UNIT_WRITE_KEY"
SETTINGS: dict[str, Any] = {"integrations": {}}


class Recorder(EventPlugin):
    """An event plugin of any type that stores each event, settings update, reset and flush it gets."""

    def __init__(self, kind: PluginType = PluginType.BEFORE) -> None:
        super().__init__()
        self.type = kind
        self.events: list[dict[str, Any]] = []
        self.updates: list[str] = []
        self.resets = 0
        self.flushes = 0

    def execute(self, event: dict[str, Any]) -> dict[str, Any]:
        self.events.append(copy.deepcopy(event))
        return event

    def update(self, settings: dict[str, Any], type: Any) -> None:
        self.updates.append(type.value)

    def reset(self) -> None:
        self.resets += 1

    def flush(self) -> None:
        self.flushes += 1


class Phone:
    """A device, its HTTP stack and the fake Segment CDN and ingest, sharing one storage."""

    def __init__(self, storage: DeviceStorage, settings: dict[str, Any]) -> None:
        self.clock = VirtualClock(DEFAULT_START)
        self.storage = storage
        self.device = Device(DeviceProfile.from_mapping(DEFAULT_DEVICE), self.clock, storage, seed=1)
        self.trace = Trace()
        self.cdn = SettingsCdn(WRITE_KEY, settings)
        self.ingest = SegmentIngest(WRITE_KEY)

        router = respx.Router(assert_all_called=False, assert_all_mocked=True)
        self.cdn.mount(router)
        self.ingest.mount(router)
        add_catch_all(router, self.trace, [])
        transport = httpx.MockTransport(router.handler)
        self.http = HttpClient(transport, self.trace, is_online=lambda: self.device.network != "offline")

    def analytics(self, configuration: Configuration | None = None) -> Analytics:
        """Return a new, not yet started ``Analytics``, as a new app process creates it."""
        configuration = configuration or Configuration(WRITE_KEY).track_application_lifecycle_events(False)
        return Analytics(configuration, self.device, self.http, self.trace)

    def settings_fetches(self) -> int:
        return sum(1 for request in self.trace.all_requests() if request.service == "settings")

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def phone(tmp_path):
    """A phone whose settings CDN serves only the ``Segment.io`` entry."""
    device = Phone(DeviceStorage(tmp_path / "phone"), SETTINGS)
    yield device
    device.close()
