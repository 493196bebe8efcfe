"""Validation of the JSON request bodies that the fake Intercom workspace accepts.

Each reader takes a decoded JSON object and returns the fields it understood, or raises
``ApiError`` with Intercom's error code for the first problem found. Field names and types
follow the request schemas of Intercom's OpenAPI descriptions for REST API 2.11 and 2.16.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.fake_intercom.bodies import ApiError

JSON = Any

ROLES = ("user", "lead")

# Allowed JSON types of each writable contact field. Every field except role may be null.
CONTACT_FIELDS: dict[str, tuple[type, ...]] = {
    "role": (str,),
    "external_id": (str,),
    "email": (str,),
    "phone": (str,),
    "name": (str,),
    "avatar": (str,),
    "signed_up_at": (int,),
    "last_seen_at": (int,),
    "owner_id": (int, str),
    "unsubscribed_from_emails": (bool,),
    "custom_attributes": (dict,),
    "language_override": (str,),
}

# Every key that POST /companies accepts. Any other top-level key is a 400 bad_request.
COMPANY_FIELDS: dict[str, tuple[type, ...]] = {
    "company_id": (str, int),
    "name": (str,),
    "plan": (str,),
    "size": (int,),
    "website": (str,),
    "industry": (str,),
    "remote_created_at": (int,),
    "monthly_spend": (int, float),
    "custom_attributes": (dict,),
    "update_last_request_at": (bool,),
}

# The API reference gives 2**31 - 1 as the upper limit of a company's monthly_spend.
MAX_MONTHLY_SPEND = 2**31 - 1

MAX_EVENT_METADATA_KEYS = 10

# Event identifiers in the order the workspace uses them to find the contact.
EVENT_IDENTIFIERS = ("id", "user_id", "email")


@dataclass(frozen=True)
class EventRequest:
    """A validated ``POST /events`` body."""

    sent_name: str
    created_at: int
    identifier: str
    identifier_value: str
    metadata: dict[str, JSON]
    dropped_metadata_keys: list[str]


def decode_json_object(body: bytes) -> dict[str, JSON]:
    """Decode a request body that must be a JSON object, keeping the key order as sent.

    Raises ``ApiError`` 400 ``parameter_invalid`` for an empty body, invalid JSON, NaN or
    Infinity, or a JSON value that is not an object.
    """
    try:
        decoded = json.loads(body, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise ApiError(400, "parameter_invalid", f"The request body is not valid JSON: {error}.")

    if not isinstance(decoded, dict):
        kind = type(decoded).__name__
        raise ApiError(400, "parameter_invalid", f"The request body must be a JSON object, got {kind}.")

    return decoded


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def check_type(field: str, value: JSON, allowed: tuple[type, ...], *, nullable: bool = True) -> None:
    """Raise ``ApiError`` 400 ``parameter_invalid`` unless the value has an allowed JSON type.

    A boolean never counts as an integer, although Python's bool is a subclass of int.
    """
    if value is None and nullable:
        return

    is_bool = isinstance(value, bool)
    if is_bool and bool in allowed:
        return
    if not is_bool and isinstance(value, allowed):
        return

    names = " or ".join(_json_type_name(kind) for kind in allowed)
    raise ApiError(400, "parameter_invalid", f"{field} must be {names}, got {json.dumps(value)}.", field)


def _json_type_name(kind: type) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean", dict: "an object"}
    return names.get(kind, kind.__name__)


def read_contact_fields(body: Mapping[str, JSON]) -> dict[str, JSON]:
    """Return the writable contact fields of a create or update body, type-checked.

    Unknown keys are ignored.
    """
    # NOTE: the API reference does not say how Intercom treats unknown contact keys, so
    # they are ignored here rather than rejected.
    fields: dict[str, JSON] = {}
    for field, allowed in CONTACT_FIELDS.items():
        if field not in body:
            continue

        value = body[field]
        check_type(field, value, allowed, nullable=field != "role")
        if field == "role" and value not in ROLES:
            raise ApiError(400, "parameter_invalid", f"role must be 'user' or 'lead', got {value!r}.", "role")

        fields[field] = value

    return fields


def read_company_fields(body: Mapping[str, JSON]) -> dict[str, JSON]:
    """Return the fields of a ``POST /companies`` body, type-checked.

    ``company_id`` is returned as a string and ``monthly_spend`` truncated to an integer.
    """
    for key in body:
        if key not in COMPANY_FIELDS:
            raise ApiError(400, "bad_request", f"bad '{key}' parameter")

    company_id = body.get("company_id")
    if company_id is None or company_id == "":
        message = "company_id is required to create or update a company."
        raise ApiError(400, "parameter_missing", message, "company_id")

    fields: dict[str, JSON] = {}
    for field, value in body.items():
        check_type(field, value, COMPANY_FIELDS[field], nullable=field != "company_id")
        fields[field] = value

    fields["company_id"] = str(company_id)
    spend = fields.get("monthly_spend")
    if spend is not None:
        fields["monthly_spend"] = _truncate_monthly_spend(spend)

    return fields


def _truncate_monthly_spend(spend: int | float) -> int:
    whole = int(spend)

    # NOTE: the API reference states this limit but not the error it returns, so the
    # 400 parameter_invalid below is a guess.
    if not 0 <= whole <= MAX_MONTHLY_SPEND:
        message = f"monthly_spend must be between 0 and {MAX_MONTHLY_SPEND}, got {spend}."
        raise ApiError(400, "parameter_invalid", message, "monthly_spend")

    return whole


def read_event(body: Mapping[str, JSON]) -> EventRequest:
    """Validate a ``POST /events`` body and split its metadata into kept and dropped keys.

    The contact is named by the first of ``id``, ``user_id`` and ``email`` present in the
    body. Only the first 10 metadata keys in wire order are kept, as Intercom documents.
    """
    for field in ("event_name", "created_at"):
        if body.get(field) is None:
            raise ApiError(400, "parameter_missing", f"{field} is required to submit an event.", field)

    check_type("event_name", body["event_name"], (str,))
    check_type("created_at", body["created_at"], (int,))
    if not body["event_name"].strip():
        raise ApiError(400, "parameter_invalid", "event_name must not be empty.", "event_name")

    identifier = next((key for key in EVENT_IDENTIFIERS if body.get(key) is not None), None)
    if identifier is None:
        raise ApiError(400, "parameter_missing", "Send one of id, user_id or email to name the contact.")
    check_type(identifier, body[identifier], (str,))

    metadata = body.get("metadata")
    if metadata is None:
        metadata = {}
    check_type("metadata", metadata, (dict,))

    keys = list(metadata)
    kept = {key: metadata[key] for key in keys[:MAX_EVENT_METADATA_KEYS]}

    return EventRequest(
        sent_name=body["event_name"],
        created_at=body["created_at"],
        identifier=identifier,
        identifier_value=body[identifier],
        metadata=kept,
        dropped_metadata_keys=keys[MAX_EVENT_METADATA_KEYS:],
    )


def normalise_event_name(name: str) -> str:
    """Return the name Intercom stores for an event: lower case, with ``.`` and ``$`` as ``-``."""
    return name.lower().replace(".", "-").replace("$", "-")
