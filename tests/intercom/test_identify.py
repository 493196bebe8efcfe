"""Pin ``IntercomDestination.identify`` end to end, through analytics-swift on a simulated phone."""

from __future__ import annotations

from .helpers import identify_step, methods, only_call, sdk_calls

FULL_TRAITS = {"email": "ann@example.com", "name": "Ann", "created_at": 1437318870.988, "plan": "pro"}


def update_attributes(result):
    return only_call(result, "updateUser").args["attributes"]


# Login


def test_login_carries_only_user_id(run_steps):
    result = run_steps(["launch", identify_step(FULL_TRAITS)])

    assert only_call(result, "loginUser").args == {"attributes": {"userId": "u1"}}


def test_no_user_id_logs_in_unidentified(run_steps):
    result = run_steps(["launch", identify_step({"plan": "pro"}, user_id=None)])

    assert "loginUnidentifiedUser" in methods(result)
    assert "loginUser" not in methods(result)


def test_login_before_update(run_steps):
    result = run_steps(["launch", identify_step({"plan": "pro"})])

    assert methods(result) == ["setApiKey", "loginUser", "updateUser"]


# User hash


def test_user_hash_after_login(run_steps):
    result = run_steps(["launch", identify_step(user_hash="hash1")])

    assert methods(result) == ["setApiKey", "loginUser", "setUserHash"]
    assert only_call(result, "setUserHash").args == {"userHash": "hash1"}


def test_user_hash_before_login_quirk_off(run_steps):
    result = run_steps(["launch", identify_step(user_hash="hash1")], plugin={"quirks": {"user_hash_after_login": False}})

    assert methods(result) == ["setApiKey", "setUserHash", "loginUser"]


def test_user_hash_non_string_ignored(run_steps):
    result = run_steps(["launch", identify_step(user_hash=12345)])

    assert "setUserHash" not in methods(result)


def test_lower_case_options_ignored(run_steps):
    step = {"identify": {"userId": "u1", "integrations": {"intercom": {"user_hash": "hash1"}}}}

    result = run_steps(["launch", step])

    assert "setUserHash" not in methods(result)


def test_lower_case_options_quirk_off(run_steps):
    step = {"identify": {"userId": "u1", "integrations": {"intercom": {"user_hash": "hash1"}}}}

    result = run_steps(["launch", step], plugin={"quirks": {"options_key_capitalized_only": False}})

    assert only_call(result, "setUserHash").args == {"userHash": "hash1"}


# updateUser


def test_no_traits_no_update(run_steps):
    result = run_steps(["launch", identify_step()])

    assert "updateUser" not in methods(result)


def test_empty_traits_update(run_steps):
    """``traits: {}`` is still a dictionary, so updateUser runs with empty custom attributes."""
    result = run_steps(["launch", identify_step({})])

    assert update_attributes(result) == {"customAttributes": {}}


def test_update_maps_traits(run_steps):
    result = run_steps(["launch", identify_step(FULL_TRAITS)])

    assert update_attributes(result) == {
        "email": "ann@example.com",
        "name": "Ann",
        "signedUpAt": "2015-07-19T15:14:30.988Z",
        "customAttributes": {"plan": "pro"},
    }


def test_update_has_no_user_id(run_steps):
    """The updateUser attributes are new ICMUserAttributes, so the event's userId is not in them."""
    result = run_steps(["launch", identify_step({"plan": "pro"})])

    assert "userId" not in update_attributes(result)


def test_numeric_phone_stays_custom(run_steps):
    result = run_steps(["launch", identify_step({"phone": 5551234})])

    assert update_attributes(result) == {"customAttributes": {"phone": 5551234}}


def test_millisecond_created_at(run_steps):
    result = run_steps(["launch", identify_step({"created_at": 1437318870988})])

    assert update_attributes(result)["signedUpAt"].startswith("47516-")


def test_options_need_traits(run_steps):
    """language_override and unsubscribed are read inside the traits branch only."""
    result = run_steps(["launch", identify_step(language_override="fr", unsubscribed=True)])

    assert "updateUser" not in methods(result)


def test_options_with_traits(run_steps):
    result = run_steps(["launch", identify_step({}, language_override="fr", unsubscribed=True)])

    attributes = update_attributes(result)
    assert attributes["languageOverride"] == "fr"
    assert attributes["unsubscribedFromEmails"] is True


def test_company_trait(run_steps):
    traits = {"company": {"id": "c1", "name": "Acme", "plan": "pro"}}

    result = run_steps(["launch", identify_step(traits)])

    assert update_attributes(result) == {
        "companies": [{"companyId": "c1", "plan": "pro", "customAttributes": {"name": "Acme"}}],
        "customAttributes": {},
    }


def test_company_numeric_id(run_steps):
    """A numeric company id stays custom, so the ICMCompany has no companyId."""
    result = run_steps(["launch", identify_step({"company": {"id": 42}})])

    assert update_attributes(result)["companies"] == [{"customAttributes": {"id": 42}}]


def test_custom_attribute_filter(run_steps):
    traits = {"plan": "pro", "logins": 3, "score": 2.5, "vip": False, "nickname": None, "tags": ["a"], "address": {"city": "Paris"}}

    result = run_steps(["launch", identify_step(traits)])

    assert update_attributes(result)["customAttributes"] == {"plan": "pro", "logins": 3, "score": 2.5, "vip": False}


def test_second_identify_same_user(run_steps):
    result = run_steps(["launch", identify_step({"plan": "pro"}), identify_step({"plan": "max"})])

    assert [call.result for call in sdk_calls(result, "loginUser")] == ["ok", "ok"]
    assert [call.args["attributes"]["customAttributes"] for call in sdk_calls(result, "updateUser")] == [{"plan": "pro"}, {"plan": "max"}]
