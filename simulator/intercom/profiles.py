"""Behavior profiles of the Intercom destination plugin port.

``swift-1.0.1`` is segment-integrations/analytics-swift-intercom 1.0.1
(``Sources/SegmentIntercom/IntercomDestination.swift``, commit bbb954f) with every quirk
on. ``documented`` is the mapping in Segment's Intercom destination documentation with
Intercom's API rules applied: every quirk off.

Each quirk is a switch a scenario can turn off (``plugin.quirks``) to see what the fixed
plugin would send.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Quirks:
    """Switches for each way the shipped Swift plugin departs from the documented mapping."""

    user_hash_after_login: bool = True
    """Calls setUserHash after the login call, although Intercom needs the hash before login."""

    created_at_seconds_only: bool = True
    """Reads the sign-up date only from trait created_at, and only as a number of seconds."""

    unrounded_cents: bool = True
    """Sends revenue * 100 as an unrounded Double (19.99 gives 1998.9999999999998)."""

    revenue_total_precedence: bool = True
    """Evaluates `key == "revenue" || key == "total" && !isAmountSet`, so total stays in the metadata when revenue came first."""

    no_default_currency: bool = True
    """Sends a price with no currency when the event has none, where the docs default to usd."""

    currency_only_price: bool = True
    """Builds a price holding only the currency when there is no amount, replacing a price property."""

    nested_price_removes_amount: bool = True
    """Removes the computed price when a dictionary-valued price property is visited after it."""

    company_name_not_mapped: bool = True
    """Leaves a company's name in its custom attributes instead of setting ICMCompany.name."""

    company_created_at_snake_case_only: bool = True
    """Reads a company's creation date only from created_at, not from createdAt as the docs write it."""

    company_id_strings_only: bool = True
    """Maps a company id only when it is a string, so a numeric id stays a custom attribute."""

    null_attributes_dropped: bool = True
    """Drops null trait values, although the Intercom SDK accepts NSNull custom attributes."""

    options_key_capitalized_only: bool = True
    """Reads user_hash, language_override and unsubscribed only from integrations.Intercom, not integrations.intercom."""

    options_only_with_traits: bool = True
    """Reads language_override and unsubscribed only when the identify has traits."""

    no_unidentified_fallback: bool = True
    """Calls logEvent and updateUser with nobody logged in, where the docs log in an unidentified user first."""

    unidentified_login_while_logged_in: bool = True
    """Calls loginUnidentifiedUser for an identify without a userId even when a user is logged in."""

    no_logout_before_switching_user: bool = True
    """Calls loginUser for a new userId while another user is logged in, without a logout first."""

    group_requires_traits: bool = True
    """Makes no Intercom call for a group without traits, so the company id is lost."""

    metadata_in_dictionary_order: bool = True
    """Sends every metadata key in Swift dictionary order; Intercom keeps the first 10, so whether price survives depends on the launch."""

    @classmethod
    def names(cls) -> list[str]:
        return [quirk.name for quirk in fields(cls)]

    @classmethod
    def describe(cls, name: str) -> str:
        """Return the one-line description of quirk ``name``."""
        return _DESCRIPTIONS[name]

    def with_overrides(self, overrides: dict[str, bool]) -> Quirks:
        return replace(self, **overrides)


def _quirk_descriptions() -> dict[str, str]:
    import ast
    import inspect

    source = inspect.getsource(Quirks)
    descriptions: dict[str, str] = {}
    body = ast.parse(source).body[0].body
    for statement, following in zip(body, body[1:]):
        if isinstance(statement, ast.AnnAssign) and isinstance(following, ast.Expr):
            descriptions[statement.target.id] = following.value.value
    return descriptions


_DESCRIPTIONS = _quirk_descriptions()

PROFILES: dict[str, Quirks] = {
    "swift-1.0.1": Quirks(),
    "documented": Quirks(**{name: False for name in Quirks.names()}),
}

DEFAULT_PROFILE = "swift-1.0.1"


def quirks_for(profile: str, overrides: dict[str, bool] | None = None) -> Quirks:
    """Return the quirks of ``profile`` with ``overrides`` applied; KeyError for an unknown profile."""
    return PROFILES[profile].with_overrides(overrides or {})
