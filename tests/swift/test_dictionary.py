"""SwiftHasher: per-launch Dictionary iteration order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.swift.dictionary import SwiftHasher

KEYS = ["revenue", "total", "currency", "sku", "name", "price", "quantity", "category"]


@settings(database=None)
@given(st.integers(min_value=0, max_value=2**63 - 1), st.lists(st.text(max_size=8), max_size=40))
def test_order_is_permutation(seed, keys):
    """order returns every distinct key exactly once."""
    ordered = SwiftHasher(seed).order(keys)

    assert sorted(ordered) == sorted(set(keys))


def test_order_stable_within_launch():
    """One hasher visits the same key set in the same order every time."""
    hasher = SwiftHasher(42)

    assert hasher.order(KEYS) == hasher.order(list(KEYS))


def test_order_replayable_from_seed():
    """Two hashers with the same seed give the same order."""
    assert SwiftHasher(7).order(KEYS) == SwiftHasher(7).order(KEYS)


def test_order_changes_with_seed():
    """Different seeds give different orders for the same keys."""
    orders = {tuple(SwiftHasher(seed).order(KEYS)) for seed in range(20)}

    assert len(orders) > 1


def test_two_key_order_varies():
    """Even a two-key dictionary such as {revenue, total} is visited in both orders across seeds."""
    firsts = {SwiftHasher(seed).order(["revenue", "total"])[0] for seed in range(50)}

    assert firsts == {"revenue", "total"}


def test_ordered_copy():
    """ordered returns the same mapping with keys in iteration order."""
    hasher = SwiftHasher(3)
    mapping = {key: index for index, key in enumerate(KEYS)}

    ordered = hasher.ordered(mapping)

    assert ordered == mapping
    assert list(ordered) == hasher.order(mapping)


def test_hash_keyed_by_seed():
    """The hash of a key depends on the seed."""
    assert SwiftHasher(1).hash("revenue") != SwiftHasher(2).hash("revenue")
    assert SwiftHasher(1).hash("revenue") == SwiftHasher(1).hash("revenue")
