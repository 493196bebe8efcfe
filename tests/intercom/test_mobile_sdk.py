"""Pin the simulated Intercom iOS SDK: its user state, rejections and REST traffic."""

from __future__ import annotations

import pytest

from .helpers import MOBILE_API_KEY, identify_step, intercom_requests, only_call, sdk_calls

START_UNIX = 1_768_467_600  # 2026-01-15T09:00:00Z, the default scenario start


def request_lines(result):
    return [(request.method, request.path) for request in intercom_requests(result)]


# User state


def test_log_event_logged_out(run_steps):
    result = run_steps(["launch", {"track": {"event": "Viewed"}}])

    assert only_call(result, "logEvent").result.startswith("error:")


def test_update_user_logged_out(run_steps):
    result = run_steps(["launch", {"group": {"groupId": "g1", "traits": {"plan": "pro"}}}])

    assert only_call(result, "updateUser").result.startswith("error:")


def test_login_other_user_rejected(run_steps):
    result = run_steps(["launch", identify_step(user_id="u1"), identify_step(user_id="u2")])

    second = sdk_calls(result, "loginUser")[1]
    assert second.result.startswith("error:")
    assert "logout" in second.result


def test_login_after_unidentified(run_steps):
    """Identifying a user who was logged in as unidentified succeeds and merges the two (Intercom.h 19.x)."""
    result = run_steps(["launch", identify_step({}, user_id=None), identify_step(user_id="u2")])

    assert only_call(result, "loginUser").result == "ok"


def test_login_after_unidentified_merges_lead(run_steps):
    """The lead's events move to the identified user, and the lead is removed."""
    result = run_steps([
        "launch",
        identify_step({}, user_id=None),
        {"track": {"event": "Browsed"}},
        identify_step(user_id="u2"),
    ])
    user = result.workspace.find_contact(external_id="u2")
    merge = [request for request in result.trace.all_requests() if request.path == "/contacts/merge"]

    assert len(merge) == 1
    assert merge[0].status == 200
    assert [contact["role"] for contact in result.workspace.contacts] == ["user"]
    assert [event["contact_id"] for event in result.workspace.events] == [user["id"]]


def test_login_same_user_ok(run_steps):
    result = run_steps(["launch", identify_step(user_id="u1"), identify_step(user_id="u1")])

    assert [call.result for call in sdk_calls(result, "loginUser")] == ["ok", "ok"]


def test_login_same_user_no_requests(run_steps):
    """A repeated login of the logged-in user sends nothing."""
    once = run_steps(["launch", identify_step(user_id="u1")])
    twice = run_steps(["launch", identify_step(user_id="u1"), identify_step(user_id="u1")])

    assert request_lines(twice) == request_lines(once)


def test_login_after_logout(run_steps):
    result = run_steps(["launch", identify_step(user_id="u1"), "reset", identify_step(user_id="u2")])

    assert [call.result for call in sdk_calls(result, "loginUser")] == ["ok", "ok"]
    assert result.workspace.find_contact(external_id="u2") is not None


def test_user_persists_across_launch(run_steps):
    result = run_steps(["launch", identify_step(user_id="u1"), "terminate", "launch", {"track": {"event": "Viewed"}}])

    assert only_call(result, "logEvent").result == "ok"
    assert intercom_requests(result)[-1].json["user_id"] == "u1"


def test_logout_forgets_across_launch(run_steps):
    result = run_steps(["launch", identify_step(user_id="u1"), "reset", "terminate", "launch", {"track": {"event": "Viewed"}}])

    assert only_call(result, "logEvent").result.startswith("error:")


# REST traffic


def test_request_headers(run_steps):
    result = run_steps(["launch", identify_step({"plan": "pro"}), {"track": {"event": "Viewed"}}])

    requests = intercom_requests(result)
    assert requests
    for request in requests:
        assert request.headers["Authorization"] == f"Bearer {MOBILE_API_KEY}", request.path
        assert request.headers["Intercom-Version"] == "2.11", request.path
        assert request.headers["Accept"] == "application/json", request.path
        assert request.headers["Content-Type"] == "application/json", request.path


def test_api_version_option(run_steps):
    result = run_steps(["launch", identify_step()], intercom={"apiVersion": "2.16"})

    versions = {request.headers["Intercom-Version"] for request in intercom_requests(result)}
    assert versions == {"2.16"}


def test_login_searches_then_creates(run_steps):
    result = run_steps(["launch", identify_step(user_id="u1")])

    search, create = intercom_requests(result)
    assert (search.method, search.path) == ("POST", "/contacts/search")
    assert search.json == {"query": {"field": "external_id", "operator": "=", "value": "u1"}}
    assert (create.method, create.path) == ("POST", "/contacts")
    assert create.json == {"role": "user", "external_id": "u1"}


def test_login_existing_contact(run_steps):
    """A contact found by the search is reused, not created again."""
    result = run_steps(["launch", identify_step(user_id="u1")], intercom={"contacts": [{"external_id": "u1"}]})

    assert request_lines(result) == [("POST", "/contacts/search")]
    assert len(result.workspace.contacts) == 1


def test_unidentified_login_creates_lead(run_steps):
    result = run_steps(["launch", identify_step(user_id=None)])

    assert request_lines(result) == [("POST", "/contacts")]
    assert intercom_requests(result)[0].json == {"role": "lead"}


def test_log_event_request(run_steps):
    steps = ["launch", identify_step(user_id="u1"), {"advance": "90s"}, {"track": {"event": "Viewed", "properties": {"sku": "a1"}}}]

    result = run_steps(steps)

    event = intercom_requests(result)[-1]
    assert (event.method, event.path) == ("POST", "/events")
    assert event.json["event_name"] == "Viewed"
    assert event.json["created_at"] == START_UNIX + 90
    assert isinstance(event.json["created_at"], int)
    assert event.json["user_id"] == "u1"
    assert event.json["metadata"] == {"sku": "a1"}


def test_log_event_unidentified_contact_id(run_steps):
    """An event of an unidentified user names the contact by its Intercom id."""
    result = run_steps(["launch", identify_step(user_id=None), {"track": {"event": "Viewed"}}])

    contact_id = result.workspace.contacts[0]["id"]
    event = intercom_requests(result)[-1]
    assert event.json["id"] == contact_id
    assert "user_id" not in event.json


def test_update_with_company_requests(run_steps):
    result = run_steps(["launch", identify_step({"company": {"id": "c1"}}, user_id="u1")])

    contact_id = result.workspace.find_contact(external_id="u1")["id"]
    assert request_lines(result)[-2:] == [("POST", "/companies"), ("POST", f"/contacts/{contact_id}/companies")]
    assert result.workspace.company_ids_of(contact_id) == ["c1"]


def test_update_contact_request(run_steps):
    result = run_steps(["launch", identify_step({"email": "ann@example.com", "plan": "pro"}, user_id="u1")])

    update = intercom_requests(result)[-1]
    contact_id = result.workspace.find_contact(external_id="u1")["id"]
    assert (update.method, update.path) == ("PUT", f"/contacts/{contact_id}")
    assert update.json == {"email": "ann@example.com", "custom_attributes": {"plan": "pro"}}
