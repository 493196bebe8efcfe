"""Pin the quirk switches: each is described, and each changes the outcome of a minimal input."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.errors import ScenarioError
from simulator.intercom.destination import IntercomDestination
from simulator.intercom.metadata import build_metadata
from simulator.intercom.profiles import PROFILES, Quirks, quirks_for
from simulator.intercom.user_mapping import company_attributes, intercom_options, user_attributes
from simulator.swift.dictionary import SwiftHasher

from .helpers import SWIFT, insertion_order, reversed_order, without


class RecordingSdk:
    """A stand-in for IntercomSDK that records the method name of each call."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __getattr__(self, name: str):
        def record(*args: Any) -> None:
            self.calls.append(name)

        return record


class LoggedInSdk(RecordingSdk):
    """A stand-in whose user "u0" is logged in."""

    def is_user_logged_in(self) -> bool:
        self.calls.append("is_user_logged_in")
        return True

    def fetch_logged_in_user_attributes(self):
        from simulator.intercom.attributes import UserAttributes

        self.calls.append("fetch_logged_in_user_attributes")
        return UserAttributes(user_id="u0")


def call_names(event: dict[str, Any], sdk_class: type[RecordingSdk] = RecordingSdk):
    """Return a function of the quirks that runs ``event`` through the plugin and lists the SDK calls."""

    def run(quirks: Quirks) -> list[str]:
        sdk = sdk_class()
        destination = IntercomDestination(sdk, quirks, SwiftHasher(0))
        getattr(destination, event["type"])(event)
        return sdk.calls

    return run


def identify_call_order(quirks: Quirks) -> list[str]:
    sdk = RecordingSdk()
    destination = IntercomDestination(sdk, quirks, SwiftHasher(0))
    destination.identify({"type": "identify", "userId": "u1", "anonymousId": "a1", "integrations": {"Intercom": {"user_hash": "h"}}})
    return sdk.calls


def signed_up_at(quirks: Quirks) -> Any:
    return user_attributes({"signedUpAt": 1437318870}, {}, quirks, insertion_order).to_args()


def metadata(properties: dict[str, Any], order=insertion_order):
    return lambda quirks: build_metadata(properties, quirks, order)


def company(values: dict[str, Any]):
    return lambda quirks: company_attributes(values, quirks, insertion_order).to_args()


# For each quirk: the input whose outcome turning the quirk off changes.
QUIRK_CASES = {
    "user_hash_after_login": identify_call_order,
    "created_at_seconds_only": signed_up_at,
    "unrounded_cents": metadata({"revenue": 19.99}),
    "revenue_total_precedence": metadata({"revenue": 10, "total": 5}, reversed_order),
    "no_default_currency": metadata({"revenue": 10}),
    "currency_only_price": metadata({"currency": "EUR"}),
    "nested_price_removes_amount": metadata({"revenue": 10, "price": {"list": 12}}),
    "company_name_not_mapped": company({"name": "Acme"}),
    "company_created_at_snake_case_only": company({"createdAt": 1437318870}),
    "company_id_strings_only": company({"id": 42}),
    "null_attributes_dropped": lambda quirks: user_attributes({"nickname": None}, {}, quirks, insertion_order).to_args(),
    "options_key_capitalized_only": lambda quirks: intercom_options({"intercom": {"user_hash": "h"}}, quirks),
    "options_only_with_traits": call_names(
        {"type": "identify", "userId": "u1", "integrations": {"Intercom": {"language_override": "fr"}}}
    ),
    "no_unidentified_fallback": call_names({"type": "track", "event": "Viewed"}),
    "unidentified_login_while_logged_in": call_names({"type": "identify", "anonymousId": "a1"}, LoggedInSdk),
    "no_logout_before_switching_user": call_names({"type": "identify", "userId": "u1", "anonymousId": "a1"}, LoggedInSdk),
    "group_requires_traits": call_names({"type": "group", "groupId": "g1"}),
    "metadata_in_dictionary_order": lambda quirks: list(build_metadata({"b": 1, "a": 2, "revenue": 3}, quirks, insertion_order)),
}


def test_table_covers_all_quirks():
    assert sorted(QUIRK_CASES) == sorted(Quirks.names())


@pytest.mark.parametrize("name", Quirks.names())
def test_quirk_described(name):
    assert Quirks.describe(name).strip()


@pytest.mark.parametrize("name", Quirks.names())
def test_quirk_changes_outcome(name):
    outcome = QUIRK_CASES[name]

    assert outcome(without(name)) != outcome(SWIFT)


def test_swift_profile_all_on():
    assert all(getattr(PROFILES["swift-1.0.1"], name) for name in Quirks.names())


def test_documented_profile_all_off():
    assert not any(getattr(PROFILES["documented"], name) for name in Quirks.names())


def test_quirks_for_override():
    quirks = quirks_for("documented", {"unrounded_cents": True})

    assert quirks.unrounded_cents is True
    assert quirks.no_default_currency is False


def test_quirks_for_unknown_profile():
    with pytest.raises(KeyError):
        quirks_for("swift-9")


def test_unknown_quirk_rejected(run_steps):
    """A scenario naming a quirk that does not exist fails before it runs."""
    with pytest.raises(ScenarioError, match="unknown quirk"):
        run_steps(["launch"], plugin={"quirks": {"unrounded_cent": False}})
