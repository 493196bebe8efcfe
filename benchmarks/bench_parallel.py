"""Scale-out of the fleet suite with pytest-xdist: ``pytest -n 2`` against a serial run.

Runs ``benchmarks/test_fleet.py`` (one test per device, ``FLEET_DEVICES`` devices) as a
subprocess, serially with ``-n 0`` (xdist loaded, no workers) and with
``-n WORKERS --dist load``, alternating the order in each round. It reports the median
wall time of each, the devices per second, and the throughput ratio
(serial time / parallel time). Both runs include pytest's start-up, and the parallel run
also the start-up of its workers. To show that fixed cost, each round also runs both
modes on a 2-device suite, and the script reports the ratio of the differences, which
estimates the scale-out of a suite long enough for start-up not to matter. The CPU time
of each run (its processes and xdist workers) shows how many CPUs it kept busy.

Usage: python benchmarks/bench_parallel.py [--devices 200] [--workers 2] [--repeats 3] [--disable-unused-plugins]
"""

from __future__ import annotations

import argparse
import os
import sys

from benchkit import median, print_json, print_machine, timed_subprocess_with_cpu

TARGET_RATIO = 1.7
SUITE = "benchmarks/test_fleet.py"
STARTUP_DEVICES = 2
# Installed pytest plugins that the fleet suite does not use. Each pytest process, and so
# each xdist worker, imports them at start-up (hypothesis and faker take seconds).
UNUSED_PLUGINS = ("hypothesispytest", "faker", "benchmark")


def pytest_command(workers: int, disable_unused_plugins: bool) -> list[str]:
    distribution = ["-n", "0"] if workers == 0 else ["-n", str(workers), "--dist", "load"]
    plugins = [argument for name in UNUSED_PLUGINS for argument in ("-p", f"no:{name}")] if disable_unused_plugins else []
    # The suite is marked slow, and the repository's addopts deselect slow tests unless -m selects them.
    return [sys.executable, "-m", "pytest", SUITE, "-q", "-m", "slow", "-p", "no:cacheprovider", *plugins, *distribution]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--devices", type=int, default=200, help="tests (devices) in the suite (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="xdist workers of the parallel run (default 2)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each; the median is reported (default 3)")
    parser.add_argument("--disable-unused-plugins", action="store_true",
                        help=f"pass -p no:NAME for the installed plugins the suite does not use ({', '.join(UNUSED_PLUGINS)})")
    options = parser.parse_args()

    print_machine()
    runs: dict[tuple[int, int], list[float]] = {}
    cpu_times: dict[tuple[int, int], list[float]] = {}
    for round_number in range(options.repeats):
        modes = [0, options.workers] if round_number % 2 == 0 else [options.workers, 0]
        for devices in (options.devices, STARTUP_DEVICES):
            for workers in modes:
                command = pytest_command(workers, options.disable_unused_plugins)
                elapsed, cpu, exit_code = timed_subprocess_with_cpu(command, env={**os.environ, "FLEET_DEVICES": str(devices)})
                if exit_code != 0:
                    raise SystemExit(f"FLEET_DEVICES={devices} {' '.join(command)} exited with {exit_code}; run it by hand to see the failures")
                runs.setdefault((devices, workers), []).append(elapsed)
                cpu_times.setdefault((devices, workers), []).append(cpu)
                mode = "serial" if workers == 0 else f"-n {workers}"
                print(f"round {round_number + 1}: {devices} devices, {mode}: {elapsed:.1f} s wall, {cpu:.1f} s CPU", flush=True)

    serial, parallel = median(runs[(options.devices, 0)]), median(runs[(options.devices, options.workers)])
    serial_startup, parallel_startup = median(runs[(STARTUP_DEVICES, 0)]), median(runs[(STARTUP_DEVICES, options.workers)])
    ratio = serial / parallel
    steady_ratio = (serial - serial_startup) / (parallel - parallel_startup)
    verdict = "met" if ratio >= TARGET_RATIO else f"not met, {TARGET_RATIO - ratio:.2f} below the target"
    plugins = "unused plugins disabled" if options.disable_unused_plugins else "all installed plugins loaded"
    print(f"{options.devices} devices ({options.devices * 100} events), {options.repeats} runs each, {plugins}")
    serial_cpu, parallel_cpu = median(cpu_times[(options.devices, 0)]), median(cpu_times[(options.devices, options.workers)])
    # CPU seconds per wall second: how many CPUs a run kept busy on average.
    print(f"serial (-n 0):       {serial:6.1f} s, {options.devices / serial:.2f} devices/s, "
          f"{serial_cpu:.1f} s CPU ({serial_cpu / serial:.2f} CPUs busy)")
    print(f"parallel (-n {options.workers}):     {parallel:6.1f} s, {options.devices / parallel:.2f} devices/s, "
          f"{parallel_cpu:.1f} s CPU ({parallel_cpu / parallel:.2f} CPUs busy)")
    print(f"{STARTUP_DEVICES}-device runs (start-up cost): serial {serial_startup:.1f} s, -n {options.workers} {parallel_startup:.1f} s")
    print(f"throughput ratio: {ratio:.2f}x; target at least {TARGET_RATIO}x: {verdict}")
    print(f"ratio without the start-up cost (an estimate for long suites): {steady_ratio:.2f}x")
    print_json({"benchmark": "parallel", "devices": options.devices, "workers": options.workers,
                "serial_s": serial, "parallel_s": parallel, "ratio": ratio, "cpus": os.cpu_count(),
                "serial_cpu_s": serial_cpu, "parallel_cpu_s": parallel_cpu, "serial_startup_s": serial_startup, "parallel_startup_s": parallel_startup, "steady_ratio": steady_ratio,
                "disable_unused_plugins": options.disable_unused_plugins})


if __name__ == "__main__":
    main()
