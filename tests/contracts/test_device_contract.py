"""Device rules on the Intercom iOS SDK call log, with the user state carried across calls."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.contracts import ContractChecker
from simulator.trace import SdkCall

from .conftest import call

SET_API_KEY = call("setApiKey", apiKey="ios_sdk-key", appId="app1")
LOGIN_U1 = call("loginUser", attributes={"userId": "u1"})
LOGIN_U2 = call("loginUser", attributes={"userId": "u2"})
LOGIN_ANONYMOUS = call("loginUnidentifiedUser")
LOGOUT = call("logout")
SET_HASH = call("setUserHash", userHash="abc123")
EVENT = call("logEvent", name="Order")
UPDATE = call("updateUser", attributes={"email": "a@example.com"})


def run(calls: list[SdkCall], checker: ContractChecker | None = None) -> list[tuple[int, str]]:
    """Feed ``calls`` to a checker and return (call index, check) per violation."""
    checker = checker or ContractChecker()
    found = []
    for index, sdk_call in enumerate(calls):
        found += [(index, violation.check) for violation in checker.check_sdk_call(sdk_call)]
    return found


@pytest.mark.parametrize(("calls", "expected"), [
    ([SET_API_KEY, EVENT], [(1, "requires-logged-in-user")]),
    ([SET_API_KEY, UPDATE], [(1, "requires-logged-in-user")]),
    ([SET_API_KEY, LOGIN_U1, EVENT, UPDATE], []),
    ([SET_API_KEY, LOGIN_ANONYMOUS, EVENT], []),
    ([SET_API_KEY, LOGIN_U1, LOGOUT, EVENT], [(3, "requires-logged-in-user")]),
    ([SET_API_KEY, call("loginUser", "error: HTTP 401: unauthorized", attributes={"userId": "u1"}), EVENT], [(2, "requires-logged-in-user")]),
    ([SET_API_KEY, call("loginUser", "pending: the network is offline", attributes={"userId": "u1"}), EVENT], []),
])
def test_requires_logged_in_user(calls: list[SdkCall], expected: list[tuple[int, str]]) -> None:
    assert run(calls) == expected


def test_login_state_survives_relaunch() -> None:
    checker = ContractChecker()

    first_launch = run([SET_API_KEY, LOGIN_U1], checker)
    second_launch = run([SET_API_KEY, EVENT], checker)

    assert first_launch == []
    assert second_launch == []


@pytest.mark.parametrize(("calls", "expected"), [
    ([LOGIN_U1, LOGIN_U1], []),
    ([LOGIN_U1, LOGIN_U2], [(1, "logout-before-switching-user")]),
    ([LOGIN_U1, LOGOUT, LOGIN_U2], []),
    ([LOGIN_ANONYMOUS, LOGIN_U1], []),
    ([LOGIN_ANONYMOUS, LOGIN_U1, LOGIN_U2], [(2, "logout-before-switching-user")]),
    ([LOGIN_ANONYMOUS, LOGIN_ANONYMOUS], [(1, "logout-before-switching-user")]),
    ([LOGIN_U1, LOGIN_ANONYMOUS], [(1, "logout-before-switching-user")]),
    ([call("loginUser", attributes={"email": "a@example.com"}), call("loginUser", attributes={"email": "a@example.com"})], []),
    ([call("loginUser", "error: a user is already logged in", attributes={"userId": "u1"}), LOGIN_U2], []),
])
def test_logout_before_switching_user(calls: list[SdkCall], expected: list[tuple[int, str]]) -> None:
    assert run(calls) == expected


def test_switch_message_names_both_users() -> None:
    checker = ContractChecker()
    checker.check_sdk_call(LOGIN_U1)

    violation = checker.check_sdk_call(LOGIN_U2)[0]

    assert violation.message == 'loginUser logs in the user "u2" while the user "u1" is logged in, without a logout first.'
    assert (violation.contract, violation.path, violation.value) == ("device.intercom-ios-sdk", "$.method", "loginUser")


@pytest.mark.parametrize(("calls", "expected"), [
    ([SET_API_KEY, SET_HASH, LOGIN_U1], []),
    ([SET_API_KEY, LOGIN_U1, SET_HASH], [(1, "user-hash-before-login")]),
    ([SET_API_KEY, LOGIN_ANONYMOUS], []),
    ([SET_API_KEY, SET_HASH, LOGIN_U1, LOGOUT, LOGIN_U2], [(4, "user-hash-before-login")]),
    ([SET_API_KEY, SET_HASH, LOGIN_U1, SET_API_KEY, LOGIN_U1], []),
    ([SET_API_KEY, SET_HASH, LOGIN_U1, LOGOUT, SET_HASH, LOGIN_U2], []),
])
def test_user_hash_before_login(calls: list[SdkCall], expected: list[tuple[int, str]]) -> None:
    assert run(calls, ContractChecker(identity_verification=True)) == expected


def test_user_hash_ignored_without_identity_verification() -> None:
    assert run([SET_API_KEY, LOGIN_U1, SET_HASH]) == []


@pytest.mark.parametrize(("attributes", "paths"), [
    ({"customAttributes": {"a": "x", "b": 1, "c": 2.5, "d": True, "e": None}}, []),
    ({"customAttributes": {"tags": ["a"], "ok": 1}}, ["$.args.attributes.customAttributes.tags"]),
    ({"companies": [{"companyId": "c1", "customAttributes": {"address": {"city": "Paris"}}}]},
     ["$.args.attributes.companies[0].customAttributes.address"]),
])
def test_device_custom_attribute_types(attributes: dict[str, Any], paths: list[str]) -> None:
    checker = ContractChecker()
    checker.check_sdk_call(LOGIN_U1)

    violations = checker.check_sdk_call(call("updateUser", attributes=attributes))

    assert [(violation.check, violation.path) for violation in violations] == [("device-custom-attribute-types", path) for path in paths]


def test_custom_attribute_types_checked_on_login() -> None:
    violations = ContractChecker().check_sdk_call(call("loginUser", attributes={"userId": "u1", "customAttributes": {"x": []}}))

    assert [violation.path for violation in violations] == ["$.args.attributes.customAttributes.x"]


def test_other_methods_skip_attribute_types() -> None:
    violations = ContractChecker().check_sdk_call(call("logEvent", name="x", metaData={"customAttributes": {"x": []}}))

    assert [violation.check for violation in violations] == ["requires-logged-in-user"]
