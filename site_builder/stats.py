"""The numbers on `stats.html`, and the geometry of their charts (drawn by the template as SVG).

Charts are plain numbers here: the template writes `<rect>` and `<text>` with autoescape on,
so no chart library runs in the page and no generated markup is trusted.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from journal.model import Journal
from journal.records import NUDGE_KINDS, OUTBOUND_KINDS, STAGE_WORDS, STAGES, FollowUp, day_of, end_of_day, moment
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


def compute(journal: Journal, as_of: date) -> dict[str, Any]:
    """Every number on stats.html; each one's definition is printed under its chart."""
    policy = journal.settings.policy
    outcomes: Counter[str] = Counter(rounds[-1].outcome for rounds in journal.processes.values())
    outcome_rows = [(words(outcome), outcomes[outcome]) for outcome in OUTCOME_ORDER]
    funnel = _funnel(journal)
    thanks = _thanks(journal, as_of)
    nudges = _answered(journal, NUDGE_KINDS)
    messages = _answered(journal, OUTBOUND_KINDS)
    waits = messages["waits"]
    wait_rows = [(label, sum(1 for w in waits if lo <= w <= hi)) for label, lo, hi in _WAIT_BUCKETS]
    by_speed = _reply_by_thank_you_speed(journal)
    weekly = _weekly(journal)
    return {
        "processes": len(journal.processes),
        "interviews": len(journal.interviews),
        "followups": len(journal.followups),
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


def _funnel(journal: Journal) -> list[tuple[str, int]]:
    """Processes that reached at least each stage (a final round counts for every stage before it),
    so the funnel can only narrow. Rounds without a known stage count for none."""
    ladder = [stage for stage in STAGES if stage != "other"]
    furthest: Counter[int] = Counter()
    for rounds in journal.processes.values():
        known = [ladder.index(r.stage) for r in rounds if r.stage in ladder]
        if known:
            furthest[max(known)] += 1
    return [(STAGE_WORDS.get(stage, stage), sum(n for at, n in furthest.items() if at >= index))
            for index, stage in enumerate(ladder)]  # fmt: skip


def _thanks(journal: Journal, as_of: date) -> dict[str, int]:
    """Thank-you notes owed (one per interviewer of every round that happened), and of those already
    due — their time is up, or a note went — how many went on time; notes still inside their window
    are counted apart, never as late."""
    hours = timedelta(hours=journal.settings.policy.thank_you_within_hours)
    missed_after = journal.settings.policy.thank_you_missed_after_days
    counts = dict.fromkeys(("owed", "due", "on_time", "late", "missing", "missed", "skipped", "open"), 0)
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
    return counts


def _answered(journal: Journal, kinds: tuple[str, ...]) -> dict[str, Any]:
    """Messages of these kinds you sent, and how many a reply answered: one came after it in its
    process, before your next message there. `waits`: the days each answered one waited."""
    sent = answered = 0
    waits: list[int] = []
    for rounds in journal.processes.values():
        thread = [f for f in journal.process_followups(rounds[-1]) if f.date is not None and f.is_done]
        for number, item in enumerate(thread):
            if item.is_reply or item.kind not in kinds or item.date is None:
                continue
            sent += 1
            for later in thread[number + 1 :]:
                if later.is_reply and later.date is not None:
                    answered += 1
                    waits.append((day_of(later.date) - day_of(item.date)).days)
                    break
                if later.direction == "out":
                    break  # you wrote again first: this one went unanswered
    return {"sent": sent, "answered": answered, "waits": waits}


_SPEEDS = (("within 4 hours", 4), ("within 24 hours", 24), ("within 48 hours", 48), ("later", 10**6))


def _reply_by_thank_you_speed(journal: Journal) -> list[tuple[str, int, int]]:
    """Rounds by how soon the first thank-you went after them: (label, rounds, of which any reply
    came after that note). Does a quick note go with an answer?"""
    rows = {label: [0, 0] for label, _hours in _SPEEDS}
    last_reply: dict[tuple[str, str], datetime] = {}  # per process: when its latest reply came
    for key, rounds in journal.processes.items():
        replies = [moment(f.date) for f in journal.process_followups(rounds[-1])
                   if f.is_reply and f.is_done and f.date is not None]  # fmt: skip
        if replies:
            last_reply[key] = max(replies)
    for interview in journal.interviews.values():
        notes = [moment(f.date) for f in journal.followups_by_interview.get(interview.id, [])
                 if f.kind == "thank-you" and f.direction == "out" and f.status == "sent" and f.date is not None]  # fmt: skip
        if not notes:
            continue
        sent_at = min(notes)
        after = (sent_at - moment(interview.date)).total_seconds() / 3600
        label = next(label for label, hours in _SPEEDS if after <= hours)
        latest = last_reply.get(interview.process_key)
        rows[label][0] += 1
        rows[label][1] += latest is not None and latest >= sent_at
    return [(label, total, replied) for label, (total, replied) in rows.items()]


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
