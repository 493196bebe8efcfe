"""analytics-swift's ``Configuration`` builder.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/Configuration.swift``. Each
setter returns the same object so calls chain as in Swift:
``Configuration("KEY").flush_at(3).track_application_lifecycle_events(True)``.
"""

from __future__ import annotations

from typing import Any

LIFECYCLE_EVENTS = (
    "Application Installed",
    "Application Updated",
    "Application Opened",
    "Application Backgrounded",
    "Application Foregrounded",
)


class Configuration:
    """Settings an app passes to ``Analytics``, with analytics-swift's defaults."""

    def __init__(self, write_key: str) -> None:
        if not write_key:
            raise ValueError("Configuration needs a non-empty write key")
        self.write_key = write_key
        self.flush_at_count = 20
        self.flush_interval_seconds = 30.0
        self.tracked_lifecycle_events: frozenset[str] = frozenset(LIFECYCLE_EVENTS)
        self.default_settings: dict[str, Any] = {"integrations": {"Segment.io": True}}
        self.auto_add_segment_destination = True
        self.api_host = "api.segment.io/v1"
        self.cdn_host = "cdn-settings.segment.com/v1"

    def flush_at(self, count: int) -> Configuration:
        self.flush_at_count = count
        return self

    def flush_interval(self, seconds: float) -> Configuration:
        self.flush_interval_seconds = float(seconds)
        return self

    def track_application_lifecycle_events(self, enabled: bool) -> Configuration:
        """Track all five lifecycle events, or none (the deprecated Bool form)."""
        self.tracked_lifecycle_events = frozenset(LIFECYCLE_EVENTS) if enabled else frozenset()
        return self

    def set_tracked_application_lifecycle_events(self, events: set[str]) -> Configuration:
        unknown = set(events) - set(LIFECYCLE_EVENTS)
        if unknown:
            raise ValueError(f"unknown lifecycle events {sorted(unknown)!r}; known: {list(LIFECYCLE_EVENTS)}")
        self.tracked_lifecycle_events = frozenset(events)
        return self

    def set_default_settings(self, settings: dict[str, Any]) -> Configuration:
        self.default_settings = settings
        return self

    def set_auto_add_segment_destination(self, enabled: bool) -> Configuration:
        self.auto_add_segment_destination = enabled
        return self

    def settings_url(self) -> str:
        return f"https://{self.cdn_host}/projects/{self.write_key}/settings"

    def batch_url(self) -> str:
        return f"https://{self.api_host}/b"
