"""A fake Intercom workspace served through respx, for testing the simulated Intercom iOS SDK.

``IntercomWorkspace`` stores the state and handles requests. ``mount`` registers its routes
on a respx router.
"""

from __future__ import annotations

from simulator.fake_intercom.bodies import ApiError, Reply
from simulator.fake_intercom.routes import DEFAULT_BASE_URL, mount
from simulator.fake_intercom.workspace import (
    MAX_ACTIVE_EVENT_NAMES,
    MAX_COMPANIES_PER_CONTACT,
    OPERATIONS,
    IntercomWorkspace,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_ACTIVE_EVENT_NAMES",
    "MAX_COMPANIES_PER_CONTACT",
    "OPERATIONS",
    "ApiError",
    "IntercomWorkspace",
    "Reply",
    "mount",
]
