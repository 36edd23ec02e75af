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

from journal.yamlnodes import FrontMatterError, Span, Walker, bound_keys, compose, key_spans, shield

__all__ = [
    "FRONT_MATTER_LIMIT",
    "FrontMatterError",
    "Parsed",
    "Span",
    "conflict_line",
    "decode",
    "parse",
    "parse_document",
    "parse_yaml",
]

FRONT_MATTER_LIMIT = 64 * 1024
"""Front matter larger than this is refused: a journal record is a few hundred bytes."""

_OPENER = re.compile(r"---[ \t]*\Z")
_CLOSE_LINE = re.compile(r"\n(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
"""The closing line with the line break before it (a leading literal makes the search fast)."""
_CONFLICT_OPEN = re.compile(r"^<{7}(?: |$)", re.MULTILINE)
_CONFLICT_SPLIT = re.compile(r"^={7}$", re.MULTILINE)
_CONFLICT_CLOSE = re.compile(r"^>{7}(?: |$)", re.MULTILINE)


@dataclass(frozen=True)
class Parsed:
    """A file split and parsed: the data, where each key is, and the untouched parts.

    Where each key's lines are (`spans`, `together`) only a save asks, so it is found from the
    composed nodes when first asked: a load of 40,000 files never needs it."""

    data: dict[str, Any]
    """Front matter as plain Python: dicts, lists, text (str) and None."""
    yaml_lines: tuple[str, ...]
    """The front matter lines without line endings, as written."""
    body: str
    """Everything after the closing line, with LF line endings."""
    closer: str
    """The closing line, `---` or `...`."""
    positions: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    """1-based (line, col) in the file of every key path, for messages."""
    node: yaml.MappingNode | None = field(default=None, repr=False, compare=False)
    """The front matter as composed (None: no mapping), for `spans` and `together`."""
    shared: tuple[tuple[str, str], ...] = ()
    """Pairs of top-level keys whose values share a node (an anchor and its alias)."""
    restore: dict[int, str] | None = field(default=None, repr=False, compare=False)
    """What puts back the characters `yamlnodes.shield` stood in for."""

    @cached_property
    def spans(self) -> dict[str, Span]:
        """Where each top-level key sits, for minimal-diff saves."""
        return {} if self.node is None else key_spans(self.node, list(self.yaml_lines), self.restore)

    @cached_property
    def together(self) -> dict[str, frozenset[str]]:
        """Keys that a save must write together with others: they share lines (flow style) or values (anchors)."""
        spans = self.spans
        flow = self.node is not None and self.node.flow_style
        return bound_keys(spans, [*self.shared, *((key, next(iter(spans))) for key in spans if flow)])

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
    return parse_yaml(yaml_text, front.split("\n")[:-1], body, closer, pure=pure)


def parse_yaml(yaml_text: str, yaml_lines: list[str], body: str, closer: str, *, pure: bool = False) -> Parsed:
    """The general path: compose with PyYAML (libyaml when present) and walk the nodes."""
    shielded, restore = shield(yaml_text)
    node = compose(shielded, pure, restore)
    walker = Walker(restore=restore, text=shielded)
    if node is None:
        data: dict[str, Any] = {}
    elif not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            node.start_mark.line + 2, node.start_mark.column + 1, "front matter must be a mapping of 'key: value' lines"
        )
    else:
        data = walker.mapping(node, ())
    if not isinstance(node, yaml.MappingNode):
        return Parsed(data, tuple(yaml_lines), body, closer, walker.positions)
    return Parsed(data, tuple(yaml_lines), body, closer, walker.positions, node, tuple(walker.shared), restore)


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
    shielded, restore = shield(text)
    try:
        node = compose(shielded, False, restore)
    except FrontMatterError as exc:
        raise FrontMatterError(max(exc.line - 1, 1), exc.col, exc.message) from None
    if node is None:
        return {}, {}
    walker = Walker(offset=1, restore=restore, text=shielded)
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(node.start_mark.line + 1, 1, "journal.yaml must be a mapping of 'key: value' lines")
    data = walker.mapping(node, ())
    positions = walker.positions
    return data, positions
