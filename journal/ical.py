"""The calendar of a journal: every interview and every agenda item, with UIDs that survive rebuilds.

One function for both calendars the product writes, the site's `calendar.ics` and `followup export ics`,
so they carry the same titles, reminders (VALARM) and time zone. It lives in the core, beneath both
front ends (the site builder and the command line); `icalendar` is imported only when a calendar is built.

Made to be subscribed to: each item's title says what to do, to whom and for which process
("Thank-you note to Raj Patel — Acme Corp, Backend Engineer"), an overdue item sits on
today's date (marked overdue) rather than on a past day nobody looks at again, each item
has a reminder at 09:00 of its day, and with `timezone` set in journal.yaml every time is
written in that zone (with its VTIMEZONE), never floating.

A round still ahead carries its `ask-next-steps` reminder in its own event, not in one of its own.

A subscribed calendar matches events by UID, so a UID is derived from the record id or the
agenda item id (both stable) and never from a position or a build time. DTSTAMP is the
build's `as_of` day, so building twice gives identical bytes. Each event's text is cached
by what it shows, so a rebuild only encodes the events that changed.

`icalendar` writes everything: the VCALENDAR wrapper and each event (an `Event`, encoded
with `to_ical`). Encoding is what costs, so each event's text is kept by a hash of what it
shows, and a rebuild encodes only the events that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.agenda import ASK_NEXT_STEPS_NOTE, asks_next_steps
from journal.items import Item
from journal.memo import JOURNAL, Memo
from journal.model import Journal
from journal.records import Interview, fmt

DOMAIN = "followup-journal"
EventCache = dict[str, bytes]
"""Key (a hash of what an event shows) -> the event's iCalendar text, in UTF-8: as a `str`, one
character beyond Latin-1 makes every character of it take two or four bytes, and their join too."""

When = date | datetime
Shown = tuple[str, str, When, When, str | None, str, str | None]
"""What one event shows: uid, summary, start, end, category (or None: an interview), description,
location (or None). An event with a category is an agenda item, and has a reminder."""
REMINDER = timedelta(hours=9)
"""An item's reminder: 09:00 on its (all-day) day."""


def _zone(journal: Journal) -> ZoneInfo | None:
    name = journal.settings.timezone
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None  # `check` reports it; the times stay as written


def _start(interview: Interview, zone: ZoneInfo | None) -> When:
    when = interview.date
    if not isinstance(when, datetime):
        return when
    if zone is not None:
        return when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)
    return when.astimezone(UTC) if when.tzinfo is not None else when


def _interview_event(interview: Interview, zone: ZoneInfo | None, ask: bool = False) -> Shown:
    """A round's event; `ask`: it is still ahead, so it carries the `ask-next-steps` reminder."""
    start = _start(interview, zone)
    names = ", ".join(w.name for w in interview.interviewers)
    details = [f"With {names}" if names else "", interview.next_steps or "", f"Outcome: {interview.outcome}"]
    if ask:
        details.append(ASK_NEXT_STEPS_NOTE)
    end = start + (timedelta(hours=1) if isinstance(start, datetime) else timedelta(days=1))
    return (
        f"interview-{interview.id}@{DOMAIN}",
        f"Interview: {interview.title}",
        start,
        end,
        None,
        "\n".join(line for line in details if line),
        interview.location or None,
    )


def _item_event(item: Item, as_of: date) -> Shown:
    where = f" — {item.company}, {item.role}" if item.company else ""
    late = item.state == "overdue"
    day = as_of if late else item.due  # an overdue item is today's work, not a past day's
    summary = f"{'Overdue: ' if late else ''}{item.title}{where}"
    reason = f"Was due {fmt(item.due, as_of)}. {item.reason}" if late else item.reason
    return (f"agenda-{item.id}@{DOMAIN}", summary, day, day + timedelta(days=1), item.action, reason, None)


def _event_text(event: Shown, stamp: datetime) -> bytes:
    """One VEVENT as icalendar writes it (TEXT escaping, dates, folding)."""
    from icalendar import Alarm, Event

    uid, summary, start, end, category, description, location = event
    vevent = Event()
    vevent.add("summary", summary)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("dtstamp", stamp)
    vevent.add("uid", uid)
    if category is not None:
        vevent.add("categories", [category])
    vevent.add("description", description)
    if location is not None:
        vevent.add("location", location)
    if category is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", REMINDER)
        vevent.add_component(alarm)
    return bytes(vevent.to_ical())


def _key(stamp: str, event: Shown) -> str:
    """What the event shows, hashed: a date and a date-time never share a spelling (`isoformat`)."""
    uid, summary, start, end, category, description, location = event
    shown = (stamp, uid, summary, start.isoformat(), end.isoformat(), category, description, location)
    return hashlib.sha256(repr(shown).encode()).hexdigest()


PRODID = "-//Follow-up Journal//followup build//EN"
"""The site's PRODID (its golden files hold it); `export ics` names itself with its own."""


def build_calendar(
    journal: Journal,
    items: list[Item],
    as_of: date,
    cache: EventCache | None = None,
    *,
    prodid: str = PRODID,
    memo: Memo | None = None,
) -> tuple[bytes, EventCache]:
    """The calendar's bytes, and the event cache for the next build (`cache`: the last build's).

    With a `memo` (`serve`), each process's events are kept there until an edit reaches the
    process, and only the others go through the cache (which then holds only those); the file is
    kept there too, until a process's events or an item changed."""
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    old = cache or {}
    used: EventCache = {}

    def event_text(event: Shown) -> bytes:
        key = _key(stamp.isoformat(), event)
        text = old.get(key)
        if text is None:
            text = _event_text(event, stamp)
        used[key] = text
        return text

    zone = _zone(journal)
    shown = [item for item in items if item.action != "ask-next-steps"]  # in the round's event
    if memo is None:
        return _calendar(journal, shown, as_of, zone, prodid, {}, [], event_text), used
    by_process: dict[tuple[str, str], list[Item]] = {}
    for item in shown:
        round_ = journal.interviews.get(item.interview or "")
        if round_ is not None:
            by_process.setdefault(round_.process_key, []).append(item)
    made: list[tuple[dict[str, bytes], list[int]]] = []
    for key, rounds in journal.processes.items():
        mine = by_process.get(key, [])
        make = partial(_process_events, journal, rounds, mine, as_of, zone, event_text)
        made.append(memo.get("calendar", key, (as_of, zone, tuple(mine)), make))
    # Put together again only when a process's events or an item changed: an edit of notes changes neither.
    extra = (prodid, journal.settings.site_title, as_of, zone, tuple(made), tuple(shown))
    events = {ident: text for texts, _years in made for ident, text in texts.items()}
    years = [year for _texts, spanned in made for year in spanned]
    assemble = partial(_calendar, journal, shown, as_of, zone, prodid, events, years, event_text)
    data = memo.get("calendar file", JOURNAL, extra, lambda: (assemble(), dict(used)))
    return data[0], data[1]


def _calendar(
    journal: Journal,
    shown: list[Item],
    as_of: date,
    zone: ZoneInfo | None,
    prodid: str,
    events: dict[str, bytes],
    years: list[int],
    event_text: Callable[[Shown], bytes],
) -> bytes:
    """The calendar file: the rounds' events (from `events`, or made here), then the items'."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", journal.settings.site_title)
    head, end = bytes(calendar.to_ical()).rsplit(b"END:VCALENDAR", 1)
    years = list(years)
    body = []
    for ident in sorted(journal.interviews):
        text = events.get("i:" + ident)
        if text is None:  # without a memo: every round's event is made here
            interview = journal.interviews[ident]
            event = _interview_event(interview, zone, asks_next_steps(journal, interview, as_of))
            text = event_text(event)
            years.extend(_years(event))
        body.append(text)
    body.extend(events.get("a:" + item.id) or event_text(_item_event(item, as_of)) for item in shown)
    return b"".join([head, _timezone(zone, years), *body, b"END:VCALENDAR", end])


def _process_events(
    journal: Journal,
    rounds: list[Interview],
    items: list[Item],
    as_of: date,
    zone: ZoneInfo | None,
    event_text: Callable[[Shown], bytes],
) -> tuple[dict[str, bytes], list[int]]:
    """A process's events by "i:" round id and "a:" item id, and the years its rounds' times span."""
    texts: dict[str, bytes] = {}
    years: list[int] = []
    for interview in rounds:
        event = _interview_event(interview, zone, asks_next_steps(journal, interview, as_of))
        texts["i:" + interview.id] = event_text(event)
        years.extend(_years(event))
    for item in items:
        texts["a:" + item.id] = event_text(_item_event(item, as_of))
    return texts, years


def _years(event: Shown) -> list[int]:
    """The year of an interview event's start, when it has a time (the time zone must span it)."""
    start = event[2]
    return [start.year] if isinstance(start, datetime) else []


def _timezone(zone: ZoneInfo | None, years: list[int]) -> bytes:
    """The VTIMEZONE the events' TZIDs name, over the years they span (so rebuilds are identical)."""
    if zone is None or not years:
        return b""
    from icalendar import Timezone

    first, last = min(years), max(years)
    found = Timezone.from_tzid(zone.key, first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1))
    return bytes(found.to_ical())
