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

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9 ._+/-]*[A-Za-z0-9._+/-])?"
_VALUE = (
    r'("[^"\n]*")'  # double-quoted ('\\' never reaches here)
    r"|('[^'\n]*')"  # single-quoted, no '' escape
    r"|([A-Za-z0-9][^#\"'\[\]{},\n]*)"  # plain: holding ':' only as `_URLISH` allows (checked after)
    rf"|(\[(?:{_WORD}(?:, {_WORD})*)?\])"  # a flow list of words
)
_LINE = re.compile(rf"(?:({_KEY}):|  - ({_KEY}):|    ({_KEY}):)(?: +(?:{_VALUE}))?\n|.*\n")
"""One front-matter line as (top key, list item's first key, item's next key, "double", 'single', plain, [flow]).

A line of no such shape matches the last branch, with every group empty: the caller steps aside.
"""

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


def simple_data(yaml_text: str) -> dict[str, Any] | None:
    """The data `parse_simple` gives for the same front matter (None where it steps aside), without positions.

    Loading reads every file but needs positions only for the few with a problem: one
    regular-expression pass over the whole text is twice as fast as `parse_simple`.
    """
    if yaml_text == "\n":
        return {}
    if not yaml_text.endswith("\n"):
        return None
    if _UNSAFE.search(yaml_text) or "#" in yaml_text or "\\" in yaml_text:
        return None
    data: dict[str, Any] = {}
    items: list[Any] | None = None  # the block list being read
    entry: dict[str, Any] | None = None  # its last item
    value: str | None
    for top, first, more, double, single, plain, flow in _LINE.findall(yaml_text):
        if double:
            value = double[1:-1]
        elif single:
            value = single[1:-1]
        elif plain:
            if plain[-1] == " " or (":" in plain and (" " in plain or plain[-1] == ":")):
                return None  # neither `_PLAIN` nor `_URLISH`
            value = None if plain in _NULLS else plain
        elif top:
            if top in data or items == []:
                return None
            if flow:
                words = flow[1:-1].split(", ") if flow != "[]" else []
                data[top] = [None if word in _NULLS else word for word in words]
                items = None
            else:
                items = data[top] = []
            entry = None
            continue
        else:
            return None  # a line of another shape, or an item key without a value
        if top:
            if top in data or items == []:
                return None
            data[top] = value
            items = entry = None
        elif first:
            if items is None:
                return None
            entry = {first: value}
            items.append(entry)
        elif entry is None or more in entry:
            return None
        else:
            entry[more] = value
    return None if items == [] else data


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
