"""Hypothesis settings profiles for the property tests.

``ci`` is the default here. It runs few examples, derandomized and without an example
database, so that a failure repeats on every run. ``python -m pytest tests/properties``
took 19 to 26 seconds with it on a shared 2-core machine. ``long`` runs 50 times as many
examples with random data. Select it with
``python -m pytest tests/properties --hypothesis-profile long``.

NOTE: Hypothesis loads ``--hypothesis-profile`` before pytest imports this conftest,
unless this folder is named on the command line. So ``python -m pytest --hypothesis-profile
long`` without the folder stops with "Profile 'long' is not registered".
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings

PROFILES = ("ci", "long")

_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example, HealthCheck.filter_too_much]

settings.register_profile(
    "ci",
    max_examples=8,
    stateful_step_count=20,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_DATA,
)
settings.register_profile(
    "long",
    max_examples=400,
    stateful_step_count=60,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_DATA,
)


def property_settings(*, scale: float = 1, **changes: Any) -> settings:
    """Return the settings of the selected profile (``long`` when chosen, else ``ci``) with ``changes`` applied.

    ``scale`` multiplies the profile's ``max_examples``: above 1 for cheap tests, below 1
    for slow ones. The property tests take their settings from here rather than from
    Hypothesis's global default, so this folder's ``ci`` profile leaves the other tests'
    settings alone.
    """
    selected = settings.get_current_profile_name()
    profile = settings.get_profile(selected if selected in PROFILES else "ci")
    examples = max(1, round(profile.max_examples * scale))
    return settings(profile, **{"max_examples": examples, **changes})
