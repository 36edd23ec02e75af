"""Which pages an edit can change, so an incremental rebuild computes only those.

Each record is remembered with its content hash, its process and the people it names. An
edit affects its process (every round's page shows the whole process at a glance), the
people it names and, through them, every process those people appear in (a LinkedIn
request to Jane settles the LinkedIn item in all her processes). Anything broader, such as
settings, a people file, a different day, or page names shifting, rebuilds every page;
the per-page signatures still keep unchanged bytes from being written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from journal.model import Journal
from site_builder.views import Names, record_digest

ProcessKey = tuple[str, str]


@dataclass(frozen=True)
class Dep:
    digest: str
    process: ProcessKey | None
    people: frozenset[str]


@dataclass
class Snapshot:
    """What the last build was made from, by record."""

    everything: str
    """Fingerprint of what every page depends on: settings, the day, the problems."""
    deps: dict[str, Dep] = field(default_factory=dict)
    person_processes: dict[str, set[ProcessKey]] = field(default_factory=dict)
    names: tuple[dict[str, str], ...] = ()


@dataclass
class Scope:
    processes: set[ProcessKey]
    persons: set[str]
    companies: set[str]


def snapshot(journal: Journal, names: Names, everything: str) -> Snapshot:
    snap = Snapshot(everything, names=(names.interview, names.company, names.company_name, names.person))
    people: dict[str, set[ProcessKey]] = defaultdict(set)
    for iv_id, interview in journal.interviews.items():
        pids = frozenset(journal.interviewer_id(interview, i) for i in range(len(interview.interviewers)))
        snap.deps[f"i:{iv_id}"] = Dep(record_digest(interview), interview.process_key, pids)
        for pid in pids:
            people[pid].add(interview.process_key)
    for fu_id, item in journal.followups.items():
        round_ = journal.interviews.get(item.interview or "")
        process = round_.process_key if round_ is not None else None
        pids = frozenset({journal.person_of(item.to)} if item.to else ())
        snap.deps[f"f:{fu_id}"] = Dep(record_digest(item), process, pids)
        for pid in pids:
            if process is not None:
                people[pid].add(process)
    for pid, person in journal.people_files.items():
        snap.deps[f"p:{pid}"] = Dep(record_digest(person), None, frozenset({pid}))
    snap.person_processes = dict(people)
    return snap


def _names_moved(old: tuple[dict[str, str], ...], new: tuple[dict[str, str], ...]) -> bool:
    """A record kept its id but its page (or its company's display name) changed: links everywhere change."""
    for before, after in zip(old, new, strict=True):
        if any(key in after and after[key] != value for key, value in before.items()):
            return True
    return False


def scope(old: Snapshot | None, new: Snapshot) -> Scope | None:
    """The processes, people and companies whose pages may change; None when every page may."""
    if old is None or old.everything != new.everything or _names_moved(old.names, new.names):
        return None
    changed = {key for key in old.deps.keys() | new.deps.keys() if old.deps.get(key) != new.deps.get(key)}
    if any(key.startswith("p:") for key in changed):
        return None
    processes: set[ProcessKey] = set()
    persons: set[str] = set()
    for key in changed:
        for dep in (old.deps.get(key), new.deps.get(key)):
            if dep is not None:
                if dep.process is not None:
                    processes.add(dep.process)
                persons |= dep.people
    for pid in list(persons):
        processes |= old.person_processes.get(pid, set()) | new.person_processes.get(pid, set())
    for dep in new.deps.values():
        if dep.process in processes:
            persons |= dep.people
    return Scope(processes, persons, {process[0] for process in processes})
