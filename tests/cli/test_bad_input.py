"""Invalid input to ``python -m simulator run``: a catalogue of bad files and options.

Every case must exit 2 with exactly one ``error:`` line on stderr that names the file,
line and column (where the problem has a line), the key path or the bad value, and a
``Fix:``. No traceback may reach the user, and no report or snapshot may be written.
Most cases call ``simulator.cli.main`` in-process; a few run a real subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from simulator import cli
from simulator.errors import ScenarioError
from simulator.scenario import loader
from simulator.scenario.loader import MAX_FILE_BYTES, MAX_STEPS, load_scenario

GOOD_SCENARIO = """\
name: good
snapshot: true
sdk: {writeKey: GOOD_WRITE_KEY_0001, trackApplicationLifecycleEvents: false}
settings:
  integrations:
    Intercom: {appId: goodapp1, mobileApiKey: ios_sdk-good0key}
steps:
  - launch
  - identify: {userId: u1}
"""


@dataclass(frozen=True)
class Bad:
    """One invalid scenario file and what its error message must name."""

    content: str | bytes
    line: int | None
    """1-based line of the error, or None when the problem has no line."""
    column: int | None
    key: str
    """Dotted key path of the error, or "" when the problem is not at a key."""
    shows: tuple[str, ...] = ()
    """Further text the message must contain, such as the bad value or the suggested key."""
    at_load: bool = True
    """Whether load_scenario rejects it. Quirks and faults are checked by the CLI before any run."""


FILES: dict[str, Bad] = {
    "empty": Bad(b"", None, None, "", ("no YAML document",)),
    "comment_only": Bad("# nothing here\n", None, None, "", ("no YAML document",)),
    "unclosed_list": Bad("key: [unclosed\n", 2, 1, "", ("not valid YAML", "expected ',' or ']'")),
    "unclosed_quote": Bad('name: "demo\nsteps: [launch]\n', 3, 1, "", ("not valid YAML", "quoted scalar")),
    "tab_indent": Bad("steps:\n\t- launch\n", 2, 1, "", ("'\\t'", "replace the tab with spaces")),
    "top_level_list": Bad("- launch\n- flush\n", 1, 1, "", ("must be a mapping", "['launch', 'flush']")),
    "top_level_string": Bad("launch\n", 1, 1, "", ("must be a mapping", "'launch'")),
    "unknown_top_key": Bad("nmae: demo\nsteps: [launch]\n", 1, 1, "nmae", ("did you mean 'name'?",)),
    "unknown_nested_key": Bad("sdk:\n  writeKye: abc\nsteps: [launch]\n", 2, 3, "sdk.writeKye", ("did you mean 'writeKey'?",)),
    "unknown_step_key": Bad(
        "steps:\n  - track: {evnt: Signed Up}\n", 2, 13, "steps.0.track.evnt", ("did you mean 'event'?",)
    ),
    "unknown_step_kind": Bad("steps:\n  - launch\n  - trak: {event: A}\n", 3, 5, "steps.1.trak", ("did you mean 'track'?",)),
    "missing_steps": Bad("name: demo\n", 1, 1, "steps", ("missing the required key 'steps'",)),
    "seed_text": Bad("seed: seven\nsteps: [launch]\n", 1, 7, "seed", ("'seven'", "write an integer")),
    "seed_too_big": Bad(f"seed: {2**63}\nsteps: [launch]\n", 1, 7, "seed", (str(2**63),)),
    "flush_at_bool": Bad("sdk: {flushAt: yes}\nsteps: [launch]\n", 1, 16, "sdk.flushAt", ("not True",)),
    "steps_string": Bad("steps: launch\n", 1, 8, "steps", ("non-empty list", "'launch'")),
    "version_number": Bad(
        "steps:\n  - launch\n  - update_app: {version: 1.10, build: '2'}\n",
        3,
        27,
        "steps.1.update_app.version",
        ('quote it: "1.10"',),
    ),
    "network_unknown": Bad("steps:\n  - network: ofline\n", 2, 14, "steps.0.network", ("'ofline'", "did you mean 'offline'?")),
    "duration_sec": Bad("steps:\n  - launch\n  - advance: 30 sec\n", 3, 14, "steps.1.advance", ("'30 sec'", "30s")),
    "duration_words": Bad("steps:\n  - advance: 1.5 hours\n", 2, 14, "steps.0.advance", ("'1.5 hours'", "1.5h")),
    "duration_bare_number": Bad("steps:\n  - advance: 30\n", 2, 14, "steps.0.advance", ('write "30s"',)),
    "duration_zero": Bad("steps:\n  - advance: 0s\n", 2, 14, "steps.0.advance", ("'0s'", "greater than zero")),
    "start_no_timezone": Bad(
        'start: "2026-01-15T09:00:00"\nsteps: [launch]\n', 1, 8, "start", ("'2026-01-15T09:00:00'", "add a timezone")
    ),
    "duplicate_top_key": Bad("steps: [launch]\nsteps: [flush]\n", 2, 1, "steps", ("written twice", "first on line 1")),
    "duplicate_nested_key": Bad(
        "sdk:\n  flushAt: 1\n  flushAt: 2\nsteps: [launch]\n", 3, 3, "sdk.flushAt", ("written twice", "first on line 2")
    ),
    "merge_key": Bad(
        "base: &base {flushAt: 1}\nsdk:\n  <<: *base\nsteps: [launch]\n", 3, 3, "sdk", ("merge key '<<'",)
    ),
    "number_key": Bad("1: one\nsteps: [launch]\n", 1, 1, "1", ('quote it: "1"',)),
    "python_name_tag": Bad(
        "steps: [launch]\nx: !!python/name:os.system ''\n", 2, 4, "x", ("'!!python/name:os.system'",)
    ),
    "binary_tag": Bad("steps: [launch]\nx: !!binary aGk=\n", 2, 4, "x", ("'!!binary'",)),
    "custom_tag": Bad("steps: [launch]\nx: !secret abc\n", 2, 4, "x", ("'!secret'",)),
    "deep_nesting": Bad("x: " + "[" * 150 + "]" * 150 + "\nsteps: [launch]\n", 1, 104, "x" + ".0" * 100, ("nested more than 100",)),
    "binary_nul": Bad(bytes(range(256)) * 4, 1, 1, "", ("NUL bytes",)),
    "binary_png": Bad(b"\x89PNG\r\n\x1a\nIHDR", 1, 1, "", ("0x89", "UTF-8")),
    "latin1": Bad("name: café\nsteps: [launch]\n".encode("latin-1"), 1, 10, "", ("0xe9", "save the file as UTF-8")),
    "utf16": Bad("steps: [launch]\n".encode("utf-16"), 1, 1, "", ("UTF-16", "save the file as UTF-8")),
    "control_character": Bad("name: a\x07b\nsteps: [launch]\n", 1, 8, "", ("'\\x07'",)),
    "snapshot_name_parent": Bad(
        "name: ../escape\nsnapshot: true\nsteps: [launch]\n", 1, 7, "name", ("'../escape'", "'/'", "'escape'")
    ),
    "snapshot_name_slash": Bad("name: a/b\nsnapshot: true\nsteps: [launch]\n", 1, 7, "name", ("'a/b'", "'a-b'")),
    "snapshot_name_backslash": Bad("name: a\\b\nsnapshot: true\nsteps: [launch]\n", 1, 7, "name", ("'\\\\'",)),
    "snapshot_name_nul": Bad('name: "a\\0b"\nsnapshot: true\nsteps: [launch]\n', 1, 7, "name", ("'\\x00'",)),
    "snapshot_name_long": Bad(
        f"name: {'x' * 201}\nsnapshot: true\nsteps: [launch]\n", 1, 7, "name", ("201 bytes", "shorter name")
    ),
    "profile_unknown": Bad(
        "plugin: {profile: swift}\nsteps: [launch]\n", 1, 10, "plugin.profile", ("'swift'", "'swift-1.0.1'"), at_load=False
    ),
    "quirk_unknown": Bad(
        "plugin: {quirks: {unrounded_cent: false}}\nsteps: [launch]\n",
        1,
        19,
        "plugin.quirks.unrounded_cent",
        ("'unrounded_cent'", "did you mean 'unrounded_cents'?"),
        at_load=False,
    ),
    "quirk_not_bool": Bad(
        "plugin: {quirks: {unrounded_cents: no thanks}}\nsteps: [launch]\n",
        1,
        36,
        "plugin.quirks.unrounded_cents",
        ("'no thanks'", "true or false"),
    ),
    "fault_bad_method": Bad(
        'intercom:\n  faults:\n    - {request: "FOO /events", status: 500, times: 1}\nsteps: [launch]\n',
        3,
        8,
        "intercom.faults.0.request",
        ("'FOO /events'", "POST /events"),
        at_load=False,
    ),
    "fault_no_slash": Bad(
        'intercom:\n  faults:\n    - {request: "POST events", status: 500, times: 1}\nsteps: [launch]\n',
        3,
        8,
        "intercom.faults.0.request",
        ("'POST events'",),
        at_load=False,
    ),
    "fault_status_and_error": Bad(
        'intercom:\n  faults:\n    - {request: "POST /events", status: 500, error: timeout, times: 1}\nsteps: [launch]\n',
        3,
        7,
        "intercom.faults.0",
        ("exactly one of 'status' and 'error'",),
        at_load=False,
    ),
    "fault_neither_status_nor_error": Bad(
        'intercom:\n  faults:\n    - {request: "POST /events", times: 1}\nsteps: [launch]\n',
        3,
        7,
        "intercom.faults.0",
        ("exactly one of 'status' and 'error'",),
        at_load=False,
    ),
    "fault_never_ends": Bad(
        'intercom:\n  faults:\n    - {request: "POST /events", status: 503}\nsteps: [launch]\n',
        3,
        7,
        "intercom.faults.0",
        ("'times'", "'from'/'until'"),
        at_load=False,
    ),
    "fault_status_200": Bad(
        'intercom:\n  faults:\n    - {request: "POST /events", status: 200, times: 1}\nsteps: [launch]\n',
        3,
        41,
        "intercom.faults.0.status",
        ("from 400 to 599", "not 200"),
    ),
    "fault_unknown_error": Bad(
        'intercom:\n  faults:\n    - {request: "POST /events", error: crash, times: 1}\nsteps: [launch]\n',
        3,
        40,
        "intercom.faults.0.error",
        ("'crash'", "'timeout'"),
    ),
    "fault_unknown_key": Bad(
        'intercom:\n  faults:\n    - {request: "POST /events", status: 503, time: 1}\nsteps: [launch]\n',
        3,
        46,
        "intercom.faults.0.time",
        ("did you mean 'times'?",),
    ),
}


def write(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path``, creating its folder, and return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def scenario_path(tmp_path: Path, name: str = "case.yaml") -> Path:
    """Return a path under ``fixtures/scenarios``, so snapshots would go to ``fixtures/snapshots``."""
    return tmp_path / "fixtures" / "scenarios" / name


def snapshot_files(tmp_path: Path) -> list[Path]:
    """Return every file below the snapshots folder that the scenarios under tmp_path use."""
    folder = tmp_path / "fixtures" / "snapshots"
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def run_main(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str, str]:
    """Run ``simulator.cli.main`` with ``run`` and ``arguments``; return the exit code, stdout and stderr."""
    try:
        code = cli.main(["run", *map(str, arguments)])
    except SystemExit as exit_:
        code = exit_.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_rejected(code: int, out: str, err: str, tmp_path: Path, report: Path) -> str:
    """Check the common rules of a rejected command and return its one error line."""
    assert code == 2
    assert len(error_lines(err)) == 1, err
    assert "Fix:" in error_lines(err)[0]
    assert "Traceback" not in err
    assert "Traceback" not in out
    assert out == ""
    assert not report.exists()
    assert snapshot_files(tmp_path) == []
    return error_lines(err)[0]


# The catalogue of bad files, through the command line


@pytest.mark.parametrize("case", list(FILES))
def test_bad_file_cli(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = FILES[case]
    path = write(scenario_path(tmp_path), bad.content)
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--junit-xml", report, "--update-snapshots")
    message = assert_rejected(code, out, err, tmp_path, report)

    if bad.line is None:
        assert message.startswith(f"error: {path}: ")
    else:
        assert message.startswith(f"error: {path}:{bad.line}:{bad.column}: ")
    if bad.key:
        assert f": {bad.key}: " in message
    for text in bad.shows:
        assert text in message


@pytest.mark.parametrize("case", [name for name, bad in FILES.items() if bad.at_load])
def test_bad_file_loader(case: str, tmp_path: Path) -> None:
    """load_scenario raises ScenarioError with the same location, key path and a fix."""
    bad = FILES[case]
    path = write(tmp_path / "case.yaml", bad.content)

    with pytest.raises(ScenarioError) as info:
        load_scenario(path)

    assert info.value.location.file == str(path)
    assert info.value.location.line == bad.line
    assert info.value.location.column == bad.column
    assert info.value.location.path == bad.key
    assert info.value.fix


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "absent.yaml"
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert message.startswith(f"error: {path}: ")
    assert "not found" in message


def test_folder_without_scenarios(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "empty"
    write(folder / "notes.txt", "not a scenario")
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, folder, "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert message.startswith(f"error: {folder}: ")
    assert "no *.yaml scenario files" in message


def test_folder_named_like_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder called x.yaml inside a scenario folder is rejected as not being a file."""
    folder = tmp_path / "scenarios"
    (folder / "odd.yaml").mkdir(parents=True)
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, folder, "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert str(folder / "odd.yaml") in message
    assert "directory" in message


# File size and step count limits


def test_file_over_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file one byte over the limit is rejected from its size, before any YAML parsing."""
    monkeypatch.setattr(loader, "parse_yaml", parse_must_not_run)
    head = b"steps: [launch]\n"
    path = write(scenario_path(tmp_path), head + b"#" * (MAX_FILE_BYTES + 1 - len(head)))
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert message.startswith(f"error: {path}: ")
    assert f"{MAX_FILE_BYTES + 1:,} bytes" in message
    assert f"{MAX_FILE_BYTES:,} bytes" in message


def test_file_at_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file exactly at the limit passes the size check and reaches the YAML parser."""
    monkeypatch.setattr(loader, "parse_yaml", parse_must_not_run)
    head = b"steps: [launch]\n"
    path = write(tmp_path / "limit.yaml", head + b"#" * (MAX_FILE_BYTES - len(head)))

    with pytest.raises(ParserReached):
        load_scenario(path)


class ParserReached(Exception):
    """Raised by the stand-in YAML parser of the size limit tests."""


def parse_must_not_run(text: str, file: str) -> None:
    raise ParserReached(file)


def test_steps_over_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One step over the limit is rejected, at the first extra item.

    The loader counts the items of the parsed list, so the file must really hold them. A
    flow list of bare kinds is the cheapest such file: about 50 KB, which took 0.5 to 0.6 s
    to load and under 10 MB of peak traced memory on a 2-core machine.
    """
    path = write(scenario_path(tmp_path), "steps: [" + ", ".join(["kill"] * (MAX_STEPS + 1)) + "]\n")
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert message.startswith(f"error: {path}:1:")
    assert f": steps.{MAX_STEPS}: " in message
    assert f"{MAX_STEPS + 1:,} items" in message


def test_steps_at_limit_load(tmp_path: Path) -> None:
    path = write(tmp_path / "limit.yaml", "steps: [" + ", ".join(["kill"] * MAX_STEPS) + "]\n")

    assert len(load_scenario(path).steps) == MAX_STEPS


# Tags that would construct objects

MARKER_NAME = "tag-was-executed"


def tag_payloads(marker: Path) -> dict[str, str]:
    """Return scenario texts whose tags would run a shell command that creates ``marker``."""
    command = f'["echo hi > {marker}"]'
    return {
        "apply": f"steps: [launch]\nx: !!python/object/apply:os.system {command}\n",
        "new": f"steps: [launch]\nx: !!python/object/new:os.system {command}\n",
        "document": f"!!python/object/apply:os.system {command}\n",
        "step": f"steps:\n  - launch\n  - !!python/object/apply:os.system {command}\n",
    }


def test_tag_payload_live(tmp_path: Path) -> None:
    """The payloads really run their command under yaml.unsafe_load, so the marker proves it."""
    marker = tmp_path / MARKER_NAME

    yaml.unsafe_load(tag_payloads(marker)["apply"])

    assert marker.exists()


@pytest.mark.parametrize("form", ["apply", "new", "document", "step"])
def test_python_tag_not_executed(form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / MARKER_NAME
    path = write(scenario_path(tmp_path), tag_payloads(marker)[form])
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert not marker.exists()
    assert "'!!python/object" in message
    assert "is not allowed" in message


# Invalid options


@pytest.mark.parametrize(
    ("value", "reason"),
    [("-1", "out of range"), ("seven", "not an integer"), (str(2**63), "out of range"), ("", "not an integer"), ("1.5", "not an integer")],
    ids=["negative", "text", "two_to_the_63", "empty", "fraction"],
)
def test_bad_seed(value: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(scenario_path(tmp_path), GOOD_SCENARIO)
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--seed", value, "--junit-xml", report, "--update-snapshots")
    message = assert_rejected(code, out, err, tmp_path, report)

    assert "--seed" in message
    assert repr(value) in message
    assert reason in message


def test_largest_seed_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2**63-1 is the largest seed, so the invalid-seed cases above are just past the edge."""
    path = write(tmp_path / "good.yaml", GOOD_SCENARIO.replace("snapshot: true\n", ""))

    code, _, err = run_main(capsys, path, "--seed", str(2**63 - 1))

    assert code == 0, err


@pytest.mark.parametrize(
    ("value", "shows"),
    [("swift", "did you mean 'swift-1.0.1'?"), ("nonsense", "documented, swift-1.0.1")],
    ids=["near", "far"],
)
def test_bad_profile(value: str, shows: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(scenario_path(tmp_path), GOOD_SCENARIO)
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--profile", value, "--junit-xml", report, "--update-snapshots")
    message = assert_rejected(code, out, err, tmp_path, report)

    assert "--profile" in message
    assert repr(value) in message
    assert shows in message


def test_bad_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(scenario_path(tmp_path), GOOD_SCENARIO)
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, path, "--format", "xml", "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert "'xml'" in message


def test_no_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, "--junit-xml", report)
    message = assert_rejected(code, out, err, tmp_path, report)

    assert "FILE" in message


def junit_folder(tmp_path: Path) -> tuple[str, Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    return str(folder), folder / "scenarios.xml"


def junit_missing_parent(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "no-such-folder" / "report.xml"
    return str(path), path


def junit_file_parent(tmp_path: Path) -> tuple[str, Path]:
    parent = write(tmp_path / "plain-file", "x")
    return str(parent / "report.xml"), parent / "report.xml"


def junit_empty(tmp_path: Path) -> tuple[str, Path]:
    return "", tmp_path / "report.xml"


@pytest.mark.parametrize(
    ("make", "shows"),
    [
        (junit_folder, "is a folder"),
        (junit_missing_parent, "does not exist"),
        (junit_file_parent, "is a file, not a folder"),
        (junit_empty, "is empty"),
    ],
    ids=["folder", "missing_parent", "file_parent", "empty"],
)
def test_bad_junit_path(make, shows: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argument, would_write = make(tmp_path)
    path = write(scenario_path(tmp_path), GOOD_SCENARIO)

    code, out, err = run_main(capsys, path, "--junit-xml", argument, "--update-snapshots")
    message = assert_rejected(code, out, err, tmp_path, would_write)

    assert f"--junit-xml {argument}" in message
    assert shows in message


# Several files, one invalid


BAD_COMPANIONS = {
    "unknown_key": "nmae: demo\nsteps: [launch]\n",
    "snapshot_name": "name: ../escape\nsnapshot: true\nsteps: [launch]\n",
    "quirk": "plugin: {quirks: {unrounded_cent: false}}\nsteps: [launch]\n",
    "fault": 'intercom: {faults: [{request: "POST /events", status: 503}]}\nsteps: [launch]\n',
}


def test_valid_pair_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two valid files write a report and a snapshot, so the next test's checks can fail."""
    first = write(scenario_path(tmp_path, "a.yaml"), GOOD_SCENARIO)
    second = write(scenario_path(tmp_path, "b.yaml"), GOOD_SCENARIO.replace("name: good", "name: other"))
    report = tmp_path / "report.xml"

    code, _, err = run_main(capsys, first, second, "--junit-xml", report, "--update-snapshots")

    assert code == 0, err
    assert report.exists()
    assert len(snapshot_files(tmp_path)) == 2


@pytest.mark.parametrize("problem", list(BAD_COMPANIONS))
def test_one_invalid_file_runs_nothing(
    problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a valid file before an invalid one, no scenario runs and nothing is written."""
    runs: list[str] = []
    run_scenario = cli.run_scenario
    monkeypatch.setattr(cli, "run_scenario", lambda scenario, **options: runs.append(scenario.name) or run_scenario(scenario, **options))
    first = write(scenario_path(tmp_path, "a.yaml"), GOOD_SCENARIO)
    second = write(scenario_path(tmp_path, "b.yaml"), BAD_COMPANIONS[problem])
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, first, second, "--junit-xml", report, "--update-snapshots")
    message = assert_rejected(code, out, err, tmp_path, report)

    assert runs == []
    assert str(second) in message


def test_invalid_file_in_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder run stops on its invalid file before writing anything."""
    write(scenario_path(tmp_path, "a.yaml"), GOOD_SCENARIO)
    bad = write(scenario_path(tmp_path, "b.yaml"), "steps: [launch]\nsteps: [flush]\n")
    report = tmp_path / "report.xml"

    code, out, err = run_main(capsys, tmp_path / "fixtures" / "scenarios", "--junit-xml", report, "--update-snapshots")
    message = assert_rejected(code, out, err, tmp_path, report)

    assert message.startswith(f"error: {bad}:2:1: ")


# Real subprocesses: nothing reaches stderr but the one message


def run_subprocess(*arguments: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "simulator", "run", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("case", ["unclosed_list", "binary_nul", "latin1", "snapshot_name_nul", "quirk_unknown"])
def test_bad_file_subprocess(case: str, tmp_path: Path) -> None:
    path = write(scenario_path(tmp_path), FILES[case].content)
    report = tmp_path / "report.xml"

    completed = run_subprocess(path, "--junit-xml", report, "--update-snapshots", cwd=tmp_path)

    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert len(error_lines(completed.stderr)) == 1
    assert "Fix:" in error_lines(completed.stderr)[0]
    assert completed.stdout == ""
    assert not report.exists()
    assert snapshot_files(tmp_path) == []


def test_python_tag_subprocess(tmp_path: Path) -> None:
    marker = tmp_path / MARKER_NAME
    path = write(scenario_path(tmp_path), tag_payloads(marker)["apply"])

    completed = run_subprocess(path, cwd=tmp_path)

    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert not marker.exists()


@pytest.mark.parametrize("arguments", [["--seed", str(2**63)], ["--profile", "swift"], ["--junit-xml", "no-such-folder/r.xml"]],
                         ids=["seed", "profile", "junit"])
def test_bad_option_subprocess(arguments: list[str], tmp_path: Path) -> None:
    path = write(scenario_path(tmp_path), GOOD_SCENARIO)

    completed = run_subprocess(path, *arguments, "--update-snapshots", cwd=tmp_path)

    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert len(error_lines(completed.stderr)) == 1
    assert "Fix:" in error_lines(completed.stderr)[0]
    assert completed.stdout == ""
    assert snapshot_files(tmp_path) == []
