"""The app under test: what a scenario's phone runs in each process.

It is the set-up from Segment's Intercom destination docs:
``Analytics(configuration: Configuration(writeKey).flushAt(...)
.trackApplicationLifecycleEvents(...))`` followed by
``analytics.add(plugin: IntercomDestination())``. Each launch builds a new instance,
as a new process does, with a new Swift hash seed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.intercom.destination import IntercomDestination
from simulator.intercom.mobile_sdk import IntercomSDK
from simulator.intercom.outbox import IntercomLedger
from simulator.intercom.profiles import Quirks
from simulator.sdk.analytics import Analytics
from simulator.sdk.configuration import Configuration
from simulator.swift.dictionary import SwiftHasher

if TYPE_CHECKING:
    from simulator.device import Device
    from simulator.network import HttpClient
    from simulator.trace import Trace


class SimulatedApp:
    """One process of the app: analytics-swift with the Intercom destination added."""

    def __init__(self, device: Device, sdk_options: dict[str, Any], http: HttpClient, trace: Trace,
                 quirks: Quirks, api_version: str, seed: int, ledger: IntercomLedger | None = None) -> None:
        configuration = (
            Configuration(sdk_options["writeKey"])
            .flush_at(sdk_options["flushAt"])
            .flush_interval(sdk_options["flushInterval"])
            .track_application_lifecycle_events(sdk_options["trackApplicationLifecycleEvents"])
        )
        self.hasher = SwiftHasher(seed * 1_000_003 + device.launch_count)
        self.analytics = Analytics(configuration, device, http, trace)
        self.intercom = IntercomSDK(device, http, trace, api_version, ledger)
        self.destination = IntercomDestination(self.intercom, quirks, self.hasher)
        self.analytics.add(self.destination)

    def did_finish_launching(self, url: str | None, referring_application: str | None) -> None:
        """Post the launch notification, then let the first settings fetch finish.

        On a phone the fetch is still in flight when UIKit posts
        ``didFinishLaunchingNotification``, so the launch events wait in the StartupQueue.
        """
        if self.analytics.lifecycle is not None:
            self.analytics.lifecycle.did_finish_launching(url, referring_application)
        self.analytics.start()

    def did_enter_background(self) -> None:
        if self.analytics.lifecycle is not None:
            self.analytics.lifecycle.did_enter_background()
        self.analytics.flush()

    def will_enter_foreground(self) -> None:
        if self.analytics.lifecycle is not None:
            self.analytics.lifecycle.will_enter_foreground()
        self.analytics.check_settings_if_needed()

    def network_changed(self) -> None:
        self.intercom.network_changed()

    def end(self) -> None:
        self.analytics.shutdown()
        self.intercom.end()
