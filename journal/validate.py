"""From parsed front matter (plain text values) to typed records, collecting every problem.

One function per record type; each returns the record (or None when a required field is
unusable) and the list of problems, so one bad field never hides the next.
"""

from __future__ import annotations

import hashlib
import re
import sys
from datetime import date
from typing import Any

from journal.cache import INTERN_LIMIT, intern_text
from journal.dates import YearOutOfRange, parse_day, parse_when
from journal.frontmatter import Parsed
from journal.problems import Problem
from journal.records import (
    CHANNELS,
    DIRECTIONS,
    FORMATS,
    KINDS,
    OUTCOMES,
    RELATIONSHIPS,
    STAGES,
    STATUSES,
    FollowUp,
    Interview,
    Interviewer,
    Person,
    Source,
    When,
)

_WHOLE = re.compile(r"-?[0-9]{1,9}\Z")
"""A whole number as people type one: ASCII digits (not `٣`, `²` or `1_0`, which `int` would take)."""
_intern = sys.intern
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


class Fields:
    """Typed reads of one file's front matter; every bad value becomes a Problem."""

    def __init__(
        self, parsed: Parsed, path: str, data: dict[str, Any] | None = None, prefix: tuple[str | int, ...] = ()
    ) -> None:
        self.parsed = parsed
        self.path = path
        self.data = parsed.data if data is None else data
        self.prefix = prefix
        self.problems: list[Problem] = []
        self.unusable = False
        """Set by a value that must keep the whole record out (a date in no plausible year)."""

    def problem(self, key: str, message: str, severity: str = "error") -> None:
        line, col = self.parsed.positions.get((*self.prefix, key), self.parsed.positions.get(self.prefix, (1, 0)))
        label = ".".join(str(part) for part in (*self.prefix, key))
        self.problems.append(Problem(self.path, line, col, severity, message, label))  # type: ignore[arg-type]

    def _label(self, key: str) -> str:
        return ".".join(str(part) for part in (*self.prefix, key))

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value.__class__ is str and (not required or value.strip()):  # the usual case, first
            return _intern(value) if len(value) <= INTERN_LIMIT else value
        if value is None:
            if required:
                self.problem(key, f"missing required field '{self._label(key)}'")
            return None
        if not isinstance(value, str):
            self.problem(key, f"expected text for '{self._label(key)}', got {_kind(value)}")
            return None
        if required and not value.strip():
            self.problem(key, f"'{self._label(key)}' must not be empty")
            return None
        return intern_text(value)

    def choice(self, key: str, options: tuple[str, ...]) -> str | None:
        value = self.data.get(key)
        if value.__class__ is str and value in options:  # the usual case, first
            return _intern(value)
        value = self.text(key)
        if value is None:
            return None
        if value not in options:
            self.problem(key, f"'{self._label(key)}' must be one of {', '.join(options)} (got {value!r})")
            return None
        return value

    def day(self, key: str) -> date | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return parse_day(value)
        except ValueError as exc:
            self._bad_date(key, value, exc)
            return None

    def when(self, key: str, *, required: bool = False) -> When | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            return parse_when(value)
        except ValueError as exc:
            self._bad_date(key, value, exc)
            return None

    def _bad_date(self, key: str, value: str, exc: ValueError) -> None:
        if isinstance(exc, YearOutOfRange):
            self.unusable = True
            self.problem(key, f"'{self._label(key)}': {exc} The record is left out until it is fixed.")
        else:
            self.problem(key, f"invalid date {value!r} for '{self._label(key)}' ({exc})")

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.text(key)
        if value is None:
            return None
        if not _WHOLE.match(value.strip()):
            self.problem(key, f"'{self._label(key)}' must be a whole number from {low} to {high} (got {value!r})")
            return None
        number = int(value.strip())
        if not low <= number <= high:
            self.problem(key, f"'{self._label(key)}' must be from {low} to {high} (got {number})")
            return None
        return number

    def boolean(self, key: str, default: bool) -> bool:
        value = self.text(key)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.problem(key, f"'{self._label(key)}' must be true or false (got {value!r})")
        return default

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(key, f"'{self._label(key)}' must be a list of text items")
            return ()
        return tuple(value)


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def interview(parsed: Parsed, path: str, record_id: str, digest: str) -> tuple[Interview | None, list[Problem]]:
    """Validate an interview file's front matter."""
    fields = Fields(parsed, path)
    company = fields.text("company", required=True)
    role = fields.text("role", required=True)
    when = fields.when("date", required=True)
    interviewers = _interviewers(fields)
    outcome = fields.choice("outcome", OUTCOMES) or "pending"
    record = Interview(
        id=record_id,
        company=company or "",
        role=role or "",
        date=when or date.min,
        stage=fields.choice("stage", STAGES),
        format=fields.choice("format", FORMATS),
        location=fields.text("location"),
        interviewers=interviewers,
        next_steps=fields.text("next_steps"),
        decision_by=fields.day("decision_by"),
        follow_up_on=fields.day("follow_up_on"),
        outcome=outcome,
        interest=fields.integer("interest", 1, 5),
        snooze_until=fields.day("snooze_until"),
        tags=fields.text_list("tags"),
        invite_uid=fields.text("invite_uid"),
        invite_sequence=fields.integer("invite_sequence", 0, 1_000_000_000),
        body=parsed.body,
        source=_source(path, digest, parsed),
    )
    usable = company is not None and role is not None and when is not None and not fields.unusable
    return (record if usable else None), fields.problems


def _interviewers(fields: Fields) -> tuple[Interviewer, ...]:
    value = fields.data.get("interviewers")
    if value is None:
        return ()
    if not isinstance(value, list):
        fields.problem("interviewers", "'interviewers' must be a list (one '- name: …' entry per person)")
        return ()
    result = []
    for index, entry in enumerate(value):
        if isinstance(entry, str) and entry.strip():
            result.append(Interviewer(name=entry.strip()))
            continue
        if not isinstance(entry, dict):
            fields.problem("interviewers", f"interviewer {index + 1} must be a mapping with at least a name")
            continue
        item = Fields(fields.parsed, fields.path, entry, ("interviewers", index))
        name = item.text("name", required=True)
        known = ("name", "title", "email", "linkedin", "person", "talking_points")
        interviewer = Interviewer(
            name=(name or "").strip(),
            title=item.text("title"),
            email=item.text("email"),
            linkedin=item.text("linkedin"),
            person=item.text("person"),
            talking_points=_talking_points(item),
            extra=tuple((key, val) for key, val in entry.items() if key not in known),
        )
        fields.problems.extend(item.problems)
        if name:
            result.append(interviewer)
    return tuple(result)


def _talking_points(item: Fields) -> tuple[str, ...]:
    """An interviewer's `talking_points:` list. `- Ana: the design review` is the text it looks
    like, though YAML reads it as a one-key mapping."""
    value = item.data.get("talking_points")
    entries = value if isinstance(value, list) else [value] if isinstance(value, str) else None
    if value is None:
        return ()
    points = []
    for entry in entries or [None]:
        if isinstance(entry, dict) and len(entry) == 1:
            ((key, rest),) = entry.items()
            entry = f"{key}: {rest}" if isinstance(rest, str) else None
        if not isinstance(entry, str):
            item.problem("talking_points", f"'{item._label('talking_points')}' must be a list of text items")
            return ()
        if entry.strip():
            points.append(entry.strip())
    return tuple(points)


def followup(parsed: Parsed, path: str, record_id: str, digest: str) -> tuple[FollowUp | None, list[Problem]]:
    """Validate a follow-up file's front matter (links to interviews are checked later)."""
    fields = Fields(parsed, path)
    kind = fields.choice("kind", KINDS)
    if kind is None and "kind" not in fields.data:
        fields.problem("kind", "missing required field 'kind'")
    direction = fields.choice("direction", DIRECTIONS) or ("in" if kind == "reply" else "out")
    status = fields.choice("status", STATUSES) or ("received" if direction == "in" else "draft")
    when = fields.when("date")
    interview_id = fields.text("interview")
    to = fields.text("to")
    if interview_id is None and to is None and "interview" not in fields.data:
        fields.problem("interview", "a follow-up needs 'interview:' or, for a check-in outside any process, 'to:'")
    if when is None and status in ("sent", "received") and "date" not in fields.data:
        fields.problem("date", f"missing 'date' for a {status} follow-up")
    record = FollowUp(
        id=record_id,
        kind=kind or "other",
        interview=interview_id,
        to=to,
        direction=direction,
        channel=fields.choice("channel", CHANNELS),
        status=status,
        date=when,
        subject=fields.text("subject"),
        message_id=fields.text("message_id"),
        body=parsed.body,
        source=_source(path, digest, parsed),
    )
    return (record if kind is not None and not fields.unusable else None), fields.problems


def person(parsed: Parsed, path: str, record_id: str, digest: str) -> tuple[Person | None, list[Problem]]:
    """Validate a person file: only `name` is needed (the file name stands in for it)."""
    fields = Fields(parsed, path)
    keep = fields.data.get("keep_in_touch")
    days: int | None = None
    if isinstance(keep, str) and keep.lower() in _FALSE:
        days = None
    elif isinstance(keep, str) and keep.lower() in _TRUE:
        days = 0  # 0 means "the policy's keep_in_touch_days"
    elif keep is not None:
        days = fields.integer("keep_in_touch", 1, 3650)
    record = Person(
        id=record_id,
        name=(fields.text("name") or record_id).strip(),
        company=fields.text("company"),
        title=fields.text("title"),
        email=fields.text("email"),
        linkedin=fields.text("linkedin"),
        relationship=fields.choice("relationship", RELATIONSHIPS),
        keep_in_touch=days,
        body=parsed.body,
        source=_source(path, digest, parsed),
    )
    return record, fields.problems


def person_field(key: str, text: str) -> object:
    """A person file's `key` holding `text`, read as the loader reads it (blank: absent).

    Raises ValueError with the message `followup check` gives for that value, so an editor's
    field says exactly what the check would say about the saved file.
    """
    data = {key: text} if text.strip() else {}
    record, problems = person(Parsed(data, (), "", "---"), "", "-", "")
    for problem in problems:
        if problem.field == key:
            raise ValueError(problem.message)
    return getattr(record, key)


def _source(path: str, digest: str, parsed: Parsed) -> Source:
    """Where a record came from: its file, its bytes' hash, and a hash of its front matter alone."""
    front = "\n".join(parsed.yaml_lines).encode("utf-8", "surrogatepass")
    return Source(path, digest, hashlib.blake2b(front, digest_size=8).hexdigest())
