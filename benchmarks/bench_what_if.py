"""What-if measurements: the per-request overhead with candidate optimizations patched in.

Each variant replaces one private function of the simulator for the duration of its
rounds, then restores it. The patches only show what a change could gain. They are not
proposed code: each keeps the run's results for this benchmark's scenario, but not every
guarantee of the code it replaces (see the notes per variant). Because they patch
private names, they may need updating when the simulator changes.

- ``UserDefaults in memory``: ``UserDefaults._save`` does nothing, so no suite is written
  to disk. Nothing in a run reads a suite file back, because ``DeviceStorage`` shares one
  instance per suite, but a ``kill`` no longer leaves the values on disk.
- ``JSON copy of events``: ``Timeline.process`` copies the enriched event for the trace
  and for each destination with a copy function for JSON values (dicts, lists and
  scalars) instead of ``copy.deepcopy``. Events are JSON values at that point.
- ``validator cache by contract``: ``validator_for`` is looked up by contract id and
  version only, without serializing the schema for the cache key on every request. The
  real cache key also contains the schema text, so that a test that loads another file
  under the same id gets its own validator.
- ``all three``: every patch above at once.

The floor and the unpatched ``contracts on`` harness are measured in the same rounds.

Usage: python benchmarks/bench_what_if.py [--tracks 200] [--repeats 9]
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

from bench_request_overhead import SCENARIO, captured_body, simulated_round
from benchkit import Floor, Sample, medians, print_json, print_machine
from jsonschema import Draft202012Validator

import simulator.contracts.requests as contract_requests
import simulator.sdk.timeline as timeline_module
from simulator.device.storage import UserDefaults
from simulator.harness import Harness
from simulator.scenario.loader import scenario_from_mapping


def json_copy(value: Any) -> Any:
    """Return a copy of a JSON value: new dicts and lists, shared immutable scalars."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    return value


_VALIDATORS_BY_CONTRACT: dict[tuple[str, str], Draft202012Validator] = {}


def validator_by_contract(contract_id: str, version: str, schema: dict[str, Any]) -> Draft202012Validator:
    key = (contract_id, version)
    validator = _VALIDATORS_BY_CONTRACT.get(key)
    if validator is None:
        validator = Draft202012Validator(schema)
        _VALIDATORS_BY_CONTRACT[key] = validator
    return validator


@contextlib.contextmanager
def patched(target: Any, name: str, replacement: Any) -> Iterator[None]:
    original = getattr(target, name)
    setattr(target, name, replacement)
    try:
        yield
    finally:
        setattr(target, name, original)


@contextlib.contextmanager
def memory_defaults() -> Iterator[None]:
    with patched(UserDefaults, "_save", lambda self: None):
        yield


@contextlib.contextmanager
def json_event_copies() -> Iterator[None]:
    with patched(timeline_module, "copy", SimpleNamespace(deepcopy=json_copy)):
        yield


@contextlib.contextmanager
def contract_validator_cache() -> Iterator[None]:
    with patched(contract_requests, "validator_for", validator_by_contract):
        yield


@contextlib.contextmanager
def all_patches() -> Iterator[None]:
    with memory_defaults(), json_event_copies(), contract_validator_cache():
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--tracks", type=int, default=200, help="track calls per timed round (default 200)")
    parser.add_argument("--repeats", type=int, default=9, help="timed rounds per variant; the median is reported (default 9)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds per variant before the timed ones (default 2)")
    options = parser.parse_args()

    print_machine()
    scenario = scenario_from_mapping(SCENARIO)
    variants: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
        "contracts on (unpatched)": contextlib.nullcontext,
        "UserDefaults in memory": memory_defaults,
        "JSON copy of events": json_event_copies,
        "validator cache by contract": contract_validator_cache,
        "all three": all_patches,
    }

    floor = Floor(captured_body())
    samples: dict[str, list[Sample]] = {"floor": [], **{name: [] for name in variants}}
    try:
        for round_number in range(options.warmup + options.repeats):
            floor_sample = floor.per_request(options.tracks)
            round_samples = {}
            for name, patch in variants.items():
                with patch():
                    round_samples[name], _count = simulated_round(lambda: Harness(scenario), options.tracks)
            if round_number < options.warmup:
                continue
            samples["floor"].append(floor_sample)
            for name, sample in round_samples.items():
                samples[name].append(sample)
    finally:
        floor.close()

    results = {name: medians(values) for name, values in samples.items()}
    floor_result, unpatched = results["floor"], results["contracts on (unpatched)"]
    print(f"{options.tracks} track calls per round, {options.repeats} timed rounds after {options.warmup} warm-up rounds")
    print(f"{'variant':<30} {'wall/request':>13} {'ratio':>7} {'saved':>7} {'CPU/request':>12} {'ratio':>7} {'saved':>7}")
    for name, result in results.items():
        wall_saved = "" if name == "floor" else f"{1 - result.wall / unpatched.wall:.0%}"
        cpu_saved = "" if name == "floor" else f"{1 - result.cpu / unpatched.cpu:.0%}"
        print(f"{name:<30} {result.wall * 1e6:>10.0f} us {result.wall / floor_result.wall:>6.2f}x {wall_saved:>7} "
              f"{result.cpu * 1e6:>9.0f} us {result.cpu / floor_result.cpu:>6.2f}x {cpu_saved:>7}")
    print_json({
        "benchmark": "what_if",
        "wall_us": {name: result.wall * 1e6 for name, result in results.items()},
        "cpu_us": {name: result.cpu * 1e6 for name, result in results.items()},
    })


if __name__ == "__main__":
    main()
