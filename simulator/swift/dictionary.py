"""Iteration order of Swift's native ``Dictionary``.

Swift seeds its hash function once per process, so the order in which a ``for (key,
value) in dict`` loop visits keys changes from one app launch to the next (Swift 4.2 and
later, per-process random seeding, SE-0206). Code that depends on that order, such as
the Intercom plugin's ``revenue``/``total`` loop, behaves differently on different
launches.

This module models the native storage: open addressing with linear probing in a table
whose size is a power of two kept at most 3/4 full, iterated bucket by bucket. The hash
is BLAKE2b keyed with the per-launch seed.

NOTE: Swift uses SipHash-1-3 and grows its table while keys are inserted, so the exact
orders differ from a real phone. What is kept is the behavior that matters here: the order
depends on the key set and the per-launch seed, is stable within a launch, and is
replayable from the scenario seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

_MAX_LOAD_FACTOR = 0.75


class SwiftHasher:
    """The per-process hash seed of one app launch."""

    def __init__(self, seed: int) -> None:
        self._key = hashlib.blake2b(str(seed).encode(), digest_size=16).digest()

    def hash(self, key: str) -> int:
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), key=self._key, digest_size=8)
        return int.from_bytes(digest.digest(), "little")

    def order(self, keys: Iterable[str]) -> list[str]:
        """Return ``keys`` (given in insertion order) in Swift's iteration order."""
        inserted = list(dict.fromkeys(keys))
        capacity = _table_size(len(inserted))
        buckets: list[str | None] = [None] * capacity

        for key in inserted:
            bucket = self.hash(key) & (capacity - 1)
            while buckets[bucket] is not None:
                bucket = (bucket + 1) & (capacity - 1)
            buckets[bucket] = key

        return [key for key in buckets if key is not None]

    def ordered(self, mapping: dict[str, object]) -> dict[str, object]:
        """Return a copy of ``mapping`` whose key order is Swift's iteration order."""
        return {key: mapping[key] for key in self.order(mapping)}


def _table_size(count: int) -> int:
    size = 1
    while size * _MAX_LOAD_FACTOR < count:
        size *= 2
    return size
