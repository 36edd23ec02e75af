"""Keep a loaded journal up to date by reading again only the files that changed.

`followup serve` holds the whole journal in memory; after a watcher batch it asks
`LiveJournal.refresh(paths)` for the journal as a full `load` would return it now, but reads
only the named files (one `parse_entry` each, like the loader). Anything this module cannot
reason about file by file (journal.yaml, a record folder created, deleted or renamed, lost
events) falls back to a full load.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from journal.heap import paused_gc
from journal.layout import CONFIG, FOLDERS, FOLLOWUPS, INTERVIEWS, PEOPLE
from journal.loader import dangling_problem, load, read_file
from journal.memo import Memo, reach
from journal.model import Journal, index_facts
from journal.problems import Problem
from journal.records import SUM_MODULUS, FollowUp, Interview, Person, source_term

Record = Interview | FollowUp | Person


@dataclass(frozen=True)
class FileState:
    """What one record file read to: its record (None when unusable) and its own problems."""

    digest: str
    record: Record | None
    problems: tuple[Problem, ...]
    interview_line: int | None = None
    """Line of a follow-up's `interview:` key, for the dangling-link problem (None: not read yet)."""


@dataclass(frozen=True)
class Change:
    """One record file whose content changed: what it read to before and now (None: no file)."""

    rel: str
    before: FileState | None
    after: FileState | None


V = TypeVar("V")


def _sorted_in(entries: dict[str, V], added: int, name: Callable[[str], str] = str) -> dict[str, V]:
    """`entries` in the order of `name(key)`, given that all but the last `added` are (a dict puts
    new keys last): each new one is placed by a binary search, not by sorting them all again."""
    items = list(entries.items())
    placed, new = items[: len(items) - added], items[len(items) - added :]
    moved = False
    for item in sorted(new, key=lambda item: name(item[0])):
        at = bisect_left(placed, name(item[0]), key=lambda kept: name(kept[0]))
        moved = moved or at < len(placed)
        placed.insert(at, item)
    return dict(placed) if moved else entries


def _file_name(record_id: str) -> str:
    return f"{record_id}.md"


def record_rel(rel: str) -> tuple[str, str] | None:
    """(folder, name) when `rel` is where a record file lives, else None."""
    folder, slash, name = rel.partition("/")
    if not slash or folder not in FOLDERS or "/" in name:
        return None
    if not name.endswith(".md") or name.startswith((".", "~")):
        return None
    return folder, name


class LiveJournal:
    """A journal folder loaded once and then refreshed file by file."""

    def __init__(self, root: Path, journal: Journal | None = None) -> None:
        self.root = Path(root)
        self.full_loads = 0
        self.memo = Memo(lasting=True)
        """What the front end keeping this journal live derived from each process and person (`journal.memo`)."""
        self.changes: list[Change] = []
        """What the last `refresh` found changed (empty after a full load)."""
        self._settings_file = _stat_of(self.root / CONFIG)
        """journal.yaml as it was when last read (`changed_since`)."""
        self.journal = journal if journal is not None else self._load(use_cache=True)
        self._index(self.journal)

    def _load(self, use_cache: bool) -> Journal:
        self.full_loads += 1
        self._settings_file = _stat_of(self.root / CONFIG)  # before reading: a write meanwhile shows
        return load(self.root, use_cache=use_cache)

    def _index(self, journal: Journal) -> None:
        """Per-file state from a loaded journal; record files with problems are read again."""
        self._files: dict[str, dict[str, FileState]] = {folder: {} for folder in FOLDERS}
        by_path: dict[str, list[Problem]] = {}
        for problem in journal.problems:
            by_path.setdefault(problem.path, []).append(problem)
        for record in journal.records():
            source = record.source
            if source is None:
                continue
            place = record_rel(source.path)
            if place is not None:
                own = tuple(by_path.pop(source.path, ()))
                self._files[place[0]][place[1]] = FileState(source.digest, record, own)
        self._others: list[Problem] = []
        for path, problems in by_path.items():
            place = record_rel(path)
            if place is None:
                self._others.extend(problems)  # settings, unreadable folders, leftover temp files
            else:  # read again for its digest (and a follow-up's record, left out for a dangling link),
                state = self._read(path)  # so a refresh that finds the same bytes sees no change
                if state is not None:
                    self._files[place[0]][place[1]] = state
        for folder in FOLDERS:
            files = self._files[folder]
            self._files[folder] = {name: files[name] for name in sorted(files)}
        self._settings = journal.settings

    def full(self, use_cache: bool = True) -> Journal:
        """Load everything again (lost events, settings changed)."""
        self.journal = self._load(use_cache)
        self._index(self.journal)
        self.memo.forget()
        self.changes = []
        return self.journal

    def refresh(self, paths: Iterable[str], rescan: bool = False) -> Journal:
        """The journal after the files at `paths` (relative, forward slashes) changed on disk."""
        paths = set(paths)
        if rescan or any(_needs_full(path) for path in paths):
            return self.full(use_cache=not rescan)
        changes: list[Change] = []
        with paused_gc():
            for rel in sorted(paths):
                place = record_rel(rel)
                if place is None:
                    continue  # nested folders, other files: never records
                folder, name = place
                before = self._files[folder].get(name)
                after = self._read(rel)
                if _same(before, after):
                    continue
                if after is None:
                    del self._files[folder][name]
                elif before is None:
                    self._files[folder][name] = after
                    self._files[folder] = _sorted_in(self._files[folder], 1)  # in name order, as a load lists them
                else:
                    self._files[folder][name] = after
                changes.append(Change(rel, before, after))
            self.changes = changes
            if changes:
                old = self.journal
                self.journal = self._patched(changes) or self._assemble()
                records = [
                    (c.before.record if c.before else None, c.after.record if c.after else None) for c in changes
                ]
                self.memo.forget(reach(old, self.journal, records))
        return self.journal

    def changed_since(self, ns: int) -> set[str]:
        """The record files changed on disk since `ns` (`time.time_ns()`), made or removed, and the
        settings if their file is not as it was when the journal was loaded: what to `refresh` when no
        watcher saw the files meanwhile (`serve` builds a site never built before it starts watching).

        A file's change time moves with every write, rename or chmod and cannot be set back; it
        comes from the kernel's coarse clock, so a second before `ns` counts too (`refresh` skips a
        file whose bytes are the same). One stat a file, and no copy of the folder kept meanwhile.
        """
        since = ns - 1_000_000_000
        found: set[str] = set()
        if _stat_of(self.root / CONFIG) != self._settings_file:  # a settings change loads everything again
            found.add(CONFIG)
        for folder in FOLDERS:
            known = self._files[folder]
            present: set[str] = set()
            try:
                with os.scandir(self.root / folder) as entries:
                    for entry in entries:
                        if record_rel(f"{folder}/{entry.name}") is None:
                            continue
                        present.add(entry.name)
                        try:
                            if entry.name not in known or entry.stat().st_ctime_ns >= since:
                                found.add(f"{folder}/{entry.name}")
                        except OSError:
                            found.add(f"{folder}/{entry.name}")  # gone since it was listed
            except OSError:
                pass  # no such folder (now): each file it had is gone
            found.update(f"{folder}/{name}" for name in known if name not in present)
        return found

    def _read(self, rel: str) -> FileState | None:
        """One record file as the loader reads it, or None when there is no record file at `rel`."""
        entry = read_file(self.root, rel)
        if entry is None:
            return None
        return FileState(entry.digest, entry.record, entry.problems, entry.interview_line)

    def _patched(self, changes: list[Change]) -> Journal | None:
        """The common case without going over every file: edits of good records that stay good, and
        follow-ups added or removed. The indexes are carried over when the edits leave what they read
        alone (`index_facts`, `Journal.carry`), and patched when only follow-ups changed (`Journal.follow`)."""
        old = self.journal
        same_facts, followups_only, added = True, True, False
        for change in changes:
            states = [state for state in (change.before, change.after) if state is not None]
            records = [state.record for state in states if state.record is not None]
            if len(records) < len(states):
                return None  # a file that does not read as a record: the slow path words its problems
            only = all(isinstance(record, FollowUp) for record in records)
            if len(states) < 2 and not only:
                return None  # a round or a people file comes or goes: names, processes, aliases move
            followups_only = followups_only and only
            same_facts = same_facts and len(records) == 2 and index_facts(records[0]) == index_facts(records[1])
            added = added or change.before is None
            for record in records:
                link = record.interview if isinstance(record, FollowUp) else None
                if link is not None and link not in old.interviews:
                    return None  # a dangling link comes or goes: the slow path words it
        journal = Journal(root=self.root, settings=self._settings)
        journal.interviews, journal.followups = dict(old.interviews), dict(old.followups)
        journal.people_files = dict(old.people_files)
        groups: dict[type, dict[str, Record]] = {
            Interview: journal.interviews,  # type: ignore[dict-item]
            FollowUp: journal.followups,  # type: ignore[dict-item]
            Person: journal.people_files,  # type: ignore[dict-item]
        }
        touched = {change.rel for change in changes}
        journal.problems = [problem for problem in old.problems if problem.path not in touched]
        for change in changes:
            if change.after is None:
                assert change.before is not None and change.before.record is not None
                del groups[type(change.before.record)][change.before.record.id]
                continue
            assert change.after.record is not None
            record = change.after.record
            groups[type(record)][record.id] = record
            journal.problems.extend(change.after.problems)
        if added:  # in the folder's order, as a load makes it: ties in the rules depend on it
            new = sum(1 for change in changes if change.before is None)
            journal.followups = _sorted_in(journal.followups, new, _file_name)
        journal.problems.sort(key=lambda p: (p.path, p.line, p.col))
        if "sources_sum" in old.__dict__:  # the files' fingerprint, by the files that changed
            delta = sum(
                (source_term(c.after.record) if c.after and c.after.record else 0)
                - (source_term(c.before.record) if c.before and c.before.record else 0)
                for c in changes
            )
            journal.__dict__["sources_sum"] = (old.sources_sum + delta) % SUM_MODULUS
        if same_facts:
            pairs = [(c.before.record, c.after.record) for c in changes if c.before and c.after]
            journal.carry(old, [(before, after) for before, after in pairs if before and after])
        elif followups_only:
            before = [c.before.record for c in changes if c.before and isinstance(c.before.record, FollowUp)]
            after = [c.after.record for c in changes if c.after and isinstance(c.after.record, FollowUp)]
            journal.follow(old, before, after)
        return journal

    def _assemble(self) -> Journal:
        """A new Journal from the per-file states, exactly as `load` builds one."""
        journal = Journal(root=self.root, settings=self._settings, problems=list(self._others))
        groups: dict[str, dict[str, Record]] = {
            INTERVIEWS: journal.interviews,  # type: ignore[dict-item]
            FOLLOWUPS: journal.followups,  # type: ignore[dict-item]
            PEOPLE: journal.people_files,  # type: ignore[dict-item]
        }
        lines: dict[str, tuple[str, FileState]] = {}
        for folder in FOLDERS:
            target = groups[folder]
            for name, state in self._files[folder].items():
                journal.problems.extend(state.problems)
                record = state.record
                if record is not None:
                    target[record.id] = record
                    if isinstance(record, FollowUp):
                        lines[record.id] = (f"{folder}/{name}", state)
        for item_id, item in list(journal.followups.items()):
            if item.interview is not None and item.interview not in journal.interviews:
                rel, state = lines[item_id]
                path = item.source.path if item.source else rel
                line = state.interview_line
                if line is None:  # indexed from a loaded journal: read the file once for the line
                    again = self._read(rel)
                    line = again.interview_line if again is not None and again.interview_line is not None else 1
                    self._files[FOLLOWUPS][rel.split("/", 1)[1]] = FileState(
                        state.digest, state.record, state.problems, line
                    )
                broken = f"{item.interview}.md" in self._files[INTERVIEWS]
                journal.problems.append(dangling_problem(path, line, item.interview, broken))
                del journal.followups[item_id]
        journal.problems.sort(key=lambda p: (p.path, p.line, p.col))
        return journal


def _stat_of(path: Path) -> tuple[int, int, int, int] | None:
    """A file's inode, size, modification and change times (None: no file), to tell it was touched."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def _same(before: FileState | None, after: FileState | None) -> bool:
    if before is None or after is None:
        return before is after
    return before.digest == after.digest and before.problems == after.problems and before.record == after.record


def _needs_full(rel: str) -> bool:
    """Paths whose change this module cannot apply file by file."""
    return rel == CONFIG or rel in FOLDERS
