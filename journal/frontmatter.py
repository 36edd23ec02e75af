"""Read a Markdown file's YAML front matter safely, keeping the text as written.

The rule is Jekyll's: front matter starts at byte 0 (after an optional UTF-8 BOM) with a
`---` line and ends at the next `---` or `...` line. Every scalar is read as the text the
user typed (no YAML 1.1 guessing of `NO`, `12:30` or `01234`); the record schema decides
what is a date or a number. Positions are kept so every message names a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from journal.fastyaml import parse_simple, simple_data

FRONT_MATTER_LIMIT = 64 * 1024
"""Front matter larger than this is refused: a journal record is a few hundred bytes."""
ALIAS_LIMIT = 20
"""How many times anchored nodes may be reused before the file is refused (alias bombs)."""
NODE_LIMIT = 20_000
"""How many nodes one front matter may expand to."""
SIMPLE_LIMIT = 16 * 1024
"""Front matter up to this size may take the fast path (`journal.fastyaml`); larger goes to PyYAML."""

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL_TAG = "tag:yaml.org,2002:null"
_ONLY_NULL: dict[Any, Any] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if any(tag == _NULL_TAG for tag, _ in resolvers)
}
"""Only plain `~`, `null` and empty values resolve implicitly (so an explicit `!!str` stays text)."""


class _TextLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader that resolves no implicit types but null: every other plain scalar is text."""

    yaml_implicit_resolvers: dict[str, Any] = _ONLY_NULL


class _PureTextLoader(yaml.SafeLoader):
    """The same without libyaml, so tests can show both behave alike."""

    yaml_implicit_resolvers: dict[str, Any] = _ONLY_NULL


_STANDARD_TAG = re.compile(r"tag:yaml\.org,2002:(str|int|float|bool|null|timestamp|binary|seq|map|set|omap)\Z")
_OPENER = re.compile(r"---[ \t]*\Z")
_CLOSE_LINE = re.compile(r"\n(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
"""The closing line with the line break before it (a leading literal makes the search fast)."""
_CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)", re.MULTILINE)


class FrontMatterError(Exception):
    """Internal: carries a Problem out of the parser."""

    def __init__(self, line: int, col: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Span:
    """Where one top-level key sits in the front matter, in 0-based front-matter lines."""

    start: int
    """First line of the key."""
    end: int
    """One past the last line of its value."""
    value_end_col: int
    """Column just after the value on its last line (to keep a trailing comment)."""


@dataclass(frozen=True)
class Parsed:
    """A file split and parsed: the data, where each key is, and the untouched parts."""

    data: dict[str, Any]
    """Front matter as plain Python: dicts, lists, text (str) and None."""
    yaml_lines: tuple[str, ...]
    """The front matter lines without line endings, as written."""
    body: str
    """Everything after the closing line, with LF line endings."""
    closer: str
    """The closing line, `---` or `...`."""
    spans: dict[str, Span] = field(default_factory=dict)
    """Where each top-level key sits, for minimal-diff saves."""
    positions: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    """1-based (line, col) in the file of every key path, for messages."""

    def line_of(self, *path: str | int) -> int:
        """The file line of a key path, or 1 when the key is absent."""
        return self.positions.get(path, (1, 0))[0]


def decode(raw: bytes) -> str:
    """Bytes to text with LF endings; raises FrontMatterError for NUL or non-UTF-8 bytes."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FrontMatterError(1, 1, "file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8")
    nul = raw.find(b"\0")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        raise FrontMatterError(line, col, "NUL byte in file (binary or corrupted file?)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        raise FrontMatterError(
            line, col, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def parse(raw: bytes, *, pure: bool = False) -> Parsed:
    """Split and parse a file; raises FrontMatterError naming the line of the first problem."""
    text = decode(raw)
    if "<<<<<<<" in text or ">>>>>>>" in text:
        marker = _CONFLICT.search(text)
        if marker:
            line = text.count("\n", 0, marker.start()) + 1
            raise FrontMatterError(
                line, 1, "unresolved git merge conflict (<<<<<<< / >>>>>>> markers); resolve it and save"
            )
    opened = text.find("\n")
    if not _OPENER.match(text if opened < 0 else text[:opened]):
        raise FrontMatterError(1, 1, "no front matter: the file must start with a '---' line on line 1")
    close = _CLOSE_LINE.search(text, opened) if opened >= 0 else None
    if close is None:
        raise FrontMatterError(1, 1, "front matter opened at line 1 is never closed (add a '---' line after it)")
    front = text[opened + 1 : close.start() + 1]  # its lines, each with its "\n"
    yaml_text = front or "\n"
    if len(yaml_text) > FRONT_MATTER_LIMIT // 4 and len(yaml_text.encode()) > FRONT_MATTER_LIMIT:
        size = len(yaml_text.encode())
        raise FrontMatterError(1, 1, f"front matter too large ({size / 1024:.0f} KB > {FRONT_MATTER_LIMIT // 1024} KB)")
    if "\t" in yaml_text:
        for number, yaml_line in enumerate(yaml_text.split("\n"), start=2):
            tab = yaml_line.find("\t")
            if tab >= 0:
                raise FrontMatterError(number, tab + 1, "tab character not allowed in front matter; indent with spaces")
    body = text[close.end() + 1 :]
    closer = close.group()[1:].strip()
    data = simple_data(yaml_text) if len(yaml_text) <= SIMPLE_LIMIT and not pure else None
    if data is not None:
        return _SimpleParsed(data, front, body, closer)
    return parse_yaml(yaml_text, front.split("\n")[:-1], body, closer, pure=pure)


class _SimpleParsed(Parsed):
    """What the fast path read: the lines, positions and spans are worked out only if asked for.

    Loading needs them only for the few files with a problem (and a saved file is parsed again).
    """

    _front: str
    """The front matter's lines, each with its "\n"."""

    def __init__(self, data: dict[str, Any], front: str, body: str, closer: str) -> None:
        _set_attribute(self, "__dict__", {"data": data, "body": body, "closer": closer, "_front": front})

    @cached_property
    def yaml_lines(self) -> tuple[str, ...]:
        return tuple(self._front.split("\n")[:-1])

    @cached_property
    def _full(self) -> Parsed:
        lines, yaml_text = list(self.yaml_lines), self._front or "\n"
        simple = parse_simple(yaml_text, lines)
        if simple is None:  # a blank line alone: the fast path reads it as PyYAML does, with no positions
            return parse_yaml(yaml_text, lines, self.body, self.closer)
        data, positions, spans = simple
        return Parsed(data, self.yaml_lines, self.body, self.closer, {k: Span(*v) for k, v in spans.items()}, positions)

    @cached_property
    def spans(self) -> dict[str, Span]:
        return self._full.spans

    @cached_property
    def positions(self) -> dict[tuple[str | int, ...], tuple[int, int]]:
        return self._full.positions

    def line_of(self, *path: str | int) -> int:
        if len(path) != 1 or not isinstance(path[0], str) or "positions" in self.__dict__:
            return super().line_of(*path)
        key = f"{path[0]}:"  # only top-level keys start a line here
        if self._front.startswith(key):
            return 2
        at = self._front.find("\n" + key)
        return self._front.count("\n", 0, at + 1) + 2 if at >= 0 else 1


_set_attribute = object.__setattr__


def parse_yaml(yaml_text: str, yaml_lines: list[str], body: str, closer: str, *, pure: bool = False) -> Parsed:
    """The general path: compose with PyYAML (libyaml when present) and walk the nodes."""
    node = _compose(yaml_text, pure)
    walker = _Walker()
    if node is None:
        data: dict[str, Any] = {}
    elif not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            node.start_mark.line + 2, node.start_mark.column + 1, "front matter must be a mapping of 'key: value' lines"
        )
    else:
        data = walker.mapping(node, ())
    spans = _spans(node, yaml_lines) if isinstance(node, yaml.MappingNode) else {}
    return Parsed(data, tuple(yaml_lines), body, closer, spans, walker.positions)


def _compose(yaml_text: str, pure: bool) -> yaml.Node | None:
    loader = (_PureTextLoader if pure else _TextLoader)(yaml_text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (2, 0)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise FrontMatterError(line, col, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(2, 0, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise FrontMatterError(2, 0, "front matter nested too deeply") from None
    finally:
        loader.dispose()


class _Walker:
    """Turns composed nodes into plain data, counting reuse so alias bombs stop early."""

    def __init__(self, offset: int = 2) -> None:
        self.offset = offset
        """Added to the parser's 0-based line: 2 for front matter (after the `---` line), 1 for a whole file."""
        self.positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.seen: set[int] = set()
        self.reused = 0
        self.nodes = 0

    def _enter(self, node: yaml.Node, depth: int) -> None:
        self.nodes += 1
        if id(node) in self.seen:
            self.reused += 1
        self.seen.add(id(node))
        if self.reused > ALIAS_LIMIT:
            raise FrontMatterError(
                node.start_mark.line + self.offset,
                node.start_mark.column + 1,
                f"too many anchors/aliases (more than {ALIAS_LIMIT} reuses of anchored values; "
                "this is where one is defined): write the values out",
            )
        if self.nodes > NODE_LIMIT:
            raise FrontMatterError(
                node.start_mark.line + self.offset,
                node.start_mark.column + 1,
                f"front matter has too many values (more than {NODE_LIMIT})",
            )
        if depth > 64:
            raise FrontMatterError(
                node.start_mark.line + self.offset, node.start_mark.column + 1, "front matter nested too deeply"
            )
        if not _STANDARD_TAG.match(node.tag):
            raise FrontMatterError(
                node.start_mark.line + self.offset, node.start_mark.column + 1, f"YAML tag {node.tag!r} is not allowed"
            )

    def value(self, node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        self._enter(node, len(path))
        self.positions.setdefault(path, (node.start_mark.line + self.offset, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == _NULL_TAG:
            return None
        return node.value

    def mapping(self, node: yaml.MappingNode, path: tuple[str | int, ...]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + self.offset, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError(line, col, "keys must be plain text")
            key = key_node.value
            if key in first:
                raise FrontMatterError(
                    line, col, f"duplicate key {key!r} at line {line} (first at line {first[key]})", key
                )
            first[key] = line
            self.positions[(*path, key)] = (line, col)
            result[key] = self.value(value_node, (*path, key))
        return result


def _spans(node: yaml.MappingNode, yaml_lines: list[str]) -> dict[str, Span]:
    """The line range of each top-level key, so a save can replace just those lines."""
    spans: dict[str, Span] = {}
    for key_node, value_node in node.value:
        end_mark = value_node.end_mark
        end = end_mark.line if end_mark.column == 0 and end_mark.line > key_node.start_mark.line else end_mark.line + 1
        end_col = end_mark.column if end == end_mark.line + 1 else len(yaml_lines[end - 1]) if end else 0
        spans[str(key_node.value)] = Span(key_node.start_mark.line, end, end_col)
    return spans


def parse_document(raw: bytes) -> tuple[dict[str, Any], dict[tuple[str | int, ...], tuple[int, int]]]:
    """Parse a whole YAML file (journal.yaml) with the same rules; returns data and 1-based positions."""
    text = decode(raw)
    for number, line in enumerate(text.split("\n"), start=1):
        tab = line.find("\t")
        if tab >= 0:
            raise FrontMatterError(number, tab + 1, "tab character not allowed; indent with spaces")
    try:
        node = _compose(text, False)
    except FrontMatterError as exc:
        raise FrontMatterError(max(exc.line - 1, 1), exc.col, exc.message) from None
    if node is None:
        return {}, {}
    walker = _Walker(offset=1)
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(node.start_mark.line + 1, 1, "journal.yaml must be a mapping of 'key: value' lines")
    data = walker.mapping(node, ())
    positions = walker.positions
    return data, positions
