"""The journal's records: frozen dataclasses, the validated form of what YAML gave us."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

When = date | datetime
Day = date
"""A calendar day (an alias: inside records, `date` is the name of a field)."""
"""A record's moment: a date, or a local date and time (an offset is kept, never applied)."""

STAGES = ("application", "phone-screen", "technical", "onsite", "final", "other")
STAGE_WORDS = {
    "application": "application",
    "phone-screen": "phone screen",
    "technical": "technical interview",
    "onsite": "onsite interview",
    "final": "final interview",
}
"""A stage as a sentence says it ("my phone screen", "the onsite interview"); others are "interview"."""
FORMATS = ("phone", "video", "in-person", "take-home", "other")
OUTCOMES = ("pending", "next-round", "offer", "rejected", "withdrawn", "ghosted")
ACTIVE_OUTCOMES = ("pending", "next-round")
KINDS = ("thank-you", "next-steps", "linkedin", "status-check", "check-in", "reply", "other")
OUTBOUND_KINDS = ("thank-you", "next-steps", "linkedin", "status-check", "check-in")
NUDGE_KINDS = ("status-check", "check-in")
DIRECTIONS = ("out", "in")
CHANNELS = ("email", "linkedin", "phone", "letter", "in-person", "other")
STATUSES = ("draft", "scheduled", "sent", "received", "skipped")
"""`skipped` records a decision not to send: it answers an agenda item but is never a touch or a nudge."""
RELATIONSHIPS = ("recruiter", "hiring-manager", "interviewer", "peer", "other")


def day_of(when: When) -> date:
    """The calendar day of a moment, as written (no timezone shift)."""
    return when.date() if isinstance(when, datetime) else when


def moment(when: When) -> datetime:
    """A naive local datetime for ordering: a date counts as its start, an offset is dropped."""
    if isinstance(when, datetime):
        return when if when.tzinfo is None else when.replace(tzinfo=None)
    return datetime.combine(when, time())


def end_of_day(when: When) -> datetime:
    """The moment a round ends for the thank-you clock: its start time, or the end of a date-only day."""
    if isinstance(when, datetime):
        return when if when.tzinfo is None else when.replace(tzinfo=None)
    return datetime.combine(when, time()) + timedelta(days=1) - timedelta(microseconds=1)


def fmt(day: date, as_of: date | None = None) -> str:
    """`Mon 30 Nov` — short, unambiguous for the reasons shown to users; with `as_of`, a day in
    another year carries its year (`Fri 1 Jan 2027`), so a reason about last year reads right."""
    year = f" {day.year}" if as_of is not None and day.year != as_of.year else ""
    return f"{day:%a} {day.day} {day:%b}{year}"


def format_when(when: When) -> str:
    """The journal's own spelling of a moment: `2026-11-20` or `2026-11-20T14:00`."""
    if not isinstance(when, datetime):
        return when.isoformat()
    spec = "minutes" if not when.second and not when.microsecond else "seconds"
    return when.isoformat(timespec=spec)


@dataclass(frozen=True)
class Source:
    """Where a record came from, so a save can detect conflicts and keep the file's shape."""

    path: str
    """Relative to the journal root, forward slashes."""
    digest: str
    """SHA-256 of the bytes that were loaded."""
    fields: str = ""
    """A hash of the front matter alone ("" when not known): what a page that shows the record's
    fields but not its notes (the timeline) is made from."""


@dataclass(frozen=True)
class Interviewer:
    name: str
    title: str | None = None
    email: str | None = None
    linkedin: str | None = None
    person: str | None = None
    """An explicit person id, when the slug of the name is not the right one."""
    talking_points: tuple[str, ...] = ()
    """Points of the conversation that are this person's own (`talking_points:` in front matter)."""
    extra: tuple[tuple[str, object], ...] = ()
    """Keys we do not know, kept so a save never drops them."""


@dataclass(frozen=True)
class Interview:
    id: str
    company: str
    role: str
    date: When
    stage: str | None = None
    format: str | None = None
    location: str | None = None
    interviewers: tuple[Interviewer, ...] = ()
    next_steps: str | None = None
    decision_by: Day | None = None
    follow_up_on: Day | None = None
    outcome: str = "pending"
    interest: int | None = None
    snooze_until: Day | None = None
    tags: tuple[str, ...] = ()
    invite_uid: str | None = None
    """The calendar invite's UID (`followup import invite`): a re-sent invite updates this round."""
    invite_sequence: int | None = None
    """The invite's SEQUENCE as last imported: only a higher one changes the round."""
    body: str = ""
    source: Source | None = field(default=None, compare=False)

    @property
    def day(self) -> Day:
        return day_of(self.date)

    @cached_property
    def process_key(self) -> tuple[str, str]:
        """Rounds with the same company and role form one process. Kept on the round once made
        (a build asks each round's several times); the load cache leaves it out (`journal.cache`)."""
        return (self.company.strip().casefold(), self.role.strip().casefold())

    @property
    def title(self) -> str:
        """ "Acme Corp — Backend Engineer (phone screen)": the stage in words, as people write it."""
        stage = f" ({self.stage.replace('-', ' ')})" if self.stage else ""
        return f"{self.company} — {self.role}{stage}"


@dataclass(frozen=True)
class FollowUp:
    id: str
    kind: str
    interview: str | None = None
    to: str | None = None
    direction: str = "out"
    channel: str | None = None
    status: str = "draft"
    date: When | None = None
    subject: str | None = None
    message_id: str | None = None
    """The mail's `Message-ID` (`<…@…>`), when the message came from or went to a mail client: set by
    `compose --eml` and `import mail`, which finds a message imported before, and a reply's
    `In-Reply-To`, by it."""
    body: str = ""
    source: Source | None = field(default=None, compare=False)

    @property
    def is_done(self) -> bool:
        """Sent or received: it happened (a draft or a scheduled message did not yet)."""
        return self.status in ("sent", "received")

    @property
    def is_reply(self) -> bool:
        return self.direction == "in"

    @property
    def is_skipped(self) -> bool:
        """A decision not to send: it answers an agenda item, but nothing was said to anyone."""
        return self.status == "skipped"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    company: str | None = None
    title: str | None = None
    email: str | None = None
    linkedin: str | None = None
    relationship: str | None = None
    keep_in_touch: int | None = None
    """Days between check-ins, or None for no regular check-in."""
    body: str = ""
    source: Source | None = field(default=None, compare=False)


# Key order of new files, and of the writer for each record type.
INTERVIEW_KEYS = (
    "company", "role", "stage", "date", "format", "location", "interviewers", "next_steps",
    "decision_by", "follow_up_on", "outcome", "interest", "snooze_until", "tags", "invite_uid", "invite_sequence",
)  # fmt: skip
FOLLOWUP_KEYS = ("interview", "kind", "to", "direction", "channel", "status", "date", "subject", "message_id")
PERSON_KEYS = ("name", "company", "title", "email", "linkedin", "relationship", "keep_in_touch")


SUM_MODULUS = 1 << 256


def source_term(record: Interview | FollowUp | Person) -> int:
    """A record's share of `Journal.sources_sum` (0 for one not read from a file)."""
    source = record.source
    if source is None:
        return 0
    digest = hashlib.blake2b(f"{source.path}\0{source.digest}".encode(), digest_size=32).digest()
    return int.from_bytes(digest, "big")
