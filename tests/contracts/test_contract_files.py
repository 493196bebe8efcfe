"""Broken contract files: each is rejected with its file, line and a fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.contracts import ContractChecker, ContractError, load_contracts
from simulator.errors import SimulatorError
from simulator.trace import SdkCall

from .conftest import write_file

REQUEST = """\
id: test.ping
title: Ping
source: A test source
method: POST
path: /ping
headers:
  required:
    Authorization: {regex: "^Bearer "}
    Intercom-Version: {any: true}
  version: Intercom-Version
schema:
  $schema: https://json-schema.org/draft/2020-12/schema
  type: object
versions:
  "2.11": {}
checks:
  - check: timestamp-seconds
    paths: [$.created_at]
"""

MAPPING = """\
id: test.identify
title: Identify
source: A test source
event: identify
rules:
  - check: identify-email
    description: traits.email maps to the email
    when:
      traits.email: {type: string}
    expect:
      method: updateUser
      args:
        attributes.email: {equals: $traits.email}
"""

DEVICE = """\
id: test.device
title: Device
source: A test source
checks:
  - check: requires-logged-in-user
    methods: [logEvent]
"""

BASES = {"intercom": REQUEST, "mapping": MAPPING, "device": DEVICE}


@dataclass(frozen=True)
class BrokenFile:
    name: str
    folder: str
    old: str
    new: str
    line: int | None
    fragments: tuple[str, ...]

    def text(self) -> str:
        base = BASES[self.folder]
        assert self.old in base, self.old
        return base.replace(self.old, self.new, 1)


CASES = [
    BrokenFile("unknown top-level key", "intercom", "title: Ping", "titel: Ping", 2, ("Unknown key 'titel'", "did you mean 'title'?")),
    BrokenFile("missing id", "intercom", "id: test.ping\n", "", 1, ("The key 'id' is missing from the top level", "Fix: add 'id:'")),
    BrokenFile("bad id form", "intercom", "id: test.ping", "id: Ping", 1, ('"Ping" does not have the expected form', "lower-case dotted id")),
    BrokenFile("unknown matcher", "intercom", '{regex: "^Bearer "}', "{regexp: x}", 8, ("'regexp' is not a matcher",)),
    BrokenFile("bad regular expression", "intercom", '{regex: "^Bearer "}', '{regex: "("}', 8, ("regular expression '(' is invalid",)),
    BrokenFile("version header not required", "intercom", "  version: Intercom-Version", "  version: X-Version", 10,
               ("'X-Version' is not listed in headers.required",)),
    BrokenFile("unknown check", "intercom", "check: timestamp-seconds", "check: timestamp-second", 17,
               ("'timestamp-second' is not a check", "did you mean 'timestamp-seconds'?")),
    BrokenFile("unknown check parameter", "intercom", "    paths: [$.created_at]", "    path: [$.created_at]", 18,
               ("Unknown key 'path' in checks.0", "did you mean 'paths'?")),
    BrokenFile("missing check parameter", "intercom", "    paths: [$.created_at]\n", "", 17, ("The key 'paths' is missing from checks.0",)),
    BrokenFile("duplicate check", "intercom", "    paths: [$.created_at]\n", "    paths: [$.created_at]\n  - check: timestamp-seconds\n    paths: [$.x]\n", 19,
               ("already listed at checks.0",)),
    BrokenFile("bad check path", "intercom", "[$.created_at]", "[created_at]", 18, ("must start with '$'", "'$.metadata.*.amount'")),
    BrokenFile("bad severity", "intercom", "  - check: timestamp-seconds\n", "  - check: timestamp-seconds\n    severity: fatal\n", 18,
               ('The value "fatal" is not one of ["error", "warning"]',)),
    BrokenFile("invalid JSON Schema", "intercom", "  type: object", "  type: objekt", 13, ("not a valid JSON Schema",)),
    BrokenFile("missing $schema", "intercom", "  $schema: https://json-schema.org/draft/2020-12/schema\n", "", 11, ("version 2.11 has no $schema", "set '$schema:")),
    BrokenFile("other $schema", "intercom", "draft/2020-12/schema", "draft-07/schema#", 12, ("but contracts use JSON Schema draft 2020-12",)),
    BrokenFile("unquoted version", "intercom", '  "2.11": {}', "  2.11: {}", 15, ("read by YAML as a float",)),
    BrokenFile("bad version key", "intercom", '  "2.11": {}', '  "v2": {}', 15, ("The key 'v2' in versions is not allowed", "quoted string")),
    BrokenFile("unknown version key", "intercom", '  "2.11": {}', '  "2.11": {schemas: {}}', 15, ("Unknown key 'schemas' in versions.2.11", "did you mean 'schema'?")),
    BrokenFile("unclosed path parameter", "intercom", "path: /ping", "path: /ping/{id", 5, ("brace that does not enclose",)),
    BrokenFile("YAML syntax error", "intercom", "title: Ping", "title: [Ping", 3, ("not valid YAML",)),
    BrokenFile("list at top level", "intercom", REQUEST, "- id: x\n", 1, ("array", "where a mapping was expected")),
    BrokenFile("unknown event type", "mapping", "event: identify", "event: idenify", 4, ('The value "idenify" is not one of', "did you mean 'identify'?")),
    BrokenFile("bad when path", "mapping", "      traits.email: {type: string}", "      .traits: {type: string}", 9, ("must start with a field name",)),
    BrokenFile("bad matcher type", "mapping", "{type: string}", "{type: text}", 9, ('"text" is not one of the JSON types',)),
    BrokenFile("bad reference", "mapping", "{equals: $traits.email}", "{equals_cents: traits.email}", 13, ("is not a reference to an event field",)),
    BrokenFile("key without for_each", "mapping", "attributes.email: {equals: $traits.email}", 'attributes.{key}: {equals: "$traits.{key}"}', 6,
               ("uses {key} but has no 'for_each'",)),
    BrokenFile("duplicate rule check", "mapping", MAPPING.split("rules:\n")[1], MAPPING.split("rules:\n")[1] * 2, 14,
               ("'identify-email' is already used by rules.0",)),
    BrokenFile("rule without expect", "mapping", "    expect:\n      method: updateUser\n      args:\n        attributes.email: {equals: $traits.email}\n", "", 6,
               ("The key 'expect' is missing from rules.0",)),
    BrokenFile("unknown device check", "device", "requires-logged-in-user", "requires-login", 5,
               ("'requires-login' is not a check", "did you mean 'requires-logged-in-user'?")),
    BrokenFile("wrong parameter type", "device", "methods: [logEvent]", "methods: logEvent", 6, ('checks.0.methods: The value is string "logEvent" where a list was expected',)),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_broken_file_names_file_line_and_fix(case: BrokenFile, tmp_path: Path) -> None:
    file = write_file(tmp_path, f"{case.folder}/test.yaml", case.text())

    with pytest.raises(ContractError) as error:
        load_contracts(tmp_path)

    message = str(error.value)
    assert message.startswith(f"{file}:{case.line}:") if case.line else message.startswith(str(file))
    assert "Fix: " in message
    for fragment in case.fragments:
        assert fragment in message


@pytest.mark.parametrize("folder", sorted(BASES))
def test_base_files_are_valid(folder: str, tmp_path: Path) -> None:
    write_file(tmp_path, f"{folder}/test.yaml", BASES[folder])

    contracts = load_contracts(tmp_path)

    assert [contract.id for contract in contracts.all()] == [f"test.{ {'intercom': 'ping', 'mapping': 'identify', 'device': 'device'}[folder] }"]


def test_empty_file(tmp_path: Path) -> None:
    file = write_file(tmp_path, "device/empty.yaml", "# nothing yet\n")

    with pytest.raises(ContractError) as error:
        load_contracts(tmp_path)

    assert str(error.value).startswith(str(file))
    assert "no YAML document" in str(error.value)
    assert "Fix: write the contract as a YAML mapping" in str(error.value)


def test_duplicate_contract_id(tmp_path: Path) -> None:
    first = write_file(tmp_path, "device/a.yaml", DEVICE)
    second = write_file(tmp_path, "device/b.yaml", DEVICE)

    with pytest.raises(ContractError) as error:
        load_contracts(tmp_path)

    assert str(error.value).startswith(f"{second}:1:")
    assert f"already used by {first}" in str(error.value)


def test_duplicate_route(tmp_path: Path) -> None:
    write_file(tmp_path, "intercom/a.yaml", REQUEST)
    second = write_file(tmp_path, "intercom/b.yaml", REQUEST.replace("id: test.ping", "id: test.ping-again"))

    with pytest.raises(ContractError) as error:
        load_contracts(tmp_path)

    assert str(error.value).startswith(f"{second}:5:")
    assert "POST /ping is already described by test.ping" in str(error.value)


@pytest.mark.parametrize("relative", ["stray.yaml", "intercomm/a.yaml", "intercom/nested/a.yaml"])
def test_misplaced_file(relative: str, tmp_path: Path) -> None:
    write_file(tmp_path, relative, DEVICE)

    with pytest.raises(ContractError) as error:
        load_contracts(tmp_path)

    assert "Fix: move it into one of intercom/, mapping/, device/" in str(error.value)


def test_other_files_are_ignored(tmp_path: Path) -> None:
    write_file(tmp_path, "README.md", "# notes\n")
    write_file(tmp_path, "device/notes.txt", "not a contract")
    write_file(tmp_path, "device/a.yaml", DEVICE)

    assert [contract.id for contract in load_contracts(tmp_path).all()] == ["test.device"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ContractError) as error:
        load_contracts(tmp_path / "absent")

    assert "The contracts folder does not exist" in str(error.value)


def test_checker_passes_contracts_dir(tmp_path: Path) -> None:
    write_file(tmp_path, "intercom/ping.yaml", REQUEST)

    checker = ContractChecker(contracts_dir=tmp_path)

    assert checker.contracts.requests[0].id == "test.ping"
    assert checker.contracts.devices == ()
    assert checker.check_sdk_call(SdkCall("logEvent", {})) == []


def test_contract_error_is_a_simulator_error() -> None:
    assert issubclass(ContractError, SimulatorError)
