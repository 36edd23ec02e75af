"""A fast path for front matter in the product's own simple style; anything else goes to PyYAML.

Journals are mostly files this product wrote: `key: value` lines, quoted text, flow lists
of words and a block list of interviewer mappings. Reading those with a few regular
expressions is several times faster than composing YAML nodes, which matters for a cold
load of 40,000 files. The fast path accepts only a strict subset whose meaning is certain
and returns exactly what the YAML path returns (data, positions and spans); on any doubt
(comments, escapes, anchors, odd indentation, duplicate keys, blank lines, …) it returns
None and the caller uses PyYAML. `tests/journal/test_core_fastyaml.py` checks both agree.
"""

from __future__ import annotations

import re
from typing import Any

_TOP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(\S.*))?\Z")
_ITEM = re.compile(r"  - ([A-Za-z_][A-Za-z0-9_]*): +(\S.*)\Z")
_MORE = re.compile(r"    ([A-Za-z_][A-Za-z0-9_]*): +(\S.*)\Z")
_PLAIN = re.compile(r"[A-Za-z0-9][^#:\"'\[\]{},]*\Z")
_URLISH = re.compile(r"[A-Za-z0-9][^#\"'\[\]{}, ]*\Z")
"""A plain value without spaces may hold ':' (`https://…`, `2026-11-20T14:00`), never ': '."""
_DOUBLE = re.compile(r'"([^"\\]*)"\Z')
_SINGLE = re.compile(r"'([^']*)'\Z")
_FLOW = re.compile(r"\[((?:[A-Za-z0-9][A-Za-z0-9 ._+/-]*)(?:, [A-Za-z0-9][A-Za-z0-9 ._+/-]*)*)?\]\Z")
_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters PyYAML rejects or treats specially (controls, NEL, LS/PS, BOM): leave them to it."""
_NULLS = frozenset({"null", "Null", "NULL"})

Positions = dict[tuple[str | int, ...], tuple[int, int]]
SpanTuple = tuple[int, int, int]


def _scalar(text: str) -> tuple[bool, str | None]:
    """(ok, value) for a value written on one line; ok is False when unsure."""
    if text.endswith(" "):
        return False, None
    if text[0] == '"':
        match = _DOUBLE.match(text)
        return (True, match.group(1)) if match else (False, None)
    if text[0] == "'":
        match = _SINGLE.match(text)
        return (True, match.group(1)) if match else (False, None)
    if _PLAIN.match(text) or (_URLISH.match(text) and ": " not in text and not text.endswith(":")):
        return True, None if text in _NULLS else text
    return False, None


def parse_simple(
    yaml_text: str, yaml_lines: list[str]
) -> tuple[dict[str, Any], Positions, dict[str, SpanTuple]] | None:
    """Data, positions (1-based file lines) and spans of simple front matter, or None."""
    if _UNSAFE.search(yaml_text) or "#" in yaml_text or "\\" in yaml_text:
        return None
    data: dict[str, Any] = {}
    positions: Positions = {}
    spans: dict[str, SpanTuple] = {}
    count = len(yaml_lines)
    index = 0
    while index < count:
        match = _TOP.match(yaml_lines[index])
        if match is None:
            return None
        key, raw = match.group(1), match.group(2)
        if key in data:
            return None  # duplicate keys: the YAML path words the error
        line = index + 2
        positions[(key,)] = (line, 1)
        if raw is None:
            items, index = _block_list(key, yaml_lines, index + 1, positions)
            if items is None:
                return None
            data[key] = items
            spans[key] = (line - 2, index, len(yaml_lines[index - 1]))
            continue
        if raw[0] == "[":
            flow = _FLOW.match(raw)
            if flow is None:
                return None
            values: list[str | None] = []
            offset = len(yaml_lines[index]) - len(raw) + 1
            for number, word in enumerate(flow.group(1).split(", ") if flow.group(1) else []):
                if word.endswith(" "):
                    return None
                positions[(key, number)] = (line, offset + 1)
                values.append(None if word in _NULLS else word)
                offset += len(word) + 2
            data[key] = values
        else:
            ok, value = _scalar(raw)
            if not ok:
                return None
            data[key] = value
        spans[key] = (line - 2, index + 1, len(yaml_lines[index]))
        index += 1
    return data, positions, spans


def _block_list(key: str, lines: list[str], index: int, positions: Positions) -> tuple[list[Any] | None, int]:
    """`  - name: …` / `    title: …` items after a bare `key:` line."""
    items: list[Any] = []
    while index < len(lines) and lines[index].startswith("  "):
        first = _ITEM.match(lines[index])
        if first is None:
            return None, index
        number = len(items)
        entry: dict[str, Any] = {}
        positions[(key, number)] = (index + 2, 5)
        match: re.Match[str] | None = first
        while match is not None:
            name, raw = match.group(1), match.group(2)
            ok, value = _scalar(raw)
            if not ok or name in entry:
                return None, index
            positions[(key, number, name)] = (index + 2, 5)
            entry[name] = value
            index += 1
            match = _MORE.match(lines[index]) if index < len(lines) else None
        items.append(entry)
    return (items or None), index
