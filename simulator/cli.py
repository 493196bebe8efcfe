"""Command line: ``python -m simulator run FILE... [options]`` and ``python -m simulator fuzz [options]``.

Exit codes: 0 when every expectation and contract holds, 1 when a scenario fails, 2 for
invalid input or usage (the message names the file, line, column, key and a fix).
"""

from __future__ import annotations

import argparse
import difflib
import logging
import sys
from pathlib import Path

from simulator.errors import ScenarioError, SimulatorError, UsageError
from simulator.faults import faults_from_scenario
from simulator.harness import build_checker, resolve_quirks
from simulator.intercom.profiles import PROFILES
from simulator.report.json_report import render_json
from simulator.report.snapshot import compare_snapshot, snapshot_folder_for
from simulator.report.stale import stale_snapshots
from simulator.report.text import render_text, rerun_command
from simulator.scenario.loader import load_scenario
from simulator.scenario.runner import RunResult, run_scenario

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2

logger = logging.getLogger("simulator.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        if "Fix:" not in message:
            message += f". Fix: see '{self.prog} --help' for the valid arguments."
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m simulator", description="Simulated iPhone and contract harness for Segment's Intercom destination.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="run scenario files and print what happened")
    run.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files, or folders searched for *.yaml")
    run.add_argument("--seed", type=_seed, help="override every scenario's seed (an integer from 0 to 2**63-1)")
    run.add_argument("--format", choices=("text", "json"), default="text", help="output format on stdout (default: text)")
    run.add_argument("--junit-xml", metavar="PATH", help="also write a JUnit XML report with one test case per scenario")
    run.add_argument("--profile", type=_profile, metavar="{" + ",".join(sorted(PROFILES)) + "}",
                     help="plugin behavior profile to use instead of each scenario's")
    run.add_argument("--select", action="append", default=[], metavar="CHECK",
                     help="report only these contract checks (a check id such as amount-integer-cents, or contract/check); repeatable")
    run.add_argument("--ignore", action="append", default=[], metavar="CHECK",
                     help="do not report these contract checks; repeatable")
    run.add_argument("--update-snapshots", action="store_true",
                     help="write new and changed snapshots (fixtures/snapshots, or snapshots/ beside the scenario), and delete stale ones")

    fuzz = commands.add_parser("fuzz", help="search generated scenarios for contract violations and write reproducers")
    fuzz.add_argument("--profile", type=_profile, default="swift-1.0.1", help="plugin behavior profile to fuzz (default: swift-1.0.1)")
    fuzz.add_argument("--examples", type=_positive_int, default=200, help="number of generated scenarios to run (default: 200)")
    fuzz.add_argument("--seed", type=_seed, default=0, help="seed of the search, so a run can be repeated (default: 0)")
    fuzz.add_argument("--out", metavar="DIR", help="folder to write one reproducer scenario YAML per failure into")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except SimulatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID


def _run(args: argparse.Namespace) -> int:
    if args.command == "fuzz":
        from simulator.fuzz import main as fuzz_main

        out = Path(args.out) if args.out else None
        if out is not None and out.exists() and not out.is_dir():
            raise UsageError(f"--out {args.out}: is a file. Fix: give a folder path.")
        return fuzz_main(args.profile, args.examples, args.seed, out)

    scenarios = [load_scenario(path) for path in _scenario_paths(args.files)]
    junit_path = _junit_path(args.junit_xml) if args.junit_xml is not None else None
    # Check what the harness would reject at the start of each run, so that an invalid
    # scenario stops the command before any scenario runs.
    _reject_shared_snapshots(scenarios)
    for scenario in scenarios:
        resolve_quirks(scenario, args.profile or scenario.plugin["profile"])
        faults_from_scenario(scenario)
        build_checker(scenario, args.select, args.ignore)

    results = [
        run_scenario(scenario, seed=args.seed, profile=args.profile, select=args.select, ignore=args.ignore)
        for scenario in scenarios
    ]
    try:
        snapshot_lines = _compare_snapshots(results, update=args.update_snapshots)
    except OSError as error:
        raise UsageError(f"{error.filename}: the snapshot could not be written: {error.strerror}. "
                         "Fix: make the snapshots folder writable.") from None

    if args.format == "json":
        sys.stdout.write(render_json(results))
    else:
        for result in results:
            sys.stdout.write(render_text(result) + "\n")
        if len(results) > 1:
            sys.stdout.write(_overall_summary(results))
    for line in snapshot_lines:
        print(line, file=sys.stderr if args.format == "json" else sys.stdout)

    if junit_path is not None:
        from simulator.report.junit import write_junit

        try:
            write_junit(results, junit_path)
        except OSError as error:
            reason = error.strerror or str(error)
            raise UsageError(f"--junit-xml {args.junit_xml}: the report cannot be written: {reason}. Fix: choose a writable path.") from None

    return EXIT_OK if all(result.passed for result in results) else EXIT_FAILED


def _reject_shared_snapshots(scenarios: list) -> None:
    """Raise when two scenarios of this run would write the same snapshot file."""
    owners: dict[Path, str] = {}
    for scenario in scenarios:
        if not scenario.snapshot:
            continue
        path = snapshot_folder_for(scenario.file) / f"{scenario.name}.json"
        if path in owners:
            raise ScenarioError(scenario.location("name"),
                                f"scenario name {scenario.name!r} is also used by {owners[path]}, so both would share one snapshot.",
                                "give each scenario with snapshot: true its own name.")
        owners[path] = scenario.file


def _compare_snapshots(results: list[RunResult], *, update: bool) -> list[str]:
    """Compare each result with its snapshot and return one line per write and stale file."""
    lines: list[str] = []
    folders: set[Path] = set()
    for result in results:
        if not result.scenario.snapshot:
            continue
        folder = snapshot_folder_for(result.scenario.file)
        folders.add(folder)
        result.snapshot = compare_snapshot(result, folder, update=update)
        if result.snapshot.status in ("written", "updated"):
            lines.append(f"snapshot {result.snapshot.status}: {_display(result.snapshot.path)}")

    for folder in sorted(folders):
        for path in stale_snapshots(folder):
            if update:
                path.unlink()
                lines.append(f"stale snapshot removed: {_display(path)}")
            else:
                lines.append(f"stale snapshot (no scenario uses it): {_display(path)}; run with --update-snapshots to remove it")
    return lines


def _display(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _scenario_paths(arguments: list[str]) -> list[Path]:
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(path.rglob("*.yaml"))
            if not found:
                raise UsageError(f"{argument}: the folder contains no *.yaml scenario files. Fix: name a scenario file or a folder that has some.")
            paths.extend(found)
        else:
            paths.append(path)
    return paths


def _junit_path(argument: str) -> Path:
    if not argument:
        raise UsageError("--junit-xml is empty. Fix: give a file path such as scenarios.xml.")
    path = Path(argument)
    if path.is_dir():
        raise UsageError(f"--junit-xml {argument}: is a folder. Fix: give a file path such as {path / 'scenarios.xml'}.")
    if not path.parent.exists():
        raise UsageError(f"--junit-xml {argument}: the folder {path.parent} does not exist. Fix: create it or choose another path.")
    if not path.parent.is_dir():
        raise UsageError(f"--junit-xml {argument}: {path.parent} is a file, not a folder. Fix: choose a path inside a folder.")
    return path


def _overall_summary(results: list[RunResult]) -> str:
    failed = [result for result in results if not result.passed]
    lines = [f"{len(results) - len(failed)} passed, {len(failed)} failed"]
    lines.extend(f"  rerun: {rerun_command(result)}" for result in failed)
    return "\n".join(lines) + "\n"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid count {text!r}: not an integer. Fix: give a whole number such as 200") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid count {text!r}: must be at least 1. Fix: give a whole number such as 200")
    return value


def _seed(text: str) -> int:
    fix = "Fix: give an integer from 0 to 2**63-1 (9223372036854775807), such as --seed 7."
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid seed {text!r}: not an integer. {fix}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"invalid seed {text!r}: out of range. {fix}")
    return value


def _profile(text: str) -> str:
    if text in PROFILES:
        return text
    names = sorted(PROFILES)
    suggestion = difflib.get_close_matches(text, names, n=1)
    fix = f"did you mean {suggestion[0]!r}?" if suggestion else "use one of " + ", ".join(names) + "."
    raise argparse.ArgumentTypeError(f"unknown profile {text!r}. Fix: {fix}")
