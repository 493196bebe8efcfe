"""The one trace every layer of a run appends to.

The device, the SDK, the Intercom plugin, the simulated Intercom SDK and the fake servers
each append records here. Renderers and the contract checker only read it. Listeners get
each SDK call and HTTP exchange as it happens, which is how contracts are checked inline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = Any


@dataclass(frozen=True)
class SdkCall:
    """One call the destination plugin made on the simulated Intercom iOS SDK."""

    method: str
    args: dict[str, JSON]
    result: str = "ok"

    def to_json(self) -> dict[str, JSON]:
        return {"method": self.method, "args": self.args, "result": self.result}


@dataclass(frozen=True)
class HttpExchange:
    """One HTTP request and the response the mock returned.

    ``service`` is ``intercom``, ``segment`` or ``settings``. ``json`` is the decoded
    request body (None when there is none). ``response`` is the decoded response body,
    None for an empty body, or the text when it is not JSON. ``status`` is None when the
    request failed without a response, in which case ``error`` names the failure.
    """

    service: str
    method: str
    url: str
    headers: dict[str, str]
    json: JSON
    status: int | None
    response: JSON
    error: str | None = None

    @property
    def path(self) -> str:
        without_scheme = self.url.split("://", 1)[-1]
        slash = without_scheme.find("/")
        path = without_scheme[slash:] if slash >= 0 else "/"
        return path.split("?", 1)[0]

    def to_json(self) -> dict[str, JSON]:
        record: dict[str, JSON] = {
            "service": self.service,
            "method": self.method,
            "url": self.url,
            "headers": self.headers,
            "json": self.json,
            "status": self.status,
            "response": self.response,
        }
        if self.error is not None:
            record["error"] = self.error
        return record


@dataclass(frozen=True)
class Violation:
    """A broken contract or a run failure, with where it happened and why."""

    contract: str
    check: str
    path: str
    severity: str
    message: str
    value: JSON = None

    def to_json(self) -> dict[str, JSON]:
        return {
            "contract": self.contract,
            "check": self.check,
            "path": self.path,
            "severity": self.severity,
            "message": self.message,
            "value": self.value,
        }


@dataclass
class StepRecord:
    """Everything that happened while one scenario step ran."""

    index: int
    step: str
    at: str
    events: list[JSON] = field(default_factory=list)
    sdk_calls: list[SdkCall] = field(default_factory=list)
    requests: list[HttpExchange] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timeline: list[tuple[str, Any]] = field(default_factory=list)
    """Every record of the step in the order it happened, as (kind, record) pairs."""


class Trace:
    """Ordered records of a run, grouped by the scenario step that caused them.

    Records made before the first step (device set-up) go to a step with index -1
    labelled ``setup``. Reports leave that step out when it stays empty.
    """

    def __init__(self) -> None:
        self.steps: list[StepRecord] = []
        self._call_listeners: list[Callable[[SdkCall], None]] = []
        self._request_listeners: list[Callable[[HttpExchange], None]] = []
        self._destination_listeners: list[Callable[[str, JSON, list[SdkCall]], None]] = []
        self._destination_calls: list[SdkCall] | None = None
        self.begin_step(-1, "setup", "")

    @property
    def current(self) -> StepRecord:
        return self.steps[-1]

    def begin_step(self, index: int, label: str, at: str) -> StepRecord:
        record = StepRecord(index=index, step=label, at=at)
        self.steps.append(record)
        return record

    def on_sdk_call(self, listener: Callable[[SdkCall], None]) -> None:
        self._call_listeners.append(listener)

    def on_request(self, listener: Callable[[HttpExchange], None]) -> None:
        self._request_listeners.append(listener)

    def on_destination_event(self, listener: Callable[[str, JSON, list[SdkCall]], None]) -> None:
        """Call ``listener(key, event, calls)`` after a destination handled an event."""
        self._destination_listeners.append(listener)

    def begin_destination_event(self) -> None:
        self._destination_calls = []

    def end_destination_event(self, key: str, event: JSON) -> None:
        calls = self._destination_calls or []
        self._destination_calls = None
        for listener in self._destination_listeners:
            listener(key, event, calls)

    def add_event(self, event: JSON) -> None:
        self.current.events.append(event)
        self.current.timeline.append(("event", event))

    def mark(self) -> int:
        """Return the current position in the step's timeline, for ``add_sdk_call(at=...)``."""
        return len(self.current.timeline)

    def add_sdk_call(self, call: SdkCall, at: int | None = None) -> None:
        """Record a call; ``at`` places it in the timeline where the call started, before its requests."""
        self.current.sdk_calls.append(call)
        if self._destination_calls is not None:
            self._destination_calls.append(call)
        position = len(self.current.timeline) if at is None else min(at, len(self.current.timeline))
        self.current.timeline.insert(position, ("sdk_call", call))
        for listener in self._call_listeners:
            listener(call)

    def replace_sdk_call(self, old: SdkCall, new: SdkCall) -> None:
        """Put ``new`` where ``old`` was recorded, such as a call whose result arrived later.

        Listeners are not called again: they saw the call when it was made.
        """
        for step in reversed(self.steps):
            for index, call in enumerate(step.sdk_calls):
                if call is old:
                    step.sdk_calls[index] = new
                    step.timeline = [(kind, new if entry is old else entry) for kind, entry in step.timeline]
                    if self._destination_calls is not None:
                        self._destination_calls[:] = [new if entry is old else entry for entry in self._destination_calls]
                    return

    def add_request(self, exchange: HttpExchange) -> None:
        self.current.requests.append(exchange)
        self.current.timeline.append(("request", exchange))
        for listener in self._request_listeners:
            listener(exchange)

    def add_violation(self, violation: Violation) -> None:
        self.current.violations.append(violation)
        self.current.timeline.append(("violation", violation))

    def add_note(self, note: str) -> None:
        self.current.notes.append(note)
        self.current.timeline.append(("note", note))

    def all_sdk_calls(self) -> list[SdkCall]:
        return [call for step in self.steps for call in step.sdk_calls]

    def all_requests(self) -> list[HttpExchange]:
        return [request for step in self.steps for request in step.requests]

    def all_violations(self) -> list[Violation]:
        return [violation for step in self.steps for violation in step.violations]

    def all_events(self) -> list[JSON]:
        return [event for step in self.steps for event in step.events]
