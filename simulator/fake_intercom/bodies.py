"""JSON body shapes of the fake Intercom workspace: the error list, contacts, companies and lists.

The shapes follow the ``error``, ``contact``, ``company``, ``contact_companies`` and
``contact_list`` schemas of Intercom's OpenAPI descriptions for REST API versions 2.11 and
2.16. Only the fields that the fake workspace tracks are included, so a contact has no
location, social profiles, tags or notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = Any

# Max number of attached companies that a contact object lists. Its companies url lists all.
COMPANIES_SHOWN_ON_CONTACT = 10


class ApiError(Exception):
    """An Intercom error response: HTTP status, error code, message and the field at fault."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Reply:
    """A response of the fake workspace: HTTP status and JSON body, None for an empty body."""

    status: int
    body: dict[str, JSON] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def error_body(request_id: str, error: ApiError) -> dict[str, JSON]:
    """Build Intercom's ``error.list`` envelope holding one error."""
    entry: dict[str, JSON] = {"code": error.code, "message": error.message}
    if error.field is not None:
        entry["field"] = error.field

    return {"type": "error.list", "request_id": request_id, "errors": [entry]}


def new_contact(*, contact_id: str, workspace_id: str, now: int) -> dict[str, JSON]:
    """Build a contact object with every tracked field unset and role ``user``."""
    return {
        "type": "contact",
        "id": contact_id,
        "workspace_id": workspace_id,
        "external_id": None,
        "role": "user",
        "email": None,
        "phone": None,
        "name": None,
        "avatar": None,
        "owner_id": None,
        "signed_up_at": None,
        "last_seen_at": None,
        "created_at": now,
        "updated_at": now,
        "unsubscribed_from_emails": False,
        "language_override": None,
        "custom_attributes": {},
        "companies": contact_companies(contact_id, []),
    }


def avatar_object(image_url: str | None) -> dict[str, JSON] | None:
    """Build the avatar object of a contact, which the API returns in place of the sent URL."""
    if image_url is None:
        return None

    return {"type": "avatar", "image_url": image_url}


def contact_companies(contact_id: str, company_ids: list[str]) -> dict[str, JSON]:
    """Build the ``companies`` list of a contact from attached Intercom company ids."""
    shown = company_ids[:COMPANIES_SHOWN_ON_CONTACT]
    return {
        "type": "list",
        "data": [{"type": "company", "id": id_, "url": f"/companies/{id_}"} for id_ in shown],
        "url": f"/contacts/{contact_id}/companies",
        "total_count": len(company_ids),
        "has_more": len(company_ids) > COMPANIES_SHOWN_ON_CONTACT,
    }


def new_company(*, id_: str, company_id: str, app_id: str, now: int) -> dict[str, JSON]:
    """Build a company object with every optional field unset.

    ``plan`` is ``{}`` until a plan name is set. ``remote_created_at`` starts at the creation
    time, as in the API reference examples for companies created without one.
    """
    return {
        "type": "company",
        "id": id_,
        "company_id": company_id,
        "app_id": app_id,
        "name": None,
        "plan": {},
        "remote_created_at": now,
        "created_at": now,
        "updated_at": now,
        "last_request_at": None,
        "monthly_spend": 0,
        "session_count": 0,
        "user_count": 0,
        "size": None,
        "website": None,
        "industry": None,
        "custom_attributes": {},
        "tags": {"type": "tag.list", "tags": []},
        "segments": {"type": "segment.list", "segments": []},
    }


def plan_object(plan_id: str, name: str) -> dict[str, JSON]:
    """Build the ``plan`` object of a company."""
    return {"type": "plan", "id": plan_id, "name": name}


def contact_list(
    data: list[dict[str, JSON]],
    *,
    total_count: int,
    page: int,
    per_page: int,
    next_cursor: str | None,
) -> dict[str, JSON]:
    """Build the paginated list that ``POST /contacts/search`` returns.

    ``total_pages`` is 0 when nothing matched. ``pages.next`` is present only when another
    page follows, and its ``starting_after`` is the cursor for that page.
    """
    total_pages = -(-total_count // per_page)
    pages: dict[str, JSON] = {
        "type": "pages",
        "page": page,
        "per_page": per_page,
        "total_pages": total_pages,
    }
    if next_cursor is not None:
        pages["next"] = {"page": page + 1, "starting_after": next_cursor}

    return {"type": "list", "data": data, "total_count": total_count, "pages": pages}
