"""Hypothesis settings profiles for the property tests.

``ci`` is the default here. It runs few examples, derandomized and without an example
database, so that a failure repeats on every run. ``python -m pytest tests/properties``
took 14 to 26 seconds with it on a shared 2-core machine. ``long`` runs 50 times as many
examples with random data. Select it with
``python -m pytest tests/properties --hypothesis-profile long``.

NOTE: Hypothesis loads ``--hypothesis-profile`` before pytest imports this conftest,
unless this folder is named on the command line. So ``python -m pytest --hypothesis-profile
long`` without the folder stops with "Profile 'long' is not registered".
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings

PROFILES = ("ci", "long")

# The profiles are registered in tests/conftest.py, which pytest loads before Hypothesis
# reads --hypothesis-profile, so a whole-suite run can select them too.

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
