"""Rules on the Intercom iOS SDK call log, checked one call at a time with the device's user state.

Sources: Intercom iOS SDK 19.x headers (``Intercom.h``, ``ICMUserAttributes.h``,
``ICMCompany.h``) and Intercom's iOS installation and identity verification guides:

- Custom attribute values of users and companies are NSString, NSNumber or NSNull.
- ``setUserHash`` must come before a login when identity verification is on. It does
  not apply to unidentified users.
- The SDK sends nothing to Intercom before a login, so ``logEvent`` and ``updateUser``
  need a logged-in user.
- A login while another user is logged in fails until ``logout``. The Android SDK
  documents this as error 3002, and Intercom aligned the iOS SDK's login behavior with
  Android's in 18.7.0. The exception is ``loginUser`` after ``loginUnidentifiedUser``:
  ``Intercom.h`` 19.x documents that the anonymous activity is then merged into the identified user.

The user state is read from the call log itself. A ``loginUser`` or
``loginUnidentifiedUser`` whose result is not an error (``ok``, or ``pending`` while its
request waits to be sent) logs a user in, and ``logout`` logs out. The SDK keeps its user
and user hash on the device, so the state lasts for the whole run, across app launches,
and only ``logout`` clears the hash.

NOTE: a pending login that the SDK later drops (Intercom rejected it) logs the user out
again on the device, but the call log shows no new call for it, so this state still
counts the user as logged in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.contracts.model import CheckDefinition, CheckSpec, DeviceContract, Finding
from simulator.contracts.paths import format_path, select
from simulator.contracts.values import JSON_TYPES, describe, has_type, show
from simulator.trace import SdkCall, Violation

_METHODS = {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True}

DEVICE_CHECKS: dict[str, CheckDefinition] = {
    "device-custom-attribute-types": CheckDefinition(
        "device-custom-attribute-types",
        "Custom attribute values of users and companies are strings, numbers (booleans bridge to NSNumber) or null.",
        params={
            "methods": _METHODS,
            "paths": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "types": {"type": "array", "items": {"enum": list(JSON_TYPES)}, "minItems": 1, "uniqueItems": True},
        },
        required=("methods", "paths", "types"),
        path_params=("paths",),
    ),
    "user-hash-before-login": CheckDefinition(
        "user-hash-before-login",
        "With identity verification on, setUserHash comes before each identified login, and again after a logout.",
        params={"methods": _METHODS},
        required=("methods",),
    ),
    "requires-logged-in-user": CheckDefinition(
        "requires-logged-in-user",
        "logEvent and updateUser need a logged-in user.",
        params={"methods": _METHODS},
        required=("methods",),
    ),
    "logout-before-switching-user": CheckDefinition(
        "logout-before-switching-user",
        "A login while another user is logged in needs a logout first, but an identified login may follow an unidentified one.",
    ),
}

IDENTIFIED = "identified"
UNIDENTIFIED = "unidentified"


@dataclass
class DeviceState:
    """The SDK state implied by the calls so far: who is logged in, and whether a user hash is set."""

    user: str | None = None
    """None, ``identified`` or ``unidentified``."""
    identity: str | None = None
    """The userId (or, without one, the email) of the identified user."""
    user_hash_set: bool = False

    def describe_user(self) -> str:
        if self.user == IDENTIFIED:
            return f"the user {show(self.identity)}"
        return "an unidentified user"

    def apply(self, call: SdkCall) -> None:
        """Update the state with the effect of ``call``."""
        logged_in = not call.result.startswith("error")
        if call.method == "setUserHash":
            self.user_hash_set = True
        elif call.method == "logout":
            self.user, self.identity, self.user_hash_set = None, None, False
        elif call.method == "loginUser" and logged_in:
            self.user, self.identity = IDENTIFIED, login_identity(call)
        elif call.method == "loginUnidentifiedUser" and logged_in:
            self.user, self.identity = UNIDENTIFIED, None


class DeviceMonitor:
    """Checks each SDK call of a run in order, keeping the device's user state between calls."""

    def __init__(self, contracts: Sequence[DeviceContract], *, identity_verification: bool) -> None:
        self._contracts = contracts
        self._identity_verification = identity_verification
        self.state = DeviceState()

    def check(self, call: SdkCall) -> list[Violation]:
        """Return the violations of ``call`` given the calls before it, then record its effect."""
        violations = []
        record = call.to_json()
        for contract in self._contracts:
            for spec in contract.checks:
                for finding in self._findings(spec, call, record):
                    violations.append(Violation(contract=contract.id, check=spec.check, path=finding.path,
                                                severity=spec.severity, message=finding.message, value=finding.value))
        self.state.apply(call)
        return violations

    def _findings(self, spec: CheckSpec, call: SdkCall, record: dict[str, Any]) -> list[Finding]:
        methods = spec.params.get("methods")
        if methods is not None and call.method not in methods:
            return []
        if spec.check == "device-custom-attribute-types":
            return _attribute_type_findings(record, spec.params["paths"], spec.params["types"])
        if spec.check == "user-hash-before-login":
            return self._user_hash_findings(call)
        if spec.check == "requires-logged-in-user":
            return self._logged_in_findings(call)
        if spec.check == "logout-before-switching-user":
            return self._switch_findings(call)
        raise AssertionError(f"device check {spec.check!r} has no implementation")

    def _user_hash_findings(self, call: SdkCall) -> list[Finding]:
        if not self._identity_verification or self.state.user_hash_set:
            return []
        message = (f"{call.method} was called with no user hash set since the last logout, although "
                   f"identity verification needs setUserHash before an identified login.")
        return [Finding("$.method", message, call.method)]

    def _logged_in_findings(self, call: SdkCall) -> list[Finding]:
        if self.state.user is not None:
            return []
        message = f"{call.method} was called while no Intercom user is logged in, although the SDK sends nothing before a login."
        return [Finding("$.method", message, call.method)]

    def _switch_findings(self, call: SdkCall) -> list[Finding]:
        if call.method == "loginUser":
            identity = login_identity(call)
            same_user = self.state.user == IDENTIFIED and identity == self.state.identity
            # An identified login after an unidentified one merges the two users instead.
            if self.state.user in (None, UNIDENTIFIED) or same_user:
                return []
            incoming = f"the user {show(identity)}"
        elif call.method == "loginUnidentifiedUser":
            if self.state.user is None:
                return []
            incoming = "an unidentified user"
        else:
            return []
        message = f"{call.method} logs in {incoming} while {self.state.describe_user()} is logged in, without a logout first."
        return [Finding("$.method", message, call.method)]


def login_identity(call: SdkCall) -> str | None:
    """Return the userId of a loginUser call, or its email when it has no userId."""
    attributes = call.args.get("attributes")
    if not isinstance(attributes, dict):
        return None
    identity = attributes.get("userId") or attributes.get("email")
    return identity if isinstance(identity, str) else None


def _attribute_type_findings(record: dict[str, Any], paths: Sequence[Any], types: Sequence[str]) -> list[Finding]:
    findings = []
    for segments in paths:
        for concrete, value in select(record, segments):
            if any(has_type(value, name) for name in types):
                continue
            path = format_path(concrete)
            message = (f"{path} is {describe(value)}, but the Intercom iOS SDK takes only "
                       f"{', '.join(types)} values as custom attributes.")
            findings.append(Finding(path, message, value))
    return findings
