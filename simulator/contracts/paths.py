"""JSON paths: the small subset that contract files use to point into bodies, calls and events.

A rooted path starts with ``$`` and continues with ``.name``, ``.*``, ``[3]``, ``[*]`` or
``['name with . or spaces']``. An unrooted path (``traits.email``,
``attributes.companies[0].companyId``) has the same segments without the leading ``$.``.
``*`` selects every value of a mapping or every item of a list. A name made of digits,
such as ``companies.0``, also indexes a list.

Formatted paths always use the rooted form, with brackets for list indexes and for names
that are not plain identifiers: ``$.companies[0]['plan name']``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

WILDCARD = "*"
"""The segment that selects every value of a mapping or every item of a list."""

Segment = str | int
Path = tuple[Segment, ...]


class _Missing:
    """The value of a path that leads nowhere, which is distinct from a JSON null."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

_TOKEN = re.compile(
    r"""\.(?P<name>[^.\[\]]+)        # .name or .*
      | \[(?P<index>\d+|\*)\]        # [3] or [*]
      | \['(?P<quoted>[^']*)'\]      # ['any text']
    """,
    re.VERBOSE,
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class PathSyntaxError(ValueError):
    """A path in a contract file that this module cannot read."""


def parse_path(text: str, *, rooted: bool) -> Path:
    """Split ``text`` into segments, or raise PathSyntaxError naming the first unreadable part."""
    if rooted:
        if not text.startswith("$"):
            raise PathSyntaxError(f"the path {text!r} must start with '$'")
        rest = text[1:]
    else:
        if not text or text.startswith(("$", ".", "[")):
            raise PathSyntaxError(f"the path {text!r} must start with a field name, such as 'traits.email'")
        rest = "." + text

    segments: list[Segment] = []
    position = 0
    while position < len(rest):
        match = _TOKEN.match(rest, position)
        if match is None:
            raise PathSyntaxError(f"the path {text!r} cannot be read from {rest[position:]!r} on")
        if match["name"] is not None:
            segments.append(match["name"])
        elif match["index"] is not None:
            segments.append(WILDCARD if match["index"] == WILDCARD else int(match["index"]))
        else:
            segments.append(match["quoted"])
        position = match.end()
    return tuple(segments)


def format_path(segments: Path, root: str = "$") -> str:
    """Write ``segments`` as a rooted path, such as ``$.metadata.price.amount``."""
    text = root
    for segment in segments:
        if isinstance(segment, int):
            text += f"[{segment}]"
        elif _IDENTIFIER.match(segment) or segment == WILDCARD:
            text += f".{segment}"
        else:
            quoted = segment.replace("'", "\\'")
            text += f"['{quoted}']"
    return text


def child(value: Any, segment: Segment) -> Any:
    """Return the member or item ``segment`` of ``value``, or MISSING."""
    if isinstance(value, dict):
        if isinstance(segment, int):
            return MISSING
        return value.get(segment, MISSING)
    if isinstance(value, list):
        index = segment if isinstance(segment, int) else _digits(segment)
        if index is None or index >= len(value):
            return MISSING
        return value[index]
    return MISSING


def resolve(value: Any, segments: Path) -> Any:
    """Return the value at ``segments`` (no wildcards), or MISSING when any step is absent."""
    for segment in segments:
        value = child(value, segment)
        if value is MISSING:
            return MISSING
    return value


def select(value: Any, segments: Path, prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Yield the concrete path and value of every existing match of ``segments``."""
    if not segments:
        yield prefix, value
        return

    head, rest = segments[0], segments[1:]
    if head == WILDCARD:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from select(item, rest, (*prefix, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from select(item, rest, (*prefix, index))
        return

    item = child(value, head)
    if item is MISSING:
        return
    concrete = head if isinstance(value, dict) or isinstance(head, int) else _digits(head)
    yield from select(item, rest, (*prefix, concrete))


def substitute(segments: Path, placeholder: str, replacement: str) -> Path:
    """Replace every segment equal to ``placeholder`` with the literal ``replacement``."""
    return tuple(replacement if segment == placeholder else segment for segment in segments)


def _digits(segment: Segment) -> int | None:
    if isinstance(segment, int):
        return segment
    return int(segment) if segment.isdigit() else None
