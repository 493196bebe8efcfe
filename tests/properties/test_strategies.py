"""The public strategies keep their promises: valid scenarios, valid lifecycles and the hard values they name."""

from __future__ import annotations

import math
import subprocess
import sys
import unicodedata
from typing import Any

from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from simulator.scenario.loader import scenario_from_mapping
from simulator.strategies import (
    FAKER_LOCALES,
    call_sequences,
    event_names,
    json_scalars,
    json_values,
    people,
    property_keys,
    scenarios,
    track_properties,
    traits,
)

from .conftest import property_settings

# find() stops at the first match, and shrinking that match would only cost time.
FIND_SETTINGS = settings(max_examples=2_000, database=None, derandomize=True, phases=[Phase.generate])


def first(strategy: st.SearchStrategy[Any], condition: Any) -> Any:
    """Return a value of ``strategy`` that meets ``condition``; raise NoSuchExample when 2,000 tries find none."""
    return find(strategy, condition, settings=FIND_SETTINGS)


def app_state_errors(steps: list[Any]) -> list[str]:
    """Replay ``steps`` on a model of the app's lifecycle and return each step that is invalid where it runs."""
    errors = []
    state = "not_running"
    for index, step in enumerate(steps):
        kind = step if isinstance(step, str) else next(iter(step))
        if kind == "launch":
            valid, next_state = state == "not_running", "foreground"
        elif kind == "background":
            valid, next_state = state == "foreground", "background"
        elif kind == "foreground":
            valid, next_state = state == "background", "foreground"
        elif kind in ("terminate", "kill"):
            valid, next_state = state != "not_running", "not_running"
        elif kind in ("advance", "network"):
            valid, next_state = True, state
        else:
            valid, next_state = state != "not_running", state
        if not valid:
            errors.append(f"step {index} ({kind}) with the app {state}")
        state = next_state
    return errors


def characters_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


def is_right_to_left(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


@property_settings(scale=4)
@given(scenarios())
def test_scenarios_pass_loader(mapping: dict[str, Any]) -> None:
    scenario = scenario_from_mapping(mapping)

    assert scenario.steps[0].kind == "launch"


@property_settings(scale=4)
@given(call_sequences(max_calls=15))
def test_sequences_valid_for_app_state(steps: list[Any]) -> None:
    assert steps[0] == "launch"
    assert app_state_errors(steps) == []


@property_settings(scale=4)
@given(scenarios(conforming=True))
def test_conforming_names_have_no_dot_or_dollar(mapping: dict[str, Any]) -> None:
    for step in mapping["steps"]:
        if not isinstance(step, dict) or "track" not in step:
            continue
        name = step["track"]["event"]
        assert "." not in name and "$" not in name, name
        for key in step["track"].get("properties", {}):
            assert "." not in key and "$" not in key, key


@property_settings(scale=4)
@given(track_properties(conforming=True))
def test_conforming_properties_fit_metadata(properties: dict[str, Any]) -> None:
    moved_into_price = {"revenue", "total", "currency"} & set(properties)

    assert len(set(properties) - moved_into_price) + 1 <= 10


@property_settings(scale=4)
@given(event_names())
def test_event_names_never_blank(name: str) -> None:
    assert name.strip()


def test_values_include_special_numbers() -> None:
    assert math.isnan(first(json_scalars(), lambda value: isinstance(value, float) and math.isnan(value)))
    assert math.isinf(first(json_scalars(), lambda value: isinstance(value, float) and math.isinf(value)))
    negative_zero = first(json_scalars(), lambda value: isinstance(value, float) and value == 0 and math.copysign(1, value) < 0)
    assert math.copysign(1, negative_zero) == -1
    assert first(json_scalars(), lambda value: value == 1e-300) == 1e-300
    assert first(json_scalars(), lambda value: value == 19.99) == 19.99
    assert 2**53 < first(json_scalars(), lambda value: type(value) is int and 2**53 < value < 2**63)
    assert first(json_scalars(), lambda value: type(value) is int and value >= 2**63) >= 2**63


def test_values_include_hard_text() -> None:
    assert first(json_scalars(), lambda value: value == "") == ""
    combining = first(json_scalars(), lambda value: any(unicodedata.category(char) == "Mn" for char in characters_of(value)))
    assert any(unicodedata.combining(char) for char in combining)
    right_to_left = first(json_scalars(), lambda value: any(is_right_to_left(char) for char in characters_of(value)))
    assert any(is_right_to_left(char) for char in right_to_left)
    emoji = first(json_scalars(), lambda value: any(0x1F300 <= ord(char) <= 0x1FAFF for char in characters_of(value)))
    assert any(0x1F300 <= ord(char) <= 0x1FAFF for char in emoji)
    assert first(json_scalars(), lambda value: characters_of(value).replace(".", "", 1).isdigit() and "." in characters_of(value))


def test_values_include_dates_and_nesting() -> None:
    assert first(json_scalars(), lambda value: characters_of(value).endswith("Z") and "T" in characters_of(value))
    assert first(json_scalars(), lambda value: type(value) is int and 10**12 <= value < 10**16)
    nested = first(json_values(), lambda value: isinstance(value, dict) and any(isinstance(item, list) for item in value.values()))
    assert any(isinstance(item, list) for item in nested.values())


def test_keys_include_separators_and_case_variants() -> None:
    assert first(property_keys(), lambda key: key == "") == ""
    assert "." in first(property_keys(), lambda key: "." in key)
    assert "$" in first(property_keys(), lambda key: "$" in key)
    assert " " in first(property_keys(), lambda key: " " in key.strip())
    case_variants = first(traits(), lambda values: len({key.casefold() for key in values}) < len(values))
    assert len({key.casefold() for key in case_variants}) < len(case_variants)


def test_payloads_include_money_shapes() -> None:
    assert len(first(track_properties(), lambda properties: len(properties) > 10)) > 10
    both = first(track_properties(), lambda properties: "revenue" in properties and "total" in properties)
    assert {"revenue", "total"} <= set(both)
    currency_only = first(track_properties(), lambda properties: "currency" in properties and "revenue" not in properties)
    assert "revenue" not in currency_only


def test_sequences_reach_many_event_names() -> None:
    steps = first(call_sequences(max_calls=1, distinct_event_names=121), lambda steps: True)
    names = {step["track"]["event"] for step in steps if isinstance(step, dict) and "track" in step}

    assert len(names) > 120


def test_people_cover_every_locale() -> None:
    for locale in FAKER_LOCALES:
        person = first(people(), lambda person, locale=locale: person["locale"] == locale)
        assert person["name"] and "@" in person["email"]


def test_people_replay_from_draws() -> None:
    japanese = first(people(), lambda person: person["locale"] == "ja_JP")

    assert first(people(), lambda person: person["locale"] == "ja_JP") == japanese
    assert any("\u3040" <= char <= "\u9fff" for char in japanese["name"])


def test_cli_import_loads_no_test_libraries() -> None:
    code = "import sys, simulator.cli, simulator.strategies; print(sorted({'faker'} & set(sys.modules)))"
    cli_only = "import sys, simulator.cli; print(sorted({'faker', 'hypothesis'} & set(sys.modules)))"

    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    assert subprocess.run([sys.executable, "-c", cli_only], capture_output=True, text=True, check=True).stdout.strip() == "[]"
