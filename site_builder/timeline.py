"""The timeline on index.html: every interview and follow-up by month, newest month first.

Each month is one fragment of index.html, kept in the build store with the hash of what it
shows (the parts of its records, `site_builder.inputs`, and each one's process outcome). A
month whose hash is unchanged is reused as it is: an edit renders again only the months of
the records it changed, and the rest of the timeline is assembled, not rendered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from journal.memo import Process
from journal.model import Journal
from journal.records import FollowUp, Interview, moment
from site_builder.inputs import Parts
from site_builder.templating import environment, words
from site_builder.views import UNDATED, Context, Views, texts_of

Record = Interview | FollowUp
UNDATED_KEY = UNDATED[2]
"""The month of follow-ups without a date: last on the index, never a page of its own."""
SortKey = tuple[Any, int, str]
"""A record's place in the timeline: its moment, 0 for a round or 1 for a follow-up, its id."""


@dataclass(eq=False)
class Month:
    key: str
    """`YYYY-MM`, or `undated`."""
    label: str
    count: int
    inputs: str
    """The hash of what the month's fragment shows."""
    shares: list[list[SortKey]]
    """Each process's records in this month (and the follow-ups of no round), each in date order."""

    def records(self, journal: Journal) -> list[Record]:
        """In date order (undated follow-ups last): put together only for a month that is rendered.
        The shares name the records by their place, not hold them: a `followup build` keeps the
        shares of every process for the next one, which then looks up only the months it renders."""
        found: list[Record] = []
        for _moment, is_followup, ident in sorted(order for share in self.shares for order in share):
            found.append(journal.followups[ident] if is_followup else journal.interviews[ident])
        return found


def months(views: Views, parts: Parts) -> list[Month]:
    """The timeline's months, newest first, the undated ones last.

    Each process's share of every month, and the hash of what it shows there, is kept in the
    memo (`journal.memo`) until an edit reaches the process: a month's hash is assembled from
    its shares' hashes, so an edit hashes and sorts only its own process's records again.
    """
    journal = views.journal
    shares: dict[str, list[tuple[list[SortKey], str]]] = defaultdict(list)
    for process, rounds in journal.processes.items():
        made = partial(_process_shares, parts, rounds)
        for month, share in parts.memo.get("timeline", process, parts.names, made).items():
            shares[month].append(share)
    for month, share in _shares(parts, journal.followups_by_interview.get(None, [])).items():
        shares[month].append(share)  # follow-ups of no round: few, and made again each time
    dated = sorted((key for key in shares if key != UNDATED_KEY), reverse=True)
    result = []
    for key in [*dated, *([UNDATED_KEY] if UNDATED_KEY in shares else [])]:
        label = "Undated" if key == UNDATED_KEY else f"{date.fromisoformat(key + '-01'):%B %Y}"
        found = shares[key]
        inputs = parts.month(key, sorted(digest for _entries, digest in found))
        result.append(
            Month(key, label, sum(len(entries) for entries, _digest in found), inputs, [e for e, _d in found])
        )
    return result


def _process_shares(parts: Parts, rounds: list[Interview]) -> dict[str, tuple[list[SortKey], str]]:
    return _shares(parts, [*rounds, *parts.views.journal.process_followups(rounds[-1])])


def _shares(parts: Parts, records: Sequence[Record]) -> dict[str, tuple[list[SortKey], str]]:
    """Records by month, each month's in date order with the hash of what they show."""
    groups: dict[str, list[tuple[SortKey, Record]]] = defaultdict(list)
    for record in records:
        if isinstance(record, Interview):
            groups[texts_of(record.date)[2]].append(((moment(record.date), 0, record.id), record))
        else:
            month = UNDATED_KEY if record.date is None else texts_of(record.date)[2]
            groups[month].append(((moment(record.date) if record.date else datetime.max, 1, record.id), record))
    shares = {}
    for month, entries in groups.items():
        entries.sort(key=lambda pair: pair[0])
        shares[month] = ([order for order, _record in entries], parts.shown([record for _order, record in entries]))
    return shares


def month_context(views: Views, month: Month, rel: str) -> Context:
    """What month.html prints: the month's entries, as one HTML text for a page at `rel`.

    Each process's entries of the month are kept in the memo (`journal.memo`) until an edit reaches
    the process, so a month shown again after an edit renders only that edit's entries; a lasting
    memo keeps them packed (`Memo.pack`), so serve does not hold forty thousand entries' HTML whole."""
    entries: list[bytes] = []
    opened: dict[Process, dict[tuple[str, str], bytes]] = {}
    """Each process's entries of this month, decompressed for this call."""
    added: set[Process] = set()
    for record in month.records(views.journal):
        round_ = record if isinstance(record, Interview) else views.journal.interviews.get(record.interview or "")
        if round_ is None:  # a follow-up of no round: few, and made again each time
            entries.append(_entry_html(views, record, rel))
            continue
        process = round_.process_key
        mine = opened.get(process)
        if mine is None:
            packed = _kept_entries(views, process).get((rel, month.key))
            mine = opened[process] = views.memo.unpack(packed) if packed is not None else {}
        key = ("i" if record is round_ else "f", record.id)
        html = mine.get(key)
        if html is None:
            html = mine[key] = _entry_html(views, record, rel)
            added.add(process)
        entries.append(html)
    for process in added:
        _kept_entries(views, process)[(rel, month.key)] = views.memo.pack(opened[process])
    return {"key": month.key, "label": month.label, "count": month.count, "entries_html": b"".join(entries).decode()}


def _kept_entries(views: Views, process: Process) -> dict[tuple[str, str], object]:
    """A process's entries by (rel, month), each month's as the memo packs it (`Memo.pack`)."""
    kept: dict[tuple[str, str], object] = views.memo.get("timeline entries", process, views.names_digest, dict)
    return kept


def _entry_html(views: Views, record: Record, rel: str) -> bytes:
    entry = _interview_entry(views, record) if isinstance(record, Interview) else _followup_entry(views, record)
    return environment().get_template("entry.html").render({"rel": rel, "e": entry}).encode()  # autoescaped there


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
        "title": item.subject or (f"{_sentence(words(item.kind))} {arrow} {item.to}" if item.to else words(item.kind)),
        "url": views.followup_url(item),
        "company": views.company_link(round_.company) if round_ else None,
        "outcome": _outcome(views, round_) if round_ else None,
        "detail": " · ".join(
            x for x in (item.direction == "in" and "received" or item.status, item.channel and words(item.channel)) if x
        ),
        "people": item.to or "",
        "status": item.status,
        "direction": item.direction,
    }


def _sentence(text: str) -> str:
    """`text` starting a sentence: its first letter up, the rest as written ("LinkedIn" stays so)."""
    return text[:1].upper() + text[1:]
