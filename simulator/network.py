"""The phone's HTTP stack: an httpx client whose transport is a respx router.

Every request of a run goes through ``HttpClient``, which records it in the trace. No
request can reach a real host: the router answers every URL, and a request that no route
matches is answered 404 by a catch-all that records a ``routing`` violation naming the
nearest known route.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
from collections.abc import Callable
from typing import Any

import httpx
import respx

from simulator.trace import HttpExchange, Trace, Violation

ROUTING_CONTRACT = "routing"


class _RedactSettingsUrl(logging.Filter):
    """Hide the write key in httpx's request log lines.

    httpx logs every request URL at INFO level, and the settings URL
    ``/v1/projects/<writeKey>/settings`` contains the write key.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_SETTINGS_PATH.sub(r"\1<redacted>\2", str(arg)) if _SETTINGS_PATH.search(str(arg)) else arg
                                for arg in record.args)
        return True


_SETTINGS_PATH = re.compile(r"(/v1/projects/)[^/]+(/settings)")
_HTTPX_LOGGER = logging.getLogger("httpx")
if not any(isinstance(existing, _RedactSettingsUrl) for existing in _HTTPX_LOGGER.filters):
    _HTTPX_LOGGER.addFilter(_RedactSettingsUrl())


class NetworkUnavailable(Exception):
    """The request failed without a response (offline, timeout, dropped connection)."""


class HttpClient:
    """A synchronous httpx client bound to the run's mock transport and trace."""

    def __init__(self, transport: httpx.BaseTransport, trace: Trace, is_online: Callable[[], bool]) -> None:
        """Send through ``transport``, normally a respx router's ``httpx.MockTransport``."""
        self._client = httpx.Client(transport=transport)
        self._trace = trace
        self._is_online = is_online

    def request(
        self,
        service: str,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        body: bytes | None = None,
    ) -> httpx.Response:
        """Send one request and record it; raise NetworkUnavailable when no response came."""
        request_json = _decode(body)

        if not self._is_online():
            # Nothing left the phone, so the body is not repeated in the trace.
            self._record(service, method, url, headers, None, None, None, "network offline")
            raise NetworkUnavailable("network offline")

        try:
            response = self._client.request(method, url, headers=headers, content=body)
        except httpx.TransportError as error:
            self._record(service, method, url, headers, request_json, None, None, _failure_name(error))
            raise NetworkUnavailable(_failure_name(error)) from error

        self._record(service, method, url, headers, request_json, response.status_code, _decode(response.content), None)
        return response

    def close(self) -> None:
        self._client.close()

    def _record(self, service: str, method: str, url: str, headers: dict[str, str], request_json: Any,
                status: int | None, response_json: Any, error: str | None) -> None:
        self._trace.add_request(HttpExchange(service, method, url, dict(headers), request_json, status, response_json, error))


def add_catch_all(router: respx.Router, trace: Trace, known_routes: list[str]) -> None:
    """Answer every unmatched request with 404 and record which known route was nearest."""

    def unmatched(request: httpx.Request) -> httpx.Response:
        attempted = f"{request.method} {request.url.host}{request.url.path}"
        nearest = difflib.get_close_matches(attempted, known_routes, n=1, cutoff=0.0)
        hint = f"; the nearest route is {nearest[0]}" if nearest else ""
        trace.add_violation(Violation(
            contract=ROUTING_CONTRACT,
            check="no-matching-route",
            path=f"{request.method} {request.url}",
            severity="error",
            message=f"No mocked route matches {attempted}{hint}.",
            value=attempted,
        ))
        return httpx.Response(404, json={"error": f"no route for {attempted}"})

    router.route(name="catch-all").mock(side_effect=unmatched)


def _failure_name(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    if isinstance(error, httpx.RemoteProtocolError):
        return "connection dropped"
    return f"network error ({type(error).__name__})"


def _decode(content: bytes | None) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return content.decode("utf-8", "replace")
