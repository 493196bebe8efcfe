"""Start-up time of the CLI, as a ratio to importing its four dependencies.

Runs, as subprocesses and in alternating order, ``python -m simulator run
fixtures/scenarios/segment-doc-examples.yaml`` and the baseline
``python -c "import httpx, respx, yaml, jsonschema"``, and reports the median wall time
of each. Then it runs the CLI once under ``python -X importtime`` and reports whether
faker or hypothesis (test-only dependencies) were imported, and the largest import costs.

Usage: python benchmarks/bench_startup.py [--repeats 10] [--warmup 2] [--top 15]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

from benchkit import REPOSITORY, median, print_json, print_machine, timed_subprocess

TARGET_RATIO = 2.0
SCENARIO = "fixtures/scenarios/segment-doc-examples.yaml"
CLI = [sys.executable, "-m", "simulator", "run", SCENARIO]
BASELINE = [sys.executable, "-c", "import httpx, respx, yaml, jsonschema"]
FORBIDDEN = ("faker", "hypothesis")

# Times the CLI's phases in one fresh interpreter, with the functions the CLI calls.
PHASES_SCRIPT = """
import json, sys, time
clock = time.perf_counter
started = clock()
from simulator import cli
from simulator.contracts.loader import load_contracts
from simulator.report.snapshot import compare_snapshot, snapshot_folder_for
from simulator.report.stale import stale_snapshots
from simulator.report.text import render_text
from simulator.scenario.loader import load_scenario
from simulator.scenario.runner import run_scenario
phases = {"import simulator.cli": clock() - started}
mark = clock()
scenario = load_scenario(sys.argv[1])
phases["load the scenario"] = clock() - mark
mark = clock()
load_contracts()
phases["load the contracts (first call)"] = clock() - mark
mark = clock()
result = run_scenario(scenario)
phases["run the scenario"] = clock() - mark
mark = clock()
folder = snapshot_folder_for(scenario.file)
compare_snapshot(result, folder, update=False)
phases["compare the snapshot"] = clock() - mark
mark = clock()
stale_snapshots(folder)
phases["look for stale snapshots"] = clock() - mark
mark = clock()
render_text(result)
phases["render the text report"] = clock() - mark
print(json.dumps(phases))
"""

IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$")


def import_times(command: list[str]) -> list[tuple[str, int, int, int]]:
    """Run ``command`` with ``-X importtime``; return (module, own us, cumulative us, depth) per import."""
    traced = [command[0], "-X", "importtime", *command[1:]]
    completed = subprocess.run(traced, cwd=REPOSITORY, capture_output=True, text=True, check=False)
    rows = []
    for line in completed.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            own, cumulative, indent, module = match.groups()
            rows.append((module, int(own), int(cumulative), len(indent) // 2))
    return rows


def phase_times(repeats: int) -> dict[str, float]:
    """Return the median seconds of each CLI phase over ``repeats`` fresh interpreters."""
    runs: list[dict[str, float]] = []
    for _ in range(repeats):
        completed = subprocess.run([sys.executable, "-c", PHASES_SCRIPT, SCENARIO], cwd=REPOSITORY,
                                   capture_output=True, text=True, check=True)
        runs.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    return {phase: median([run[phase] for run in runs]) for phase in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=10, help="timed runs of each command; the median is reported (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each command first, to fill the page cache (default 2)")
    parser.add_argument("--top", type=int, default=15, help="import rows to list (default 15)")
    options = parser.parse_args()

    print_machine()
    cli_times: list[float] = []
    baseline_times: list[float] = []
    for round_number in range(options.warmup + options.repeats):
        # Alternate which command runs first, so neither always gets the warmer cache.
        pair = [(CLI, cli_times), (BASELINE, baseline_times)]
        for command, times in pair if round_number % 2 == 0 else reversed(pair):
            elapsed, exit_code = timed_subprocess(command)
            if exit_code != 0:
                raise SystemExit(f"{' '.join(command)} exited with {exit_code}; run it by hand to see why")
            if round_number >= options.warmup:
                times.append(elapsed)

    cli, baseline = median(cli_times), median(baseline_times)
    ratio = cli / baseline
    verdict = "met" if ratio <= TARGET_RATIO else f"not met, {ratio / TARGET_RATIO:.2f}x over the target"
    print(f"{'command':<58} {'median':>9} {'range':>15}")
    for label, value, times in (("python -m simulator run " + SCENARIO, cli, cli_times),
                                ('python -c "import httpx, respx, yaml, jsonschema"', baseline, baseline_times)):
        print(f"{label:<58} {value * 1e3:>6.0f} ms {min(times) * 1e3:>6.0f}-{max(times) * 1e3:.0f} ms")
    print(f"ratio: {ratio:.2f}x over {options.repeats} runs each; target at most {TARGET_RATIO}x: {verdict}")

    phases = phase_times(max(3, options.repeats // 2))
    print(f"\nphases of the CLI, each timed in-process (median of {max(3, options.repeats // 2)} fresh interpreters):")
    for phase, seconds in phases.items():
        print(f"  {seconds * 1e3:7.0f} ms  {phase}")

    rows = import_times(CLI)
    forbidden = sorted({module for module, *_ in rows if module.split(".")[0] in FORBIDDEN})
    print(f"\nfaker or hypothesis imported by the CLI: {', '.join(forbidden) if forbidden else 'no'}")
    baseline_modules = {module for module, *_ in import_times(BASELINE)}
    extra = [row for row in rows if row[0] not in baseline_modules]
    print(f"modules imported: {len(rows)} by the CLI, {len(baseline_modules)} by the baseline; "
          f"import time of the CLI's extra modules: {sum(own for _, own, _, _ in extra) / 1e3:.0f} ms (own times summed)")

    print("\nlargest cumulative import costs of the CLI (top-level imports, one -X importtime run):")
    top_level = sorted((row for row in rows if row[3] == 0), key=lambda row: -row[2])
    for module, _own, cumulative, _depth in top_level[:options.top]:
        print(f"  {cumulative / 1e3:7.1f} ms  {module}")
    print("\nlargest own import costs of the CLI (any depth):")
    for module, own, _cumulative, depth in sorted(rows, key=lambda row: -row[1])[:options.top]:
        print(f"  {own / 1e3:7.1f} ms  {module} (depth {depth})")
    print("\nlargest own import costs among modules the baseline does not import:")
    for module, own, _cumulative, depth in sorted(extra, key=lambda row: -row[1])[:options.top]:
        print(f"  {own / 1e3:7.1f} ms  {module} (depth {depth})")

    print_json({"benchmark": "startup", "cli_ms": cli * 1e3, "baseline_ms": baseline * 1e3, "ratio": ratio,
                "forbidden_imports": forbidden,
                "phases_ms": {phase: seconds * 1e3 for phase, seconds in phases.items()}})


if __name__ == "__main__":
    main()
