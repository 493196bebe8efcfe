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

The ``documented`` profile also logs in an unidentified user before an event when
nobody is logged in, logs out a different user before a login, and skips an
unidentified login while someone is logged in, as Segment's docs describe ("falling back
to setting the user as Unidentified"). It uses ``isUserLoggedIn`` and
``fetchLoggedInUserAttributes`` (Intercom iOS SDK 18.2.0 and later) to do so.
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

    def execute(self, event: Event) -> Event | None:
        """Handle one event; the Intercom SDK sends its requests when the handling returns."""
        with self.intercom.dispatch_after():
            return super().execute(event)

    def identify(self, event: Event) -> Event | None:
        options = intercom_options(event.get("integrations"), self.quirks)
        user_hash = options.get("user_hash") if isinstance(options.get("user_hash"), str) else None

        if event.get("userId") is not None:
            self._log_out_other_user(event["userId"])
        if user_hash is not None and not self.quirks.user_hash_after_login:
            self.intercom.set_user_hash(user_hash)

        if event.get("userId") is not None:
            self.intercom.login_user(UserAttributes(user_id=event["userId"]))
        elif event.get("anonymousId") is not None:
            if self.quirks.unidentified_login_while_logged_in or not self.intercom.is_user_logged_in():
                self.intercom.login_unidentified_user()

        if user_hash is not None and self.quirks.user_hash_after_login:
            self.intercom.set_user_hash(user_hash)

        traits = event.get("traits")
        if isinstance(traits, dict):
            self.intercom.update_user(user_attributes(traits, options, self.quirks, self._order))
        elif not self.quirks.options_only_with_traits and _has_user_options(options):
            self.intercom.update_user(user_attributes({}, options, self.quirks, self._order))
        return event

    def track(self, event: Event) -> Event | None:
        self._ensure_logged_in()
        properties = event.get("properties")
        if not isinstance(properties, dict):
            self.intercom.log_event(event["event"])
            return event

        self.intercom.log_event(event["event"], build_metadata(properties, self.quirks, self._order))
        return event

    def group(self, event: Event) -> Event | None:
        traits = event.get("traits")
        group_id = event.get("groupId")
        if group_id is None or (not isinstance(traits, dict) and self.quirks.group_requires_traits):
            return event

        company = company_attributes(traits if isinstance(traits, dict) else {}, self.quirks, self._order)
        company.company_id = group_id
        self._ensure_logged_in()
        self.intercom.update_user(UserAttributes(companies=[company]))
        return event

    def reset(self) -> None:
        self.intercom.logout()

    def _ensure_logged_in(self) -> None:
        """Log in an unidentified user when nobody is logged in, unless the shipped quirk is on."""
        if not self.quirks.no_unidentified_fallback and not self.intercom.is_user_logged_in():
            self.intercom.login_unidentified_user()

    def _log_out_other_user(self, user_id: str) -> None:
        """Log out a different identified user before a login, unless the shipped quirk is on."""
        if self.quirks.no_logout_before_switching_user:
            return
        current = self.intercom.fetch_logged_in_user_attributes()
        if current is not None and current.user_id is not None and current.user_id != user_id:
            self.intercom.logout()

    def _order(self, values: dict[str, Any]) -> list[str]:
        return self._hasher.order(values)


def _has_user_options(options: dict[str, Any]) -> bool:
    return isinstance(options.get("language_override"), str) or isinstance(options.get("unsubscribed"), bool)
