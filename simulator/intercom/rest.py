"""REST request bodies for the simulated Intercom SDK's calls (Intercom API 2.11 and 2.16)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.intercom.attributes import Company, UserAttributes, without_unset

if TYPE_CHECKING:
    import httpx


def contact_body(attributes: UserAttributes) -> dict[str, Any]:
    """Return the ``PUT /contacts/{id}`` body for an ``updateUser`` call.

    Dates become integer unix seconds, the fraction cut off.

    NOTE: ``language_override`` is a field of Intercom's contact object but not of the
    documented update request; Intercom accepts unknown contact fields.
    """
    values = {
        "external_id": attributes.user_id,
        "email": attributes.email,
        "name": attributes.name,
        "phone": attributes.phone,
        "signed_up_at": None if attributes.signed_up_at is None else int(attributes.signed_up_at),
        "language_override": attributes.language_override,
        "unsubscribed_from_emails": attributes.unsubscribed_from_emails,
        "custom_attributes": attributes.custom_attributes,
    }
    return without_unset(values)


def company_body(company: Company) -> dict[str, Any]:
    """Return the ``POST /companies`` body for one ICMCompany."""
    values = {
        "company_id": company.company_id,
        "name": company.name,
        "plan": company.plan,
        "monthly_spend": company.monthly_spend,
        "remote_created_at": None if company.created_at is None else int(company.created_at),
        "custom_attributes": company.custom_attributes,
    }
    return without_unset(values)


def error_message(response: httpx.Response) -> str:
    """Return ``code: message`` of Intercom's first error, or the start of the body."""
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        return response.text[:200]
    if errors and isinstance(errors[0], dict):
        return f"{errors[0].get('code')}: {errors[0].get('message')}"
    return response.text[:200]
