"""JSON Schemas of the contract files themselves, one per folder of ``contracts/``.

They catch unknown keys, missing keys and wrong types. Checks that a schema cannot
express (matchers, paths, regular expressions, check parameters, the body schemas) are
done by ``loader`` while it builds each contract.
"""

from __future__ import annotations

from typing import Any

from simulator.contracts.model import SEVERITIES

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

_ID = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$"}
_CHECK_ID = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
_TEXT = {"type": "string", "minLength": 1}

_COMMON = {
    "id": _ID,
    "title": _TEXT,
    "source": _TEXT,
    "notes": _TEXT,
}

_CHECK_ENTRY = {
    "type": "object",
    "required": ["check"],
    "properties": {"check": _CHECK_ID, "severity": {"enum": list(SEVERITIES)}},
}

REQUEST_FILE: dict[str, Any] = {
    "$schema": DRAFT_2020_12,
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "source", "method", "path", "headers", "versions"],
    "properties": {
        **_COMMON,
        "method": {"enum": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
        "path": {"type": "string", "pattern": r"^/[A-Za-z0-9_./{}-]*$"},
        "headers": {
            "type": "object",
            "additionalProperties": False,
            "required": ["required"],
            "properties": {
                "required": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^[A-Za-z0-9-]+$"},
                    "additionalProperties": {"type": "object"},
                },
                "version": {"type": "string", "pattern": r"^[A-Za-z0-9-]+$"},
            },
        },
        "schema": {"type": "object"},
        "versions": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": r"^\d+\.\d+$"},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"schema": {"type": "object"}, "notes": _TEXT},
            },
        },
        "checks": {"type": "array", "items": _CHECK_ENTRY},
    },
}

MAPPING_FILE: dict[str, Any] = {
    "$schema": DRAFT_2020_12,
    "$defs": {"conditions": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "object"}}},
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "source", "event", "rules"],
    "properties": {
        **_COMMON,
        "event": {"enum": ["identify", "track", "screen", "group", "alias", "reset"]},
        "rules": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["check", "description", "expect"],
                "properties": {
                    "check": _CHECK_ID,
                    "description": _TEXT,
                    "severity": {"enum": list(SEVERITIES)},
                    "when": {
                        "anyOf": [
                            {"$ref": "#/$defs/conditions"},
                            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/conditions"}},
                        ],
                    },
                    "for_each": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["keys_of"],
                        "properties": {
                            "keys_of": {"type": "string"},
                            "except": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                            "value": {"type": "object"},
                        },
                    },
                    "expect": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["method"],
                        "properties": {
                            "method": {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9]*$"},
                            "args": {"type": "object", "additionalProperties": {"type": "object"}},
                        },
                    },
                },
            },
        },
    },
}

DEVICE_FILE: dict[str, Any] = {
    "$schema": DRAFT_2020_12,
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "source", "checks"],
    "properties": {
        **_COMMON,
        "checks": {"type": "array", "minItems": 1, "items": _CHECK_ENTRY},
    },
}

FILE_SCHEMAS: dict[str, dict[str, Any]] = {
    "intercom": REQUEST_FILE,
    "mapping": MAPPING_FILE,
    "device": DEVICE_FILE,
}
"""The schema of each contract folder's files, by folder name."""
