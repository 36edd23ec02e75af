"""`followup notify`: one digest of what became due or overdue since the last run, for cron and timers.

Pure rules with an explicit time, plus the small state file they remember (`.followup/notify.json`,
git-ignored, written atomically). An item is announced when it reaches a state it was not announced
in (due today, then overdue), never twice on one day; after days the machine was off, everything
that fell due meanwhile comes in the first digest. During quiet hours nothing is announced and
nothing is marked, so it all comes at the first run after them. Deleting the file only means
today's items are announced once more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from journal.atomic import atomic_write
from journal.items import Item
from journal.layout import CACHE_DIR
from journal.records import fmt

STATE_FILE = "notify.json"
STATE_VERSION = 1
ANNOUNCED = ("overdue", "today")
"""The states worth a notification; upcoming items wait for their day."""
MAX_LINES = 8
"""A desktop notification shows a few lines; the rest is counted and `followup due` lists it."""

Seen = dict[str, tuple[str, str]]
"""Item id -> (the state it was announced in, the day it was announced, ISO)."""


@dataclass(frozen=True)
class State:
    last_run: datetime | None
    seen: Seen


@dataclass(frozen=True)
class Digest:
    """One notification: a title and its lines (the items, newest state first)."""

    title: str
    lines: tuple[str, ...]
    items: tuple[Item, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def quiet(now: time, hours: tuple[time, time] | None) -> bool:
    """Whether `now` lies in the quiet hours [from, until), which may span midnight (21:00–08:00)."""
    if hours is None:
        return False
    start, end = hours
    if start <= end:
        return start <= now < end
    return now >= start or now < end


def state_path(root: Path) -> Path:
    return root / CACHE_DIR / STATE_FILE


def read_state(root: Path) -> State:
    """What the last runs announced; a missing, foreign or damaged file is a fresh start."""
    try:
        data: Any = json.loads(state_path(root).read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return State(None, {})
        seen = {str(key): (str(value[0]), str(value[1])) for key, value in data["seen"].items()}
        last = datetime.fromisoformat(data["last_run"]) if data.get("last_run") else None
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return State(None, {})
    return State(last, seen)


def write_state(root: Path, state: State) -> None:
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    data = {
        "version": STATE_VERSION,
        "last_run": state.last_run.isoformat(timespec="minutes") if state.last_run else None,
        "seen": {key: list(value) for key, value in sorted(state.seen.items())},
    }
    atomic_write(state_path(root), (json.dumps(data, indent=1) + "\n").encode())


def digest(items: list[Item], state: State, now: datetime) -> tuple[Digest | None, State]:
    """The digest to deliver at `now` (None: nothing new), and the state to keep once it is delivered."""
    today = now.date().isoformat()
    fresh = []
    for item in items:
        if item.state not in ANNOUNCED:
            continue
        before = state.seen.get(item.id)
        if before is None or (before[0] != item.state and before[1] != today):
            fresh.append(item)
    present = {item.id for item in items}
    seen = {key: value for key, value in state.seen.items() if key in present}  # done items are forgotten
    seen.update({item.id: (item.state, today) for item in fresh})
    after = State(now, seen)
    if not fresh:
        return None, after
    fresh.sort(key=lambda item: (item.state != "overdue", item.due, item.id))
    return Digest(_title(fresh, state.last_run, now.date()), _lines(fresh, now.date()), tuple(fresh)), after


def _title(fresh: list[Item], last_run: datetime | None, today: date) -> str:
    late = sum(1 for item in fresh if item.state == "overdue")
    counts = [f"{late} overdue" if late else "", f"{len(fresh) - late} due today" if len(fresh) > late else ""]
    title = "Follow-up Journal: " + ", ".join(part for part in counts if part)
    if last_run is not None and (today - last_run.date()).days > 1:
        title += f" (since {fmt(last_run.date(), today)})"  # catching up after days the machine was off
    return title


def _lines(fresh: list[Item], today: date) -> tuple[str, ...]:
    lines = []
    for item in fresh[:MAX_LINES]:
        where = f" — {item.company}, {item.role}" if item.company else ""
        when = f" (was due {fmt(item.due, today)})" if item.state == "overdue" else ""
        lines.append(f"{item.title}{where}{when}")
    if len(fresh) > MAX_LINES:
        lines.append(f"… and {len(fresh) - MAX_LINES} more: followup due")
    return tuple(lines)
