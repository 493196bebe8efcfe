"""Workspace-wide request guards: the rate limit and identity verification.

Rate limit (Intercom REST API rate-limiting documentation, 2.x): a per-minute limit is
enforced in 10-second windows, and every authenticated response carries
``X-RateLimit-Limit`` (requests allowed per window), ``X-RateLimit-Remaining`` and
``X-RateLimit-Reset`` (unix seconds when the window ends). A request over the limit gets
429 with code ``rate_limit_exceeded``. Scenarios turn it on with ``intercom.rateLimit``
(requests per 10-second window of virtual time).

Identity verification (Intercom's identity verification documentation): the user hash is
the lower-case hex HMAC-SHA256 of the user id with the workspace's secret. When it is
on, requests that identify a user by ``external_id`` must carry the matching hash.

NOTE: the simulated SDK sends the hash in an ``X-Intercom-User-Hash`` header. The real
mobile SDK signs its private requests instead.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any

from simulator.fake_intercom.bodies import ApiError

WINDOW_SECONDS = 10
USER_HASH_HEADER = "x-intercom-user-hash"


class RateLimiter:
    """Counts requests per 10-second window of virtual time."""

    def __init__(self, per_window: int, now: Callable[[], int]) -> None:
        self.per_window = per_window
        self._now = now
        self._window = -1
        self._count = 0

    def admit(self) -> dict[str, str]:
        """Count one request and return the rate-limit headers; raise 429 when over the limit."""
        now = self._now()
        window = now // WINDOW_SECONDS
        if window != self._window:
            self._window, self._count = window, 0

        reset = (window + 1) * WINDOW_SECONDS
        if self._count >= self.per_window:
            message = f"Exceeded rate limit of {self.per_window} in 10_seconds"
            raise RateLimited(message, self.headers(0, reset))

        self._count += 1
        return self.headers(self.per_window - self._count, reset)

    def headers(self, remaining: int, reset: int) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.per_window), "X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": str(reset)}


class RateLimited(ApiError):
    """429 with the rate-limit headers."""

    def __init__(self, message: str, headers: dict[str, str]) -> None:
        super().__init__(429, "rate_limit_exceeded", message)
        self.headers = headers


def user_hash(secret: str, user_id: str) -> str:
    """Return the identity-verification hash of ``user_id``."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def check_identity(secret: str, operation: str, headers: Mapping[str, str], body: Any) -> None:
    """Raise 401 when a request identifies a user by external_id without that user's hash."""
    external_id = _identified_user(operation, body)
    if external_id is None:
        return

    sent = headers.get(USER_HASH_HEADER)
    if sent is None or not hmac.compare_digest(sent, user_hash(secret, external_id)):
        problem = "missing" if sent is None else "invalid"
        raise ApiError(401, "unauthorized", f"Identity verification failed: the user hash for this user is {problem}.")


def _identified_user(operation: str, body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    if operation == "create_contact" and isinstance(body.get("external_id"), str):
        return body["external_id"]
    if operation == "search_contacts":
        query = body.get("query")
        if isinstance(query, dict) and query.get("field") == "external_id" and isinstance(query.get("value"), str):
            return query["value"]
    return None
