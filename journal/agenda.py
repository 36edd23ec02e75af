"""The follow-up rules (SPEC 3): what to send, to whom, by when, and why.

`agenda(journal, policy, as_of)` is a pure function of its arguments; it never looks at
the clock, so every rule can be tested against a fixed date.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, partial

from journal.businessdays import add_business_days
from journal.checkins import Make, keep_in_touch, rejection_check_in
from journal.heap import paused_gc
from journal.holds import held_back, item_key
from journal.items import Item
from journal.memo import Memo
from journal.model import Journal
from journal.policy import Policy
from journal.records import (
    ACTIVE_OUTCOMES,
    NUDGE_KINDS,
    STAGE_WORDS,
    FollowUp,
    Interview,
    When,
    day_of,
    end_of_day,
    moment,
)
from journal.records import fmt as fmt  # `journal.agenda.fmt`: where front ends have always found it
from journal.words import counted

ACTIONS = ("ask-next-steps", "record-next-steps", "thank-you", "linkedin", "status-check", "mark-ghosted", "check-in")
STATES = ("overdue", "today", "upcoming", "missed", "snoozed")
HANDLED = ("sent", "scheduled", "skipped")
"""A thank-you or LinkedIn request counts once sent, scheduled or skipped; a draft does not."""
ASK_NEXT_STEPS = (
    "before you leave, ask what happens next and when a follow-up is welcome, "
    "and note the name and email of everyone you meet"
)
"""The seed's first step, said the same way on Today, in `due` and in the calendar."""
ASK_NEXT_STEPS_NOTE = ASK_NEXT_STEPS[:1].upper() + ASK_NEXT_STEPS[1:] + "."
"""The same, as a sentence of its own (a calendar event's description)."""
GUARD_TITLE = "This nudge may read as pestering"
"""The heading every front end puts over the pestering guard's reasons."""


@dataclass(frozen=True)
class Budget:
    """A process's nudge budget: how many unanswered nudges are out, of how many allowed."""

    anchor: When
    """The latest round or the last reply, whichever is later: the clock for status checks."""
    unanswered: tuple[FollowUp, ...]
    allowed: int
    replied: bool = False
    """Whether the anchor is a reply (rather than the latest round)."""

    @property
    def last(self) -> FollowUp | None:
        return self.unanswered[-1] if self.unanswered else None

    @property
    def spent(self) -> bool:
        return len(self.unanswered) >= self.allowed

    def __str__(self) -> str:
        return f"{len(self.unanswered)} of {self.allowed} nudges used"


def budget(journal: Journal, latest: Interview, policy: Policy, *, exclude: str | None = None) -> Budget:
    """The nudge budget of the process whose latest round is `latest` (leaving out follow-up `exclude`)."""
    items = [item for item in journal.process_followups(latest) if item.id != exclude]
    anchor: When = latest.date
    replied = False
    for item in items:
        if item.is_reply and item.is_done and item.date is not None and moment(item.date) > moment(anchor):
            anchor, replied = item.date, True
    nudges = tuple(
        item
        for item in items
        if item.kind in NUDGE_KINDS
        and item.direction == "out"
        and item.status == "sent"
        and item.date is not None
        and after_anchor(item.date, anchor)
    )
    return Budget(anchor, nudges, policy.max_unanswered_nudges, replied)


def after_anchor(sent: When, anchor: When) -> bool:
    """Whether a nudge sent at `sent` came after the anchor (the interview or the last reply).

    On the anchor's own day it does, unless both carry a time and the nudge's is earlier (then
    the reply answered it): a nudge logged the evening after a reply counts at once.
    """
    if moment(sent) > moment(anchor):
        return True
    same_day = day_of(sent) == day_of(anchor)
    return same_day and not (isinstance(sent, datetime) and isinstance(anchor, datetime))


def first_status_check(
    latest: Interview, anchor: When, policy: Policy, *, replied: bool = False, as_of: date | None = None
) -> tuple[date, str]:
    """When the first status check is due, and the rule that set it (its days said as seen on `as_of`)."""
    anchor_day = day_of(anchor)
    if latest.follow_up_on and latest.follow_up_on > anchor_day:
        return latest.follow_up_on, f"they said following up on {fmt(latest.follow_up_on, as_of)} is fine"
    if latest.decision_by and latest.decision_by > anchor_day:
        days = policy.status_check_after_decision_business_days
        due = add_business_days(latest.decision_by, days, policy)
        return due, f"they promised a decision by {fmt(latest.decision_by, as_of)}; check {days} business days later"
    days = policy.status_check_after_business_days
    due = add_business_days(anchor_day, days, policy)
    since = "their last reply" if replied else "the interview"
    return due, f"no date was given; check {days} business days after {since} ({fmt(anchor_day, as_of)})"


def agenda(
    journal: Journal,
    policy: Policy,
    as_of: date,
    *,
    missed: bool = False,
    snoozed: bool = False,
    memo: Memo | None = None,
) -> list[Item]:
    """Every follow-up action due, sorted by due date then id.

    With a `memo` (`serve`, the app), each process's items are made again only when the process
    changed (`journal.memo`); the result is the same.

    With `missed`, thank-yous too late to send are listed too (state `missed`); without, they
    leave the agenda, since a note that late no longer does its job. With `snoozed`, the items
    that drafts dated ahead hold back are listed too (state `snoozed`); without, they wait.
    """
    with paused_gc():
        items = _agenda(journal, policy, as_of, missed, memo)
    held = held_back(journal, as_of)
    if not held:
        return items
    kept: list[Item] = []
    for item in items:
        key = item_key(journal, item)
        draft = held.get(key) if key is not None else None
        if draft is None:
            kept.append(item)
        elif snoozed and draft.date is not None:
            until = fmt(day_of(draft.date), as_of)
            reason = f"snoozed until {until}, the day its draft is dated; {item.reason}"
            kept.append(dataclasses.replace(item, state="snoozed", reason=reason, held_by=draft.id))
    return kept


def asks_next_steps(journal: Journal, round_: Interview, as_of: date) -> bool:
    """Whether a round is still ahead (today or later) in an open process, not snoozed: before it
    ends, the user should ask what happens next (SPEC 3, `ask-next-steps`)."""
    latest = journal.rounds_of(round_)[-1]
    return (
        round_.day >= as_of
        and latest.outcome in ACTIVE_OUTCOMES
        and not (round_.snooze_until is not None and round_.snooze_until > as_of)
    )


def _round_when(round_: Interview, as_of: date) -> str:
    """`today at 14:00`, `tomorrow`, `Fri 4 Dec at 09:30`."""
    day = (
        "today"
        if round_.day == as_of
        else "tomorrow"
        if round_.day == as_of + timedelta(days=1)
        else fmt(round_.day, as_of)
    )
    return day + (f" at {round_.date:%H:%M}" if isinstance(round_.date, datetime) else "")


def _agenda(journal: Journal, policy: Policy, as_of: date, with_missed: bool, memo: Memo | None) -> list[Item]:
    items: dict[str, Item] = {}

    def add(item: Item) -> None:
        known = items.get(item.id)
        if known is None or item.due < known.due:
            items[item.id] = item

    extra = (policy, as_of, with_missed)
    linkedin_done = cache(partial(_linkedin_done, journal, memo or Memo()))  # made only if a process is made again
    for rounds in journal.processes.values():
        make = partial(_process_items, journal, policy, as_of, with_missed, linkedin_done, rounds)
        found = make() if memo is None else memo.get("agenda", rounds[-1].process_key, extra, make)
        for item in found:  # in the order the process made them: the first of two equal items stays
            add(item)
    keep_in_touch(journal, policy, add, _maker(journal, as_of), as_of, memo)
    return sorted(items.values(), key=lambda item: (item.due, item.id))


def _maker(journal: Journal, as_of: date) -> Make:
    def make(action: str, key: str, due: date, round_: Interview | None, pid: str | None, reason: str) -> Item:
        name = journal.people[pid].name if pid and pid in journal.people else None
        return Item(
            id=f"{action}:{key}",
            action=action,
            due=due,
            state="overdue" if due < as_of else "today" if due == as_of else "upcoming",
            interview=round_.id if round_ else None,
            company=round_.company if round_ else None,
            role=round_.role if round_ else None,
            person=name,
            person_id=pid,
            reason=reason,
        )

    return make


def _process_items(
    journal: Journal,
    policy: Policy,
    as_of: date,
    with_missed: bool,
    linkedin_done: Callable[[], set[str]],
    rounds: list[Interview],
) -> list[Item]:
    """What one process asks for, in the order its rules find it (a thank-you to someone met in two
    rounds, say, is found twice; `_agenda` keeps the earlier)."""
    found: list[Item] = []
    add = found.append
    make = _maker(journal, as_of)

    def too_late(due: date) -> bool:
        return (as_of - due).days > policy.thank_you_missed_after_days

    def snoozed(round_: Interview) -> bool:
        return round_.snooze_until is not None and round_.snooze_until > as_of

    latest = rounds[-1]
    active = latest.outcome in ACTIVE_OUTCOMES
    for round_ in rounds:
        ahead = (round_.day - as_of).days
        if 0 <= ahead <= policy.prepare_days_before and asks_next_steps(journal, round_, as_of):
            stage = STAGE_WORDS.get(round_.stage or "", "interview")
            reason = f"the {stage} is {_round_when(round_, as_of)}: {ASK_NEXT_STEPS}"
            add(make("ask-next-steps", round_.id, round_.day, round_, None, reason))
        if round_.day > as_of or snoozed(round_) or not round_.interviewers:
            continue
        hours = policy.thank_you_within_hours
        thank_by = day_of(end_of_day(round_.date) + timedelta(hours=hours))
        listed = round_.outcome != "withdrawn" and (with_missed or not too_late(thank_by))
        thanked = _thanked(journal, round_) if listed else set()  # most rounds are long past: not asked
        for index, interviewer in enumerate(round_.interviewers):
            if not (listed or interviewer.linkedin):
                continue
            pid = journal.interviewer_id(round_, index)
            if listed and pid not in thanked:
                key = f"{round_.id}:{pid}"
                if not too_late(thank_by):
                    reason = f"thank each interviewer within {hours} hours of the interview; no thank-you to {interviewer.name} is logged"
                    add(make("thank-you", key, thank_by, round_, pid, reason))
                else:
                    reason = (
                        f"missed: no thank-you to {interviewer.name} within {policy.thank_you_missed_after_days} "
                        f"days of {fmt(thank_by, as_of)}, when it was due; a note this late no longer does its job"
                    )
                    add(dataclasses.replace(make("thank-you", key, thank_by, round_, pid, reason), state="missed"))
            if interviewer.linkedin and pid not in linkedin_done():
                due = round_.day + timedelta(days=policy.linkedin_after_days)
                reason = f"connect on LinkedIn {counted(policy.linkedin_after_days, 'day')} after meeting, whatever the outcome"
                add(make("linkedin", pid, due, round_, pid, reason))
    if snoozed(latest) or latest.day > as_of:
        return found
    if not active:
        rejection_check_in(journal, policy, rounds, add, make, as_of)
        return found
    if not (latest.next_steps or latest.decision_by or latest.follow_up_on):
        reason = (
            "ask and record what happens next (who decides, and by when) so the status check lands on the right day"
        )
        add(make("record-next-steps", latest.id, latest.day, latest, None, reason))
    spent = budget(journal, latest, policy)
    contact = _contact(journal, latest)
    if spent.spent and spent.last is not None and spent.last.date is not None:
        due = day_of(spent.last.date) + timedelta(days=policy.ghosted_after_days)
        reason = f"{spent}, none answered; after {policy.ghosted_after_days} days of silence mark the process ghosted and move on"
        add(make("mark-ghosted", latest.id, due, latest, None, reason))
    elif spent.last is not None and spent.last.date is not None:
        due = day_of(spent.last.date) + timedelta(days=policy.min_days_between_nudges)
        reason = (
            f"{spent}; the last one ({fmt(day_of(spent.last.date), as_of)}) is unanswered — "
            f"wait at least {policy.min_days_between_nudges} days between nudges"
        )
        first, why = first_status_check(latest, spent.anchor, policy, replied=spent.replied, as_of=as_of)
        if first > due:  # a nudge sent early does not pull the next one before the promised date
            due, reason = first, f"{why} ({spent})"
        add(make("status-check", latest.id, due, latest, contact, reason))
    else:
        due, why = first_status_check(latest, spent.anchor, policy, replied=spent.replied, as_of=as_of)
        add(make("status-check", latest.id, due, latest, contact, f"{why} ({spent})"))
    return found


def _thanked(journal: Journal, round_: Interview) -> set[str]:
    """Everyone a thank-you for this round was sent, scheduled or skipped to."""
    return {
        journal.person_of(item.to)
        for item in journal.followups_by_interview.get(round_.id, [])
        if item.kind == "thank-you" and item.to and item.direction == "out" and item.status in HANDLED
    }


def _linkedin_done(journal: Journal, memo: Memo) -> set[str]:
    """Everyone a LinkedIn request was sent, scheduled or skipped to (in any process, or in none).
    Each is among the follow-ups to them, which reach every process naming them (`journal.memo`);
    the requests of each process are kept in the memo until an edit reaches it."""
    done = _linkedin_sent(journal, journal.followups_by_interview.get(None, []))
    for key, rounds in journal.processes.items():
        done |= memo.get("linkedin sent", key, None, partial(_process_linkedin, journal, rounds))
    return done


def _process_linkedin(journal: Journal, rounds: list[Interview]) -> set[str]:
    """The process's requests, in no order: its follow-ups are not sorted for this (most processes ask nothing more)."""
    groups = journal.followups_by_interview
    return _linkedin_sent(journal, [item for round_ in rounds for item in groups.get(round_.id, ())])


def _linkedin_sent(journal: Journal, items: Sequence[FollowUp]) -> set[str]:
    return {
        journal.person_of(item.to)
        for item in items
        if item.kind == "linkedin" and item.to and item.direction == "out" and item.status in HANDLED
    }


def _contact(journal: Journal, latest: Interview) -> str | None:
    """Who a status check goes to: whoever last wrote, else the round's first interviewer."""
    for item in reversed(journal.process_followups(latest)):
        if item.is_reply and item.to:
            return journal.person_of(item.to)
    return journal.interviewer_id(latest, 0) if latest.interviewers else None


def pestering_guard(journal: Journal, policy: Policy, record: FollowUp, today: date) -> list[str]:
    """The pestering guard (SPEC 3) for a follow-up about to be logged or drafted: its reasons, or none.

    Every path that writes an outbound message calls this one function before it writes, and
    shows its reasons under `GUARD_TITLE` (a warning, never a block). Only an outbound nudge
    (status check, check-in) that is drafted, scheduled or sent is guarded; a skipped one is
    not a nudge. The record itself, when it is an edit, is not counted against itself.
    """
    if (
        record.kind not in NUDGE_KINDS
        or record.direction != "out"
        or record.status not in ("draft", "scheduled", "sent")
    ):
        return []
    day = day_of(record.date) if record.date is not None else today
    return pestering_warnings(journal, policy, record.kind, day, record.interview, record.to, exclude=record.id)


def guard_text(reasons: Sequence[str]) -> str:
    """The guard's reasons as one message: the title, then one reason per line."""
    return "\n".join([f"{GUARD_TITLE}:", *(f"- {reason}" for reason in reasons)]) if reasons else ""


def pestering_warnings(
    journal: Journal,
    policy: Policy,
    kind: str,
    when: date,
    interview: str | None = None,
    to: str | None = None,
    *,
    exclude: str | None = None,
) -> list[str]:
    """Reasons an outbound nudge on `when` may come across as pestering (a warning, never a block).

    `exclude` is the id of the follow-up being edited, so it is not counted against itself.
    """
    if kind not in NUDGE_KINDS:
        return []
    warnings: list[str] = []
    round_ = journal.interviews.get(interview) if interview else None
    if round_ is not None:
        latest = journal.rounds_of(round_)[-1]
        if latest.follow_up_on and when < latest.follow_up_on:
            warnings.append(f"they said following up is fine from {fmt(latest.follow_up_on, when)}; this is earlier")
        if latest.decision_by and when < latest.decision_by:
            warnings.append(f"they promised a decision by {fmt(latest.decision_by, when)}; give them until then")
        spent = budget(journal, latest, policy, exclude=exclude)
        if spent.last is not None and spent.last.date is not None:
            last = day_of(spent.last.date)
            gap = (when - last).days
            if gap < 0:
                warnings.append(f"this is dated before your last unanswered nudge ({fmt(last, when)})")
            elif gap < policy.min_days_between_nudges:
                warnings.append(
                    f"only {counted(gap, 'day')} since your last unanswered nudge ({fmt(last, when)}); "
                    f"wait at least {policy.min_days_between_nudges}"
                )
        if spent.spent:
            warnings.append(f"{spent} already and none answered; more may read as pestering")
    elif to:
        touched = _touch_before(journal, journal.person_of(to), when, exclude)
        if touched and (when - touched).days < policy.min_days_between_nudges:
            warnings.append(
                f"you were last in touch with {to} on {fmt(touched, when)}; wait at least {policy.min_days_between_nudges} days"
            )
    return warnings


def _touch_before(journal: Journal, pid: str, when: date, exclude: str | None) -> date | None:
    """The last contact with a person on or before `when`, not counting follow-up `exclude`."""
    person = journal.people.get(pid)
    if person is None:
        return None
    days = [journal.interviews[ident].day for ident in person.interviews if ident in journal.interviews]
    for ident in person.followups:
        item = journal.followups.get(ident)
        if item is not None and item.id != exclude and item.is_done and item.date is not None:
            days.append(day_of(item.date))
    earlier = [day for day in days if day <= when]
    return max(earlier) if earlier else None
