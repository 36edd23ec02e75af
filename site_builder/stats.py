"""The numbers on `stats.html`, and the geometry of their charts (drawn by the template as SVG).

Charts are plain numbers here: the template writes `<rect>` and `<text>` with autoescape on,
so no chart library runs in the page and no generated markup is trusted.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from statistics import median
from typing import Any

from journal.model import Journal
from journal.records import OUTCOMES as OUTCOME_ORDER
from journal.records import STAGES, FollowUp, day_of, end_of_day, moment

Chart = dict[str, Any]
BAR_HEIGHT = 22
LABEL_WIDTH = 130
CHART_WIDTH = 560
MAX_WEEKS = 104


def bar_chart(rows: list[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per row, scaled to the largest value."""
    top = max((value for _label, value in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 50
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(span * value / top, 1)
        y = index * (BAR_HEIGHT + 6)
        bars.append({"label": label, "value": value, "x": LABEL_WIDTH, "y": y, "w": width, "h": BAR_HEIGHT,
                     "text_y": y + BAR_HEIGHT - 6, "value_x": LABEL_WIDTH + width + 6})  # fmt: skip
    return {
        "width": CHART_WIDTH,
        "height": max(len(rows) * (BAR_HEIGHT + 6), BAR_HEIGHT),
        "label_x": LABEL_WIDTH - 8,
        "bars": bars,
    }


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


def compute(journal: Journal, as_of: date) -> dict[str, Any]:
    policy = journal.settings.policy
    # Funnel by stage: how many processes reached each stage.
    reached: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for rounds in journal.processes.values():
        for stage in {r.stage or "other" for r in rounds}:
            reached[stage] += 1
        outcomes[rounds[-1].outcome] += 1
    stage_rows = [(stage, reached[stage]) for stage in STAGES if reached[stage] or stage != "other"]
    outcome_rows = [(outcome, outcomes[outcome]) for outcome in OUTCOME_ORDER]

    # Thank-yous: one owed per interviewer of every round that has happened.
    owed = on_time = late = missed = skipped = 0
    hours = timedelta(hours=policy.thank_you_within_hours)
    for interview in journal.interviews.values():
        if interview.day > as_of:
            continue
        sent: dict[str, FollowUp] = {}
        skips: set[str] = set()
        for item in journal.followups_by_interview.get(interview.id, []):
            if item.kind == "thank-you" and item.to and item.direction == "out":
                if item.status == "sent":
                    sent.setdefault(journal.person_of(item.to), item)
                elif item.is_skipped:
                    skips.add(journal.person_of(item.to))
        due = day_of(end_of_day(interview.date) + hours)
        for index in range(len(interview.interviewers)):
            owed += 1
            pid = journal.interviewer_id(interview, index)
            thanks = sent.get(pid)
            if thanks is None:
                skipped += pid in skips
                missed += pid not in skips and (as_of - due).days > policy.thank_you_missed_after_days
                continue
            if thanks.date is not None and moment(thanks.date) <= end_of_day(interview.date) + hours:
                on_time += 1
            else:
                late += 1

    # Nudges and the replies they got.
    nudges = replied = 0
    waits: list[int] = []
    for rounds in journal.processes.values():
        followups = journal.process_followups(rounds[-1])
        replies = [(moment(f.date), f.date) for f in followups if f.is_reply and f.is_done and f.date is not None]
        for item in followups:
            if (
                item.kind not in ("status-check", "check-in")
                or item.direction != "out"
                or item.status != "sent"
                or item.date is None
            ):
                continue
            nudges += 1
            asked = moment(item.date)
            answer = next((when for at, when in replies if at >= asked), None)  # the first in thread order
            if answer is not None:
                replied += 1
                waits.append((day_of(answer) - day_of(item.date)).days)

    weekly = _weekly(journal)
    wait_rows = [(label, sum(1 for w in waits if lo <= w <= hi)) for label, lo, hi in _WAIT_BUCKETS]
    return {
        "processes": len(journal.processes),
        "interviews": len(journal.interviews),
        "followups": len(journal.followups),
        "stages": {"rows": stage_rows, "chart": bar_chart(stage_rows)},
        "outcomes": {"rows": outcome_rows, "chart": bar_chart(outcome_rows)},
        "thanks": {
            "owed": owed,
            "on_time": on_time,
            "late": late,
            "missing": owed - on_time - late,
            "missed": missed,
            "skipped": skipped,
            "missed_after_days": policy.thank_you_missed_after_days,
            "share": _percent(on_time, owed),
            "hours": policy.thank_you_within_hours,
            "chart": bar_chart([("on time", on_time), ("late", late), ("not sent", owed - on_time - late)]),
        },
        "replies": {
            "nudges": nudges,
            "replied": replied,
            "rate": _percent(replied, nudges),
            "median_days": f"{median(waits):g}" if waits else "–",
            "mean_days": f"{sum(waits) / len(waits):.1f}" if waits else "–",
            "rows": wait_rows,
            "chart": bar_chart(wait_rows),
        },
        "weekly": {"rows": weekly, "chart": column_chart(weekly)},
    }


_WAIT_BUCKETS = (
    ("same day", 0, 0),
    ("1–2 days", 1, 2),
    ("3–7 days", 3, 7),
    ("8–14 days", 8, 14),
    ("15+ days", 15, 10**6),
)


def _weekly(journal: Journal) -> list[tuple[str, int]]:
    """Interviews per ISO week (Monday), every week from the first to the last, at most two years."""
    counts: Counter[date] = Counter()
    for interview in journal.interviews.values():
        counts[interview.day - timedelta(days=interview.day.weekday())] += 1
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
