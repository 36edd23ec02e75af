"""YAML as this product reads it: every scalar text, and every value placed by line and column.

`journal.frontmatter` splits a file and hands its front matter here; `journal.yaml` is read here
whole. PyYAML (libyaml when present) composes the nodes with a loader that resolves nothing but
null; `Walker` turns them into plain data, counting reuse so alias bombs stop early, and notes
where each key is; `key_spans` and `bound_keys` tell a save which lines hold which key and
which keys must be written together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

ALIAS_LIMIT = 20
"""How many times anchored nodes may be reused before the file is refused (alias bombs)."""
NODE_LIMIT = 20_000
"""How many nodes one front matter may expand to."""

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


def shield(text: str) -> tuple[str, dict[int, str] | None]:
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


def compose(yaml_text: str, pure: bool, restore: dict[int, str] | None = None) -> yaml.Node | None:
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


class Walker:
    """Turns composed nodes into plain data, counting reuse so alias bombs stop early."""

    def __init__(self, offset: int = 2, restore: dict[int, str] | None = None, text: str | None = None) -> None:
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
        self.anchors = text is None or "&" in text
        """Whether the text may hold an anchor (written `&name`): without one no node is met twice."""
        self.tags = text is None or "!" in text
        """Whether the text may hold a tag (written `!name`): without one every node's tag is the resolver's."""

    def _enter(self, node: yaml.Node, depth: int) -> None:
        self.nodes += 1
        if self.anchors:
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
        if self.tags and not _STANDARD_TAG.match(node.tag):
            raise FrontMatterError(
                node.start_mark.line + self.offset, node.start_mark.column + 1, f"YAML tag {node.tag!r} is not allowed"
            )

    def value(self, node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        self._enter(node, len(path))
        self.positions.setdefault(path, (node.start_mark.line + self.offset, node.start_mark.column + 1))
        if self.anchors:
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


def key_spans(node: yaml.MappingNode, yaml_lines: list[str], restore: dict[int, str] | None = None) -> dict[str, Span]:
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


def bound_keys(spans: dict[str, Span], shared: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
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
