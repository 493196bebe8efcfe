"""Read one contract file: parse the YAML with positions and check it against its file schema.

Errors become ContractError with the file, line and column of the offending key or value,
a plain description and the fix, so a broken contract file reads like a broken scenario.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from simulator.contracts.errors import ContractError
from simulator.contracts.values import describe, show
from simulator.errors import Location, ScenarioError
from simulator.scenario.yaml_nodes import SourceMap, join_path, parse_yaml

# Fixes for a value that fails a `pattern`, keyed by the name of the key that contains the value.
_PATTERN_FIXES = {
    "id": "write a lower-case dotted id, such as 'intercom.create-data-event'",
    "check": "write a lower-case id with hyphens, such as 'amount-integer-cents'",
    "path": "write the request path starting with '/', with {name} for each path parameter",
    "method": "write the SDK method name, such as 'updateUser'",
    "version": "write a header name, such as 'Intercom-Version'",
}


@dataclass
class ContractSource:
    """The parsed content of one contract file and where each value was written."""

    file: FilePath
    data: Any
    positions: SourceMap

    def location(self, path: str = "", *, key: bool = True) -> Location:
        """Return the file, line and column of the key (or else the value) at dotted ``path``."""
        position = self.positions.key_position(path) if key and path else self.positions.value_position(path)
        if position is None:
            return Location(str(self.file), path=path)
        return Location(str(self.file), position[0], position[1], path)

    def error(self, path: str, message: str, fix: str | None = None, *, key: bool = True) -> ContractError:
        return ContractError(self.location(path, key=key), message, fix)


def read_source(file: FilePath, file_schema: dict[str, Any]) -> ContractSource:
    """Parse ``file`` and check it against ``file_schema``, or raise ContractError for the first problem."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContractError(Location(str(file)), f"The contract file cannot be read: {error}.", "check that it is a UTF-8 text file") from None

    try:
        data, positions = parse_yaml(text, str(file))
    except ScenarioError as error:
        fix = error.fix
        if error.location.line is None and data_is_empty(text):
            fix = "write the contract as a YAML mapping with at least an 'id' key"
        raise ContractError(error.location, error.problem, fix) from None

    source = ContractSource(file, data, positions)
    if not isinstance(data, dict):
        raise source.error("", f"The contract file contains {describe(data)} where a mapping was expected.",
                           "write the contract as a YAML mapping with at least an 'id' key", key=False)

    validate_part(source, data, file_schema)
    return source


def validate_part(source: ContractSource, value: Any, schema: dict[str, Any], base: Sequence[str | int] = ()) -> None:
    """Check ``value``, found at ``base`` in the file, against ``schema``, or raise ContractError for the first problem."""
    errors = list(Draft202012Validator(schema).iter_errors(value))
    if errors:
        first = min(errors, key=lambda error: _order(source, base, error))
        raise _describe(source, base, first)


def data_is_empty(text: str) -> bool:
    """Return whether ``text`` contains nothing but blank lines, comments and document markers."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return False
    return True


def dotted(path: Sequence[str | int]) -> str:
    """Join jsonschema's path of keys and indexes into the SourceMap's dotted form."""
    text = ""
    for part in path:
        text = join_path(text, part)
    return text


def nearest(name: str, choices: Sequence[str]) -> str:
    """Return a ' (did you mean ...?)' hint for the closest of ``choices``, or ''."""
    match = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _order(source: ContractSource, base: Sequence[str | int], error: ValidationError) -> tuple[int, int, int]:
    position = source.positions.value_position(dotted([*base, *error.absolute_path])) or (0, 0)
    return position[0], position[1], -len(error.absolute_path)


def _describe(source: ContractSource, base: Sequence[str | int], error: ValidationError) -> ContractError:
    path = dotted([*base, *error.absolute_path])
    where = path or "the top level"
    schema = error.schema if isinstance(error.schema, dict) else {}

    if error.validator == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in known]
        key = unknown[0]
        fix = f"remove it, or use one of {', '.join(known)}{nearest(key, known)}" if known else "remove it"
        return source.error(join_path(path, key), f"Unknown key {key!r} in {where}.", fix)

    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return source.error(path, f"The key {missing[0]!r} is missing from {where}.", f"add '{missing[0]}:' with its value", key=False)

    if "propertyNames" in error.relative_schema_path:
        # jsonschema reports a bad key name at its mapping, with the name as the instance.
        name = error.instance
        return source.error(join_path(path, name), f"The key {name!r} in {where} is not allowed.", _pattern_fix(path.rpartition(".")[2], error))

    if error.validator == "type":
        expected = error.validator_value
        return source.error(path, f"The value is {describe(error.instance)} where {_article(expected)} was expected.",
                            f"write {_article(expected)} there", key=False)

    if error.validator in ("enum", "const"):
        choices = error.validator_value if error.validator == "enum" else [error.validator_value]
        hint = nearest(error.instance, [str(choice) for choice in choices]) if isinstance(error.instance, str) else ""
        return source.error(path, f"The value {show(error.instance)} is not one of {show(choices)}.", f"use one of {show(choices)}{hint}", key=False)

    if error.validator == "pattern":
        return source.error(path, f"The value {show(error.instance)} does not have the expected form.", _pattern_fix(path.rpartition(".")[2], error), key=False)

    if error.validator in ("minItems", "minProperties", "minLength"):
        return source.error(path, "The value is empty.", "add at least one entry, or remove the key", key=False)

    return source.error(path, f"The value is invalid: {error.message}.", "correct the value at this place", key=False)


def _pattern_fix(key: str, error: ValidationError) -> str:
    if key in _PATTERN_FIXES:
        return _PATTERN_FIXES[key]
    if key == "versions":
        return "write the API version as a quoted string, such as \"2.11\""
    return f"write a value that matches the pattern {error.validator_value!r}"


def _article(type_names: Any) -> str:
    names = type_names if isinstance(type_names, list) else [type_names]
    words = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
             "number": "a number", "boolean": "true or false", "null": "null"}
    return " or ".join(words.get(name, name) for name in names)
