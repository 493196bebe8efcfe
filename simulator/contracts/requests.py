"""Check one HTTP request against the contract of its Intercom REST endpoint.

The contract is found by method and path template. Its checks run in this order, and
every problem found is reported:

1. ``headers``: each required header is present and matches its matcher.
2. ``version``: the version header names a version the contract describes, and the same
   version the checker was configured with.
3. ``schema``: the body matches the JSON Schema of the request's version.
4. The semantic checks that the contract lists.

The body is validated with the version the request declares when the contract describes
it, else with the checker's configured version, which is the version Intercom applies to
a request without the header.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.contracts.checks import REQUEST_CHECKS
from simulator.contracts.model import HEADERS_CHECK, SCHEMA_CHECK, VERSION_CHECK, Finding, RequestContract
from simulator.contracts.paths import MISSING
from simulator.contracts.schemas import schema_findings, validator_for
from simulator.contracts.values import show
from simulator.trace import HttpExchange, Violation

# Headers whose values are credentials: messages show only the auth scheme.
SECRET_HEADERS = frozenset({"authorization"})


def find_contract(contracts: Sequence[RequestContract], method: str, path: str) -> RequestContract | None:
    """Return the contract for ``method`` and ``path``, preferring a literal route over a template."""
    matches = [contract for contract in contracts if contract.matches(method, path)]
    if not matches:
        return None
    return min(matches, key=lambda contract: contract.path.count("{"))


def request_violations(contract: RequestContract, exchange: HttpExchange, api_version: str) -> list[Violation]:
    """Return every violation of ``contract`` by ``exchange``, before select and ignore apply."""
    headers = {name.lower(): value for name, value in exchange.headers.items()}
    violations = [_violation(contract, HEADERS_CHECK, "error", finding) for finding in _header_findings(contract, headers)]

    version, version_findings = _body_version(contract, headers, api_version)
    violations += [_violation(contract, VERSION_CHECK, "error", finding) for finding in version_findings]

    validator = validator_for(contract.id, version, dict(contract.schemas[version]))
    violations += [_violation(contract, SCHEMA_CHECK, "error", finding) for finding in schema_findings(validator, exchange.json, version)]

    for spec in contract.checks:
        run = REQUEST_CHECKS[spec.check][1]
        violations += [_violation(contract, spec.check, spec.severity, finding) for finding in run(exchange.json, dict(spec.params))]
    return violations


def _header_findings(contract: RequestContract, headers: dict[str, str]) -> list[Finding]:
    findings = []
    for rule in contract.headers:
        value = headers.get(rule.name.lower(), MISSING)
        if rule.matcher.mismatch(value, {}) is None:
            continue
        path = f"headers.{rule.name}"
        if value is MISSING:
            findings.append(Finding(path, f"The {rule.name} header is missing, but {contract.id} requires it.", None))
            continue
        displayed_value = _redacted(rule.name, value)
        findings.append(Finding(path, f"The {rule.name} header is {show(displayed_value)}, but {contract.id} requires {rule.requirement}.", displayed_value))
    return findings


def _body_version(contract: RequestContract, headers: dict[str, str], api_version: str) -> tuple[str, list[Finding]]:
    """Return the version whose schema applies, and the findings of the version check."""
    if contract.version_header is None:
        return api_version, []
    declared = headers.get(contract.version_header.lower())
    if declared is None:
        return api_version, []  # A missing header is the headers check's to report.

    path = f"headers.{contract.version_header}"
    supported = sorted(contract.schemas)
    if declared not in contract.schemas:
        message = (f"{contract.version_header} {show(declared)} is not a version that {contract.id} describes "
                   f"({', '.join(supported)}), so the body is checked against {api_version} instead.")
        return api_version, [Finding(path, message, declared)]
    if declared != api_version:
        message = f"{contract.version_header} {show(declared)} differs from the API version {api_version} that the run is configured for."
        return declared, [Finding(path, message, declared)]
    return declared, []


def _redacted(name: str, value: str) -> str:
    if name.lower() not in SECRET_HEADERS:
        return value
    scheme, _, credentials = value.partition(" ")
    return f"{scheme} <redacted>" if credentials else "<redacted>"


def _violation(contract: RequestContract, check: str, severity: str, finding: Finding) -> Violation:
    return Violation(contract=contract.id, check=check, path=finding.path, severity=severity, message=finding.message, value=finding.value)
