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
_CONFLICT_OPEN = re.compile(r"^<{7}(?: |$)", re.MULTILINE)
_CONFLICT_SPLIT = re.compile(r"^={7}$", re.MULTILINE)
_CONFLICT_CLOSE = re.compile(r"^>{7}(?: |$)", re.MULTILINE)
SEPARATORS = "\r\x85\u2028\u2029"
"""What YAML 1.1 reads as line breaks besides "\n": here they are text, since lines end at "\n" only."""


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
    together: dict[str, frozenset[str]] = field(default_factory=dict)
    """Keys that a save must write together with others: they share lines (flow style) or values (anchors)."""

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
    return text.replace("\r\n", "\n")  # a lone CR is text, as U+2028 is (see SEPARATORS)


def conflict_line(text: str) -> int | None:
    """The 1-based line of an unresolved git merge conflict, or None.

    `<<<<<<<` opens a conflict; a `>>>>>>>` line is one only after a `=======` line, since
    a body line of seven `>` alone is a deeply nested Markdown quote.
    """
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    opened = _CONFLICT_OPEN.search(text)
    if opened is None:
        split = _CONFLICT_SPLIT.search(text)
        if split is None or _CONFLICT_CLOSE.search(text, split.end()) is None:
            return None
        opened = split
    return text.count("\n", 0, opened.start()) + 1


def _conflict_error(line: int) -> FrontMatterError:
    return FrontMatterError(line, 1, "unresolved git merge conflict (<<<<<<< / >>>>>>> markers); resolve it and save")


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def parse(raw: bytes, *, pure: bool = False) -> Parsed:
    """Split and parse a file; raises FrontMatterError naming the line of the first problem."""
    text = decode(raw)
    conflict = conflict_line(text)
    if conflict is not None:
        raise _conflict_error(conflict)
    opened = text.find("\n")
    if not _OPENER.match(text if opened < 0 else text[:opened]):
        if opened < 0 and "\r" in text:
            raise FrontMatterError(
                1, 1, "the file's lines end in CR alone (old Mac style); save it with LF line endings"
            )
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
    def together(self) -> dict[str, frozenset[str]]:
        return self._full.together

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
    shielded, restore = _shield(yaml_text)
    node = _compose(shielded, pure, restore)
    walker = _Walker(restore=restore)
    if node is None:
        data: dict[str, Any] = {}
    elif not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            node.start_mark.line + 2, node.start_mark.column + 1, "front matter must be a mapping of 'key: value' lines"
        )
    else:
        data = walker.mapping(node, ())
    if not isinstance(node, yaml.MappingNode):
        return Parsed(data, tuple(yaml_lines), body, closer, {}, walker.positions)
    spans = _spans(node, yaml_lines, restore)
    shared = walker.shared + ([(key, next(iter(spans))) for key in spans] if node.flow_style else [])
    return Parsed(data, tuple(yaml_lines), body, closer, spans, walker.positions, _together(spans, shared))


def _shield(text: str) -> tuple[str, dict[int, str] | None]:
    """The text with each of SEPARATORS swapped for a private-use character, and the table that swaps back.

    PyYAML follows YAML 1.1, which ends lines at U+2028, U+2029, NEL and a lone CR too: its
    line numbers would then disagree with the file's, and it would fold such a character in
    a quoted value into a space. A stand-in is one character for one, so columns still agree.
    """
    present = [char for char in SEPARATORS if char in text]
    if not present:
        return text, None
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    swap = {char: next(free) for char in present}
    return text.translate({ord(char): stand_in for char, stand_in in swap.items()}), {
        ord(stand_in): char for char, stand_in in swap.items()
    }


def _compose(yaml_text: str, pure: bool, restore: dict[int, str] | None = None) -> yaml.Node | None:
    loader = (_PureTextLoader if pure else _TextLoader)(yaml_text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (2, 0)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if restore:
            message = message.translate(restore)
            lines = yaml_text.translate(restore).split("\n")
            if 2 <= line <= len(lines) + 1 and "\r" in lines[line - 2]:
                message += (
                    " (this line holds a CR alone, which is text here, not a line break: save the file with LF endings)"
                )
        raise FrontMatterError(line, col, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(2, 0, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise FrontMatterError(2, 0, "front matter nested too deeply") from None
    finally:
        loader.dispose()


class _Walker:
    """Turns composed nodes into plain data, counting reuse so alias bombs stop early."""

    def __init__(self, offset: int = 2, restore: dict[int, str] | None = None) -> None:
        self.offset = offset
        """Added to the parser's 0-based line: 2 for front matter (after the `---` line), 1 for a whole file."""
        self.restore = restore
        """Puts back the characters `_shield` stood in for."""
        self.positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.owner: dict[int, str] = {}
        """The top-level key under which each node was first met."""
        self.shared: list[tuple[str, str]] = []
        """Pairs of top-level keys whose values share a node (an anchor and its alias)."""
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
        top = str(path[0])
        if self.owner.setdefault(id(node), top) != top:
            self.shared.append((self.owner[id(node)], top))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == _NULL_TAG:
            return None
        return node.value if self.restore is None else node.value.translate(self.restore)

    def mapping(self, node: yaml.MappingNode, path: tuple[str | int, ...]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + self.offset, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError(line, col, "keys must be plain text")
            key = key_node.value if self.restore is None else key_node.value.translate(self.restore)
            if key in first:
                raise FrontMatterError(
                    line, col, f"duplicate key {key!r} at line {line} (first at line {first[key]})", key
                )
            first[key] = line
            self.positions[(*path, key)] = (line, col)
            result[key] = self.value(value_node, (*path, key))
        return result


def _spans(node: yaml.MappingNode, yaml_lines: list[str], restore: dict[int, str] | None = None) -> dict[str, Span]:
    """The line range of each top-level key, so a save can replace just those lines.

    In block style a key's lines run to the next key, less the blank and comment lines just
    before it: those belong to what follows, and a save keeps them. (The parser's own end
    of a value runs past them, and an alias ends where its anchor does.) In flow style the
    keys share lines, and the first and last spans take in the braces.
    """
    spans: dict[str, Span] = {}
    items = node.value
    for index, (key_node, value_node) in enumerate(items):
        start = key_node.start_mark.line
        end_mark = value_node.end_mark
        if node.flow_style:
            end = _line_after(end_mark, start)
            if index == 0:
                start = min(start, node.start_mark.line)
            if index == len(items) - 1:
                end = max(end, _line_after(node.end_mark, start))
        else:
            end = items[index + 1][0].start_mark.line if index + 1 < len(items) else len(yaml_lines)
            floor = max(_line_after(_last_leaf(value_node).end_mark, start), start + 1)
            while end > floor and _blank_or_comment(yaml_lines[end - 1]):
                end -= 1
        end_col = end_mark.column if end == end_mark.line + 1 else len(yaml_lines[end - 1]) if end else 0
        key = str(key_node.value)
        spans[key if restore is None else key.translate(restore)] = Span(start, end, end_col)
    return spans


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _line_after(mark: yaml.Mark, start: int) -> int:
    """One past the last line a node ending at `mark` takes (a mark at column 0 ends the line before)."""
    return mark.line if mark.column == 0 and mark.line > start else mark.line + 1


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """The node written last inside a block collection (where its text really ends)."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def _together(spans: dict[str, Span], shared: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each key that shares a line or a value with another, with all the keys it is bound to."""
    pairs = list(shared)
    ordered = sorted(spans.items(), key=lambda item: item[1].start)
    pairs += [
        (a, b) for (a, span_a), (b, span_b) in zip(ordered, ordered[1:], strict=False) if span_b.start < span_a.end
    ]
    groups: dict[str, frozenset[str]] = {}
    for a, b in pairs:
        merged = groups.get(a, frozenset({a})) | groups.get(b, frozenset({b}))
        for key in merged:
            groups[key] = merged
    return groups


def parse_document(raw: bytes) -> tuple[dict[str, Any], dict[tuple[str | int, ...], tuple[int, int]]]:
    """Parse a whole YAML file (journal.yaml) with the same rules; returns data and 1-based positions."""
    text = decode(raw)
    conflict = conflict_line(text)
    if conflict is not None:
        raise _conflict_error(conflict)
    for number, line in enumerate(text.split("\n"), start=1):
        tab = line.find("\t")
        if tab >= 0:
            raise FrontMatterError(number, tab + 1, "tab character not allowed; indent with spaces")
    shielded, restore = _shield(text)
    try:
        node = _compose(shielded, False, restore)
    except FrontMatterError as exc:
        raise FrontMatterError(max(exc.line - 1, 1), exc.col, exc.message) from None
    if node is None:
        return {}, {}
    walker = _Walker(offset=1, restore=restore)
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(node.start_mark.line + 1, 1, "journal.yaml must be a mapping of 'key: value' lines")
    data = walker.mapping(node, ())
    positions = walker.positions
    return data, positions
