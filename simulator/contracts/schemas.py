"""Request body schemas: compose each API version's schema, compile it once, report every error.

A request contract has a shared ``schema`` and, per version, an optional ``schema`` of
differences that is deep-merged into it: mappings merge key by key and any other value
replaces the shared one. The result must be a JSON Schema (draft 2020-12) with
``$schema`` set.

Compiled validators are cached for the whole process by contract id, version and the
schema's own text. A checker built for each scenario run reuses them. A test that loads
a different file under the same id gets its own validator.
"""

from __future__ import annotations

import ast
import copy
import json
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from simulator.contracts.model import Finding
from simulator.contracts.paths import format_path
from simulator.contracts.values import describe, show

_VALIDATORS: dict[tuple[str, str, str], Draft202012Validator] = {}


def merge_schema(shared: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Return ``shared`` with ``changes`` deep-merged into it, without modifying either input."""
    merged = copy.deepcopy(shared)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_schema(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def validator_for(contract_id: str, version: str, schema: dict[str, Any]) -> Draft202012Validator:
    """Return the compiled validator of ``schema``, building it on first use."""
    key = (contract_id, version, json.dumps(schema, sort_keys=True))
    validator = _VALIDATORS.get(key)
    if validator is None:
        validator = Draft202012Validator(schema)
        _VALIDATORS[key] = validator
    return validator


def schema_findings(validator: Draft202012Validator, body: Any, version: str) -> list[Finding]:
    """Return one Finding per schema error in ``body``, in the order jsonschema reports them."""
    findings = []
    for error in validator.iter_errors(body):
        findings.extend(_describe(error, version))
    return findings


def _describe(error: ValidationError, version: str) -> list[Finding]:
    rule = f"the Intercom API {version} request schema"
    path = list(error.absolute_path)
    where = format_path(tuple(path))
    subject = f"The request body {show(error.instance)}" if not path else f"{where} {show(error.instance)}"
    schema = error.schema if isinstance(error.schema, dict) else {}

    if error.validator == "required":
        # jsonschema reports each missing key as its own error, named only in the message.
        key = _quoted_name(error.message.removesuffix(" is a required property"))
        missing = format_path((*path, key))
        return [Finding(missing, f"{missing} is missing, but {rule} requires it.", None)]

    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = schema.get("properties", {})
        return [
            Finding(format_path((*path, key)), f"{format_path((*path, key))} is not a field of {rule}, which rejects unknown fields.", error.instance[key])
            for key in error.instance
            if key not in known
        ]

    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        message = f"{where} is {describe(error.instance)}, but {rule} needs {' or '.join(expected)}."
        return [Finding(where, message, error.instance)]

    if error.validator in ("anyOf", "oneOf") and _all_titled(error.validator_value):
        titles = ", ".join(repr(option["title"]) for option in error.validator_value)
        message = f"{subject} fits none of the forms of {rule}: {titles}."
        if error.validator == "oneOf" and not error.context:
            message = f"{subject} fits more than one of the forms of {rule}: {titles}."
        return [Finding(where, message, error.instance)]

    if error.validator == "dependentRequired":
        message = f"{subject} breaks {rule}: {error.message}."
        return [Finding(where, message, error.instance)]

    return [Finding(where, f"{where} is {show(error.instance)}, which breaks {rule}: {error.message}.", error.instance)]


def _quoted_name(text: str) -> str:
    try:
        name = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return name if isinstance(name, str) else text


def _all_titled(options: Any) -> bool:
    return isinstance(options, list) and all(isinstance(option, dict) and "title" in option for option in options)
