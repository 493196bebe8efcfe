"""``ICMUserAttributes`` and ``ICMCompany`` of the Intercom iOS SDK.

Source: intercom/intercom-ios 19.x headers ``ICMUserAttributes.h`` and ``ICMCompany.h``.
Only properties that were set appear in ``to_args``; dates are unix seconds here and
ISO 8601 UTC strings with milliseconds in the call log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.swift.json import iso8601_from_unix


def without_unset(values: dict[str, Any]) -> dict[str, Any]:
    """Return ``values`` without the keys whose value is None, as an unset property is left out."""
    return {key: value for key, value in values.items() if value is not None}


@dataclass
class Company:
    """``ICMCompany``: ``companyId`` is required by the SDK, the rest is optional."""

    company_id: str | None = None
    name: str | None = None
    plan: str | None = None
    monthly_spend: float | None = None
    created_at: float | None = None
    custom_attributes: dict[str, Any] | None = None

    def to_args(self) -> dict[str, Any]:
        values = {
            "companyId": self.company_id,
            "name": self.name,
            "plan": self.plan,
            "monthlySpend": self.monthly_spend,
            "createdAt": None if self.created_at is None else iso8601_from_unix(self.created_at),
            "customAttributes": self.custom_attributes,
        }
        return without_unset(values)


@dataclass
class UserAttributes:
    """``ICMUserAttributes``: what a login or an update sets on the Intercom user."""

    user_id: str | None = None
    email: str | None = None
    name: str | None = None
    phone: str | None = None
    signed_up_at: float | None = None
    language_override: str | None = None
    unsubscribed_from_emails: bool | None = None
    companies: list[Company] | None = None
    custom_attributes: dict[str, Any] | None = field(default=None)

    def to_args(self) -> dict[str, Any]:
        values = {
            "userId": self.user_id,
            "email": self.email,
            "name": self.name,
            "phone": self.phone,
            "signedUpAt": None if self.signed_up_at is None else iso8601_from_unix(self.signed_up_at),
            "languageOverride": self.language_override,
            "unsubscribedFromEmails": self.unsubscribed_from_emails,
            "companies": None if self.companies is None else [company.to_args() for company in self.companies],
            "customAttributes": self.custom_attributes,
        }
        return without_unset(values)
