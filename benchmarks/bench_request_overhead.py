"""Per-request overhead of device mode, as a ratio to a bare httpx + respx request.

The simulated side is a launched ``Harness`` with an identified user: each timed
``analytics.track`` call runs through analytics-swift, the Intercom plugin, the simulated
Intercom SDK and its queue, httpx, respx, the fake workspace and the inline contract
checks. Its time is divided by the number of Intercom requests the calls caused, counted
in ``harness.trace``. Each tracked event also goes to the Segment destination, which
stores it in a batch file and uploads a batch every 20 events (``flushAt``), so that
share is included.

The floor is ``httpx.Client(transport=httpx.MockTransport(router.handler)).post(...)``
with the same headers and JSON body, to a respx route that returns 202.

Variants, measured in interleaved rounds so that load changes hit all of them alike:

- ``contracts on``: the harness as the CLI and pytest plugin build it;
- ``contracts ignored``: every check id passed to ``ignore``; the checks still run and
  their violations are filtered afterwards, which is all the public API allows;
- ``no contract listeners``: a ``Harness`` subclass whose ``_checker`` registers no trace
  listeners, so no check runs. It overrides a private method and may need updating when
  ``simulator/harness.py`` changes;
- with ``--storage-dir DIR``, also ``contracts on, storage in DIR``: the phone's storage
  directory is created under DIR (for example a tmpfs such as /dev/shm) to show the
  share of the file system.

Usage: python benchmarks/bench_request_overhead.py [--tracks 200] [--repeats 9] [--storage-dir /dev/shm]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

from benchkit import Floor, Sample, medians, print_json, print_machine

from simulator.contracts import ContractChecker
from simulator.harness import Harness
from simulator.scenario.loader import scenario_from_mapping
from simulator.trace import Trace

TARGET_RATIO = 1.5
WARMUP_TRACKS = 20

SCENARIO: dict[str, Any] = {
    "name": "bench-request-overhead",
    "seed": 1,
    "sdk": {"writeKey": "BENCH_WRITE_KEY", "flushAt": 20, "trackApplicationLifecycleEvents": False},
    "settings": {"integrations": {"Intercom": {"appId": "benchapp", "mobileApiKey": "ios_sdk-bench0key0000"}}},
    "steps": ["launch"],
}


def track_properties(number: int) -> dict[str, Any]:
    """Return the properties of tracked event ``number``: a purchase with whole-cent revenue."""
    return {"revenue": 12.5 + number % 10, "currency": "USD", "sku": f"sku-{number % 100:03d}", "quantity": 1 + number % 5}


class UncheckedHarness(Harness):
    """A harness whose contract checker is built but never called."""

    def _checker(self, select: list[str], ignore: list[str]) -> ContractChecker:
        return ContractChecker(api_version=self.scenario.intercom["apiVersion"])


def all_bare_check_ids() -> list[str]:
    return sorted(check for check in ContractChecker().contracts.check_ids() if "/" not in check)


@contextlib.contextmanager
def temporary_directory_root(folder: str | None) -> Iterator[None]:
    """Create temporary directories under ``folder`` inside the block (no change when None)."""
    if folder is None:
        yield
        return
    previous = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = previous


def intercom_requests(trace: Trace) -> int:
    return sum(1 for request in trace.all_requests() if request.service == "intercom")


def simulated_round(make_harness: Callable[[], Harness], tracks: int) -> tuple[Sample, int]:
    """Time ``tracks`` track calls on a fresh identified app; return the time per Intercom request and the request count."""
    harness = make_harness()
    try:
        analytics = harness.launch().analytics
        analytics.identify("bench-user", {"email": "bench-user@example.com", "name": "Bench User"})
        for number in range(WARMUP_TRACKS):
            analytics.track("Order Completed", track_properties(number))

        before = intercom_requests(harness.trace)
        started, cpu_started = time.perf_counter(), time.process_time()
        for number in range(tracks):
            analytics.track("Order Completed", track_properties(number))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        count = intercom_requests(harness.trace) - before
        if harness.trace.all_violations():
            raise SystemExit(f"the benchmark scenario produced violations: {harness.trace.all_violations()[:3]}")
    finally:
        harness.close()

    if count == 0:
        raise SystemExit("the timed track calls caused no Intercom request; the benchmark scenario is broken")
    return Sample(elapsed / count, cpu / count), count


def captured_body() -> Any:
    """Return the JSON body of a POST /events the simulated SDK sends, for the floor to post."""
    harness = Harness(scenario_from_mapping(SCENARIO))
    try:
        analytics = harness.launch().analytics
        analytics.identify("bench-user", {"email": "bench-user@example.com"})
        analytics.track("Order Completed", track_properties(0))
        events = [request for request in harness.trace.all_requests() if request.url.endswith("/events")]
        return events[-1].json
    finally:
        harness.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--tracks", type=int, default=200, help="track calls per timed round (default 200)")
    parser.add_argument("--repeats", type=int, default=9, help="timed rounds per variant; the median is reported (default 9)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds per variant before the timed ones (default 2)")
    parser.add_argument("--storage-dir", default=None,
                        help="also measure with the phone's storage directory created under this folder, such as /dev/shm")
    options = parser.parse_args()

    print_machine()
    scenario = scenario_from_mapping(SCENARIO)
    ignored = all_bare_check_ids()
    variants: dict[str, Callable[[], Harness]] = {
        "contracts on": lambda: Harness(scenario),
        "contracts ignored": lambda: Harness(scenario, ignore=ignored),
        "no contract listeners": lambda: UncheckedHarness(scenario),
    }
    if options.storage_dir:
        def on_storage_dir() -> Harness:
            with temporary_directory_root(options.storage_dir):
                return Harness(scenario)
        variants[f"contracts on, storage in {options.storage_dir}"] = on_storage_dir

    floor = Floor(captured_body())
    samples: dict[str, list[Sample]] = {"floor": [], **{name: [] for name in variants}}
    request_counts: set[int] = set()
    try:
        for round_number in range(options.warmup + options.repeats):
            floor_time = floor.per_request(options.tracks)
            times = {name: simulated_round(make, options.tracks) for name, make in variants.items()}
            if round_number < options.warmup:
                continue
            samples["floor"].append(floor_time)
            for name, (seconds, count) in times.items():
                samples[name].append(seconds)
                request_counts.add(count)
    finally:
        floor.close()

    results = {name: medians(values) for name, values in samples.items()}
    floor_result = results["floor"]
    print(f"{options.tracks} track calls per round, {options.repeats} timed rounds after {options.warmup} warm-up rounds; "
          f"Intercom requests per round: {sorted(request_counts)}")
    print(f"{'variant':<44} {'wall/request':>13} {'ratio':>7} {'range':>17} {'CPU/request':>12} {'ratio':>7}")
    for name, result in results.items():
        walls = [sample.wall for sample in samples[name]]
        print(f"{name:<44} {result.wall * 1e6:>10.0f} us {result.wall / floor_result.wall:>6.2f}x "
              f"{min(walls) * 1e6:>7.0f}-{max(walls) * 1e6:<6.0f} us {result.cpu * 1e6:>9.0f} us {result.cpu / floor_result.cpu:>6.2f}x")

    on, unchecked = results["contracts on"], results["no contract listeners"]
    ratio = on.wall / floor_result.wall
    verdict = "met" if ratio <= TARGET_RATIO else f"not met, {ratio / TARGET_RATIO:.1f}x over the target"
    print(f"contract checks: {(on.wall - unchecked.wall) * 1e6:.0f} us wall ({(on.wall - unchecked.wall) / on.wall:.0%}), "
          f"{(on.cpu - unchecked.cpu) * 1e6:.0f} us CPU ({(on.cpu - unchecked.cpu) / on.cpu:.0%}) per simulated request")
    print(f"target: at most {TARGET_RATIO}x the floor (wall medians); measured {ratio:.2f}x: {verdict}")
    print_json({
        "benchmark": "request_overhead",
        "wall_us": {name: result.wall * 1e6 for name, result in results.items()},
        "cpu_us": {name: result.cpu * 1e6 for name, result in results.items()},
        "ratio": ratio,
    })


if __name__ == "__main__":
    main()
