"""Every mapping rule: the documented calls pass, and a call that breaks the rule fails it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from simulator.contracts import ContractChecker, load_contracts
from simulator.trace import SdkCall

from .conftest import call


def identify(traits: dict[str, Any] | None = None, *, user_id: str | None = "u1", integrations: dict[str, Any] | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "identify", "anonymousId": "A1B2", "messageId": "M1",
                             "timestamp": "2026-01-15T09:00:00.000Z", "integrations": integrations or {}}
    if user_id is not None:
        event["userId"] = user_id
    if traits is not None:
        event["traits"] = traits
    return event


def track(name: str, properties: dict[str, Any] | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "track", "event": name, "anonymousId": "A1B2", "userId": "u1", "integrations": {}}
    if properties is not None:
        event["properties"] = properties
    return event


def group(group_id: str, traits: dict[str, Any] | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "group", "groupId": group_id, "anonymousId": "A1B2", "userId": "u1", "integrations": {}}
    if traits is not None:
        event["traits"] = traits
    return event


def update(**attributes: Any) -> SdkCall:
    return call("updateUser", attributes=attributes)


def log_event(name: str, **meta_data: Any) -> SdkCall:
    return call("logEvent", name=name, metaData=meta_data) if meta_data else call("logEvent", name=name)


LOGIN = call("loginUser", attributes={"userId": "u1"})
FULL_TRAITS = {
    "email": "ada@example.com",
    "name": "Ada",
    "phone": "+441234567890",
    "user_id": "u1",
    "signedUpAt": "Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)",
    "company": {"id": "c1", "name": "Acme"},
    "plan": "pro",
    "seats": 3,
    "vip": True,
    "referrer": None,
    "address": {"city": "Paris"},
}
FULL_INTEGRATIONS = {"intercom": {"language_override": "fr", "unsubscribed": True}}
FULL_ATTRIBUTES = {
    "email": "ada@example.com",
    "name": "Ada",
    "phone": "+441234567890",
    "userId": "u1",
    "signedUpAt": "2018-03-26T17:44:51.000Z",
    "languageOverride": "fr",
    "unsubscribedFromEmails": True,
    "companies": [{"companyId": "c1", "name": "Acme"}],
    "customAttributes": {"plan": "pro", "seats": 3, "vip": True, "referrer": None},
}


def without(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if key not in keys}


def replaced(mapping: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**mapping, **changes}


@dataclass(frozen=True)
class Case:
    check: str
    event: dict[str, Any]
    good: list[SdkCall]
    bad: list[SdkCall]
    path: str


CASES = [
    Case("identify-login-user", identify(), [LOGIN], [call("loginUser", attributes={"userId": "u2"})], "$.args.attributes.userId"),
    Case("identify-login-user", identify(), [LOGIN], [call("loginUnidentifiedUser")], "$.args.attributes.userId"),
    Case("identify-email", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**without(FULL_ATTRIBUTES, "email"))], "$.args.attributes.email"),
    Case("identify-name", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**replaced(FULL_ATTRIBUTES, name="Bob"))], "$.args.attributes.name"),
    Case("identify-phone", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**without(FULL_ATTRIBUTES, "phone"))], "$.args.attributes.phone"),
    Case("identify-user-id-trait", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**without(FULL_ATTRIBUTES, "userId"))], "$.args.attributes.userId"),
    Case("identify-company-id", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**replaced(FULL_ATTRIBUTES, companies=[{"companyId": "123", "name": "Acme"}]))], "$.args.attributes.companies[0].companyId"),
    Case("identify-company-name", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**replaced(FULL_ATTRIBUTES, companies=[{"companyId": "c1", "customAttributes": {"name": "Acme"}}]))],
         "$.args.attributes.companies[0].name"),
    Case("identify-signed-up-at", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**replaced(FULL_ATTRIBUTES, signedUpAt="2018-03-26T17:44:51.001Z"))], "$.args.attributes.signedUpAt"),
    Case("identify-language-override", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**without(FULL_ATTRIBUTES, "languageOverride"))], "$.args.attributes.languageOverride"),
    Case("identify-unsubscribed", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**replaced(FULL_ATTRIBUTES, unsubscribedFromEmails=False))], "$.args.attributes.unsubscribedFromEmails"),
    Case("identify-custom-attributes", identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS), [LOGIN, update(**FULL_ATTRIBUTES)],
         [LOGIN, update(**replaced(FULL_ATTRIBUTES, customAttributes={"plan": "pro", "seats": 3, "vip": True}))],
         "$.args.attributes.customAttributes.referrer"),
    Case("track-event-name", track("Order Completed"), [log_event("Order Completed")], [log_event("Order completed")], "$.args.name"),
    Case("track-revenue-cents", track("Order", {"revenue": 19.99, "currency": "EUR"}),
         [log_event("Order", price={"amount": 1999, "currency": "EUR"})],
         [log_event("Order", price={"amount": 1998.9999999999998, "currency": "EUR"})], "$.args.metaData.price.amount"),
    Case("track-total-cents", track("Order", {"total": 99.95, "currency": "EUR"}),
         [log_event("Order", price={"amount": 9995.0, "currency": "eur"})],
         [log_event("Order", total=99.95, currency="EUR")], "$.args.metaData.price.amount"),
    Case("track-currency", track("Order", {"revenue": 5, "currency": "EUR"}),
         [log_event("Order", price={"amount": 500, "currency": "eur"})],
         [log_event("Order", price={"amount": 500}, currency="EUR")], "$.args.metaData.price.currency"),
    Case("track-currency", track("Order", {"total": 5, "currency": "EUR"}),
         [log_event("Order", price={"amount": 500, "currency": "EUR"})],
         [log_event("Order", price={"amount": 500, "currency": "USD"})], "$.args.metaData.price.currency"),
    Case("track-default-currency", track("Order", {"revenue": 5}),
         [log_event("Order", price={"amount": 500, "currency": "USD"})],
         [log_event("Order", price={"amount": 500})], "$.args.metaData.price.currency"),
    Case("group-company-id", group("g1", {"name": "Acme"}), [update(companies=[{"companyId": "g1", "name": "Acme"}])],
         [update(companies=[{"companyId": "Acme", "name": "Acme"}])], "$.args.attributes.companies[0].companyId"),
    Case("group-company-id", group("g1"), [update(companies=[{"companyId": "g1"}])], [], "$.args.attributes.companies[0].companyId"),
    Case("group-name", group("g1", {"name": "Acme"}), [update(companies=[{"companyId": "g1", "name": "Acme"}])],
         [update(companies=[{"companyId": "g1", "customAttributes": {"name": "Acme"}}])], "$.args.attributes.companies[0].name"),
    Case("group-plan", group("g1", {"plan": "pro"}), [update(companies=[{"companyId": "g1", "plan": "pro"}])],
         [update(companies=[{"companyId": "g1", "customAttributes": {"plan": "pro"}}])], "$.args.attributes.companies[0].plan"),
    Case("group-monthly-spend", group("g1", {"monthly_spend": 99.5}), [update(companies=[{"companyId": "g1", "monthlySpend": 99.5}])],
         [update(companies=[{"companyId": "g1", "monthlySpend": 99}])], "$.args.attributes.companies[0].monthlySpend"),
    Case("group-created-at", group("g1", {"createdAt": 1_600_000_000}),
         [update(companies=[{"companyId": "g1", "createdAt": "2020-09-13T12:26:40.000Z"}])],
         [update(companies=[{"companyId": "g1", "customAttributes": {"createdAt": 1_600_000_000}}])],
         "$.args.attributes.companies[0].createdAt"),
    Case("group-custom-attributes", group("g1", {"employees": 12, "id": "x", "tags": ["a"]}),
         [update(companies=[{"companyId": "g1", "customAttributes": {"employees": 12}}])],
         [update(companies=[{"companyId": "g1", "customAttributes": {"employees": "12"}}])],
         "$.args.attributes.companies[0].customAttributes.employees"),
    Case("reset-logout", {"type": "reset"}, [call("logout")], [call("loginUnidentifiedUser")], "$.method"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.check)
def test_documented_calls_pass(case: Case, checker: ContractChecker) -> None:
    assert checker.check_event_calls(case.event, case.good) == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.check)
def test_breaking_calls_fail(case: Case, checker: ContractChecker) -> None:
    violations = checker.check_event_calls(case.event, case.bad)

    assert (case.check, case.path) in [(violation.check, violation.path) for violation in violations]
    assert all(violation.contract.startswith("mapping.") for violation in violations)


def test_every_mapping_rule_has_a_case() -> None:
    covered = {case.check for case in CASES}

    for contract in load_contracts().mappings:
        for check in contract.check_ids():
            assert check in covered, f"{contract.id} has rule {check} but no test case"


def test_full_identify_reports_only_the_broken_rule(checker: ContractChecker) -> None:
    event = identify(FULL_TRAITS, integrations=FULL_INTEGRATIONS)

    violations = checker.check_event_calls(event, [LOGIN, update(**without(FULL_ATTRIBUTES, "email"))])

    assert [(violation.check, violation.path, violation.value) for violation in violations] == [
        ("identify-email", "$.args.attributes.email", None),
    ]


def test_custom_attribute_rule_reports_each_key(checker: ContractChecker) -> None:
    event = identify({"plan": "pro", "seats": 3, "nested": {"a": 1}})

    violations = checker.check_event_calls(event, [LOGIN, update(customAttributes={"plan": "basic"})])

    assert [(violation.path, violation.value) for violation in violations] == [
        ("$.args.attributes.customAttributes.plan", "basic"),
        ("$.args.attributes.customAttributes.seats", None),
    ]


def test_mismatch_message_names_value_and_rule(checker: ContractChecker) -> None:
    event = track("Order", {"revenue": 19.99, "currency": "usd"})

    violations = checker.check_event_calls(event, [log_event("Order", price={"amount": 1998.9999999999998, "currency": "usd"})])

    assert violations[0].message == (
        "logEvent argument metaData.price.amount is 1998.9999999999998 where 1999 was expected "
        "(properties.revenue 19.99 in integer cents), although Segment sends properties.revenue "
        "as metadata price.amount in integer cents."
    )
    assert violations[0].value == 1998.9999999999998


def test_missing_call_message(checker: ContractChecker) -> None:
    violations = checker.check_event_calls(group("g1"), [])

    assert violations[0].message == (
        "The plugin made no updateUser call for this group event, although Segment maps groupId "
        "to the companyId of the user's company."
    )


def test_any_matching_call_satisfies_rule(checker: ContractChecker) -> None:
    calls = [log_event("Other"), log_event("Order Completed")]

    assert checker.check_event_calls(track("Order Completed"), calls) == []


def test_total_ignored_when_revenue_present(checker: ContractChecker) -> None:
    event = track("Order", {"revenue": 10, "total": 99, "currency": "usd"})

    assert checker.check_event_calls(event, [log_event("Order", price={"amount": 1000, "currency": "usd"}, total=99)]) == []


def test_events_of_other_types_have_no_rules(checker: ContractChecker) -> None:
    event = {"type": "screen", "name": "Home", "anonymousId": "A1B2"}

    assert checker.check_event_calls(event, []) == []
