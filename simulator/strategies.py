"""Hypothesis strategies for Segment calls, device lifecycles and whole scenarios.

The strategies build values in scenario form: each step is what ``scenario_from_mapping``
accepts, such as ``{"track": {"event": "Order Completed", "properties": {...}}}``, and
``scenarios()`` returns a whole scenario mapping. Property tests use them to drive the
simulator with the values that break real integrations:

- text with accents, emoji, right-to-left scripts, combining marks, control characters,
  empty strings and whitespace;
- keys that are empty, contain ``.``, ``$`` or spaces, or differ only by case;
- null, booleans, integers beyond 2**53, 2**63 and 2**64, floats such as 19.99, 0.1,
  -0.0, 1e-300, 1e308, NaN and infinity, and numeric strings;
- nested objects and arrays, dates as ISO 8601 strings, unix seconds and milliseconds;
- more than 10 properties, revenue and total together, a currency without revenue, and
  sequences with more than 120 distinct event names.

Realistic names, emails, companies and phone numbers come from Faker in the locales of
``FAKER_LOCALES``. Faker is seeded from a Hypothesis draw, so every example replays and
shrinks, and it is imported only when a strategy draws from it.

Strategies that take ``conforming=True`` leave out the values that a correct plugin
could not send within Intercom's documented limits. These are ``.`` and ``$`` in names,
more than 10 metadata keys, amounts below one cent, dates outside 1970 to 2100, monthly
spends above 2**31 - 1 and custom attribute strings longer than 255 characters. The
contract property tests use them, because those limits are the app's to keep, not the
plugin's.

This module imports Hypothesis at the top. Nothing else in ``simulator`` imports it at
module level, so importing the CLI loads neither Hypothesis nor Faker.
"""

from __future__ import annotations

import functools
import operator
import string
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from simulator.intercom.profiles import PROFILES

__all__ = [
    "FAKER_LOCALES",
    "NETWORK_STATES",
    "alias_steps",
    "call_sequences",
    "call_steps",
    "company_traits",
    "dates",
    "event_names",
    "group_steps",
    "identify_steps",
    "integrations_options",
    "json_scalars",
    "json_values",
    "lifecycle_steps",
    "people",
    "property_keys",
    "reset_steps",
    "scenarios",
    "screen_steps",
    "seeds",
    "text_values",
    "track_properties",
    "track_steps",
    "traits",
    "user_ids",
]

FAKER_LOCALES = ("en_US", "de_DE", "ja_JP", "ar_SA", "fr_FR", "pt_BR")
"""Locales that ``people()`` draws from, with Latin letters and accents, Japanese and Arabic script."""

NETWORK_STATES = ("offline", "wifi", "cellular")

ADVANCE_DURATIONS = ("250ms", "1s", "9s", "10s", "11s", "30s", "31s", "5m", "1h")
"""Durations of ``advance`` steps, around the 10-second settings debounce and the 30-second flush interval."""

# Intercom keeps custom attribute strings up to 255 characters.
_MAX_ATTRIBUTE_LENGTH = 255
# Keys a conforming track adds next to the standard ones, before the trim to Intercom's 10 metadata keys.
_MAX_CONFORMING_EXTRA_PROPERTIES = 6
_MONTHLY_SPEND_LIMIT = 2**31 - 1
# Conforming dates stay between 1970 and 2100, so that seconds are well below 1e11.
_EARLIEST_DATE = datetime(1970, 1, 2, tzinfo=timezone.utc)
_LATEST_DATE = datetime(2100, 1, 1, tzinfo=timezone.utc)

# Strings that real integrations get wrong.
_TRICKY_TEXT = (
    "",
    " ",
    "\t\n",
    "é",  # precomposed (NFC)
    "e\u0301",  # e + combining acute accent (NFD), looks the same as the line above
    "Zoë Ångström-Øre",
    "😀",
    "👩‍👩‍👧‍👦",  # one grapheme, several code points joined by ZWJ
    "🇩🇪",
    "مرحبا بالعالم",
    "שלום",
    "\u202etxt.exe",  # right-to-left override
    "山田 太郎",
    "null",
    "None",
    "true",
    "false",
    "0",
    "19.99",
    "1e400",
    "NaN",
    "-0",
    "0x1F",
    " 42 ",
    "\u0000",
    "a" * 256,
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE contacts;--",
)
_CONFORMING_TRICKY_TEXT = tuple(text for text in _TRICKY_TEXT if len(text) <= _MAX_ATTRIBUTE_LENGTH)

_TRICKY_KEYS = (
    "",
    " ",
    ".",
    "a.b",
    "$price",
    "price$",
    "first name",
    " padded ",
    "email",
    "Email",
    "EMAIL",
    "revenue",
    "Revenue",
    "currency",
    "price",
    "total",
    "__proto__",
    "constructor",
    "ключ",
    "名前",
    "مفتاح",
    "😀",
    "e\u0301",
    "é",
)
_CONFORMING_TRICKY_KEYS = tuple(key for key in _TRICKY_KEYS if key.strip() and "." not in key and "$" not in key)

_TRICKY_INTEGERS = (
    0,
    1,
    -1,
    2**31 - 1,
    2**31,
    2**53,
    2**53 + 1,
    -(2**53) - 1,
    2**63 - 1,
    2**63,
    -(2**63),
    -(2**63) - 1,
    2**64 + 1,
    10**30,
    10**400,
)
_INT64 = (-(2**63), 2**63 - 1)

_TRICKY_FLOATS = (
    19.99,
    0.1,
    0.30000000000000004,
    99.95,
    -0.0,
    1e-300,
    5e-324,
    1e38,
    1e300,
    1e308,
    1.7976931348623157e308,
    -1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
)

_CURRENCIES = ("USD", "usd", "EUR", "eur", "JPY", "BRL", "SAR", "", "€", "XBT", "US Dollar")
_CONFORMING_CURRENCIES = ("USD", "usd", "EUR", "eur", "JPY", "BRL", "SAR", "GBP")

_EVENT_NAMES = (
    "Order Completed",
    "order completed",
    "ORDER COMPLETED",
    "Product Viewed",
    "Signed Up",
    "Application Opened",
    "Checkout Step.2",
    "Price $ Changed",
    "Bestellung abgeschlossen",
    "注文完了",
    "تم الطلب",
    "🛒 Added",
    "e\u0301vénement",
    " padded ",
)

_PROPERTY_KEYS = ("revenue", "total", "currency", "price", "value", "order_id", "products", "coupon", "sku", "quantity")

_JS_DATE = "{weekday} {month} {day:02d} {year:04d} {hour:02d}:{minute:02d}:{second:02d} {zone}"
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Every public factory is cached. Hypothesis strategies are immutable, and building a
# recursive strategy anew for each draw costs more than running a short scenario.


def _compact_repr(factory: Callable[..., st.SearchStrategy[Any]]) -> Callable[..., st.SearchStrategy[Any]]:
    """Wrap ``factory`` so that its strategies print as ``deferred(...)``.

    The full repr of a nested strategy here runs to tens of kilobytes, and Hypothesis warns
    when it builds one that large, as it does for the rules of a state machine.
    """
    @functools.wraps(factory)
    def build(*args: Any, **kwargs: Any) -> st.SearchStrategy[Any]:
        return st.deferred(lambda: factory(*args, **kwargs))

    return build


@functools.cache
def seeds() -> st.SearchStrategy[int]:
    """Generate scenario seeds from 0 to 2**63 - 1, the range the loader accepts, often below 1,000."""
    return st.one_of(st.integers(min_value=0, max_value=1_000), st.integers(min_value=0, max_value=2**63 - 1))


@functools.cache
@_compact_repr
def text_values(*, conforming: bool = False, max_size: int = 24) -> st.SearchStrategy[str]:
    """Generate strings: tricky samples (accents, emoji, right-to-left, combining marks, numeric text) and random Unicode.

    Random text leaves out lone surrogates, which no Swift ``String`` can contain. With
    ``conforming`` the strings are at most 255 characters long.
    """
    samples = _CONFORMING_TRICKY_TEXT if conforming else _TRICKY_TEXT
    generated = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=max_size)
    return st.one_of(st.sampled_from(samples), generated)


@functools.cache
@_compact_repr
def property_keys(*, conforming: bool = False) -> st.SearchStrategy[str]:
    """Generate keys of traits and properties, among them empty keys, keys with ``.``, ``$`` or spaces, and case variants.

    With ``conforming`` a key is non-blank and contains neither ``.`` nor ``$``, the
    characters Intercom does not keep in attribute names.
    """
    if conforming:
        letters = string.ascii_letters + string.digits + "_ -éüßñ名前ключ"
        generated = st.text(alphabet=letters, min_size=1, max_size=12).filter(lambda key: key.strip())
        return st.one_of(st.sampled_from(_CONFORMING_TRICKY_KEYS), generated)
    generated = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12)
    return st.one_of(st.sampled_from(_TRICKY_KEYS), generated)


@functools.cache
def _integers(conforming: bool) -> st.SearchStrategy[int]:
    if conforming:
        return st.one_of(
            st.sampled_from([value for value in _TRICKY_INTEGERS if _INT64[0] <= value <= _INT64[1]]),
            st.integers(min_value=_INT64[0], max_value=_INT64[1]),
        )
    return st.one_of(st.sampled_from(_TRICKY_INTEGERS), st.integers())


@functools.cache
@_compact_repr
def json_scalars(*, conforming: bool = False) -> st.SearchStrategy[Any]:
    """Generate JSON scalars: null, booleans, integers, floats (NaN and infinity included), strings and dates.

    With ``conforming`` integers stay within Int64, the range of Swift's ``Int``, and
    strings within 255 characters. Floats keep NaN and infinity either way, because
    analytics-swift sends them as 0.
    """
    return st.one_of(
        st.none(),
        st.booleans(),
        _integers(conforming),
        st.sampled_from(_TRICKY_FLOATS),
        st.floats(),
        text_values(conforming=conforming),
        dates(conforming=conforming),
    )


@functools.cache
@_compact_repr
def json_values(*, conforming: bool = False, max_leaves: int = 8) -> st.SearchStrategy[Any]:
    """Generate JSON values: scalars, and objects and arrays of them nested a few levels deep."""
    keys = property_keys(conforming=conforming)
    return st.recursive(
        json_scalars(conforming=conforming),
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(keys, children, max_size=3),
        ),
        max_leaves=max_leaves,
    )


@functools.cache
@_compact_repr
def dates(*, conforming: bool = False) -> st.SearchStrategy[Any]:
    """Generate dates as apps send them: ISO 8601 strings, unix seconds, unix milliseconds and ``Date.toString()`` text.

    Without ``conforming`` the dates also include years 1 and 9999, far-future seconds,
    text that only looks like a date, and dates without a timezone. With ``conforming``
    every date lies between 1970 and 2100.
    """
    if conforming:
        moments = st.datetimes(min_value=_EARLIEST_DATE.replace(tzinfo=None), max_value=_LATEST_DATE.replace(tzinfo=None),
                               timezones=st.just(timezone.utc))
    else:
        moments = st.datetimes(timezones=st.sampled_from([
            timezone.utc, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)), timezone(timedelta(hours=5, minutes=30)),
        ]))

    forms = [
        moments.map(_iso_z),
        moments.map(datetime.isoformat),
        moments.map(_iso_milliseconds),
        moments.map(_javascript_date),
    ]
    if conforming:
        forms += [
            moments.map(lambda moment: int(moment.timestamp())),
            moments.map(lambda moment: int(moment.timestamp() * 1000)),
            moments.map(lambda moment: moment.timestamp()),
        ]
    else:
        forms += [
            st.integers(min_value=-(2**40), max_value=2**40),
            st.integers(min_value=10**11, max_value=10**16),
            st.floats(min_value=-1e20, max_value=1e20),
            st.sampled_from([
                "0001-01-01T00:00:00+01:00",
                "9999-12-31T23:59:59-01:00",
                "2026-02-30T10:00:00Z",
                "2026-01-15",
                "2026-01-15T09:00:00",
                "15/01/2026",
                "yesterday",
                "Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)",
                1e308,
                -1,
            ]),
        ]
    return st.one_of(*forms)


def _iso_z(moment: datetime) -> str:
    """Format ``moment`` in UTC with a ``Z``, or with its own offset when UTC falls outside years 1 to 9999."""
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        return moment.isoformat()
    return utc.isoformat().replace("+00:00", "Z")


def _iso_milliseconds(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _javascript_date(moment: datetime) -> str:
    """Format ``moment`` as JavaScript's ``Date.toString()`` does in the moment's own offset, without the zone name."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    hours, rest = divmod(abs(int(offset.total_seconds())), 3600)
    zone = f"GMT{sign}{hours:02d}{rest // 60:02d}"
    return _JS_DATE.format(weekday=_WEEKDAYS[moment.weekday()], month=_MONTHS[moment.month - 1], day=moment.day,
                           year=moment.year, hour=moment.hour, minute=moment.minute, second=moment.second, zone=zone)


@functools.cache
def _faker(locale: str) -> Any:
    """Return the one Faker instance of ``locale``, because building one takes tens of milliseconds."""
    from faker import Faker

    return Faker(locale)


def _person(locale: str, seed: int) -> dict[str, str]:
    faker = _faker(locale)
    faker.seed_instance(seed)
    return {
        "locale": locale,
        "name": faker.name(),
        "first_name": faker.first_name(),
        "last_name": faker.last_name(),
        "email": faker.email(),
        "phone": faker.phone_number(),
        "company": faker.company(),
    }


@functools.cache
@_compact_repr
def people(locales: tuple[str, ...] = FAKER_LOCALES) -> st.SearchStrategy[dict[str, str]]:
    """Generate realistic people from Faker, each a mapping of locale, name, first and last name, email, phone and company.

    The keys are ``locale``, ``name``, ``first_name``, ``last_name``, ``email``, ``phone``
    and ``company``. Faker is seeded with a drawn integer before each use, so a Hypothesis example replays
    exactly. It is imported at the first draw.
    """
    return st.builds(_person, st.sampled_from(locales), st.integers(min_value=0, max_value=2**32 - 1))


def _field(name: str) -> st.SearchStrategy[str]:
    return people().map(operator.itemgetter(name))


@functools.cache
@_compact_repr
def user_ids(*, conforming: bool = False) -> st.SearchStrategy[str]:
    """Generate Segment user ids: realistic ids, emails from Faker, and Unicode or whitespace ids.

    Without ``conforming`` the empty string is included, which the Intercom SDK rejects
    for a login.
    """
    realistic = st.one_of(
        st.integers(min_value=1, max_value=10**6).map(lambda number: f"user-{number}"),
        st.uuids().map(str),
        _field("email"),
    )
    unusual = text_values(conforming=conforming, max_size=12)
    if conforming:
        unusual = unusual.filter(lambda text: text != "")
    return st.one_of(realistic, unusual)


def _string_or_any(value: st.SearchStrategy[Any], conforming: bool) -> st.SearchStrategy[Any]:
    """Generate mostly from ``value`` and sometimes any JSON value, because apps send wrong types."""
    return st.one_of(value, value, json_values(conforming=conforming, max_leaves=3))


_MappingStrategy = st.SearchStrategy[dict[str, Any]]


def _with_extra(standard: _MappingStrategy, extra: _MappingStrategy) -> _MappingStrategy:
    """Merge the keys of ``extra`` into each ``standard`` mapping, where it has no value for them."""
    return st.tuples(standard, extra).map(lambda pair: {**pair[1], **pair[0]})


@functools.cache
@_compact_repr
def company_traits(*, conforming: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Generate company traits, for ``group`` and for the ``company`` trait of ``identify``.

    They may have ``id``, ``name``, ``plan``, ``monthly_spend``, ``created_at`` and
    ``createdAt`` next to other keys, each of the expected type or another.
    """
    if conforming:
        spend = st.integers(min_value=0, max_value=_MONTHLY_SPEND_LIMIT) | st.floats(min_value=0, max_value=_MONTHLY_SPEND_LIMIT)
    else:
        spend = json_scalars()
    standard = st.fixed_dictionaries({}, optional={
        "id": st.one_of(st.uuids().map(str), st.integers(min_value=0, max_value=10**6), text_values(conforming=conforming)),
        "name": _string_or_any(_field("company"), conforming),
        "plan": _string_or_any(st.sampled_from(["free", "pro", "enterprise", "Pro "]), conforming),
        "monthly_spend": spend,
        "created_at": dates(conforming=conforming),
        "createdAt": dates(conforming=conforming),
    })
    extra = st.dictionaries(property_keys(conforming=conforming), json_values(conforming=conforming), max_size=4)
    return _with_extra(standard, extra)


@functools.cache
@_compact_repr
def traits(*, conforming: bool = False, exclude: tuple[str, ...] = (), max_extra: int = 12) -> st.SearchStrategy[dict[str, Any]]:
    """Generate identify traits: Faker people, standard traits of any type, tricky keys and more than 10 keys.

    ``exclude`` names keys to leave out, such as ``user_id``, which renames the Intercom
    contact. ``max_extra`` caps the keys added next to the standard traits.
    """
    emails = _field("email").flatmap(lambda email: st.sampled_from([email, email.upper(), f" {email} "]))
    candidates: dict[str, st.SearchStrategy[Any]] = {
        "email": _string_or_any(emails, conforming),
        "name": _string_or_any(st.one_of(_field("name"), _field("first_name")), conforming),
        "phone": _string_or_any(_field("phone"), conforming),
        "user_id": _string_or_any(user_ids(conforming=conforming), conforming),
        "plan": _string_or_any(st.sampled_from(["free", "pro", "Pro"]), conforming),
        "title": st.none() | text_values(conforming=conforming),
        "age": st.one_of(st.integers(min_value=0, max_value=120), st.sampled_from([19.5, "42", -1])),
        "createdAt": dates(conforming=conforming),
        "created_at": dates(conforming=conforming),
        "signedUpAt": dates(conforming=conforming),
        "company": st.one_of(company_traits(conforming=conforming), json_scalars(conforming=conforming)),
    }
    standard = st.fixed_dictionaries({}, optional={key: value for key, value in candidates.items() if key not in exclude})
    extra_keys = property_keys(conforming=conforming).filter(lambda key: key not in exclude)
    extra = st.dictionaries(extra_keys, json_values(conforming=conforming), max_size=max_extra)
    return _with_extra(standard, extra)


@functools.cache
@_compact_repr
def track_properties(*, conforming: bool = False, max_extra: int = 12) -> st.SearchStrategy[dict[str, Any]]:
    """Generate track properties: revenue, total and currency in every combination, nested products and tricky keys.

    The standard keys are ``revenue``, ``total``, ``currency``, ``price``, ``value``,
    ``order_id``, ``products``, ``coupon``, ``sku`` and ``quantity``. Without ``conforming``
    there may be more than 10 keys and the amounts include 0, negative, tiny, huge and
    non-numeric values. With ``conforming`` amounts are at least one cent, and the
    metadata the plugin builds has at most Intercom's 10 keys.
    """
    if conforming:
        amount = st.one_of(
            st.sampled_from([19.99, 0.1, 99.95, 1, 1000, 0.01]),
            st.decimals(min_value="0.01", max_value="1000000", places=2).map(float),
        )
        currency = st.sampled_from(_CONFORMING_CURRENCIES)
    else:
        amount = st.one_of(st.sampled_from([19.99, 0.1, 99.95, 0, -5, 1e-300, 2**63, "19.99", None, True]), json_scalars())
        currency = st.one_of(st.sampled_from(_CURRENCIES), json_scalars())

    product = st.fixed_dictionaries({"sku": text_values(conforming=conforming), "price": amount, "quantity": st.integers(0, 5)})
    nested_price = st.dictionaries(property_keys(conforming=conforming), json_scalars(conforming=conforming), max_size=2)
    standard = st.fixed_dictionaries({}, optional={
        "revenue": amount,
        "total": amount,
        "currency": currency,
        "price": st.one_of(amount, nested_price),
        "value": amount,
        "order_id": st.one_of(st.uuids().map(str), st.integers(min_value=0, max_value=2**64)),
        "products": st.lists(product, max_size=3),
        "coupon": st.none() | text_values(conforming=conforming),
        "sku": text_values(conforming=conforming),
        "quantity": _integers(conforming),
    })

    if conforming:
        extra_keys = property_keys(conforming=True).filter(lambda key: key not in _PROPERTY_KEYS)
        extra = st.dictionaries(extra_keys, json_values(conforming=True), max_size=_MAX_CONFORMING_EXTRA_PROPERTIES)
        return _with_extra(standard, extra).map(_trim_to_metadata_limit)
    extra = st.dictionaries(property_keys(), json_values(), max_size=max_extra)
    return _with_extra(standard, extra)


def _trim_to_metadata_limit(properties: dict[str, Any]) -> dict[str, Any]:
    """Drop keys until the metadata has at most 10 keys: the properties, less those moved into price, plus price."""
    moved = {"revenue", "total", "currency"} & set(properties)
    while len(set(properties) - moved) + 1 > 10:
        removable = next(key for key in reversed(list(properties)) if key not in moved)
        del properties[removable]
    return properties


@functools.cache
@_compact_repr
def event_names(*, conforming: bool = False) -> st.SearchStrategy[str]:
    """Generate event names: common Segment names, case variants, names with ``.`` or ``$``, Unicode and random text.

    Every name has a non-blank character, as the scenario loader requires. With
    ``conforming`` names contain neither ``.`` nor ``$``.
    """
    samples = [name for name in _EVENT_NAMES if not conforming or ("." not in name and "$" not in name)]
    names = st.one_of(st.sampled_from(samples), text_values(conforming=conforming, max_size=30)).filter(lambda name: name.strip())
    if conforming:
        names = names.filter(lambda name: "." not in name and "$" not in name)
    return names


@functools.cache
@_compact_repr
def integrations_options(*, conforming: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Generate the ``integrations`` object of a call: Intercom options under ``Intercom`` or ``intercom``, or a switch.

    The options are ``user_hash``, ``language_override`` and ``unsubscribed``. Without
    ``conforming`` their values may have the wrong type. ``{"Intercom": false}`` keeps the
    event from the destination.
    """
    wrong_types = st.nothing() if conforming else st.one_of(st.booleans(), text_values(max_size=8), st.integers())
    options = st.fixed_dictionaries({}, optional={
        "user_hash": st.one_of(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), wrong_types),
        "language_override": st.one_of(st.sampled_from(["fr", "de", "ja", "ar", "pt-BR"]), wrong_types),
        "unsubscribed": st.one_of(st.booleans(), wrong_types),
    })
    return st.one_of(
        options.map(lambda entry: {"Intercom": entry}),
        options.map(lambda entry: {"intercom": entry}),
        st.just({"Intercom": False}),
        st.just({"All": True}),
    )


def _step(kind: str, required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]) -> _MappingStrategy:
    # A nested fixed_dictionaries, not a map, so that Hypothesis prints a falsifying step as plain data.
    return st.fixed_dictionaries({kind: st.fixed_dictionaries(required, optional=optional)})


@functools.cache
@_compact_repr
def identify_steps(*, conforming: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Generate ``identify`` steps, each with or without a userId (or a null one), traits and integrations."""
    return _step("identify", {}, {
        "userId": st.one_of(st.none(), user_ids(conforming=conforming)),
        "traits": traits(conforming=conforming),
        "integrations": integrations_options(conforming=conforming),
    })


@functools.cache
@_compact_repr
def track_steps(*, conforming: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Generate ``track`` steps: an event name, and properties and integrations or not."""
    return _step("track", {"event": event_names(conforming=conforming)}, {
        "properties": track_properties(conforming=conforming),
        "integrations": integrations_options(conforming=conforming),
    })


@functools.cache
@_compact_repr
def screen_steps(*, conforming: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Generate ``screen`` steps: a name (possibly empty), and a category and properties or not."""
    properties = st.dictionaries(property_keys(conforming=conforming), json_values(conforming=conforming), max_size=4)
    return _step("screen", {"name": text_values(conforming=conforming)}, {
        "category": text_values(conforming=conforming),
        "properties": properties,
    })


@functools.cache
@_compact_repr
def group_steps(*, conforming: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Generate ``group`` steps: a groupId (possibly empty), and company traits and integrations or not."""
    group_ids = st.one_of(
        st.uuids().map(str),
        st.integers(min_value=1, max_value=10**4).map(lambda number: f"company-{number}"),
        text_values(conforming=conforming),
    )
    return _step("group", {"groupId": group_ids}, {
        "traits": company_traits(conforming=conforming),
        "integrations": integrations_options(conforming=conforming),
    })


@functools.cache
@_compact_repr
def alias_steps(*, conforming: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Generate ``alias`` steps: a new user id, and integrations or not."""
    options = {"integrations": integrations_options(conforming=conforming)}
    return _step("alias", {"newId": user_ids(conforming=conforming)}, options)


@functools.cache
def reset_steps() -> st.SearchStrategy[str]:
    """Generate the ``reset`` step, which takes no arguments."""
    return st.just("reset")


@functools.cache
@_compact_repr
def call_steps(*, conforming: bool = False) -> st.SearchStrategy[Any]:
    """Generate one Segment call of any kind, or a ``flush``, which are the steps that need a running app."""
    return st.one_of(
        identify_steps(conforming=conforming),
        track_steps(conforming=conforming),
        screen_steps(conforming=conforming),
        group_steps(conforming=conforming),
        alias_steps(conforming=conforming),
        reset_steps(),
        st.just("flush"),
    )


@functools.cache
def lifecycle_steps(state: str = "foreground") -> st.SearchStrategy[list[Any]]:
    """Generate a device lifecycle move that is valid for an app in ``state`` (``foreground`` or ``background``).

    Each move is a list of steps that leaves the app running: ``background`` from the
    foreground, ``foreground`` from the background, ``terminate`` or ``kill`` followed by
    ``launch``, ``advance`` by a duration, or a ``network`` change.
    """
    if state not in ("foreground", "background"):
        raise ValueError(f"invalid app state {state!r}. Pass 'foreground' or 'background' to lifecycle_steps.")
    switch = ["background"] if state == "foreground" else ["foreground"]
    return st.one_of(
        st.just(switch),
        st.sampled_from([["terminate", "launch"], ["kill", "launch"]]),
        st.sampled_from(ADVANCE_DURATIONS).map(lambda duration: [{"advance": duration}]),
        st.sampled_from(NETWORK_STATES).map(lambda network: [{"network": network}]),
    )


def _state_after(state: str, move: list[Any]) -> str:
    if move == ["background"]:
        return "background"
    if move in (["foreground"], ["terminate", "launch"], ["kill", "launch"]):
        return "foreground"
    return state


def _reuse_user_id(step: Any, known_ids: list[str], choice: int) -> Any:
    """Return ``step`` with its userId or newId replaced by ``known_ids[choice]``, when ``choice`` indexes one."""
    if choice >= len(known_ids) or not isinstance(step, dict):
        return step
    kind, arguments = next(iter(step.items()))
    if kind == "identify" and arguments.get("userId") is not None:
        return {kind: {**arguments, "userId": known_ids[choice]}}
    if kind == "alias":
        return {kind: {**arguments, "newId": known_ids[choice]}}
    return step


@st.composite
def call_sequences(
    draw: st.DrawFn,
    *,
    min_calls: int = 1,
    max_calls: int = 10,
    lifecycle: bool = True,
    conforming: bool = False,
    distinct_event_names: int = 0,
) -> list[Any]:
    """Generate scenario steps: ``launch``, then Segment calls between lifecycle moves valid for the app's state.

    Every call runs while the app is running, ``foreground`` only follows ``background``
    and every ``terminate`` or ``kill`` is followed by ``launch``, except that the
    sequence may end with the app terminated or killed. Identify and alias calls mostly
    reuse up to three user ids, so that users switch. ``distinct_event_names`` adds that
    many ``track`` calls whose names all differ (Intercom keeps 120 active event names
    per workspace).
    """
    known_ids = draw(st.lists(user_ids(conforming=conforming), min_size=1, max_size=3, unique=True))
    calls = []
    for _ in range(draw(st.integers(min_value=min_calls, max_value=max_calls))):
        call = draw(call_steps(conforming=conforming))
        calls.append(_reuse_user_id(call, known_ids, draw(st.integers(min_value=0, max_value=len(known_ids)))))
    if distinct_event_names:
        names = draw(st.lists(event_names(conforming=conforming), min_size=distinct_event_names,
                              max_size=distinct_event_names, unique=True))
        calls = draw(st.permutations(calls + [{"track": {"event": name}} for name in names]))

    steps: list[Any] = ["launch"]
    state = "foreground"
    for call in calls:
        if lifecycle:
            for _ in range(draw(st.integers(min_value=0, max_value=2))):
                move = draw(lifecycle_steps(state))
                steps += move
                state = _state_after(state, move)
        steps.append(call)

    if lifecycle and draw(st.booleans()):
        steps.append(draw(st.sampled_from(["terminate", "kill"])))
    return steps


@st.composite
def scenarios(
    draw: st.DrawFn,
    profile: str | None = None,
    *,
    lifecycle_events: bool | None = None,
    device_lifecycle: bool = True,
    conforming: bool = False,
    min_calls: int = 1,
    max_calls: int = 10,
    distinct_event_names: int = 0,
) -> dict[str, Any]:
    """Generate whole scenario mappings for ``scenario_from_mapping``, with Intercom settings, a seed and a call sequence.

    ``profile`` fixes the plugin profile (default: either). ``lifecycle_events`` fixes
    ``trackApplicationLifecycleEvents`` (default: either). ``device_lifecycle`` goes to
    ``call_sequences`` as ``lifecycle``, and so do the other arguments. The scenario has
    no expectations.
    """
    chosen_profile = profile if profile is not None else draw(st.sampled_from(sorted(PROFILES)))
    track_lifecycle = lifecycle_events if lifecycle_events is not None else draw(st.booleans())
    steps = draw(call_sequences(min_calls=min_calls, max_calls=max_calls, lifecycle=device_lifecycle,
                                conforming=conforming, distinct_event_names=distinct_event_names))
    return {
        "name": "generated",
        "seed": draw(seeds()),
        "sdk": {
            "writeKey": "PROPERTY_WRITE_KEY",
            "flushAt": draw(st.integers(min_value=1, max_value=20)),
            "trackApplicationLifecycleEvents": track_lifecycle,
        },
        "settings": {"integrations": {"Intercom": {"appId": "propapp1", "mobileApiKey": "ios_sdk-property0key00"}}},
        "plugin": {"profile": chosen_profile},
        "intercom": {"apiVersion": draw(st.sampled_from(["2.11", "2.16"]))},
        "steps": steps,
    }
