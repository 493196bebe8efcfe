"""Contact search queries: validation, matching, sorting and pagination.

The rules follow the ``POST /contacts/search`` description in Intercom's OpenAPI
descriptions for REST API 2.11 and 2.16. A query is either a single filter
``{"field", "operator", "value"}`` or a group ``{"operator": "AND" | "OR", "value": [...]}``.
Groups nest at most 2 levels deep and hold at most 15 filters each.

Only the string fields below and ``custom_attributes.<name>`` are searchable here. Intercom
also searches timestamps, matched by calendar day, and device fields, which the fake
workspace does not track.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from simulator.fake_intercom.bodies import ApiError

JSON = Any

MAX_GROUP_DEPTH = 2
MAX_FILTERS_PER_GROUP = 15
SEARCH_FIELDS = ("id", "external_id", "email", "role", "name", "phone")
CUSTOM_ATTRIBUTE_PREFIX = "custom_attributes."
GROUP_OPERATORS = ("AND", "OR")
LIST_OPERATORS = ("IN", "NIN")
STRING_OPERATORS = ("~", "!~", "^", "$")
NUMBER_OPERATORS = ("<", ">", "<=", ">=")
FILTER_OPERATORS = ("=", "!=", *LIST_OPERATORS, *STRING_OPERATORS, *NUMBER_OPERATORS)
SORT_ORDERS = ("ascending", "descending")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 150


def _invalid(message: str, field: str | None = None) -> ApiError:
    return ApiError(400, "parameter_invalid", message, field)


def validate_query(query: JSON, depth: int = 0) -> None:
    """Raise ``ApiError`` 400 unless ``query`` is a valid filter or filter group.

    ``depth`` counts the groups that enclose ``query``.
    """
    if not isinstance(query, dict):
        raise _invalid(f"A search query must be an object, got {json.dumps(query)}.", "query")

    if "field" in query:
        _validate_filter(query)
        return

    operator = query.get("operator")
    if operator not in GROUP_OPERATORS:
        raise _invalid(f"A filter group operator must be AND or OR, got {json.dumps(operator)}.", "operator")

    if depth + 1 > MAX_GROUP_DEPTH:
        raise _invalid(f"Search filter groups nest at most {MAX_GROUP_DEPTH} levels deep.", "query")

    filters = query.get("value")
    if not isinstance(filters, list) or not filters:
        raise _invalid("A filter group's value must be a non-empty list of filters.", "value")
    if len(filters) > MAX_FILTERS_PER_GROUP:
        message = f"A filter group contains at most {MAX_FILTERS_PER_GROUP} filters, got {len(filters)}."
        raise _invalid(message, "value")

    for item in filters:
        validate_query(item, depth + 1)


def _validate_filter(query: Mapping[str, JSON]) -> None:
    field = query["field"]
    is_custom = isinstance(field, str) and field.startswith(CUSTOM_ATTRIBUTE_PREFIX)
    if not (field in SEARCH_FIELDS or (is_custom and len(field) > len(CUSTOM_ATTRIBUTE_PREFIX))):
        supported = ", ".join(SEARCH_FIELDS)
        message = (
            f"Cannot search on field {json.dumps(field)}. "
            f"Use one of {supported} or custom_attributes.<name>."
        )
        raise _invalid(message, "field")

    operator = query.get("operator")
    if operator not in FILTER_OPERATORS:
        raise _invalid(f"Unknown search operator {json.dumps(operator)} on field {field}.", "operator")

    if "value" not in query:
        raise ApiError(400, "parameter_missing", f"The filter on field {field} has no value.", "value")

    value = query["value"]
    if operator in LIST_OPERATORS and not isinstance(value, list):
        raise _invalid(f"Operator {operator} requires a list value, got {json.dumps(value)}.", "value")
    if operator in STRING_OPERATORS and not isinstance(value, str):
        raise _invalid(f"Operator {operator} requires a string value, got {json.dumps(value)}.", "value")
    if operator in NUMBER_OPERATORS and _as_number(value) is None:
        raise _invalid(f"Operator {operator} requires a number value, got {json.dumps(value)}.", "value")


def _as_number(value: JSON) -> float | None:
    """Return a JSON number or numeric string as a float, or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def matches(contact: Mapping[str, JSON], query: Mapping[str, JSON]) -> bool:
    """Return whether a contact object matches a validated query."""
    if "field" not in query:
        results = (matches(contact, item) for item in query["value"])
        return all(results) if query["operator"] == "AND" else any(results)

    field = query["field"]
    actual = _comparable(field, _field_value(contact, field))
    expected = query["value"]
    operator = query["operator"]

    if operator in LIST_OPERATORS:
        candidates = [_comparable(field, item) for item in expected]
        found = any(_equal(actual, item) for item in candidates)
        return found if operator == "IN" else not found

    if operator in NUMBER_OPERATORS:
        return _compare_numbers(_as_number(actual), operator, _as_number(expected))

    expected = _comparable(field, expected)
    if operator == "=":
        return _equal(actual, expected)
    if operator == "!=":
        return not _equal(actual, expected)

    contained = _string_match(actual, operator.lstrip("!"), expected)
    return not contained if operator == "!~" else contained


def _field_value(contact: Mapping[str, JSON], field: str) -> JSON:
    if field.startswith(CUSTOM_ATTRIBUTE_PREFIX):
        return contact["custom_attributes"].get(field.removeprefix(CUSTOM_ATTRIBUTE_PREFIX))

    return contact.get(field)


def _comparable(field: str, value: JSON) -> JSON:
    """Case-fold emails, which Intercom compares without regard to case."""
    if field == "email" and isinstance(value, str):
        return value.casefold()

    return value


def _equal(actual: JSON, expected: JSON) -> bool:
    """Compare two values, treating a number and a numeric string as equal numbers."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected

    numbers = (_as_number(actual), _as_number(expected))
    mixed_types = isinstance(actual, str) != isinstance(expected, str)
    if mixed_types and None not in numbers:
        return numbers[0] == numbers[1]

    return actual == expected


def _compare_numbers(actual: float | None, operator: str, expected: float | None) -> bool:
    if actual is None or expected is None:
        return False

    if operator == "<":
        return actual < expected
    if operator == ">":
        return actual > expected
    if operator == "<=":
        return actual <= expected
    return actual >= expected


def _string_match(actual: JSON, operator: str, expected: str) -> bool:
    if not isinstance(actual, str):
        return False

    if operator == "~":
        return expected in actual
    if operator == "^":
        return actual.startswith(expected)
    return actual.endswith(expected)


def read_sort(sort: JSON) -> tuple[str, bool] | None:
    """Validate the optional ``sort`` object and return (field, descending).

    ``order`` defaults to descending, as documented for API 2.16.
    """
    if sort is None:
        return None
    if not isinstance(sort, dict):
        raise _invalid(f"sort must be an object, got {json.dumps(sort)}.", "sort")

    order = sort.get("order", "descending")
    if order not in SORT_ORDERS:
        message = f"Invalid sort order {json.dumps(order)}. Must be one of: ascending, descending"
        raise ApiError(400, "invalid_sort_order", message)

    field = sort.get("field")
    if field is None:
        raise ApiError(400, "parameter_missing", "sort.field is required when sorting.", "field")
    _validate_filter({"field": field, "operator": "=", "value": None})

    return field, order == "descending"


def sort_contacts(contacts: list[dict[str, JSON]], field: str, descending: bool) -> list[dict[str, JSON]]:
    """Sort contacts by a field. Contacts without a value come last in both orders."""
    present = [contact for contact in contacts if _field_value(contact, field) is not None]
    missing = [contact for contact in contacts if _field_value(contact, field) is None]
    present.sort(key=lambda contact: _sort_key(_field_value(contact, field)), reverse=descending)

    return present + missing


def _sort_key(value: JSON) -> tuple[int, JSON]:
    """Order numbers before booleans before strings, so mixed types never compare."""
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, str):
        return (2, value)
    return (3, json.dumps(value, sort_keys=True))


def read_pagination(pagination: JSON) -> tuple[int, int]:
    """Validate the optional ``pagination`` object and return (per_page, offset)."""
    if pagination is None:
        return DEFAULT_PER_PAGE, 0
    if not isinstance(pagination, dict):
        raise _invalid(f"pagination must be an object, got {json.dumps(pagination)}.", "pagination")

    per_page = pagination.get("per_page", DEFAULT_PER_PAGE)
    if isinstance(per_page, bool) or not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        message = f"per_page must be an integer from 1 to {MAX_PER_PAGE}, got {json.dumps(per_page)}."
        raise _invalid(message, "per_page")

    cursor = pagination.get("starting_after")
    if cursor is None:
        return per_page, 0

    return per_page, _decode_cursor(cursor)


def encode_cursor(offset: int) -> str:
    """Return the opaque ``starting_after`` cursor for the result at ``offset``."""
    return base64.urlsafe_b64encode(json.dumps([offset]).encode()).decode()


def _decode_cursor(cursor: JSON) -> int:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(str(cursor).encode()))
        offset = decoded[0]
    except (ValueError, TypeError, IndexError, KeyError):
        offset = None

    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        message = f"starting_after {json.dumps(cursor)} is not a cursor from a previous search."
        raise _invalid(message, "starting_after")

    return offset
