"""The check-in rules of SPEC 3: once after a rejection, and every `keep_in_touch` days.

A skipped check-in answers the item as a sent one would (the next one is due a full period
later) but is not a touch: the person's last contact stays what it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from journal.items import Item
from journal.memo import Memo
from journal.model import Journal
from journal.policy import Policy
from journal.records import Interview, day_of, fmt

Add = Callable[[Item], None]
Make = Callable[[str, str, date, Interview | None, str | None, str], Item]


def last_touch(journal: Journal, pid: str) -> date | None:
    """The person's latest sent or received follow-up, or the latest round they interviewed in."""
    person = journal.people.get(pid)
    return person.last_touch if person else None


def rejection_check_in(
    journal: Journal, policy: Policy, rounds: list[Interview], add: Add, make: Make, as_of: date
) -> None:
    """Once after a rejection: a brief check-in with the latest round's first interviewer."""
    latest = rounds[-1]
    if latest.outcome != "rejected" or not latest.interviewers:
        return
    pid = journal.interviewer_id(latest, 0)
    person = journal.people.get(pid)
    for item in (
        journal.followups[ident] for ident in (person.followups if person else ()) if ident in journal.followups
    ):
        if (
            item.kind == "check-in"
            and item.direction == "out"
            and item.status in ("sent", "skipped")
            and item.to
            and journal.person_of(item.to) == pid
            and item.date is not None
            and day_of(item.date) >= latest.day
        ):
            return
    touched = last_touch(journal, pid) or latest.day
    days = policy.after_rejection_check_in_days
    due = touched + timedelta(days=days)
    reason = f"after a rejection, reach out once about {days} days later to keep the relationship (last contact {fmt(touched, as_of)})"
    add(make("check-in", pid, due, latest, pid, reason))


def keep_in_touch(
    journal: Journal, policy: Policy, add: Add, make: Make, as_of: date, memo: Memo | None = None
) -> None:
    """Every person with `keep_in_touch` days: a check-in that long after the last contact (or a skip).

    With a `memo` (`journal.memo`), each person's is kept until an edit reaches them."""
    for pid, person in journal.people.items():
        if person.keep_in_touch is None:
            continue
        made = partial(_check_in, journal, policy, make, as_of, pid)
        add(made() if memo is None else memo.get("check-in", pid, (policy, as_of), made))


def _check_in(journal: Journal, policy: Policy, make: Make, as_of: date, pid: str) -> Item:
    person = journal.people[pid]
    days = person.keep_in_touch or policy.keep_in_touch_days
    round_ = journal.interviews.get(person.interviews[-1]) if person.interviews else None
    skipped = last_skipped_check_in(journal, pid)
    if skipped is not None and (person.last_touch is None or skipped > person.last_touch):
        due = skipped + timedelta(days=days)
        reason = f"keep in touch every {days} days (you skipped the check-in of {fmt(skipped, as_of)})"
    elif person.last_touch is None:
        due, reason = as_of, f"keep in touch every {days} days; no contact with {person.name} is logged yet"
    else:
        due = person.last_touch + timedelta(days=days)
        reason = f"keep in touch every {days} days (last contact {fmt(person.last_touch, as_of)})"
    return make("check-in", pid, due, round_, pid, reason)


def last_skipped_check_in(journal: Journal, pid: str) -> date | None:
    """The day of the latest check-in to this person that the user decided to skip."""
    person = journal.people.get(pid)
    days = [
        day_of(item.date)
        for item in (journal.followups.get(ident) for ident in (person.followups if person else ()))
        if item is not None and item.kind == "check-in" and item.is_skipped and item.date is not None
    ]
    return max(days) if days else None
