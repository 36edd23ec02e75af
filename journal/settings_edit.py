"""Changing journal.yaml: some settings rewritten, every other line kept (comments, order, spacing).

The settings screen and `set_owner` write through `save_settings`, so a save shows in `git diff`
as the lines of the keys that changed and nothing else. A setting is checked by the same function
that reads the file (`read_settings`), so the screen says at the field exactly what `followup
check` would say about the saved file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from journal.atomic import atomic_write
from journal.dates import parse_day
from journal.frontmatter import FrontMatterError, parse_document
from journal.layout import CONFIG
from journal.policy import Policy
from journal.problems import ConflictError, Problem, SaveError
from journal.serialize import dump_key
from journal.settings import read_settings
from journal.yamlnodes import Span, compose, key_spans, shield

Key = tuple[str, ...]
"""A setting's place in journal.yaml: `("owner",)` or `("policy", "workdays")`."""
LIST_KEYS = ("workdays", "holidays")
POLICY_KEYS = (*(f.name for f in fields(Policy) if f.type == "int"), *LIST_KEYS)
"""Every policy rule journal.yaml may set (SPEC 2.4), in the order the policy lists them."""
TOP_LIST_KEYS = ("emails", "quiet_hours")
"""Top-level settings that are lists of text (`emails: [a@b.org]`, `quiet_hours: ["21:00", "08:00"]`)."""
SETTINGS: tuple[Key, ...] = (
    ("owner",),
    ("site_title",),
    ("timezone",),
    *((name,) for name in TOP_LIST_KEYS),
    *(("policy", name) for name in POLICY_KEYS),
)


def label(key: Key) -> str:
    """The setting as `check` names it: `owner`, `policy.workdays`."""
    return ".".join(key)


def file_values(raw: bytes) -> dict[Key, Any]:
    """What journal.yaml says for each setting: text, a list of text, or None (absent).

    Raises SaveError naming the line when the file does not parse (nothing can be saved into it).
    """
    try:
        data, _ = parse_document(raw)
    except FrontMatterError as exc:
        raise SaveError(f"{CONFIG}:{exc.line}: {exc.message}; fix it first (nothing was written)") from None
    policy = data.get("policy")
    values: dict[Key, Any] = {}
    for key in SETTINGS:
        holder = data if len(key) == 1 else policy if isinstance(policy, dict) else {}
        values[key] = holder.get(key[-1])
    return values


def typed(key: Key, text: str) -> Any:
    """A setting typed as text, as it is written: a whole number unquoted, a list from `a, b`, a date as a date.

    What does not fit stays text, so the check says what is wrong with it; blank is None (the
    default), except `holidays`, where blank is the empty list (no holidays).
    """
    text = text.strip()
    name = key[-1]
    if len(key) == 1 and name in TOP_LIST_KEYS:
        entries = [entry.strip() for entry in text.split(",") if entry.strip()]
        return entries or None
    if len(key) == 2 and name in LIST_KEYS:
        entries = [entry.strip() for entry in text.split(",") if entry.strip()]
        if not entries:
            return [] if name == "holidays" else None
        return [_day_or_text(entry) for entry in entries]
    if not text:
        return None
    if len(key) == 2 and text.isascii() and text.isdigit() and len(text) < 10:
        return int(text)
    return text


def _day_or_text(entry: str) -> date | str:
    try:
        return parse_day(entry)
    except ValueError:
        return entry


def shown(value: Any) -> str:
    """A setting's value as the screen shows it (`mon, tue`), from what `file_values` read."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def as_read(value: Any) -> Any:
    """What a written value reads back as (every scalar is text to the reader)."""
    if isinstance(value, list):
        return [as_read(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def setting_problems(key: Key, value: Any) -> list[Problem]:
    """What `followup check` says about this setting holding `value` (empty: fine)."""
    text = "\n".join(_lines(key[0], value) if len(key) == 1 else ["policy:", *_indent(_lines(key[1], value), "  ")])
    _, problems = read_settings((text + "\n").encode())
    return [problem for problem in problems if problem.field == label(key)]


def save_settings(root: Path, changes: Mapping[Key, Any], base: Mapping[Key, Any] | None = None) -> bool:
    """Write `changes` into journal.yaml, keeping every other line; returns whether anything was written.

    `base` is what the file said for those settings when the user began (from `file_values`): a
    setting changed on disk since then, to something else than this save writes, is a conflict
    (ConflictError, nothing written). Settings the other side changed and this save does not are kept.
    """
    path = Path(root) / CONFIG
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = b""
    except OSError as exc:
        raise SaveError(f"{path}: cannot read it ({exc.strerror}); nothing was written") from None
    current = file_values(old)
    if base is not None:
        clashes = [
            label(key)
            for key, value in changes.items()
            if current[key] != base.get(key) and current[key] != as_read(value)
        ]
        if clashes:
            raise ConflictError(
                f"{CONFIG}: {', '.join(clashes)} changed on disk since you opened the settings; nothing was saved"
            )
    new = edit_settings(old, changes)
    if new == old:
        return False
    if file_values(new) != {**current, **{key: as_read(value) for key, value in changes.items()}}:
        raise SaveError(f"{CONFIG}: the change would not read back as entered; nothing was written")
    atomic_write(path, new)
    return True


def edit_settings(raw: bytes, changes: Mapping[Key, Any]) -> bytes:
    """journal.yaml with the lines of the changed settings rewritten (None removes one; new ones appended)."""
    text = raw.decode("utf-8-sig").replace("\r\n", "\n") if raw else ""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    shielded, restore = shield(text)
    try:
        node = compose(shielded, False, restore)
    except FrontMatterError as exc:
        raise SaveError(f"{CONFIG}: {exc.message}; fix it first (nothing was written)") from None
    if node is not None and (not isinstance(node, yaml.MappingNode) or node.flow_style):
        raise SaveError(f"{CONFIG} is not written as 'key: value' lines; write it so to save settings here")
    spans = key_spans(node, lines, restore) if node is not None else {}
    values = {str(key.value): value for key, value in node.value} if node is not None else {}
    edits: list[tuple[int, int, list[str]]] = []
    appended: list[str] = []
    for key, value in changes.items():
        if len(key) != 1:
            continue
        new_lines = _lines(key[0], value)
        if key[0] in spans:
            edits.append(_replace(lines, spans[key[0]], new_lines, values[key[0]]))
        else:
            appended += new_lines
    policy = {key[1]: value for key, value in changes.items() if len(key) == 2}
    if policy:
        _edit_policy(lines, spans.get("policy"), values.get("policy"), policy, edits, appended)
    for start, end, new_lines in sorted(edits, key=lambda edit: edit[0], reverse=True):
        lines[start:end] = new_lines
    lines += appended
    return ("\n".join(lines) + "\n").encode() if lines else b""


def _edit_policy(
    lines: list[str],
    span: Span | None,
    node: yaml.Node | None,
    changes: dict[str, Any],
    edits: list[tuple[int, int, list[str]]],
    appended: list[str],
) -> None:
    """The policy rules' lines: each in place, a new one after the last rule, indented as the others."""
    if span is None or node is None:
        new = [line for name, value in changes.items() for line in _lines(name, value)]
        appended += ["policy:", *_indent(new, "  ")] if new else []
        return
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        rules = key_spans(node, lines[: span.end])
        values = {str(key.value): value for key, value in node.value}
        indent = " " * node.value[0][0].start_mark.column
        after = max(rule.end for rule in rules.values())
        for name, value in changes.items():
            new = _indent(_lines(name, value), indent)
            if name in rules:
                edits.append(_replace(lines, rules[name], new, values[name]))
            elif new:
                edits.append((after, after, new))
        return
    if isinstance(node, yaml.MappingNode) or (isinstance(node, yaml.ScalarNode) and not node.value):
        # `policy:` with nothing under it, or `policy: {…}`: written out in block style
        rest = {str(key.value): value_node for key, value_node in getattr(node, "value", ()) or ()}
        kept = [name for name in rest if name not in changes]
        if kept:
            raise SaveError(f"{CONFIG}: 'policy' is written as {{…}}; write its rules one per line to save here")
        new = [line for name, value in changes.items() for line in _lines(name, value)]
        edits.append((span.start, span.end, ["policy:", *_indent(new, "  ")]))
        return
    raise SaveError(f"{CONFIG}: 'policy' is not a mapping of rule: value lines; fix it first (nothing was written)")


def _replace(lines: list[str], span: Span, new: list[str], old: yaml.Node) -> tuple[int, int, list[str]]:
    """Replace a key's lines, keeping a comment at the end of its one line (not one that stood for an empty value)."""
    if len(new) == 1 and span.end - span.start == 1 and not (isinstance(old, yaml.ScalarNode) and not old.value):
        trailing = lines[span.start][span.value_end_col :]
        if trailing.strip().startswith("#"):
            new = [new[0] + trailing]
    return span.start, span.end, new


def _lines(key: str, value: Any) -> list[str]:
    """`key: value` in the product's style; a list in flow style with dates unquoted (`[2026-12-24, US]`)."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [
            item.isoformat() if isinstance(item, date) else yaml.safe_dump([item], default_flow_style=True)[1:-2]
            for item in value
        ]
        return [f"{key}: [{', '.join(items)}]"]
    return dump_key(key, value)


def _indent(lines: list[str], indent: str) -> list[str]:
    return [indent + line for line in lines]


def set_owner(root: Path, owner: str) -> bool:
    """Write `owner:` into journal.yaml, keeping every other line; returns whether anything changed.

    Refused, with nothing written, when the file would not read back with exactly that owner
    (a journal.yaml that holds errors, say).
    """
    from journal.problems import RecordError
    from journal.settings import PLACEHOLDER_OWNERS

    name = " ".join(owner.split())
    if not name or name.casefold() in PLACEHOLDER_OWNERS:
        raise RecordError(f"{owner!r} is not a name to sign messages with")
    try:
        return save_settings(root, {("owner",): name})
    except SaveError as exc:
        raise SaveError(f"{Path(root) / CONFIG}: cannot set the owner there ({exc})") from None
