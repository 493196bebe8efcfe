"""The loaded form of the contract files: what the checker runs.

``loader`` builds these from the YAML files in ``contracts/``. Every path is parsed,
every matcher and JSON Schema compiled, so checking a request or a call does no parsing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

from simulator.contracts.matchers import Matcher
from simulator.contracts.paths import Path

SEVERITIES = ("error", "warning")

SCHEMA_CHECK = "schema"
HEADERS_CHECK = "headers"
VERSION_CHECK = "version"
BUILT_IN_REQUEST_CHECKS = (SCHEMA_CHECK, HEADERS_CHECK, VERSION_CHECK)
"""Checks that every request contract runs without listing them."""


@dataclass(frozen=True)
class Finding:
    """One broken rule found by a check: where, why and the offending value."""

    path: str
    message: str
    value: Any = None


@dataclass(frozen=True)
class CheckDefinition:
    """A named check that contract files can list, and the parameters it takes.

    ``params`` maps each parameter name to the JSON Schema of its value. ``path_params``
    names the parameters that contain a rooted JSON path or a list of them, which the
    loader parses into segment tuples.
    """

    name: str
    summary: str
    severity: str = "error"
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    path_params: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckSpec:
    """One entry of a contract's ``checks`` list, with its paths parsed."""

    check: str
    severity: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class HeaderRule:
    """A header that every request of a contract must carry, and what its value must match."""

    name: str
    matcher: Matcher
    requirement: str
    """The matcher as written in the contract file, for messages."""


@dataclass(frozen=True)
class RequestContract:
    """The contract of one Intercom REST endpoint: route, headers, body schema per version, checks."""

    id: str
    title: str
    file: FilePath
    method: str
    path: str
    path_pattern: re.Pattern[str]
    headers: tuple[HeaderRule, ...]
    version_header: str | None
    schemas: Mapping[str, Mapping[str, Any]]
    """The composed JSON Schema of the request body, by API version."""
    checks: tuple[CheckSpec, ...]

    def check_ids(self) -> tuple[str, ...]:
        return BUILT_IN_REQUEST_CHECKS + tuple(spec.check for spec in self.checks)

    def matches(self, method: str, path: str) -> bool:
        return method.upper() == self.method and self.path_pattern.fullmatch(path) is not None


@dataclass(frozen=True)
class FieldCondition:
    """A ``when`` entry or an expected argument: a path, its source text and a matcher."""

    path: Path
    text: str
    matcher: Matcher


@dataclass(frozen=True)
class ForEach:
    """Repeat a rule for each key of an event field, skipping the listed keys."""

    field: Path
    text: str
    excluded: frozenset[str]
    value: Matcher | None
    """Only keys whose value matches this take part, when it is set."""


@dataclass(frozen=True)
class Expectation:
    """The SDK call that a rule expects: its method, and matchers on its arguments."""

    method: str
    args: tuple[FieldCondition, ...]


@dataclass(frozen=True)
class MappingRule:
    """One row of Segment's mapping table, as an executable rule."""

    check: str
    description: str
    severity: str
    when: tuple[tuple[FieldCondition, ...], ...]
    """Alternative sets of conditions: the rule applies when the event meets every condition of one set."""
    for_each: ForEach | None
    expect: Expectation


@dataclass(frozen=True)
class MappingContract:
    """The mapping rules for one Segment event type."""

    id: str
    title: str
    file: FilePath
    event: str
    rules: tuple[MappingRule, ...]

    def check_ids(self) -> tuple[str, ...]:
        return tuple(rule.check for rule in self.rules)


@dataclass(frozen=True)
class DeviceContract:
    """Rules on the Intercom iOS SDK call log."""

    id: str
    title: str
    file: FilePath
    checks: tuple[CheckSpec, ...]

    def check_ids(self) -> tuple[str, ...]:
        return tuple(spec.check for spec in self.checks)


@dataclass(frozen=True)
class Contracts:
    """Every contract loaded from one contracts folder."""

    directory: FilePath
    requests: tuple[RequestContract, ...]
    mappings: tuple[MappingContract, ...]
    devices: tuple[DeviceContract, ...]

    def all(self) -> tuple[RequestContract | MappingContract | DeviceContract, ...]:
        return (*self.requests, *self.mappings, *self.devices)

    def check_ids(self) -> set[str]:
        """Return every id that ``select`` and ``ignore`` accept: ``check`` and ``contract/check``."""
        ids: set[str] = set()
        for contract in self.all():
            for check in contract.check_ids():
                ids.add(check)
                ids.add(f"{contract.id}/{check}")
        return ids

    def api_versions(self) -> set[str]:
        """Return the API versions that at least one request contract describes."""
        return {version for contract in self.requests for version in contract.schemas}
