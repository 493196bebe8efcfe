"""Shared parts of the benchmark scripts: timing, the bare-request floor and the machine report.

Every script prints a figure together with its ratio to a baseline measured in the same
process run, because absolute times on a shared machine mean little on their own.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import respx

REPOSITORY = Path(__file__).resolve().parent.parent

# Benchmark the checkout these scripts are in, even when the installed editable package
# points at another copy. Scripts import this module before they import simulator.
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

# A request as the simulated Intercom SDK sends it for a tracked purchase: the floor
# benchmarks post the same headers and body, so both sides encode and send the same bytes.
EVENTS_URL = "https://api.intercom.io/events"
FLOOR_HEADERS = {
    "Authorization": "Bearer ios_sdk-bench0key0000",
    "Intercom-Version": "2.11",
    "Accept": "application/json",
    "Content-Type": "application/json",
}


def machine() -> dict[str, Any]:
    """Return what a benchmark record needs about the machine it ran on."""
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "cpu": cpu_model,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def print_machine() -> None:
    info = machine()
    load = info["load_average"]
    load_text = "n/a" if load is None else " ".join(f"{value:.2f}" for value in load)
    print(f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, {info['date']}, load average {load_text}")
    package = sys.modules.get("simulator")
    if package is not None:
        print(f"simulator package: {Path(package.__file__ or '').parent}")


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass(frozen=True)
class Sample:
    """One timed round: wall seconds (``time.perf_counter``) and this process's CPU seconds (``time.process_time``).

    The CPU time leaves out the time the process waited for a CPU, so it varies less than
    the wall time when other jobs share the machine.
    """

    wall: float
    cpu: float


def medians(samples: list[Sample]) -> Sample:
    return Sample(median([sample.wall for sample in samples]), median([sample.cpu for sample in samples]))


class Floor:
    """The fastest request the simulator could make: a bare httpx client on a respx route returning 202."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.router = respx.Router(assert_all_called=False, assert_all_mocked=True)
        self.router.post(EVENTS_URL).respond(202)
        self.client = httpx.Client(transport=httpx.MockTransport(self.router.handler))

    def per_request(self, count: int) -> Sample:
        """Send ``count`` requests and return the mean wall and CPU seconds per request."""
        client, body = self.client, self.body
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(count):
            client.post(EVENTS_URL, json=body, headers=FLOOR_HEADERS)
        return Sample((time.perf_counter() - started) / count, (time.process_time() - cpu_started) / count)

    def close(self) -> None:
        self.client.close()


def measure_floor(body: Any, *, count: int = 200, warmup: int = 2, repeats: int = 9) -> list[Sample]:
    """Return ``repeats`` per-request times of the floor, after ``warmup`` discarded rounds."""
    floor = Floor(body)
    try:
        samples = [floor.per_request(count) for _ in range(warmup + repeats)]
    finally:
        floor.close()
    return samples[warmup:]


def timed_subprocess(command: list[str], *, env: dict[str, str] | None = None, cwd: Path = REPOSITORY) -> tuple[float, int]:
    """Run ``command`` with its output discarded and return its wall time in seconds and its exit code."""
    wall, _cpu, exit_code = timed_subprocess_with_cpu(command, env=env, cwd=cwd)
    return wall, exit_code


def timed_subprocess_with_cpu(command: list[str], *, env: dict[str, str] | None = None,
                              cwd: Path = REPOSITORY) -> tuple[float, float, int]:
    """Run ``command`` with its output discarded; return its wall seconds, CPU seconds and exit code.

    The CPU time is user plus system time of the process and of the descendants it waited
    for (``RUSAGE_CHILDREN``), so it includes pytest-xdist's workers.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, completed.returncode


def print_json(record: dict[str, Any]) -> None:
    """Print ``record`` as one JSON line prefixed with ``result:``, for scripts that collect figures."""
    print("result: " + json.dumps(record, sort_keys=True))

