"""`calendar.ics`: every interview and every agenda item, with UIDs that survive rebuilds.

A subscribed calendar matches events by UID, so a UID is derived from the record id or the
agenda item id (both stable) and never from a position or a build time. DTSTAMP is the
build's `as_of` day, so building twice gives identical bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from journal.agenda import Item
from journal.model import Journal
from journal.records import Interview

DOMAIN = "followup-journal"


def _start(interview: Interview) -> date | datetime:
    when = interview.date
    if isinstance(when, datetime) and when.tzinfo is not None:
        return when.astimezone(UTC)
    return when


def build_calendar(journal: Journal, items: list[Item], as_of: date) -> bytes:
    from icalendar import Calendar, Event

    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Follow-up Journal//followup build//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", journal.settings.site_title)
    for iv_id, interview in sorted(journal.interviews.items()):
        event = Event()
        event.add("uid", f"interview-{iv_id}@{DOMAIN}")
        event.add("dtstamp", stamp)
        start = _start(interview)
        event.add("dtstart", start)
        event.add("dtend", start + (timedelta(hours=1) if isinstance(start, datetime) else timedelta(days=1)))
        event.add("summary", f"Interview: {interview.title}")
        if interview.location:
            event.add("location", interview.location)
        names = ", ".join(w.name for w in interview.interviewers)
        details = [f"With {names}" if names else "", interview.next_steps or "", f"Outcome: {interview.outcome}"]
        event.add("description", "\n".join(line for line in details if line))
        calendar.add_component(event)
    for item in items:
        event = Event()
        event.add("uid", f"agenda-{item.id}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        who = f" — {item.person}" if item.person else ""
        where = f" ({item.company}, {item.role})" if item.company else ""
        event.add("summary", f"{item.action}{who}{where}")
        event.add("description", item.reason)
        event.add("categories", [item.action])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
