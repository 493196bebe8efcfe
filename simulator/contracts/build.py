"""Build contract objects from checked contract files, compiling what the file schemas cannot check.

Each builder turns the parsed YAML of one file into its model object: it parses every
path, compiles every matcher and regular expression, validates check parameters and
composes and compiles the JSON Schema of each API version. Any problem raises
ContractError at the line of the offending key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator, SchemaError

from simulator.contracts.checks import REQUEST_CHECKS
from simulator.contracts.device import DEVICE_CHECKS
from simulator.contracts.file_schemas import DRAFT_2020_12
from simulator.contracts.matchers import KEY_PLACEHOLDER, Matcher, MatcherError, compile_matcher
from simulator.contracts.model import (
    CheckDefinition,
    CheckSpec,
    DeviceContract,
    Expectation,
    FieldCondition,
    ForEach,
    HeaderRule,
    MappingContract,
    MappingRule,
    RequestContract,
)
from simulator.contracts.paths import PathSyntaxError, parse_path
from simulator.contracts.schemas import merge_schema, validator_for
from simulator.contracts.source import ContractSource, dotted, nearest, validate_part
from simulator.contracts.values import show
from simulator.scenario.yaml_nodes import join_path

_PATH_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def build_request_contract(source: ContractSource) -> RequestContract:
    data = source.data
    headers = data["headers"]
    header_rules = tuple(
        HeaderRule(name, _matcher(source, f"headers.required.{name}", spec), _requirement_text(spec))
        for name, spec in headers["required"].items()
    )
    version_header = headers.get("version")
    if version_header is not None and version_header.lower() not in {rule.name.lower() for rule in header_rules}:
        raise source.error("headers.version", f"The version header {version_header!r} is not listed in headers.required.",
                           f"add '{version_header}: {{any: true}}' to headers.required")

    schemas = {version: _version_schema(source, version) for version in data["versions"]}
    return RequestContract(
        id=data["id"],
        title=data["title"],
        file=source.file,
        method=data["method"],
        path=data["path"],
        path_pattern=_path_pattern(source, data["path"]),
        headers=header_rules,
        version_header=version_header,
        schemas=schemas,
        checks=_check_specs(source, {name: definition for name, (definition, _) in REQUEST_CHECKS.items()}),
    )


def build_mapping_contract(source: ContractSource) -> MappingContract:
    data = source.data
    rules = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["rules"]):
        where = f"rules.{index}"
        if raw["check"] in seen:
            raise source.error(f"{where}.check", f"The check id {raw['check']!r} is already used by rules.{seen[raw['check']]}.",
                               "give each rule its own check id")
        seen[raw["check"]] = index
        rules.append(_mapping_rule(source, where, raw))
    return MappingContract(id=data["id"], title=data["title"], file=source.file, event=data["event"], rules=tuple(rules))


def build_device_contract(source: ContractSource) -> DeviceContract:
    data = source.data
    return DeviceContract(id=data["id"], title=data["title"], file=source.file, checks=_check_specs(source, DEVICE_CHECKS))


# Request contracts


def _path_pattern(source: ContractSource, template: str) -> re.Pattern[str]:
    pattern = ""
    position = 0
    for match in _PATH_PARAMETER.finditer(template):
        pattern += re.escape(template[position:match.start()]) + f"(?P<{match[1]}>[^/]+)"
        position = match.end()
    rest = template[position:]
    if "{" in rest or "}" in rest:
        raise source.error("path", f"The path {template!r} has a brace that does not enclose a parameter name.",
                           "write each path parameter as {name}, such as /contacts/{contact_id}", key=False)
    try:
        return re.compile(pattern + re.escape(rest))
    except re.error as error:
        raise source.error("path", f"The path {template!r} cannot be used: {error}.", "give each path parameter its own name", key=False) from None


def _version_schema(source: ContractSource, version: str) -> dict[str, Any]:
    shared = source.data.get("schema", {})
    changes = source.data["versions"][version].get("schema", {})
    schema = merge_schema(shared, changes)
    where = f"versions.{version}"

    declared = schema.get("$schema")
    if declared != DRAFT_2020_12:
        problem = "has no $schema" if declared is None else f"has $schema {show(declared)}, but contracts use JSON Schema draft 2020-12"
        if "$schema" in changes:
            place = f"{where}.schema.$schema"
        elif "$schema" in shared:
            place = "schema.$schema"
        else:
            place = "schema" if "schema" in source.data else where
        raise source.error(place, f"The request schema of version {version} {problem}.", f"set '$schema: {DRAFT_2020_12}' in the shared schema")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        inner = list(error.absolute_path)
        path = join_path(f"{where}.schema", dotted(inner)) if _has(changes, inner) else join_path("schema", dotted(inner))
        raise source.error(path, f"The request schema of version {version} is not a valid JSON Schema: {error.message}.",
                           "correct the schema keyword at this place", key=False) from None

    validator_for(source.data["id"], version, schema)
    return schema


def _has(value: Any, path: list[str | int]) -> bool:
    for part in path:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return False
    return True


def _requirement_text(spec: Mapping[str, Any]) -> str:
    parts = []
    for key, value in spec.items():
        if value is True:
            parts.append("any value" if key == "any" else key)
        elif isinstance(value, str):
            parts.append(f"{key} '{value}'")
        else:
            parts.append(f"{key} {show(value)}")
    return " and ".join(parts)


# Check lists of request and device contracts


def _check_specs(source: ContractSource, definitions: Mapping[str, CheckDefinition]) -> tuple[CheckSpec, ...]:
    specs = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(source.data.get("checks", [])):
        where = f"checks.{index}"
        name = entry["check"]
        definition = definitions.get(name)
        if definition is None:
            raise source.error(f"{where}.check", f"{name!r} is not a check of this kind of contract.",
                               f"use one of {', '.join(sorted(definitions))}{nearest(name, sorted(definitions))}", key=False)
        if name in seen:
            raise source.error(f"{where}.check", f"The check {name!r} is already listed at checks.{seen[name]}.",
                               "list each check once, with all its paths in one entry", key=False)
        seen[name] = index
        specs.append(_check_spec(source, where, entry, definition))
    return tuple(specs)


def _check_spec(source: ContractSource, where: str, entry: dict[str, Any], definition: CheckDefinition) -> CheckSpec:
    entry_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check", *definition.required],
        "properties": {"check": {}, "severity": {}, **definition.params},
    }
    validate_part(source, entry, entry_schema, where.split("."))
    if definition.name == "name-characters" and not (entry.get("values") or entry.get("keys")):
        raise source.error(where, "The check 'name-characters' lists neither 'values' nor 'keys'.",
                           "add 'values:' with paths of names, 'keys:' with paths of mappings whose keys are names, or both", key=False)

    params: dict[str, Any] = {key: value for key, value in entry.items() if key not in ("check", "severity")}
    for name in definition.path_params:
        if name not in params:
            continue
        if isinstance(params[name], list):
            params[name] = tuple(_rooted_path(source, f"{where}.{name}.{index}", text) for index, text in enumerate(params[name]))
        else:
            params[name] = _rooted_path(source, f"{where}.{name}", params[name])
    return CheckSpec(check=definition.name, severity=entry.get("severity", definition.severity), params=params)


def _rooted_path(source: ContractSource, where: str, text: str) -> tuple[str | int, ...]:
    try:
        return parse_path(text, rooted=True)
    except PathSyntaxError as error:
        raise source.error(where, f"The JSON path is invalid: {error}.", "write a path such as '$.metadata.*.amount'", key=False) from None


# Mapping rules


def _mapping_rule(source: ContractSource, where: str, raw: dict[str, Any]) -> MappingRule:
    when = _when(source, f"{where}.when", raw.get("when", {}))
    for_each = _for_each(source, f"{where}.for_each", raw["for_each"]) if "for_each" in raw else None
    if for_each is None and _mentions_key(raw):
        raise source.error(where, f"The rule uses {KEY_PLACEHOLDER} but has no 'for_each'.",
                           "add 'for_each: {keys_of: FIELD}', or write the key out", key=True)

    expect_raw = raw["expect"]
    args = tuple(_condition(source, f"{where}.expect.args", text, spec) for text, spec in expect_raw.get("args", {}).items())
    return MappingRule(
        check=raw["check"],
        description=raw["description"].rstrip("."),
        severity=raw.get("severity", "error"),
        when=when,
        for_each=for_each,
        expect=Expectation(method=expect_raw["method"], args=args),
    )


def _when(source: ContractSource, where: str, raw: dict[str, Any] | list[dict[str, Any]]) -> tuple[tuple[FieldCondition, ...], ...]:
    """Read ``when``: one mapping of conditions, or a list of alternative mappings."""
    alternatives = [(where, raw)] if isinstance(raw, dict) else [(f"{where}.{index}", item) for index, item in enumerate(raw)]
    return tuple(
        tuple(_condition(source, place, text, spec) for text, spec in conditions.items())
        for place, conditions in alternatives
    )


def _condition(source: ContractSource, where: str, text: str, spec: Any) -> FieldCondition:
    path = join_path(where, text)
    try:
        segments = parse_path(text, rooted=False)
    except PathSyntaxError as error:
        raise source.error(path, f"The field path is invalid: {error}.", "write a dotted path such as 'traits.email'") from None
    return FieldCondition(segments, text, _matcher(source, path, spec))


def _for_each(source: ContractSource, where: str, raw: dict[str, Any]) -> ForEach:
    try:
        field = parse_path(raw["keys_of"], rooted=False)
    except PathSyntaxError as error:
        raise source.error(f"{where}.keys_of", f"The field path is invalid: {error}.", "write a dotted path such as 'traits'", key=False) from None
    value = _matcher(source, f"{where}.value", raw["value"]) if "value" in raw else None
    return ForEach(field=field, text=raw["keys_of"], excluded=frozenset(raw.get("except", [])), value=value)


def _matcher(source: ContractSource, where: str, spec: Any) -> Matcher:
    try:
        return compile_matcher(spec)
    except MatcherError as error:
        raise source.error(where, f"The matcher {show(spec)} is invalid: {error}.",
                           "write a matcher such as {equals: $traits.email} or {type: string}") from None


def _mentions_key(value: Any) -> bool:
    if isinstance(value, str):
        return KEY_PLACEHOLDER in value
    if isinstance(value, dict):
        return any(_mentions_key(key) or _mentions_key(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_mentions_key(item) for item in value)
    return False
