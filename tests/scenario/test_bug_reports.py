"""Each bug-report scenario: it passes as written, and the documented profile gives what the user expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario.loader import load_scenario
from simulator.scenario.runner import RunResult, run_scenario

BUGS = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios" / "bugs"


def run(name: str, profile: str | None = None) -> RunResult:
    return run_scenario(load_scenario(BUGS / f"{name}.yaml"), profile=profile)


def calls(result: RunResult, method: str):
    return [call for call in result.trace.all_sdk_calls() if call.method == method]


def violation_checks(result: RunResult) -> set[str]:
    return {violation.check for violation in result.trace.all_violations() if violation.severity == "error"}


@pytest.mark.parametrize("path", sorted(BUGS.glob("*.yaml")), ids=lambda path: path.stem)
def test_bug_scenario_reproduces(path):
    """Each scenario passes under its own profile, which means its bug shows as expected."""
    assert run_scenario(load_scenario(path)).passed


def test_track_before_identify_documented():
    """Both tracks reach Intercom, each logged against a visitor (the first is merged into u1 at identify)."""
    result = run("track-before-identify-and-after-reset", "documented")
    workspace = result.workspace
    names = [event["sent_name"] for event in workspace.events]
    last = workspace.find_contact(id=workspace.events[-1]["contact_id"])

    assert names == ["Help Viewed", "Logged Out Screen Viewed"]
    assert last["role"] == "lead"
    assert "requires-logged-in-user" not in violation_checks(result)


def test_switch_users_documented():
    """u2 gets plan pro and the Upgraded event; u1 gets neither."""
    result = run("switch-users-without-logout", "documented")
    workspace = result.workspace
    u1 = workspace.find_contact(external_id="u1")
    u2 = workspace.find_contact(external_id="u2")

    assert u2["custom_attributes"] == {"plan": "pro"}
    assert u1["custom_attributes"] == {}
    assert [event["contact_id"] for event in workspace.events] == [u2["id"]]


def test_email_on_anonymous_documented():
    """After the merge the identified user u4 has the email."""
    result = run("email-on-anonymous-user", "documented")

    assert result.workspace.find_contact(external_id="u4")["email"] == "visitor@example.com"


def test_signup_date_units_documented():
    """A millisecond created_at reaches Intercom as seconds."""
    result = run("signup-date-units", "documented")

    assert result.workspace.find_contact(external_id="millis-user")["signed_up_at"] == 1437318870
    assert result.workspace.find_contact(external_id="seconds-user")["signed_up_at"] == 1437318870
    assert "timestamp-seconds" not in violation_checks(result)


def test_null_trait_documented():
    result = run("null-trait", "documented")

    assert result.workspace.find_contact(external_id="u5")["custom_attributes"] == {"gender": None, "plan": "pro"}


def test_event_name_limit_documented():
    """The 120-name limit is Intercom's: the documented profile hits it too, and repeats still work."""
    result = run("event-name-limit", "documented")
    results = [call.result for call in calls(result, "logEvent")]

    assert len(result.workspace.event_names) == 120
    assert results[-2].startswith("error: HTTP 422")
    assert results[-1] == "ok"


@pytest.mark.parametrize("name", ["metadata-over-10-keys-price-kept", "metadata-over-10-keys-price-dropped"])
def test_metadata_price_survives_documented(name):
    """Sending price first keeps it among the 10 metadata keys Intercom stores, whatever the seed."""
    result = run(name, "documented")
    event = result.workspace.events[0]

    assert event["metadata"]["price"] == {"amount": 1999, "currency": "EUR"}
    assert "price" not in event["dropped_metadata_keys"]


def test_metadata_survivors_differ_by_seed():
    """Under the shipped plugin the two seeds drop different keys, one of them the price."""
    kept = run("metadata-over-10-keys-price-kept").workspace.events[0]["dropped_metadata_keys"]
    dropped = run("metadata-over-10-keys-price-dropped").workspace.events[0]["dropped_metadata_keys"]

    assert kept == ["k7", "k10"]
    assert dropped == ["k7", "price"]


def test_user_hash_spelling_documented():
    """The documented profile also reads integrations.intercom; userHash stays unsupported."""
    result = run("user-hash-key-spelling", "documented")
    logins = [call.result for call in calls(result, "loginUser")]

    assert logins[0] == "ok"
    assert logins[1] == "ok"
    assert logins[2].startswith("error: HTTP 401")


def test_revenue_documented():
    """Whole cents for a fractional revenue, and no currency-only price for a string revenue."""
    result = run("revenue-number-or-string", "documented")
    metadata = {event["sent_name"]: event["metadata"] for event in result.workspace.events}

    assert metadata["Fractional Revenue"]["price"] == {"amount": 1999, "currency": "usd"}
    assert metadata["Number Revenue"]["price"] == {"amount": 2000, "currency": "usd"}
    assert metadata["String Revenue"] == {"currency": "usd", "revenue": "20"}
    assert "amount-integer-cents" not in violation_checks(result)
