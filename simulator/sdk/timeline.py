"""The ordered plugin buckets that every event runs through.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/Timeline.swift``. Before and
enrichment plugins run in insertion order and can drop the event. Every destination then
gets its own copy of the enriched event, so one destination cannot change what another
sees. After plugins get the enriched event, not a destination's output. Utility plugins
never run on events.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.sdk.plugins import DestinationPlugin, Event, Plugin, PluginType

if TYPE_CHECKING:
    from simulator.sdk.analytics import Analytics


class Timeline:
    """Plugins grouped by type, run in type order and then insertion order."""

    def __init__(self) -> None:
        self.buckets: dict[PluginType, list[Plugin]] = {kind: [] for kind in PluginType}
        self._analytics: Analytics | None = None

    def configure(self, analytics: Analytics | None) -> None:
        self._analytics = analytics
        for plugins in self.buckets.values():
            for plugin in plugins:
                plugin.configure(analytics)

    def add(self, plugin: Plugin, analytics: Analytics | None) -> None:
        if analytics is not None:
            plugin.configure(analytics)
        self.buckets[plugin.type].append(plugin)

    def remove(self, plugin: Plugin) -> None:
        plugin.shutdown()
        for plugins in self.buckets.values():
            if plugin in plugins:
                plugins.remove(plugin)

    def process(self, event: Event, on_enriched: Callable[[Event], None] | None = None) -> Event | None:
        """Run ``event`` through every stage and return what the after plugins returned.

        ``on_enriched`` sees the event after the before and enrichment stages, which is
        the form every destination receives.
        """
        enriched = self.run_stage(PluginType.BEFORE, event)
        enriched = self.run_stage(PluginType.ENRICHMENT, enriched)
        if enriched is None:
            return None

        if on_enriched is not None:
            on_enriched(copy.deepcopy(enriched))

        for destination in self.buckets[PluginType.DESTINATION]:
            destination.execute(copy.deepcopy(enriched))

        return self.run_stage(PluginType.AFTER, enriched)

    def run_stage(self, kind: PluginType, event: Event | None) -> Event | None:
        result = event
        for plugin in list(self.buckets[kind]):
            if result is None:
                return None
            result = plugin.execute(result)
        return result

    def apply(self, visit: Callable[[Plugin], None]) -> None:
        """Visit every plugin in type order, each destination followed by its own plugins."""
        for kind in PluginType:
            for plugin in list(self.buckets[kind]):
                visit(plugin)
                if isinstance(plugin, DestinationPlugin):
                    plugin.timeline.apply(visit)

    def find(self, plugin_class: type[Plugin]) -> Plugin | None:
        for kind in PluginType:
            for plugin in self.buckets[kind]:
                if isinstance(plugin, plugin_class):
                    return plugin
        return None
