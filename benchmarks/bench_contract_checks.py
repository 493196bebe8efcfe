"""Cost of the contract checks per request, per SDK call and per event, as a fraction of the floor.

The inputs are captured from two runs: the demo scenario
``fixtures/scenarios/segment-doc-examples.yaml`` and fleet device 0 (see ``fleet.py``).
Together they give Intercom requests of every kind the SDK sends, SDK calls with their
results, and the Segment events the Intercom plugin handled. Each timed round replays
them, in the order they happened, on a fresh ``ContractChecker``:

- ``check_request(exchange)`` for every Intercom request;
- ``check_sdk_call(call)`` for every SDK call (both runs end with a reset, so the device
  state starts over when the sequence repeats);
- ``check_event_calls(event, calls)`` for every event the Intercom plugin handled.

The floor is a bare httpx + respx request with the body of a captured ``POST /events``,
timed in the same run (see ``benchkit.Floor``).

Usage: python benchmarks/bench_contract_checks.py [--repeats 9] [--passes 5]
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Callable
from typing import Any

from benchkit import REPOSITORY, Floor, Sample, medians, print_json, print_machine
from fleet import device_scenario

from simulator.contracts import ContractChecker
from simulator.harness import INTERCOM_KEY, Harness
from simulator.scenario.loader import load_scenario, scenario_from_mapping
from simulator.scenario.model import Scenario
from simulator.scenario.steps import run_step, step_label
from simulator.trace import HttpExchange, SdkCall


class Capture:
    """The Intercom requests, SDK calls and plugin events of one or more runs, in order."""

    def __init__(self) -> None:
        self.exchanges: list[HttpExchange] = []
        self.calls: list[SdkCall] = []
        self.events: list[tuple[dict[str, Any], list[SdkCall]]] = []

    def record(self, scenario: Scenario) -> None:
        harness = Harness(scenario)
        harness.trace.on_request(lambda exchange: self.exchanges.append(exchange) if exchange.service == "intercom" else None)
        harness.trace.on_sdk_call(self.calls.append)
        harness.trace.on_destination_event(self._record_event)
        try:
            for step in scenario.steps:
                harness.trace.begin_step(step.index, step_label(step), harness.clock.iso())
                run_step(harness, step)
        finally:
            harness.close()

    def _record_event(self, key: str, event: Any, calls: list[SdkCall]) -> None:
        if key == INTERCOM_KEY:
            self.events.append((copy.deepcopy(event), list(calls)))


def time_per_item(items: list[Any], check: Callable[[ContractChecker, Any], Any], passes: int) -> Sample:
    """Replay ``items`` ``passes`` times on a fresh checker; return the time per item."""
    checker = ContractChecker()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(passes):
        for item in items:
            check(checker, item)
    count = passes * len(items)
    return Sample((time.perf_counter() - started) / count, (time.process_time() - cpu_started) / count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=9, help="timed rounds; the median is reported (default 9)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first (default 2)")
    parser.add_argument("--passes", type=int, default=5, help="replays of the captured inputs per round (default 5)")
    parser.add_argument("--floor-requests", type=int, default=200, help="floor requests per round (default 200)")
    options = parser.parse_args()

    print_machine()
    capture = Capture()
    capture.record(load_scenario(REPOSITORY / "fixtures/scenarios/segment-doc-examples.yaml"))
    capture.record(scenario_from_mapping(device_scenario(0)))
    event_body = next(exchange.json for exchange in reversed(capture.exchanges) if exchange.path == "/events")

    checks: dict[str, tuple[list[Any], Callable[[ContractChecker, Any], Any]]] = {
        "check_request, per Intercom request": (capture.exchanges, lambda checker, exchange: checker.check_request(exchange)),
        "check_sdk_call, per SDK call": (capture.calls, lambda checker, call: checker.check_sdk_call(call)),
        "check_event_calls, per plugin event": (capture.events, lambda checker, item: checker.check_event_calls(*item)),
    }
    print(f"captured {len(capture.exchanges)} Intercom requests, {len(capture.calls)} SDK calls and "
          f"{len(capture.events)} plugin events; {options.passes} replays per round, "
          f"{options.repeats} timed rounds after {options.warmup} warm-up rounds")

    floor = Floor(event_body)
    samples: dict[str, list[Sample]] = {"floor": [], **{name: [] for name in checks}}
    try:
        for round_number in range(options.warmup + options.repeats):
            floor_sample = floor.per_request(options.floor_requests)
            round_samples = {name: time_per_item(items, check, options.passes) for name, (items, check) in checks.items()}
            if round_number < options.warmup:
                continue
            samples["floor"].append(floor_sample)
            for name, sample in round_samples.items():
                samples[name].append(sample)
    finally:
        floor.close()

    results = {name: medians(values) for name, values in samples.items()}
    floor_result = results["floor"]
    print(f"{'measurement':<40} {'wall':>10} {'of floor':>9} {'CPU':>10} {'of floor':>9}")
    for name, result in results.items():
        print(f"{name:<40} {result.wall * 1e6:>7.0f} us {result.wall / floor_result.wall:>8.0%} "
              f"{result.cpu * 1e6:>7.0f} us {result.cpu / floor_result.cpu:>8.0%}")

    # A tracked purchase after login costs one request check, one SDK call check and one event check.
    per_track = sum(results[name].wall for name in checks)
    print(f"one track (one request, one SDK call, one event checked): {per_track * 1e6:.0f} us, "
          f"{per_track / floor_result.wall:.0%} of the floor")
    print_json({
        "benchmark": "contract_checks",
        "wall_us": {name: result.wall * 1e6 for name, result in results.items()},
        "cpu_us": {name: result.cpu * 1e6 for name, result in results.items()},
        "fraction_of_floor": {name: results[name].wall / floor_result.wall for name in checks},
    })


if __name__ == "__main__":
    main()
