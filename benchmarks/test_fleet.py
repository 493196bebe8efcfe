"""The device fleet as a pytest suite: one test per simulated device.

Not part of the default test run, because the repository's ``testpaths`` lists only
``tests`` and ``fixtures/scenarios``. ``bench_parallel.py`` runs it serially and with
pytest-xdist to measure the scale-out; the README shows how to spread it over machines.
The tests are marked ``slow``, which the repository's ``addopts`` deselect, so run them
with ``-m slow``. The number of devices comes from the ``FLEET_DEVICES`` environment
variable (default 60). The tests check each device's outcome, never its timing.
"""

from __future__ import annotations

import os

import pytest
from fleet import EVENTS_PER_DEVICE, run_device

DEVICES = int(os.environ.get("FLEET_DEVICES", "60"))

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("device", range(DEVICES), ids=lambda device: f"device-{device:06d}")
def test_fleet_device(device: int) -> None:
    outcome = run_device(device)

    assert outcome["failures"] == []
    assert outcome["passed"]
    assert outcome["events"] == EVENTS_PER_DEVICE
