"""Today's rows as plain text, computed off the UI thread, and kept between launches.

The last agenda drawn is written to `.followup/tui-today-v3.json` (JSON, never pickle:
the folder is the user's, so the file is data to validate, not code to trust). On the
next launch Today draws it at once, marked as refreshing, while the journal loads.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

from journal import Interview, Item, Journal, budget
from journal.agenda import agenda
from journal.atomic import atomic_write
from journal.items import ACTION_LABELS as ACTION_LABELS
from journal.layout import CACHE_DIR
from journal.memo import Memo
from journal.records import ACTIVE_OUTCOMES, NUDGE_KINDS, day_of

SNAPSHOT = f"{CACHE_DIR}/tui-today-v3.json"
SNAPSHOT_VERSION = 3
MAX_AGE_DAYS = 7
"""A saved agenda older than this is not worth showing, even for a second."""


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as Today shows it."""

    id: str
    state: str
    due: str
    action: str
    who: str
    interview: str
    nudges: str
    """The process's nudge budget, `1/2`, for active processes."""
    reason: str
    due_on: str
    """The due day, ISO: a saved row's state is worked out again for the day it is shown."""
    due_short: str = ""
    """The Due cell in a narrow column (`Wed 09:30`), when it has a shorter form."""

    @property
    def cells(self) -> tuple[str, str, str, str, str, str]:
        return (self.due, self.action, self.who, self.interview, self.nudges, self.reason)


BUDGET_ACTIONS = (*NUDGE_KINDS, "mark-ghosted")
"""The rows whose Nudges cell is filled: a nudge to send, or a budget spent."""
NO_CONTACT = "the recruiter?"
"""The Who cell of a status check for a round with no interviewer recorded."""


def day_label(day: date, as_of: date | None) -> str:
    """`Mon 30 Nov` this year; `02 Oct 2025` (the year, without the weekday) in any other."""
    if as_of is not None and day.year != as_of.year:
        return f"{day:%d %b %Y}"
    return f"{day:%a %d %b}"


def _due(item: Item, interview: Interview | None, as_of: date | None) -> tuple[str, str]:
    """The Due cell and its short form ("" when none): the day, and for `ask-next-steps` the
    round's time (`27 Nov 14:00`, short `Fri 14:00`: the time matters more than the date there)."""
    timed = interview is not None and isinstance(interview.date, datetime)
    if item.action == "ask-next-steps" and timed and (as_of is None or item.due.year == as_of.year):
        assert interview is not None and isinstance(interview.date, datetime)
        return f"{item.due:%d %b} {interview.date:%H:%M}", f"{item.due:%a} {interview.date:%H:%M}"
    return day_label(item.due, as_of), ""


def agenda_rows(
    journal: Journal, items: tuple[Item, ...], as_of: date | None = None, memo: Memo | None = None
) -> tuple[AgendaRow, ...]:
    """Today's rows; with `as_of`, a day in another year shows its year. With the live journal's
    `memo` (`journal.memo`), each process's nudge budget is kept until an edit reaches it."""
    budgets: dict[str, str] = {}
    memo = memo if memo is not None else Memo()
    rows = []
    for item in items:
        interview = journal.interviews.get(item.interview) if item.interview else None
        nudges = ""
        if interview is not None and item.action in BUDGET_ACTIONS:
            latest = journal.rounds_of(interview)[-1]
            if latest.outcome in ACTIVE_OUTCOMES:
                if latest.id not in budgets:
                    made = partial(_budget, journal, latest)
                    budgets[latest.id] = memo.get("budget", latest.process_key, journal.settings.policy, made)
                nudges = budgets[latest.id]
        due, due_short = _due(item, interview, as_of)
        rows.append(
            AgendaRow(
                id=item.id,
                state=item.state,
                due=due,
                action=ACTION_LABELS.get(item.action, item.action),
                who=item.person or (NO_CONTACT if item.action == "status-check" else ""),
                interview=interview.title if interview else (item.company or ""),
                nudges=nudges,
                reason=item.reason,
                due_on=item.due.isoformat(),
                due_short=due_short,
            )
        )
    return tuple(rows)


def _budget(journal: Journal, latest: Interview) -> str:
    spent = budget(journal, latest, journal.settings.policy)
    return f"{len(spent.unanswered)}/{spent.allowed}"


@dataclass(frozen=True)
class Snoozed:
    """One snooze as Today lists it: what lifts it, its title, until when, what it holds back."""

    key: str
    """`interview:<id>` for an interview's `snooze_until`, `draft:<id>` for one item's dated draft."""
    title: str
    until: date
    items: tuple[Item, ...]


def snoozed_entries(journal: Journal, as_of: date, shown: tuple[Item, ...], held: tuple[Item, ...]) -> list[Snoozed]:
    """Every snooze, soonest first: snoozed interviews with what they would put on the agenda
    today if lifted, and the items held back by drafts dated ahead (`held`, state `snoozed`).

    Only the processes of snoozed rounds are looked at again (with the snooze lifted), so a
    large journal pays for a few processes, not a second agenda.
    """
    entries = [
        Snoozed(
            f"draft:{item.held_by}",
            ACTION_LABELS.get(item.action, item.action)
            + (f" to {item.person}" if item.person else "")
            + (f" ({item.company} — {item.role})" if item.company else ""),
            day_of(journal.followups[item.held_by].date or as_of),
            (item,),
        )
        for item in held
        if item.held_by in journal.followups
    ]
    snoozed = {
        ident: round_
        for ident, round_ in journal.interviews.items()
        if round_.snooze_until is not None and round_.snooze_until > as_of
    }
    if snoozed:
        keys = {round_.process_key for round_ in snoozed.values()}
        rounds = {
            round_.id: dataclasses.replace(round_, snooze_until=None) if round_.id in snoozed else round_
            for key in keys
            for round_ in journal.processes.get(key, ())
        }
        lifted = Journal(journal.root, journal.settings, rounds, journal.followups, journal.people_files)
        seen = {item.id for item in shown}
        found: dict[str, list[Item]] = {ident: [] for ident in snoozed}
        for item in agenda(lifted, journal.settings.policy, as_of):
            if item.interview in found and item.id not in seen:
                found[item.interview].append(item)
        entries += [
            Snoozed(f"interview:{ident}", snoozed[ident].title, snoozed[ident].snooze_until or as_of, tuple(items))
            for ident, items in found.items()
        ]
    return sorted(entries, key=lambda entry: (entry.until, entry.key))


def write_snapshot(root: Path, as_of: date, rows: tuple[AgendaRow, ...]) -> None:
    data = {
        "version": SNAPSHOT_VERSION,
        "as_of": as_of.isoformat(),
        "rows": [dataclasses.astuple(row) for row in rows],
    }
    path = Path(root) / SNAPSHOT
    try:
        path.parent.mkdir(exist_ok=True)
        atomic_write(path, json.dumps(data, ensure_ascii=False).encode(), durable=False)
    except OSError:
        pass  # a read-only journal just starts without the head start


def read_snapshot(root: Path, as_of: date) -> tuple[AgendaRow, ...] | None:
    """The rows saved by a recent launch, restated for `as_of`; None when missing, old, or not ours."""
    try:
        data = json.loads((Path(root) / SNAPSHOT).read_bytes())
        saved_on = date.fromisoformat(data["as_of"])
        if data.get("version") != SNAPSHOT_VERSION or not 0 <= (as_of - saved_on).days <= MAX_AGE_DAYS:
            return None
        rows = [AgendaRow(*row) for row in data["rows"]]
        if not all(isinstance(value, str) for row in rows for value in dataclasses.astuple(row)):
            return None
        return tuple(dataclasses.replace(row, state=_state(date.fromisoformat(row.due_on), as_of)) for row in rows)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _state(due: date, as_of: date) -> str:
    return "overdue" if due < as_of else "today" if due == as_of else "upcoming"
