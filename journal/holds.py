"""Snoozing one item: a draft dated after today holds its item back until that day (SPEC 3).

A snooze of a whole interview lives in the interview (`snooze_until`). A snooze of one
message — this thank-you, that LinkedIn request — needs no field of its own: it is the draft
of that message, dated the day the user means to send it. The draft is in the journal (git
keeps it, the site shows it), it is ready when the day comes, and lifting the snooze is
dating it today.
"""

from __future__ import annotations

from datetime import date

from journal.items import Item
from journal.model import Journal
from journal.records import FollowUp, day_of

HOLDABLE = ("thank-you", "linkedin", "status-check", "check-in")
"""The items a dated draft can hold back: each is one message to write."""

Key = tuple[str, object, str | None]
"""What a draft and an item agree on: the kind, its round (or process, or nothing), the person."""


def draft_key(journal: Journal, draft: FollowUp) -> Key | None:
    """The item a draft answers, or None when it answers none (no person, an unknown round)."""
    round_ = journal.interviews.get(draft.interview) if draft.interview else None
    pid = journal.person_of(draft.to) if draft.to else None
    if draft.kind == "thank-you":
        return (draft.kind, draft.interview, pid) if round_ is not None and pid else None
    if draft.kind == "status-check":
        return (draft.kind, round_.process_key, None) if round_ is not None else None
    if draft.kind in ("linkedin", "check-in"):
        return (draft.kind, None, pid) if pid else None
    return None


def item_key(journal: Journal, item: Item) -> Key | None:
    """The key of an agenda item, matching `draft_key` of the draft that would answer it."""
    round_ = journal.interviews.get(item.interview) if item.interview else None
    if item.action == "thank-you":
        return (item.action, item.interview, item.person_id) if round_ is not None else None
    if item.action == "status-check":
        return (item.action, round_.process_key, None) if round_ is not None else None
    if item.action in ("linkedin", "check-in"):
        return (item.action, None, item.person_id) if item.person_id else None
    return None


def held_back(journal: Journal, as_of: date) -> dict[Key, FollowUp]:
    """Every item a draft dated after `as_of` holds back, with the latest such draft."""
    held: dict[Key, FollowUp] = {}
    for record in journal.outbound_drafts:
        if record.kind not in HOLDABLE or record.date is None or day_of(record.date) <= as_of:
            continue
        key = draft_key(journal, record)
        known = held.get(key) if key is not None else None
        if key is not None and (known is None or day_of(record.date) > day_of(known.date or record.date)):
            held[key] = record
    return held


def drafts(journal: Journal) -> dict[Key, FollowUp]:
    """Every outbound draft by the item it answers (the latest draft, when there are several)."""
    found: dict[Key, FollowUp] = {}
    for record in journal.outbound_drafts:
        if record.kind not in HOLDABLE:
            continue
        key = draft_key(journal, record)
        known = found.get(key) if key is not None else None
        if key is not None and (known is None or _day(record) >= _day(known)):
            found[key] = record
    return found


def _day(record: FollowUp) -> date:
    return day_of(record.date) if record.date is not None else date.min
