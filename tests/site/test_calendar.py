"""calendar.ics: what a calendar app reads back, byte for byte one calendar icalendar writes whole.

The builder keeps each event's text between builds and splices them into the calendar; these
tests hold it to the bytes of a calendar icalendar assembles in one go and to what
`Calendar.from_ical` parses back, for hostile
text: commas, semicolons, backslashes, carets, newlines, CR, bidi controls, multi-byte characters
straddling the 75-octet fold, and very long text.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event

from journal.items import Item
from journal.model import Journal
from journal.records import Interview, Interviewer, fmt
from journal.settings import Settings
from site_builder.calendar import DOMAIN, build_calendar

AS_OF = date(2026, 11, 25)
STAMP = datetime(2026, 11, 25, tzinfo=UTC)
BIDI = "\u202eevil\u202c \u2067isolate\u2069 \u200f"
WIDE = "é" * 40 + "€" * 30 + "😀" * 25  # 2-, 3- and 4-octet characters, folded mid-run
HOSTILE = [
    "Acme, Inc.; R&D \\ Ops",
    "line one\nline two\r\nline three\rline four",
    "C:\\path\\to\\file^ and ^^ carets \\, \\; \\n",
    BIDI,
    WIDE,
    "x" * 73 + "\\" + "y" * 200,  # an escape landing on the fold
    "word, " * 400,  # very long text
    "Zoë 東京 — Straße",
]


def interview(n: int, text: str, when: date | datetime, location: str | None) -> Interview:
    return Interview(
        id=f"2026-11-{n:02d}-hostile-{n}",
        company=f"Co {text}",
        role=f"Role {text[::-1]}",
        date=when,
        stage="onsite" if n % 2 else None,
        location=location,
        interviewers=(Interviewer(name=f"Ann {text[:20]}"), Interviewer(name="Bo, Jr.")),
        next_steps=text if n % 3 else None,
        outcome="pending",
    )


def item(n: int, text: str) -> Item:
    return Item(
        id=f"thank-you:2026-11-{n:02d}-hostile-{n}:person-{n}",
        action="thank-you" if n % 2 else f"act {text[-30:]}",
        due=date(2026, 11, 1) + timedelta(days=n),
        state="overdue" if n % 4 == 0 else "upcoming",
        interview=f"2026-11-{n:02d}-hostile-{n}",
        company=f"Co {text}" if n % 2 else None,
        role="Role" if n % 2 else None,
        person=f"Pers {text}" if n % 3 else None,
        person_id=f"person-{n}",
        reason=f"because {text}",
    )


WHENS: list[date | datetime] = [
    date(2026, 11, 3),
    datetime(2026, 11, 4, 9, 30),  # floating
    datetime(2026, 11, 5, 23, 30, tzinfo=timezone(timedelta(hours=-5))),  # next day in UTC
    datetime(2026, 11, 6, 8, 0, tzinfo=UTC),
]


def hostile_journal(tmp_path: Path) -> tuple[Journal, list[Item]]:
    interviews = {}
    for n, text in enumerate(HOSTILE, start=1):
        iv = interview(n, text, WHENS[n % len(WHENS)], text if n % 2 else None)
        interviews[iv.id] = iv
    journal = Journal(root=tmp_path, settings=Settings(site_title="Alex's, search; \\ 😀"), interviews=interviews)
    return journal, [item(n, text) for n, text in enumerate(HOSTILE, start=1)]


def summary(it: Item) -> str:
    where = f" — {it.company}, {it.role}" if it.company else ""
    return f"{'Overdue: ' if it.state == 'overdue' else ''}{it.title}{where}"


def reference(journal: Journal, items: list[Item]) -> bytes:
    """The calendar made the slow way, with icalendar's `Event` objects for every event."""
    calendar = Calendar()
    calendar.add("prodid", "-//Follow-up Journal//followup build//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", journal.settings.site_title)
    for _id, iv in sorted(journal.interviews.items()):
        event = Event()
        start = iv.date.astimezone(UTC) if isinstance(iv.date, datetime) and iv.date.tzinfo else iv.date
        event.add("uid", f"interview-{iv.id}@{DOMAIN}")
        event.add("dtstamp", STAMP)
        event.add("dtstart", start)
        event.add("dtend", start + (timedelta(hours=1) if isinstance(start, datetime) else timedelta(days=1)))
        event.add("summary", f"Interview: {iv.title}")
        if iv.location:
            event.add("location", iv.location)
        names = ", ".join(w.name for w in iv.interviewers)
        details = [f"With {names}" if names else "", iv.next_steps or "", f"Outcome: {iv.outcome}"]
        event.add("description", "\n".join(line for line in details if line))
        calendar.add_component(event)
    for it in items:
        event = Event()
        event.add("uid", f"agenda-{it.id}@{DOMAIN}")
        event.add("dtstamp", STAMP)
        late = it.state == "overdue"
        day = AS_OF if late else it.due
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary(it))
        event.add("description", f"Was due {fmt(it.due, AS_OF)}. {it.reason}" if late else it.reason)
        event.add("categories", [it.action])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(it))
        alarm.add("trigger", timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def test_hostile_text_gives_the_bytes_icalendar_gives(tmp_path: Path) -> None:
    journal, items = hostile_journal(tmp_path)
    data, _cache = build_calendar(journal, items, AS_OF)
    assert data == reference(journal, items)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    data.decode("utf-8")  # folding never splits a character


def written(text: str) -> str:
    """What a calendar app reads back: RFC 5545 TEXT has one line break, so CR and CRLF become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_every_event_reads_back_as_written(tmp_path: Path) -> None:
    journal, items = hostile_journal(tmp_path)
    parsed = Calendar.from_ical(build_calendar(journal, items, AS_OF)[0])
    assert str(parsed["X-WR-CALNAME"]) == "Alex's, search; \\ 😀"
    events = {str(event["UID"]): event for event in parsed.walk("VEVENT")}
    assert len(events) == len(journal.interviews) + len(items)
    kinds = set()
    for iv in journal.interviews.values():
        event = events[f"interview-{iv.id}@{DOMAIN}"]
        start = event.decoded("DTSTART")
        if not isinstance(start, datetime):
            kinds.add("date")
            assert start == iv.date and event.decoded("DTEND") == start + timedelta(days=1)
        else:
            kinds.add("utc" if start.tzinfo is not None else "floating")
            assert start == iv.date and (start.tzinfo is None or start.utcoffset() == timedelta(0))
            assert event.decoded("DTEND") == start + timedelta(hours=1)
        assert str(event["SUMMARY"]) == written(f"Interview: {iv.title}")
        if iv.location:
            assert str(event["LOCATION"]) == written(iv.location)
        else:
            assert "LOCATION" not in event
        names = ", ".join(w.name for w in iv.interviewers)
        steps = f"{iv.next_steps}\n" if iv.next_steps else ""
        assert str(event["DESCRIPTION"]) == written(f"With {names}\n{steps}Outcome: pending")
    assert kinds == {"date", "floating", "utc"}
    for it in items:
        event = events[f"agenda-{it.id}@{DOMAIN}"]
        day = AS_OF if it.state == "overdue" else it.due  # an overdue item is on today's date
        assert event.decoded("DTSTART") == day and event.decoded("DTEND") == day + timedelta(days=1)
        assert str(event["SUMMARY"]) == written(summary(it))
        assert str(event["SUMMARY"]).startswith("Overdue: ") == (it.state == "overdue")
        late = f"Was due {fmt(it.due, AS_OF)}. " if it.state == "overdue" else ""
        assert str(event["DESCRIPTION"]) == written(late + it.reason)
        assert event.decoded("CATEGORIES") == [written(it.action)]
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(hours=9) and str(alarm["ACTION"]) == "DISPLAY"


def test_an_item_title_says_what_to_do_to_whom_and_where(tmp_path: Path) -> None:
    thanks = replace(item(1, "x"), action="thank-you", person="Raj Patel", company="Northwind", role="Data Engineer")
    parsed = Calendar.from_ical(build_calendar(Journal(root=tmp_path), [thanks], AS_OF)[0])
    (event,) = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Thank-you note to Raj Patel — Northwind, Data Engineer"


def test_times_are_in_the_journals_timezone(tmp_path: Path) -> None:
    """With `timezone` set, a time written without an offset is that zone's, and an offset is converted."""
    rounds = [interview(1, "a", datetime(2026, 11, 4, 9, 30), None), interview(2, "b", WHENS[2], None)]
    settings = Settings(timezone="Europe/Berlin")
    journal = Journal(root=tmp_path, settings=settings, interviews={iv.id: iv for iv in rounds})
    data = build_calendar(journal, [], AS_OF)[0]
    assert b"DTSTART;TZID=Europe/Berlin:20261104T093000" in data
    assert b"DTSTART;TZID=Europe/Berlin:20261106T053000" in data  # 23:30 at -05:00 is 05:30 in Berlin
    parsed = Calendar.from_ical(data)
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]
    starts = sorted(event.decoded("DTSTART") for event in parsed.walk("VEVENT"))
    assert starts[1] == WHENS[2] and starts[0].utcoffset() == timedelta(hours=1)
    assert build_calendar(journal, [], AS_OF)[0] == data  # the zone's rules are written the same every time


def test_a_rebuild_reuses_unchanged_events_and_redoes_changed_ones(tmp_path: Path) -> None:
    journal, items = hostile_journal(tmp_path)
    first, cache = build_calendar(journal, items, AS_OF)
    assert len(cache) == len(journal.interviews) + len(items)
    again, same = build_calendar(journal, items, AS_OF, cache)
    assert again == first and same == cache
    marked = {key: text.replace(b"BEGIN:VEVENT", b"BEGIN:VEVENT\r\nX-FROM-CACHE:1") for key, text in cache.items()}
    edited = journal.interviews["2026-11-01-hostile-1"]
    journal.interviews[edited.id] = replace(edited, location="Room 2")
    data, fresh = build_calendar(journal, items, AS_OF, marked)
    events = Calendar.from_ical(data).walk("VEVENT")
    from_cache = {str(event["UID"]) for event in events if "X-FROM-CACHE" in event}
    assert from_cache == {str(event["UID"]) for event in events} - {f"interview-{edited.id}@{DOMAIN}"}
    assert len(fresh) == len(cache)  # the old text of the edited event is dropped
    later, _ = build_calendar(journal, items, AS_OF + timedelta(days=1), cache)
    assert b"X-FROM-CACHE" not in later and b"DTSTAMP:20261126T000000Z" in later  # a new stamp: every event anew


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=160), min_size=1, max_size=4),
    st.sampled_from(WHENS),
)
def test_any_text_gives_the_bytes_icalendar_gives(texts: list[str], when: date | datetime) -> None:
    interviews = [interview(n, text, when, text) for n, text in enumerate(texts, start=1)]
    journal = Journal(root=Path("."), interviews={iv.id: iv for iv in interviews})
    items = [item(n, text) for n, text in enumerate(texts, start=1)]
    assert build_calendar(journal, items, AS_OF)[0] == reference(journal, items)
