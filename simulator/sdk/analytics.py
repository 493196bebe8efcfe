"""``Analytics``: the app-facing object of the simulated analytics-swift SDK.

Source: segmentio/analytics-swift 1.9.4 (``Analytics.swift``, ``Events.swift``,
``Startup.swift``, ``Settings.swift``, ``Types.swift``).

- Start-up adds StartupQueue, SegmentDestination, Context and, when lifecycle tracking is
  on, the lifecycle plugin. Events wait in the StartupQueue until the first settings
  fetch finishes.
- Each call stamps ``anonymousId``, ``userId``, an upper-case UUID ``messageId``, an
  ISO 8601 millisecond ``timestamp``, empty ``integrations`` and ``_metadata`` at call
  time. Nil fields are left out.
- ``identify`` replaces the stored traits when traits are given and keeps them when
  only a userId is. ``alias`` sets the userId and sends the previous one as
  ``previousId``, left out when the user was anonymous.
- ``reset`` makes a new anonymousId, clears userId and traits, and calls ``reset()`` on
  every event plugin. It sends no event and does not flush.
- Settings come from the cache of the previous launch, else from ``defaultSettings``,
  until a fetch succeeds. Each plugin gets ``update(settings, initial)`` once, then
  ``refresh`` on later fetches. A fetch repeats when the app returns from the
  background, at most once every 10 seconds.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from simulator.network import NetworkUnavailable
from simulator.sdk.configuration import Configuration
from simulator.sdk.context import Context
from simulator.sdk.lifecycle import LifecycleEvents
from simulator.sdk.plugins import DestinationPlugin, Event, EventPlugin, Plugin, UpdateType
from simulator.sdk.segment_destination import SegmentDestination
from simulator.sdk.startup_queue import StartupQueue
from simulator.sdk.timeline import Timeline
from simulator.sdk.user_info import UserInfo
from simulator.sdk.version import USER_AGENT
from simulator.swift.json import to_json_value

if TYPE_CHECKING:
    from simulator.device import Device
    from simulator.device.clock import TimerHandle
    from simulator.network import HttpClient
    from simulator.trace import Trace

SETTINGS_CHECK_INTERVAL = 10.0
_KEEP_TRAITS = object()


class Analytics:
    """One analytics-swift instance inside one app process."""

    def __init__(self, configuration: Configuration, device: Device, http: HttpClient, trace: Trace) -> None:
        self.configuration = configuration
        self.device = device
        self.running = False
        self.enabled = True
        self._http = http
        self._trace = trace
        self._defaults = device.storage.user_defaults(f"com.segment.storage.{configuration.write_key}")
        self.settings: dict[str, Any] = self._defaults.get("segment.settings") or copy.deepcopy(configuration.default_settings)
        self.user = UserInfo(self._defaults, device.new_uuid)
        self.timeline = Timeline()
        self._initialized: set[int] = set()
        self._last_settings_check: float | None = None
        self._interval_timer: TimerHandle | None = None
        self.emitted_message_ids: list[str] = []

        self.startup_queue = StartupQueue()
        self.add(self.startup_queue)
        self.segment: SegmentDestination | None = None
        if configuration.auto_add_segment_destination:
            self.segment = SegmentDestination(device, http, configuration.write_key, configuration.flush_at_count)
            self.add(self.segment)
        self.add(Context(device, device.new_uuid()))
        self.lifecycle: LifecycleEvents | None = None
        if configuration.tracked_lifecycle_events:
            self.lifecycle = LifecycleEvents(device, configuration.tracked_lifecycle_events)
            self.add(self.lifecycle)

    @property
    def trace(self) -> Trace:
        """The run's trace, which destinations report the events they handled to."""
        return self._trace

    # Plugins

    def add(self, plugin: Plugin) -> Plugin:
        """Add a plugin; when the SDK is already running it gets its initial update at once."""
        self.timeline.add(plugin, self)
        if self.running:
            self._update_plugin(plugin)
        return plugin

    def find(self, plugin_class: type[Plugin]) -> Plugin | None:
        return self.timeline.find(plugin_class)

    # Start-up and settings

    def start(self) -> None:
        """Finish the first settings fetch, update every plugin and replay the StartupQueue."""
        self._check_settings()
        self._interval_timer = self.device.clock.call_every(self.configuration.flush_interval_seconds, self.flush)

    def shutdown(self) -> None:
        """Stop timers when the process ends; nothing is flushed."""
        if self._interval_timer is not None:
            self._interval_timer.cancel()
            self._interval_timer = None

    def check_settings_if_needed(self) -> None:
        """Fetch settings again on return from the background, debounced to 10 seconds."""
        now = self.device.clock.elapsed
        if self._last_settings_check is not None and now - self._last_settings_check < SETTINGS_CHECK_INTERVAL:
            return
        self.running = False
        self._check_settings()

    def _check_settings(self) -> None:
        self._last_settings_check = self.device.clock.elapsed
        fetched = self._fetch_settings()
        if fetched is not None:
            self.settings = fetched
            self._defaults.set("segment.settings", fetched)

        self.timeline.apply(self._update_plugin)
        self.running = True
        for event in self.startup_queue.drain():
            self._process(event)

    def _fetch_settings(self) -> dict[str, Any] | None:
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT, "Accept-Encoding": "gzip"}
        try:
            response = self._http.request("settings", "GET", self.configuration.settings_url(), headers=headers)
        except NetworkUnavailable:
            return None

        if response.status_code > 300:
            return None
        try:
            body = response.json()
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    def _update_plugin(self, plugin: Plugin) -> None:
        kind = UpdateType.REFRESH if id(plugin) in self._initialized else UpdateType.INITIAL
        self._initialized.add(id(plugin))
        plugin.update(copy.deepcopy(self.settings), kind)

    # Event API

    def track(self, name: str, properties: dict[str, Any] | None = None, integrations: dict[str, Any] | None = None) -> None:
        event: Event = {"type": "track", "event": name}
        if properties is not None:
            event["properties"] = to_json_value(properties)
        self._emit(event, integrations)

    def identify(self, user_id: str | None = None, traits: Any = _KEEP_TRAITS, integrations: dict[str, Any] | None = None) -> None:
        """Identify the user. Leaving out ``traits`` keeps the stored ones, as ``identify(userId:)`` does."""
        if user_id is not None:
            self.user.set_user_id(user_id)

        event: Event = {"type": "identify"}
        if traits is not _KEEP_TRAITS:
            json_traits = to_json_value(traits or {})
            self.user.set_traits(json_traits)
            event["traits"] = json_traits
        self._emit(event, integrations)

    def screen(self, title: str, category: str | None = None, properties: dict[str, Any] | None = None,
               integrations: dict[str, Any] | None = None) -> None:
        event: Event = {"type": "screen", "name": title}
        if category is not None:
            event["category"] = category
        if properties is not None:
            event["properties"] = to_json_value(properties)
        self._emit(event, integrations)

    def group(self, group_id: str, traits: dict[str, Any] | None = None, integrations: dict[str, Any] | None = None) -> None:
        event: Event = {"type": "group", "groupId": group_id}
        if traits is not None:
            event["traits"] = to_json_value(traits)
        self._emit(event, integrations)

    def alias(self, new_id: str, integrations: dict[str, Any] | None = None) -> None:
        previous_id = self.user.user_id
        self.user.set_user_id(new_id)

        event: Event = {"type": "alias"}
        if previous_id is not None:
            event["previousId"] = previous_id
        self._emit(event, integrations)

    def reset(self) -> None:
        self.user.reset()
        self.timeline.apply(self._reset_plugin)

    def flush(self) -> None:
        if self.enabled:
            self.timeline.apply(_call_flush)

    # Internals

    def _reset_plugin(self, plugin: Plugin) -> None:
        """Call a plugin's ``reset``; a destination's calls are reported like those for a ``reset`` event."""
        if isinstance(plugin, DestinationPlugin):
            self._trace.begin_destination_event()
            plugin.reset()
            self._trace.end_destination_event(plugin.key, {"type": "reset"})
        elif isinstance(plugin, EventPlugin):
            plugin.reset()

    def _emit(self, event: Event, integrations: dict[str, Any] | None) -> None:
        if not self.enabled:
            return

        event["anonymousId"] = self.user.anonymous_id
        if self.user.user_id is not None:
            event["userId"] = self.user.user_id
        event["messageId"] = self.device.new_uuid()
        event["timestamp"] = self.device.clock.iso()
        event["integrations"] = to_json_value(integrations or {})
        event["_metadata"] = {"bundled": [], "unbundled": [], "bundledIds": []}

        self.emitted_message_ids.append(event["messageId"])
        self._process(event)

    def _process(self, event: Event) -> None:
        self.timeline.process(event, on_enriched=self._trace.add_event)
        if self.segment is not None and self.segment.should_flush():
            self.flush()




def _call_flush(plugin: Plugin) -> None:
    if isinstance(plugin, EventPlugin):
        plugin.flush()
