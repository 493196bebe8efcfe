"""The simulated Intercom iOS SDK: user state, call log and REST traffic.

Method names and attribute names follow intercom/intercom-ios 19.x (``Intercom.h``,
``ICMUserAttributes.h``). The user state is none, unidentified or identified(userId),
and it is kept on the device across launches, as the real SDK caches its user.

The real SDK talks to Intercom over a private protocol. Here each call that changes
data is sent as the equivalent public REST API request (Intercom API 2.11 by default):

- a login searches ``/contacts`` by ``external_id`` and creates the contact when none
  exists. A login after ``loginUnidentifiedUser`` then merges the lead into that user
  (``POST /contacts/merge``), because ``Intercom.h`` 19.x says "all that anonymous
  activity will be merged into the identified user";
- an update is ``PUT /contacts/{id}``, plus ``POST /companies`` and
  ``POST /contacts/{id}/companies`` per company;
- an event is ``POST /events``, stamped with the virtual time of the call.

Calls change the local user state at once and queue their requests in the outbox
(``simulator.intercom.outbox``), which sends them in order and retries failures. The
real SDK sends from a background queue after the calling main-thread code returns, so
``setUserHash`` right after ``loginUser`` still reaches the login request. Inside
``dispatch_after()`` (the plugin's handling of one event) requests therefore wait until
the block ends, and each call's logged result is then replaced by its outcome.

NOTE: the iOS SDK authenticates with the app's iOS API key and app id. Here the API key
is sent as the ``Bearer`` token, so a scenario with a wrong ``mobileApiKey`` gets 401.
The user hash travels in an ``X-Intercom-User-Hash`` header, which the fake workspace
checks when identity verification is on; the real SDK signs its private requests.

Rejections, each recorded as the call's result:

- any call but ``setApiKey`` and ``setUserHash`` before ``setApiKey``;
- a login without a userId or email (Intercom's error 2001);
- a login as a different identified user while one is logged in (Intercom Android's
  error 3002; the iOS docs give no code). NOTE: a login as the identified user who is
  already logged in is accepted as a no-op here; the real SDK's answer to it is not
  documented;
- ``updateUser`` and ``logEvent`` with no user logged in;
- an email in ``updateUser`` for an unidentified user: the email is not applied, the
  other attributes are.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from simulator.intercom.attributes import UserAttributes
from simulator.intercom.outbox import (
    MAX_ATTEMPTS,
    RATE_LIMIT_WAIT,
    IntercomLedger,
    LedgerEntry,
    Operation,
    Outbox,
    Outcome,
    backoff_delay,
)
from simulator.intercom.rest import company_body, contact_body, error_message
from simulator.network import NetworkUnavailable
from simulator.trace import SdkCall

if TYPE_CHECKING:
    import httpx

    from simulator.device import Device
    from simulator.device.clock import TimerHandle
    from simulator.network import HttpClient
    from simulator.trace import Trace

INTERCOM_API = "https://api.intercom.io"
STATE_SUITE = "io.intercom.ios.sdk"

NOT_CONFIGURED = "error: setApiKey(_:forAppId:) has not been called"
NO_USER = "error: no user is logged in"
ALREADY_LOGGED_IN = "error: a user is already logged in; call logout() first (Intercom error 3002)"
MISSING_IDENTITY = "error: loginUser needs a userId or email (Intercom error 2001)"
EMAIL_NOT_APPLIED = "error: the email is not applied to an unidentified user; the other attributes were sent"


class _Retryable(Exception):
    """A failure worth retrying; ``delay`` None means the exponential backoff."""

    def __init__(self, reason: str, delay: float | None = None, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.delay = delay
        self.timed_out = timed_out


class _Offline(Exception):
    pass


class _Rejected(Exception):
    pass


class IntercomSDK:
    """One process's view of the Intercom iOS SDK."""

    def __init__(self, device: Device, http: HttpClient, trace: Trace, api_version: str,
                 ledger: IntercomLedger | None = None) -> None:
        self._device = device
        self._http = http
        self._trace = trace
        self._api_version = api_version
        self._state = device.storage.user_defaults(STATE_SUITE)
        self._outbox = Outbox(self._state)
        self._retry_timer: TimerHandle | None = None
        self.ledger = ledger if ledger is not None else IntercomLedger()
        self.api_key: str | None = None
        self.app_id: str | None = None
        self._deferred: list[tuple[int, SdkCall, str | None]] | None = None

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

    @property
    def user_hash(self) -> str | None:
        return self._state.get("user_hash")

    @property
    def pending_operations(self) -> int:
        return len(self._outbox)

    # SDK methods

    def set_api_key(self, api_key: str, app_id: str) -> None:
        self.api_key = api_key
        self.app_id = app_id
        self._log("setApiKey", {"apiKey": api_key, "appId": app_id}, "ok")
        if len(self._outbox):
            self._drain()

    def set_user_hash(self, user_hash: str) -> None:
        self._state.set("user_hash", user_hash)
        self._log("setUserHash", {"userHash": user_hash}, "ok")

    def is_user_logged_in(self) -> bool:
        logged_in = self.user_state != "none"
        self._log("isUserLoggedIn", {}, "ok")
        return logged_in

    def fetch_logged_in_user_attributes(self) -> UserAttributes | None:
        """Return the logged-in user's userId (None for an unidentified user), or None when nobody is logged in."""
        self._log("fetchLoggedInUserAttributes", {}, "ok")
        if self.user_state == "none":
            return None
        return UserAttributes(user_id=self.user_id)

    def login_user(self, attributes: UserAttributes) -> None:
        args = {"attributes": attributes.to_args()}
        rejection = self._login_rejection(attributes)
        if rejection is not None or self.user_state == "identified":
            self._log("loginUser", args, rejection or "ok")
            return

        payload = {"user_id": attributes.user_id, "email": attributes.email, "merge": self.user_state == "unidentified"}
        self._set_user("identified", attributes.user_id)
        self._submit("loginUser", args, "login", payload)

    def login_unidentified_user(self) -> None:
        if self.api_key is None:
            self._log("loginUnidentifiedUser", {}, NOT_CONFIGURED)
            return
        if self.user_state != "none":
            self._log("loginUnidentifiedUser", {}, ALREADY_LOGGED_IN)
            return

        self._set_user("unidentified", None)
        self._submit("loginUnidentifiedUser", {}, "login_unidentified", {})

    def update_user(self, attributes: UserAttributes) -> None:
        args = {"attributes": attributes.to_args()}
        rejection = self._logged_in_rejection()
        if rejection is not None:
            self._log("updateUser", args, rejection)
            return

        note = None
        body = contact_body(attributes)
        if self.user_state == "unidentified" and "email" in body:
            del body["email"]
            note = EMAIL_NOT_APPLIED

        payload = {"contact": body, "companies": [company_body(company) for company in attributes.companies or []],
                   "send_contact": bool(body) or not attributes.companies}
        self._submit("updateUser", args, "update", payload, note)

    def log_event(self, name: str, meta_data: dict[str, Any] | None = None) -> None:
        args: dict[str, Any] = {"name": name}
        if meta_data is not None:
            args["metaData"] = meta_data
        rejection = self._logged_in_rejection()
        if rejection is not None:
            self._log("logEvent", args, rejection)
            return

        payload: dict[str, Any] = {"event_name": name, "created_at": int(self._device.clock.unix())}
        if meta_data:
            payload["metadata"] = meta_data
        self._submit("logEvent", args, "event", payload)

    def logout(self) -> None:
        """Log out and clear the local cache, which includes requests not sent yet."""
        for operation in self._outbox.clear():
            self._finish(operation, "dropped", "logout() cleared the SDK's local cache before the request was sent")
        for key in ("user_state", "user_id", "contact_id", "user_hash"):
            self._state.remove(key)
        self._log("logout", {}, "ok")

    @contextmanager
    def dispatch_after(self) -> Iterator[None]:
        """Hold requests until the block ends, then send them and record each call's outcome."""
        if self._deferred is not None:
            yield
            return

        self._deferred = []
        try:
            yield
        finally:
            submitted, self._deferred = self._deferred, None
            if submitted and self._retry_timer is None:
                self._drain()
            for operation_id, call, note in submitted:
                result = self._result_of(operation_id, note)
                if result != call.result:
                    self._trace.replace_sdk_call(call, SdkCall(call.method, call.args, result))

    # Process lifecycle

    def network_changed(self) -> None:
        if self._device.network != "offline" and len(self._outbox) and self._retry_timer is None:
            self._drain()

    def end(self) -> None:
        """Stop the retry timer when the process ends; the outbox stays on the device."""
        if self._retry_timer is not None:
            self._retry_timer.cancel()
            self._retry_timer = None

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

    # Queue

    def _submit(self, call: str, args: dict[str, Any], kind: str, payload: dict[str, Any], note: str | None = None) -> None:
        mark = self._trace.mark()
        operation = Operation(self._outbox.next_id(), call, kind, payload)
        self.ledger.entries[operation.id] = LedgerEntry(call)
        waiting = len(self._outbox) > 0
        self._outbox.append(operation)

        if self._deferred is not None:
            logged = SdkCall(call, args, note or "ok")
            self._trace.add_sdk_call(logged, at=mark)
            self._deferred.append((operation.id, logged, note))
            return

        if not waiting and self._retry_timer is None:
            self._drain()
        self._log(call, args, self._result_of(operation.id, note), mark)

    def _result_of(self, operation_id: int, note: str | None) -> str:
        entry = self.ledger.entries[operation_id]
        if entry.status == "delivered":
            return note or "ok"
        if entry.status == "dropped":
            return f"error: {entry.reason}"
        return f"pending: {entry.reason or 'queued behind an earlier request that is not sent yet'}"

    def _drain(self) -> None:
        """Send queued operations in order until one has to wait."""
        self._retry_timer = None
        while len(self._outbox) and self.api_key is not None:
            operation = self._outbox.operations()[0]
            retried = operation.attempts > 0
            outcome = self._attempt(operation)

            if outcome.status == "wait":
                self.ledger.entries[operation.id].reason = outcome.reason
                return
            if outcome.status == "retry":
                self._outbox.replace_first(operation)
                self.ledger.entries[operation.id].reason = outcome.reason
                self._retry_timer = self._device.clock.call_later(outcome.delay, self._drain)
                self._trace.add_note(f"Intercom SDK: {operation.describe()} failed ({outcome.reason})")
                return

            self._outbox.pop_first()
            self._finish(operation, outcome.status, outcome.reason)
            if retried:
                self._trace.add_note(f"Intercom SDK: {operation.describe()} {outcome.status} after {operation.attempts} attempts"
                                     + (f": {outcome.reason}" if outcome.reason else ""))

    def _attempt(self, operation: Operation) -> Outcome:
        if self._device.network == "offline":
            return Outcome("wait", "the network is offline; the SDK sends it when the network returns")

        operation.attempts += 1
        if operation.timed_out:
            self._trace.add_note(f"Intercom SDK: retrying {operation.describe()} after a timeout; Intercom may have "
                                 "received the first attempt, so this retry may duplicate it")
            self.ledger.entries[operation.id].may_be_duplicated = True
        try:
            self._execute(operation)
        except _Offline:
            operation.attempts -= 1
            return Outcome("wait", "the network is offline; the SDK sends it when the network returns")
        except _Rejected as error:
            return Outcome("dropped", str(error))
        except _Retryable as error:
            operation.timed_out = operation.timed_out or error.timed_out
            if operation.attempts >= MAX_ATTEMPTS:
                return Outcome("dropped", f"gave up after {operation.attempts} attempts: {error}")
            delay = error.delay if error.delay is not None else backoff_delay(operation.attempts)
            return Outcome("retry", f"{error}; attempt {operation.attempts} of {MAX_ATTEMPTS}, next in {delay:g}s", delay)
        return Outcome("delivered")

    def _finish(self, operation: Operation, status: str, reason: str) -> None:
        entry = self.ledger.entries.setdefault(operation.id, LedgerEntry(operation.call))
        entry.status = status
        entry.reason = reason
        entry.attempts = operation.attempts
        if status == "dropped" and operation.kind.startswith("login") and self.contact_id is None:
            # A login that never reached Intercom leaves nobody logged in.
            for key in ("user_state", "user_id"):
                self._state.remove(key)

    # REST equivalents

    def _execute(self, operation: Operation) -> None:
        payload = operation.payload
        if operation.kind == "login":
            self._send_login(payload)
        elif operation.kind == "login_unidentified":
            contact = self._send("POST", "/contacts", {"role": "lead"})
            self._state.set("contact_id", contact["id"])
        elif operation.kind == "update":
            self._send_update(payload)
        else:
            self._send_event(payload)

    def _send_login(self, payload: dict[str, Any]) -> None:
        user_hash = self.user_hash
        field, value = ("external_id", payload["user_id"]) if payload.get("user_id") else ("email", payload["email"])
        found = self._send("POST", "/contacts/search", {"query": {"field": field, "operator": "=", "value": value}}, user_hash)
        matches = found.get("data", []) if isinstance(found, dict) else []

        if matches:
            contact = matches[0]
        else:
            body = {"role": "user"}
            if payload.get("user_id"):
                body["external_id"] = payload["user_id"]
            if payload.get("email"):
                body["email"] = payload["email"]
            contact = self._send("POST", "/contacts", body, user_hash)

        if payload.get("merge") and self.contact_id:
            self._send("POST", "/contacts/merge", {"from": self.contact_id, "into": contact["id"]}, user_hash)
        self._state.set("contact_id", contact["id"])

    def _send_update(self, payload: dict[str, Any]) -> None:
        contact_id = self._require_contact()
        if payload["send_contact"]:
            self._send("PUT", f"/contacts/{contact_id}", payload["contact"])

        for company in payload["companies"]:
            if "company_id" not in company:
                raise _Rejected("an ICMCompany without companyId was not sent")
            created = self._send("POST", "/companies", company)
            self._send("POST", f"/contacts/{contact_id}/companies", {"id": created["id"]})

    def _send_event(self, payload: dict[str, Any]) -> None:
        body: dict[str, Any] = {"event_name": payload["event_name"], "created_at": payload["created_at"]}
        if self.user_state == "identified" and self.user_id:
            body["user_id"] = self.user_id
        else:
            body["id"] = self._require_contact()
        if "metadata" in payload:
            body["metadata"] = payload["metadata"]
        self._send("POST", "/events", body)

    def _require_contact(self) -> str:
        if self.contact_id is None:
            raise _Rejected("the user has no Intercom contact, because the login was not delivered")
        return self.contact_id

    def _send(self, method: str, path: str, body: dict[str, Any], user_hash: str | None = None) -> Any:
        headers = {
            "Authorization": f"Bearer {self.api_key}",
            "Intercom-Version": self._api_version,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        if user_hash:
            # A hash with non-ASCII characters cannot be a valid hex digest; send it escaped.
            headers["X-Intercom-User-Hash"] = user_hash.encode("ascii", "backslashreplace").decode("ascii")
        try:
            content = json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
        except ValueError:
            raise _Rejected("the request body has a non-finite number (such as revenue * 100 overflowing to "
                            "infinity), which JSON cannot encode") from None

        try:
            response = self._http.request("intercom", method, f"{INTERCOM_API}{path}", headers=headers, body=content)
        except NetworkUnavailable as error:
            if str(error) == "network offline":
                raise _Offline() from error
            raise _Retryable(str(error), timed_out=str(error) == "timeout") from error

        if response.status_code < 400:
            return response.json() if response.content else None
        raise self._failure(response)

    def _failure(self, response: httpx.Response) -> Exception:
        reason = f"HTTP {response.status_code}: {error_message(response)}"
        if response.status_code == 429:
            reset = response.headers.get("X-RateLimit-Reset")
            delay = max(1.0, float(reset) - self._device.clock.unix()) if reset else RATE_LIMIT_WAIT
            return _Retryable(reason, delay)
        if response.status_code >= 500:
            return _Retryable(reason)
        return _Rejected(reason)

    # Bookkeeping

    def _set_user(self, state: str, user_id: str | None) -> None:
        self._state.set("user_state", state)
        if user_id is None:
            self._state.remove("user_id")
        else:
            self._state.set("user_id", user_id)

    def _log(self, method: str, args: dict[str, Any], result: str, mark: int | None = None) -> None:
        self._trace.add_sdk_call(SdkCall(method, args, result), at=mark)
