"""Configuration: chained setters and analytics-swift 1.9.4 defaults."""

from __future__ import annotations

import pytest

from simulator.sdk.configuration import LIFECYCLE_EVENTS, Configuration


def test_configuration_defaults():
    """A new Configuration has flushAt 20, flushInterval 30 s, every lifecycle event and Segment.io settings."""
    configuration = Configuration("KEY")

    assert configuration.write_key == "KEY"
    assert configuration.flush_at_count == 20
    assert configuration.flush_interval_seconds == 30
    assert configuration.tracked_lifecycle_events == frozenset(LIFECYCLE_EVENTS)
    assert configuration.default_settings == {"integrations": {"Segment.io": True}}


@pytest.mark.parametrize(
    ("setter", "argument"),
    [
        ("flush_at", 3),
        ("flush_interval", 10),
        ("track_application_lifecycle_events", False),
        ("set_tracked_application_lifecycle_events", {"Application Opened"}),
        ("set_default_settings", {"integrations": {}}),
        ("set_auto_add_segment_destination", False),
    ],
)
def test_setter_returns_same_object(setter, argument):
    """Every Configuration setter returns the object it was called on, so calls chain."""
    configuration = Configuration("KEY")

    assert getattr(configuration, setter)(argument) is configuration


def test_chained_setters_apply():
    """Values set through a chain are all kept."""
    configuration = Configuration("KEY").flush_at(3).flush_interval(5).track_application_lifecycle_events(False)

    assert configuration.flush_at_count == 3
    assert configuration.flush_interval_seconds == 5
    assert configuration.tracked_lifecycle_events == frozenset()


def test_configuration_empty_write_key():
    """An empty write key is rejected."""
    with pytest.raises(ValueError):
        Configuration("")


def test_default_urls():
    """Settings come from the Segment CDN for the write key and batches go to api.segment.io/v1/b."""
    configuration = Configuration("KEY")

    assert configuration.settings_url() == "https://cdn-settings.segment.com/v1/projects/KEY/settings"
    assert configuration.batch_url() == "https://api.segment.io/v1/b"
