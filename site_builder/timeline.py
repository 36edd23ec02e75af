"""The timeline on index.html: every interview and follow-up by month, newest month first.

Each month is one fragment of index.html, kept in the build store with the hash of what it
shows (the parts of its records, `site_builder.inputs`, and each one's process outcome). A
month whose hash is unchanged is reused as it is: an edit renders again only the months of
the records it changed, and the rest of the timeline is assembled, not rendered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from journal.records import FollowUp, Interview, moment
from site_builder.inputs import Parts
from site_builder.templating import words
from site_builder.views import UNDATED, Context, Views, texts_of

Record = Interview | FollowUp
UNDATED_KEY = UNDATED[2]
"""The month of follow-ups without a date: last on the index, never a page of its own."""
SortKey = tuple[Any, int, str]


@dataclass(frozen=True)
class Month:
    key: str
    """`YYYY-MM`, or `undated`."""
    label: str
    records: list[Record]
    """In date order (undated follow-ups last)."""
    inputs: str
    """The hash of what the month's fragment shows."""


def months(views: Views, parts: Parts) -> list[Month]:
    """The timeline's months, newest first, the undated ones last."""
    groups: dict[str, list[tuple[SortKey, Record]]] = defaultdict(list)
    for interview in views.journal.interviews.values():
        groups[texts_of(interview.date)[2]].append(((moment(interview.date), 0, interview.id), interview))
    for item in views.journal.followups.values():
        month = UNDATED[2] if item.date is None else texts_of(item.date)[2]
        groups[month].append(((moment(item.date) if item.date else datetime.max, 1, item.id), item))
    dated = sorted((key for key in groups if key != UNDATED[2]), reverse=True)
    result = []
    for key in [*dated, *([UNDATED[2]] if UNDATED[2] in groups else [])]:
        records = [record for _order, record in sorted(groups[key], key=lambda pair: pair[0])]
        label = "Undated" if key == UNDATED[2] else f"{date.fromisoformat(key + '-01'):%B %Y}"
        result.append(Month(key, label, records, parts.month(key, records)))
    return result


def month_context(views: Views, month: Month) -> Context:
    """What month.html prints: the month's entries."""
    entries = [
        _interview_entry(views, record) if isinstance(record, Interview) else _followup_entry(views, record)
        for record in month.records
    ]
    return {"key": month.key, "label": month.label, "entries": entries}


def _outcome(views: Views, interview: Interview) -> str:
    return views.journal.rounds_of(interview)[-1].outcome


def _interview_entry(views: Views, interview: Interview) -> Context:
    texts = texts_of(interview.date)
    return {
        "kind": "interview",
        "when": texts[0],
        "iso": texts[1],
        "title": interview.title,
        "url": views.names.interview[interview.id],
        "company": views.company_link(interview.company),
        "outcome": _outcome(views, interview),
        "detail": ", ".join(x for x in (interview.format, interview.location) if x),
        "people": ", ".join(w.name for w in interview.interviewers),
        "status": None,
        "direction": None,
    }


def _followup_entry(views: Views, item: FollowUp) -> Context:
    round_ = views.journal.interviews.get(item.interview or "")
    arrow = "from" if item.direction == "in" else "to"
    texts = UNDATED if item.date is None else texts_of(item.date)
    return {
        "kind": item.kind,
        "when": texts[0],
        "iso": texts[1],
        "title": item.subject
        or (f"{words(item.kind).capitalize()} {arrow} {item.to}" if item.to else words(item.kind)),
        "url": views.followup_url(item),
        "company": views.company_link(round_.company) if round_ else None,
        "outcome": _outcome(views, round_) if round_ else None,
        "detail": " · ".join(x for x in (item.direction == "in" and "received" or item.status, item.channel) if x),
        "people": item.to or "",
        "status": item.status,
        "direction": item.direction,
    }
