"""The simulated Intercom SDK's request queue: retries, waiting, dropping and accounting."""

from __future__ import annotations

from tests.intercom.helpers import sdk_calls

INTERCOM = "intercom"


def event_requests(result):
    return [request for request in result.trace.all_requests() if request.service == INTERCOM and request.path == "/events"]


def run_with_faults(run_steps, steps, faults, **sections):
    return run_steps(steps, intercom={"faults": faults, **sections.pop("intercom", {})}, **sections)


def test_5xx_retried_with_backoff(run_steps):
    """After a 503 the SDK waits 1, 2 and 4 seconds of virtual time between attempts."""
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, {"advance": "1m"}],
        [{"request": "POST /events", "status": 503, "times": 3}],
    )
    notes = [note for step in result.trace.steps for note in step.notes]

    assert [request.status for request in event_requests(result)] == [503, 503, 503, 202]
    assert "next in 1s" in notes[0]
    assert "next in 2s" in notes[1]
    assert "next in 4s" in notes[2]


def test_429_waits_for_reset(run_steps):
    """A 429 is retried at X-RateLimit-Reset, here 10 seconds after the failure."""
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, {"advance": "9s"}],
        [{"request": "POST /events", "status": 429, "times": 1}],
    )

    assert [request.status for request in event_requests(result)] == [429]
    assert result.summary["intercom"]["pending"] == 1


def test_429_delivered_after_reset(run_steps):
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, {"advance": "10s"}],
        [{"request": "POST /events", "status": 429, "times": 1}],
    )

    assert [request.status for request in event_requests(result)] == [429, 202]


def test_attempts_are_bounded(run_steps):
    """Five failed attempts drop the operation, with the last error as the reason."""
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, {"advance": "10m"}],
        [{"request": "POST /events", "status": 500, "until": "1h"}],
    )
    intercom = result.summary["intercom"]

    assert len(event_requests(result)) == 5
    assert intercom["dropped"] == 1
    assert list(intercom["dropped_reasons"]) == ["gave up after 5 attempts: HTTP 500: server_error: Internal server error"]


def test_4xx_not_retried(run_steps):
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, {"advance": "1m"}],
        [{"request": "POST /events", "status": 422, "times": 1}],
    )

    assert len(event_requests(result)) == 1
    assert sdk_calls(result, "logEvent")[0].result == "error: HTTP 422: unprocessable_entity: Unprocessable entity"


def test_queue_keeps_call_order(run_steps):
    """A call made while an earlier one waits for a retry is sent after it."""
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "First"}}, {"track": {"event": "Second"}}, {"advance": "5s"}],
        [{"request": "POST /events", "status": 503, "times": 1}],
    )
    delivered = [request.json["event_name"] for request in event_requests(result) if request.status == 202]

    assert delivered == ["First", "Second"]
    assert sdk_calls(result, "logEvent")[1].result.startswith("pending: queued behind")


def test_offline_waits_without_attempts(run_steps):
    """Offline, requests wait for the network without trying; they are sent when it returns."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, {"network": "offline"}, {"track": {"event": "A"}},
                        {"advance": "2h"}, {"network": "wifi"}])

    assert [request.status for request in event_requests(result)] == [202]
    assert result.summary["intercom"]["delivered"] == 2


def test_queue_survives_terminate(run_steps):
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, {"network": "offline"}, {"track": {"event": "A"}},
                        "terminate", {"network": "wifi"}, "launch"])

    assert event_requests(result)[-1].status == 202
    assert result.summary["intercom"]["pending"] == 0


def test_queue_survives_kill(run_steps):
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, {"network": "offline"}, {"track": {"event": "A"}},
                        "kill", {"network": "wifi"}, "launch"])

    assert event_requests(result)[-1].status == 202


def test_timeout_retry_flagged_as_possible_duplicate(run_steps):
    """A retry after a timeout is counted as possibly duplicated, and a note says why."""
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, {"advance": "5s"}],
        [{"request": "POST /events", "error": "timeout", "times": 1}],
    )
    notes = " ".join(note for step in result.trace.steps for note in step.notes)

    assert result.summary["intercom"]["possibly_duplicated"] == 1
    assert "may duplicate it" in notes


def test_no_duplicates_without_timeout(run_steps):
    """Retries after a status code never count as possible duplicates."""
    result = run_with_faults(
        run_steps,
        ["launch", {"identify": {"userId": "u1"}}, {"track": {"event": "A"}}, {"advance": "5s"}],
        [{"request": "POST /events", "status": 503, "times": 1}],
    )

    assert result.summary["intercom"]["possibly_duplicated"] == 0
    assert len(result.workspace.events) == 1


def test_logout_drops_unsent(run_steps):
    """logout() clears the local cache, so requests not sent yet are dropped with that reason."""
    result = run_steps(["launch", {"identify": {"userId": "u1"}}, {"network": "offline"}, {"track": {"event": "A"}}, "reset"])

    assert result.summary["intercom"]["dropped"] == 1
    assert "logout() cleared" in next(iter(result.summary["intercom"]["dropped_reasons"]))


def test_email_not_applied_to_unidentified(run_steps):
    """An email on an unidentified user is not sent, and the call result says so."""
    result = run_steps(["launch", {"identify": {"traits": {"email": "anon@example.com", "name": "Anon"}}}])
    update = sdk_calls(result, "updateUser")[0]
    put = [request for request in result.trace.all_requests() if request.method == "PUT"][0]

    assert update.result.startswith("error: the email is not applied to an unidentified user")
    assert "email" not in put.json
    assert put.json["name"] == "Anon"


def test_identity_verification_hash_accepted(run_steps):
    """With the hash set before login (quirk off), the login passes identity verification."""
    import hashlib
    import hmac

    user_hash = hmac.new(b"iv-secret", b"u1", hashlib.sha256).hexdigest()
    result = run_steps(
        ["launch", {"identify": {"userId": "u1", "integrations": {"Intercom": {"user_hash": user_hash}}}}],
        plugin={"quirks": {"user_hash_after_login": False}},
        intercom={"identityVerification": {"secret": "iv-secret"}},
    )

    assert sdk_calls(result, "loginUser")[0].result == "ok"


def test_identity_verification_wrong_hash(run_steps):
    result = run_steps(
        ["launch", {"identify": {"userId": "u1", "integrations": {"Intercom": {"user_hash": "0" * 64}}}}],
        plugin={"quirks": {"user_hash_after_login": False}},
        intercom={"identityVerification": {"secret": "iv-secret"}},
    )

    assert "the user hash for this user is invalid" in sdk_calls(result, "loginUser")[0].result


def test_identity_verification_skips_unidentified(run_steps):
    """Unidentified users need no hash."""
    result = run_steps(["launch", {"identify": {"traits": {"plan": "free"}}}], intercom={"identityVerification": {"secret": "s"}})

    assert sdk_calls(result, "loginUnidentifiedUser")[0].result == "ok"


def test_rate_limit_in_windows(run_steps):
    """With intercom.rateLimit, requests over the per-window limit get 429 and succeed in the next window."""
    steps = ["launch", {"identify": {"userId": "u1"}}] + [{"track": {"event": f"E{index}"}} for index in range(4)] + [{"advance": "30s"}]
    result = run_steps(steps, intercom={"rateLimit": 3})
    statuses = [request.status for request in result.trace.all_requests() if request.service == INTERCOM]
    limited = [request for request in result.trace.all_requests() if request.status == 429][0]

    assert statuses.count(429) >= 1
    assert limited.response["errors"][0]["code"] == "rate_limit_exceeded"
    assert result.summary["intercom"]["delivered"] == 5
