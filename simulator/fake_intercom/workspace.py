"""A stateful fake Intercom workspace that handles the REST calls of the Intercom iOS SDK.

The source of its behaviour is Intercom's public REST API reference and its OpenAPI
descriptions for versions 2.11 and 2.16. They define the error list envelope, contact
uniqueness by external_id and email, the search filters, data event de-duplication, the
10-key metadata limit, company upserts by company_id and the 1000-company limit per
contact. The limit of 120 active event names per workspace comes from Intercom's help
article "Event Limits, Troubleshooting and F.A.Q".

The workspace takes already-routed requests (operation name, headers, raw body, path
parameters) and returns a ``Reply``, so it needs no HTTP library. Time comes from ``now()``
and ids from ``new_id()``, which makes every run reproducible.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from simulator.fake_intercom import bodies, fields, guards, search
from simulator.fake_intercom.bodies import ApiError, Reply

JSON = Any

logger = logging.getLogger(__name__)

MAX_ACTIVE_EVENT_NAMES = 120
MAX_COMPANIES_PER_CONTACT = 1000
DEFAULT_WORKSPACE_ID = "fakews01"

# Operations that read a JSON object body. The others take no body.
OPERATIONS_WITH_BODY = (
    "create_contact",
    "search_contacts",
    "update_contact",
    "submit_event",
    "upsert_company",
    "attach_company",
    "merge_contacts",
)
OPERATIONS = (*OPERATIONS_WITH_BODY, "get_contact")


class IntercomWorkspace:
    """Contacts, companies and data events of one fake Intercom workspace.

    ``contacts`` and ``companies`` contain the stored objects in creation order, in the shape
    the API returns them. ``events`` contains each stored data event as ``event_name``
    (normalised), ``sent_name``, ``created_at``, ``contact_id``, ``metadata`` (the kept
    keys in wire order) and ``dropped_metadata_keys``. ``event_names`` lists the active
    normalised event names in first-seen order.
    """

    def __init__(
        self,
        *,
        access_token: str,
        now: Callable[[], int],
        new_id: Callable[[], str],
        api_versions: Collection[str] = ("2.11", "2.16"),
        contacts: Iterable[Mapping[str, JSON]] = (),
        companies: Iterable[Mapping[str, JSON]] = (),
        workspace_id: str = DEFAULT_WORKSPACE_ID,
        identity_secret: str | None = None,
        rate_limit: int | None = None,
    ) -> None:
        self.access_token = access_token
        self.now = now
        self.new_id = new_id
        self.api_versions = tuple(api_versions)
        self.workspace_id = workspace_id
        self.identity_secret = identity_secret
        self.rate_limiter = guards.RateLimiter(rate_limit, now) if rate_limit else None

        self.contacts: list[dict[str, JSON]] = []
        self.companies: list[dict[str, JSON]] = []
        self.events: list[dict[str, JSON]] = []
        self.event_names: list[str] = []
        self.merged_contact_ids: list[str] = []
        self._attachments: dict[str, list[str]] = {}
        self._plan_ids: dict[str, str] = {}

        self._seed(contacts, companies)

    def _seed(self, contacts: Iterable[Mapping[str, JSON]], companies: Iterable[Mapping[str, JSON]]) -> None:
        """Store the initial contacts and companies, raising ValueError for an invalid one."""
        for index, seed in enumerate(contacts):
            unknown = sorted(set(seed) - set(fields.CONTACT_FIELDS))
            if unknown:
                known = sorted(fields.CONTACT_FIELDS)
                raise ValueError(f"Initial contact {index} has unknown keys {unknown}. Use only {known}.")
            try:
                self._create_contact(dict(seed))
            except ApiError as error:
                raise ValueError(f"Initial contact {index} is invalid: {error.message}") from error

        for index, seed in enumerate(companies):
            try:
                self._upsert_company(dict(seed))
            except ApiError as error:
                raise ValueError(f"Initial company {index} is invalid: {error.message}") from error

    # Read helpers for tests and reports.

    def find_contact(
        self, *, id: str | None = None, external_id: str | None = None, email: str | None = None
    ) -> dict[str, JSON] | None:
        """Return the first contact matching every given criterion, or None.

        Emails compare without regard to case. With no criterion the result is None.
        """
        if id is None and external_id is None and email is None:
            return None

        for contact in self.contacts:
            if id is not None and contact["id"] != id:
                continue
            if external_id is not None and contact["external_id"] != external_id:
                continue
            if email is not None and not _same_email(contact["email"], email):
                continue
            return contact

        return None

    def company_ids_of(self, contact_id: str) -> list[str]:
        """Return the ``company_id`` values of the companies attached to a contact, in attach order."""
        by_id = {company["id"]: company for company in self.companies}
        return [by_id[id_]["company_id"] for id_ in self._attachments.get(contact_id, [])]

    # Request handling.

    def handle(
        self,
        operation: str,
        *,
        headers: Mapping[str, str],
        body: bytes = b"",
        path_params: Mapping[str, str] | None = None,
    ) -> Reply:
        """Check the headers, decode the body and run one operation, returning the reply.

        ``operation`` is one of ``OPERATIONS``. Header names compare without regard to case.
        Every API error becomes an ``error.list`` reply with a fresh ``request_id``. An unknown
        operation raises ValueError.
        """
        if operation not in OPERATIONS:
            raise ValueError(f"Unknown fake Intercom operation {operation!r}. Use one of {OPERATIONS}.")

        params = dict(path_params or {})
        lower_headers = {name.lower(): value for name, value in headers.items()}
        limit_headers: dict[str, str] = {}
        try:
            self._check_headers(lower_headers)
            if self.rate_limiter is not None:
                limit_headers = self.rate_limiter.admit()
            if operation in OPERATIONS_WITH_BODY:
                params["body"] = fields.decode_json_object(body)
            if self.identity_secret is not None:
                guards.check_identity(self.identity_secret, operation, lower_headers, params.get("body"))
            reply = getattr(self, f"_op_{operation}")(**params)
            return Reply(reply.status, reply.body, {**limit_headers, **reply.headers})
        except ApiError as error:
            request_id = self.new_id()
            logger.debug(
                "Fake Intercom %s returned %d %s (request_id %s): %s",
                operation, error.status, error.code, request_id, error.message,
            )
            headers_out = getattr(error, "headers", limit_headers)
            return Reply(error.status, bodies.error_body(request_id, error), dict(headers_out))

    def _check_headers(self, headers: Mapping[str, str]) -> None:
        if headers.get("authorization") != f"Bearer {self.access_token}":
            raise ApiError(401, "unauthorized", "Access Token Invalid")

        if not _accepts_json(headers.get("accept", "")):
            message = "The Accept header must allow application/json, the only type this API returns."
            raise ApiError(406, "not_acceptable", message)

        version = headers.get("intercom-version")
        if version is not None and version not in self.api_versions:
            message = "Requested resource is not available in current API version."
            raise ApiError(400, "intercom_version_invalid", message)

    # Contacts.

    def _op_create_contact(self, body: dict[str, JSON]) -> Reply:
        return Reply(200, self._create_contact(body))

    def _create_contact(self, body: Mapping[str, JSON]) -> dict[str, JSON]:
        values = fields.read_contact_fields(body)
        if not any(values.get(key) is not None for key in ("email", "external_id", "role")):
            message = "Send at least one of email, external_id or role to create a contact."
            raise ApiError(400, "parameter_missing", message)
        self._check_unique(values, exclude_id=None)

        contact = bodies.new_contact(contact_id=self.new_id(), workspace_id=self.workspace_id, now=self.now())
        self._apply_contact_fields(contact, values)
        self.contacts.append(contact)
        self._attachments[contact["id"]] = []

        return contact

    def _op_search_contacts(self, body: dict[str, JSON]) -> Reply:
        if body.get("query") is None:
            raise ApiError(400, "parameter_missing", "query is required to search contacts.", "query")
        search.validate_query(body["query"])
        sort = search.read_sort(body.get("sort"))
        per_page, offset = search.read_pagination(body.get("pagination"))

        found = [contact for contact in self.contacts if search.matches(contact, body["query"])]
        if sort is not None:
            found = search.sort_contacts(found, *sort)

        page = found[offset:offset + per_page]
        more = offset + per_page < len(found)
        next_cursor = search.encode_cursor(offset + per_page) if more else None
        listing = bodies.contact_list(
            page,
            total_count=len(found),
            page=offset // per_page + 1,
            per_page=per_page,
            next_cursor=next_cursor,
        )

        return Reply(200, listing)

    def _op_get_contact(self, contact_id: str) -> Reply:
        return Reply(200, self._contact_or_404(contact_id))

    def _op_update_contact(self, contact_id: str, body: dict[str, JSON]) -> Reply:
        contact = self._contact_or_404(contact_id)
        values = fields.read_contact_fields(body)
        self._check_unique(values, exclude_id=contact_id)

        self._apply_contact_fields(contact, values)
        contact["updated_at"] = self.now()

        return Reply(200, contact)

    def _op_merge_contacts(self, body: dict[str, JSON]) -> Reply:
        """Merge a lead into a user: the lead's events move to the user and the lead is removed."""
        source_id, target_id = body.get("from"), body.get("into")
        if not isinstance(source_id, str) or not isinstance(target_id, str):
            raise ApiError(400, "parameter_missing", "from and into are required to merge contacts.")
        source = self._contact_or_404(source_id)
        target = self._contact_or_404(target_id)
        if source["role"] != "lead" or target["role"] != "user":
            raise ApiError(400, "parameter_invalid", "Only a lead can be merged, and only into a user.")

        for event in self.events:
            if event["contact_id"] == source_id:
                event["contact_id"] = target_id
        self.contacts.remove(source)
        self.merged_contact_ids.append(source_id)
        return Reply(200, target)

    def _contact_or_404(self, contact_id: str) -> dict[str, JSON]:
        contact = self.find_contact(id=contact_id)
        if contact is None:
            raise ApiError(404, "not_found", "User Not Found")

        return contact

    def _check_unique(self, values: Mapping[str, JSON], *, exclude_id: str | None) -> None:
        """Raise 409 ``conflict`` when another contact has the same external_id or email."""
        external_id = values.get("external_id")
        email = values.get("email")
        for other in self.contacts:
            if other["id"] == exclude_id:
                continue
            same_external_id = external_id is not None and other["external_id"] == external_id
            if same_external_id or (email is not None and _same_email(other["email"], email)):
                message = f"A contact matching those details already exists with id={other['id']}"
                raise ApiError(409, "conflict", message)

    @staticmethod
    def _apply_contact_fields(contact: dict[str, JSON], values: Mapping[str, JSON]) -> None:
        """Overwrite contact fields, but merge custom attributes into the existing ones."""
        for field, value in values.items():
            if field == "custom_attributes":
                contact["custom_attributes"].update(value or {})
            elif field == "avatar":
                contact["avatar"] = bodies.avatar_object(value)
            else:
                contact[field] = value

    # Data events.

    def _op_submit_event(self, body: dict[str, JSON]) -> Reply:
        request = fields.read_event(body)
        contact = self._event_contact(request.identifier, request.identifier_value)
        name = fields.normalise_event_name(request.sent_name)

        if name not in self.event_names and len(self.event_names) >= MAX_ACTIVE_EVENT_NAMES:
            message = (
                f"The workspace already has {MAX_ACTIVE_EVENT_NAMES} active event names, so the new "
                f"event name '{name}' was not recorded. Archive an unused event name first."
            )
            raise ApiError(422, "unprocessable_entity", message, "event_name")

        duplicate = any(
            event["contact_id"] == contact["id"]
            and event["event_name"] == name
            and event["created_at"] == request.created_at
            for event in self.events
        )
        if not duplicate:
            self._store_event(contact["id"], name, request)

        return Reply(202)

    def _event_contact(self, identifier: str, value: str) -> dict[str, JSON]:
        if identifier == "user_id":
            contact = self.find_contact(external_id=value)
        else:
            contact = self.find_contact(**{identifier: value})

        if contact is None:
            raise ApiError(404, "not_found", "User Not Found")

        return contact

    def _store_event(self, contact_id: str, name: str, request: fields.EventRequest) -> None:
        if name not in self.event_names:
            self.event_names.append(name)

        self.events.append({
            "event_name": name,
            "sent_name": request.sent_name,
            "created_at": request.created_at,
            "contact_id": contact_id,
            "metadata": request.metadata,
            "dropped_metadata_keys": request.dropped_metadata_keys,
        })

    # Companies.

    def _op_upsert_company(self, body: dict[str, JSON]) -> Reply:
        return Reply(200, self._upsert_company(body))

    def _upsert_company(self, body: Mapping[str, JSON]) -> dict[str, JSON]:
        """Create the company with this ``company_id``, or update it when it exists."""
        values = fields.read_company_fields(body)
        now = self.now()

        company = next((item for item in self.companies if item["company_id"] == values["company_id"]), None)
        if company is None:
            company = bodies.new_company(
                id_=self.new_id(), company_id=values["company_id"], app_id=self.workspace_id, now=now
            )
            self.companies.append(company)

        self._apply_company_fields(company, values, now)
        company["updated_at"] = now

        return company

    def _apply_company_fields(self, company: dict[str, JSON], values: Mapping[str, JSON], now: int) -> None:
        for field, value in values.items():
            if field == "custom_attributes":
                company["custom_attributes"].update(value or {})
            elif field == "plan":
                company["plan"] = self._plan(value)
            elif field == "update_last_request_at":
                if value:
                    company["last_request_at"] = now
            elif field == "monthly_spend":
                company["monthly_spend"] = value if value is not None else 0
            else:
                company[field] = value

    def _plan(self, name: str | None) -> dict[str, JSON]:
        """Return the plan object for a plan name, giving each new name a fresh id."""
        if name is None:
            return {}

        if name not in self._plan_ids:
            self._plan_ids[name] = self.new_id()

        return bodies.plan_object(self._plan_ids[name], name)

    def _op_attach_company(self, contact_id: str, body: dict[str, JSON]) -> Reply:
        company_key = body.get("id")
        if company_key is None or company_key == "":
            raise ApiError(400, "parameter_not_found", "company not specified")
        contact = self._contact_or_404(contact_id)
        company = next((item for item in self.companies if item["id"] == company_key), None)
        if company is None:
            raise ApiError(404, "company_not_found", "Company Not Found")

        attached = self._attachments[contact_id]
        if company["id"] in attached:
            return Reply(200, company)
        if len(attached) >= MAX_COMPANIES_PER_CONTACT:
            message = f"Contact has reached the maximum of {MAX_COMPANIES_PER_CONTACT} company associations"
            raise ApiError(400, "contact_company_limit_exceeded", message)

        attached.append(company["id"])
        contact["companies"] = bodies.contact_companies(contact_id, attached)
        company["user_count"] = sum(company["id"] in ids for ids in self._attachments.values())

        return Reply(200, company)


def _same_email(stored: str | None, sent: str) -> bool:
    return stored is not None and stored.casefold() == sent.casefold()


def _accepts_json(accept: str) -> bool:
    """Return whether an Accept header allows application/json with a non-zero quality."""
    for media_range in accept.split(","):
        media_type, *params = (part.strip() for part in media_range.split(";"))
        if media_type.lower() not in ("application/json", "application/*", "*/*"):
            continue

        quality = next((param.split("=", 1)[1] for param in params if param.lower().startswith("q=")), "1")
        try:
            if float(quality) > 0:
                return True
        except ValueError:
            continue

    return False
