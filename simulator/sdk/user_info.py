"""User state of analytics-swift: anonymousId, userId and traits, kept in UserDefaults.

Source: segmentio/analytics-swift 1.9.4, ``Sources/Segment/State.swift`` and
``Events.swift``. The values live in the suite ``com.segment.storage.<writeKey>`` under
``segment.anonymousId``, ``segment.userId`` and ``segment.traits``, so they survive
relaunches and are lost on uninstall.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.device.storage import UserDefaults


class UserInfo:
    """The persisted identity of the app user."""

    def __init__(self, defaults: UserDefaults, new_anonymous_id: Callable[[], str]) -> None:
        self._defaults = defaults
        self._new_anonymous_id = new_anonymous_id

        anonymous_id = defaults.get("segment.anonymousId")
        if anonymous_id is None:
            anonymous_id = new_anonymous_id()
            defaults.set("segment.anonymousId", anonymous_id)
        self.anonymous_id: str = anonymous_id
        self.user_id: str | None = defaults.get("segment.userId")
        self.traits: dict[str, Any] = defaults.get("segment.traits", {})

    def set_user_id(self, user_id: str) -> None:
        self.user_id = user_id
        self._defaults.set("segment.userId", user_id)

    def set_traits(self, traits: dict[str, Any]) -> None:
        self.traits = traits
        self._defaults.set("segment.traits", traits)

    def reset(self) -> None:
        """Make a new anonymousId and clear userId and traits, as ``Analytics.reset()`` does."""
        self.anonymous_id = self._new_anonymous_id()
        self.user_id = None
        self.traits = {}
        self._defaults.set("segment.anonymousId", self.anonymous_id)
        self._defaults.remove("segment.userId")
        self._defaults.set("segment.traits", {})
