"""The Intercom plugin's identify and group mapping: traits to ICMUserAttributes and ICMCompany.

Source: segment-integrations/analytics-swift-intercom 1.0.1, ``setUserAttributes`` and
``setCompanyAttributes`` in ``IntercomDestination.swift``.

- ``email``, ``user_id``, ``name`` and ``phone`` are mapped only when they are strings;
  otherwise they stay custom attributes.
- ``created_at`` is mapped to ``signedUpAt`` only when it casts to Double, read as
  seconds since 1970.
- ``language_override`` (string) and ``unsubscribed`` (bool) come from
  ``integrations.Intercom``.
- A ``company`` dictionary becomes the only entry of ``companies``.
- Custom attributes are the remaining traits whose value is a string, integer, double or
  bool, so null, dictionaries and arrays are dropped.
- Companies map ``id`` (string) to ``companyId``, ``monthly_spend`` (number),
  ``plan`` (string) and ``created_at`` (number of seconds); ``name`` is not mapped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from simulator.intercom.attributes import Company, UserAttributes
from simulator.intercom.profiles import Quirks
from simulator.swift.bridging import as_bool, as_double, as_string, is_int, is_scalar_attribute

KeyOrder = Callable[[dict[str, Any]], list[str]]

# Unix times above this many seconds (year 5138) are read as milliseconds by the documented profile.
_MILLISECONDS_THRESHOLD = 1e11

_STRING_ATTRIBUTES = (("email", "email"), ("user_id", "user_id"), ("name", "name"), ("phone", "phone"))


def intercom_options(integrations: Any, quirks: Quirks) -> dict[str, Any]:
    """Return the event's Intercom integration options, as the plugin looks them up."""
    if not isinstance(integrations, dict):
        return {}
    options = integrations.get("Intercom")
    if not isinstance(options, dict) and not quirks.options_key_capitalized_only:
        options = integrations.get("intercom")
    return options if isinstance(options, dict) else {}


def user_attributes(traits: dict[str, Any], options: dict[str, Any], quirks: Quirks, order: KeyOrder) -> UserAttributes:
    """Map identify traits and options to the attributes of ``updateUser``."""
    attributes = UserAttributes()
    custom = dict(traits)

    for trait, field in _STRING_ATTRIBUTES:
        value = as_string(traits.get(trait))
        if value is not None:
            setattr(attributes, field, value)
            custom.pop(trait, None)

    signed_up_key, signed_up_at = _signed_up_at(traits, quirks)
    if signed_up_key is not None:
        attributes.signed_up_at = signed_up_at
        custom.pop(signed_up_key, None)

    language = as_string(options.get("language_override"))
    if language is not None:
        attributes.language_override = language
    unsubscribed = as_bool(options.get("unsubscribed"))
    if unsubscribed is not None:
        attributes.unsubscribed_from_emails = unsubscribed

    company = traits.get("company")
    if isinstance(company, dict):
        attributes.companies = [company_attributes(company, quirks, order)]

    attributes.custom_attributes = _custom_attributes(custom, traits, quirks, order)
    return attributes


def company_attributes(values: dict[str, Any], quirks: Quirks, order: KeyOrder) -> Company:
    """Map a company dictionary (identify's ``company`` or group traits) to an ICMCompany."""
    company = Company()
    custom = dict(values)

    company_id = _company_id(values.get("id"), quirks)
    if company_id is not None:
        company.company_id = company_id
        custom.pop("id", None)

    monthly_spend = as_double(values.get("monthly_spend"))
    if monthly_spend is not None:
        company.monthly_spend = monthly_spend
        custom.pop("monthly_spend", None)

    plan = as_string(values.get("plan"))
    if plan is not None:
        company.plan = plan
        custom.pop("plan", None)

    created_keys = ("created_at",) if quirks.company_created_at_snake_case_only else ("createdAt", "created_at")
    created_key, created_at = _first_date(values, created_keys, seconds_only=quirks.company_created_at_snake_case_only)
    if created_key is not None:
        company.created_at = created_at
        custom.pop(created_key, None)

    name = as_string(values.get("name"))
    if name is not None and not quirks.company_name_not_mapped:
        company.name = name
        custom.pop("name", None)

    company.custom_attributes = _custom_attributes(custom, values, quirks, order)
    return company


def _custom_attributes(custom: dict[str, Any], source: dict[str, Any], quirks: Quirks, order: KeyOrder) -> dict[str, Any]:
    """Drop every key whose source value the SDK cannot store, then order as Swift iterates."""
    for key in order(source):
        value = source[key]
        keeps_null = value is None and not quirks.null_attributes_dropped
        if not is_scalar_attribute(value) and not keeps_null:
            custom.pop(key, None)
    return {key: custom[key] for key in order(custom)}


def _company_id(value: Any, quirks: Quirks) -> str | None:
    text = as_string(value)
    if text is not None or quirks.company_id_strings_only:
        return text
    if is_int(value):
        return str(int(value))
    return None


def _signed_up_at(traits: dict[str, Any], quirks: Quirks) -> tuple[str | None, float | None]:
    if quirks.created_at_seconds_only:
        return _first_date(traits, ("created_at",), seconds_only=True)
    return _first_date(traits, ("signedUpAt", "created_at", "createdAt"), seconds_only=False)


def _first_date(values: dict[str, Any], keys: tuple[str, ...], *, seconds_only: bool) -> tuple[str | None, float | None]:
    """Return the first of ``keys`` that contains a date, and that date as unix seconds."""
    for key in keys:
        if key not in values:
            continue
        seconds = as_double(values[key]) if seconds_only else parse_date(values[key])
        if seconds is not None:
            return key, seconds
    return None, None


def parse_date(value: Any) -> float | None:
    """Read a sign-up or creation date as unix seconds, the way the documented mapping expects.

    Numbers are seconds, or milliseconds when larger than 1e11. Strings may be ISO 8601
    or the JavaScript ``Date.toString()`` form that Segment's docs use
    (``Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)``).
    """
    number = as_double(value)
    if number is not None:
        return number / 1000 if abs(number) > _MILLISECONDS_THRESHOLD else number

    text = as_string(value)
    if text is None:
        return None
    return _parse_date_text(text.strip())


def _parse_date_text(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = _parse_javascript_date(text)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _parse_javascript_date(text: str) -> datetime | None:
    """Parse ``Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)``."""
    words = text.split(" (")[0].split()
    if len(words) != 6 or not words[5].startswith("GMT"):
        return None
    weekday, month, day, year, clock, zone = words
    try:
        return parsedate_to_datetime(f"{weekday}, {day} {month} {year} {clock} {zone[3:]}")
    except (TypeError, ValueError):
        return None
