"""ContractChecker: routing, select and ignore, configuration errors and schema caching."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.contracts import ContractChecker, ContractError, load_contracts
from simulator.contracts.loader import DEFAULT_DIRECTORY
from simulator.contracts import schemas
from simulator.contracts.schemas import validator_for
from simulator.errors import SimulatorError

from .conftest import call, exchange

BROKEN_EVENT = {
    "event_name": "order.completed",
    "created_at": 1_768_467_600_000,
    "user_id": "u1",
    "metadata": {"price": {"amount": 1998.9999999999998, "currency": "usd"}, "items": [1, 2]},
}


def checks_of(violations: list) -> list[str]:
    return sorted(violation.check for violation in violations)


def test_reports_every_violation_of_a_request(checker: ContractChecker) -> None:
    violations = checker.check_request(exchange("POST", "/events", BROKEN_EVENT))

    assert checks_of(violations) == ["amount-integer-cents", "name-characters", "scalar-values", "timestamp-seconds"]
    assert {violation.contract for violation in violations} == {"intercom.create-data-event"}


def test_reports_every_schema_error(checker: ContractChecker) -> None:
    body = {"company_id": 5, "size": "big", "test": 1, "other": 2}

    violations = checker.check_request(exchange("POST", "/companies", body))

    assert sorted(violation.path for violation in violations) == ["$.company_id", "$.other", "$.size", "$.test"]


def test_other_services_are_not_checked(checker: ContractChecker) -> None:
    request = exchange("POST", "/v1/b", {"batch": []}, service="segment", headers={})

    assert checker.check_request(request) == []


def test_routes_without_contract_are_not_checked(checker: ContractChecker) -> None:
    assert checker.check_request(exchange("GET", "/contacts/abc", None)) == []


def test_literal_route_wins_over_template(checker: ContractChecker) -> None:
    violations = checker.check_request(exchange("POST", "/contacts/search", {}))

    assert [(violation.contract, violation.path) for violation in violations] == [("intercom.search-contacts", "$.query")]


def test_query_string_is_ignored_for_routing(checker: ContractChecker) -> None:
    request = exchange("POST", "/contacts/search?include_merge_history=true", {})

    assert [violation.contract for violation in checker.check_request(request)] == ["intercom.search-contacts"]


def test_header_names_are_case_insensitive(checker: ContractChecker) -> None:
    headers = {"authorization": "Bearer t", "intercom-version": "2.11", "accept": "application/json", "content-type": "application/json; charset=utf-8"}

    assert checker.check_request(exchange("POST", "/contacts", {"role": "lead"}, headers=headers)) == []


def test_authorization_value_is_redacted(checker: ContractChecker) -> None:
    headers = {"Authorization": "Token secret-token-value", "Intercom-Version": "2.11", "Accept": "application/json", "Content-Type": "application/json"}

    violations = checker.check_request(exchange("POST", "/contacts", {"role": "lead"}, headers=headers))

    assert violations[0].value == "Token <redacted>"
    assert "secret-token-value" not in violations[0].message


def test_version_differing_from_configured_is_reported() -> None:
    checker = ContractChecker(api_version="2.11")

    violations = checker.check_request(exchange("POST", "/contacts", {"role": "user", "owner_id": "7"}, version="2.16"))

    assert [(violation.check, violation.value) for violation in violations] == [("version", "2.16")]


def test_body_checked_with_configured_version_when_header_missing() -> None:
    headers = {"Authorization": "Bearer t", "Accept": "application/json", "Content-Type": "application/json"}
    checker = ContractChecker(api_version="2.16")

    violations = checker.check_request(exchange("POST", "/contacts", {"role": "user", "owner_id": 7}, headers=headers))

    assert sorted((violation.check, violation.path) for violation in violations) == [
        ("headers", "headers.Intercom-Version"),
        ("schema", "$.owner_id"),
    ]


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    ((), (), ["amount-integer-cents", "name-characters", "scalar-values", "timestamp-seconds"]),
    (["amount-integer-cents"], (), ["amount-integer-cents"]),
    (["intercom.create-data-event/timestamp-seconds"], (), ["timestamp-seconds"]),
    (["intercom.create-contact/timestamp-seconds"], (), []),
    ((), ["scalar-values", "intercom.create-data-event/name-characters"], ["amount-integer-cents", "timestamp-seconds"]),
    (["amount-integer-cents", "timestamp-seconds"], ["timestamp-seconds"], ["amount-integer-cents"]),
])
def test_select_and_ignore(select: list[str], ignore: list[str], expected: list[str]) -> None:
    checker = ContractChecker(select=select, ignore=ignore)

    assert checks_of(checker.check_request(exchange("POST", "/events", BROKEN_EVENT))) == expected


def test_select_applies_to_device_and_mapping_checks() -> None:
    checker = ContractChecker(select=["identify-email"])

    device = checker.check_sdk_call(call("logEvent", name="x"))
    mapping = checker.check_event_calls({"type": "identify", "userId": "u1", "traits": {"email": "a@example.com"}}, [])

    assert device == []
    assert checks_of(mapping) == ["identify-email"]


def test_ignored_device_check_still_tracks_state() -> None:
    checker = ContractChecker(ignore=["logout-before-switching-user"])

    checker.check_sdk_call(call("loginUser", attributes={"userId": "u1"}))

    assert checker.check_sdk_call(call("logEvent", name="x")) == []


@pytest.mark.parametrize(("option", "value", "suggestion"), [
    ("select", "amount-integer-cent", "amount-integer-cents"),
    ("ignore", "intercom.create-data-event/timestamp-second", "intercom.create-data-event/timestamp-seconds"),
    ("select", "identify-mail", "identify-email"),
])
def test_unknown_check_id_suggests_nearest(option: str, value: str, suggestion: str) -> None:
    with pytest.raises(SimulatorError) as error:
        ContractChecker(**{option: [value]})

    assert f"Unknown check id {value!r} in {option}" in str(error.value)
    assert f"did you mean {suggestion!r}?" in str(error.value)


def test_unsupported_api_version_is_rejected() -> None:
    with pytest.raises(ContractError) as error:
        ContractChecker(api_version="2.12")

    assert "'2.12' is not described by" in str(error.value)
    assert "use one of 2.11, 2.16" in str(error.value)


def test_default_directory_is_repository_contracts() -> None:
    assert DEFAULT_DIRECTORY == Path(__file__).resolve().parents[2] / "contracts"
    assert load_contracts().directory == DEFAULT_DIRECTORY


def test_contracts_dir_accepts_a_path(contracts_copy: Path) -> None:
    checker = ContractChecker(contracts_dir=contracts_copy)

    assert checker.contracts.directory == contracts_copy.resolve()
    assert checks_of(checker.check_request(exchange("POST", "/events", BROKEN_EVENT)))


def test_schema_validator_is_compiled_once(monkeypatch: pytest.MonkeyPatch, contracts_copy: Path) -> None:
    built = []
    real_class = schemas.Draft202012Validator

    def build_validator(schema: dict) -> object:
        built.append(schema)
        return real_class(schema)

    monkeypatch.setattr(schemas, "Draft202012Validator", build_validator)
    monkeypatch.setattr(schemas, "_VALIDATORS", {})

    for version in ("2.11", "2.16", "2.11"):
        checker = ContractChecker(api_version=version, contracts_dir=contracts_copy)
        checker.check_request(exchange("POST", "/events", BROKEN_EVENT, version=version))
        checker.check_request(exchange("POST", "/events", BROKEN_EVENT, version=version))

    contract_count = len(load_contracts(contracts_copy).requests)
    assert len(built) == contract_count * 2


def test_same_validator_object_is_reused() -> None:
    contract = next(contract for contract in load_contracts().requests if contract.id == "intercom.create-data-event")

    validator = validator_for(contract.id, "2.11", dict(contract.schemas["2.11"]))

    assert validator_for(contract.id, "2.11", dict(contract.schemas["2.11"])) is validator
    assert validator_for(contract.id, "2.16", dict(contract.schemas["2.16"])) is not validator


def test_same_id_with_other_schema_gets_own_validator() -> None:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}

    first = validator_for("test.cache", "2.11", schema)
    second = validator_for("test.cache", "2.11", {**schema, "required": ["x"]})

    assert first is not second
    assert validator_for("test.cache", "2.11", dict(schema)) is first


def test_loaded_contracts_are_cached() -> None:
    assert load_contracts() is load_contracts()


def test_changed_file_is_reloaded(contracts_copy: Path) -> None:
    before = load_contracts(contracts_copy)
    file = contracts_copy / "mapping" / "reset.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("reset-logout", "reset-calls-logout"), encoding="utf-8")

    after = load_contracts(contracts_copy)

    assert after is not before
    assert "reset-calls-logout" in after.check_ids()
