"""Pin ``IntercomDestination.group`` end to end, through analytics-swift on a simulated phone."""

from __future__ import annotations

from .helpers import identify_step, methods, only_call


def group_company(run_steps, traits, **options):
    """Run a group call for a logged-in user and return the single company of its updateUser."""
    result = run_steps(["launch", identify_step(), {"group": {"groupId": "g1", "traits": traits}}], **options)
    companies = only_call(result, "updateUser").args["attributes"]["companies"]
    assert len(companies) == 1
    return companies[0]


def test_group_without_traits(run_steps):
    result = run_steps(["launch", identify_step(), {"group": {"groupId": "g1"}}])

    assert "updateUser" not in methods(result)


def test_group_only_companies(run_steps):
    """The updateUser of a group sets companies and nothing else."""
    result = run_steps(["launch", identify_step(), {"group": {"groupId": "g1", "traits": {}}}])

    assert only_call(result, "updateUser").args == {"attributes": {"companies": [{"companyId": "g1", "customAttributes": {}}]}}


def test_group_id_overrides_trait_id(run_steps):
    company = group_company(run_steps, {"id": "c1"})

    assert company["companyId"] == "g1"


def test_group_plan_mapped(run_steps):
    company = group_company(run_steps, {"plan": "premium"})

    assert company["plan"] == "premium"


def test_group_monthly_spend(run_steps):
    company = group_company(run_steps, {"monthly_spend": 250})

    assert company["monthlySpend"] == 250.0


def test_group_created_at(run_steps):
    company = group_company(run_steps, {"created_at": 1437318870.988})

    assert company["createdAt"] == "2015-07-19T15:14:30.988Z"


def test_group_name_custom_swift(run_steps):
    company = group_company(run_steps, {"name": "Acme"})

    assert "name" not in company
    assert company["customAttributes"] == {"name": "Acme"}


def test_group_name_documented(run_steps):
    company = group_company(run_steps, {"name": "Acme"}, profile="documented")

    assert company["name"] == "Acme"
    assert company["customAttributes"] == {}


def test_group_camel_created_at_swift(run_steps):
    company = group_company(run_steps, {"createdAt": 1437318870})

    assert "createdAt" not in company
    assert company["customAttributes"] == {"createdAt": 1437318870}


def test_group_camel_created_at_quirk_off(run_steps):
    quirks = {"company_created_at_snake_case_only": False}

    company = group_company(run_steps, {"createdAt": 1437318870}, plugin={"quirks": quirks})

    assert company["createdAt"] == "2015-07-19T15:14:30.000Z"


def test_group_custom_traits(run_steps):
    company = group_company(run_steps, {"username": "MisterWhiskers", "size": 12, "tags": ["b2b"], "owner": None})

    assert company["customAttributes"] == {"username": "MisterWhiskers", "size": 12}
