"""The top of index.html, the page a job seeker opens every morning: what to do now, then
every active process in one explicit state, then the closed ones folded (SPEC 7).

A process is in exactly one state, decided in this order:

- *closed*: its latest round's outcome is an offer, a rejection, a withdrawal or ghosted;
- *action due*: something of it is due today or overdue;
- *answered*: they wrote last (a reply is the latest message that happened);
- *waiting N days*: since the last thing you sent, or the last round when that came later
  (a round still ahead is waited for too).

Urgency (overdue, today) and outcome never share a colour: the stylesheet gives red and
amber only to urgency.
"""

from __future__ import annotations

from functools import partial

from journal.items import Item
from journal.memo import JOURNAL
from journal.records import ACTIVE_OUTCOMES, FollowUp, Interview, day_of, fmt
from journal.words import counted
from site_builder.views import Context, Views

STATES = {"action-due": "Action due", "waiting": "Waiting", "answered": "Answered", "closed": "Closed"}
NOW = ("overdue", "today")
"""The item states that make something to do now."""


def process_state(views: Views, rounds: list[Interview]) -> Context:
    """The process's one state: its key, its words ("Waiting 6 days") and what it rests on; kept
    in the memo (`journal.memo`) until an edit reaches the process or its items change."""
    extra = (views.as_of, tuple(views.process_items(rounds)))
    return views.memo.get("process state", rounds[-1].process_key, extra, partial(_process_state, views, rounds))


def _process_state(views: Views, rounds: list[Interview]) -> Context:
    latest, as_of = rounds[-1], views.as_of
    if latest.outcome not in ACTIVE_OUTCOMES:
        return _state("closed", f"Closed: {latest.outcome}", f"last round {fmt(latest.day, as_of)}")
    due = [item for item in views.process_items(rounds) if item.state in NOW]
    if due:
        first = min(due, key=lambda item: (item.due, item.id))
        more = f" (+{len(due) - 1} more)" if len(due) > 1 else ""
        return _state("action-due", "Action due", f"{first.title}, {_due_words(first, views)}{more}")
    happened = [f for f in views.journal.process_followups(latest) if f.is_done and f.date is not None]
    last = happened[-1] if happened else None
    if last is not None and last.is_reply and last.date is not None and day_of(last.date) >= latest.day:
        who = last.to or "they"
        return _state("answered", "Answered", f"{who} wrote {fmt(day_of(last.date), as_of)}")
    stage = latest.stage.replace("-", " ") if latest.stage else None
    if latest.day > as_of:
        return _state("waiting", "Waiting", f"for the {stage or 'next round'} on {fmt(latest.day, as_of)}")
    sent = [f for f in happened if not f.is_reply and f.date is not None]
    since, what = latest.day, f"the {stage or 'interview'}"
    if sent and day_of(sent[-1].date or latest.day) >= latest.day:
        since, what = day_of(sent[-1].date or latest.day), f"your {_kind_words(sent[-1])}"
    days = (as_of - since).days
    label = f"Waiting {counted(days, 'day')}" if days else "Waiting"
    return _state("waiting", label, f"since {what} on {fmt(since, as_of)}")


def _state(key: str, label: str, detail: str) -> Context:
    return {"key": key, "label": label, "detail": detail}


def _due_words(item: Item, views: Views) -> str:
    if item.state == "today":
        return "due today"
    return f"overdue since {fmt(item.due, views.as_of)}"


def _kind_words(item: FollowUp) -> str:
    return {"thank-you": "thank-you note", "linkedin": "LinkedIn request", "status-check": "status check",
            "check-in": "check-in"}.get(item.kind, "message")  # fmt: skip


OVERDUE_SHOWN = 10
"""Overdue items listed under today's before the rest are folded: the first screen stays today's."""


def todo(views: Views) -> Context:
    """Today's items first, then the overdue ones, the most recent first (the longer ago, the less a
    day matters); past `OVERDUE_SHOWN` the older ones are folded, and so are the overdue ones of
    closed processes (an old rejection's check-in should not push today's thank-you off the screen)."""
    today: list[Context] = []
    overdue: list[Context] = []
    folded: list[Context] = []
    for item in views.items:
        if item.state == "today":
            today.append(views.item_view(item))
        elif item.state == "overdue":
            (folded if of_closed_process(views, item) else overdue).append(views.item_view(item))
    overdue.sort(key=lambda view: (view["due"], view["id"]), reverse=True)
    return {"items": today + overdue[:OVERDUE_SHOWN], "older": overdue[OVERDUE_SHOWN:], "folded": folded}


def of_closed_process(views: Views, item: Item) -> bool:
    """Whether the item belongs to a process that has ended (a check-in after a rejection, say)."""
    round_ = views.journal.interviews.get(item.interview or "")
    return round_ is not None and views.journal.rounds_of(round_)[-1].outcome not in ACTIVE_OUTCOMES


def closed_line(views: Views, rounds: list[Interview]) -> Context:
    """A closed process in one line: what it was, how it ended, when."""
    latest = rounds[-1]
    return {
        "company": views.company_link(latest.company),
        "role": latest.role,
        "outcome": latest.outcome,
        "when": fmt(latest.day, views.as_of),
        "url": views.names.interview[latest.id],
        "rounds": len(rounds),
    }


RANK = {"action-due": 0, "answered": 1, "waiting": 2}
"""Active processes in this order: something to do, then an answer to read, then the waiting."""


def index_context(views: Views) -> Context:
    """The top of index.html: `todo`, the `active` processes (each a card and its state), the `closed`.

    Kept in the memo (journal-wide) with all it is made from: every process's state and card, what
    a closed one's line shows, the items to do now as they show. An edit of notes changes none of
    them, so a rebuild compares them instead of putting the page's top together again.
    """
    processes = list(views.journal.processes.values())
    states = tuple(process_state(views, rounds) for rounds in processes)
    cards = tuple(views.process_view(rounds) for rounds in processes)
    ended = tuple(
        (latest.id, latest.company, latest.role, latest.outcome, latest.day, len(rounds))
        for rounds, state in zip(processes, states, strict=True)
        if state["key"] == "closed"
        for latest in (rounds[-1],)
    )
    now = tuple(views.item_view(item) for item in views.items if item.state in NOW)
    extra = (views.as_of, views.names_digest, states, cards, ended, now)
    return views.memo.get("dashboard", JOURNAL, extra, partial(_index_context, views, processes, states))


def _index_context(views: Views, processes: list[list[Interview]], states: tuple[Context, ...]) -> Context:
    active: list[Context] = []
    closed: list[tuple[str, Context]] = []
    for rounds, state in zip(processes, states, strict=True):
        if state["key"] == "closed":
            closed.append((rounds[-1].day.isoformat(), closed_line(views, rounds)))
        else:
            active.append({"process": views.process_view(rounds), "state": state})
    order = {id(view): number for number, view in enumerate(views.processes())}
    active.sort(key=lambda card: (RANK[card["state"]["key"]], order[id(card["process"])]))
    closed.sort(key=lambda pair: (pair[0], pair[1]["url"]), reverse=True)
    return {"todo": todo(views), "active": active, "closed": [line for _day, line in closed]}
