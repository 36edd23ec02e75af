"""Calendar invites (`followup import invite`): each VEVENT of an .ics file, or of the text/calendar
part of an .eml, read into an `Invite`, and planned against the journal as a new round, an update
of the round it made before (same UID, higher SEQUENCE), nothing, or a cancellation.

Pure: reading bytes and planning return values; the command line writes them with the store's
minimal-diff writer. `icalendar` (its public API) and `email` are imported only when an invite is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from journal.dates import YEARS
from journal.model import Journal
from journal.records import Interview, Interviewer, When

FREE_MAIL = frozenset((
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
    "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "pm.me", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "freenet.de",
    "posteo.de", "mailbox.org", "yandex.ru", "yandex.com", "mail.ru", "zoho.com", "zohomail.com",
    "fastmail.com", "hey.com", "tutanota.com", "tuta.io", "orange.fr", "free.fr", "laposte.net", "libero.it",
    "virgilio.it", "qq.com", "163.com", "naver.com",
))  # fmt: skip
"""Mail providers anyone can sign up with: an organizer there names no company."""
SCHEDULERS = frozenset((
    "calendly.com", "greenhouse.io", "lever.co", "goodtime.io", "ashbyhq.com", "workable.com",
    "smartrecruiters.com", "myworkday.com", "icims.com", "teamtailor.com", "personio.de", "zoom.us",
    "calendar.google.com",
))  # fmt: skip
"""Hiring and calendar services that send invites on a company's behalf: their domain is not the company."""
_ROBOT = re.compile(
    r"^(no-?reply|do-?not-?reply|noreply[-.\w]*|calendar[-.\w]*|notifications?|scheduling|scheduler|invites?|"
    r"recruiting|recruitment|careers|jobs|talent|hr|hiring|people-?ops|mailer-daemon|bounce[-.\w]*)$"
)
"""Local parts of shared or automatic mailboxes: they send invites, they do not interview."""
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc"})
_MEETING = re.compile(
    r"https://[^\s<>\"']*(zoom\.us|meet\.google\.com|teams\.microsoft\.com|webex\.com|whereby\.com)[^\s<>\"']*"
)
_LINKEDIN = re.compile(r"https://(?:[a-z]{2,3}\.)?linkedin\.com/in/[^\s<>\"'),]+")
_STAGE_WORDS = (
    ("phone-screen", ("phone screen", "screening", "intro call", "recruiter call")),
    ("technical", ("technical", "coding", "pairing", "system design", "tech interview")),
    ("onsite", ("onsite", "on-site", "on site", "loop")),
    ("final", ("final",)),
)


class InviteError(ValueError):
    """An invite file that cannot be read; the message says which file and what is wrong."""


@dataclass(frozen=True)
class Attendee:
    name: str | None
    email: str
    role: str | None = None
    """CUTYPE: INDIVIDUAL, ROOM, RESOURCE, GROUP (None: an individual)."""


@dataclass(frozen=True)
class Invite:
    """One VEVENT as the round it describes."""

    uid: str
    sequence: int
    cancelled: bool
    """METHOD:CANCEL or STATUS:CANCELLED."""
    summary: str
    start: When
    """Aware when the invite gave a zone or UTC, naive when floating, a date for an all-day event."""
    location: str | None
    organizer: Attendee | None
    attendees: tuple[Attendee, ...]
    description: str = ""
    """The invite's text: a line naming an attendee next to a LinkedIn profile gives them that profile."""


Action = Literal["create", "update", "unchanged", "older", "cancel", "cancel-unknown"]


@dataclass(frozen=True)
class Plan:
    """What importing one invite does: the round to write (`new`) and the one it was (`old`)."""

    action: Action
    invite: Invite
    new: Interview | None = None
    old: Interview | None = None


def read_invites(data: bytes, name: str) -> list[Invite]:
    """Every VEVENT of an .ics file, or of the text/calendar parts of an .eml (or .ics attachments)."""
    if data.lstrip()[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        return _from_calendar(data, name)
    calendars = _calendar_parts(data)
    if not calendars:
        raise InviteError(f"{name}: neither an iCalendar file nor a mail with a text/calendar part")
    invites: dict[tuple[str, int], Invite] = {}
    for part in calendars:
        for invite in _from_calendar(part, name):
            invites.setdefault((invite.uid, invite.sequence), invite)  # the same invite as part and attachment
    return list(invites.values())


def _calendar_parts(data: bytes) -> list[bytes]:
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    found = []
    for part in message.walk():
        kind = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if kind == "text/calendar" or kind == "application/ics" or filename.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                found.append(payload)
    return found


def _from_calendar(data: bytes, name: str) -> list[Invite]:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise InviteError(f"{name}: not a readable iCalendar file ({exc})") from None
    method = str(calendar.get("method", "")).upper()
    events = calendar.walk("VEVENT")
    if not events:
        raise InviteError(f"{name}: the calendar holds no event (VEVENT)")
    return [_invite(event, method, name) for event in events]


def _invite(event: Any, method: str, name: str) -> Invite:
    uid = str(event.get("uid", "")).strip()
    if not uid:
        raise InviteError(f"{name}: an event has no UID, so a later update could not find its round")
    if event.get("dtstart") is None:
        raise InviteError(f"{name}: the event {uid} has no start (DTSTART)")
    start = event.decoded("dtstart")
    if not isinstance(start, date) or start.year not in YEARS:
        raise InviteError(
            f"{name}: the event {uid} has a start the journal cannot hold: {event.get('dtstart').to_ical()!r}"
        )
    try:
        sequence = int(str(event.get("sequence", 0)))
    except ValueError:
        sequence = 0
    location = " ".join(str(event.get("location", "")).split()) or None
    link = _meeting_link(event)
    if link and (location is None or link not in location):
        location = f"{location} — {link}" if location else link
    return Invite(
        uid=uid,
        sequence=sequence,
        cancelled=method == "CANCEL" or str(event.get("status", "")).upper() == "CANCELLED",
        summary=" ".join(str(event.get("summary", "")).split()),
        start=start,
        location=location,
        organizer=_address(event.get("organizer")),
        attendees=tuple(found for value in _list(event.get("attendee")) if (found := _address(value))),
        description=str(event.get("description", "")),
    )


def _meeting_link(event: Any) -> str | None:
    """The call's address: URL, Google's conference property, or a meeting link in the description."""
    for key in ("url", "x-google-conference"):
        if event.get(key):
            return str(event.get(key)).strip()
    found = _MEETING.search(str(event.get("description", "")))
    return found.group(0) if found else None


def _list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _address(value: Any) -> Attendee | None:
    if value is None:
        return None
    text = str(value).strip()
    email = text[7:] if text.lower().startswith("mailto:") else text
    if "@" not in email:
        return None
    params = getattr(value, "params", {})
    name = " ".join(str(params.get("CN", "")).strip().strip('"').split()) or None
    if name and "@" in name:
        name = None  # clients put the address in CN when they know no name
    kind = str(params.get("CUTYPE", "")).upper() or None
    return Attendee(name=name, email=email.strip().lower(), role=None if kind == "INDIVIDUAL" else kind)


def company_from(address: str) -> str | None:
    """`recruiting@northwind.example` → "Northwind"; None for free mail and scheduling services."""
    domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    if not domain or domain in FREE_MAIL or any(domain == s or domain.endswith("." + s) for s in SCHEDULERS):
        return None
    labels = domain.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]  # acme.co.uk
    name = labels[-2] if len(labels) >= 2 else labels[0]
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", name) if word) or None


def is_robot(address: str) -> bool:
    """A shared or automatic mailbox (no-reply@, calendar@, recruiting@, …), not a person."""
    return bool(_ROBOT.match(address.split("@", 1)[0].lower()))


def name_from(address: str) -> str:
    """`priya.raman@…` → "Priya Raman": what an attendee without a CN is called."""
    local = address.split("@", 1)[0].split("+", 1)[0]
    return " ".join(word.capitalize() for word in re.split(r"[._-]+", local) if word) or address


def stage_from(summary: str) -> str | None:
    """A stage the invite's title names ("Phone screen", "Technical interview", …), if any."""
    text = summary.casefold()
    for stage, words in _STAGE_WORDS:
        if any(word in text for word in words):
            return stage
    return None


def local_time(when: When, zone: str | None) -> When:
    """The start as the journal writes it: local time in its timezone (the machine's without one), no offset."""
    if not isinstance(when, datetime):
        return when
    if when.tzinfo is None:
        return when.replace(second=0, microsecond=0)  # floating: already the local time
    target: Any = None
    if zone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            target = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            target = None  # `check` reports a bad timezone; the machine's is used
    return when.astimezone(target).replace(tzinfo=None, second=0, microsecond=0)


def interviewers(invite: Invite, owner: tuple[str, ...], owner_name: str | None) -> tuple[Interviewer, ...]:
    """The attendees who interview: not the owner, not a room, not a robot mailbox."""
    mine = {address.lower() for address in owner}
    people = []
    for attendee in invite.attendees:
        if attendee.email in mine or attendee.role in ("ROOM", "RESOURCE", "GROUP") or is_robot(attendee.email):
            continue
        name = attendee.name or name_from(attendee.email)
        if owner_name and name.casefold() == owner_name.casefold():
            continue
        people.append(Interviewer(name=name, email=attendee.email, linkedin=_profile(invite.description, name)))
    return tuple(dict((person.email, person) for person in people).values())


def _profile(description: str, name: str) -> str | None:
    """The LinkedIn profile on the description's line that names this person ("Priya Raman: https://…/in/…")."""
    for line in description.splitlines():
        found = _LINKEDIN.search(line)
        if found and name.casefold() in line.casefold():
            return found.group(0)
    return None


def find_round(journal: Journal, uid: str) -> Interview | None:
    return next((iv for iv in journal.interviews.values() if iv.invite_uid == uid), None)


def plan(
    journal: Journal, invite: Invite, company: str | None = None, role: str | None = None, stage: str | None = None
) -> Plan:
    """What importing `invite` does. A new round needs `company` and `role` (the caller asks, see `needs`)."""
    settings = journal.settings
    old = find_round(journal, invite.uid)
    if invite.cancelled:
        return Plan("cancel" if old else "cancel-unknown", invite, old=old)
    people = interviewers(invite, settings.emails, settings.owner)
    start = local_time(invite.start, settings.timezone)
    if old is not None:
        if invite.sequence < (old.invite_sequence or 0):
            return Plan("older", invite, old=old)
        if invite.sequence == (old.invite_sequence or 0):
            return Plan("unchanged", invite, old=old)
        new = replace(
            old,
            date=start,
            location=invite.location or old.location,
            interviewers=_merged(old.interviewers, people, _written_to(journal, old)),
            invite_sequence=invite.sequence,
        )
        return Plan("update" if new != old else "unchanged", invite, new=new, old=old)
    if not company or not role:
        raise ValueError("a new round needs a company and a role")
    new = Interview(
        id="",
        company=company,
        role=role,
        date=start,
        stage=stage or stage_from(invite.summary),
        format="video" if invite.location and "https://" in invite.location else None,
        location=invite.location,
        interviewers=people,
        invite_uid=invite.uid,
        invite_sequence=invite.sequence,
    )
    return Plan("create", invite, new=new)


def _written_to(journal: Journal, round_: Interview) -> frozenset[str]:
    """Names (case-folded) the user has follow-ups with for this round: they stay its interviewers."""
    return frozenset((item.to or "").casefold() for item in journal.followups_by_interview.get(round_.id, []))


def _merged(
    old: tuple[Interviewer, ...], invited: tuple[Interviewer, ...], written_to: frozenset[str] = frozenset()
) -> tuple[Interviewer, ...]:
    """The invite's attendees, each keeping what the user wrote about them (title, LinkedIn, points).

    Those the invite no longer lists go, unless the user added them by hand (no address) or has
    follow-ups with them for this round (a thank-you already sent stays attached to its person)."""
    by_email = {person.email.lower(): person for person in old if person.email}
    by_name = {person.name.casefold(): person for person in old}
    result = []
    for person in invited:
        known = by_email.get(person.email or "") or by_name.get(person.name.casefold())
        if known is None:
            result.append(person)
        else:
            result.append(replace(known, email=known.email or person.email, linkedin=known.linkedin or person.linkedin))
    kept = [
        person for person in old if person not in result and (not person.email or person.name.casefold() in written_to)
    ]
    return (*result, *kept)


def company_of(invite: Invite) -> str | None:
    """The company the organizer's address names (None for free mail, a scheduling service or no organizer)."""
    return company_from(invite.organizer.email) if invite.organizer else None


def day_label(when: When) -> str:
    """`2026-11-24 15:00` for messages."""
    return when.strftime("%Y-%m-%d %H:%M") if isinstance(when, datetime) else when.isoformat()
