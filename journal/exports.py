"""The journal as data for other tools: JSON, CSV (one row per interview) and iCalendar.

Pure functions of a loaded journal, its agenda and a date, so an export is reproducible:
the same journal and `as_of` give the same bytes (the calendar's DTSTAMP is `as_of`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from journal.items import Item
from journal.model import Journal, PersonView
from journal.records import FollowUp, Interview, Interviewer, format_when, moment

CSV_COLUMNS = (
    "id", "company", "role", "date", "stage", "format", "location", "interviewers", "next_steps",
    "decision_by", "follow_up_on", "outcome", "interest", "tags", "notes",
)  # fmt: skip
"""The CSV export's header; `followup import csv` reads every column back except `id`."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's CSV-injection list)."""
LITERAL_MARK = "'"
"""Put in front of a cell that must be read as text, as spreadsheets do; `import csv` drops it."""

_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
_PERSON = re.compile(r"^\s*(?P<name>[^<(]*?)\s*(?:\((?P<title>[^)]*)\))?\s*(?:<(?P<email>[^>]*)>)?\s*$")


def _plain(value: Any) -> Any:
    """A record field as JSON: dates as the journal spells them, tuples as lists."""
    if isinstance(value, (date, datetime)):
        return format_when(value)
    if isinstance(value, Interviewer):
        entry: dict[str, object] = {
            "name": value.name,
            "title": value.title,
            "email": value.email,
            "linkedin": value.linkedin,
        }
        if value.person:
            entry["person"] = value.person
        if value.talking_points:
            entry["talking_points"] = list(value.talking_points)
        return entry
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _record(record: Interview | FollowUp | PersonView) -> dict[str, Any]:
    skip = {"source", "record"}
    return {f.name: _plain(getattr(record, f.name)) for f in fields(record) if f.name not in skip}


def to_json_data(journal: Journal, items: list[Item], as_of: date) -> dict[str, Any]:
    """Everything in the journal plus its agenda, as plain JSON-ready data."""
    interviews = sorted(journal.interviews.values(), key=lambda iv: (moment(iv.date), iv.id))
    followups = sorted(journal.followups.values(), key=lambda f: (moment(f.date) if f.date else datetime.max, f.id))
    return {
        "as_of": as_of.isoformat(),
        "owner": journal.settings.owner,
        "site_title": journal.settings.site_title,
        "interviews": [_record(item) for item in interviews],
        "followups": [_record(item) for item in followups],
        "people": [_record(person) for person in journal.people.values()],
        "agenda": [item.as_json() for item in items],
        "problems": [
            {"path": p.path, "line": p.line, "col": p.col, "severity": p.severity, "message": p.message}
            for p in journal.problems
        ],
    }


def format_person(person: Interviewer) -> str:
    """`Name (Title) <email>`, the spelling `parse_person` and the CSV import read back."""
    text = person.name
    if person.title:
        text += f" ({person.title})"
    if person.email:
        text += f" <{person.email}>"
    return text


def parse_person(text: str) -> Interviewer:
    """`Jane Doe`, `Jane Doe <jane@acme.example>` or `Jane Doe (Engineering Manager) <jane@…>`."""
    match = _PERSON.match(text)
    if not match or not match.group("name"):
        raise ValueError(f"cannot read interviewer {text.strip()!r}; write 'Name' or 'Name <email>'")
    email = (match.group("email") or "").strip() or None
    if email is not None and "@" not in email:
        raise ValueError(f"{email!r} in {text.strip()!r} is not an e-mail address")
    title = (match.group("title") or "").strip() or None
    return Interviewer(name=" ".join(match.group("name").split()), title=title, email=email)


def csv_cell(text: str) -> str:
    """A text as a cell no spreadsheet runs as a formula and `cell_text` reads back exactly.

    `'` goes in front of a text that starts like a formula (`=HYPERLINK(…)`, `-1+2`, `@SUM`),
    of one that starts with `'` itself, and of one with spaces at either end (which
    `cell_text` would otherwise trim).
    """
    if text.startswith((*FORMULA_STARTS, LITERAL_MARK)) or text != text.strip():
        return LITERAL_MARK + text
    return text


def cell_text(cell: str) -> str:
    """What a cell says: after a leading `'`, exactly the rest; otherwise trimmed of spaces."""
    start = cell.lstrip()
    if start.startswith(LITERAL_MARK):
        return start[1:]
    return start.rstrip()


def csv_line(cells: Iterable[str]) -> str:
    """One CSV row, its cells quoted when they hold a comma, a quote or a line break.

    Python 3.11's `csv.writer` quotes only the characters of its line terminator, so a
    text holding a lone CR came out bare and split its row in two when read back.
    """
    return (
        ",".join('"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell for cell in cells) + "\n"
    )


def to_csv(journal: Journal) -> str:
    """One row per interview, oldest first, in columns a spreadsheet and `import csv` understand.

    Every cell goes through `csv_cell`, so no cell can run as a formula in a spreadsheet.
    """
    out = io.StringIO()
    out.write(csv_line(CSV_COLUMNS))
    for iv in sorted(journal.interviews.values(), key=lambda item: (moment(item.date), item.id)):
        out.write(
            csv_line(
                csv_cell(cell)
                for cell in (
                    iv.id,
                    iv.company,
                    iv.role,
                    format_when(iv.date),
                    iv.stage or "",
                    iv.format or "",
                    iv.location or "",
                    "; ".join(format_person(person) for person in iv.interviewers),
                    iv.next_steps or "",
                    iv.decision_by.isoformat() if iv.decision_by else "",
                    iv.follow_up_on.isoformat() if iv.follow_up_on else "",
                    iv.outcome,
                    "" if iv.interest is None else str(iv.interest),
                    ", ".join(iv.tags),
                    iv.body.strip(),
                )
            )
        )
    return out.getvalue()


EXPORT_PRODID = "-//Follow-up Journal//followup//EN"


def to_ics(journal: Journal, items: list[Item], as_of: date) -> bytes:
    """An RFC 5545 calendar of every interview and every agenda item: the site's `calendar.ics`,
    built by the same function (`journal.ical`), so titles, reminders and time zone agree.

    UIDs come from the stable agenda ids and interview ids, so a subscribed calendar
    updates an event when its date moves instead of adding a duplicate.
    """
    from journal.ical import build_calendar

    return build_calendar(journal, items, as_of, prodid=EXPORT_PRODID)[0]
