"""No secret of a scenario reaches any output: reports, snapshots, logs or error messages.

The secrets are read from each fixture scenario's YAML: ``sdk.writeKey``,
``settings.integrations.Intercom.mobileApiKey``, ``intercom.accessToken``,
``intercom.identityVerification.secret`` and every ``user_hash`` or ``userHash`` under a
step's ``integrations``. The scenario file itself contains them; only outputs are checked.
"""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator import cli
from simulator.errors import ScenarioError
from simulator.report.snapshot import render_snapshot, snapshot_data
from simulator.scenario.loader import load_scenario, load_scenario_text
from simulator.scenario.runner import run_scenario

REPOSITORY = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((REPOSITORY / "fixtures" / "scenarios").rglob("*.yaml"))
SCENARIO_IDS = [str(path.relative_to(REPOSITORY / "fixtures" / "scenarios")) for path in SCENARIOS]


def read_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def step_arguments(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the argument mapping of every step written as ``- kind: {...}``."""
    arguments = []
    for step in data.get("steps") or []:
        if isinstance(step, dict) and len(step) == 1:
            [value] = step.values()
            if isinstance(value, dict):
                arguments.append(value)
    return arguments


def scenario_secrets(data: dict[str, Any]) -> set[str]:
    """Return the secret values written in a scenario mapping."""
    intercom = data.get("intercom") or {}
    verification = intercom.get("identityVerification")
    integrations = (data.get("settings") or {}).get("integrations") or {}
    values = {
        (data.get("sdk") or {}).get("writeKey"),
        (integrations.get("Intercom") or {}).get("mobileApiKey"),
        intercom.get("accessToken"),
        verification.get("secret") if isinstance(verification, dict) else None,
    }
    for arguments in step_arguments(data):
        for options in (arguments.get("integrations") or {}).values():
            if isinstance(options, dict):
                values.update(options.get(key) for key in ("user_hash", "userHash"))
    return {value for value in values if isinstance(value, str) and value}


def leaks(outputs: dict[str, str], secrets: set[str]) -> list[tuple[str, str]]:
    """Return the (output name, secret) pairs where the secret appears in the output."""
    return [(name, secret) for name, text in outputs.items() for secret in sorted(secrets) if secret in text]


def run_main(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str, str]:
    code = cli.main(["run", *map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_fixture_has_secrets() -> None:
    """Each fixture yields at least its write key and mobile API key, so the checks below are not empty."""
    counts = {path.name: len(scenario_secrets(read_yaml(path))) for path in SCENARIOS}

    assert SCENARIOS
    assert all(count >= 2 for count in counts.values()), counts


def log_outputs(records: list[logging.LogRecord]) -> dict[str, str]:
    """Return the messages and raw arguments of log records, without the known settings-URL leak."""
    checked = list(records)
    return {
        "log messages": "\n".join(record.getMessage() for record in checked),
        "log arguments": repr([record.args for record in checked]),
    }


def is_settings_request_log(record: logging.LogRecord) -> bool:
    """Return whether the record is httpx's INFO line for the settings request."""
    return record.name == "httpx" and "/v1/projects/" in record.getMessage()


@pytest.mark.parametrize("path", SCENARIOS, ids=SCENARIO_IDS)
def test_run_outputs(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """JSON, text, JUnit XML, the snapshot and DEBUG logs of a run show no secret, though the raw trace has one."""
    secrets = scenario_secrets(read_yaml(path))
    report = tmp_path / "report.xml"
    caplog.set_level(logging.DEBUG)

    json_code, json_out, json_err = run_main(capsys, path, "--format", "json", "--junit-xml", report)
    text_code, text_out, text_err = run_main(capsys, path)
    result = run_scenario(load_scenario(path))
    outputs = {
        "json stdout": json_out,
        "json stderr": json_err,
        "junit": report.read_text(encoding="utf-8"),
        "text stdout": text_out,
        "text stderr": text_err,
        "snapshot": render_snapshot(snapshot_data(result)),
        **log_outputs(caplog.records),
    }
    raw_trace = json.dumps([request.to_json() for request in result.trace.all_requests()])

    assert json_code == 0, json_err
    assert text_code == 0, text_err
    assert caplog.records
    assert any(secret in raw_trace for secret in secrets)
    assert leaks(outputs, secrets) == []


def test_settings_request_log(caplog: pytest.LogCaptureFixture) -> None:
    """The settings request's log line shows no write key."""
    path = REPOSITORY / "fixtures" / "scenarios" / "segment-doc-examples.yaml"
    write_key = read_yaml(path)["sdk"]["writeKey"]
    caplog.set_level(logging.DEBUG)

    run_scenario(load_scenario(path))
    settings_lines = [record.getMessage() for record in caplog.records if is_settings_request_log(record)]

    assert settings_lines
    assert not any(write_key in line for line in settings_lines)


def invalid_variants(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return copies of a scenario mapping that the loader rejects, each near a secret."""
    variants: dict[str, dict[str, Any]] = {}

    def variant(name: str) -> dict[str, Any]:
        variants[name] = copy.deepcopy(data)
        return variants[name]

    sdk = data.get("sdk") or {}
    variant("sdk_unknown_key")["sdk"] = {**sdk, "flushAtt": 3}
    if "writeKey" in sdk:
        misspelled = {key: value for key, value in sdk.items() if key != "writeKey"}
        variant("write_key_misspelled")["sdk"] = {**misspelled, "writeKye": sdk["writeKey"]}
    variant("sdk_as_list")["sdk"] = [sdk]
    variant("integrations_as_list")["settings"] = {"integrations": [(data.get("settings") or {}).get("integrations")]}

    intercom = data.get("intercom") or {}
    variant("intercom_unknown_key")["intercom"] = {**intercom, "acessToken": "misspelled"}
    if isinstance(intercom.get("identityVerification"), dict):
        variant("verification_unknown_key")["intercom"]["identityVerification"]["secrt"] = "misspelled"
        variant("verification_as_list")["intercom"]["identityVerification"] = [intercom["identityVerification"]]

    for index, step in enumerate(data.get("steps") or []):
        if not (isinstance(step, dict) and isinstance(next(iter(step.values())), dict)):
            continue
        [(kind, arguments)] = step.items()
        if "integrations" not in arguments:
            continue
        variant(f"step_{index}_unknown_key")["steps"][index] = {kind: {**arguments, "traitz": {}}}
        variant(f"step_{index}_flush_with_arguments")["steps"][index] = {"flush": arguments}
        variant(f"step_{index}_integrations_as_list")["steps"][index] = {kind: {**arguments, "integrations": [arguments["integrations"]]}}
    return variants


def text_variants(text: str, data: dict[str, Any]) -> dict[str, str]:
    """Return broken copies of the scenario text: a YAML error or a tag right at a secret."""
    variants = {"duplicate_sdk": text + f"\nsdk: {{writeKey: {(data.get('sdk') or {}).get('writeKey', 'KEY')}}}\n"}
    for number, secret in enumerate(sorted(scenario_secrets(data))):
        variants[f"unterminated_quote_{number}"] = text.replace(secret, f'"{secret}', 1)
        variants[f"tag_{number}"] = text.replace(secret, f"!secret {secret}", 1)
    return variants


@pytest.mark.parametrize("path", SCENARIOS, ids=SCENARIO_IDS)
def test_invalid_variants(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Errors for invalid copies of the scenario, with a bad key or value next to a secret, show no secret."""
    text = path.read_text(encoding="utf-8")
    data = read_yaml(path)
    secrets = scenario_secrets(data)
    texts = {name: yaml.safe_dump(variant, sort_keys=False) for name, variant in invalid_variants(data).items()}
    texts.update(text_variants(text, data))

    outputs: dict[str, str] = {}
    for name, variant_text in texts.items():
        with pytest.raises(ScenarioError) as info:
            load_scenario_text(variant_text, f"{name}.yaml")
        outputs[f"{name} exception"] = str(info.value)

        file = tmp_path / f"{name}.yaml"
        file.write_text(variant_text, encoding="utf-8")
        code, out, err = run_main(capsys, file)
        outputs[f"{name} exit code"] = str(code)
        outputs[f"{name} output"] = out + err

    assert all(outputs[f"{name} exit code"] == "2" for name in texts)
    assert leaks(outputs, secrets) == []


@pytest.mark.parametrize("path", SCENARIOS, ids=SCENARIO_IDS)
def test_step_error(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A step the app state does not allow fails the run with a message that shows no secret."""
    data = read_yaml(path)
    data["steps"] = ["foreground", *data["steps"]]
    file = tmp_path / "step-error.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    code, out, err = run_main(capsys, file)

    assert code == 2
    assert leaks({"stdout": out, "stderr": err}, scenario_secrets(data)) == []


def test_failed_expectations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Expected values that quote the secrets are redacted when the expectation fails and is printed."""
    data = read_yaml(REPOSITORY / "fixtures" / "scenarios" / "faults" / "identity-verification-shipped.yaml")
    data["intercom"]["accessToken"] = "dG9rOmZha2UwYWNjZXNzMHRva2Vu"
    secrets = scenario_secrets(data)
    data["expect"] = {
        "sdk_calls": [{"method": "setUserHash", "args": {"hash": secret}} for secret in sorted(secrets)],
        "requests": [{"headers": {"X-Secret": secret}} for secret in sorted(secrets)],
    }
    file = tmp_path / "failing.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    report = tmp_path / "report.xml"

    json_code, json_out, json_err = run_main(capsys, file, "--format", "json", "--junit-xml", report)
    text_code, text_out, text_err = run_main(capsys, file)
    outputs = {
        "json": json_out + json_err,
        "junit": report.read_text(encoding="utf-8"),
        "text": text_out + text_err,
    }

    assert len(secrets) == 5
    assert json_code == 1
    assert text_code == 1
    assert "FAILED expect.sdk_calls[0]" in text_out
    assert leaks(outputs, secrets) == []


def test_debug_log_records(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A wrong access token makes the fake workspace log its 401s at DEBUG, and its records show no secret."""
    data = read_yaml(REPOSITORY / "fixtures" / "scenarios" / "segment-doc-examples.yaml")
    data["intercom"] = {**(data.get("intercom") or {}), "accessToken": "dG9rOm90aGVyMHdvcmtzcGFjZTB0b2tlbg=="}
    data.pop("expect", None)
    data.pop("snapshot", None)
    secrets = scenario_secrets(data)
    caplog.set_level(logging.DEBUG)

    run_scenario(load_scenario_text(yaml.safe_dump(data, sort_keys=False), "wrong-token.yaml"))
    messages = [record.getMessage() for record in caplog.records]

    assert any("returned 401" in message for message in messages)
    assert leaks(log_outputs(caplog.records), secrets) == []
