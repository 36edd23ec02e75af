"""The numbers on `stats.html`, and the geometry of their charts (drawn by the template as SVG).

Charts are plain numbers here: the template writes `<rect>` and `<text>` with autoescape on,
so no chart library runs in the page and no generated markup is trusted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from statistics import median
from typing import Any

from journal.memo import JOURNAL, Memo
from journal.model import Journal
from journal.policy import Policy
from journal.records import (
    NUDGE_KINDS,
    OUTBOUND_KINDS,
    STAGE_WORDS,
    STAGES,
    FollowUp,
    Interview,
    day_of,
    end_of_day,
    moment,
)
from journal.records import OUTCOMES as OUTCOME_ORDER
from site_builder.templating import words

Chart = dict[str, Any]
BAR_HEIGHT = 16
LABEL_HEIGHT = 16
"""Each bar's label sits on its own line above it: no label column to squeeze on a phone."""
CHART_WIDTH = 340
"""Narrow enough for a phone at full size (12px text stays 12px), compact on a desktop."""
VALUE_ROOM = 70
MAX_WEEKS = 104


def bar_chart(rows: list[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per row under its label, scaled to the largest value, the value after it."""
    top = max((value for _label, value in rows), default=0) or 1
    span = CHART_WIDTH - VALUE_ROOM
    row = LABEL_HEIGHT + BAR_HEIGHT + 8
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(span * value / top, 1)
        y = index * row + LABEL_HEIGHT
        bars.append({"label": label, "value": value, "x": 0, "y": y, "w": width, "h": BAR_HEIGHT,
                     "label_y": y - 4, "text_y": y + BAR_HEIGHT - 4, "value_x": width + 6})  # fmt: skip
    return {"width": CHART_WIDTH, "height": max(len(rows) * row, row), "bars": bars}


def column_chart(rows: list[tuple[str, int]]) -> Chart:
    """Vertical columns (interviews per week), labelled at the first week of each quarter of the range."""
    height, top_pad = 160, 14
    top = max((value for _label, value in rows), default=0) or 1
    step = CHART_WIDTH / max(len(rows), 1)
    columns = []
    for index, (label, value) in enumerate(rows):
        h = round((height - top_pad) * value / top, 1)
        columns.append({"label": label, "value": value, "x": round(index * step, 1), "w": max(round(step - 2, 1), 1),
                        "y": round(height - h, 1), "h": h})  # fmt: skip
    ticks = [c for i, c in enumerate(columns) if i % max(len(columns) // 4, 1) == 0]
    return {"width": CHART_WIDTH, "height": height, "columns": columns, "ticks": ticks, "label_y": height + 14}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def compute(journal: Journal, as_of: date, memo: Memo | None = None) -> dict[str, Any]:
    """Every number on stats.html; each one's definition is printed under its chart."""
    policy = journal.settings.policy
    memo = memo if memo is not None else Memo()
    tallies = tuple(
        memo.get("stats", key, (as_of, policy), partial(tally, journal, rounds, as_of))
        for key, rounds in journal.processes.items()
    )
    counts = (len(journal.processes), len(journal.interviews), len(journal.followups))
    # Summed again only when a process's figures changed: an edit of notes leaves them equal.
    return memo.get("stats page", JOURNAL, (policy, counts, tallies), partial(_figures, policy, counts, tallies))


def _figures(policy: Policy, counts: tuple[int, int, int], tallies: tuple[Tally, ...]) -> dict[str, Any]:
    total = Tally()
    for one in tallies:
        total.add(one)
    outcome_rows = [(words(outcome), total.outcomes[outcome]) for outcome in OUTCOME_ORDER]
    funnel = [(STAGE_WORDS.get(stage, stage), sum(n for at, n in total.furthest.items() if at >= index))
              for index, stage in enumerate(LADDER)]  # fmt: skip
    thanks = {name: total.thanks[name] for name in THANKS}
    nudges, messages, waits = total.nudges, total.messages, total.waits
    wait_rows = [(label, sum(1 for w in waits if lo <= w <= hi)) for label, lo, hi in _WAIT_BUCKETS]
    by_speed = [(label, total.speeds[label, False] + total.speeds[label, True], total.speeds[label, True])
                for label, _hours in _SPEEDS]  # fmt: skip
    weekly = _weekly(total.weeks)
    return {
        "processes": counts[0],
        "interviews": counts[1],
        "followups": counts[2],
        "stages": {"rows": funnel, "chart": bar_chart(funnel)},
        "outcomes": {"rows": outcome_rows, "chart": bar_chart(outcome_rows)},
        "thanks": {
            **thanks,
            "missed_after_days": policy.thank_you_missed_after_days,
            "share": _percent(thanks["on_time"], thanks["due"]),
            "hours": policy.thank_you_within_hours,
            "chart": bar_chart(
                [("on time", thanks["on_time"]), ("late", thanks["late"]), ("not sent", thanks["missing"])]
            ),  # fmt: skip
        },
        "replies": {
            "nudges": nudges["sent"],
            "replied": nudges["answered"],
            "rate": _percent(nudges["answered"], nudges["sent"]),
            "messages": messages["sent"],
            "messages_replied": messages["answered"],
            "messages_rate": _percent(messages["answered"], messages["sent"]),
            "median_days": f"{median(waits):g}" if waits else "–",
            "mean_days": f"{sum(waits) / len(waits):.1f}" if waits else "–",
            "rows": wait_rows,
            "chart": bar_chart(wait_rows),
        },
        "by_speed": {"rows": by_speed, "chart": percent_chart(by_speed)},
        "weekly": {"rows": weekly, "chart": column_chart(weekly)},
    }


@dataclass
class Tally:
    """What one process adds to the figures; the page sums them. Each process's is kept in the memo
    (`journal.memo`) until an edit reaches it, so an edit counts its own process again, not all."""

    outcomes: Counter[str] = field(default_factory=Counter)
    furthest: Counter[int] = field(default_factory=Counter)
    """Processes by the furthest stage they reached (its place on `LADDER`); rounds of no known stage count for none."""
    thanks: Counter[str] = field(default_factory=Counter)
    nudges: Counter[str] = field(default_factory=Counter)
    messages: Counter[str] = field(default_factory=Counter)
    waits: list[int] = field(default_factory=list)
    """The days each answered message waited for its reply."""
    speeds: Counter[tuple[str, bool]] = field(default_factory=Counter)
    """Rounds by how soon their first thank-you went, and whether a reply came after it."""
    weeks: Counter[date] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in ("outcomes", "furthest", "thanks", "nudges", "messages", "speeds", "weeks"):
            mine: Counter[Any] = getattr(self, name)
            for key, count in getattr(other, name).items():  # what `Counter.update` does, without its checks
                mine[key] += count
        self.waits.extend(other.waits)


LADDER = [stage for stage in STAGES if stage != "other"]
"""The funnel counts processes that reached at least each stage (a final round counts for every
stage before it), so it can only narrow."""


def tally(journal: Journal, rounds: list[Interview], as_of: date) -> Tally:
    """One process's share of every figure."""
    found = Tally(outcomes=Counter([rounds[-1].outcome]))
    known = [LADDER.index(r.stage) for r in rounds if r.stage in LADDER]
    if known:
        found.furthest[max(known)] += 1
    for interview in rounds:
        found.weeks[interview.day - timedelta(days=interview.day.weekday())] += 1
        _thanks(journal, interview, as_of, found.thanks)
    thread = [f for f in journal.process_followups(rounds[-1]) if f.date is not None and f.is_done]
    _answered(thread, NUDGE_KINDS, found.nudges, [])
    _answered(thread, OUTBOUND_KINDS, found.messages, found.waits)
    _speeds(journal, rounds, found.speeds)
    return found


THANKS = ("owed", "due", "on_time", "late", "missing", "missed", "skipped", "open")


def _thanks(journal: Journal, interview: Interview, as_of: date, counts: Counter[str]) -> None:
    """Thank-you notes owed (one per interviewer of every round that happened), and of those already
    due — their time is up, or a note went — how many went on time; notes still inside their window
    are counted apart, never as late."""
    if interview.day > as_of:
        return
    hours = timedelta(hours=journal.settings.policy.thank_you_within_hours)
    missed_after = journal.settings.policy.thank_you_missed_after_days
    sent: dict[str, FollowUp] = {}
    skips: set[str] = set()
    for item in journal.followups_by_interview.get(interview.id, []):
        if item.kind == "thank-you" and item.to and item.direction == "out":
            if item.status == "sent":
                sent.setdefault(journal.person_of(item.to), item)
            elif item.is_skipped:
                skips.add(journal.person_of(item.to))
    deadline = end_of_day(interview.date) + hours
    for index in range(len(interview.interviewers)):
        counts["owed"] += 1
        pid = journal.interviewer_id(interview, index)
        thanks = sent.get(pid)
        if thanks is None and day_of(deadline) >= as_of:
            counts["open"] += 1  # still inside its window
            continue
        counts["due"] += 1
        if thanks is None:
            counts["missing"] += 1
            counts["skipped"] += pid in skips
            counts["missed"] += pid not in skips and (as_of - day_of(deadline)).days > missed_after
        elif thanks.date is not None and moment(thanks.date) <= deadline:
            counts["on_time"] += 1
        else:
            counts["late"] += 1


def _answered(thread: list[FollowUp], kinds: tuple[str, ...], counts: Counter[str], waits: list[int]) -> None:
    """Messages of these kinds you sent in a process's `thread` (what happened, in order), and how
    many a reply answered: one came after it, before your next message there. `waits`: the days
    each answered one waited."""
    for number, item in enumerate(thread):
        if item.is_reply or item.kind not in kinds or item.date is None:
            continue
        counts["sent"] += 1
        for later in thread[number + 1 :]:
            if later.is_reply and later.date is not None:
                counts["answered"] += 1
                waits.append((day_of(later.date) - day_of(item.date)).days)
                break
            if later.direction == "out":
                break  # you wrote again first: this one went unanswered


_SPEEDS = (("within 4 hours", 4), ("within 24 hours", 24), ("within 48 hours", 48), ("later", 10**6))


def _speeds(journal: Journal, rounds: list[Interview], speeds: Counter[tuple[str, bool]]) -> None:
    """A process's rounds by how soon the first thank-you went after them, and whether any reply
    came after that note. Does a quick note go with an answer?"""
    replies = [moment(f.date) for f in journal.process_followups(rounds[-1])
               if f.is_reply and f.is_done and f.date is not None]  # fmt: skip
    latest = max(replies) if replies else None
    for interview in rounds:
        notes = [moment(f.date) for f in journal.followups_by_interview.get(interview.id, [])
                 if f.kind == "thank-you" and f.direction == "out" and f.status == "sent" and f.date is not None]  # fmt: skip
        if not notes:
            continue
        sent_at = min(notes)
        after = (sent_at - moment(interview.date)).total_seconds() / 3600
        label = next(label for label, hours in _SPEEDS if after <= hours)
        speeds[label, latest is not None and latest >= sent_at] += 1


def percent_chart(rows: list[tuple[str, int, int]]) -> Chart:
    """Bars of a share (`part` of `whole` per row), labelled with the share and the whole."""
    chart = bar_chart([(label, round(100 * part / whole) if whole else 0) for label, whole, part in rows])
    for bar, (_label, whole, part) in zip(chart["bars"], rows, strict=True):
        bar["value"] = f"{_percent(part, whole)} of {whole}" if whole else "none"
    span = CHART_WIDTH - VALUE_ROOM  # 100% is the full width, whatever the largest share
    for bar, (_label, whole, part) in zip(chart["bars"], rows, strict=True):
        bar["w"] = round(span * part / whole, 1) if whole else 0
        bar["value_x"] = bar["w"] + 6
    return chart


_WAIT_BUCKETS = (
    ("same day", 0, 0),
    ("1–2 days", 1, 2),
    ("3–7 days", 3, 7),
    ("8–14 days", 8, 14),
    ("15+ days", 15, 10**6),
)


def _weekly(counts: Counter[date]) -> list[tuple[str, int]]:
    """Interviews per ISO week (Monday), every week from the first to the last, at most two years."""
    if not counts:
        return []
    start, end = min(counts), max(counts)
    start = max(start, end - timedelta(weeks=MAX_WEEKS - 1))
    rows = []
    week = start
    while week <= end:
        rows.append((week.isoformat(), counts[week]))
        week += timedelta(weeks=1)
    return rows
