"""Load scenario files: read, parse and validate them, and fill in the defaults.

The public API is ``load_scenario``, ``load_scenario_text`` and ``scenario_from_mapping``.
Every problem, from a missing file to a misspelled key, raises ScenarioError with the file,
the 1-based line and column where known, the dotted key path and a fix.

The schema is the ``SCENARIO`` table below, with one ``StepKind`` per step kind in
``STEP_KIND_SPECS``. To accept a new key, add it to the ``Record`` that contains it. The YAML
rules are in ``simulator.scenario.yaml_nodes``: only the standard tags are allowed,
timestamps stay strings, duplicate keys are errors and merge keys (``<<``) are rejected.
"""

from __future__ import annotations

import codecs
import copy
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from simulator.errors import Location, ScenarioError
from simulator.scenario.model import (
    DEFAULT_DEVICE,
    DEFAULT_INTERCOM,
    DEFAULT_PLUGIN,
    DEFAULT_SDK,
    DEFAULT_SEED,
    DEFAULT_START,
    STEP_KINDS,
    Scenario,
    Step,
)
from simulator.scenario.schema import (
    Boolean,
    Choice,
    Context,
    Duration,
    FalseOr,
    Integer,
    ListOf,
    MapOf,
    Payload,
    PositiveNumber,
    Record,
    Spec,
    Text,
    Timestamp,
    check_key_type,
    show_value,
    suggest,
)
from simulator.scenario.yaml_nodes import join_path, parse_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_STEPS = 10_000
MAX_ADVANCE_SECONDS = 30 * 86_400
# A snapshot is written as `<name>.json` through a temporary `.<name>.json.XXXXXXXX.tmp`, which
# adds 19 characters. Common file systems (ext4, APFS, NTFS) allow names of 255 bytes or units.
MAX_SNAPSHOT_NAME_BYTES = 200
NETWORK_STATES = ("offline", "wifi", "cellular")
INTERCOM_API_VERSIONS = ("2.11", "2.16")

# Byte order marks of encodings that YAML allows but this loader does not read.
_UNSUPPORTED_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def load_scenario(path: str | Path) -> Scenario:
    """Read, parse and validate the scenario file at ``path``, and fill in the defaults.

    The file must be UTF-8, with or without a byte order mark, and at most MAX_FILE_BYTES long.
    """
    file = str(path)
    data = _read_file(Path(path), file)
    return load_scenario_text(_decode(data, file), file)


def load_scenario_text(text: str, file: str) -> Scenario:
    """Parse and validate scenario YAML text. ``file`` names it in error locations."""
    _check_text_size(text, file)
    data, source = parse_yaml(text, file)
    return _build_scenario(data, Context(file, source))


def scenario_from_mapping(data: dict[str, Any], file: str = "<dict>") -> Scenario:
    """Validate a scenario given as a Python dict, and fill in the defaults.

    The rules are those of a scenario file. Errors have no line or column, and
    ``Scenario.locations`` is empty. The returned scenario shares no objects with ``data``.
    """
    return _build_scenario(data, Context(file))


def _read_file(path: Path, file: str) -> bytes:
    try:
        if path.is_dir():
            raise ScenarioError(Location(file), "The path is a directory, not a scenario file.", "pass the path of a YAML file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _file_too_large(file, size)
        with path.open("rb") as stream:
            # Read at most one byte past the limit, because a pipe or device reports no size.
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(Location(file), "The scenario file was not found.", "check the path") from None
    except PermissionError:
        raise ScenarioError(Location(file), "The scenario file cannot be read: permission denied.", "check the file permissions") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ScenarioError(Location(file), f"The scenario file cannot be read: {reason}.", "check the path") from None

    if len(data) > MAX_FILE_BYTES:
        raise _file_too_large(file, None)
    return data


def _file_too_large(file: str, size: int | None) -> ScenarioError:
    actual = f" is {size:,} bytes, which" if size is not None else ""
    message = f"The file{actual} is larger than the limit of {MAX_FILE_BYTES:,} bytes (5 MiB)."
    return ScenarioError(Location(file), message, "split the scenario into several smaller files")


def _check_text_size(text: str, file: str) -> None:
    # A character takes at least one UTF-8 byte, so the cheap length check comes first.
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        raise _file_too_large(file, None)


def _decode(data: bytes, file: str) -> str:
    for bom, encoding in _UNSUPPORTED_BOMS:
        if data.startswith(bom):
            message = f"The file is encoded as {encoding}, but scenario files must be UTF-8."
            raise ScenarioError(Location(file, 1, 1), message, "save the file as UTF-8")

    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        message = "The file contains NUL bytes, so it is a binary file, not YAML text."
        raise ScenarioError(Location(file, line, column), message, "pass a YAML scenario file")

    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        message = f"The file is not valid UTF-8: the byte {data[error.start]:#04x} cannot be decoded."
        raise ScenarioError(Location(file, line, column), message, "save the file as UTF-8") from None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and character column of a byte offset, as YAML marks count them."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    if line_start == 0 and data.startswith(codecs.BOM_UTF8):
        line_start = len(codecs.BOM_UTF8)
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _build_scenario(data: Any, context: Context) -> Scenario:
    values = SCENARIO.validate(data, "", context)
    start = values.get("start", DEFAULT_START)
    steps = values["steps"]
    _check_clock_range(start, steps, context)
    name = values.get("name", _default_name(context.file))
    if values.get("snapshot", False):
        _check_snapshot_name(name, context)

    return Scenario(
        name=name,
        file=context.file,
        seed=values.get("seed", DEFAULT_SEED),
        start=start,
        device=_merge(DEFAULT_DEVICE, values.get("device", {})),
        sdk=_merge(DEFAULT_SDK, values.get("sdk", {})),
        settings=values.get("settings", {}),
        plugin=_merge(DEFAULT_PLUGIN, values.get("plugin", {})),
        intercom=_merge(DEFAULT_INTERCOM, values.get("intercom", {})),
        segment={"faults": [], **values.get("segment", {})},
        steps=steps,
        expect={"sdk_calls": [], "requests": [], "violations": [], **values.get("expect", {})},
        contracts={"select": [], "ignore": [], **values.get("contracts", {})},
        snapshot=values.get("snapshot", False),
        locations=dict(context.source.keys) if context.source is not None else {},
    )


def _default_name(file: str) -> str:
    if file.startswith("<") and file.endswith(">"):
        return "scenario"
    return Path(file).stem or "scenario"


def _check_snapshot_name(name: str, context: Context) -> None:
    """Raise ScenarioError unless ``name`` works as the file name of the scenario's snapshot."""
    forbidden = sorted({character for character in name if character in "/\\\0"})
    if forbidden:
        quoted = " and ".join(repr(character) for character in forbidden)
        message = (
            f"The name {show_value(name)} contains {quoted}, so it cannot name a snapshot file "
            "inside the snapshots folder (fixtures/snapshots)."
        )
        safe = re.sub(r"[/\\\0]+", "-", name).strip(".-") or "scenario"
        raise context.error("name", message, f"use a name without {quoted}, such as {safe!r}")

    size = len(name.encode("utf-8", errors="surrogatepass"))
    if size > MAX_SNAPSHOT_NAME_BYTES:
        message = f"The name is {size:,} bytes long in UTF-8, longer than the {MAX_SNAPSHOT_NAME_BYTES} bytes a snapshot file name allows."
        raise context.error("name", message, "use a shorter name")


def _merge(defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Return a deep copy of ``defaults`` with ``overrides`` merged in, mapping by mapping."""
    merged = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if isinstance(merged.get(key), dict) and isinstance(value, dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _check_clock_range(start: datetime, steps: tuple[Step, ...], context: Context) -> None:
    """Raise ScenarioError if the advance steps move the clock past what datetime can represent."""
    clock = start
    for step in steps:
        if step.kind != "advance":
            continue
        try:
            clock += timedelta(seconds=step.args["seconds"])
        except OverflowError:
            path = f"steps.{step.index}.advance"
            message = f"{path} moves the simulated clock past the year 9999, the latest year a datetime can hold."
            raise context.error(path, message, "use a shorter duration") from None


@dataclass(frozen=True)
class StepKind:
    """Argument spec and example of one step kind."""

    arguments: Spec | None = None
    """Spec of the arguments: a Record, a scalar spec, or None for a kind without arguments."""

    argument_name: str | None = None
    """For a scalar argument, the key that stores it in ``Step.args``."""

    example: str = ""
    """A correct step of this kind, shown in fixes."""

    @property
    def needs_arguments(self) -> bool:
        if isinstance(self.arguments, Record):
            return bool(self.arguments.required)
        return self.arguments is not None

    def describe_arguments(self) -> str:
        if isinstance(self.arguments, Record):
            noun = "key" if len(self.arguments.required) == 1 else "keys"
            return f"the {noun} " + ", ".join(self.arguments.required)
        if self.arguments is not None:
            return self.arguments.expected
        return "no arguments"


class StepList(Spec):
    """The ``steps`` list, returned as a tuple of ``Step``."""

    expected = "a non-empty list of steps"

    def validate(self, value: Any, path: str, context: Context) -> tuple[Step, ...]:
        if not isinstance(value, list) or not value:
            raise self.reject(value, path, context, "write one '- ' item per step, for example 'steps: [launch, flush]'")
        if len(value) > MAX_STEPS:
            message = f"{path} has {len(value):,} items, more than the limit of {MAX_STEPS:,}."
            fix = "split the scenario into several files"
            raise context.error(join_path(path, MAX_STEPS), message, fix, at_key=True)
        return tuple(_validate_step(index, item, join_path(path, index), context) for index, item in enumerate(value))


def _validate_step(index: int, item: Any, path: str, context: Context) -> Step:
    if isinstance(item, str):
        kind, arguments, kind_path = item, None, path
    elif isinstance(item, dict):
        kind, arguments = _single_kind(item, path, context)
        kind_path = join_path(path, kind)
    else:
        message = f"{path} must be a step kind or a mapping with one step kind as its key, not {show_value(item)}."
        raise context.error(path, message, "write a step such as '- flush' or '- track: {event: Signed Up}'")

    step_kind = STEP_KIND_SPECS.get(kind)
    if step_kind is None:
        message = f"{kind!r} is not a step kind."
        raise context.error(kind_path, message, suggest(kind, STEP_KINDS), at_key=True)

    args = _validate_arguments(kind, step_kind, arguments, kind_path, context)
    line, column = context.key_position(path)
    return Step(index, kind, args, line, column)


def _single_kind(item: dict[Any, Any], path: str, context: Context) -> tuple[str, Any]:
    keys = list(item)
    if len(keys) == 1:
        check_key_type(keys[0], path, context)
        return keys[0], item[keys[0]]

    if not keys:
        message = f"{path} is an empty mapping, but a step must name its kind."
        raise context.error(path, message, "write a step such as '- flush'")

    message = f"{path} has {len(keys)} keys {show_value(keys)}, but a step must have exactly one key, its kind."
    fix = "start each step with '- ', and indent its arguments below the kind"
    if keys[0] in STEP_KIND_SPECS and item[keys[0]] is None:
        fix = f"indent the arguments below '{keys[0]}:' by two more spaces"
    raise context.error(join_path(path, keys[1]), message, fix, at_key=True)


def _validate_arguments(kind: str, step_kind: StepKind, arguments: Any, path: str, context: Context) -> dict[str, Any]:
    """Return ``Step.args``. A bare step and a kind key with an empty value have no arguments."""
    if arguments is None:
        if step_kind.needs_arguments:
            message = f"The {kind!r} step at {path} needs {step_kind.describe_arguments()}."
            raise context.error(path, message, f"write it as '{step_kind.example}'", at_key=True)
        return {}

    if step_kind.arguments is None:
        if arguments == {}:
            return {}
        message = f"The {kind!r} step at {path} takes no arguments, but has {show_value(arguments)}."
        raise context.error(path, message, f"write '- {kind}' alone")

    validated = step_kind.arguments.validate(arguments, path, context)
    if step_kind.argument_name:
        return {step_kind.argument_name: validated}
    return validated


STEP_KIND_SPECS: dict[str, StepKind] = {
    "launch": StepKind(
        Record({"url": Text(), "referring_application": Text()}),
        example="- launch: {url: 'demo://home'}",
    ),
    "identify": StepKind(
        Record({"userId": Text(nullable=True), "traits": Payload(), "integrations": Payload()}),
        example="- identify: {userId: user-1, traits: {plan: pro}}",
    ),
    "track": StepKind(
        Record({"event": Text(non_empty=True), "properties": Payload(), "integrations": Payload()}, required=("event",)),
        example="- track: {event: Order Completed}",
    ),
    "screen": StepKind(
        Record(
            {"name": Text(), "category": Text(), "properties": Payload(), "integrations": Payload()},
            required=("name",),
        ),
        example="- screen: {name: Home}",
    ),
    "group": StepKind(
        Record({"groupId": Text(), "traits": Payload(), "integrations": Payload()}, required=("groupId",)),
        example="- group: {groupId: company-1}",
    ),
    "alias": StepKind(
        Record({"newId": Text(), "integrations": Payload()}, required=("newId",)),
        example="- alias: {newId: user-2}",
    ),
    "reset": StepKind(),
    "flush": StepKind(),
    "background": StepKind(),
    "foreground": StepKind(),
    "terminate": StepKind(),
    "kill": StepKind(),
    "settings_fetch_fails": StepKind(),
    # Timers fire on the way, so a long advance costs time: 30 days take several seconds.
    "advance": StepKind(Duration(maximum=MAX_ADVANCE_SECONDS), argument_name="seconds", example="- advance: 30s"),
    "network": StepKind(Choice(NETWORK_STATES), argument_name="state", example="- network: offline"),
    "update_app": StepKind(
        Record({"version": Text(), "build": Text()}, required=("version", "build")),
        example="- update_app: {version: '1.1.0', build: '2'}",
    ),
}
assert set(STEP_KIND_SPECS) == set(STEP_KINDS), "STEP_KIND_SPECS must cover model.STEP_KINDS"

_LIST_OF_MAPPINGS = ListOf(Payload(), "a list of mappings")

# An injected failure; simulator.faults checks that exactly one of status and error is given.
_FAULTS = ListOf(Record(
    {
        "request": Text(non_empty=True),
        "status": Integer(minimum=400, maximum=599),
        "error": Choice(("timeout", "disconnect")),
        "times": Integer(minimum=1),
        "from": Duration(),
        "until": Duration(),
    },
    required=("request",),
))

SCENARIO = Record(
    {
        "name": Text(non_empty=True),
        "seed": Integer(minimum=0, maximum=2**63 - 1),
        "start": Timestamp(),
        "device": Record(
            {
                "model": Text(),
                "name": Text(),
                "os": Record({"name": Text(), "version": Text()}),
                "app": Record({"name": Text(), "version": Text(), "build": Text(), "namespace": Text()}),
                "locale": Text(),
                "timezone": Text(),
                "screen": Record({"width": PositiveNumber(), "height": PositiveNumber()}),
                "network": Choice(NETWORK_STATES),
            }
        ),
        "sdk": Record(
            {
                "writeKey": Text(non_empty=True),
                "flushAt": Integer(minimum=1),
                "flushInterval": PositiveNumber(),
                "trackApplicationLifecycleEvents": Boolean(),
            }
        ),
        # The Segment CDN settings JSON. Only the type of `integrations` is checked here.
        "settings": Record({"integrations": Payload()}, open=True),
        "plugin": Record({"profile": Text(), "quirks": MapOf(Boolean())}),
        "intercom": Record(
            {
                "apiVersion": Choice(INTERCOM_API_VERSIONS),
                "accessToken": Text(non_empty=True),
                "identityVerification": FalseOr(Record({"secret": Text(non_empty=True)}, required=("secret",))),
                "contacts": _LIST_OF_MAPPINGS,
                "companies": _LIST_OF_MAPPINGS,
                "faults": _FAULTS,
                "rateLimit": Integer(minimum=1),
            }
        ),
        "segment": Record({"faults": _FAULTS}),
        "steps": StepList(),
        "expect": Record({"sdk_calls": _LIST_OF_MAPPINGS, "requests": _LIST_OF_MAPPINGS, "violations": _LIST_OF_MAPPINGS}),
        "contracts": Record({"select": ListOf(Text(non_empty=True)), "ignore": ListOf(Text(non_empty=True))}),
        "snapshot": Boolean(),
    },
    required=("steps",),
)
