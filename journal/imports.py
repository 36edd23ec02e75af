"""`followup import csv`: a spreadsheet of applications and interviews, read into new interviews.

Headers are matched loosely (Company, Role/Title/Position, Date/Applied, Stage/Status,
Interviewer(s), Notes, …), and so are the values a spreadsheet holds (`Phone screen`,
`Rejected`, `20.11.2026`). A cell starting with `'` is taken literally, without the `'`
(`followup export csv` writes one so no spreadsheet runs the text as a formula); any other
cell is trimmed. A bad cell makes its row a problem, at the cell's line in the file and named
by its column, and never stops the rest; nor does a row that cannot be written.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from journal import store
from journal.atomic import sync_folder
from journal.dates import parse_day, parse_when
from journal.exports import cell_text, parse_person
from journal.frontmatter import FRONT_MATTER_LIMIT
from journal.layout import INTERVIEWS
from journal.problems import JournalError, Problem, RecordError, SaveError
from journal.records import OUTCOMES, STAGES, Interview, Interviewer, When

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
_INTEREST = re.compile(r"[1-5](\.0*)?")
"""1 to 5 in ASCII digits (`3.0` too, as some tools write whole numbers); `²` and `٣` are not."""
CELL_LIMIT = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit): a longer cell means a broken file."""
FRONT_MATTER_BUDGET = FRONT_MATTER_LIMIT // 2
"""Bytes the cells of one row other than the notes may hold: half a file's front matter, the
rest left for keys, quoting and escapes."""
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
    """One per bad row, at the line of the bad cell; `field` is that column's header as written."""
    ignored_columns: list[str]


def parse_day_loosely(text: str) -> date:
    """ISO dates, `2026/11/20`, `20.11.2026`, `Nov 20, 2026`, and `11/20/2026` when unambiguous.

    What is read is checked again as the journal checks a date in a file, so an import never
    writes a date the journal would refuse to load.
    """
    return parse_day(_spreadsheet_day(text.strip()).isoformat())


def _spreadsheet_day(text: str) -> date:
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
        raise ValueError(f"cannot read the date {text.strip()!r} ({exc})") from None


def read_csv(text: str, name: str, existing: Iterable[Interview]) -> CsvImport:
    """Read a spreadsheet of applications/interviews; one bad row never stops the others.

    A bad cell makes its row a problem at the cell's own line in the file (a quoted cell
    with line breaks makes lines and rows differ), named by the column's header.
    """
    with _field_limit(len(text)):
        delimiter = _delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise ValueError(f"{name}:1: cannot read the first row ({exc}); it must name the columns") from None
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
        labels = [cell.strip() or f"column {index + 1}" for index, cell in enumerate(header)]
        index_of = {column: index for index, column in columns.items()}
        seen = {(iv.process_key, iv.day) for iv in existing}
        result = CsvImport([], [], [], ignored)
        previous_end = reader.line_num
        while True:
            line = previous_end + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                previous_end = reader.line_num
                result.problems.append(Problem(name, line, 0, "error", _UNREADABLE.format(reason=exc)))
                continue
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            try:
                interview = _interview_of(_row(cells, columns))
            except _RowError as exc:
                index = exc.where if isinstance(exc.where, int) else index_of[exc.where]
                at = line + sum(len(_BREAK.findall(cell)) for cell in cells[:index])
                label = labels[index] if index < len(labels) else f"column {index + 1}"
                result.problems.append(Problem(name, at, 0, "error", exc.message, label))
                continue
            key = (interview.process_key, interview.day)
            if key in seen:
                result.skipped.append(
                    (line, f"{interview.company} — {interview.role} on {interview.day} is already there")
                )
                continue
            seen.add(key)
            result.new.append((line, interview))
    return result


_UNREADABLE = (
    "cannot read this row ({reason}): a cell holding a comma, a quote or a line break must be "
    'quoted, and each quote inside it doubled (""); the cells of this row were not read'
)
_BREAK = re.compile(r"\r\n?|\n")
"""A line break as the CSV reader counts lines (with `newline=""`)."""


@contextlib.contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Let the reader take a cell of any size, so an oversized one is a row problem, not a lost row.

    At csv's default limit (128 KiB) the reader gives up midway through the cell and reads
    the rest of it as rows of their own.
    """
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _delimiter(text: str) -> str:
    """`,`, `;` or TAB: the one under which the first row names the most known columns (`,` on a tie).

    Guessed from the header rather than by csv.Sniffer, which looks at the data too and can
    take a `'` from the formula guard for a quote character, or a `;` in the notes for the
    delimiter.
    """
    best, known = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        count = len({_COLUMN_OF.get(_fold(cell)) for cell in header} - {None})
        if count > known:
            best, known = delimiter, count
    return best


class _RowError(Exception):
    """A bad cell: `where` is its field (`interest`) or, for a cell outside the columns read, its index."""

    def __init__(self, where: str | int, message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


def _row(cells: list[str], columns: dict[int, str]) -> dict[str, str]:
    """The row's text by field, after the checks that apply to any cell."""
    for index, cell in enumerate(cells):
        if len(cell) > CELL_LIMIT:
            raise _RowError(
                columns.get(index, index),
                f"the cell holds {len(cell):,} characters, more than a spreadsheet cell can "
                f'({CELL_LIMIT:,}): is a quote (") in it left open?',
            )
    row = {column: cell_text(cells[index]) for index, column in columns.items() if index < len(cells)}
    if "\0" in row.get("notes", ""):
        raise _RowError("notes", "holds a NUL character (U+0000), which no text file may; remove it")
    front = {column: len(text.encode()) for column, text in row.items() if column != "notes"}
    if sum(front.values()) > FRONT_MATTER_BUDGET:
        largest = max(front, key=front.__getitem__)
        raise _RowError(
            largest,
            f"the cells other than the notes hold {sum(front.values()) / 1024:.0f} KB together, more than an "
            f"interview's fields can ({FRONT_MATTER_BUDGET // 1024} KB): move long text to the notes",
        )
    return row


def _interview_of(row: dict[str, str]) -> Interview:
    for needed in ("company", "role", "date"):
        if not row.get(needed, "").strip():
            raise _RowError(needed, "missing (every row needs a company, a role and a date)")
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
        if not _INTEREST.fullmatch(row["interest"]):
            raise _RowError("interest", f"{row['interest']!r} is not a whole number from 1 to 5")
        interest = int(row["interest"][0])
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
        body=(_BREAK.sub("\n", notes) + "\n") if notes else "",
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
        raise _RowError(column, f"cannot read the date {row[column]!r} ({exc})") from None


class ImportStopped(JournalError):
    """Writing the rows stopped at one of them (the disk failed); the rows before it were created."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def create_interviews(
    root: Path, new: list[tuple[int, Interview]], name: str
) -> Iterator[tuple[int, Interview | Problem]]:
    """Write each new interview under a fresh id; yields (line, the record as saved, or why it was not).

    The interviews folder is listed once and every id handed out is added to what is taken
    (listing it again for each row made 20,000 rows take four minutes). Each file is still
    written whole or not at all by `store.create`. A row whose record cannot be written is a
    problem and the next row goes on; a failing disk raises ImportStopped at that row.
    """
    taken = store.taken_in(root, INTERVIEWS)
    try:
        for line, interview in new:
            for attempt in range(3):
                record = replace(interview, id=store.interview_id(root, interview, taken=taken))
                try:
                    saved = store.create(root, record, sync_folder=False)
                except (SaveError, RecordError) as exc:
                    if isinstance(exc.__cause__, OSError):
                        raise ImportStopped(line, str(exc)) from exc
                    if attempt < 2 and (Path(root) / INTERVIEWS / f"{record.id}.md").exists():
                        taken = store.taken_in(root, INTERVIEWS)  # written meanwhile by someone else: list again
                        continue
                    yield line, Problem(name, line, 0, "error", str(exc))
                else:
                    assert isinstance(saved, Interview)
                    yield line, saved
                break
    finally:
        sync_folder(root, INTERVIEWS)  # every file was synced as written; their names, once here
