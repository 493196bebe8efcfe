"""Contract tests of the fake Intercom workspace, driven over httpx through respx routes."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import httpx
import pytest
import respx

from simulator.fake_intercom import IntercomWorkspace, mount

TOKEN = "test-token"
START = 1_767_000_000
BASE = "https://api.intercom.io"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}


class Clock:
    """A virtual clock in unix seconds that tests move by hand."""

    def __init__(self) -> None:
        self.time = START

    def __call__(self) -> int:
        return self.time


def make_workspace(clock: Clock | None = None, **kwargs: Any) -> IntercomWorkspace:
    counter = itertools.count(1)
    return IntercomWorkspace(
        access_token=TOKEN,
        now=clock or Clock(),
        new_id=lambda: f"{next(counter):024x}",
        **kwargs,
    )


def make_client(workspace: IntercomWorkspace) -> httpx.Client:
    router = respx.Router(assert_all_called=False, assert_all_mocked=True)
    mount(router, workspace)
    router.route(name="unmatched").respond(599)
    return httpx.Client(transport=httpx.MockTransport(router.handler), base_url=BASE, headers=HEADERS)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ws(clock: Clock) -> IntercomWorkspace:
    return make_workspace(
        clock,
        contacts=[
            {"external_id": "u1", "email": "Ann@Example.com", "name": "Ann", "custom_attributes": {"age": 31}},
            {"external_id": "u2", "email": "bob@example.org", "name": "Bob", "role": "lead"},
        ],
        companies=[{"company_id": "c1", "name": "Acme", "plan": "pro"}],
    )


@pytest.fixture
def client(ws: IntercomWorkspace) -> httpx.Client:
    return make_client(ws)


def error_code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["code"]


def error_message(response: httpx.Response) -> str:
    return response.json()["errors"][0]["message"]


def contact_id(ws: IntercomWorkspace, external_id: str) -> str:
    contact = ws.find_contact(external_id=external_id)
    assert contact is not None
    return contact["id"]


# Headers common to every route.


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Token {TOKEN}", TOKEN, f"bearer {TOKEN}"])
def test_bad_authorization_is_401(client: httpx.Client, authorization: str | None) -> None:
    request = client.build_request("GET", "/contacts/x")
    del request.headers["Authorization"]
    if authorization is not None:
        request.headers["Authorization"] = authorization

    response = client.send(request)

    assert response.status_code == 401
    assert error_code(response) == "unauthorized"
    assert error_message(response) == "Access Token Invalid"


def test_error_body_uses_error_list_envelope(client: httpx.Client) -> None:
    response = client.get("/contacts/x", headers={"Authorization": "Bearer wrong"})
    body = response.json()

    assert body["type"] == "error.list"
    assert re.fullmatch(r"[0-9a-f]{24}", body["request_id"])
    assert len(body["errors"]) == 1


def test_missing_accept_is_406(client: httpx.Client) -> None:
    request = client.build_request("GET", "/contacts/x")
    del request.headers["Accept"]

    response = client.send(request)

    assert response.status_code == 406
    assert error_code(response) == "not_acceptable"


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/json", 404),
        ("*/*", 404),
        ("application/*", 404),
        ("text/html, application/json;q=0.5", 404),
        ("text/html", 406),
        ("application/json;q=0", 406),
        ("application/xml", 406),
    ],
)
def test_accept_header_values(client: httpx.Client, accept: str, status: int) -> None:
    response = client.get("/contacts/unknown", headers={"Accept": accept})

    assert response.status_code == status


@pytest.mark.parametrize(("version", "status"), [("2.11", 404), ("2.16", 404), ("2.99", 400), ("Unstable", 400)])
def test_intercom_version_header(client: httpx.Client, version: str, status: int) -> None:
    response = client.get("/contacts/unknown", headers={"Intercom-Version": version})

    assert response.status_code == status


def test_unsupported_version_error(client: httpx.Client) -> None:
    response = client.get("/contacts/unknown", headers={"Intercom-Version": "1.0"})

    assert error_code(response) == "intercom_version_invalid"
    assert error_message(response) == "Requested resource is not available in current API version."


def test_api_versions_are_configurable() -> None:
    client = make_client(make_workspace(api_versions=("2.11",)))

    response = client.get("/contacts/unknown", headers={"Intercom-Version": "2.16"})

    assert response.status_code == 400


BODY_ROUTES = [
    ("POST", "/contacts"),
    ("POST", "/contacts/search"),
    ("PUT", "/contacts/{id}"),
    ("POST", "/events"),
    ("POST", "/companies"),
    ("POST", "/contacts/{id}/companies"),
]


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES)
@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'"text"', b'{"a": NaN}'])
def test_invalid_json_body_is_400(
    ws: IntercomWorkspace, client: httpx.Client, method: str, path: str, content: bytes
) -> None:
    url = path.format(id=contact_id(ws, "u1"))

    response = client.request(method, url, content=content)

    assert response.status_code == 400
    assert error_code(response) == "parameter_invalid"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/contacts"),
        ("DELETE", "/contacts/abc"),
        ("GET", "/companies"),
        ("POST", "/contacts/abc/tags"),
        ("GET", "/events"),
        ("POST", "https://api.eu.intercom.io/events"),
        ("POST", "/events/summaries"),
    ],
)
def test_unlisted_requests_fall_through(client: httpx.Client, method: str, url: str) -> None:
    response = client.request(method, url, json={})

    assert response.status_code == 599


def test_query_string_still_matches(ws: IntercomWorkspace, client: httpx.Client) -> None:
    response = client.get(f"/contacts/{contact_id(ws, 'u1')}?include=all")

    assert response.status_code == 200


def test_custom_base_url() -> None:
    workspace = make_workspace()
    router = respx.Router(assert_all_called=False, assert_all_mocked=True)
    mount(router, workspace, base_url="https://api.eu.intercom.io/")
    client = httpx.Client(transport=httpx.MockTransport(router.handler), headers=HEADERS)

    response = client.post("https://api.eu.intercom.io/contacts", json={"email": "x@example.com"})

    assert response.status_code == 200


# POST /contacts


def test_create_contact_returns_contact_object(client: httpx.Client, clock: Clock) -> None:
    clock.time = START + 60

    response = client.post("/contacts", json={"external_id": "u3", "email": "c@example.com"})
    body = response.json()

    assert response.status_code == 200
    assert body["type"] == "contact"
    assert re.fullmatch(r"[0-9a-f]{24}", body["id"])
    assert body["workspace_id"] == "fakews01"
    assert body["external_id"] == "u3"
    assert body["email"] == "c@example.com"
    assert body["role"] == "user"
    assert body["created_at"] == START + 60
    assert body["updated_at"] == START + 60
    assert body["unsubscribed_from_emails"] is False
    assert body["custom_attributes"] == {}


@pytest.mark.parametrize(
    "field",
    ["phone", "name", "avatar", "owner_id", "signed_up_at", "last_seen_at", "language_override"],
)
def test_create_contact_leaves_unset_fields_null(client: httpx.Client, field: str) -> None:
    body = client.post("/contacts", json={"email": "c@example.com"}).json()

    assert body[field] is None


def test_create_contact_companies_list(client: httpx.Client) -> None:
    body = client.post("/contacts", json={"email": "c@example.com"}).json()

    assert body["companies"] == {
        "type": "list",
        "data": [],
        "url": f"/contacts/{body['id']}/companies",
        "total_count": 0,
        "has_more": False,
    }


@pytest.mark.parametrize(
    ("field", "sent", "returned"),
    [
        ("role", "lead", "lead"),
        ("phone", "+15551234567", "+15551234567"),
        ("name", "Cy", "Cy"),
        ("avatar", "https://example.com/a.png", {"type": "avatar", "image_url": "https://example.com/a.png"}),
        ("owner_id", 127, 127),
        ("signed_up_at", 1_700_000_000, 1_700_000_000),
        ("last_seen_at", 1_700_000_100, 1_700_000_100),
        ("unsubscribed_from_emails", True, True),
        ("language_override", "fr", "fr"),
        ("custom_attributes", {"plan": "pro", "seats": 3}, {"plan": "pro", "seats": 3}),
    ],
)
def test_create_contact_stores_field(client: httpx.Client, field: str, sent: Any, returned: Any) -> None:
    body = client.post("/contacts", json={"email": "c@example.com", field: sent}).json()

    assert body[field] == returned


@pytest.mark.parametrize("payload", [{}, {"name": "No Id"}, {"email": None, "external_id": None}])
def test_create_contact_without_identity_is_400(client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post("/contacts", json=payload)

    assert response.status_code == 400
    assert error_code(response) == "parameter_missing"


def test_create_contact_with_role_only(client: httpx.Client) -> None:
    response = client.post("/contacts", json={"role": "lead"})

    assert response.status_code == 200
    assert response.json()["role"] == "lead"


@pytest.mark.parametrize(
    "payload",
    [{"external_id": "u1"}, {"email": "ann@example.com"}, {"email": "ANN@EXAMPLE.COM", "external_id": "new"}],
)
def test_create_duplicate_contact_is_409(ws: IntercomWorkspace, client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post("/contacts", json=payload)

    assert response.status_code == 409
    assert error_code(response) == "conflict"
    assert error_message(response) == f"A contact matching those details already exists with id={contact_id(ws, 'u1')}"


def test_create_duplicate_contact_stores_nothing(ws: IntercomWorkspace, client: httpx.Client) -> None:
    client.post("/contacts", json={"external_id": "u1"})

    assert len(ws.contacts) == 2


@pytest.mark.parametrize(
    "payload",
    [
        {"role": "admin"},
        {"role": None, "email": "c@example.com"},
        {"email": 5},
        {"external_id": 42},
        {"email": "c@example.com", "signed_up_at": "yesterday"},
        {"email": "c@example.com", "signed_up_at": True},
        {"email": "c@example.com", "custom_attributes": ["a"]},
    ],
)
def test_create_contact_with_invalid_field_is_400(client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post("/contacts", json=payload)

    assert response.status_code == 400
    assert error_code(response) == "parameter_invalid"


def test_created_contact_is_stored(ws: IntercomWorkspace, client: httpx.Client) -> None:
    created = client.post("/contacts", json={"external_id": "u3"}).json()

    assert ws.contacts[-1] == created


# Seeds and read helpers.


def test_seeded_contact_defaults_to_user(ws: IntercomWorkspace) -> None:
    contact = ws.find_contact(external_id="u1")

    assert contact is not None
    assert contact["role"] == "user"


def test_seeded_company_has_plan(ws: IntercomWorkspace) -> None:
    assert ws.companies[0]["plan"]["name"] == "pro"


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"external_id": "u2"}, "u2"),
        ({"email": "ann@EXAMPLE.com"}, "u1"),
        ({"external_id": "u1", "email": "bob@example.org"}, None),
        ({"external_id": "nobody"}, None),
        ({}, None),
    ],
)
def test_find_contact(ws: IntercomWorkspace, criteria: dict[str, str], expected: str | None) -> None:
    contact = ws.find_contact(**criteria)

    assert (contact["external_id"] if contact else None) == expected


def test_find_contact_by_id(ws: IntercomWorkspace) -> None:
    first = ws.contacts[0]

    assert ws.find_contact(id=first["id"]) is first


@pytest.mark.parametrize(
    ("contacts", "companies"),
    [
        ([{"external_id": "u1"}, {"external_id": "u1"}], []),
        ([{"name": "nobody"}], []),
        ([{"external_id": "u1", "nickname": "x"}], []),
        ([], [{"name": "No company_id"}]),
        ([], [{"company_id": "c1", "employees": 3}]),
    ],
)
def test_invalid_seed_raises(contacts: list[dict[str, Any]], companies: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError):
        make_workspace(contacts=contacts, companies=companies)


# GET /contacts/{id}


def test_get_contact(ws: IntercomWorkspace, client: httpx.Client) -> None:
    response = client.get(f"/contacts/{contact_id(ws, 'u2')}")

    assert response.status_code == 200
    assert response.json()["email"] == "bob@example.org"


def test_get_unknown_contact_is_404(client: httpx.Client) -> None:
    response = client.get("/contacts/000000000000000000000fff")

    assert response.status_code == 404
    assert error_code(response) == "not_found"
    assert error_message(response) == "User Not Found"


# PUT /contacts/{id}


def test_update_unknown_contact_is_404(client: httpx.Client) -> None:
    response = client.put("/contacts/000000000000000000000fff", json={"name": "X"})

    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_update_contact_overwrites_fields(ws: IntercomWorkspace, client: httpx.Client) -> None:
    response = client.put(f"/contacts/{contact_id(ws, 'u1')}", json={"name": "Annie", "phone": None})
    body = response.json()

    assert response.status_code == 200
    assert body["name"] == "Annie"
    assert body["phone"] is None
    assert body["email"] == "Ann@Example.com"


def test_update_contact_merges_custom_attributes(ws: IntercomWorkspace, client: httpx.Client) -> None:
    path = f"/contacts/{contact_id(ws, 'u1')}"
    client.put(path, json={"custom_attributes": {"plan": "pro"}})

    body = client.put(path, json={"custom_attributes": {"age": None, "seats": 2}}).json()

    assert body["custom_attributes"] == {"age": None, "plan": "pro", "seats": 2}


def test_update_contact_sets_updated_at(ws: IntercomWorkspace, client: httpx.Client, clock: Clock) -> None:
    clock.time = START + 500

    body = client.put(f"/contacts/{contact_id(ws, 'u1')}", json={}).json()

    assert body["updated_at"] == START + 500
    assert body["created_at"] == START


@pytest.mark.parametrize("payload", [{"external_id": "u2"}, {"email": "BOB@example.org"}])
def test_update_to_taken_identity_is_409(ws: IntercomWorkspace, client: httpx.Client, payload: dict[str, str]) -> None:
    response = client.put(f"/contacts/{contact_id(ws, 'u1')}", json=payload)

    assert response.status_code == 409
    assert error_code(response) == "conflict"


def test_update_to_own_identity_is_allowed(ws: IntercomWorkspace, client: httpx.Client) -> None:
    payload = {"external_id": "u1", "email": "ann@example.com"}

    response = client.put(f"/contacts/{contact_id(ws, 'u1')}", json=payload)

    assert response.status_code == 200


def test_update_contact_changes_stored_object(ws: IntercomWorkspace, client: httpx.Client) -> None:
    client.put(f"/contacts/{contact_id(ws, 'u2')}", json={"role": "user"})

    assert ws.find_contact(external_id="u2")["role"] == "user"


# POST /contacts/search


@pytest.fixture
def people() -> httpx.Client:
    workspace = make_workspace(
        contacts=[
            {"external_id": "p1", "email": "Ann@Example.com", "name": "Ann Lee", "custom_attributes": {"age": 31}},
            {"external_id": "p2", "email": "bob@example.org", "name": "Bob", "role": "lead",
             "custom_attributes": {"age": 45, "plan": "pro"}},
            {"external_id": "p3", "email": "cy@test.io", "phone": "+4412345", "custom_attributes": {"age": "27"}},
            {"role": "lead", "name": "Dee", "custom_attributes": {"plan": "free"}},
        ]
    )
    return make_client(workspace)


def found_names(client: httpx.Client, query: dict[str, Any], **extra: Any) -> list[str | None]:
    response = client.post("/contacts/search", json={"query": query, **extra})
    assert response.status_code == 200, response.text
    return [contact["name"] for contact in response.json()["data"]]


@pytest.mark.parametrize(
    ("field", "operator", "value", "expected"),
    [
        ("external_id", "=", "p2", ["Bob"]),
        ("email", "=", "ANN@example.COM", ["Ann Lee"]),
        ("role", "!=", "lead", ["Ann Lee", None]),
        ("external_id", "IN", ["p1", "p3", "zz"], ["Ann Lee", None]),
        ("external_id", "NIN", ["p1", "p3"], ["Bob", "Dee"]),
        ("email", "IN", ["BOB@EXAMPLE.ORG"], ["Bob"]),
        ("name", "~", "e", ["Ann Lee", "Dee"]),
        ("name", "!~", "e", ["Bob", None]),
        ("email", "^", "CY@", [None]),
        ("email", "$", ".ORG", ["Bob"]),
        ("phone", "^", "+44", [None]),
        ("custom_attributes.age", ">", 30, ["Ann Lee", "Bob"]),
        ("custom_attributes.age", "<", "30", [None]),
        ("custom_attributes.age", "<", 31, [None]),
        ("custom_attributes.age", ">", 45, []),
        ("custom_attributes.age", ">=", 45, ["Bob"]),
        ("custom_attributes.age", "<=", 31, ["Ann Lee", None]),
        ("custom_attributes.age", "=", 27, [None]),
        ("custom_attributes.plan", "=", "pro", ["Bob"]),
        ("custom_attributes.plan", "=", None, ["Ann Lee", None]),
        ("name", "=", "nobody", []),
    ],
)
def test_search_operator(
    people: httpx.Client, field: str, operator: str, value: Any, expected: list[str | None]
) -> None:
    assert found_names(people, {"field": field, "operator": operator, "value": value}) == expected


def test_search_and_group(people: httpx.Client) -> None:
    query = {
        "operator": "AND",
        "value": [
            {"field": "role", "operator": "=", "value": "lead"},
            {"field": "custom_attributes.plan", "operator": "=", "value": "pro"},
        ],
    }

    assert found_names(people, query) == ["Bob"]


def test_search_or_group(people: httpx.Client) -> None:
    query = {
        "operator": "OR",
        "value": [
            {"field": "external_id", "operator": "=", "value": "p1"},
            {"field": "name", "operator": "=", "value": "Dee"},
        ],
    }

    assert found_names(people, query) == ["Ann Lee", "Dee"]


def test_search_nested_groups(people: httpx.Client) -> None:
    query = {
        "operator": "AND",
        "value": [
            {"operator": "OR", "value": [
                {"field": "role", "operator": "=", "value": "lead"},
                {"field": "custom_attributes.age", "operator": ">", "value": 40},
            ]},
            {"operator": "OR", "value": [
                {"field": "name", "operator": "^", "value": "B"},
                {"field": "custom_attributes.plan", "operator": "=", "value": "free"},
            ]},
        ],
    }

    assert found_names(people, query) == ["Bob", "Dee"]


def test_search_response_shape(people: httpx.Client) -> None:
    body = people.post("/contacts/search", json={"query": {"field": "role", "operator": "=", "value": "lead"}}).json()

    assert body["type"] == "list"
    assert body["total_count"] == 2
    assert body["pages"] == {"type": "pages", "page": 1, "per_page": 50, "total_pages": 1}


def test_search_without_results_has_no_pages(people: httpx.Client) -> None:
    body = people.post("/contacts/search", json={"query": {"field": "name", "operator": "=", "value": "x"}}).json()

    assert body["pages"]["total_pages"] == 0


def test_search_pagination(people: httpx.Client) -> None:
    query = {"field": "name", "operator": "!=", "value": "x"}
    first = people.post("/contacts/search", json={"query": query, "pagination": {"per_page": 3}}).json()
    cursor = first["pages"]["next"]["starting_after"]

    second = people.post(
        "/contacts/search", json={"query": query, "pagination": {"per_page": 3, "starting_after": cursor}}
    ).json()

    assert [contact["name"] for contact in first["data"]] == ["Ann Lee", "Bob", None]
    assert first["pages"]["total_pages"] == 2
    assert [contact["name"] for contact in second["data"]] == ["Dee"]
    assert second["pages"]["page"] == 2
    assert "next" not in second["pages"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ({"field": "name", "order": "ascending"}, ["Ann Lee", "Bob", "Dee", None]),
        ({"field": "name", "order": "descending"}, ["Dee", "Bob", "Ann Lee", None]),
        ({"field": "name"}, ["Dee", "Bob", "Ann Lee", None]),
        ({"field": "custom_attributes.age", "order": "ascending"}, ["Ann Lee", "Bob", None, "Dee"]),
    ],
)
def test_search_sort(people: httpx.Client, sort: dict[str, str], expected: list[str | None]) -> None:
    query = {"field": "role", "operator": "IN", "value": ["user", "lead"]}

    assert found_names(people, query, sort=sort) == expected


def test_search_invalid_sort_order_is_400(people: httpx.Client) -> None:
    query = {"field": "role", "operator": "=", "value": "user"}

    response = people.post("/contacts/search", json={"query": query, "sort": {"field": "name", "order": "desc"}})

    assert response.status_code == 400
    assert error_code(response) == "invalid_sort_order"


def test_search_without_query_is_400(people: httpx.Client) -> None:
    response = people.post("/contacts/search", json={"pagination": {"per_page": 5}})

    assert response.status_code == 400
    assert error_code(response) == "parameter_missing"


def leaf(value: str = "x") -> dict[str, str]:
    return {"field": "name", "operator": "=", "value": value}


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"operator": "AND", "value": [{"operator": "OR", "value": [
            {"operator": "AND", "value": [leaf()]}]}]}, id="three-levels"),
        pytest.param({"operator": "OR", "value": [leaf(str(i)) for i in range(16)]}, id="sixteen-filters"),
        pytest.param({"operator": "XOR", "value": [leaf()]}, id="bad-group-operator"),
        pytest.param({"operator": "AND", "value": []}, id="empty-group"),
        pytest.param({"field": "created_at", "operator": "=", "value": 1}, id="unsupported-field"),
        pytest.param({"field": "custom_attributes.", "operator": "=", "value": 1}, id="empty-custom-name"),
        pytest.param({"field": "name", "operator": "LIKE", "value": "x"}, id="bad-operator"),
        pytest.param({"field": "name", "operator": "IN", "value": "x"}, id="in-without-list"),
        pytest.param({"field": "name", "operator": "~", "value": 3}, id="contains-number"),
        pytest.param({"field": "custom_attributes.age", "operator": ">", "value": "old"}, id="greater-than-text"),
        pytest.param(["not", "an", "object"], id="list-query"),
    ],
)
def test_search_invalid_query_is_400(people: httpx.Client, query: Any) -> None:
    response = people.post("/contacts/search", json={"query": query})

    assert response.status_code == 400
    assert error_code(response) == "parameter_invalid"


def test_search_accepts_two_levels_of_groups(people: httpx.Client) -> None:
    query = {"operator": "AND", "value": [{"operator": "OR", "value": [leaf("Bob")]}]}

    assert found_names(people, query) == ["Bob"]


def test_search_accepts_fifteen_filters(people: httpx.Client) -> None:
    query = {"operator": "OR", "value": [leaf("Dee")] + [leaf(str(i)) for i in range(14)]}

    assert found_names(people, query) == ["Dee"]


@pytest.mark.parametrize("pagination", [{"per_page": 0}, {"per_page": 151}, {"starting_after": "bogus"}])
def test_search_invalid_pagination_is_400(people: httpx.Client, pagination: dict[str, Any]) -> None:
    response = people.post("/contacts/search", json={"query": leaf(), "pagination": pagination})

    assert response.status_code == 400
    assert error_code(response) == "parameter_invalid"


# POST /events


def test_event_is_accepted_with_empty_body(client: httpx.Client) -> None:
    response = client.post("/events", json={"event_name": "signed-up", "created_at": START, "user_id": "u1"})

    assert response.status_code == 202
    assert response.content == b""


def test_event_is_stored(ws: IntercomWorkspace, client: httpx.Client) -> None:
    payload = {"event_name": "Order.Completed", "created_at": START, "user_id": "u1", "metadata": {"total": 9}}

    client.post("/events", json=payload)

    assert ws.events == [{
        "event_name": "order-completed",
        "sent_name": "Order.Completed",
        "created_at": START,
        "contact_id": contact_id(ws, "u1"),
        "metadata": {"total": 9},
        "dropped_metadata_keys": [],
    }]


@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        ({"user_id": "u2"}, "u2"),
        ({"email": "ANN@example.com"}, "u1"),
        ({"user_id": "u2", "email": "ann@example.com"}, "u2"),
    ],
)
def test_event_finds_contact(
    ws: IntercomWorkspace, client: httpx.Client, identity: dict[str, str], expected: str
) -> None:
    client.post("/events", json={"event_name": "opened", "created_at": START, **identity})

    assert ws.events[0]["contact_id"] == contact_id(ws, expected)


def test_event_finds_contact_by_intercom_id(ws: IntercomWorkspace, client: httpx.Client) -> None:
    target = contact_id(ws, "u2")

    client.post("/events", json={"event_name": "opened", "created_at": START, "id": target, "user_id": "u1"})

    assert ws.events[0]["contact_id"] == target


@pytest.mark.parametrize(
    "payload",
    [
        {"created_at": START, "user_id": "u1"},
        {"event_name": "opened", "user_id": "u1"},
        {"event_name": "opened", "created_at": START},
        {"event_name": "opened", "created_at": START, "user_id": None},
    ],
)
def test_event_missing_parameter_is_400(client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post("/events", json=payload)

    assert response.status_code == 400
    assert error_code(response) == "parameter_missing"


@pytest.mark.parametrize(
    "payload",
    [
        {"event_name": "opened", "created_at": "now", "user_id": "u1"},
        {"event_name": 7, "created_at": START, "user_id": "u1"},
        {"event_name": "  ", "created_at": START, "user_id": "u1"},
        {"event_name": "opened", "created_at": START, "user_id": "u1", "metadata": ["a"]},
    ],
)
def test_event_invalid_parameter_is_400(client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post("/events", json=payload)

    assert response.status_code == 400
    assert error_code(response) == "parameter_invalid"


@pytest.mark.parametrize(
    "identity", [{"user_id": "nobody"}, {"email": "nobody@example.com"}, {"id": "000000000000000000000fff"}]
)
def test_event_for_unknown_contact_is_404(
    ws: IntercomWorkspace, client: httpx.Client, identity: dict[str, str]
) -> None:
    response = client.post("/events", json={"event_name": "opened", "created_at": START, **identity})

    assert response.status_code == 404
    assert error_code(response) == "not_found"
    assert error_message(response) == "User Not Found"
    assert ws.events == []


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("Order Completed", "order completed"),
        ("order.completed", "order-completed"),
        ("$purchase", "-purchase"),
        ("A.B$C", "a-b-c"),
    ],
)
def test_event_name_is_normalised(ws: IntercomWorkspace, client: httpx.Client, sent: str, stored: str) -> None:
    client.post("/events", json={"event_name": sent, "created_at": START, "user_id": "u1"})

    assert ws.events[0]["event_name"] == stored
    assert ws.event_names == [stored]


def test_event_name_variants_share_one_name(ws: IntercomWorkspace, client: httpx.Client) -> None:
    for index, sent in enumerate(["Plan.Changed", "plan$changed", "PLAN-CHANGED"]):
        client.post("/events", json={"event_name": sent, "created_at": START + index, "user_id": "u1"})

    assert ws.event_names == ["plan-changed"]
    assert len(ws.events) == 3


def test_event_metadata_keeps_first_ten(ws: IntercomWorkspace, client: httpx.Client) -> None:
    keys = ["zeta", "alpha", "mu", "beta", "omega", "gamma", "kappa", "delta", "iota", "eta", "theta", "chi"]
    metadata = ", ".join(f'"{key}": {index}' for index, key in enumerate(keys))
    content = f'{{"event_name": "bought", "created_at": {START}, "user_id": "u1", "metadata": {{{metadata}}}}}'

    response = client.post("/events", content=content.encode(), headers={"Content-Type": "application/json"})

    assert response.status_code == 202
    assert list(ws.events[0]["metadata"]) == keys[:10]
    assert ws.events[0]["metadata"]["zeta"] == 0
    assert ws.events[0]["dropped_metadata_keys"] == ["theta", "chi"]


def test_event_metadata_keeps_nested_values(ws: IntercomWorkspace, client: httpx.Client) -> None:
    price = {"amount": 34999, "currency": "eur"}
    payload = {"event_name": "bought", "created_at": START, "user_id": "u1", "metadata": {"price": price}}

    client.post("/events", json=payload)

    assert ws.events[0]["metadata"] == {"price": price}


def test_duplicate_event_is_accepted_but_not_stored(ws: IntercomWorkspace, client: httpx.Client) -> None:
    payload = {"event_name": "opened", "created_at": START, "user_id": "u1"}
    client.post("/events", json=payload)

    response = client.post("/events", json={**payload, "event_name": "Opened", "metadata": {"a": 1}})

    assert response.status_code == 202
    assert len(ws.events) == 1


@pytest.mark.parametrize(
    "change", [{"created_at": START + 1}, {"user_id": "u2"}, {"event_name": "closed"}]
)
def test_event_differing_in_one_key_is_stored(
    ws: IntercomWorkspace, client: httpx.Client, change: dict[str, Any]
) -> None:
    payload = {"event_name": "opened", "created_at": START, "user_id": "u1"}
    client.post("/events", json=payload)

    client.post("/events", json={**payload, **change})

    assert len(ws.events) == 2


@pytest.fixture
def full_names(ws: IntercomWorkspace, client: httpx.Client) -> httpx.Client:
    """The client, after 120 distinct event names have been recorded."""
    for index in range(120):
        response = client.post("/events", json={"event_name": f"event-{index}", "created_at": START, "user_id": "u1"})
        assert response.status_code == 202
    return client


def test_event_name_over_limit_is_422(full_names: httpx.Client) -> None:
    response = full_names.post("/events", json={"event_name": "one-more", "created_at": START, "user_id": "u1"})

    assert response.status_code == 422
    assert error_code(response) == "unprocessable_entity"
    assert "120 active event names" in error_message(response)
    assert "not recorded" in error_message(response)


def test_event_name_over_limit_is_not_stored(ws: IntercomWorkspace, full_names: httpx.Client) -> None:
    full_names.post("/events", json={"event_name": "one-more", "created_at": START, "user_id": "u1"})

    assert len(ws.event_names) == 120
    assert len(ws.events) == 120
    assert "one-more" not in ws.event_names


@pytest.mark.parametrize("name", ["event-7", "EVENT.7"])
def test_existing_name_at_limit_is_202(ws: IntercomWorkspace, full_names: httpx.Client, name: str) -> None:
    response = full_names.post("/events", json={"event_name": name, "created_at": START + 1, "user_id": "u2"})

    assert response.status_code == 202
    assert len(ws.events) == 121


# POST /companies


def test_create_company_returns_company_object(ws: IntercomWorkspace, client: httpx.Client, clock: Clock) -> None:
    clock.time = START + 30

    response = client.post("/companies", json={"company_id": "c2", "name": "Beta"})
    body = response.json()

    assert response.status_code == 200
    assert body["type"] == "company"
    assert re.fullmatch(r"[0-9a-f]{24}", body["id"])
    assert body["company_id"] == "c2"
    assert body["app_id"] == "fakews01"
    assert body["name"] == "Beta"
    assert body["plan"] == {}
    assert body["created_at"] == START + 30
    assert body["remote_created_at"] == START + 30
    assert body["monthly_spend"] == 0
    assert body["user_count"] == 0
    assert body["session_count"] == 0
    assert body["tags"] == {"type": "tag.list", "tags": []}
    assert body["segments"] == {"type": "segment.list", "segments": []}
    assert ws.companies[-1] == body


@pytest.mark.parametrize(
    ("field", "sent", "returned"),
    [
        ("size", 120, 120),
        ("website", "https://beta.example", "https://beta.example"),
        ("industry", "Retail", "Retail"),
        ("remote_created_at", 1_600_000_000, 1_600_000_000),
        ("monthly_spend", 155.98, 155),
        ("monthly_spend", 99, 99),
        ("custom_attributes", {"tier": "gold"}, {"tier": "gold"}),
    ],
)
def test_create_company_stores_field(client: httpx.Client, field: str, sent: Any, returned: Any) -> None:
    body = client.post("/companies", json={"company_id": "c2", field: sent}).json()

    assert body[field] == returned


def test_company_plan_object(client: httpx.Client) -> None:
    plan = client.post("/companies", json={"company_id": "c2", "plan": "enterprise"}).json()["plan"]

    assert plan["type"] == "plan"
    assert plan["name"] == "enterprise"
    assert re.fullmatch(r"[0-9a-f]{24}", plan["id"])


def test_company_plans_share_ids_by_name(ws: IntercomWorkspace, client: httpx.Client) -> None:
    plan = client.post("/companies", json={"company_id": "c2", "plan": "pro"}).json()["plan"]

    assert plan == ws.companies[0]["plan"]


def test_numeric_company_id_is_a_string(client: httpx.Client) -> None:
    body = client.post("/companies", json={"company_id": 77}).json()

    assert body["company_id"] == "77"


def test_update_company_by_company_id(ws: IntercomWorkspace, client: httpx.Client, clock: Clock) -> None:
    existing_id = ws.companies[0]["id"]
    clock.time = START + 90

    body = client.post("/companies", json={"company_id": "c1", "industry": "Retail"}).json()

    assert body["id"] == existing_id
    assert body["name"] == "Acme"
    assert body["industry"] == "Retail"
    assert body["created_at"] == START
    assert body["updated_at"] == START + 90
    assert len(ws.companies) == 1


def test_update_company_merges_custom_attributes(client: httpx.Client) -> None:
    client.post("/companies", json={"company_id": "c1", "custom_attributes": {"tier": "gold", "seats": 4}})

    body = client.post("/companies", json={"company_id": "c1", "custom_attributes": {"seats": None}}).json()

    assert body["custom_attributes"] == {"tier": "gold", "seats": None}


def test_update_last_request_at(client: httpx.Client, clock: Clock) -> None:
    clock.time = START + 5

    body = client.post("/companies", json={"company_id": "c1", "update_last_request_at": True}).json()

    assert body["last_request_at"] == START + 5


def test_unknown_company_key_is_400(ws: IntercomWorkspace, client: httpx.Client) -> None:
    response = client.post("/companies", json={"company_id": "c9", "name": "X", "employees": 12})

    assert response.status_code == 400
    assert error_code(response) == "bad_request"
    assert error_message(response) == "bad 'employees' parameter"
    assert len(ws.companies) == 1


@pytest.mark.parametrize("payload", [{"name": "No id"}, {"company_id": None}, {"company_id": ""}])
def test_company_without_company_id_is_400(client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post("/companies", json=payload)

    assert response.status_code == 400
    assert error_code(response) == "parameter_missing"


@pytest.mark.parametrize(
    "payload",
    [
        {"company_id": "c2", "size": "big"},
        {"company_id": "c2", "monthly_spend": "lots"},
        {"company_id": "c2", "monthly_spend": 2**31},
        {"company_id": "c2", "monthly_spend": -1},
        {"company_id": True},
    ],
)
def test_company_invalid_field_is_400(client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post("/companies", json=payload)

    assert response.status_code == 400
    assert error_code(response) == "parameter_invalid"


# POST /contacts/{id}/companies


def attach(client: httpx.Client, contact: str, company: str) -> httpx.Response:
    return client.post(f"/contacts/{contact}/companies", json={"id": company})


def test_attach_company(ws: IntercomWorkspace, client: httpx.Client) -> None:
    ann = contact_id(ws, "u1")

    response = attach(client, ann, ws.companies[0]["id"])

    assert response.status_code == 200
    assert response.json()["company_id"] == "c1"
    assert response.json()["user_count"] == 1
    assert ws.company_ids_of(ann) == ["c1"]


def test_attach_updates_contact_companies(ws: IntercomWorkspace, client: httpx.Client) -> None:
    ann = contact_id(ws, "u1")
    company = ws.companies[0]["id"]
    attach(client, ann, company)

    companies = client.get(f"/contacts/{ann}").json()["companies"]

    assert companies["data"] == [{"type": "company", "id": company, "url": f"/companies/{company}"}]
    assert companies["total_count"] == 1


def test_attach_is_idempotent(ws: IntercomWorkspace, client: httpx.Client) -> None:
    ann = contact_id(ws, "u1")
    attach(client, ann, ws.companies[0]["id"])

    response = attach(client, ann, ws.companies[0]["id"])

    assert response.status_code == 200
    assert response.json()["user_count"] == 1
    assert ws.company_ids_of(ann) == ["c1"]


def test_attach_counts_users(ws: IntercomWorkspace, client: httpx.Client) -> None:
    attach(client, contact_id(ws, "u1"), ws.companies[0]["id"])

    response = attach(client, contact_id(ws, "u2"), ws.companies[0]["id"])

    assert response.json()["user_count"] == 2


@pytest.mark.parametrize("payload", [{}, {"id": None}, {"id": ""}, {"company_id": "c1"}])
def test_attach_without_company_is_400(ws: IntercomWorkspace, client: httpx.Client, payload: dict[str, Any]) -> None:
    response = client.post(f"/contacts/{contact_id(ws, 'u1')}/companies", json=payload)

    assert response.status_code == 400
    assert error_code(response) == "parameter_not_found"
    assert error_message(response) == "company not specified"


def test_attach_to_unknown_contact_is_404(ws: IntercomWorkspace, client: httpx.Client) -> None:
    response = attach(client, "000000000000000000000fff", ws.companies[0]["id"])

    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_attach_unknown_company_is_404(ws: IntercomWorkspace, client: httpx.Client) -> None:
    response = attach(client, contact_id(ws, "u1"), "c1")

    assert response.status_code == 404
    assert error_code(response) == "company_not_found"
    assert error_message(response) == "Company Not Found"


def test_contact_lists_ten_companies() -> None:
    workspace = make_workspace(
        contacts=[{"external_id": "u1"}], companies=[{"company_id": f"c{index}"} for index in range(11)]
    )
    client = make_client(workspace)
    ann = contact_id(workspace, "u1")
    for company in workspace.companies:
        attach(client, ann, company["id"])

    companies = client.get(f"/contacts/{ann}").json()["companies"]

    assert len(companies["data"]) == 10
    assert companies["total_count"] == 11
    assert companies["has_more"] is True


def test_attach_over_limit_is_400() -> None:
    workspace = make_workspace(
        contacts=[{"external_id": "u1"}], companies=[{"company_id": f"c{index}"} for index in range(1001)]
    )
    client = make_client(workspace)
    ann = contact_id(workspace, "u1")
    for company in workspace.companies[:1000]:
        assert attach(client, ann, company["id"]).status_code == 200

    response = attach(client, ann, workspace.companies[1000]["id"])

    assert response.status_code == 400
    assert error_code(response) == "contact_company_limit_exceeded"
    assert len(workspace.company_ids_of(ann)) == 1000


def test_reattach_at_limit_is_allowed() -> None:
    workspace = make_workspace(
        contacts=[{"external_id": "u1"}], companies=[{"company_id": f"c{index}"} for index in range(1000)]
    )
    client = make_client(workspace)
    ann = contact_id(workspace, "u1")
    for company in workspace.companies:
        attach(client, ann, company["id"])

    response = attach(client, ann, workspace.companies[0]["id"])

    assert response.status_code == 200


# Determinism.


def test_runs_are_reproducible() -> None:
    def run() -> list[Any]:
        workspace = make_workspace(contacts=[{"external_id": "u1"}])
        client = make_client(workspace)
        client.post("/contacts", json={"external_id": "u1"})
        client.post("/companies", json={"company_id": "c1", "plan": "pro"})
        return [workspace.contacts, workspace.companies, client.get("/contacts/nope").json()]

    assert json.dumps(run()) == json.dumps(run())
