"""Injected failures: HTTP error statuses, timeouts and dropped connections.

A scenario lists faults under ``intercom.faults`` and ``segment.faults``. Each names a
request as ``METHOD /path`` (``*`` matches any run of characters, so
``PUT /contacts/*`` matches every contact update) and responds with a ``status`` or an
``error`` (``timeout`` or ``disconnect``) instead of the normal response, for the first
``times`` matching requests and/or inside a window of virtual time (``from``/``until``,
measured from the start of the run). The ``settings_fetch_fails`` step adds a one-time
fault on the next settings fetch.

Intercom error statuses come with Intercom's ``error.list`` body, and 429 also with
``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` headers
(Intercom REST API 2.11 rate-limit documentation).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

import httpx

from simulator.device.clock import VirtualClock
from simulator.errors import ScenarioError
from simulator.scenario.model import Scenario

_INTERCOM_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("unauthorized", "Access Token Invalid"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Resource Not Found"),
    409: ("conflict", "A contact matching those details already exists"),
    422: ("unprocessable_entity", "Unprocessable entity"),
    429: ("rate_limit_exceeded", "Rate limit exceeded (injected fault)"),
    500: ("server_error", "Internal server error"),
    502: ("server_error", "Bad gateway"),
    503: ("service_unavailable", "Service unavailable"),
    504: ("request_timeout", "Gateway timeout"),
}
_RATE_LIMIT_PER_WINDOW = 167
_RATE_LIMIT_WINDOW_SECONDS = 10
HOSTS = {"intercom": ("api.intercom.io",), "segment": ("api.segment.io", "cdn-settings.segment.com")}


@dataclass
class Fault:
    """One injected failure and how often it has fired."""

    service: str
    method: str
    path_pattern: str
    status: int | None = None
    error: str | None = None
    times: int | None = None
    start: float | None = None
    until: float | None = None
    fired: int = 0

    def applies(self, service: str, request: httpx.Request, elapsed: float) -> bool:
        if service != self.service or request.method != self.method:
            return False
        if not fnmatch.fnmatchcase(request.url.path, self.path_pattern):
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        if self.start is not None and elapsed < self.start:
            return False
        return self.until is None or elapsed < self.until


class FaultTransport(httpx.BaseTransport):
    """An httpx transport that responds to faulted requests itself and passes the rest on."""

    def __init__(self, inner: httpx.BaseTransport, faults: list[Fault], clock: VirtualClock) -> None:
        self._inner = inner
        self.faults = faults
        self._clock = clock

    def add(self, fault: Fault) -> None:
        self.faults.insert(0, fault)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        service = _service_of(request)
        for fault in self.faults:
            if fault.applies(service, request, self._clock.elapsed):
                fault.fired += 1
                return self._fail(fault, service, request)
        return self._inner.handle_request(request)

    def _fail(self, fault: Fault, service: str, request: httpx.Request) -> httpx.Response:
        if fault.error == "timeout":
            raise httpx.ReadTimeout("injected timeout: no response within the request timeout", request=request)
        if fault.error == "disconnect":
            raise httpx.RemoteProtocolError("injected fault: the server dropped the connection", request=request)

        status = fault.status or 500
        if service != "intercom":
            return httpx.Response(status, json={"success": False, "error": f"injected status {status}"}, request=request)

        code, message = _INTERCOM_CODES.get(status, ("server_error", f"HTTP {status}"))
        body = {"type": "error.list", "request_id": None, "errors": [{"code": code, "message": message}]}
        headers = {}
        if status == 429:
            reset = int(self._clock.unix()) + _RATE_LIMIT_WINDOW_SECONDS
            headers = {"X-RateLimit-Limit": str(_RATE_LIMIT_PER_WINDOW), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
        return httpx.Response(status, json=body, headers=headers, request=request)


def faults_from_scenario(scenario: Scenario) -> list[Fault]:
    """Return the faults of ``intercom.faults`` and ``segment.faults``, validated."""
    faults = []
    for service in ("intercom", "segment"):
        section = getattr(scenario, service, None) or {}
        for index, entry in enumerate(section.get("faults", [])):
            faults.append(_fault(scenario, service, index, entry))
    return faults


def settings_fetch_fault(write_key: str) -> Fault:
    """Return a fault that fails the next settings fetch with a 500."""
    return Fault("segment", "GET", f"/v1/projects/{write_key}/settings", status=500, times=1)


def _fault(scenario: Scenario, service: str, index: int, entry: dict[str, Any]) -> Fault:
    path = f"{service}.faults.{index}"
    method, _, pattern = entry["request"].partition(" ")
    if method not in ("GET", "POST", "PUT", "DELETE", "PATCH") or not pattern.startswith("/"):
        raise ScenarioError(scenario.location(f"{path}.request"), f"invalid request pattern {entry['request']!r}.",
                            'write the method and path, such as "POST /events" or "PUT /contacts/*".')
    if ("status" in entry) == ("error" in entry):
        raise ScenarioError(scenario.location(path), "a fault needs exactly one of 'status' and 'error'.",
                            "add status: 503 or error: timeout.")
    if "times" not in entry and "from" not in entry and "until" not in entry:
        raise ScenarioError(scenario.location(path), "a fault needs 'times' or a 'from'/'until' window, or it would never end.",
                            "add times: 1, or until: 30s.")
    return Fault(
        service=service,
        method=method,
        path_pattern=pattern.strip(),
        status=entry.get("status"),
        error=entry.get("error"),
        times=entry.get("times"),
        start=entry.get("from"),
        until=entry.get("until"),
    )


def _service_of(request: httpx.Request) -> str:
    for service, hosts in HOSTS.items():
        if request.url.host in hosts:
            return service
    return "other"
