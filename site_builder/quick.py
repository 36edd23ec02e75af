"""`serve`'s first answer to an edit: the edited processes' interview pages, from a slice of the journal.

After an edit of interview or follow-up files that keeps every page name, the interview pages
of the edited processes are rendered from a small journal holding every record they can
depend on: those processes whole; every round and message of the people in them; and, of
each other process of those people, the latest round (its outcome and first interviewer
decide a check-in) and the round met first in file order (the rules visit processes in that
order, and of two equal items the first wins). People resolve through the whole journal,
and the names of pages are the last build's. The full incremental build runs right after
and corrects anything, so no page is left stale; this only gets the edited page out first.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from journal.agenda import agenda
from journal.model import Journal
from journal.records import FollowUp, Interview
from journal.refresh import Change
from site_builder import pages as P
from site_builder.markdown import Renderer
from site_builder.state import BuildState
from site_builder.templating import render_bytes
from site_builder.views import Names, Views, make_names
from site_builder.writer import Writer

ProcessKey = tuple[str, str]


@dataclass
class Index:
    """Which records belong to each process and person, in the journal the last build was made from."""

    process_keys: dict[ProcessKey, list[str]] = field(default_factory=dict)
    person_keys: dict[str, list[str]] = field(default_factory=dict)
    person_processes: dict[str, set[ProcessKey]] = field(default_factory=dict)
    names: Names | None = None

    @classmethod
    def of(cls, journal: Journal) -> Index:
        processes: dict[ProcessKey, list[str]] = defaultdict(list)
        people: dict[str, list[str]] = defaultdict(list)
        person_processes: dict[str, set[ProcessKey]] = defaultdict(set)
        records: list[Interview | FollowUp] = [*journal.interviews.values(), *journal.followups.values()]
        for record in records:
            key = ("i:" if isinstance(record, Interview) else "f:") + record.id
            process, pids = _touches(journal, record)
            if process is not None:
                processes[process].append(key)
            for pid in pids:
                people[pid].append(key)
                if process is not None:
                    person_processes[pid].add(process)
        return cls(dict(processes), dict(people), dict(person_processes), make_names(journal))


class _Slice(Journal):
    """Part of a journal whose names resolve to people as in the whole journal."""

    whole: Journal

    def person_of(self, name: str) -> str:
        return self.whole.person_of(name)


@dataclass
class Quick:
    """What the quick pass wrote, for the full build that follows."""

    written: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


def _record_of(change: Change) -> tuple[Interview | FollowUp, Interview | FollowUp] | None:
    before = change.before.record if change.before else None
    after = change.after.record if change.after else None
    if isinstance(before, Interview) and isinstance(after, Interview):
        return (before, after) if before.company.strip() == after.company.strip() else None
    if isinstance(before, FollowUp) and isinstance(after, FollowUp):
        return before, after
    return None  # created, deleted, people files, bad files: page names or every page may change


def _touches(journal: Journal, record: Interview | FollowUp) -> tuple[ProcessKey | None, set[str]]:
    """A record's process and the people it names, in the whole journal."""
    if isinstance(record, Interview):
        pids = {journal.interviewer_id(record, i) for i in range(len(record.interviewers))}
        return record.process_key, pids
    round_ = journal.interviews.get(record.interview or "")
    return (round_.process_key if round_ else None), ({journal.person_of(record.to)} if record.to else set())


def quick_pages(
    before: Journal,
    journal: Journal,
    changes: Iterable[Change],
    index: Index,
    state: BuildState,
    as_of: date,
    publish: Callable[[list[str]], None],
) -> Quick | None:
    """Write the edited processes' interview pages and publish them; None when this does not apply.

    `before` is the journal the last build was made from (its derived data is computed already):
    processes other than the edited ones are unchanged, so it tells their latest round.
    """
    pairs = [_record_of(change) for change in changes]
    names = index.names
    if not pairs or names is None or any(pair is None for pair in pairs):
        return None
    seeds: set[ProcessKey] = set()
    persons: set[str] = set()
    changed: set[str] = set()
    for pair in pairs:
        assert pair is not None
        for record in pair:
            process, pids = _touches(journal, record)
            if process is not None:
                seeds.add(process)
            persons |= pids
            changed.add(("i:" if isinstance(record, Interview) else "f:") + record.id)
    if not persons <= names.person.keys() or not all(p[0] in names.company for p in seeds):
        return None  # a new person or company: page names change
    keys = set(changed)
    for process in seeds:
        keys.update(index.process_keys.get(process, ()))
    for key in list(keys):
        persons |= _people_of(journal, key)
    position = {iv_id: number for number, iv_id in enumerate(journal.interviews)}
    for pid in persons:  # items shared between processes: LinkedIn requests and check-ins
        keys.update(index.person_keys.get(pid, ()))
        for process in index.person_processes.get(pid, set()) - seeds:
            known = before.processes.get(process)  # unchanged since the last build
            if known:
                keys.add("i:" + known[-1].id)
                keys.add("i:" + min(known, key=lambda r: position.get(r.id, len(position))).id)
    part = _slice(journal, keys, position)
    items = agenda(part, journal.settings.policy, as_of)
    empty = Journal(root=journal.root, settings=journal.settings)  # so the names are not made again:
    views = Views(empty, items, as_of, Renderer(state.markdown))  # the last build's are still right
    views.journal, views.names = part, names
    rounds = {iv.id for iv in part.interviews.values() if iv.process_key in seeds}
    wanted = {names.interview[iv_id] for iv_id in rounds}
    site = {"site_title": journal.settings.site_title, "as_of": as_of.isoformat()}
    writer = Writer(state.out, dict(state.files))
    done = Quick()
    for page in P.interview_pages(views, wanted.__contains__):
        writer.write(page.path, render_bytes(page.template, {**site, **page.context}))
    publish(list(writer.written))
    done.written, done.files = list(writer.written), writer.files
    return done


def _people_of(journal: Journal, key: str) -> set[str]:
    kind, _, ident = key.partition(":")
    record = journal.interviews.get(ident) if kind == "i" else journal.followups.get(ident)
    return _touches(journal, record)[1] if record is not None else set()


def _slice(journal: Journal, keys: set[str], position: dict[str, int] | None = None) -> Journal:
    """The records named by `keys`, in the whole journal's order (ties in the rules depend on it)."""
    part = _Slice(root=journal.root, settings=journal.settings, people_files=dict(journal.people_files))
    part.whole = journal
    rounds = [key[2:] for key in keys if key.startswith("i:") and key[2:] in journal.interviews]
    if position is not None:
        rounds.sort(key=position.__getitem__)
    part.interviews = {iv_id: journal.interviews[iv_id] for iv_id in rounds}
    found = [key[2:] for key in keys if key.startswith("f:") and key[2:] in journal.followups]
    found.sort(key=lambda ident: ident + ".md")  # the loader's order: file names sorted
    part.followups = {}
    for ident in found:
        item = journal.followups[ident]
        if item.interview is None or item.interview in part.interviews:
            part.followups[ident] = item
    return part


def carry(state: BuildState, done: Quick) -> BuildState:
    """The build state the full build starts from: the files as the quick pass left them, so the
    full build, which renders those pages again, writes them only if its bytes differ."""
    return dataclasses.replace(state, files={**state.files, **{path: done.files[path] for path in done.written}})
