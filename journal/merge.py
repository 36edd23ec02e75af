"""Three-way merge of one record, field by field, against the version both sides started from.

The rules of SPEC 2.6, shared by the app (a save over a file that changed on disk) and a git
merge driver: a field changed on one side takes that side; changed alike on both is no
conflict; `interviewers` merge as a list keyed by person, each entry key by key; `tags` as a
set; a follow-up's `status` only moves forward; the body by lines (`merge3`, diff3's rules).
What is left is a true conflict of that field, reported with its three values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from merge3 import Merge3

from journal.records import FollowUp, Interview, Interviewer, Person
from journal.slug import person_id

R = TypeVar("R", bound=Interview | FollowUp | Person)
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

STATUS_RANK = {"draft": 0, "scheduled": 1, "sent": 2, "received": 2, "skipped": 2}
"""How far a follow-up has come: a merge never moves it back (draft → scheduled → sent/received/skipped)."""
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "<absent>"})()
"""A key that one version does not have."""


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed, each in its own way."""

    field: str
    """The record's field (`role`, `body`, `interviewers`, …)."""
    base: object
    """Its value in the version both sides started from."""
    mine: object
    """The field as merged when mine wins where the two disagree (what was merged cleanly included)."""
    theirs: object
    """The same, when theirs wins."""


@dataclass(frozen=True)
class Merged(Generic[R]):
    record: R
    """Everything merged; each conflicting field holds its `Conflict.mine`. The source is theirs."""
    conflicts: tuple[Conflict, ...]
    """The fields in true conflict, in the record's field order (empty: a clean merge)."""


def merge(base: R, mine: R, theirs: R) -> Merged[R]:
    """Merge `mine` and `theirs`, two edits of `base` (the same record, as three typed versions)."""
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for item in dataclasses.fields(base):
        if item.name in ("id", "source"):
            continue
        old, ours, other = (getattr(version, item.name) for version in (base, mine, theirs))
        picked: tuple[object, object]
        if item.name == "interviewers":
            picked = _people(old, ours, other)
        elif item.name == "tags":
            picked = (_tags(old, ours, other),) * 2
        elif item.name == "status" and isinstance(base, FollowUp):
            picked = _status(old, ours, other)
        elif item.name == "body":
            picked = _body(old, ours, other)
        else:
            picked = _three(old, ours, other)
        changes[item.name] = picked[0]
        if picked[0] != picked[1]:
            conflicts.append(Conflict(item.name, old, picked[0], picked[1]))
    return Merged(dataclasses.replace(mine, source=theirs.source, **changes), tuple(conflicts))


def merge_value(base: Any, mine: Any, theirs: Any) -> tuple[Any, Any]:
    """Any YAML value (`ABSENT` for a key a version lacks): mappings key by key, the rest whole.

    The value if mine wins a disagreement, and if theirs wins (`journal.yaml`'s keys, SPEC 2.6)."""
    if isinstance(mine, dict) and isinstance(theirs, dict) and isinstance(base, dict | type(ABSENT)):
        old = base if isinstance(base, dict) else {}
        picks = {
            key: merge_value(old.get(key, ABSENT), mine.get(key, ABSENT), theirs.get(key, ABSENT))
            for key in _order(list(old), list(mine), list(theirs))
        }
        return (
            {key: pair[0] for key, pair in picks.items() if pair[0] is not ABSENT},
            {key: pair[1] for key, pair in picks.items() if pair[1] is not ABSENT},
        )
    return _three(base, mine, theirs)


def _three(base: T, mine: T, theirs: T) -> tuple[T, T]:
    """The value if mine wins a disagreement, and if theirs wins: the same value unless both changed it."""
    if mine == theirs or theirs == base:
        return mine, mine
    if mine == base:
        return theirs, theirs
    return mine, theirs


def _status(base: str, mine: str, theirs: str) -> tuple[str, str]:
    """One side's change wins (even back); when both moved, the one further along."""
    ours, other = _three(base, mine, theirs)
    rank_mine, rank_theirs = STATUS_RANK.get(mine, -1), STATUS_RANK.get(theirs, -1)
    if ours != other and rank_mine != rank_theirs and min(rank_mine, rank_theirs) >= 0:
        return (mine, mine) if rank_mine > rank_theirs else (theirs, theirs)
    return ours, other


def _tags(base: tuple[str, ...], mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """A set: a tag added on either side is in, one removed on either side is out; mine's order first."""
    if theirs == base:
        return mine
    if mine == base:
        return theirs
    old, ours, other = set(base), set(mine), set(theirs)
    keep = (ours & other) | (ours - old) | (other - old)
    return tuple(dict.fromkeys(tag for tag in (*mine, *theirs) if tag in keep))


def _body(base: str, mine: str, theirs: str) -> tuple[str, str]:
    """A line merge; where both changed the same lines, mine's lines or theirs'."""
    if base in (mine, theirs) or mine == theirs:
        return _three(base, mine, theirs)
    ours: list[str] = []
    other: list[str] = []
    for group in Merge3(_lines(base), _lines(mine), _lines(theirs)).merge_groups():
        if group[0] == "conflict":
            ours.extend(group[2])
            other.extend(group[3])
        else:
            ours.extend(group[1])
            other.extend(group[1])
    return "".join(ours), "".join(other)


def _lines(text: str) -> list[str]:
    """Lines with their `\\n` (the last may have none); only `\\n` ends a line (SPEC 2.5)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


# Interviewers ---------------------------------------------------------------------------


def _person_key(person: Interviewer) -> str:
    return person.person or person_id(person.name)


def _people(
    base: tuple[Interviewer, ...], mine: tuple[Interviewer, ...], theirs: tuple[Interviewer, ...]
) -> tuple[tuple[Interviewer, ...], tuple[Interviewer, ...]]:
    """A list keyed by person (`person:`, else the name's slug), each entry merged key by key."""
    if mine == theirs or theirs == base:
        return mine, mine
    if mine == base:
        return theirs, theirs
    old, ours, other = _keyed(base), _keyed(mine), _keyed(theirs)
    picked = {
        key: _entry(old.get(key), ours.get(key), other.get(key)) for key in _order(list(old), list(ours), list(other))
    }
    return (
        tuple(pair[0] for pair in picked.values() if pair[0] is not None),
        tuple(pair[1] for pair in picked.values() if pair[1] is not None),
    )


def _keyed(people: Sequence[Interviewer]) -> dict[tuple[str, int], Interviewer]:
    """Each entry under its person's key; a second entry with the same key is told apart by its rank."""
    seen: dict[str, int] = {}
    keyed = {}
    for person in people:
        key = _person_key(person)
        seen[key] = seen.get(key, 0) + 1
        keyed[key, seen[key]] = person
    return keyed


def _order(base: list[K], mine: list[K], theirs: list[K]) -> list[K]:
    """The order of the side that reordered (mine if both did), then what the other side added."""
    kept_order = [key for key in mine if key in base] == [key for key in base if key in mine]
    first, second = (theirs, mine) if kept_order else (mine, theirs)
    return list(dict.fromkeys([*first, *second]))


def _entry(
    base: Interviewer | None, mine: Interviewer | None, theirs: Interviewer | None
) -> tuple[Interviewer | None, Interviewer | None]:
    if mine is None or theirs is None:
        return _three(base, mine, theirs)  # removed on one side: fine unless the other side changed it
    start = base or Interviewer(name="")  # added on both sides: every key counts as added
    values = {
        name: _three(getattr(start, name), getattr(mine, name), getattr(theirs, name))
        for name in ("name", "title", "email", "linkedin", "person")
    }
    extra = _extra(start.extra, mine.extra, theirs.extra)
    return (
        dataclasses.replace(mine, extra=extra[0], **{name: pair[0] for name, pair in values.items()}),
        dataclasses.replace(mine, extra=extra[1], **{name: pair[1] for name, pair in values.items()}),
    )


def _extra(
    base: tuple[tuple[str, object], ...], mine: tuple[tuple[str, object], ...], theirs: tuple[tuple[str, object], ...]
) -> tuple[tuple[tuple[str, object], ...], tuple[tuple[str, object], ...]]:
    """Keys we do not know, merged key by key like the ones we do."""
    old, ours, other = dict(base), dict(mine), dict(theirs)
    picks = [
        (key, _three(old.get(key, ABSENT), ours.get(key, ABSENT), other.get(key, ABSENT)))
        for key in _order(list(old), list(ours), list(other))
    ]

    def side(index: int) -> tuple[tuple[str, object], ...]:
        return tuple((key, pair[index]) for key, pair in picks if pair[index] is not ABSENT)

    return side(0), side(1)
