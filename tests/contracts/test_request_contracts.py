"""Every Intercom request contract: a valid request passes and each listed check catches its break."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from simulator.contracts import ContractChecker, load_contracts

from .conftest import exchange, intercom_headers

CONTACT_ID = "65a1b2c3d4e5f60718293a4b"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    valid_body: dict[str, Any]


ENDPOINTS = {
    "intercom.create-contact": Endpoint("POST", "/contacts", {
        "role": "user",
        "external_id": "u1",
        "email": "ada@example.com",
        "signed_up_at": 1_700_000_000,
        "custom_attributes": {"plan": "pro", "seats": 3, "vip": True, "referrer": None},
    }),
    "intercom.update-contact": Endpoint("PUT", f"/contacts/{CONTACT_ID}", {
        "email": "ada@example.com",
        "name": "Ada",
        "phone": "+441234567890",
        "signed_up_at": 1_700_000_000,
        "language_override": "fr",
        "unsubscribed_from_emails": True,
        "custom_attributes": {"plan": "pro", "seats": 3.5},
    }),
    "intercom.search-contacts": Endpoint("POST", "/contacts/search", {
        "query": {"field": "external_id", "operator": "=", "value": "u1"},
    }),
    "intercom.create-data-event": Endpoint("POST", "/events", {
        "event_name": "Order Completed",
        "created_at": 1_768_467_600,
        "user_id": "u1",
        "metadata": {
            "price": {"amount": 9995.0, "currency": "eur"},
            "invoice": {"url": "https://example.com/invoices/1", "value": "Invoice 1"},
            "order_id": "2969302398",
            "items": 3,
            "gift": False,
        },
    }),
    "intercom.create-or-update-company": Endpoint("POST", "/companies", {
        "company_id": "c1",
        "name": "Acme",
        "plan": "pro",
        "monthly_spend": 99.5,
        "remote_created_at": 1_600_000_000,
        "custom_attributes": {"band": "10-50", "paid": True, "seats": 12},
    }),
    "intercom.attach-contact-to-company": Endpoint("POST", f"/contacts/{CONTACT_ID}/companies", {"id": "6762f09a1bb69f9f2193bb34"}),
    "intercom.merge-contacts": Endpoint("POST", "/contacts/merge", {"from": "6762f0d51bb69f9f2193bb7f", "into": CONTACT_ID}),
}


@dataclass(frozen=True)
class Broken:
    """A request that breaks exactly one check of one contract."""

    contract: str
    check: str
    path: str
    changes: dict[str, Any] = field(default_factory=dict)
    """Fields to set in the valid body; the value REMOVE deletes the field."""
    body: Any = None
    """A whole body to send instead of the changed valid body."""
    headers: dict[str, str | None] = field(default_factory=dict)
    """Headers to set; None removes the header."""
    version: str = "2.11"
    severity: str = "error"

    @property
    def id(self) -> str:
        return f"{self.contract.removeprefix('intercom.')}/{self.check}@{self.version}:{self.path}"


REMOVE = object()
LONG_TEXT = "x" * 256
ELEVEN_KEYS = {f"key{index}": index for index in range(11)}

BROKEN = [
    # Built-in checks, shown on every endpoint.
    *[Broken(contract, "headers", "headers.Accept", headers={"Accept": None}) for contract in ENDPOINTS],
    *[Broken(contract, "headers", "headers.Authorization", headers={"Authorization": "Basic dXNlcg=="}) for contract in ENDPOINTS],
    *[Broken(contract, "headers", "headers.Content-Type", headers={"Content-Type": "text/plain"}) for contract in ENDPOINTS],
    *[Broken(contract, "headers", "headers.Intercom-Version", headers={"Intercom-Version": None}) for contract in ENDPOINTS],
    *[Broken(contract, "version", "headers.Intercom-Version", headers={"Intercom-Version": "2.12"}) for contract in ENDPOINTS],
    # POST /contacts
    Broken("intercom.create-contact", "schema", "$", body={"name": "Ada"}),
    Broken("intercom.create-contact", "schema", "$.owner_id", changes={"owner_id": "12"}),
    Broken("intercom.create-contact", "schema", "$.owner_id", changes={"owner_id": 12}, version="2.16"),
    Broken("intercom.create-contact", "schema", "$", body={"role": "user", "email_verified": True}, version="2.16"),
    Broken("intercom.create-contact", "schema", "$.email", changes={"email": None}),
    Broken("intercom.create-contact", "timestamp-seconds", "$.signed_up_at", changes={"signed_up_at": 1_700_000_000_000}),
    Broken("intercom.create-contact", "timestamp-seconds", "$.last_seen_at", changes={"last_seen_at": 1_700_000_000.5}),
    Broken("intercom.create-contact", "scalar-values", "$.custom_attributes.tags", changes={"custom_attributes": {"tags": ["a", "b"]}}),
    Broken("intercom.create-contact", "name-characters", "$.custom_attributes['plan.tier']", changes={"custom_attributes": {"plan.tier": "pro"}}),
    Broken("intercom.create-contact", "string-length", "$.custom_attributes.bio", changes={"custom_attributes": {"bio": LONG_TEXT}}, severity="warning"),
    # PUT /contacts/{contact_id}
    Broken("intercom.update-contact", "schema", "$.language_override", changes={"language_override": 7}),
    Broken("intercom.update-contact", "schema", "$.owner_id", changes={"owner_id": 12}, version="2.16"),
    Broken("intercom.update-contact", "schema", "$", changes={"email": REMOVE, "email_verified": False}, version="2.16"),
    Broken("intercom.update-contact", "timestamp-seconds", "$.signed_up_at", changes={"signed_up_at": 1_700_000_000_000}),
    Broken("intercom.update-contact", "scalar-values", "$.custom_attributes.address", changes={"custom_attributes": {"address": {"city": "Paris"}}}),
    Broken("intercom.update-contact", "name-characters", "$.custom_attributes['$price']", changes={"custom_attributes": {"$price": 5}}),
    Broken("intercom.update-contact", "string-length", "$.custom_attributes.bio", changes={"custom_attributes": {"bio": LONG_TEXT}}, severity="warning"),
    # POST /contacts/search
    Broken("intercom.search-contacts", "schema", "$.query", body={"pagination": {"per_page": 5}}),
    Broken("intercom.search-contacts", "schema", "$.query", changes={"query": {"field": "email", "operator": "equals", "value": "a"}}),
    Broken("intercom.search-contacts", "schema", "$.pagination.per_page", changes={"pagination": {"starting_after": "abc"}}),
    Broken("intercom.search-contacts", "schema", "$.sort.order", changes={"sort": {"field": "created_at", "order": "up"}}, version="2.16"),
    # POST /events
    Broken("intercom.create-data-event", "schema", "$", changes={"user_id": REMOVE}),
    Broken("intercom.create-data-event", "schema", "$.created_at", changes={"created_at": "2026-01-15T09:00:00Z"}),
    Broken("intercom.create-data-event", "timestamp-seconds", "$.created_at", changes={"created_at": 1_768_467_600_000}),
    Broken("intercom.create-data-event", "amount-integer-cents", "$.metadata.price.amount", changes={"metadata": {"price": {"amount": 1998.9999999999998, "currency": "usd"}}}),
    Broken("intercom.create-data-event", "amount-integer-cents", "$.metadata.price.amount", changes={"metadata": {"price": {"amount": -100, "currency": "usd"}}}),
    Broken("intercom.create-data-event", "scalar-values", "$.metadata.price", changes={"metadata": {"price": {"currency": "EUR"}}}),
    Broken("intercom.create-data-event", "scalar-values", "$.metadata.products", changes={"metadata": {"products": [{"sku": "a"}]}}),
    Broken("intercom.create-data-event", "metadata-max-keys", "$.metadata", changes={"metadata": ELEVEN_KEYS}),
    Broken("intercom.create-data-event", "name-characters", "$.event_name", changes={"event_name": "order.completed"}),
    # POST /companies
    Broken("intercom.create-or-update-company", "schema", "$.test", changes={"test": "invalid"}),
    Broken("intercom.create-or-update-company", "schema", "$.update_last_request_at", changes={"update_last_request_at": True}),
    Broken("intercom.create-or-update-company", "schema", "$.monthly_spend", changes={"monthly_spend": 2**31}),
    Broken("intercom.create-or-update-company", "schema", "$.size", changes={"size": "100"}, version="2.16"),
    Broken("intercom.create-or-update-company", "timestamp-seconds", "$.remote_created_at", changes={"remote_created_at": 1_600_000_000_000}),
    Broken("intercom.create-or-update-company", "scalar-values", "$.custom_attributes.owners", changes={"custom_attributes": {"owners": ["a"]}}),
    Broken("intercom.create-or-update-company", "name-characters", "$.custom_attributes['a.b']", changes={"custom_attributes": {"a.b": 1}}),
    Broken("intercom.create-or-update-company", "string-length", "$.custom_attributes.motto", changes={"custom_attributes": {"motto": LONG_TEXT}}, severity="warning"),
    # POST /contacts/{contact_id}/companies
    Broken("intercom.attach-contact-to-company", "schema", "$.id", body={}),
    Broken("intercom.attach-contact-to-company", "schema", "$.id", changes={"id": 123}),
    # POST /contacts/merge
    Broken("intercom.merge-contacts", "schema", "$.into", changes={"into": REMOVE}),
    Broken("intercom.merge-contacts", "schema", "$.skip_duplicate_validation", changes={"skip_duplicate_validation": "yes"}, version="2.16"),
]


def broken_request(case: Broken):
    endpoint = ENDPOINTS[case.contract]
    if case.body is not None:
        body = case.body
    else:
        body = dict(endpoint.valid_body)
        for key, value in case.changes.items():
            if value is REMOVE:
                body.pop(key, None)
            else:
                body[key] = value

    headers = intercom_headers(case.version)
    for name, value in case.headers.items():
        if value is None:
            headers.pop(name)
        else:
            headers[name] = value
    return exchange(endpoint.method, endpoint.path, body, headers=headers)


@pytest.mark.parametrize("version", ["2.11", "2.16"])
@pytest.mark.parametrize("contract_id", sorted(ENDPOINTS))
def test_valid_request_passes(contract_id: str, version: str) -> None:
    endpoint = ENDPOINTS[contract_id]
    checker = ContractChecker(api_version=version)

    violations = checker.check_request(exchange(endpoint.method, endpoint.path, endpoint.valid_body, version=version))

    assert violations == []


@pytest.mark.parametrize("case", BROKEN, ids=lambda case: case.id)
def test_broken_request_fails_its_check(case: Broken) -> None:
    checker = ContractChecker(api_version="2.11" if case.check == "version" else case.version)

    violations = checker.check_request(broken_request(case))

    assert [(violation.contract, violation.check, violation.path) for violation in violations] == [(case.contract, case.check, case.path)]
    assert violations[0].severity == case.severity
    assert violations[0].message.endswith(".")


def test_every_listed_check_has_a_broken_example() -> None:
    covered = {(case.contract, case.check) for case in BROKEN}

    for contract in load_contracts().requests:
        for check in contract.check_ids():
            assert (contract.id, check) in covered, f"{contract.id} lists {check} but no broken example tests it"


def test_every_request_contract_has_a_valid_example() -> None:
    assert {contract.id for contract in load_contracts().requests} == set(ENDPOINTS)
