"""A commit message that says what happened: "Thank-you note to Raj Patel sent; Northwind onsite: next steps
recorded".

Each changed record is compared with its committed version (`git show HEAD:path`, read by the
caller and handed in as `before`): a follow-up by kind, person and status, an interview by the
fields that changed, by name. Only what cannot be read as a record falls back to its path, and
the subject to "Update N records" when the changes are too many to name in one line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from journal import FollowUp, Interview, Journal
from journal.items import KIND_LABELS
from journal.layout import FOLLOWUPS, INTERVIEWS, PEOPLE
from journal.loader import parse_entry
from journal.records import Person
from journal.words import counted
from tui.gitops import Change

Record = Interview | FollowUp | Person
SUBJECT_WIDTH = 72
"""Git's habit for a subject line; longer, the subject counts and the body lists."""
STATUS_WORDS = {"sent": "sent", "draft": "drafted", "scheduled": "scheduled", "skipped": "skipped",
                "received": "logged"}  # fmt: skip
FIELD_NAMES = {"next_steps": "next steps", "decision_by": "decision date", "follow_up_on": "follow-up date",
               "snooze_until": "snooze", "body": "notes"}  # fmt: skip


def parse_record(rel: str, raw: bytes) -> Record | None:
    """The record a file's bytes hold (None when they do not parse, or hold none)."""
    entry = parse_entry(rel, raw, rel.split("/", 1)[0])
    return entry.record if isinstance(entry.record, (Interview, FollowUp, Person)) else None


def round_name(interview: Interview) -> str:
    """How a person names a round, short enough for a subject line: "Northwind onsite", "Acme phone screen"."""
    return f"{interview.company} {(interview.stage or 'interview').replace('-', ' ')}"


def message_name(item: FollowUp) -> str:
    """ "Thank-you note to Raj Patel", "Reply from Jane Doe"."""
    label = KIND_LABELS.get(item.kind, item.kind)
    if not item.to:
        return label
    return f"{label} {'from' if item.is_reply else 'to'} {item.to}"


def _field_phrase(name: str, old: object, new: object) -> str:
    label = FIELD_NAMES.get(name, name.replace("_", " "))
    if name == "outcome":
        return f"outcome {new}"
    if name == "stage":
        return f"stage {str(new).replace('-', ' ')}" if new else "stage cleared"
    if old in (None, "", ()):
        return f"{label} recorded"
    if new in (None, "", ()):
        return f"{label} cleared"
    return f"{label} changed"


def _changed_fields(old: Record, new: Record) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(new)
        if f.name not in ("id", "source") and getattr(old, f.name, None) != getattr(new, f.name)
    ]


def describe(change: Change, now: Record | None, before: Record | None) -> str:
    """One change in words, from the record as it is now and as it was committed (either may be missing)."""
    record = now or before
    if record is None:
        verb = "Delete" if change.deleted else "Add" if change.added else "Update"
        return f"{verb} {change.path}"
    if change.deleted or now is None:
        name = record.name if isinstance(record, Person) else message_name(record) if isinstance(record, FollowUp) \
            else round_name(record)  # fmt: skip
        return f"{name} deleted"
    if isinstance(now, FollowUp):
        if before is None or not isinstance(before, FollowUp):
            return f"{message_name(now)} {STATUS_WORDS.get(now.status, now.status)}"
        if before.status != now.status:
            return f"{message_name(now)} {STATUS_WORDS.get(now.status, now.status)}"
        return f"{message_name(now)} edited"
    if isinstance(now, Interview):
        if before is None or not isinstance(before, Interview):
            return f"{round_name(now)} added"
        fields = _changed_fields(before, now)
        phrases = [_field_phrase(name, getattr(before, name), getattr(now, name)) for name in fields]
        return f"{round_name(now)}: {', '.join(phrases) if phrases else 'edited'}"
    if before is None or not isinstance(before, Person):
        return f"{now.name} added to people"
    fields = [FIELD_NAMES.get(name, name.replace("_", " ")) for name in _changed_fields(before, now)]
    return f"{now.name}: {', '.join(fields) if fields else 'edited'}"


def current_record(journal: Journal, path: str) -> Record | None:
    folder, _, name = path.partition("/")
    record_id = name[:-3] if name.endswith(".md") else name
    if folder == FOLLOWUPS:
        return journal.followups.get(record_id)
    if folder == INTERVIEWS:
        return journal.interviews.get(record_id)
    if folder == PEOPLE:
        return journal.people_files.get(record_id)
    return None


def commit_message(journal: Journal, changes: Iterable[Change], committed: Callable[[str], bytes | None]) -> str:
    """A subject from what changed (all of it when it fits on a line); with several changes, a list below it.

    `committed(path)` gives a file's committed bytes (None: new, or not a record).
    """
    order = {FOLLOWUPS: 0, INTERVIEWS: 1, PEOPLE: 2}
    changes = tuple(sorted(changes, key=lambda change: (order.get(change.path.split("/", 1)[0], 3), change.path)))
    if not changes:
        return "Update journal"
    lines = []
    for change in changes:
        raw = None if change.added else committed(change.path)
        before = parse_record(change.path, raw) if raw is not None and change.path.endswith(".md") else None
        lines.append(describe(change, None if change.deleted else current_record(journal, change.path), before))
    lines = list(dict.fromkeys(lines))
    joined = "; ".join(lines)
    if len(lines) == 1:
        return lines[0]
    if len(joined) <= SUBJECT_WIDTH:
        subject = joined
    else:
        records = sum(1 for change in changes if change.path.endswith(".md"))
        count = records if records == len(changes) else len(changes)
        subject = f"Update {counted(count, 'record' if records == len(changes) else 'file')}"
    return subject + "\n\n" + "\n".join(f"- {line}" for line in lines)
