"""Records to file text: new files in the product's style, and minimal-diff edits of old ones.

An edit replaces only the lines of the keys whose value changed, appends new keys at the
end and keeps everything else (comments, key order, quoting, the body) as it was, so
`git diff` shows just the field the user changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import date
from typing import Any

import yaml

from journal.dates import parse_when
from journal.frontmatter import Parsed
from journal.records import (
    FOLLOWUP_KEYS,
    INTERVIEW_KEYS,
    PERSON_KEYS,
    FollowUp,
    Interview,
    Interviewer,
    Person,
    format_when,
)

Record = Interview | FollowUp | Person


class _Dumper(yaml.SafeDumper):
    """Quotes any text a YAML 1.1 reader would take for a number, date or boolean."""


def _represent_date(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", format_when(value))


_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters YAML reads as line breaks: written escaped, or a reload would fold them to spaces."""


def _has_unicode_break(value: Any) -> bool:
    if isinstance(value, str):
        return any(char in value for char in _UNICODE_BREAKS)
    if isinstance(value, dict):
        return any(_has_unicode_break(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_unicode_break(item) for item in value)
    return False


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _has_unicode_break(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(date, _represent_date)
_Dumper.add_representer(str, _represent_text)


def keys_of(record: Record) -> tuple[str, ...]:
    if isinstance(record, Interview):
        return INTERVIEW_KEYS
    if isinstance(record, FollowUp):
        return FOLLOWUP_KEYS
    return PERSON_KEYS


def yaml_value(record: Record, key: str) -> Any:
    """The value of a field as it should be written, or None when it should be absent."""
    value = getattr(record, key)
    if key == "interviewers":
        return [_interviewer(item) for item in value] or None
    if key == "tags":
        return list(value) or None
    if isinstance(record, FollowUp) and key == "direction" and value == "out":
        return None if record.kind != "reply" else value
    if isinstance(record, Person) and key == "keep_in_touch":
        return None if value is None else (True if value == 0 else value)
    if value == "" and key != "body":
        return None
    return value


def _interviewer(item: Interviewer) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": item.name}
    for key in ("title", "email", "linkedin", "person"):
        if getattr(item, key):
            entry[key] = getattr(item, key)
    if item.talking_points:
        entry["talking_points"] = list(item.talking_points)
    entry.update(item.extra)
    return entry


def dump_key(key: str, value: Any) -> list[str]:
    """`key: value` as YAML lines in the product's style (flow lists of text, block mappings)."""
    if isinstance(value, bool):
        return [f"{key}: {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{key}: {value}"]
    if isinstance(value, date):
        return [f"{key}: {format_when(value)}"]
    options: dict[str, Any] = {
        "Dumper": _Dumper,
        "sort_keys": False,
        "allow_unicode": not _has_unicode_break(value),
        "width": 1 << 30,
    }
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [f"{key}: " + yaml.dump(value, default_flow_style=True, **options).rstrip("\n")]
    text: str = yaml.dump({key: value}, default_flow_style=False, indent=2, **options)
    lines = text.rstrip("\n").split("\n")
    if lines[-1] == "...":
        lines.pop()  # a `|+` text ends the document it was dumped in: here the front matter goes on
    if isinstance(value, list) and value and isinstance(value[0], dict):
        # Indent the list under its key the way people write it (`  - name: …`).
        lines = [lines[0]] + ["  " + line for line in lines[1:]]
    return lines


def written_body(body: str) -> str:
    """The body as a file holds it: LF line endings, and a final newline unless empty.

    (Nor after a CR alone at the very end, which the newline would turn into a CRLF ending.)
    """
    body = body.replace("\r\n", "\n")
    return body if not body or body.endswith(("\n", "\r")) else body + "\n"


def as_written(record: Record, old: Record | None = None) -> Record:
    """The record as its file holds it after a save from `old`: the body as `written_body` writes it,
    and an edited field left empty as no value (a field not edited keeps what the file says)."""
    empty = {
        field.name: None
        for field in dataclasses.fields(record)
        if field.name != "body"
        and getattr(record, field.name) == ""
        and (old is None or getattr(old, field.name) != "")
        and yaml_value(record, field.name) is None
    }
    return dataclasses.replace(record, body=written_body(record.body), **empty)  # type: ignore[arg-type]


def render_new(record: Record) -> str:
    """A new file's text: front matter in the canonical key order, then the body."""
    lines = ["---"]
    for key in keys_of(record):
        value = yaml_value(record, key)
        if value is not None:
            lines += dump_key(key, value)
    lines.append("---")
    return "\n".join(lines) + "\n" + written_body(record.body)


def render_edit(
    old: Record, new: Record, parsed: Parsed, *, force: frozenset[str] = frozenset(), whole: bool = False
) -> str:
    """The old file with only the changed keys rewritten (and new ones appended).

    `force` names keys to write though their value did not change (a value the file left
    implied, such as a reply's direction, that a change of another key would alter). A key
    that shares lines or an anchored value with another is written together with it, in
    the product's style, each from what the file says: flow-style front matter becomes
    block style, and an alias becomes the value it stood for, so nothing else changes meaning.
    With `whole`, every key is written so (the comment lines between keys stay).
    """
    changed = {key for key in keys_of(new) if key in force or getattr(old, key) != getattr(new, key)}
    written = set(changed) | (set(parsed.spans) if whole else set())
    for key in changed:
        written |= parsed.together.get(key, frozenset())
    regions: list[tuple[int, int, list[str]]] = []  # (start, end, keys) of the lines rewritten
    appended: list[str] = []
    for key, span in parsed.spans.items():  # in file order
        if key not in written:
            continue
        if regions and span.start < regions[-1][1]:
            start, end, keys = regions[-1]
            regions[-1] = (start, max(end, span.end), [*keys, key])
        else:
            regions.append((span.start, span.end, [key]))
    for key in keys_of(new):
        if key in changed and key not in parsed.spans and (value := yaml_value(new, key)) is not None:
            appended += dump_key(key, value)
    out = list(parsed.yaml_lines)
    result: list[str] = []
    index = 0
    for start, end, keys in regions:
        result += out[index:start]
        lines = [line for key in keys for line in _key_lines(key, new, parsed, key in changed)]
        span = parsed.spans[keys[0]]
        if len(keys) == 1 and len(lines) == 1 and span.end - span.start == 1:
            trailing = out[span.start][span.value_end_col :]
            if trailing.strip().startswith("#"):
                lines = [lines[0] + trailing]
        result += lines
        index = end
    result += out[index:]
    result += appended
    body = new.body if new.body != old.body else parsed.body
    return "---\n" + "".join(line + "\n" for line in result) + parsed.closer + "\n" + written_body(body)


_DATE_KEYS = frozenset({"date", "decision_by", "follow_up_on", "snooze_until"})


def _key_lines(key: str, record: Record, parsed: Parsed, edited: bool) -> list[str]:
    """The lines of one key: its new value when edited, else the value the file gave it."""
    if edited:
        value = yaml_value(record, key)
        return [] if value is None else dump_key(key, value)
    value = parsed.data[key]
    if key in _DATE_KEYS and isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = parse_when(value)  # written as the product writes dates, not quoted as text
    return dump_key(key, value)
