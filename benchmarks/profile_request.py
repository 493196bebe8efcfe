"""Profile the hot path of the per-request benchmark with cProfile.

Runs the same launched, identified harness as ``bench_request_overhead.py`` and profiles
a batch of ``analytics.track`` calls. It prints the functions with the largest
cumulative and own time, and the own time summed per layer (simulator package, library
or system call), each as a share of the profiled time. cProfile adds its own overhead
per Python call, so shares are more reliable than absolute times.

Usage: python benchmarks/profile_request.py [--tracks 300] [--storage-dir /dev/shm] [--what-if] [--output track.prof]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
from collections import defaultdict

from bench_request_overhead import SCENARIO, WARMUP_TRACKS, temporary_directory_root, track_properties
from bench_what_if import all_patches
from benchkit import print_machine

from simulator.harness import Harness
from simulator.scenario.loader import scenario_from_mapping

# Own time is summed under the first label whose marker occurs in the function's file
# name; built-in functions (file "~") are labelled by their name.
LAYERS = (
    ("simulator/device/storage.py", "simulator UserDefaults and storage"),
    ("simulator/contracts/", "simulator contract checks"),
    ("simulator/intercom/", "simulator Intercom SDK and plugin"),
    ("simulator/fake_intercom/", "simulator fake workspace"),
    ("simulator/sdk/", "simulator analytics-swift"),
    ("simulator/", "simulator, other modules"),
    ("/httpx/", "httpx"),
    ("/httpcore/", "httpx"),
    ("/respx/", "respx"),
    ("/jsonschema", "jsonschema and referencing"),
    ("/referencing/", "jsonschema and referencing"),
    ("/json/", "json (standard library)"),
    ("/copy.py", "copy.deepcopy (standard library)"),
    ("/tempfile.py", "tempfile (standard library)"),
    ("/pathlib.py", "pathlib (standard library)"),
    ("/dataclasses.py", "dataclasses (standard library)"),
)
FILE_SYSTEM_BUILTINS = ("posix.", "io.open", "_io.", "of '_io.")


def layer_of(file_name: str, function_name: str) -> str:
    if file_name == "~":
        if any(marker in function_name for marker in FILE_SYSTEM_BUILTINS):
            return "file system calls (open, replace, mkdir, stat, write)"
        return "other built-in functions"
    for marker, label in LAYERS:
        if marker in file_name:
            return label
    return "other Python code"


def profile_tracks(tracks: int, storage_dir: str | None) -> cProfile.Profile:
    """Profile ``tracks`` track calls on a launched, identified harness and return the profiler."""
    with temporary_directory_root(storage_dir):
        harness = Harness(scenario_from_mapping(SCENARIO))
    try:
        analytics = harness.launch().analytics
        analytics.identify("bench-user", {"email": "bench-user@example.com", "name": "Bench User"})
        for number in range(WARMUP_TRACKS):
            analytics.track("Order Completed", track_properties(number))

        profiler = cProfile.Profile()
        profiler.enable()
        for number in range(tracks):
            analytics.track("Order Completed", track_properties(number))
        profiler.disable()
    finally:
        harness.close()
    return profiler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--tracks", type=int, default=300, help="profiled track calls (default 300)")
    parser.add_argument("--top", type=int, default=25, help="rows per table (default 25)")
    parser.add_argument("--storage-dir", default=None, help="create the phone's storage directory under this folder, such as /dev/shm")
    parser.add_argument("--output", default=None, help="also write the raw profile to this file, for snakeviz or pstats")
    parser.add_argument("--what-if", action="store_true",
                        help="profile with the three candidate optimizations of bench_what_if.py patched in")
    options = parser.parse_args()

    print_machine()
    with contextlib.ExitStack() as patches:
        if options.what_if:
            patches.enter_context(all_patches())
        profiler = profile_tracks(options.tracks, options.storage_dir)

    stats = pstats.Stats(profiler)
    if options.output:
        stats.dump_stats(options.output)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"profiled {options.tracks} track calls: {total:.2f} s under cProfile, {total / options.tracks * 1e3:.2f} ms per call")

    by_layer: dict[str, float] = defaultdict(float)
    for (file_name, _line, function_name), (_calls, _primitive, own, _cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_layer[layer_of(file_name, function_name)] += own
    print("\nown time per layer:")
    for label, seconds in sorted(by_layer.items(), key=lambda item: -item[1]):
        print(f"  {seconds / total:6.1%}  {label}")

    print()
    stats.sort_stats("cumulative").print_stats(options.top)
    stats.sort_stats("tottime").print_stats(options.top)


if __name__ == "__main__":
    main()
