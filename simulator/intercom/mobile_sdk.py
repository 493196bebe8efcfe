"""The simulated Intercom iOS SDK: user state, call log and REST traffic.

Method names and attribute names follow intercom/intercom-ios 19.x (``Intercom.h``,
``ICMUserAttributes.h``). The user state is none, unidentified or identified(userId),
and it is kept on the device across launches, as the real SDK caches its user.

The real SDK talks to Intercom over a private protocol. Here each call that changes
data is sent as the equivalent public REST API request (Intercom API 2.11 by default):
a login searches ``/contacts`` by ``external_id`` and creates the contact when none
exists, a login after ``loginUnidentifiedUser`` then merges the lead into that user
(``POST /contacts/merge``; ``Intercom.h`` 19.x: "all that anonymous activity will be
merged into the identified user"), an update is ``PUT /contacts/{id}`` plus ``POST /companies`` and
``POST /contacts/{id}/companies`` per company, and an event is ``POST /events``.

NOTE: the iOS SDK authenticates with the app's iOS API key and app id. Here the API key
is sent as the ``Bearer`` token, so a scenario with a wrong ``mobileApiKey`` gets 401.

NOTE: ``loginUser`` is asynchronous on a phone, so an ``updateUser`` right after it can
race it. Here every call completes before the next one starts.

Rejections, each recorded as the call's result:
- any call but ``setApiKey`` and ``setUserHash`` before ``setApiKey``;
- a login without a userId or email (Intercom's error 2001);
- a login as a different identified user while one is logged in (Intercom Android's
  error 3002; the iOS docs give no code). NOTE: a login as the identified user who is
  already logged in is accepted as a no-op here; the real SDK's answer to it is not
  documented;
- ``updateUser`` and ``logEvent`` with no user logged in;
- any request Intercom answers with a status of 400 or more.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from simulator.intercom.attributes import Company, UserAttributes
from simulator.network import NetworkUnavailable
from simulator.trace import SdkCall

if TYPE_CHECKING:
    import httpx

    from simulator.device import Device
    from simulator.network import HttpClient
    from simulator.trace import Trace

INTERCOM_API = "https://api.intercom.io"
STATE_SUITE = "io.intercom.ios.sdk"

NOT_CONFIGURED = "error: setApiKey(_:forAppId:) has not been called"
NO_USER = "error: no user is logged in"
ALREADY_LOGGED_IN = "error: a user is already logged in; call logout() first (Intercom error 3002)"
MISSING_IDENTITY = "error: loginUser needs a userId or email (Intercom error 2001)"


class RequestFailed(Exception):
    """Intercom returned an error status, or no response arrived."""


class IntercomSDK:
    """One process's view of the Intercom iOS SDK."""

    def __init__(self, device: Device, http: HttpClient, trace: Trace, api_version: str) -> None:
        self._device = device
        self._http = http
        self._trace = trace
        self._api_version = api_version
        self._state = device.storage.user_defaults(STATE_SUITE)
        self.api_key: str | None = None
        self.app_id: str | None = None
        self.user_hash: str | None = None

    # Read-only state

    @property
    def user_state(self) -> str:
        """``none``, ``unidentified`` or ``identified``."""
        return self._state.get("user_state", "none")

    @property
    def user_id(self) -> str | None:
        return self._state.get("user_id")

    @property
    def contact_id(self) -> str | None:
        return self._state.get("contact_id")

    # SDK methods

    def set_api_key(self, api_key: str, app_id: str) -> None:
        self.api_key = api_key
        self.app_id = app_id
        self._log("setApiKey", {"apiKey": api_key, "appId": app_id}, "ok")

    def set_user_hash(self, user_hash: str) -> None:
        self.user_hash = user_hash
        self._log("setUserHash", {"userHash": user_hash}, "ok")

    def is_user_logged_in(self) -> bool:
        logged_in = self.user_state != "none"
        self._log("isUserLoggedIn", {}, "ok")
        return logged_in

    def login_user(self, attributes: UserAttributes) -> None:
        args = {"attributes": attributes.to_args()}
        rejection = self._login_rejection(attributes)
        if rejection is not None:
            self._log("loginUser", args, rejection)
            return
        if self.user_state == "identified":
            self._log("loginUser", args, "ok")
            return

        mark = self._trace.mark()
        result = self._run(lambda: self._login_identified(attributes))
        self._log("loginUser", args, result, mark)

    def login_unidentified_user(self) -> None:
        if self.api_key is None:
            self._log("loginUnidentifiedUser", {}, NOT_CONFIGURED)
            return
        if self.user_state != "none":
            self._log("loginUnidentifiedUser", {}, ALREADY_LOGGED_IN)
            return

        mark = self._trace.mark()
        result = self._run(self._login_unidentified)
        self._log("loginUnidentifiedUser", {}, result, mark)

    def update_user(self, attributes: UserAttributes) -> None:
        args = {"attributes": attributes.to_args()}
        rejection = self._logged_in_rejection()
        if rejection is not None:
            self._log("updateUser", args, rejection)
            return

        mark = self._trace.mark()
        result = self._run(lambda: self._send_update(attributes))
        self._log("updateUser", args, result, mark)

    def log_event(self, name: str, meta_data: dict[str, Any] | None = None) -> None:
        args: dict[str, Any] = {"name": name}
        if meta_data is not None:
            args["metaData"] = meta_data
        rejection = self._logged_in_rejection()
        if rejection is not None:
            self._log("logEvent", args, rejection)
            return

        mark = self._trace.mark()
        result = self._run(lambda: self._send_event(name, meta_data))
        self._log("logEvent", args, result, mark)

    def logout(self) -> None:
        for key in ("user_state", "user_id", "contact_id"):
            self._state.remove(key)
        self.user_hash = None
        self._log("logout", {}, "ok")

    # Rules

    def _login_rejection(self, attributes: UserAttributes) -> str | None:
        if self.api_key is None:
            return NOT_CONFIGURED
        if not attributes.user_id and not attributes.email:
            return MISSING_IDENTITY
        if self.user_state == "identified" and self.user_id != attributes.user_id:
            return ALREADY_LOGGED_IN
        return None

    def _logged_in_rejection(self) -> str | None:
        if self.api_key is None:
            return NOT_CONFIGURED
        if self.user_state == "none":
            return NO_USER
        return None

    # REST equivalents

    def _login_identified(self, attributes: UserAttributes) -> None:
        field, value = ("external_id", attributes.user_id) if attributes.user_id else ("email", attributes.email)
        found = self._send("POST", "/contacts/search", {"query": {"field": field, "operator": "=", "value": value}})
        matches = found.get("data", []) if isinstance(found, dict) else []

        if matches:
            contact = matches[0]
        else:
            body: dict[str, Any] = {"role": "user"}
            if attributes.user_id:
                body["external_id"] = attributes.user_id
            if attributes.email:
                body["email"] = attributes.email
            contact = self._send("POST", "/contacts", body)

        if self.user_state == "unidentified":
            self._send("POST", "/contacts/merge", {"from": self.contact_id, "into": contact["id"]})
        self._remember_user("identified", attributes.user_id, contact["id"])

    def _login_unidentified(self) -> None:
        contact = self._send("POST", "/contacts", {"role": "lead"})
        self._remember_user("unidentified", None, contact["id"])

    def _send_update(self, attributes: UserAttributes) -> None:
        contact_id = self.contact_id
        body = contact_body(attributes)
        if body or not attributes.companies:
            self._send("PUT", f"/contacts/{contact_id}", body)

        for company in attributes.companies or []:
            if company.company_id is None:
                raise RequestFailed("an ICMCompany without companyId was not sent")
            created = self._send("POST", "/companies", company_body(company))
            self._send("POST", f"/contacts/{contact_id}/companies", {"id": created["id"]})

    def _send_event(self, name: str, meta_data: dict[str, Any] | None) -> None:
        body: dict[str, Any] = {"event_name": name, "created_at": int(self._device.clock.unix())}
        if self.user_state == "identified" and self.user_id:
            body["user_id"] = self.user_id
        else:
            body["id"] = self.contact_id
        if meta_data:
            body["metadata"] = meta_data
        self._send("POST", "/events", body)

    def _send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        headers = {
            "Authorization": f"Bearer {self.api_key}",
            "Intercom-Version": self._api_version,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        content = json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
        try:
            response = self._http.request("intercom", method, f"{INTERCOM_API}{path}", headers=headers, body=content)
        except NetworkUnavailable as error:
            raise RequestFailed(f"network error: {error}") from error

        if response.status_code >= 400:
            raise RequestFailed(f"HTTP {response.status_code}: {_error_message(response)}")
        return response.json() if response.content else None

    # Bookkeeping

    def _run(self, action: Any) -> str:
        try:
            action()
        except RequestFailed as error:
            return f"error: {error}"
        return "ok"

    def _remember_user(self, state: str, user_id: str | None, contact_id: str) -> None:
        self._state.set("user_state", state)
        if user_id is None:
            self._state.remove("user_id")
        else:
            self._state.set("user_id", user_id)
        self._state.set("contact_id", contact_id)

    def _log(self, method: str, args: dict[str, Any], result: str, mark: int | None = None) -> None:
        self._trace.add_sdk_call(SdkCall(method, args, result), at=mark)


def contact_body(attributes: UserAttributes) -> dict[str, Any]:
    """Return the ``PUT /contacts/{id}`` body for an ``updateUser`` call.

    NOTE: ``language_override`` is a field of Intercom's contact object but not of the
    documented update request; Intercom accepts unknown contact fields.
    """
    values = {
        "external_id": attributes.user_id,
        "email": attributes.email,
        "name": attributes.name,
        "phone": attributes.phone,
        "signed_up_at": None if attributes.signed_up_at is None else int(attributes.signed_up_at),
        "language_override": attributes.language_override,
        "unsubscribed_from_emails": attributes.unsubscribed_from_emails,
        "custom_attributes": attributes.custom_attributes,
    }
    return {key: value for key, value in values.items() if value is not None}


def company_body(company: Company) -> dict[str, Any]:
    """Return the ``POST /companies`` body for one ICMCompany."""
    values = {
        "company_id": company.company_id,
        "name": company.name,
        "plan": company.plan,
        "monthly_spend": company.monthly_spend,
        "remote_created_at": None if company.created_at is None else int(company.created_at),
        "custom_attributes": company.custom_attributes,
    }
    return {key: value for key, value in values.items() if value is not None}


def _error_message(response: httpx.Response) -> str:
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        return response.text[:200]
    if errors and isinstance(errors[0], dict):
        return f"{errors[0].get('code')}: {errors[0].get('message')}"
    return response.text[:200]
