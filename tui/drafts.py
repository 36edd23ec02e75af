"""From an agenda item to the follow-up record that answers it (a draft, or a message sent today)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from journal import FollowUp, Item, Journal
from journal.layout import FOLLOWUPS
from journal.records import OUTBOUND_KINDS, When, day_of
from journal.store import followup_id, new_id
from journal.templates import fill, unfilled


def still_to_fill(subject: str | None, body: str) -> list[str]:
    """What a message still has to fill in (`journal.templates.unfilled`), as sentences the app
    shows: `Message still to fill in: [link] (line 3)`."""
    return [note[:1].upper() + note[1:] for note in unfilled(subject, body)]


def sent_at(journal: Journal, day: date) -> datetime:
    """The moment a message marked sent on `day` (the app's today) is recorded: the clock's time, to the minute.

    Marking sent records the local date *and time* (SPEC 3), so a nudge logged the evening after
    a reply counts at once, and the order of a reply and a nudge on one day is known.
    """
    from tui.cli_common import now

    return datetime.combine(day, now(journal).time())


def draft_for(
    journal: Journal, item: Item, when: When, status: str = "draft", warn: Callable[[str], object] | None = None
) -> FollowUp:
    """A follow-up of the item's kind to the item's person, filled from the template.

    `when` is a day for a draft, the moment for a message logged as sent; the id takes the day.
    `warn` hears why the user's own template could not be used, when it could not.
    """
    if item.action not in OUTBOUND_KINDS:
        raise ValueError(f"{item.action} is not a message")
    interview = journal.interviews.get(item.interview) if item.interview else None
    text = fill(journal, item.action, interview, item.person)
    if text.warning and warn is not None:
        warn(text.warning)
    who = item.person or item.company or "someone"
    return FollowUp(
        id=followup_id(Path(journal.root), item.action, day_of(when).isoformat(), who),
        kind=item.action,
        interview=item.interview,
        to=item.person,
        direction="out",
        channel="linkedin" if item.action == "linkedin" else "email",
        status=status,
        date=when,
        subject=text.subject or None,
        body=text.body,
    )


SKIPPABLE = ("thank-you", "linkedin", "check-in")
"""Items a `status: skipped` follow-up answers (SPEC 3); a status check is snoozed or ghosted instead."""


def skip_for(journal: Journal, item: Item, when: When, taken: set[str] | None = None) -> FollowUp:
    """The record of a decision not to send: the item's kind, person and interview, `status: skipped`.

    A batch passes `taken` (`journal.store.taken_in`, once) so its ids stay distinct.
    """
    if item.action not in SKIPPABLE:
        raise ValueError(f"{item.action} cannot be skipped")
    who = item.person or item.company or "someone"
    return FollowUp(
        id=new_id(Path(journal.root), FOLLOWUPS, day_of(when).isoformat(), item.action, who, taken=taken),
        kind=item.action,
        interview=item.interview,
        to=item.person,
        direction="out",
        channel="linkedin" if item.action == "linkedin" else None,
        status="skipped",
        date=when,
    )


def existing_draft(journal: Journal, item: Item) -> FollowUp | None:
    """A draft (or scheduled message) already written for this item, so Enter reopens it."""
    if item.action not in OUTBOUND_KINDS:
        return None
    for candidate in journal.followups_by_interview.get(item.interview, []):
        if (
            candidate.kind == item.action
            and candidate.status in ("draft", "scheduled")
            and candidate.direction == "out"
            and (
                item.person_id is None
                or (candidate.to is not None and journal.person_of(candidate.to) == item.person_id)
            )
        ):
            return candidate
    return None


def reply_to(journal: Journal, message: FollowUp, when: date) -> FollowUp:
    """An inbound reply from the person a message went to, received on `when`."""
    who = message.to or "someone"
    return FollowUp(
        id=followup_id(Path(journal.root), "reply", when.isoformat(), who),
        kind="reply",
        interview=message.interview,
        to=message.to,
        direction="in",
        channel=message.channel,
        status="received",
        date=when,
        subject=f"Re: {message.subject}" if message.subject else None,
        body="",
    )


def check_in_for(journal: Journal, items: tuple[Item, ...], person_id: str, today: date) -> tuple[FollowUp, bool]:
    """The check-in to open for a person, and whether it is new (not yet written).

    The one already drafted for them if there is one, else a draft from the template, as Today
    drafts it: for the check-in the agenda has for them, or one about their latest round
    (a person met in none gets a check-in outside any process).
    """
    item = next((item for item in items if item.action == "check-in" and item.person_id == person_id), None)
    if item is None:
        person = journal.people[person_id]
        round_ = journal.interviews.get(person.interviews[-1]) if person.interviews else None
        item = Item(
            id=f"check-in:{person_id}",
            action="check-in",
            due=today,
            state="today",
            interview=round_.id if round_ else None,
            company=round_.company if round_ else person.company,
            role=round_.role if round_ else None,
            person=person.name,
            person_id=person_id,
            reason="a check-in you started from People",
        )
    written = existing_draft(journal, item)
    if written is not None:
        return written, False
    return draft_for(journal, item, today), True


def item_file(journal: Journal, item: Item) -> str | None:
    """The file an agenda item is about, to open in `$EDITOR`: its draft, else its interview, else its person."""
    draft = existing_draft(journal, item)
    records = (
        draft,
        journal.interviews.get(item.interview) if item.interview else None,
        journal.people_files.get(item.person_id) if item.person_id else None,
    )
    return next((record.source.path for record in records if record is not None and record.source), None)
