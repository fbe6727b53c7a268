"""Reading a scenario file safely: bytes to text to YAML nodes to plain data with positions.

Safety rules, each because a scenario file may come from anyone:

* the file is refused above :data:`MAX_BYTES` before it is read, so a huge file never
  fills memory or takes minutes to parse;
* binary and non-UTF-8 files are refused with the line of the first bad byte;
* YAML is only *composed* into nodes (PyYAML's safe composer); no constructor ever
  runs, so a tag such as ``!!python/object/apply:os.system`` is reported, never executed;
* aliases are counted before anything is expanded, so an alias bomb ("billion laughs")
  is refused after :data:`MAX_VALUES` values instead of exhausting memory.

Plain scalars are read by YAML 1.2 rules (the rules editors with the YAML extension use):
``no``/``on`` stay text and ``06:00`` is a clock time, not the number 360 as YAML 1.1
would have it. Dates and times stay text, for pydantic to parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cpx.scenario.problems import PathPart

MAX_BYTES = 2 * 1024 * 1024
"""The largest scenario file read: 30 times the flagship, and read in seconds, not minutes."""
FAST_ABOVE = 256 * 1024
"""A size the tests use for "a large file". Every file is composed by libyaml first (about
ten times faster); a file libyaml refuses is read again by the pure-Python composer, whose
messages are the ones the tests and docs quote."""
MAX_VALUES = 1_000_000
"""The most values a file may expand to through aliases."""

MAX_NUMBER_DIGITS = 18
"""The most digits of a number in a file: more than any bound in the models allows, and
far fewer than the 4,300 past which Python refuses to convert a text to an integer."""

MAX_BRACKET_DEPTH = 64
"""Brackets nest this deep at most (a scenario needs three or four levels)."""
_BRACKETS = re.compile(r"[\[\]{}]")
_TAG = "tag:yaml.org,2002:"
_PLAIN = "tag:cpx,2026:plain"  # an untagged plain scalar, read by YAML 1.2 rules below
_EXPLICIT_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_TAG + "seq", _TAG + "map", _TAG + "omap"}
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


class _Composer(yaml.SafeLoader):
    """PyYAML's safe composer, with every untagged plain scalar left for us to read.

    PyYAML would resolve plain scalars by YAML 1.1 rules and give an explicit ``!!str``
    the same tag as an implicit one; one catch-all resolver marks untagged plain
    scalars instead, so explicit tags stay distinguishable.
    """

    yaml_implicit_resolvers: dict = {}


_Composer.add_implicit_resolver(_PLAIN, re.compile(r"", re.DOTALL), None)

if getattr(yaml, "__with_libyaml__", False):

    class _FastComposer(yaml.CSafeLoader):
        """The same, on libyaml's parser: about ten times faster on large files."""

        yaml_implicit_resolvers: dict = {}

    _FastComposer.add_implicit_resolver(_PLAIN, re.compile(r"", re.DOTALL), None)
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _FastComposer = _Composer


class SourceError(Exception):
    """The file cannot be read as data at all; carries where (1-based) and why."""

    def __init__(self, line: int, column: int, message: str, path: tuple[PathPart, ...] = ()) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.path = path


@dataclass
class Located:
    """Plain data read from a file, with the position of every value and key in it."""

    data: object
    """dicts, lists, str, int, float, bool and None only."""
    values: dict[tuple[PathPart, ...], tuple[int, int]] = field(default_factory=dict)
    """Path -> (line, column) of the value there."""
    keys: dict[tuple[PathPart, ...], tuple[int, int]] = field(default_factory=dict)
    """Path -> (line, column) of the key naming it (mapping entries only)."""
    problems: list[SourceError] = field(default_factory=list)
    """Problems that spoil one value but not the rest (duplicate keys, forbidden tags)."""

    def position(self, path: tuple[PathPart, ...], *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` is in the file, or its nearest enclosing value that exists."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)


def decode(raw: bytes) -> str:
    """The text of a file's bytes; refuses binary and non-UTF-8 content with a position."""
    if b"\x00" in raw:
        line, column = _line_col(raw, raw.index(b"\x00"))
        raise SourceError(line, column, "this is a binary file, not a YAML scenario (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_col(raw, error.start)
        raise SourceError(
            line, column, f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8 text"
        ) from None
    return text.removeprefix("\ufeff")


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def parse(text: str, *, what: str = "a scenario", max_values: int = MAX_VALUES,
          allow_empty: bool = False) -> Located:
    """Plain data and positions of a YAML text holding one document.

    ``what`` names the kind of file in messages (an orders file is read by the same
    rules); ``max_values`` caps what aliases may expand to; with ``allow_empty`` a file
    of nothing but comments is ``Located(data=None)`` rather than a problem.
    """
    try:
        return _parse(text, max_values, allow_empty)
    except RecursionError:
        raise SourceError(1, 1, f"the file nests too deeply to be {what}") from None
    except SourceError as error:
        if what != "a scenario":
            error.message = error.message.replace("be a scenario", f"be {what}").replace(
                "a scenario file", what)
        raise


def _parse(text: str, max_values: int = MAX_VALUES, allow_empty: bool = False) -> Located:
    _check_bracket_depth(text)
    try:
        # libyaml first: about ten times faster (reading the flagship is most of the
        # first `cpx score` of it). On any problem the pure-Python composer reads the
        # file again, so a broken file gets the messages the docs and tests quote.
        node = yaml.compose(text, Loader=_FastComposer)
    except (yaml.YAMLError, ValueError):
        node = _compose_exactly(text)
    return _located(node, max_values, allow_empty, text)


def _compose_exactly(text: str) -> yaml.Node | None:
    """The node tree by PyYAML's pure-Python composer, its problems as SourceError."""
    try:
        return yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, text) from None
    except yaml.reader.ReaderError as error:  # a control character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        raise SourceError(line, column, f"the control character U+{code:04X} is not allowed in a YAML file") from None
    except yaml.YAMLError as error:
        raise SourceError(1, 1, f"not valid YAML: {_first_line(str(error))}") from None


def _located(node: yaml.Node | None, max_values: int, allow_empty: bool, text: str) -> Located:
    """The plain data and positions of a composed document (aliases capped)."""
    if node is None:
        if allow_empty:
            return Located(data=None)
        if text.strip():
            raise SourceError(1, 1, "the file holds only comments, no scenario; start from `cpx new FILE`")
        raise SourceError(1, 1, "the file is empty; start from `cpx new FILE`")
    sizes: dict[int, int] = {}
    _expanded_size(node, sizes, set())
    if sizes[id(node)] > max_values:
        raise SourceError(
            *_mark(node),
            f"aliases expand to more than {max_values:,} values; refusing to read further "
            "(is this an alias bomb?)",
        )
    located = Located(data=None)
    located.data = _build(node, (), located)
    return located


def _check_bracket_depth(text: str) -> None:
    """Refuse deeply nested brackets before PyYAML's scanner, which slows quadratically on them."""
    depth = 0
    for bracket in _BRACKETS.finditer(text):
        depth = depth + 1 if bracket.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_BRACKET_DEPTH:
            line = text.count("\n", 0, bracket.start()) + 1
            column = bracket.start() - (text.rfind("\n", 0, bracket.start()) + 1) + 1
            raise SourceError(line, column, "the file nests too deeply to be a scenario")


def _yaml_problem(error: yaml.MarkedYAMLError, text: str) -> SourceError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "not valid YAML"
    lines = text.splitlines()
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or ("\t" in offending[: max(column, 1)] and "cannot start any token" in problem):
        column = offending.index("\t") + 1 if "\t" in offending else column
        return SourceError(line, column, "a tab character is used for indentation; YAML needs spaces")
    if "nesting depth" in problem:  # libyaml's own limit
        return SourceError(line, column, "the file nests too deeply to be a scenario")
    if "expected a single document" in f"{problem} {error.context}":
        return SourceError(line, column, "a scenario file holds one document; remove this '---' and what follows")
    if mark is not None and mark.index >= len(text) - 1 and error.context:
        context = error.context
        thing = "the quote" if "quoted" in context else "the bracket" if "flow" in context else "the block"
        # PyYAML marks where a quote or bracket opened, except for a bare "flow node"
        known = error.context_mark is not None and "flow node" not in context
        opened = f" opened on line {error.context_mark.line + 1}" if known else ""
        return SourceError(line, column, f"the file ends before {thing}{opened} is closed; is it cut short?")
    message = f"not valid YAML: {problem}"
    if error.context:
        message += f" ({error.context})"
    return SourceError(line, column, message)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "not valid YAML"


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _expanded_size(node: Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` becomes once aliases are expanded (memoised per node)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise SourceError(*_mark(node), "an alias refers to the list or mapping it is inside of")
    open_nodes.add(key)
    if isinstance(node, SequenceNode):
        children = node.value
    elif isinstance(node, MappingNode):
        children = [child for pair in node.value for child in pair]
    else:
        children = []
    total = 1
    for child in children:
        total += _expanded_size(child, sizes, open_nodes)
        if total > MAX_VALUES:
            break  # no need to count further: the file is refused anyway
    open_nodes.discard(key)
    sizes[key] = total
    return total


def _build(node: Node, path: tuple[PathPart, ...], located: Located) -> object:
    located.values.setdefault(path, _mark(node))
    if isinstance(node, ScalarNode):
        return _scalar(node, path, located)
    if node.tag not in _COLLECTION_TAGS:
        located.problems.append(SourceError(*_mark(node), _tag_message(node.tag), path))
        return None
    if isinstance(node, SequenceNode):
        return [_build(child, path + (index,), located) for index, child in enumerate(node.value)]
    return _mapping(node, path, located)


def _mapping(node: MappingNode, path: tuple[PathPart, ...], located: Located) -> dict[str, object]:
    result: dict[str, object] = {}
    first_seen: dict[str, int] = {}
    merged: list[Node] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            located.problems.append(SourceError(*_mark(key_node), "a key must be plain text", path))
            continue
        if key_node.tag not in (_PLAIN, _TAG + "str"):
            located.problems.append(SourceError(*_mark(key_node), _tag_message(key_node.tag), path))
            continue
        if key_node.tag == _PLAIN and key_node.value == "<<":
            merged.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
            continue
        key = key_node.value
        if key in first_seen:
            located.problems.append(
                SourceError(*_mark(key_node), f"duplicate key '{key}' (first given on line {first_seen[key]})", path + (key,))
            )
            continue
        first_seen[key] = key_node.start_mark.line + 1
        located.keys[path + (key,)] = _mark(key_node)
        result[key] = _build(value_node, path + (key,), located)
    for source in merged:  # '<<: *defaults' fills keys not given explicitly
        if not isinstance(source, MappingNode):
            located.problems.append(SourceError(*_mark(source), "'<<' must merge a mapping", path))
            continue
        extra = _build(source, path, located)
        for key, value in extra.items() if isinstance(extra, dict) else ():
            result.setdefault(key, value)
    return result


def _scalar(node: ScalarNode, path: tuple[PathPart, ...], located: Located) -> object:
    text = node.value
    if node.tag in (_PLAIN, _TAG + "int", _TAG + "float") and not node.style \
            and _too_many_digits(text):
        located.problems.append(SourceError(
            *_mark(node), f"this number has {len(text):,} characters; numbers in a scenario "
            f"have at most {MAX_NUMBER_DIGITS} digits", path))
        return None
    if node.tag == _PLAIN and not node.style:
        return _plain(text)
    if node.tag in (_PLAIN, _TAG + "str", _TAG + "timestamp"):
        return text  # quoted or block text, or explicitly tagged text
    if node.tag in _EXPLICIT_TAGS:
        value = _plain(text)
        wanted = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[node.tag.removeprefix(_TAG)]
        if isinstance(value, wanted):
            return float(value) if node.tag.endswith("float") else value
        located.problems.append(SourceError(*_mark(node), f"'{text}' is not a valid {node.tag.removeprefix(_TAG)}", path))
        return None
    located.problems.append(SourceError(*_mark(node), _tag_message(node.tag), path))
    return None


def _too_many_digits(text: str) -> bool:
    """Whether a plain scalar is a number too long to be meant (and, as an integer past
    4,300 digits, one Python refuses to convert)."""
    return len(text) > MAX_NUMBER_DIGITS + 2 and bool(
        _INT.match(text) or _INT_OCT.match(text) or _INT_HEX.match(text)
        or (_FLOAT.match(text) and len(text.lower().partition("e")[0]) > MAX_NUMBER_DIGITS + 2))


def _plain(text: str) -> object:
    """An untagged, unquoted scalar by the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if text.lower() in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text.lower()]
    return text


def _tag_message(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    return f"the tag '{shown}' is not allowed: a scenario file holds plain data only (it was not run)"
