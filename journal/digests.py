"""For every process and person, a hash of every record its values may read (`journal.memo`'s list).

A one-off command has no live journal to say what an edit reached, so `site_builder.kept` keeps
each subject's values with its digest, and takes them back while it is still the same.

Made afresh, the digests read every record: at 10,000 interviews, a fifth of what a build after
one edit costs. So `Digests` are kept too, with the signature of the load cache they were made
beside; when the next load starts from that very cache, it says which files changed since
(`Loaded`), and only the subjects those files' records (before and after) touch are hashed
again. Anything that moves names between people (an alias) or takes a round away (its follow-ups
leave the journal with it) makes every digest afresh, as does a change to many files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from journal.memo import JOURNAL, Process, Record, Subject
from journal.model import Journal
from journal.records import FollowUp, Interview, Person, Source

AFRESH_FILES = 500
"""Changed files beyond which the digests are made afresh: touching that many subjects costs about as much."""


@dataclass(frozen=True)
class Digests:
    """Every subject's digest, and what updating them after an edit needs."""

    found: dict[Subject, str]
    """By process and person id: the hash of every record its values may read."""
    seen: dict[str, str]
    """A person as the processes that name them read them: their records' front matter only."""
    aliases: str
    """A hash of who every alias names (`Journal.person_of`)."""
    cache: str
    """The load cache's signature as the load that made the journal left it ("": unknown)."""


def digests(journal: Journal, earlier: Digests | None = None) -> Digests | None:
    """Every subject's digest; None when a record has no file to name it.

    `earlier`: the digests of a journal loaded beside the load cache this one's load started
    from. Then only the subjects the changed files touch are hashed again.
    """
    aliases = _hash([repr(sorted(journal.aliases.items()))])
    loaded = journal.loaded
    cache = loaded.now if loaded is not None else ""
    if (
        earlier is not None
        and loaded is not None
        and earlier.cache == loaded.since != ""
        and earlier.aliases == aliases
        and len(loaded.changed) <= AFRESH_FILES
    ):
        touched = _touched(journal, loaded.changed)
        if touched is not None:
            return _update(journal, earlier, *touched, aliases, cache)
    if any(record.source is None for record in journal.records()):
        return None
    found: dict[Subject, str] = {JOURNAL: ""}
    seen: dict[str, str] = {}
    for pid in journal.people:
        found[pid], seen[pid] = _person(journal, pid)
    for key in journal.processes:
        found[key] = _process(journal, key, seen)
    return Digests(found, seen, aliases, cache)


def _touched(
    journal: Journal, changed: list[tuple[Record | None, Record | None]]
) -> tuple[set[str], set[Process]] | None:
    """The people and processes whose digest may read a changed record, before or after; None
    when a round left the journal (its follow-ups go with it, unchanged) or a record has no file."""
    people: set[str] = set()
    processes: set[Process] = set()
    for before, after in changed:
        if isinstance(before, Interview) and not (isinstance(after, Interview) and after.id in journal.interviews):
            return None
        for record in (before, after):
            if record is None:
                continue
            if record.source is None:
                return None
            if isinstance(record, Person):
                people.add(record.id)
                continue
            people.update(_named(journal, record))
            if isinstance(record, Interview):
                processes.add(record.process_key)
                written = journal.followups_by_interview.get(record.id, ())
                people.update(journal.person_of(item.to) for item in written if item.to)
            else:
                round_ = journal.interviews.get(record.interview or "")
                if round_ is not None:
                    processes.add(round_.process_key)
    return people, processes


def _update(
    journal: Journal, earlier: Digests, people: set[str], processes: set[Process], aliases: str, cache: str
) -> Digests:
    """`earlier` with the digests of `people` and `processes` made again, and of the processes
    naming anyone of them whose front matter digest moved."""
    found, seen = dict(earlier.found), dict(earlier.seen)
    for pid in people:
        person = journal.people.get(pid)
        if person is None:
            found.pop(pid, None)
            seen.pop(pid, None)
            continue
        found[pid], now = _person(journal, pid)
        if seen.get(pid) != now:
            seen[pid] = now
            processes.update(_processes_naming(journal, person.interviews, person.followups))
    for key in processes:
        if key in journal.processes:
            found[key] = _process(journal, key, seen)
        else:
            found.pop(key, None)
    return Digests(found, seen, aliases, cache)


def _processes_naming(journal: Journal, rounds: Iterable[str], followups: Iterable[str]) -> set[Process]:
    """The processes of these rounds and of these follow-ups' rounds."""
    found = {journal.interviews[ident].process_key for ident in rounds}
    for ident in followups:
        round_ = journal.interviews.get(journal.followups[ident].interview or "")
        if round_ is not None:
            found.add(round_.process_key)
    return found


_NONE = Source("", "")


def _person(journal: Journal, pid: str) -> tuple[str, str]:
    """A person's digest (their file, what the journal says of them, the rounds they were in, the
    follow-ups to them and those follow-ups' rounds), and the same of front matter only."""
    person = journal.people[pid]
    head = repr((pid, person.name, person.company, person.title, person.email, person.linkedin,
                 person.relationship, person.keep_in_touch, person.last_touch, person.interviews,
                 person.followups))  # fmt: skip
    file = person.record.source if person.record is not None and person.record.source is not None else _NONE
    full, fields = [head, file.path, file.digest], [head, file.path, _fields(file)]
    interviews, followups = journal.interviews, journal.followups
    for ident in person.interviews:
        source = interviews[ident].source or _NONE
        full.append(source.digest)
        fields.append(_fields(source))
    for ident in person.followups:
        item = followups[ident]
        source = item.source or _NONE
        round_ = interviews.get(item.interview or "")
        round_source = (round_.source or _NONE) if round_ is not None else _NONE
        full += (source.digest, round_source.digest)
        fields += (_fields(source), _fields(round_source))
    return _hash(full), _hash(fields)


def _process(journal: Journal, key: Process, seen: dict[str, str]) -> str:
    """A process's digest: its rounds, every follow-up of them, and the front matter digest of
    everyone each names (a process shows no note but its own records')."""
    parts = [repr(key)]
    rounds = journal.processes[key]
    records: list[Interview | FollowUp] = list(rounds)
    for round_ in rounds:
        records += journal.followups_by_interview.get(round_.id, ())
    for record in records:
        source = record.source or _NONE
        parts += (source.path, source.digest)
        parts += [f"{pid}={seen.get(pid, '')}" for pid in _named(journal, record)]
    return _hash(parts)


def _named(journal: Journal, record: Interview | FollowUp) -> list[str]:
    """Everyone a record names: a round's interviewers, a follow-up's `to:`."""
    if isinstance(record, Interview):
        return [journal.interviewer_id(record, index) for index in range(len(record.interviewers))]
    return [journal.person_of(record.to)] if record.to else []


def _fields(source: Source) -> str:
    """What a record's front matter is, without its notes (its whole file's hash when not known)."""
    return source.fields or source.digest


def _hash(parts: list[str]) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
