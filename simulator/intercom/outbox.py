"""The simulated Intercom SDK's queue of unsent requests, and its retry rules.

Each SDK call that changes data in Intercom becomes an operation in a first-in,
first-out queue kept in the SDK's storage on the device, so unsent work survives
terminate, kill and relaunch. The queue is sent in order: while the first operation
waits for a retry, the ones behind it wait too.

Retry rules (NOTE: Intercom does not document its mobile SDKs' retry behavior; these
rules are this simulator's choice):

- 429: wait until ``X-RateLimit-Reset`` (10 seconds when the header is missing);
- 5xx, a timeout or a dropped connection: wait 1, 2, 4 and 8 seconds of virtual time;
- both count toward at most ``MAX_ATTEMPTS`` attempts, after which the operation is
  dropped with the last error as the reason;
- offline: the operation waits for the network without using up attempts;
- any other 4xx is not retried: the operation is dropped with the error as the reason.

A retry after a timeout may duplicate the first attempt, because its outcome is unknown;
the report says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_ATTEMPTS = 5
RATE_LIMIT_WAIT = 10.0


@dataclass
class Operation:
    """One queued REST request sequence: a login, an update or an event."""

    id: int
    call: str
    kind: str
    payload: dict[str, Any]
    attempts: int = 0
    timed_out: bool = False

    def describe(self) -> str:
        name = self.payload.get("event_name")
        return f"{self.call} {name!r}" if name else self.call


@dataclass
class Outcome:
    """How one attempt at an operation ended."""

    status: str
    """``delivered``, ``retry``, ``wait`` (for the network) or ``dropped``."""
    reason: str = ""
    delay: float = 0.0


@dataclass
class LedgerEntry:
    """What became of one SDK call's operation."""

    call: str
    status: str = "pending"
    reason: str = ""
    attempts: int = 0
    may_be_duplicated: bool = False


@dataclass
class IntercomLedger:
    """Delivered, pending and dropped Intercom operations of a whole run, across processes."""

    entries: dict[int, LedgerEntry] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        counts = {"calls": len(self.entries), "delivered": 0, "pending": 0, "dropped": 0}
        reasons: dict[str, int] = {}
        duplicates = 0
        for entry in self.entries.values():
            counts[entry.status] += 1
            if entry.status == "dropped":
                reasons[entry.reason] = reasons.get(entry.reason, 0) + 1
            duplicates += entry.may_be_duplicated
        return {**counts, "dropped_reasons": dict(sorted(reasons.items())), "possibly_duplicated": duplicates}


class Outbox:
    """The persisted queue of operations, stored under one UserDefaults key."""

    def __init__(self, defaults: Any, key: str = "outbox") -> None:
        self._defaults = defaults
        self._key = key

    def operations(self) -> list[Operation]:
        return [Operation(**item) for item in self._defaults.get(self._key, [])]

    def next_id(self) -> int:
        value = self._defaults.get("next_operation_id", 1)
        self._defaults.set("next_operation_id", value + 1)
        return value

    def append(self, operation: Operation) -> None:
        self._save([*self.operations(), operation])

    def replace_first(self, operation: Operation) -> None:
        self._save([operation, *self.operations()[1:]])

    def pop_first(self) -> None:
        self._save(self.operations()[1:])

    def clear(self) -> list[Operation]:
        operations = self.operations()
        self._save([])
        return operations

    def __len__(self) -> int:
        return len(self._defaults.get(self._key, []))

    def _save(self, operations: list[Operation]) -> None:
        self._defaults.set(self._key, [asdict(operation) for operation in operations])


def backoff_delay(attempts: int) -> float:
    """Return the wait before the next try after ``attempts`` failed 5xx or network attempts."""
    return float(2 ** (attempts - 1))
