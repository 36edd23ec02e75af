"""What was derived from each process and each person, kept until an edit reaches them.

`serve` and the app work again after every edit, and an edit changes one process. A `Memo`
keeps what the rules and the pages made of every process (its agenda items, page inputs,
timeline entries, company-page sections, stats, search rows, calendar events, nudge budget) and of every person
(their page's inputs, their keep-in-touch check-in), so the next pass makes again only what
the edit reached and takes the rest from here. Each live journal (`journal.refresh`) has one
and tells it what every refresh reached (`reach`); a one-off command starts from an empty
one, or passes none. A memo belongs to its live journal: values kept for one journal are
never right for another.

What a process's values may read of the journal, and so what `reach` follows:

- its rounds and every follow-up of them;
- for everyone the process names (its interviewers, the `to:` of its follow-ups), their
  person as the journal derives it (name, last contact, …) and every follow-up to them,
  inside the process or not (a check-in to a recruiter with no round, a LinkedIn request
  logged under another process), but not the notes of those outside it.

A person's values read their person, the follow-ups to them, and the rounds they were in or
were written to about.

What a value depends on beyond the journal (the day, the policy, the page names, the agenda
items a page lists) its caller passes as `extra`; a value is kept only while that is equal.

A one-off command has no live journal to say what an edit reached. `journal.digests` says it
instead: for every process and person, a hash of every record its values may read, as listed above.
Values an earlier process kept (`site_builder.kept`) are offered to a memo with the digest of
their subject and of their `extra` (`adopt`); one is taken while both are still the same.
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from journal.model import Journal
from journal.records import FollowUp, Interview, Person

T = TypeVar("T")

Process = tuple[str, str]
"""A process's key: (company, role) folded, as `Interview.process_key` makes it."""
Subject = Process | str
"""What a value is derived from: a process, a person (by id), or the whole journal (`JOURNAL`)."""
Record = Interview | FollowUp | Person
JOURNAL = ""
"""The subject of values made from the whole journal (the site's page names): no edit reaches it,
so such a value's `extra` must say all it is made from."""


class Memo:
    """Values by subject and kind ("agenda", a page's inputs, …), each with the `extra` it was made with."""

    def __init__(self, lasting: bool = False) -> None:
        self._values: dict[Subject, dict[str, tuple[object, object]]] = {}
        self._offered: dict[Subject, dict[str, tuple[str, object]]] = {}
        """Values an earlier process kept, by subject and kind, each with its `extra`'s digest (`adopt`)."""
        self.lasting = lasting
        """Whether it outlives one pass (a live journal's, in `serve` and the app): see `pack`."""

    def get(self, kind: str, subject: Subject, extra: object, make: Callable[[], T]) -> T:
        """The value of `kind` for `subject`: kept, or made by `make()` and kept."""
        kept = self._values.setdefault(subject, {})
        value = kept.get(kind)
        if value is not None and value[0] == extra:
            return value[1]  # type: ignore[return-value]
        offered = self._offered.get(subject)
        if offered is not None and kind in offered:
            digest, earlier = offered.pop(kind)
            if digest == extra_digest(extra):
                kept[kind] = (extra, earlier)
                return earlier  # type: ignore[return-value]
        made = make()
        kept[kind] = (extra, made)
        return made

    def adopt(self, offered: dict[Subject, dict[str, tuple[str, object]]]) -> None:
        """Offer values an earlier process made, for subjects whose `digests` are still the same:
        each is taken by `get` when the digest of its `extra` is the same too."""
        self._offered = offered

    def values(self, kinds: Iterable[str]) -> Iterator[tuple[Subject, str, object, object]]:
        """(subject, kind, extra, value) of every value kept of `kinds`."""
        wanted = set(kinds)
        for subject, kept in self._values.items():
            for kind, (extra, value) in kept.items():
                if kind in wanted:
                    yield subject, kind, extra, value

    def pack(self, value: object) -> object:
        """A large value (every note's text, every timeline entry's HTML) as this memo keeps it: in a
        lasting memo pickled and compressed, a third of the memory; in a one-off command's as it is,
        since it goes with the command. Only `unpack`, in this process, reads it back."""
        return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1) if self.lasting else value

    def unpack(self, packed: object) -> Any:
        """The value `pack` was given."""
        return pickle.loads(zlib.decompress(packed)) if self.lasting else packed  # type: ignore[arg-type]

    def forget(self, subjects: Iterable[Subject] | None = None) -> None:
        """Let go of what was kept of `subjects` (None: of everything)."""
        if subjects is None:
            self._values.clear()
            self._offered.clear()
            return
        for subject in subjects:
            self._values.pop(subject, None)
            self._offered.pop(subject, None)


def extra_digest(extra: object) -> str:
    """A digest of an `extra` that is the same in every process for equal values: of its repr,
    which for the values callers pass (text, dates, tuples, records, items, the policy) shows
    every field, in an order that does not depend on the process (not so a pickle, which
    shares repeated objects)."""
    return hashlib.blake2b(repr(extra).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def reach(old: Journal, new: Journal, changed: Iterable[tuple[Record | None, Record | None]]) -> set[Subject] | None:
    """The processes and people whose values an edit may change, from each changed record before
    and after (None: the file was not a record then); None when it may change everyone's.

    A person is reached when an edited record names them (their page shows it). The processes
    that name them are reached only when what the journal says of them changed: their person
    (name, last contact, …) or a follow-up to them, beyond its notes. A round's body, say, reaches its own process
    and its people's pages, not every process its interviewers were in.

    Renaming who an alias points to (an interviewer's `person:`, a people/ file's name, a people/
    file coming or going) moves names between people everywhere, so that reaches every process.
    """
    processes: set[Process] = set()
    people: set[str] = set()
    """Everyone an edited record names: their pages show it."""
    written: set[str] = set()
    """Everyone an edited follow-up is to: what the journal says of them changed."""
    for before, after in changed:
        if _aliases(before) != _aliases(after):
            return None
        for journal, record in ((old, before), (new, after)):
            if isinstance(record, Interview):
                processes.add(record.process_key)
                for index in range(len(record.interviewers)):
                    people.add(journal.interviewer_id(record, index))
                for item in journal.followups_by_interview.get(record.id, ()):  # they go and come with it
                    if item.to:
                        people.add(journal.person_of(item.to))
            elif isinstance(record, FollowUp):
                round_ = journal.interviews.get(record.interview) if record.interview else None
                if round_ is not None:
                    processes.add(round_.process_key)
                if record.to:  # only their page shows a follow-up's notes: the processes naming them read the rest
                    (people if _notes_only(before, after) else written).add(journal.person_of(record.to))
            elif isinstance(record, Person):
                written.add(record.id)
    people |= written
    changed_people = written | {pid for pid in people if old.people.get(pid) != new.people.get(pid)}
    for journal in (old, new):  # everyone whose person changed: every process that names them, then and now
        for pid in changed_people:
            person = journal.people.get(pid)
            if person is None:
                continue
            processes.update(journal.interviews[ident].process_key for ident in person.interviews)
            for ident in person.followups:
                round_ = journal.interviews.get(journal.followups[ident].interview or "")
                if round_ is not None:
                    processes.add(round_.process_key)
    reached: set[Subject] = set(people)
    return reached | processes


def _notes_only(before: Record | None, after: Record | None) -> bool:
    """Whether an edit changed a record's notes and not its front matter (`Source.fields`)."""
    if before is None or after is None or before.source is None or after.source is None:
        return False
    return bool(before.source.fields) and before.source.fields == after.source.fields


def _aliases(record: Record | None) -> object:
    """What of a record the journal's aliases (name -> person id) are made from."""
    if isinstance(record, Interview):
        return tuple((who.name, who.person) for who in record.interviewers if who.person)
    if isinstance(record, Person):
        return (record.id, record.name)
    return ()
