"""Build plain Python values from YAML text, and record where each key and item was written.

``yaml.safe_load`` drops positions and turns dates into ``datetime`` objects, so this module
composes the text into nodes with ``yaml.compose`` (PyYAML's pure-Python ``SafeLoader``) and
builds the values itself. It differs from ``yaml.safe_load`` in these ways:

- Only the standard str, int, float, bool, null, seq and map tags are allowed. Any other tag,
  such as ``!!python/object``, ``!!binary`` or ``!custom``, is an error, so loading never
  creates objects other than those plain types.
- Timestamps are not converted: ``2018-03-26`` loads as the string "2018-03-26", because
  Segment payloads are JSON, which has no date type.
- Mapping keys must be strings. ``on:`` or ``1:`` are errors, where YAML 1.1 would
  read them as the boolean True and the integer 1.
- A key written twice in one mapping is an error.
- Merge keys (``<<``) are rejected. An alias (``*name``) can still reuse a whole value.
- Aliases are expanded, and the expanded document may contain at most ``MAX_VALUES`` values
  nested at most ``MAX_DEPTH`` levels deep.

Every other scalar (ints, floats including ``.nan`` and ``.inf``, bools, null) is read as
YAML 1.1 defines it, by PyYAML's own ``SafeConstructor`` methods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.errors import Location, ScenarioError

MAX_VALUES = 1_000_000
MAX_DEPTH = 100

Position = tuple[int, int]

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG_PREFIX + "str"
_SEQ_TAG = _YAML_TAG_PREFIX + "seq"
_MAP_TAG = _YAML_TAG_PREFIX + "map"
_MERGE_TAG = _YAML_TAG_PREFIX + "merge"

# Scalars that load as their source text. The resolver gives the plain scalars `<<` and `=`
# the merge and value tags even outside key position, and there they are only text.
_TEXT_TAGS = frozenset({_STR_TAG, _YAML_TAG_PREFIX + "timestamp", _MERGE_TAG, _YAML_TAG_PREFIX + "value"})

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALAR_CONSTRUCTORS: dict[str, Callable[[ScalarNode], Any]] = {
    _YAML_TAG_PREFIX + "int": _CONSTRUCTOR.construct_yaml_int,
    _YAML_TAG_PREFIX + "float": _CONSTRUCTOR.construct_yaml_float,
    _YAML_TAG_PREFIX + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _YAML_TAG_PREFIX + "null": _CONSTRUCTOR.construct_yaml_null,
}

_ALLOWED_TAGS_FIX = (
    "remove the tag, because scenario files may contain only strings, numbers, booleans, "
    "null, lists and mappings"
)


@dataclass
class SourceMap:
    """Positions of the values in one YAML document, keyed by dotted path.

    The root value has the path ``""``. Positions are 1-based (line, column) pairs. A value
    reached through an alias has the position of its anchor, because PyYAML's alias nodes
    do not record where the alias was written.
    """

    keys: dict[str, Position] = field(default_factory=dict)
    """Position of each mapping key and sequence item."""

    values: dict[str, Position] = field(default_factory=dict)
    """Position of each value."""

    texts: dict[str, str] = field(default_factory=dict)
    """Source text of each scalar value, such as ``1.10`` for the float 1.1."""

    def key_position(self, path: str) -> Position | None:
        """Return the position of the key or item at ``path``, or of its nearest parent."""
        probe = path
        while probe:
            if probe in self.keys:
                return self.keys[probe]
            probe = probe.rpartition(".")[0]
        return self.values.get("")

    def value_position(self, path: str) -> Position | None:
        """Return the position of the value at ``path``, or else of its key."""
        if path in self.values:
            return self.values[path]
        return self.key_position(path)


def join_path(parent: str, child: str | int) -> str:
    """Return the dotted path of ``child`` inside the value at ``parent``."""
    if not parent:
        return str(child)
    return f"{parent}.{child}"


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain values and a map of their positions.

    Raises ScenarioError for a syntax error, an empty document, a forbidden tag, a duplicate
    or non-string key, a merge key, a recursive alias and a document that is too large
    or too deep.
    """
    node = _compose(text, file)
    if node is None:
        raise ScenarioError(
            Location(file),
            "The file contains no YAML document.",
            "write a mapping with at least a 'steps' list, for example 'steps: [launch]'",
        )
    builder = _ValueBuilder(file)
    value = builder.build(node, "", 0)
    return value, builder.source


def _compose(text: str, file: str) -> Node | None:
    # The pure-Python SafeLoader, not CSafeLoader: with PyYAML 6.0.3, CSafeLoader crashed the
    # process with a segmentation fault on 100,000 nested '[', where SafeLoader raises RecursionError.
    # NOTE: SafeLoader is slow on large input. A 5 MB file took 30 to 40 seconds in one measurement.
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, file) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, text, file) from None
    except yaml.YAMLError as error:
        raise ScenarioError(Location(file), f"The file is not valid YAML: {error}.") from None
    except RecursionError:
        raise ScenarioError(
            Location(file),
            "The YAML document is nested too deeply to parse.",
            f"keep nesting below {MAX_DEPTH} levels",
        ) from None


def _syntax_error(error: yaml.MarkedYAMLError, file: str) -> ScenarioError:
    mark = error.problem_mark or error.context_mark
    location = Location(file)
    if mark is not None:
        location = Location(file, mark.line + 1, mark.column + 1)

    problem = error.problem or "syntax error"
    if error.context:
        # PyYAML phrases them to be read in this order, such as "while scanning a quoted
        # scalar, found unexpected end of stream".
        problem = f"{error.context}, {problem}"

    if "'\\t'" in problem:
        fix = "replace the tab with spaces, because YAML does not allow tabs for indentation"
    else:
        fix = "check the indentation, the colons after keys and the quotes around this place"
    return ScenarioError(location, f"The file is not valid YAML: {problem}.", fix)


def _reader_error(error: yaml.reader.ReaderError, text: str, file: str) -> ScenarioError:
    # For str input, ReaderError.position is an index into the text.
    position = error.position
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    character = chr(error.character) if isinstance(error.character, int) else error.character
    return ScenarioError(
        Location(file, line, column),
        f"The file contains the control character {character!r}, which YAML does not allow.",
        "remove the character, or check that the file is a YAML text file",
    )


def _position(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _show_tag(tag: str) -> str:
    if tag.startswith(_YAML_TAG_PREFIX):
        return "!!" + tag.removeprefix(_YAML_TAG_PREFIX)
    return tag


class _ValueBuilder:
    """Builds plain values from composed nodes and fills a SourceMap on the way."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap()
        self.value_count = 0
        # ids of the collection nodes being built, to detect an alias inside its own anchor
        self.open_collections: set[int] = set()

    def build(self, node: Node, path: str, depth: int) -> Any:
        self._check_size(node, path, depth)
        self.source.values[path] = _position(node)

        if isinstance(node, ScalarNode):
            return self._scalar(node, path)

        if id(node) in self.open_collections:
            raise self._error(
                node,
                path,
                f"The value at {path or 'the top level'} contains an alias to itself.",
                "remove the alias that points back into its own anchor",
            )
        self.open_collections.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return self._sequence(node, path, depth)
            return self._mapping(node, path, depth)
        finally:
            self.open_collections.discard(id(node))

    def _check_size(self, node: Node, path: str, depth: int) -> None:
        self.value_count += 1
        if self.value_count > MAX_VALUES:
            raise self._error(
                node,
                path,
                f"The document contains more than {MAX_VALUES:,} values once aliases are expanded.",
                "use fewer aliases, or split the scenario into several files",
            )
        if depth > MAX_DEPTH:
            raise self._error(
                node,
                path,
                f"The value at {path} is nested more than {MAX_DEPTH} levels deep.",
                f"keep nesting below {MAX_DEPTH} levels",
            )

    def _scalar(self, node: ScalarNode, path: str) -> Any:
        self.source.texts[path] = node.value
        if node.tag in _TEXT_TAGS:
            return node.value

        construct = _SCALAR_CONSTRUCTORS.get(node.tag)
        if construct is None:
            raise self._tag_error(node, path)
        try:
            return construct(node)
        except (ValueError, KeyError, IndexError) as error:
            raise self._error(
                node,
                path,
                f"{path or 'The value'} is not a valid {_show_tag(node.tag)}: {node.value!r}.",
                "write a value of that type, or remove the tag",
            ) from error

    def _sequence(self, node: SequenceNode, path: str, depth: int) -> list[Any]:
        if node.tag != _SEQ_TAG:
            raise self._tag_error(node, path)

        items = []
        for index, item_node in enumerate(node.value):
            item_path = join_path(path, index)
            self.source.keys[item_path] = _position(item_node)
            items.append(self.build(item_node, item_path, depth + 1))
        return items

    def _mapping(self, node: MappingNode, path: str, depth: int) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            raise self._tag_error(node, path)

        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            key_path = join_path(path, key)
            if key in result:
                first_line = self.source.keys[key_path][0]
                raise self._error(
                    key_node,
                    key_path,
                    f"The key {key!r} is written twice in {path or 'the top level'}, first on line {first_line}.",
                    f"remove one of the two {key!r} keys",
                )
            self.source.keys[key_path] = _position(key_node)
            result[key] = self.build(value_node, key_path, depth + 1)
        return result

    def _key(self, node: Node, parent: str) -> str:
        where = parent or "the top level"
        if node.tag == _MERGE_TAG:
            raise self._error(
                node,
                parent,
                f"The merge key '<<' in {where} is not supported.",
                "write the keys out, or use an alias (*name) to reuse a whole value",
            )
        if not isinstance(node, ScalarNode):
            raise self._error(
                node,
                parent,
                f"A key in {where} is a list or mapping, but keys must be strings.",
                "use a plain string as the key",
            )
        if node.tag in _TEXT_TAGS:
            return node.value
        if node.tag not in _SCALAR_CONSTRUCTORS:
            raise self._tag_error(node, parent)

        kind = _show_tag(node.tag).removeprefix("!!")
        raise self._error(
            node,
            join_path(parent, node.value),
            f"The key {node.value!r} in {where} is read by YAML as a {kind}, but keys must be strings.",
            f'quote it: "{node.value}"',
        )

    def _tag_error(self, node: Node, path: str) -> ScenarioError:
        kind = {ScalarNode: "a scalar", SequenceNode: "a list", MappingNode: "a mapping"}[type(node)]
        return self._error(
            node,
            path,
            f"The tag {_show_tag(node.tag)!r} on {kind} at {path or 'the top level'} is not allowed.",
            _ALLOWED_TAGS_FIX,
        )

    def _error(self, node: Node, path: str, message: str, fix: str) -> ScenarioError:
        line, column = _position(node)
        return ScenarioError(Location(self.file, line, column, path), message, fix)
