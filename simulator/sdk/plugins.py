"""Plugin types and base classes of analytics-swift's timeline.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/Plugins.swift`` and
``Timeline.swift``. Events are dictionaries in the JSON shape analytics-swift writes, and
each plugin returns the event (possibly changed) or None to drop it.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.sdk.analytics import Analytics
    from simulator.sdk.timeline import Timeline

Event = dict[str, Any]


class PluginType(enum.Enum):
    """Plugin stages, in the order the timeline runs them."""

    BEFORE = "before"
    ENRICHMENT = "enrichment"
    DESTINATION = "destination"
    AFTER = "after"
    UTILITY = "utility"


class UpdateType(enum.Enum):
    """Whether a settings update is a plugin's first one or a later refresh."""

    INITIAL = "initial"
    REFRESH = "refresh"


class Plugin:
    """A timeline plugin: configured once, updated with settings, run on every event."""

    type: PluginType = PluginType.BEFORE

    def __init__(self) -> None:
        self.analytics: Analytics | None = None

    def configure(self, analytics: Analytics) -> None:
        self.analytics = analytics

    def update(self, settings: dict[str, Any], type: UpdateType) -> None:
        """React to new settings. The default ignores them."""

    def execute(self, event: Event) -> Event | None:
        return event

    def shutdown(self) -> None:
        """Release resources when the plugin is removed or the process ends."""


class EventPlugin(Plugin):
    """A plugin with a hook per event type, plus ``reset`` and ``flush``."""

    def execute(self, event: Event) -> Event | None:
        hook = getattr(self, event["type"], None)
        if hook is None:
            return event
        return hook(event)

    def identify(self, event: Event) -> Event | None:
        return event

    def track(self, event: Event) -> Event | None:
        return event

    def screen(self, event: Event) -> Event | None:
        return event

    def group(self, event: Event) -> Event | None:
        return event

    def alias(self, event: Event) -> Event | None:
        return event

    def reset(self) -> None:
        """Forget user state. Called by ``Analytics.reset()``."""

    def flush(self) -> None:
        """Send anything buffered. Called by ``Analytics.flush()``."""


class UtilityPlugin(EventPlugin):
    """A plugin that is never run on events (lifecycle monitors and the like)."""

    type = PluginType.UTILITY


class DestinationPlugin(EventPlugin):
    """A destination with its own timeline, enabled per event by its ``key``."""

    type = PluginType.DESTINATION
    key = ""

    def __init__(self) -> None:
        super().__init__()
        from simulator.sdk.timeline import Timeline

        self.timeline: Timeline = Timeline()

    def configure(self, analytics: Analytics) -> None:
        super().configure(analytics)
        self.timeline.configure(analytics)

    def add(self, plugin: Plugin) -> Plugin:
        """Add a plugin to this destination's own timeline."""
        self.timeline.add(plugin, self.analytics)
        return plugin

    def execute(self, event: Event) -> Event | None:
        return self.process(event)

    def process(self, event: Event) -> Event | None:
        """Run the gate, the destination's before and enrichment plugins, its hook, then its after plugins."""
        if not self.is_destination_enabled(event):
            return None

        result = self.timeline.run_stage(PluginType.BEFORE, event)
        result = self.timeline.run_stage(PluginType.ENRICHMENT, result)
        if result is None:
            return None

        trace = getattr(self.analytics, "trace", None)
        if trace is not None:
            trace.begin_destination_event()
        handled = EventPlugin.execute(self, result)
        if trace is not None:
            trace.end_destination_event(self.key, result)
        return self.timeline.run_stage(PluginType.AFTER, handled)

    def is_destination_enabled(self, event: Event) -> bool:
        """Enabled when the settings have this key and the event's integrations do not set it to false.

        Keys are looked up as key paths, split on ``.``, as analytics-swift's
        ``JSONKeyPath`` does, so ``{"Segment.io": false}`` does not disable the Segment
        destination on the device.
        """
        settings = self.analytics.settings if self.analytics else {}
        integrations = settings.get("integrations") or {}
        if self.key not in integrations:
            return False

        flag = _lookup_key_path(event.get("integrations") or {}, self.key)
        return flag is not False


def _lookup_key_path(values: dict[str, Any], key: str) -> Any:
    current: Any = values
    for part in key.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current
