"""Throughput and memory of N simulated devices run one after another in one process.

Each device runs the 100-event scenario of ``fleet.py`` through ``run_scenario``, the
function the CLI and the pytest plugin use. Only its summary counts are kept, so the
harness, trace and workspace of a device can be freed when it finishes. Each N runs in a
fresh child process, so its peak memory is its own. The child reports:

- events per second over the whole run, and the median time of one device;
- resident memory (current RSS from /proc/self/statm, and peak RSS from
  ``resource.getrusage``) after 2 warm-up devices and after 10%, 50% and 100% of the
  devices, each after a full garbage collection. With ``--tracemalloc`` it also reports
  the Python heap that tracemalloc traces, which slows the run down, so that run's
  throughput is not comparable;
- the storage directories left behind in its private temporary folder (should be 0).

The ratios are the time per event over the floor (a bare httpx + respx request, timed
in the parent in the same run) and each N's throughput and peak memory over the
smallest N's.

Usage: python benchmarks/bench_fleet_throughput.py [--sizes 100 1000] [--large] [--tracemalloc] [--storage-dir DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchkit import REPOSITORY, median, medians, measure_floor, print_json, print_machine
from fleet import EVENTS_PER_DEVICE, run_device

DEFAULT_SIZES = (100, 1000)
LARGE_SIZE = 10_000
WARMUP_DEVICES = 2
# Warm-up devices get indices far beyond any fleet size, so they never repeat a timed device.
WARMUP_INDEX = 1_000_000
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def current_rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


def peak_rss_bytes() -> int:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def checkpoint(devices_done: int, traced: bool) -> dict[str, Any]:
    # A finished device's objects form reference cycles, so only the cyclic garbage
    # collector frees them. Collecting first makes the figures count live objects only.
    gc.collect()
    point = {"devices": devices_done, "rss": current_rss_bytes(), "peak_rss": peak_rss_bytes()}
    if traced:
        point["traced"], point["traced_peak"] = tracemalloc.get_traced_memory()
    return point


def run_child(devices: int, traced: bool) -> dict[str, Any]:
    """Run ``devices`` fleet devices in this process and return the figures, keeping nothing else."""
    for index in range(WARMUP_DEVICES):
        run_device(WARMUP_INDEX + index)
    if traced:
        tracemalloc.start()
    points = [checkpoint(0, traced)]
    marks = {max(1, devices // 10), max(1, devices // 2), devices}

    device_times: list[float] = []
    events = requests = 0
    failed: list[str] = []
    started = time.perf_counter()
    for index in range(devices):
        device_started = time.perf_counter()
        outcome = run_device(index)
        device_times.append(time.perf_counter() - device_started)
        events += outcome["events"]
        requests += outcome["requests"]
        if not outcome["passed"] or outcome["events"] != EVENTS_PER_DEVICE:
            failed.append(f"device {index}: {outcome['failures'][:2]}")
        if index + 1 in marks:
            points.append(checkpoint(index + 1, traced))
    wall = time.perf_counter() - started

    leftovers = [entry.name for entry in Path(tempfile.gettempdir()).iterdir()]
    return {
        "devices": devices,
        "events": events,
        "requests": requests,
        "wall": wall,
        "median_device": median(device_times),
        "failed": failed[:5],
        "failed_count": len(failed),
        "checkpoints": points,
        "leftover_entries": len(leftovers),
        "traced": traced,
    }


def run_size(devices: int, traced: bool, storage_root: str | None) -> dict[str, Any]:
    """Run one fleet size in a child process with a private temporary folder."""
    private = tempfile.mkdtemp(prefix="fleet-bench-", dir=storage_root)
    try:
        environment = {**os.environ, "TMPDIR": private}
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(devices)] + (["--tracemalloc"] if traced else [])
        completed = subprocess.run(command, cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise SystemExit(f"the child for N={devices} failed with exit code {completed.returncode}:\n{completed.stderr[-3000:]}")
        return json.loads(completed.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(private, ignore_errors=True)


def megabytes(value: int) -> str:
    return f"{value / 2**20:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="fleet sizes to run (default 100 1000)")
    parser.add_argument("--large", action="store_true", help=f"also run N={LARGE_SIZE:,}, which takes hours on a 2-CPU machine")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap (slower; throughput not comparable)")
    parser.add_argument("--storage-dir", default=None, help="create the devices' storage under this folder, such as /dev/shm")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.child is not None:
        print(json.dumps(run_child(options.child, options.tracemalloc)))
        return

    print_machine()
    sizes = sorted(set(options.sizes) | ({LARGE_SIZE} if options.large else set()))
    floor = medians(measure_floor({"event_name": "Order Completed", "created_at": 1768467600, "user_id": "user-000000",
                                   "metadata": {"sku": "sku-001", "quantity": 2, "price": {"amount": 1250, "currency": "USD"}}}))
    print(f"floor: {floor.wall * 1e6:.0f} us per bare httpx + respx request (median of 9 rounds of 200)")

    results = []
    for devices in sizes:
        result = run_size(devices, options.tracemalloc, options.storage_dir)
        results.append(result)
        rate = result["events"] / result["wall"]
        print(f"N={devices}: {result['events']} events in {result['wall']:.1f} s, {rate:.1f} events/s, "
              f"{result['failed_count']} failed devices, {result['leftover_entries']} leftover temporary entries", flush=True)
        for failure in result["failed"]:
            print(f"  {failure}")

    smallest = results[0]
    smallest_rate = smallest["events"] / smallest["wall"]
    smallest_peak = smallest["checkpoints"][-1]["peak_rss"]
    print(f"\n{'N':>6} {'events/s':>9} {'vs N=' + str(smallest['devices']):>9} {'median device':>14} {'us/event':>9} "
          f"{'vs floor':>9} {'peak RSS':>10} {'vs N=' + str(smallest['devices']):>9} {'RSS growth 10%->100%':>22}")
    for result in results:
        rate = result["events"] / result["wall"]
        per_event = result["wall"] / result["events"]
        points = result["checkpoints"]
        tenth, last = points[1], points[-1]
        span = last["devices"] - tenth["devices"]
        growth = (last["rss"] - tenth["rss"]) / span / 1024 if span else 0.0
        print(f"{result['devices']:>6} {rate:>9.1f} {rate / smallest_rate:>8.2f}x {result['median_device'] * 1e3:>11.0f} ms "
              f"{per_event * 1e6:>9.0f} {per_event / floor.wall:>8.1f}x {megabytes(last['peak_rss']):>10} "
              f"{last['peak_rss'] / smallest_peak:>8.2f}x {growth:>15.2f} KB/device")

    print("\nmemory checkpoints (devices done: current RSS / peak RSS" + (" / traced heap / traced peak" if options.tracemalloc else "") + "):")
    for result in results:
        cells = []
        for point in result["checkpoints"]:
            cell = f"{point['devices']}: {megabytes(point['rss'])} / {megabytes(point['peak_rss'])}"
            if "traced" in point:
                cell += f" / {megabytes(point['traced'])} / {megabytes(point['traced_peak'])}"
            cells.append(cell)
        print(f"  N={result['devices']}: " + "; ".join(cells))
    if options.tracemalloc:
        print("throughput above was measured under tracemalloc and is slower than without it.")

    print_json({"benchmark": "fleet_throughput", "floor_us": floor.wall * 1e6, "tracemalloc": options.tracemalloc,
                "storage_dir": options.storage_dir, "results": results})


if __name__ == "__main__":
    main()
