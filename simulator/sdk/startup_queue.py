"""analytics-swift's StartupQueue: holds events until the first settings fetch finishes.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/Plugins/StartupQueue.swift``.
It is the first before plugin. While the SDK is not running it keeps events in memory,
at most 1000, dropping the oldest, and returns None so nothing else sees them yet. The
queue is lost when the process dies.
"""

from __future__ import annotations

from collections import deque

from simulator.sdk.plugins import Event, Plugin, PluginType

MAX_QUEUED_EVENTS = 1000


class StartupQueue(Plugin):
    """In-memory FIFO of events made before the SDK started running."""

    type = PluginType.BEFORE

    def __init__(self) -> None:
        super().__init__()
        self.queue: deque[Event] = deque()
        self.dropped: list[Event] = []

    def execute(self, event: Event) -> Event | None:
        if self.analytics is not None and self.analytics.running:
            return event

        if len(self.queue) >= MAX_QUEUED_EVENTS:
            self.dropped.append(self.queue.popleft())
        self.queue.append(event)
        return None

    def drain(self) -> list[Event]:
        """Remove and return the queued events, oldest first."""
        events = list(self.queue)
        self.queue.clear()
        return events
