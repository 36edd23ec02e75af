"""The journal as data for other tools: JSON, CSV (one row per interview) and iCalendar.

Pure functions of a loaded journal, its agenda and a date, so an export is reproducible:
the same journal and `as_of` give the same bytes (the calendar's DTSTAMP is `as_of`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from journal.agenda import Item
from journal.model import Journal, PersonView
from journal.problems import Problem
from journal.records import OUTCOMES, STAGES, FollowUp, Interview, Interviewer, When, day_of, format_when, moment
from journal.validate import parse_day, parse_when

CSV_COLUMNS = (
    "id", "company", "role", "date", "stage", "format", "location", "interviewers", "next_steps",
    "decision_by", "follow_up_on", "outcome", "interest", "tags", "notes",
)  # fmt: skip
"""The CSV export's header; `followup import csv` reads every column back except `id`."""

UID_DOMAIN = "followup-journal"
_PERSON = re.compile(r"^\s*(?P<name>[^<(]*?)\s*(?:\((?P<title>[^)]*)\))?\s*(?:<(?P<email>[^>]*)>)?\s*$")


def _plain(value: Any) -> Any:
    """A record field as JSON: dates as the journal spells them, tuples as lists."""
    if isinstance(value, (date, datetime)):
        return format_when(value)
    if isinstance(value, Interviewer):
        entry = {"name": value.name, "title": value.title, "email": value.email, "linkedin": value.linkedin}
        if value.person:
            entry["person"] = value.person
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


def to_csv(journal: Journal) -> str:
    """One row per interview, oldest first, in columns a spreadsheet and `import csv` understand."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for iv in sorted(journal.interviews.values(), key=lambda item: (moment(item.date), item.id)):
        writer.writerow(
            [
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
            ]
        )
    return out.getvalue()


def to_ics(journal: Journal, items: list[Item], as_of: date) -> bytes:
    """An RFC 5545 calendar of every agenda item (all-day) and every interview.

    UIDs come from the stable agenda ids and interview ids, so a subscribed calendar
    updates an event when its date moves instead of adding a duplicate.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Follow-up Journal//followup//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", journal.settings.site_title)
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for item in items:
        event = Event()
        event.add("uid", f"{item.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        who = f" {item.person}" if item.person else ""
        where = f" ({item.company} — {item.role})" if item.company else ""
        event.add("summary", f"{item.action}{who}{where}")
        event.add("description", item.reason)
        event.add("categories", [item.action])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    for iv in sorted(journal.interviews.values(), key=lambda entry: (moment(entry.date), entry.id)):
        event = Event()
        event.add("uid", f"interview-{iv.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        if isinstance(iv.date, datetime):
            start = _calendar_time(iv.date, journal.settings.timezone)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
        else:
            event.add("dtstart", day_of(iv.date))
            event.add("dtend", day_of(iv.date) + timedelta(days=1))
        event.add("summary", f"Interview: {iv.title}")
        names = ", ".join(person.name for person in iv.interviewers)
        lines = [f"With {names}" if names else "", f"Outcome: {iv.outcome}", iv.next_steps or ""]
        event.add("description", "\n".join(line for line in lines if line))
        if iv.location:
            event.add("location", iv.location)
        calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for every TZID used, as RFC 5545 requires
    return bytes(calendar.to_ical())


def _calendar_time(when: datetime, zone: str | None) -> datetime:
    """An offset becomes UTC (the same instant); a local time gets the journal's timezone, if set."""
    if when.tzinfo is not None:
        return when.astimezone(UTC)
    if zone:
        try:
            from zoneinfo import ZoneInfo

            return when.replace(tzinfo=ZoneInfo(zone))
        except (ValueError, KeyError, OSError):
            pass  # an unknown timezone is reported by `followup check`; floating time is still right locally
    return when


# --- CSV import -------------------------------------------------------------------------

_HEADERS = {
    "company": ("company", "companyname", "employer", "organization", "organisation", "org"),
    "role": ("role", "title", "jobtitle", "position", "job", "jobrole", "roletitle"),
    "date": ("date", "applied", "dateapplied", "applieddate", "appliedon", "interviewdate", "when", "datetime"),
    "stage": ("stage", "round", "interviewstage"),
    "status": ("status", "state"),
    "format": ("format", "type", "medium", "interviewtype"),
    "location": ("location", "where", "place"),
    "interviewers": ("interviewer", "interviewers", "interviewerss", "contact", "contacts", "with", "people"),
    "notes": ("notes", "note", "comments", "comment", "description", "details", "debrief"),
    "next_steps": ("nextsteps", "next"),
    "decision_by": ("decisionby", "decision", "decisiondate"),
    "follow_up_on": ("followupon", "followup", "followupdate"),
    "outcome": ("outcome", "result"),
    "interest": ("interest", "rating", "excitement"),
    "tags": ("tags", "tag", "labels"),
}
_COLUMN_OF = {alias: column for column, aliases in _HEADERS.items() for alias in aliases}
_STAGE_WORDS = {
    "application": ("application", "applied", "apply", "submitted", "applicationsent"),
    "phone-screen": (
        "phonescreen",
        "phone",
        "screen",
        "screening",
        "recruiterscreen",
        "recruitercall",
        "phoneinterview",
    ),
    "technical": ("technical", "tech", "techscreen", "technicalinterview", "coding", "takehome", "assignment"),
    "onsite": ("onsite", "virtualonsite", "loop", "panel"),
    "final": ("final", "finalround", "finalinterview"),
    "other": ("other", "interview", "interviewing"),
}
_OUTCOME_WORDS = {
    "pending": ("pending", "waiting", "inprogress", "active", "open"),
    "next-round": ("nextround", "advanced", "passed"),
    "offer": ("offer", "offered", "accepted"),
    "rejected": ("rejected", "rejection", "declined", "no", "notselected"),
    "withdrawn": ("withdrawn", "withdrew", "withdraw"),
    "ghosted": ("ghosted", "noresponse", "noreply", "noanswer"),
}
_FORMAT_WORDS = {
    "phone": ("phone", "call", "phonecall"),
    "video": ("video", "zoom", "teams", "meet", "googlemeet", "videocall", "remote"),
    "in-person": ("inperson", "office", "onsite"),
    "take-home": ("takehome", "assignment"),
    "other": ("other",),
}
_COMMA_OUTSIDE = r",(?![^()<>]*[)>])"
"""A comma that separates people, not one inside `(Title, Team)` or `<email>`."""
_DAY_FORMATS = ("%Y/%m/%d", "%d.%m.%Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _lookup(words: dict[str, tuple[str, ...]], value: str) -> str | None:
    key = _fold(value)
    return next((name for name, aliases in words.items() if key in aliases), None)


@dataclass(frozen=True)
class CsvImport:
    """What a spreadsheet holds: new interviews (id still empty), skipped rows and bad rows."""

    new: list[tuple[int, Interview]]
    """(line, interview) for every row to create, in file order."""
    skipped: list[tuple[int, str]]
    """(line, why) for rows already in the journal (same company, role and date)."""
    problems: list[Problem]
    ignored_columns: list[str]


def parse_day_loosely(text: str) -> date:
    """ISO dates, `2026/11/20`, `20.11.2026`, `Nov 20, 2026`, and `11/20/2026` when unambiguous."""
    text = text.strip()
    for spec in _DAY_FORMATS:
        try:
            return datetime.strptime(text, spec).date()
        except ValueError:
            continue
    slashed = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if slashed:
        first, second, year = (int(part) for part in slashed.groups())
        if first > 12 >= second:
            return date(year, second, first)
        if second > 12 >= first or first == second:
            return date(year, first, second)
        raise ValueError(f"{text!r} could be day/month or month/day; write it as YYYY-MM-DD")
    return parse_day(text)


def parse_when_loosely(text: str) -> When:
    try:
        return parse_when(text)
    except ValueError:
        pass
    try:
        return parse_day_loosely(text)
    except ValueError as exc:
        raise ValueError(f"cannot read the date {text.strip()!r}: {exc}") from None


def read_csv(text: str, name: str, existing: Iterable[Interview]) -> CsvImport:
    """Read a spreadsheet of applications/interviews; one bad row never stops the others."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ValueError(f"{name}: the file is empty; the first row must name the columns (Company, Role, Date, …)")
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        column = _COLUMN_OF.get(_fold(cell))
        if column and column not in columns.values():
            columns[index] = column
        elif cell.strip():
            ignored.append(cell.strip())
    for needed in ("company", "role", "date"):
        if needed not in columns.values():
            raise ValueError(
                f"{name}:1: no {needed} column (found: {', '.join(c.strip() for c in header if c.strip())})"
            )
    seen = {(iv.process_key, iv.day) for iv in existing}
    result = CsvImport([], [], [], ignored)
    previous_end = reader.line_num
    for cells in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        row = {column: cells[index].strip() for index, column in columns.items() if index < len(cells)}
        try:
            interview = _interview_of(row)
        except _RowError as exc:
            result.problems.append(Problem(name, line, 0, "error", exc.message, exc.field))
            continue
        key = (interview.process_key, interview.day)
        if key in seen:
            result.skipped.append((line, f"{interview.company} — {interview.role} on {interview.day} is already there"))
            continue
        seen.add(key)
        result.new.append((line, interview))
    return result


class _RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _interview_of(row: dict[str, str]) -> Interview:
    for needed in ("company", "role", "date"):
        if not row.get(needed):
            raise _RowError(needed, f"missing {needed}")
    try:
        when = parse_when_loosely(row["date"])
    except ValueError as exc:
        raise _RowError("date", str(exc)) from None
    stage = _choice(row, "stage", _STAGE_WORDS)
    outcome = _choice(row, "outcome", _OUTCOME_WORDS) or "pending"
    status = row.get("status")
    if status:
        as_stage, as_outcome = _lookup(_STAGE_WORDS, status), _lookup(_OUTCOME_WORDS, status)
        if as_stage is None and as_outcome is None:
            raise _RowError(
                "status",
                f"unknown status {status!r} (a stage such as {', '.join(STAGES)}, or an outcome such as {', '.join(OUTCOMES)})",
            )
        stage, outcome = stage or as_stage, as_outcome if as_outcome and not row.get("outcome") else outcome
    interviewers: list[Interviewer] = []
    people = row.get("interviewers", "")
    for part in re.split(r"[;\n]" if re.search(r"[;\n]", people) else _COMMA_OUTSIDE, people):
        if part.strip():
            try:
                interviewers.append(parse_person(part))
            except ValueError as exc:
                raise _RowError("interviewers", str(exc)) from None
    interest = None
    if row.get("interest"):
        if not row["interest"].isdigit() or not 1 <= int(row["interest"]) <= 5:
            raise _RowError("interest", f"interest {row['interest']!r} must be a whole number from 1 to 5")
        interest = int(row["interest"])
    notes = row.get("notes", "")
    return Interview(
        id="",
        company=row["company"],
        role=row["role"],
        date=when,
        stage=stage,
        format=_choice(row, "format", _FORMAT_WORDS),
        location=row.get("location") or None,
        interviewers=tuple(interviewers),
        next_steps=row.get("next_steps") or None,
        decision_by=_day(row, "decision_by"),
        follow_up_on=_day(row, "follow_up_on"),
        outcome=outcome,
        interest=interest,
        tags=tuple(tag.strip() for tag in re.split(r"[,;]", row.get("tags", "")) if tag.strip()),
        body=(notes.replace("\r\n", "\n") + "\n") if notes else "",
    )


def _choice(row: dict[str, str], column: str, words: dict[str, tuple[str, ...]]) -> str | None:
    value = row.get(column)
    if not value:
        return None
    found = _lookup(words, value)
    if found is None:
        raise _RowError(column, f"unknown {column} {value!r} (one of {', '.join(words)})")
    return found


def _day(row: dict[str, str], column: str) -> date | None:
    if not row.get(column):
        return None
    try:
        return parse_day_loosely(row[column])
    except ValueError as exc:
        raise _RowError(column, f"{column}: {exc}") from None
