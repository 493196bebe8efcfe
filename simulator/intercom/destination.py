"""Port of the Intercom destination plugin for analytics-swift.

Source: segment-integrations/analytics-swift-intercom 1.0.1,
``Sources/SegmentIntercom/IntercomDestination.swift`` (commit bbb954f). The plugin has
no tests upstream; the behavior here was read from that file.

- ``update``: on the initial settings update only, reads ``appId`` and ``mobileApiKey``
  from ``integrations.Intercom`` and calls ``setApiKey``; missing keys skip the call.
- ``identify``: ``loginUser`` with only the userId when the event has one, else
  ``loginUnidentifiedUser``. Then ``setUserHash`` from ``integrations.Intercom.user_hash``.
  Then, only when the event has traits, ``updateUser`` (see ``user_mapping``).
- ``track``: ``logEvent(withName:)`` when the event has no properties, else
  ``logEvent(withName:metaData:)`` (see ``metadata``).
- ``group``: only when the event has traits and a groupId, ``updateUser`` with one
  company whose ``companyId`` is the groupId.
- ``reset``: ``logout``. ``screen`` and ``alias`` make no Intercom call.
"""

from __future__ import annotations

from typing import Any

from simulator.intercom.attributes import UserAttributes
from simulator.intercom.metadata import build_metadata
from simulator.intercom.mobile_sdk import IntercomSDK
from simulator.intercom.profiles import Quirks
from simulator.intercom.user_mapping import company_attributes, intercom_options, user_attributes
from simulator.sdk.plugins import DestinationPlugin, Event, UpdateType
from simulator.swift.dictionary import SwiftHasher


class IntercomDestination(DestinationPlugin):
    """The ``Intercom`` destination, driving the simulated Intercom iOS SDK."""

    key = "Intercom"

    def __init__(self, intercom: IntercomSDK, quirks: Quirks, hasher: SwiftHasher) -> None:
        super().__init__()
        self.intercom = intercom
        self.quirks = quirks
        self._hasher = hasher

    def update(self, settings: dict[str, Any], type: UpdateType) -> None:
        if type is not UpdateType.INITIAL:
            return

        values = (settings.get("integrations") or {}).get(self.key)
        if not isinstance(values, dict):
            return
        app_id = values.get("appId")
        api_key = values.get("mobileApiKey")
        if not isinstance(app_id, str) or not isinstance(api_key, str):
            return

        self.intercom.set_api_key(api_key, app_id)

    def identify(self, event: Event) -> Event | None:
        options = intercom_options(event.get("integrations"), self.quirks)
        user_hash = options.get("user_hash") if isinstance(options.get("user_hash"), str) else None

        if user_hash is not None and not self.quirks.user_hash_after_login:
            self.intercom.set_user_hash(user_hash)

        if event.get("userId") is not None:
            self.intercom.login_user(UserAttributes(user_id=event["userId"]))
        elif event.get("anonymousId") is not None:
            self.intercom.login_unidentified_user()

        if user_hash is not None and self.quirks.user_hash_after_login:
            self.intercom.set_user_hash(user_hash)

        traits = event.get("traits")
        if isinstance(traits, dict):
            self.intercom.update_user(user_attributes(traits, options, self.quirks, self._order))
        return event

    def track(self, event: Event) -> Event | None:
        properties = event.get("properties")
        if not isinstance(properties, dict):
            self.intercom.log_event(event["event"])
            return event

        self.intercom.log_event(event["event"], build_metadata(properties, self.quirks, self._order))
        return event

    def group(self, event: Event) -> Event | None:
        traits = event.get("traits")
        group_id = event.get("groupId")
        if not isinstance(traits, dict) or group_id is None:
            return event

        company = company_attributes(traits, self.quirks, self._order)
        company.company_id = group_id
        self.intercom.update_user(UserAttributes(companies=[company]))
        return event

    def reset(self) -> None:
        self.intercom.logout()

    def _order(self, values: dict[str, Any]) -> list[str]:
        return self._hasher.order(values)
