"""Pin ``user_attributes``, ``company_attributes``, ``intercom_options`` and ``parse_date``.

These map identify traits and group traits to the ICMUserAttributes and ICMCompany the
plugin passes to ``updateUser``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.intercom.user_mapping import company_attributes, intercom_options, parse_date, user_attributes
from simulator.swift.json import iso8601_from_unix

from .helpers import DOCUMENTED, ORDER_IDS, ORDERS, SWIFT, insertion_order, without

order_param = pytest.mark.parametrize("order", ORDERS, ids=ORDER_IDS)


def map_traits(traits, options=None, quirks=SWIFT, order=insertion_order):
    return user_attributes(traits, options or {}, quirks, order)


# Standard user attributes

STRING_TRAITS = [("email", "email", "ann@example.com"), ("user_id", "user_id", "u9"), ("name", "name", "Ann"), ("phone", "phone", "+15551234")]


@pytest.mark.parametrize(("trait", "field", "value"), STRING_TRAITS, ids=[row[0] for row in STRING_TRAITS])
def test_string_trait_mapped(trait, field, value):
    attributes = map_traits({trait: value})

    assert getattr(attributes, field) == value
    assert trait not in attributes.custom_attributes


@pytest.mark.parametrize(("trait", "field"), [row[:2] for row in STRING_TRAITS], ids=[row[0] for row in STRING_TRAITS])
def test_numeric_trait_stays_custom(trait, field):
    """Only strings pass ``as? String``, so a number stays a custom attribute."""
    attributes = map_traits({trait: 5551234})

    assert getattr(attributes, field) is None
    assert attributes.custom_attributes == {trait: 5551234}


def test_user_id_trait_args_name():
    """Trait user_id becomes the updateUser attribute userId."""
    attributes = map_traits({"user_id": "u9"})

    assert attributes.to_args() == {"userId": "u9", "customAttributes": {}}


# Sign-up date


def test_created_at_seconds():
    attributes = map_traits({"created_at": 1437318870.988})

    assert attributes.to_args()["signedUpAt"] == "2015-07-19T15:14:30.988Z"
    assert "created_at" not in attributes.custom_attributes


def test_created_at_milliseconds_far_future():
    """A millisecond timestamp is read as seconds, so the date lands in year 47516."""
    attributes = map_traits({"created_at": 1437318870988})

    assert attributes.to_args()["signedUpAt"].startswith("47516-")


def test_created_at_string_stays_custom():
    attributes = map_traits({"created_at": "2015-07-19T15:14:30.988Z"})

    assert attributes.signed_up_at is None
    assert attributes.custom_attributes == {"created_at": "2015-07-19T15:14:30.988Z"}


@pytest.mark.parametrize("key", ["signedUpAt", "createdAt"])
def test_camel_case_date_stays_custom(key):
    attributes = map_traits({key: 1437318870})

    assert attributes.signed_up_at is None
    assert attributes.custom_attributes == {key: 1437318870}


@pytest.mark.parametrize("key", ["signedUpAt", "created_at", "createdAt"])
@pytest.mark.parametrize("value", [1437318870.988, 1437318870988, "2015-07-19T15:14:30.988Z"], ids=["seconds", "millis", "iso"])
def test_date_read_when_quirk_off(key, value):
    """With created_at_seconds_only off, every date key is read as seconds, milliseconds or ISO 8601."""
    attributes = map_traits({key: value}, quirks=without("created_at_seconds_only"))

    assert attributes.to_args()["signedUpAt"] == "2015-07-19T15:14:30.988Z"
    assert key not in attributes.custom_attributes


# Integration options


def test_language_override_string():
    attributes = map_traits({}, {"language_override": "fr"})

    assert attributes.language_override == "fr"


def test_language_override_non_string_ignored():
    attributes = map_traits({}, {"language_override": 7})

    assert attributes.language_override is None


@pytest.mark.parametrize("value", [True, False])
def test_unsubscribed_bool(value):
    attributes = map_traits({}, {"unsubscribed": value})

    assert attributes.unsubscribed_from_emails is value


def test_unsubscribed_string_ignored():
    attributes = map_traits({}, {"unsubscribed": "true"})

    assert attributes.unsubscribed_from_emails is None


def test_options_capitalized_key():
    assert intercom_options({"Intercom": {"user_hash": "h"}}, SWIFT) == {"user_hash": "h"}


def test_options_lower_case_ignored():
    assert intercom_options({"intercom": {"user_hash": "h"}}, SWIFT) == {}


def test_options_lower_case_quirk_off():
    options = intercom_options({"intercom": {"user_hash": "h"}}, without("options_key_capitalized_only"))

    assert options == {"user_hash": "h"}


@pytest.mark.parametrize("integrations", [None, {}, {"Intercom": True}, {"Intercom": "x"}], ids=["none", "empty", "bool", "string"])
def test_options_not_a_dictionary(integrations):
    """An Intercom entry that is not a dictionary fails ``as? [AnyHashable: Any]``."""
    assert intercom_options(integrations, SWIFT) == {}


# Custom attributes


@order_param
def test_scalar_custom_attributes_kept(order):
    traits = {"plan": "pro", "logins": 3, "score": 2.5, "vip": True}

    attributes = map_traits(traits, order=order)

    assert attributes.custom_attributes == traits


def test_null_attribute_dropped():
    attributes = map_traits({"nickname": None, "plan": "pro"})

    assert attributes.custom_attributes == {"plan": "pro"}


def test_null_attribute_kept_when_quirk_off():
    attributes = map_traits({"nickname": None}, quirks=without("null_attributes_dropped"))

    assert attributes.custom_attributes == {"nickname": None}


@pytest.mark.parametrize("quirks", [SWIFT, DOCUMENTED], ids=["swift-1.0.1", "documented"])
def test_nested_attributes_dropped(quirks):
    """Dictionaries and arrays are dropped under every profile."""
    attributes = map_traits({"address": {"city": "Paris"}, "tags": ["a"], "plan": "pro"}, quirks=quirks)

    assert attributes.custom_attributes == {"plan": "pro"}


def test_empty_traits():
    attributes = map_traits({})

    assert attributes.to_args() == {"customAttributes": {}}


def test_traits_not_mutated():
    traits = {"email": "ann@example.com", "tags": ["a"], "company": {"id": "c1"}}

    map_traits(traits)

    assert traits == {"email": "ann@example.com", "tags": ["a"], "company": {"id": "c1"}}


# Company of an identify


def test_company_becomes_companies():
    attributes = map_traits({"company": {"id": "c1", "plan": "pro"}})

    assert attributes.to_args()["companies"] == [{"companyId": "c1", "plan": "pro", "customAttributes": {}}]


def test_company_dict_not_custom():
    attributes = map_traits({"company": {"id": "c1"}})

    assert "company" not in attributes.custom_attributes


def test_company_string_stays_custom():
    """A company string is not mapped to an ICMCompany and stays a custom attribute."""
    attributes = map_traits({"company": "Acme"})

    assert attributes.companies is None
    assert attributes.custom_attributes == {"company": "Acme"}


# Company attributes


def test_company_string_id_mapped():
    company = company_attributes({"id": "c1"}, SWIFT, insertion_order)

    assert company.company_id == "c1"
    assert company.custom_attributes == {}


def test_company_numeric_id_stays_custom():
    company = company_attributes({"id": 123}, SWIFT, insertion_order)

    assert company.company_id is None
    assert company.custom_attributes == {"id": 123}


def test_company_numeric_id_quirk_off():
    company = company_attributes({"id": 123}, without("company_id_strings_only"), insertion_order)

    assert company.company_id == "123"
    assert company.custom_attributes == {}


def test_company_name_stays_custom():
    company = company_attributes({"name": "Acme"}, SWIFT, insertion_order)

    assert company.name is None
    assert company.custom_attributes == {"name": "Acme"}


def test_company_name_quirk_off():
    company = company_attributes({"name": "Acme"}, without("company_name_not_mapped"), insertion_order)

    assert company.name == "Acme"
    assert company.custom_attributes == {}


def test_company_plan_mapped():
    company = company_attributes({"plan": "pro"}, SWIFT, insertion_order)

    assert company.plan == "pro"
    assert company.custom_attributes == {}


def test_company_plan_number_stays_custom():
    company = company_attributes({"plan": 3}, SWIFT, insertion_order)

    assert company.plan is None
    assert company.custom_attributes == {"plan": 3}


@pytest.mark.parametrize("value", [250, 99.5], ids=["int", "double"])
def test_company_monthly_spend_number(value):
    company = company_attributes({"monthly_spend": value}, SWIFT, insertion_order)

    assert company.monthly_spend == float(value)
    assert company.custom_attributes == {}


def test_company_monthly_spend_string_custom():
    company = company_attributes({"monthly_spend": "250"}, SWIFT, insertion_order)

    assert company.monthly_spend is None
    assert company.custom_attributes == {"monthly_spend": "250"}


def test_company_created_at_seconds():
    company = company_attributes({"created_at": 1437318870.988}, SWIFT, insertion_order)

    assert company.to_args()["createdAt"] == "2015-07-19T15:14:30.988Z"
    assert company.custom_attributes == {}


def test_company_created_at_string_custom():
    company = company_attributes({"created_at": "2015-07-19T15:14:30.988Z"}, SWIFT, insertion_order)

    assert company.created_at is None
    assert company.custom_attributes == {"created_at": "2015-07-19T15:14:30.988Z"}


def test_company_camel_created_at_custom():
    company = company_attributes({"createdAt": 1437318870}, SWIFT, insertion_order)

    assert company.created_at is None
    assert company.custom_attributes == {"createdAt": 1437318870}


def test_company_camel_created_at_quirk_off():
    quirks = without("company_created_at_snake_case_only")

    company = company_attributes({"createdAt": 1437318870}, quirks, insertion_order)

    assert company.created_at == 1437318870
    assert company.custom_attributes == {}


@order_param
def test_company_custom_scalars_only(order):
    values = {"id": "c1", "size": 12, "public": False, "owner": None, "tags": ["b2b"], "hq": {"city": "Paris"}}

    company = company_attributes(values, SWIFT, order)

    assert company.custom_attributes == {"size": 12, "public": False}


# parse_date, used by the documented profile only


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1437318870.988, 1437318870.988),
        (1437318870988, 1437318870.988),
        ("2015-07-19T15:14:30.988Z", 1437318870.988),
        ("2015-07-19T15:14:30", 1437318870.0),
        ("Mon Mar 26 2018 17:44:51 GMT+0000 (UTC)", 1522086291.0),
    ],
    ids=["seconds", "millis", "iso-z", "iso-naive-utc", "javascript"],
)
def test_parse_date(value, expected):
    assert parse_date(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", [True, None, "soon", {"at": 1}], ids=["bool", "null", "text", "dict"])
def test_parse_date_rejects(value):
    assert parse_date(value) is None


# Comparison with the Swift mapping on generated traits


def is_json_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_kept(value) -> bool:
    """Return whether a value passes ``is String || is Int || is Double || is Bool`` (for the small numbers generated here)."""
    return isinstance(value, (str, bool)) or is_json_number(value)


def swift_company_args(company: dict) -> dict:
    """Compute the ICMCompany that ``setCompanyAttributes`` of 1.0.1 builds, as call arguments."""
    args = {}
    custom = dict(company)

    if isinstance(company.get("id"), str):
        args["companyId"] = company["id"]
        custom.pop("id")
    if is_json_number(company.get("monthly_spend")):
        args["monthlySpend"] = float(company["monthly_spend"])
        custom.pop("monthly_spend")
    if isinstance(company.get("plan"), str):
        args["plan"] = company["plan"]
        custom.pop("plan")
    if is_json_number(company.get("created_at")):
        args["createdAt"] = iso8601_from_unix(company["created_at"])
        custom.pop("created_at")

    for key, value in company.items():
        if not is_kept(value):
            custom.pop(key, None)
    args["customAttributes"] = custom
    return args


def swift_user_args(traits: dict, integration: dict) -> dict:
    """Compute the ICMUserAttributes that ``setUserAttributes`` of 1.0.1 builds, as call arguments."""
    args = {}
    custom = dict(traits)

    for trait, name in (("email", "email"), ("user_id", "userId"), ("name", "name"), ("phone", "phone")):
        if isinstance(traits.get(trait), str):
            args[name] = traits[trait]
            custom.pop(trait)
    if is_json_number(traits.get("created_at")):
        args["signedUpAt"] = iso8601_from_unix(traits["created_at"])
        custom.pop("created_at")
    if isinstance(integration.get("language_override"), str):
        args["languageOverride"] = integration["language_override"]
    if isinstance(integration.get("unsubscribed"), bool):
        args["unsubscribedFromEmails"] = integration["unsubscribed"]
    if isinstance(traits.get("company"), dict):
        args["companies"] = [swift_company_args(traits["company"])]

    for key, value in traits.items():
        if not is_kept(value):
            custom.pop(key, None)
    args["customAttributes"] = custom
    return args


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=-1e10, max_value=1e10, allow_nan=False),
    st.text(max_size=3),
)
_COMPANY_KEYS = st.sampled_from(["id", "name", "plan", "monthly_spend", "created_at", "createdAt", "size"])
_COMPANIES = st.dictionaries(_COMPANY_KEYS, st.one_of(_SCALARS, st.lists(st.integers(), max_size=1)), max_size=5)
_TRAIT_KEYS = st.sampled_from(["email", "user_id", "name", "phone", "created_at", "signedUpAt", "createdAt", "plan", "tags"])
_TRAITS = st.dictionaries(_TRAIT_KEYS, st.one_of(_SCALARS, st.lists(st.integers(), max_size=1)), max_size=6).flatmap(
    lambda traits: st.one_of(st.just(traits), _COMPANIES.map(lambda company: {**traits, "company": company}))
)
_OPTIONS = st.fixed_dictionaries({}, optional={"language_override": _SCALARS, "unsubscribed": _SCALARS})


@settings(database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TRAITS, _OPTIONS)
def test_matches_swift_mapping(traits, options):
    """Under swift-1.0.1 the updateUser attributes equal what ``setUserAttributes`` builds."""
    attributes = user_attributes(traits, options, SWIFT, insertion_order)

    assert attributes.to_args() == swift_user_args(traits, options)
