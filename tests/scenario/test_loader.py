"""Tests of the scenario loader: parsing, validation, defaults, locations and error reports.

Every error case checks the exception type, the exact 1-based line and column, the dotted
path and a fragment of the message or fix, so a wrong location fails the test.
"""

from __future__ import annotations

import copy
import math
from datetime import datetime, timezone
from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario import loader, yaml_nodes
from simulator.scenario.loader import load_scenario, load_scenario_text, scenario_from_mapping
from simulator.scenario.model import (
    DEFAULT_DEVICE,
    DEFAULT_INTERCOM,
    DEFAULT_PLUGIN,
    DEFAULT_SDK,
    DEFAULT_START,
    STEP_KINDS,
    Step,
)


def load_error(text: str) -> ScenarioError:
    """Return the ScenarioError that loading ``text`` as s.yaml raises."""
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    return info.value


def file_error(path: Path) -> ScenarioError:
    """Return the ScenarioError that loading the file at ``path`` raises."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


def assert_error(error: ScenarioError, line: int | None, column: int | None, path: str, fragment: str) -> None:
    assert error.location.line == line
    assert error.location.column == column
    assert error.location.path == path
    assert fragment in str(error)


# Valid files and defaults


def test_minimal_file_fills_defaults(tmp_path: Path) -> None:
    path = tmp_path / "login.yaml"
    path.write_text("steps: [launch]\n", encoding="utf-8")

    scenario = load_scenario(path)

    assert scenario.name == "login"
    assert scenario.file == str(path)
    assert scenario.seed == 0
    assert scenario.start == DEFAULT_START
    assert scenario.device == DEFAULT_DEVICE
    assert scenario.sdk == DEFAULT_SDK
    assert scenario.settings == {}
    assert scenario.plugin == DEFAULT_PLUGIN
    assert scenario.intercom == DEFAULT_INTERCOM
    assert scenario.expect == {"sdk_calls": [], "requests": [], "violations": []}
    assert scenario.steps == (Step(0, "launch", {}, 1, 9),)
    assert scenario.locations == {"steps": (1, 1), "steps.0": (1, 9)}


def test_defaults_are_copies() -> None:
    pristine = copy.deepcopy(DEFAULT_DEVICE)
    scenario = load_scenario_text("steps: [flush]\n", "s.yaml")

    scenario.device["os"]["version"] = "1.0"
    scenario.plugin["quirks"]["changed"] = True

    assert DEFAULT_DEVICE == pristine
    assert DEFAULT_PLUGIN["quirks"] == {}


def test_sections_merge_onto_defaults() -> None:
    text = """\
name: merged
seed: 42
start: "2026-03-01T10:00:00+01:00"
device:
  os: {version: "18.0"}
  screen: {width: 430.5}
sdk: {flushAt: 5}
settings: {integrations: {Intercom: {appId: abc}}, plan: {}}
plugin: {quirks: {drop_nulls: true}}
intercom:
  accessToken: tok
  identityVerification: {secret: s3cret}
  contacts: [{email: a@example.com}]
steps: [flush]
expect: {requests: [{method: POST}]}
"""
    scenario = load_scenario_text(text, "s.yaml")

    assert scenario.name == "merged"
    assert scenario.seed == 42
    assert scenario.start == datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    assert scenario.device["os"] == {"name": "iOS", "version": "18.0"}
    assert scenario.device["screen"] == {"width": 430.5, "height": 852}
    assert scenario.device["model"] == DEFAULT_DEVICE["model"]
    assert scenario.sdk["flushAt"] == 5
    assert scenario.sdk["writeKey"] == DEFAULT_SDK["writeKey"]
    assert scenario.settings == {"integrations": {"Intercom": {"appId": "abc"}}, "plan": {}}
    assert scenario.plugin == {"profile": "swift-1.0.1", "quirks": {"drop_nulls": True}}
    assert scenario.intercom["apiVersion"] == "2.11"
    assert scenario.intercom["accessToken"] == "tok"
    assert scenario.intercom["identityVerification"] == {"secret": "s3cret"}
    assert scenario.intercom["contacts"] == [{"email": "a@example.com"}]
    assert scenario.intercom["companies"] == []
    assert scenario.expect == {"sdk_calls": [], "requests": [{"method": "POST"}], "violations": []}


def test_utf8_bom_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfsteps: [flush]\nname: 5\n")

    assert_error(file_error(path), 2, 7, "name", 'quote it: "5"')

    path.write_bytes(b"\xef\xbb\xbfsteps: [flush]\n")
    assert load_scenario(path).steps[0].kind == "flush"


def test_key_order_preserved() -> None:
    text = """\
steps:
  - track:
      properties: {zeta: 1, alpha: 2, mid: {y: 1, b: 2}}
      event: Ordered
"""
    args = load_scenario_text(text, "s.yaml").steps[0].args

    assert list(args) == ["properties", "event"]
    assert list(args["properties"]) == ["zeta", "alpha", "mid"]
    assert list(args["properties"]["mid"]) == ["y", "b"]


# Scalars


SCALARS = [
    ("2018-03-26", "2018-03-26"),
    ("2018-03-26T10:00:00Z", "2018-03-26T10:00:00Z"),
    ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"),
    (".inf", math.inf),
    ("-.inf", -math.inf),
    ("12.5", 12.5),
    ("0x1F", 31),
    ("1_000", 1000),
    ("yes", True),
    ("off", False),
    ("~", None),
    ("'123'", "123"),
    ("!!str 123", "123"),
    ("!!int '7'", 7),
    ("[1, two, {three: 3}]", [1, "two", {"three": 3}]),
]


@pytest.mark.parametrize(("text", "expected"), SCALARS)
def test_scalars_follow_yaml_11(text: str, expected: object) -> None:
    scenario = load_scenario_text(f"steps:\n  - track: {{event: X, properties: {{value: {text}}}}}\n", "s.yaml")

    value = scenario.steps[0].args["properties"]["value"]

    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", [".nan", ".NaN"])
def test_nan_float_loads(text: str) -> None:
    scenario = load_scenario_text(f"steps:\n  - identify: {{traits: {{score: {text}}}}}\n", "s.yaml")

    assert math.isnan(scenario.steps[0].args["traits"]["score"])


def test_timestamp_key_stays_string() -> None:
    scenario = load_scenario_text("steps: [flush]\nsettings: {2018-03-26: launch day}\n", "s.yaml")

    assert scenario.settings == {"2018-03-26": "launch day"}


# Steps


STEP_CASES = [
    ("launch", "launch", {}),
    ("{launch: {url: 'demo://home', referring_application: mail}}", "launch", {"url": "demo://home", "referring_application": "mail"}),
    ("identify", "identify", {}),
    ("{identify: {}}", "identify", {}),
    ("{identify: {userId: null}}", "identify", {"userId": None}),
    (
        "{identify: {userId: u1, traits: {plan: pro, seats: 3}, integrations: {All: false}}}",
        "identify",
        {"userId": "u1", "traits": {"plan": "pro", "seats": 3}, "integrations": {"All": False}},
    ),
    ("{track: {event: Signed Up, properties: {tags: [a, b]}}}", "track", {"event": "Signed Up", "properties": {"tags": ["a", "b"]}}),
    ("{screen: {name: Home, category: Main, properties: {a: 1}}}", "screen", {"name": "Home", "category": "Main", "properties": {"a": 1}}),
    ("{group: {groupId: c1, traits: {name: Acme}}}", "group", {"groupId": "c1", "traits": {"name": "Acme"}}),
    ("{alias: {newId: u2, integrations: {Intercom: true}}}", "alias", {"newId": "u2", "integrations": {"Intercom": True}}),
    ("reset", "reset", {}),
    ("{reset: null}", "reset", {}),
    ("flush", "flush", {}),
    ("background", "background", {}),
    ("foreground", "foreground", {}),
    ("terminate", "terminate", {}),
    ("kill", "kill", {}),
    ("settings_fetch_fails", "settings_fetch_fails", {}),
    ("{advance: 30s}", "advance", {"seconds": 30.0}),
    ("{network: cellular}", "network", {"state": "cellular"}),
    ("{update_app: {version: '1.1.0', build: '2'}}", "update_app", {"version": "1.1.0", "build": "2"}),
]


@pytest.mark.parametrize(("item", "kind", "args"), STEP_CASES)
def test_step_kinds_parse(item: str, kind: str, args: dict[str, object]) -> None:
    scenario = load_scenario_text(f"steps:\n  - flush\n  - {item}\n", "s.yaml")

    assert scenario.steps[1] == Step(1, kind, args, 3, 5)


def test_step_cases_cover_every_kind() -> None:
    assert {kind for _, kind, _ in STEP_CASES} == set(STEP_KINDS)


DURATIONS = [("30s", 30.0), ("1.5h", 5400.0), ("250ms", 0.25), ("2m", 120.0), ("1d", 86400.0), ("0.5s", 0.5)]


@pytest.mark.parametrize(("text", "seconds"), DURATIONS)
def test_duration_accepted(text: str, seconds: float) -> None:
    scenario = load_scenario_text(f"steps:\n  - advance: {text}\n", "s.yaml")

    assert scenario.steps[0].args == {"seconds": seconds}


BAD_DURATIONS = [
    ("30 sec", "such as 250ms, 30s, 1.5h or 2d"),
    ("'30'", "such as 250ms, 30s, 1.5h or 2d"),
    ("-5s", "such as 250ms, 30s, 1.5h or 2d"),
    ("30S", "such as 250ms, 30s, 1.5h or 2d"),
    (".5s", "such as 250ms, 30s, 1.5h or 2d"),
    ("1e3s", "such as 250ms, 30s, 1.5h or 2d"),
    ("true", "such as 250ms, 30s, 1.5h or 2d"),
    ("0s", "greater than zero"),
    ("0.0ms", "greater than zero"),
    ("30", 'write "30s"'),
    ("1.5", 'write "1.5s"'),
]


@pytest.mark.parametrize(("text", "fragment"), BAD_DURATIONS)
def test_duration_rejected(text: str, fragment: str) -> None:
    error = load_error(f"steps:\n  - advance: {text}\n")

    assert_error(error, 2, 14, "steps.0.advance", fragment)
    assert "must be a duration such as '30s'" in str(error)


BAD_STEPS = [
    ("steps:\n  - track:\n    event: X\n", 3, 5, "steps.0.event", "indent the arguments below 'track:' by two more spaces"),
    ("steps:\n  - track: {event: X}\n    screen: {name: Y}\n", 3, 5, "steps.0.screen", "start each step with '- '"),
    ("steps:\n  - {}\n", 2, 5, "steps.0", "is an empty mapping"),
    ("steps:\n  - 5\n", 2, 5, "steps.0", "must be a step kind or a mapping with one step kind"),
    ("steps:\n  - track\n", 2, 5, "steps.0", "needs the key event"),
    ("steps:\n  - screen:\n", 2, 5, "steps.0.screen", "needs the key name"),
    ("steps:\n  - update_app\n", 2, 5, "steps.0", "needs the keys version, build"),
    ("steps:\n  - advance\n", 2, 5, "steps.0", "write it as '- advance: 30s'"),
    ("steps:\n  - network\n", 2, 5, "steps.0", "needs one of 'offline', 'wifi', 'cellular'"),
    ("steps:\n  - reset: {hard: true}\n", 2, 12, "steps.0.reset", "takes no arguments"),
    ("steps:\n  - network: lte\n", 2, 14, "steps.0.network", "must be one of 'offline', 'wifi', 'cellular', not 'lte'"),
    ("steps:\n  - track: {properties: {}}\n", 2, 5, "steps.0.track.event", "missing the required key 'event'"),
    ("steps:\n  - track: {event: ''}\n", 2, 20, "steps.0.track.event", "must be a non-empty string, not ''"),
    ("steps:\n  - track: {event: X, properties: [1]}\n", 2, 35, "steps.0.track.properties", "must be a mapping, not [1]"),
    ("steps:\n  - identify: {traits: {a: 1}, userId: [u]}\n", 2, 40, "steps.0.identify.userId", "must be a string or null"),
]


@pytest.mark.parametrize(("text", "line", "column", "path", "fragment"), BAD_STEPS)
def test_step_rejected(text: str, line: int, column: int, path: str, fragment: str) -> None:
    assert_error(load_error(text), line, column, path, fragment)


def test_too_many_steps() -> None:
    at_limit = load_scenario_text("steps:\n" + "  - flush\n" * loader.MAX_STEPS, "s.yaml")
    assert len(at_limit.steps) == loader.MAX_STEPS

    error = load_error("steps:\n" + "  - flush\n" * (loader.MAX_STEPS + 1))

    assert_error(error, 10_002, 5, "steps.10000", "more than the limit of 10,000")


def test_clock_overflow_rejected() -> None:
    error = load_error('start: "9999-11-01T00:00:00Z"\nsteps:\n  - advance: 30d\n  - advance: 30d\n  - advance: 30d\n')

    assert_error(error, 5, 14, "steps.2.advance", "past the year 9999")


def test_advance_over_maximum_rejected() -> None:
    error = load_error("steps:\n  - advance: 31d\n")

    assert_error(error, 2, 14, "steps.0.advance", "longer than the maximum of 30 days for one step")


# Unknown keys and wrong types


UNKNOWN_KEYS = [
    ("stpes: [flush]\n", 1, 1, "stpes", "'stpes' is not a scenario key. Fix: did you mean 'steps'?"),
    ("steps: [flush]\ndevice:\n  os:\n    verison: '18.0'\n", 4, 5, "device.os.verison", "did you mean 'version'?"),
    ("steps: [flush]\nsdk: {flushat: 5}\n", 2, 7, "sdk.flushat", "did you mean 'flushAt'?"),
    ("steps: [flush]\nzzz: 1\n", 2, 1, "zzz", "use one of: name, seed, start"),
    ("steps:\n  - trak: {event: X}\n", 2, 5, "steps.0.trak", "'trak' is not a step kind. Fix: did you mean 'track'?"),
    ("steps: [flsh]\n", 1, 9, "steps.0", "did you mean 'flush'?"),
    ("steps:\n  - track: {evnt: X}\n", 2, 13, "steps.0.track.evnt", "did you mean 'event'?"),
]


@pytest.mark.parametrize(("text", "line", "column", "path", "fragment"), UNKNOWN_KEYS)
def test_unknown_key_suggests(text: str, line: int, column: int, path: str, fragment: str) -> None:
    assert_error(load_error(text), line, column, path, fragment)


WRONG_TYPES = [
    ("name: x\n", 1, 1, "steps", "missing the required key 'steps'"),
    ("steps: []\n", 1, 8, "steps", "must be a non-empty list of steps, not []"),
    ("steps:\n", 1, 7, "steps", "must be a non-empty list of steps, not None"),
    ("steps: [flush]\nname: ''\n", 2, 7, "name", "must be a non-empty string"),
    ("steps: [flush]\nseed: '1'\n", 2, 7, "seed", "must be an integer from 0 to 9223372036854775807, not '1'"),
    ("steps: [flush]\nseed: true\n", 2, 7, "seed", "not True"),
    ("steps: [flush]\nseed: 9223372036854775808\n", 2, 7, "seed", "not 9223372036854775808"),
    ("steps: [flush]\nseed: -1\n", 2, 7, "seed", "not -1"),
    ("steps: [flush]\nstart: 2026-01-15T09:00:00\n", 2, 8, "start", "add a timezone"),
    ("steps: [flush]\nstart: next tuesday\n", 2, 8, "start", 'such as "2026-01-15T09:00:00Z"'),
    ("steps: [flush]\ndevice: 5\n", 2, 9, "device", "device must be a mapping, not 5"),
    ("steps: [flush]\ndevice: {screen: {width: 0}}\n", 2, 26, "device.screen.width", "finite number greater than 0"),
    ("steps: [flush]\ndevice: {network: lte}\n", 2, 19, "device.network", "one of 'offline', 'wifi', 'cellular'"),
    ("steps: [flush]\nsdk: {flushAt: 0}\n", 2, 16, "sdk.flushAt", "an integer of at least 1, not 0"),
    ("steps: [flush]\nsdk: {flushInterval: -1}\n", 2, 22, "sdk.flushInterval", "finite number greater than 0, not -1"),
    ("steps: [flush]\nsdk: {flushInterval: .inf}\n", 2, 22, "sdk.flushInterval", "not inf"),
    ("steps: [flush]\nsdk: {writeKey: ''}\n", 2, 17, "sdk.writeKey", "non-empty string"),
    ("steps: [flush]\nsdk: {trackApplicationLifecycleEvents: 'yes'}\n", 2, 40, "sdk.trackApplicationLifecycleEvents", "true or false"),
    ("steps: [flush]\nsettings: {integrations: [a]}\n", 2, 26, "settings.integrations", "must be a mapping, not ['a']"),
    ("steps: [flush]\nplugin: {quirks: {fast: 1}}\n", 2, 25, "plugin.quirks.fast", "must be true or false, not 1"),
    ("steps: [flush]\nintercom: {apiVersion: '2.0'}\n", 2, 24, "intercom.apiVersion", "one of '2.11', '2.16', not '2.0'"),
    ("steps: [flush]\nintercom: {identityVerification: true}\n", 2, 34, "intercom.identityVerification", "false or a mapping with the key secret"),
    ("steps: [flush]\nintercom: {identityVerification: {secret: ''}}\n", 2, 43, "intercom.identityVerification.secret", "non-empty string"),
    ("steps: [flush]\nintercom: {identityVerification: {}}\n", 2, 12, "intercom.identityVerification.secret", "missing the required key 'secret'"),
    ("steps: [flush]\nintercom: {contacts: {a: 1}}\n", 2, 22, "intercom.contacts", "must be a list of mappings"),
    ("steps: [flush]\nintercom: {companies: [5]}\n", 2, 24, "intercom.companies.0", "must be a mapping, not 5"),
    ("steps: [flush]\nexpect: {requests: {}}\n", 2, 20, "expect.requests", "must be a list of mappings"),
]


@pytest.mark.parametrize(("text", "line", "column", "path", "fragment"), WRONG_TYPES)
def test_wrong_type_rejected(text: str, line: int, column: int, path: str, fragment: str) -> None:
    assert_error(load_error(text), line, column, path, fragment)


NUMBERS_FOR_STRINGS = [
    ("steps: [flush]\ndevice: {os: {version: 17.4}}\n", 2, 24, "device.os.version", '"17.4"'),
    ("steps: [flush]\ndevice: {app: {version: 1.10}}\n", 2, 25, "device.app.version", '"1.10"'),
    ("steps: [flush]\ndevice: {app: {build: 42}}\n", 2, 23, "device.app.build", '"42"'),
    ("steps: [flush]\nintercom: {apiVersion: 2.11}\n", 2, 24, "intercom.apiVersion", '"2.11"'),
    ("steps: [flush]\nsdk: {writeKey: 12345}\n", 2, 17, "sdk.writeKey", '"12345"'),
    ("steps:\n  - identify: {userId: 42}\n", 2, 24, "steps.0.identify.userId", '"42"'),
    ("steps:\n  - group: {groupId: 7}\n", 2, 22, "steps.0.group.groupId", '"7"'),
    ("steps:\n  - alias: {newId: 8}\n", 2, 20, "steps.0.alias.newId", '"8"'),
    ("steps:\n  - update_app: {version: 2.0, build: '3'}\n", 2, 27, "steps.0.update_app.version", '"2.0"'),
]


@pytest.mark.parametrize(("text", "line", "column", "path", "quoted"), NUMBERS_FOR_STRINGS)
def test_number_for_string_says_quote(text: str, line: int, column: int, path: str, quoted: str) -> None:
    error = load_error(text)

    assert_error(error, line, column, path, "must be ")
    assert error.fix == f"quote it: {quoted}"


# YAML structure


DUPLICATE_KEYS = [
    ("steps: [flush]\nname: a\nname: b\n", 3, 1, "name", "first on line 2"),
    ("steps:\n  - track:\n      event: A\n      event: B\n", 4, 7, "steps.0.track.event", "first on line 3"),
    ("steps: [flush]\nsettings: {integrations: {a: 1, a: 2}}\n", 2, 33, "settings.integrations.a", "remove one of the two 'a' keys"),
]


@pytest.mark.parametrize(("text", "line", "column", "path", "fragment"), DUPLICATE_KEYS)
def test_duplicate_key_rejected(text: str, line: int, column: int, path: str, fragment: str) -> None:
    assert_error(load_error(text), line, column, path, fragment)


UNSAFE_TAGS = [
    ("steps: [flush]\nname: !!python/object/apply:os.system ['echo hi']\n", 2, 7, "name", "'!!python/object/apply:os.system'"),
    ("steps: [flush]\nname: !!python/name:os.system ''\n", 2, 7, "name", "'!!python/name:os.system'"),
    ("steps: [flush]\nname: !custom x\n", 2, 7, "name", "'!custom'"),
    ("steps: [flush]\nsettings: {blob: !!binary aGVsbG8=}\n", 2, 18, "settings.blob", "'!!binary'"),
    ("steps: [flush]\nsettings: {tags: !!set {a, b}}\n", 2, 18, "settings.tags", "'!!set'"),
    ("steps: [flush]\n!custom key: x\n", 2, 1, "", "'!custom'"),
]


@pytest.mark.parametrize(("text", "line", "column", "path", "tag"), UNSAFE_TAGS)
def test_unsafe_tag_rejected(text: str, line: int, column: int, path: str, tag: str) -> None:
    error = load_error(text)

    assert_error(error, line, column, path, f"The tag {tag}")
    assert "is not allowed" in error.problem


NON_STRING_KEYS = [
    ("steps:\n  - identify: {traits: {on: true}}\n", 2, 25, "steps.0.identify.traits.on", 'quote it: "on"'),
    ("steps: [flush]\nsettings: {1: x}\n", 2, 12, "settings.1", 'quote it: "1"'),
    ("steps: [flush]\nsettings: {[a]: x}\n", 2, 12, "settings", "keys must be strings"),
]


@pytest.mark.parametrize(("text", "line", "column", "path", "fragment"), NON_STRING_KEYS)
def test_non_string_key_rejected(text: str, line: int, column: int, path: str, fragment: str) -> None:
    assert_error(load_error(text), line, column, path, fragment)


YAML_ERRORS = [
    ("steps:\n\t- flush\n", 2, 1, "replace the tab with spaces"),
    ("steps: [flush]\nname: 'unclosed\n", 3, 1, "while scanning a quoted scalar, found unexpected end of stream"),
    ("steps: [flush]\n---\nsteps: [flush]\n", 2, 1, "expected a single document in the stream, but found another document"),
    ("steps: [flush]\nname: a\x07b\n", 2, 8, "control character '\\x07'"),
]


@pytest.mark.parametrize(("text", "line", "column", "fragment"), YAML_ERRORS)
def test_yaml_error_located(text: str, line: int, column: int, fragment: str) -> None:
    assert_error(load_error(text), line, column, "", fragment)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_file_rejected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")

    error = file_error(path)

    assert_error(error, None, None, "", "The file contains no YAML document.")
    assert error.location.file == str(path)


def test_top_level_list_rejected() -> None:
    error = load_error("- launch\n- flush\n")

    assert_error(error, 1, 1, "", "The top level of the scenario must be a mapping")
    assert "not ['launch', 'flush']" in error.problem


def test_aliases_reuse_values() -> None:
    text = """\
steps:
  - identify: {userId: u1, traits: &base {plan: pro}}
  - identify: {userId: u2, traits: *base}
"""
    scenario = load_scenario_text(text, "s.yaml")
    first, second = (step.args["traits"] for step in scenario.steps)

    assert first == second == {"plan": "pro"}
    assert first is not second
    assert scenario.locations["steps.1.identify.traits.plan"] == (2, 43)


def test_merge_key_rejected() -> None:
    error = load_error("steps: [flush]\nsettings:\n  base: &b {a: 1}\n  other:\n    <<: *b\n")

    assert_error(error, 5, 5, "settings.other", "The merge key '<<' in settings.other is not supported.")


def test_recursive_alias_rejected() -> None:
    error = load_error("steps: [flush]\nsettings: &s {self: *s}\n")

    assert_error(error, 2, 11, "settings.self", "contains an alias to itself")


def test_alias_expansion_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_nodes, "MAX_VALUES", 50)
    text = "steps: [flush]\nsettings:\n  a: &a [x, x, x, x, x, x, x, x]\n  b: [*a, *a, *a, *a, *a, *a, *a, *a]\n"

    error = load_error(text)

    assert_error(error, 3, 6, "settings.b.4", "more than 50 values once aliases are expanded")


def test_deep_nesting_rejected() -> None:
    error = load_error("steps: [flush]\nsettings:\n  x: " + "[" * 150 + "]" * 150 + "\n")

    assert_error(error, 3, 105, "settings.x" + ".0" * 99, "nested more than 100 levels deep")


def test_parser_recursion_rejected() -> None:
    error = load_error("steps: [flush]\nsettings:\n  x: " + "[" * 5000 + "]" * 5000 + "\n")

    assert_error(error, None, None, "", "nested too deeply to parse")


# Files and encodings


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"

    error = file_error(path)

    assert_error(error, None, None, "", "The scenario file was not found.")
    assert error.location.file == str(path)


def test_directory_path(tmp_path: Path) -> None:
    error = file_error(tmp_path)

    assert_error(error, None, None, "", "The path is a directory, not a scenario file.")


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("steps:\n  - track: {event: café}\n".encode("latin-1"))

    error = file_error(path)

    assert_error(error, 2, 23, "", "the byte 0xe9 cannot be decoded")
    assert error.fix == "save the file as UTF-8"


def test_utf16_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("steps: [flush]\n".encode("utf-16"))

    assert_error(file_error(path), 1, 1, "", "encoded as UTF-16")


def test_binary_garbage_rejected(tmp_path: Path) -> None:
    path = tmp_path / "program.yaml"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00")

    assert_error(file_error(path), 1, 8, "", "NUL bytes, so it is a binary file")


def test_invalid_utf8_garbage_rejected(tmp_path: Path) -> None:
    path = tmp_path / "noise.yaml"
    path.write_bytes(b"steps: [flush]\n\x89\xfa\x13\xc3(")

    assert_error(file_error(path), 2, 1, "", "the byte 0x89 cannot be decoded")


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"steps: [flush]\n#" + b"x" * loader.MAX_FILE_BYTES)

    error = file_error(path)

    assert_error(error, None, None, "", f"is {loader.MAX_FILE_BYTES + 16:,} bytes, which is larger than the limit")


def test_text_over_size_limit() -> None:
    error = load_error("steps: [flush]\n#" + "é" * (loader.MAX_FILE_BYTES // 2))

    assert_error(error, None, None, "", "larger than the limit of 5,242,880 bytes")


# Locations


def test_locations_recorded_for_nested_trait() -> None:
    text = """\
name: demo
steps:
  - launch
  - identify:
      userId: u1
      traits:
        plan: pro
        address:
          city: Paris
        tags: [a, b]
"""
    scenario = load_scenario_text(text, "s.yaml")

    assert scenario.locations["steps.1"] == (4, 5)
    assert scenario.locations["steps.1.identify"] == (4, 5)
    assert scenario.locations["steps.1.identify.traits.plan"] == (7, 9)
    assert scenario.locations["steps.1.identify.traits.address.city"] == (9, 11)
    assert scenario.locations["steps.1.identify.traits.tags.1"] == (10, 19)
    assert scenario.steps[1].line == 4
    assert scenario.steps[1].column == 5
    assert scenario.location("steps.1.identify.traits.plan.missing").line == 7


# scenario_from_mapping


def test_mapping_loads_with_defaults() -> None:
    data = {"steps": ["launch", {"track": {"event": "X", "properties": {"nested": {"a": [1]}}}}]}

    scenario = scenario_from_mapping(data)
    data["steps"][1]["track"]["properties"]["nested"]["a"].append(2)

    assert scenario.name == "scenario"
    assert scenario.file == "<dict>"
    assert scenario.device == DEFAULT_DEVICE
    assert scenario.locations == {}
    assert scenario.steps[0] == Step(0, "launch", {}, None, None)
    assert scenario.steps[1].args == {"event": "X", "properties": {"nested": {"a": [1]}}}


def test_mapping_name_from_file() -> None:
    scenario = scenario_from_mapping({"steps": ["flush"]}, "scenarios/login.yaml")

    assert scenario.name == "login"
    assert scenario.file == "scenarios/login.yaml"


def _cyclic_properties() -> dict[str, object]:
    properties: dict[str, object] = {}
    properties["self"] = properties
    return {"steps": [{"track": {"event": "X", "properties": properties}}]}


BAD_MAPPINGS = [
    ({"stpes": []}, "stpes", "did you mean 'steps'?"),
    (["flush"], "", "The top level of the scenario must be a mapping"),
    ({"steps": ["flush"], "device": {"os": {"version": 17.4}}}, "device.os.version", 'quote it: "17.4"'),
    ({"steps": [{"advance": 30}]}, "steps.0.advance", 'write "30s"'),
    ({"steps": [{"track": {"event": "X", "properties": {1: "a"}}}]}, "steps.0.track.properties.1", "is not a string"),
    (
        {"steps": [{"track": {"event": "X", "properties": {"at": datetime(2026, 1, 1)}}}]},
        "steps.0.track.properties.at",
        "must be a string, number, boolean, null, list or mapping",
    ),
    ({"steps": ["flush"], "seed": 1.0}, "seed", "not 1.0"),
    (_cyclic_properties(), "steps.0.track.properties" + ".self" * 101, "nested more than 100 levels deep"),
]


@pytest.mark.parametrize(("data", "path", "fragment"), BAD_MAPPINGS)
def test_mapping_validated(data: object, path: str, fragment: str) -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_mapping(data)  # type: ignore[arg-type]

    assert_error(info.value, None, None, path, fragment)
    assert info.value.location.file == "<dict>"
