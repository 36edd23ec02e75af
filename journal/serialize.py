"""Records to file text: new files in the product's style, and minimal-diff edits of old ones.

An edit replaces only the lines of the keys whose value changed, appends new keys at the
end and keeps everything else (comments, key order, quoting, the body) as it was, so
`git diff` shows just the field the user changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

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
    if isinstance(value, list) and value and isinstance(value[0], dict):
        # Indent the list under its key the way people write it (`  - name: …`).
        lines = [lines[0]] + ["  " + line for line in lines[1:]]
    return lines


def render_new(record: Record) -> str:
    """A new file's text: front matter in the canonical key order, then the body."""
    lines = ["---"]
    for key in keys_of(record):
        value = yaml_value(record, key)
        if value is not None:
            lines += dump_key(key, value)
    lines.append("---")
    body = record.body
    text = "\n".join(lines) + "\n" + body
    return text if text.endswith("\n") else text + "\n"


def render_edit(old: Record, new: Record, parsed: Parsed) -> str:
    """The old file with only the changed keys rewritten (and new ones appended)."""
    out = list(parsed.yaml_lines)
    replacements: dict[int, tuple[int, list[str]]] = {}
    appended: list[str] = []
    for key in keys_of(new):
        before, after = getattr(old, key), getattr(new, key)
        if before == after:
            continue
        value = yaml_value(new, key)
        span = parsed.spans.get(key)
        if span is None:
            if value is not None:
                appended += dump_key(key, value)
            continue
        lines = [] if value is None else dump_key(key, value)
        if len(lines) == 1 and span.end - span.start == 1:
            trailing = out[span.start][span.value_end_col :]
            if trailing.strip().startswith("#"):
                lines = [lines[0] + trailing]
        replacements[span.start] = (span.end, lines)
    result: list[str] = []
    index = 0
    while index < len(out):
        if index in replacements:
            end, lines = replacements[index]
            result += lines
            index = end
        else:
            result.append(out[index])
            index += 1
    result += appended
    body = new.body if new.body != old.body else parsed.body
    text = "---\n" + "".join(line + "\n" for line in result) + parsed.closer + "\n" + body
    return text if text.endswith("\n") else text + "\n"
