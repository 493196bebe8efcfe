"""Pin ``IntercomDestination.track`` end to end, through analytics-swift on a simulated phone."""

from __future__ import annotations

import pytest

from .helpers import identify_step, only_call

DOC_EXAMPLE = {"order_ID": "2969302398", "category": "boots", "price": 99.95, "currency": "EUR"}


def track_metadata_run(run_steps, properties, **options):
    steps = ["launch", identify_step(), {"track": {"event": "Order Completed", "properties": properties}}]
    return run_steps(steps, **options)


def log_event_args(result):
    return only_call(result, "logEvent").args


def test_no_properties_name_only(run_steps):
    result = run_steps(["launch", identify_step(), {"track": {"event": "Signed In"}}])

    assert log_event_args(result) == {"name": "Signed In"}


def test_empty_properties_metadata(run_steps):
    result = track_metadata_run(run_steps, {})

    assert log_event_args(result) == {"name": "Order Completed", "metaData": {}}


def test_revenue_unrounded(run_steps):
    result = track_metadata_run(run_steps, {"revenue": 19.99})

    assert log_event_args(result)["metaData"] == {"price": {"amount": 1998.9999999999998}}


def test_revenue_rounded_quirk_off(run_steps):
    result = track_metadata_run(run_steps, {"revenue": 19.99}, plugin={"quirks": {"unrounded_cents": False}})

    assert log_event_args(result)["metaData"] == {"price": {"amount": 1999}}


@pytest.mark.parametrize("revenue", [20, 20.0], ids=["int", "float"])
def test_revenue_integral(run_steps, revenue):
    result = track_metadata_run(run_steps, {"revenue": revenue})

    amount = log_event_args(result)["metaData"]["price"]["amount"]
    assert amount == 2000.0
    assert isinstance(amount, float)


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        (0, {"price": {"amount": 1000.0}}),
        (8, {"price": {"amount": 1000.0}, "total": 5}),
    ],
    ids=["total-first", "revenue-first"],
)
def test_revenue_total_seed(run_steps, seed, expected):
    """The launch's dictionary order decides whether total survives: seed 0 visits total first, seed 8 revenue first."""
    result = track_metadata_run(run_steps, {"revenue": 10, "total": 5}, seed=seed)

    assert log_event_args(result)["metaData"] == expected


def test_revenue_total_seed_stable(run_steps):
    """The same seed replays the same dictionary order."""
    first = track_metadata_run(run_steps, {"revenue": 10, "total": 5}, seed=8)
    second = track_metadata_run(run_steps, {"revenue": 10, "total": 5}, seed=8)

    assert log_event_args(first) == log_event_args(second)


def test_doc_example_swift(run_steps):
    result = track_metadata_run(run_steps, DOC_EXAMPLE)

    assert log_event_args(result)["metaData"] == {"order_ID": "2969302398", "category": "boots", "price": {"currency": "EUR"}}


def test_doc_example_documented(run_steps):
    result = track_metadata_run(run_steps, DOC_EXAMPLE, profile="documented")

    assert log_event_args(result)["metaData"] == DOC_EXAMPLE


def test_nested_properties_dropped(run_steps):
    result = track_metadata_run(run_steps, {"products": [{"sku": "a1"}], "cart": {"id": "c1"}, "coupon": "X"})

    assert log_event_args(result)["metaData"] == {"coupon": "X"}


def test_metadata_reaches_intercom(run_steps):
    result = track_metadata_run(run_steps, {"revenue": 10, "currency": "EUR"})

    assert result.workspace.events[-1]["metadata"] == {"price": {"amount": 1000.0, "currency": "EUR"}}
