"""`calendar.ics`: every interview and every agenda item, with UIDs that survive rebuilds.

A subscribed calendar matches events by UID, so a UID is derived from the record id or the
agenda item id (both stable) and never from a position or a build time. DTSTAMP is the
build's `as_of` day, so building twice gives identical bytes. Each event's text is cached
by what it shows, so a rebuild only asks `icalendar` for the events that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from journal.agenda import Item
from journal.model import Journal
from journal.records import Interview

if TYPE_CHECKING:
    from icalendar import Component

DOMAIN = "followup-journal"
EventCache = dict[str, str]
"""Key (a hash of what an event shows) -> the event's iCalendar text."""


def _start(interview: Interview) -> date | datetime:
    when = interview.date
    if isinstance(when, datetime) and when.tzinfo is not None:
        return when.astimezone(UTC)
    return when


def _interview_fields(interview: Interview) -> dict[str, Any]:
    start = _start(interview)
    names = ", ".join(w.name for w in interview.interviewers)
    details = [f"With {names}" if names else "", interview.next_steps or "", f"Outcome: {interview.outcome}"]
    fields: dict[str, Any] = {
        "uid": f"interview-{interview.id}@{DOMAIN}",
        "dtstart": start,
        "dtend": start + (timedelta(hours=1) if isinstance(start, datetime) else timedelta(days=1)),
        "summary": f"Interview: {interview.title}",
    }
    if interview.location:
        fields["location"] = interview.location
    fields["description"] = "\n".join(line for line in details if line)
    return fields


def _item_fields(item: Item) -> dict[str, Any]:
    who = f" — {item.person}" if item.person else ""
    where = f" ({item.company}, {item.role})" if item.company else ""
    return {
        "uid": f"agenda-{item.id}@{DOMAIN}",
        "dtstart": item.due,
        "dtend": item.due + timedelta(days=1),
        "summary": f"{item.action}{who}{where}",
        "description": item.reason,
        "categories": [item.action],
    }


FOLD_OCTETS = 75
"""RFC 5545 folds content lines longer than this many octets (icalendar folds at 75, line break excluded)."""


def _text(event: Component) -> str:
    """`event.to_ical().decode()`, without asking icalendar to fold lines that are too short to fold.

    icalendar folds character by character, a third of the calendar's time; most lines here
    (dates, stamps, short summaries) are well under 75 octets and come out unchanged anyway.
    """
    lines = []
    for line in event.content_lines():
        if line:
            lines.append(line if len(line.encode()) < FOLD_OCTETS else line.to_ical().decode())
    return "\r\n".join(lines) + "\r\n"


def build_calendar(
    journal: Journal, items: list[Item], as_of: date, cache: EventCache | None = None
) -> tuple[bytes, EventCache]:
    """The calendar's bytes, and the event cache for the next build."""
    from icalendar import Calendar, Event

    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    probe = Event()
    probe.add("dtstamp", stamp)
    stamped = probe["DTSTAMP"]  # encoded once: the same value on every event
    old = cache or {}
    used: EventCache = {}

    def event_text(fields: dict[str, Any]) -> str:
        key = hashlib.sha256(repr((stamp, sorted(fields.items()))).encode()).hexdigest()
        text = old.get(key)
        if text is None:
            event = Event()
            event.add("uid", fields["uid"])
            event.add("dtstamp", stamped)
            for name, value in fields.items():
                if name != "uid":
                    event.add(name, value)
            text = _text(event)
        used[key] = text
        return text

    sources: list[Callable[[], dict[str, Any]]] = [
        *(lambda iv=iv: _interview_fields(iv) for _id, iv in sorted(journal.interviews.items())),
        *(lambda item=item: _item_fields(item) for item in items),
    ]
    calendar = Calendar()
    calendar.add("prodid", "-//Follow-up Journal//followup build//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", journal.settings.site_title)
    head, end = calendar.to_ical().decode().rsplit("END:VCALENDAR", 1)
    body = "".join(event_text(make()) for make in sources)
    return (head + body + "END:VCALENDAR" + end).encode(), used
