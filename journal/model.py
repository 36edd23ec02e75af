"""The loaded journal and the questions every front end asks of it (processes, people)."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from journal.problems import Problem
from journal.records import SUM_MODULUS, FollowUp, Interview, Interviewer, Person, day_of, moment, source_term
from journal.settings import Settings
from journal.slug import person_id


@dataclass(frozen=True)
class PersonView:
    """A person as the product knows them: derived from interviews and follow-ups, plus their file."""

    id: str
    name: str
    company: str | None
    title: str | None
    email: str | None
    linkedin: str | None
    relationship: str | None
    keep_in_touch: int | None
    interviews: tuple[str, ...]
    """Ids of the rounds they interviewed in, oldest first."""
    followups: tuple[str, ...]
    """Ids of the follow-ups to or from them, oldest first."""
    last_touch: date | None
    record: Person | None


Record = Interview | FollowUp | Person
Met = tuple[Interview, Interviewer]
"""A person in a round: the round, and the interviewer entry that names them."""


@dataclass(frozen=True)
class Loaded:
    """What a load found changed since the load cache it started from (`journal.loader`)."""

    since: str
    """The signature of the cache it read ("" when there was none to trust)."""
    now: str
    """The signature of the cache as this load left it ("" when it could not write it)."""
    changed: list[tuple[Record | None, Record | None]]
    """Every file the cache did not say was unchanged: its record in the cache and now (None: no
    record, as the file is gone, new or broken). A file read again to the same bytes is not in it."""
    newest_ns: int = 0
    """The latest change (mtime or ctime) of a file it read: a stat taken before that is 2 s old
    cannot be trusted (`RACY_NS`)."""


@dataclass(repr=False)
class Journal:
    """Everything loaded from one journal folder, good records and problems side by side."""

    root: Path
    settings: Settings = field(default_factory=Settings)
    interviews: dict[str, Interview] = field(default_factory=dict)
    followups: dict[str, FollowUp] = field(default_factory=dict)
    people_files: dict[str, Person] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    loaded: Loaded | None = field(default=None, compare=False)
    """Set by the loader; a journal refreshed or made in memory has none."""

    def __repr__(self) -> str:
        """A line, not every record: Textual's workers, tracebacks and logs print their arguments."""
        return (
            f"Journal({str(self.root)!r}: {len(self.interviews)} interviews, {len(self.followups)} follow-ups, "
            f"{len(self.people_files)} people files, {len(self.problems)} problems)"
        )

    @cached_property
    def sources_sum(self) -> int:
        """Every record file's path and content hash, summed as `source_term`s: a fingerprint of the
        files that does not depend on their order, so a journal refreshed after an edit updates it
        by the files that changed (`journal.refresh`) instead of hashing 40,000 again."""
        return sum(map(source_term, self.records())) % SUM_MODULUS

    def records(self) -> Iterator[Record]:
        """Every record read from a file: rounds, follow-ups, people files."""
        for group in (self.interviews, self.followups, self.people_files):
            yield from group.values()

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @cached_property
    def processes(self) -> dict[tuple[str, str], list[Interview]]:
        """Rounds grouped by (company, role), each list oldest first."""
        groups: dict[tuple[str, str], list[Interview]] = defaultdict(list)
        for interview in self.interviews.values():
            groups[interview.process_key].append(interview)
        for rounds in groups.values():
            rounds.sort(key=lambda item: (moment(item.date), item.id))
        return dict(groups)

    @cached_property
    def followups_by_interview(self) -> dict[str | None, list[FollowUp]]:
        """Follow-ups per interview id (None: person-only check-ins), oldest first."""
        groups: dict[str | None, list[FollowUp]] = defaultdict(list)
        for item in self._ordered_followups:
            groups[item.interview].append(item)
        return dict(groups)

    @cached_property
    def _ordered_followups(self) -> list[FollowUp]:
        """Every follow-up, oldest first (sorted once; the agenda asks many times)."""
        return sorted(self.followups.values(), key=_followup_order)

    @cached_property
    def outbound_drafts(self) -> list[FollowUp]:
        """Every follow-up that is a draft to send, in file order: what snoozes and the agenda's
        drafts look among (a few, of tens of thousands of follow-ups), found once."""
        return [item for item in self.followups.values() if item.status == "draft" and item.direction == "out"]

    def rounds_of(self, interview: Interview) -> list[Interview]:
        return self.processes.get(interview.process_key, [interview])

    def process_followups(self, interview: Interview) -> list[FollowUp]:
        """Every follow-up of every round of this interview's process, oldest first."""
        key = interview.process_key
        rounds = self.processes.get(key)
        if rounds is None:
            return list(self.followups_by_interview.get(interview.id, ()))  # a round not in the journal
        known = self._process_followups.get(key)
        if known is None:  # one process at a time: a rebuild after an edit asks for only a few
            items = [item for round_ in rounds for item in self.followups_by_interview.get(round_.id, ())]
            known = self._process_followups[key] = sorted(items, key=_followup_order) if len(rounds) > 1 else items
        return list(known)

    @cached_property
    def _process_followups(self) -> dict[tuple[str, str], list[FollowUp]]:
        return {}

    def person_of(self, name: str) -> str:
        """The person id for a name as written in `to:` or an interviewer entry."""
        known = self._person_ids.get(name)
        if known is None:
            known = self._person_ids[name] = self._aliases.get(_fold(name)) or person_id(name)
        return known

    @cached_property
    def _person_ids(self) -> dict[str, str]:
        """Memo of person_of: the same few names are looked up thousands of times per agenda."""
        return {}

    @cached_property
    def _aliases(self) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for item in self.people_files.values():
            aliases.setdefault(_fold(item.name), item.id)
        for interview in self.interviews.values():
            for interviewer in interview.interviewers:
                if interviewer.person:
                    aliases[_fold(interviewer.name)] = interviewer.person
        return aliases

    @property
    def aliases(self) -> dict[str, str]:
        """Who each name written otherwise than its person's id names (folded name -> id): a
        people/ file's name, an interviewer's `person:`. Not to be changed."""
        return self._aliases

    def interviewer_id(self, interview: Interview, index: int) -> str:
        interviewer = interview.interviewers[index]
        return interviewer.person or self.person_of(interviewer.name)

    @cached_property
    def people(self) -> dict[str, PersonView]:
        """Everyone met: every interviewer, every `to:` and every people/ file, by id."""
        met: dict[str, list[Met]] = defaultdict(list)
        for interview in sorted(self.interviews.values(), key=lambda item: (moment(item.date), item.id)):
            for index, interviewer in enumerate(interview.interviewers):
                met[self.interviewer_id(interview, index)].append((interview, interviewer))
        written: dict[str, list[FollowUp]] = defaultdict(list)
        for item in self._ordered_followups:
            if item.to:
                written[self.person_of(item.to)].append(item)
        everyone = met.keys() | written.keys() | self.people_files.keys()
        return {pid: self._person(pid, met.get(pid, []), written.get(pid, [])) for pid in sorted(everyone)}

    def _person(self, pid: str, met: list[Met], written: list[FollowUp]) -> PersonView:
        """One person from the rounds they were in (oldest first) and the follow-ups to them (in order):
        the first round names them, the last that says gives their title, email and LinkedIn."""
        name: str | None = None
        info: dict[str, str | None] = {}
        last: date | None = None
        for interview, interviewer in met:
            name = name if name is not None else interviewer.name
            info.setdefault("company", interview.company)
            for key in ("title", "email", "linkedin"):
                if getattr(interviewer, key):
                    info[key] = getattr(interviewer, key)
            last = day_of(interview.date) if last is None or day_of(interview.date) > last else last
        for item in written:
            name = name if name is not None else item.to
            if item.interview in self.interviews:
                info.setdefault("company", self.interviews[item.interview].company)
            if item.is_done and item.date is not None and (last is None or day_of(item.date) > last):
                last = day_of(item.date)
        person = self.people_files.get(pid)
        return PersonView(
            id=pid,
            name=person.name if person else name if name is not None else pid,
            company=(person.company if person and person.company else info.get("company")),
            title=(person.title if person and person.title else info.get("title")),
            email=(person.email if person and person.email else info.get("email")),
            linkedin=(person.linkedin if person and person.linkedin else info.get("linkedin")),
            relationship=(
                person.relationship
                if person and person.relationship
                else derived_relationship(info.get("title"), bool(met))
            ),
            keep_in_touch=person.keep_in_touch if person else None,
            interviews=tuple(interview.id for interview, _who in met),
            followups=tuple(item.id for item in written),
            last_touch=last,
            record=person,
        )

    def carry(self, old: Journal, changed: list[tuple[Record, Record]]) -> None:
        """Take `old`'s indexes for records edited without changing what they read (`index_facts`):
        the same groups and order, with each edited record put where it was."""
        processes, ordered, people = old.processes, old._ordered_followups, old.people
        for before, after in changed:
            if isinstance(before, Interview) and isinstance(after, Interview):
                processes = dict(processes) if processes is old.processes else processes
                rounds = processes.get(after.process_key, [])
                if not any(round_ is before for round_ in rounds):
                    return  # not the record the indexes hold: they are made again when asked
                processes[after.process_key] = [after if round_ is before else round_ for round_ in rounds]
            elif isinstance(before, FollowUp) and isinstance(after, FollowUp):
                ordered = list(ordered) if ordered is old._ordered_followups else ordered
                at = bisect_left(ordered, _followup_order(before), key=_followup_order)
                if at == len(ordered) or ordered[at] is not before:
                    return  # not the record the indexes hold: they are made again when asked
                ordered[at] = after
            elif isinstance(after, Person) and after.id in people:
                people = dict(people) if people is old.people else people
                people[after.id] = replace(people[after.id], record=after)
        was = [before for before, _after in changed if isinstance(before, FollowUp)]
        groups = _regrouped(old, was, [after for _before, after in changed if isinstance(after, FollowUp)])
        self.__dict__.update(
            processes=processes,
            _aliases=old._aliases,
            _ordered_followups=ordered,
            people=people,
            followups_by_interview=groups,
        )

    def follow(self, old: Journal, before: list[FollowUp], after: list[FollowUp]) -> None:
        """Take `old`'s indexes with follow-ups `before` replaced by `after` (added, removed or edited),
        changing only what they reach: the follow-up order by insertion, the people they are to.
        The rounds, the people files and so the processes and aliases are `old`'s."""
        ordered = list(old._ordered_followups)
        for item in before:
            at = bisect_left(ordered, _followup_order(item), key=_followup_order)
            if at == len(ordered) or ordered[at] is not item:
                return  # not the record the indexes hold: they are made again when asked
            del ordered[at]
        for item in after:
            insort(ordered, item, key=_followup_order)
        groups = _regrouped(old, before, after)
        self.__dict__.update(
            processes=old.processes, _aliases=old._aliases, _ordered_followups=ordered, followups_by_interview=groups
        )
        people = dict(old.people)
        gone = {item.id for item in before}
        for pid in {self.person_of(item.to) for item in (*before, *after) if item.to}:
            view = people.get(pid)
            ids = [ident for ident in (view.followups if view else ()) if ident not in gone]
            ids += [item.id for item in after if item.to and self.person_of(item.to) == pid]
            written = sorted((self.followups[ident] for ident in ids), key=_followup_order)
            met = []
            for ident in dict.fromkeys(view.interviews if view else ()):
                interview = self.interviews[ident]
                met += [
                    (interview, who)
                    for index, who in enumerate(interview.interviewers)
                    if self.interviewer_id(interview, index) == pid
                ]
            if met or written or pid in self.people_files:
                people[pid] = self._person(pid, met, written)
            else:
                del people[pid]
        self.__dict__["people"] = dict(sorted(people.items()))

    def indexes(self) -> tuple[object, ...]:
        """The derived indexes (processes, follow-up order, aliases, people) as built-in values.

        The load cache keeps them beside the records, so a journal whose files are all
        unchanged skips recomputing them (`adopt_indexes`).
        """
        processes = [(key, [item.id for item in rounds]) for key, rounds in self.processes.items()]
        ordered = [item.id for item in self._ordered_followups]
        people = [
            (view.id, view.name, view.company, view.title, view.email, view.linkedin, view.relationship,
             view.keep_in_touch, view.interviews, view.followups, view.last_touch, view.record is not None)
            for view in self.people.values()
        ]  # fmt: skip
        return (processes, ordered, dict(self._aliases), people)

    def adopt_indexes(self, saved: object) -> bool:
        """Take indexes saved by `indexes()` for exactly these records; False (nothing changed) if they do not fit."""
        try:
            processes, ordered, aliases, people = cast(tuple[Any, Any, Any, Any], saved)
            interviews, followups, files = self.interviews, self.followups, self.people_files
            built_processes = {tuple(key): [interviews[ident] for ident in ids] for key, ids in processes}
            built_ordered = [followups[ident] for ident in ordered]
            built_people = {
                row[0]: PersonView(
                    **dict(zip(_VIEW_FIELDS, row, strict=False)), record=files[row[0]] if row[11] else None
                )
                for row in people
            }
            if (
                len(built_ordered) != len(followups)
                or sum(len(rounds) for rounds in built_processes.values()) != len(interviews)
                or not isinstance(aliases, dict)
            ):
                return False
        except (TypeError, ValueError, KeyError):
            return False
        self.__dict__.update(
            processes=built_processes, _ordered_followups=built_ordered, _aliases=aliases, people=built_people
        )
        return True


def _regrouped(old: Journal, before: list[FollowUp], after: list[FollowUp]) -> dict[str | None, list[FollowUp]]:
    """`old`'s follow-ups per interview with `before` replaced by `after`: only their groups are copied."""
    groups = old.followups_by_interview
    if not before and not after:
        return groups
    groups = dict(groups)
    for item in before:
        kept = [other for other in groups.get(item.interview, ()) if other is not item]
        if kept:
            groups[item.interview] = kept
        else:
            groups.pop(item.interview, None)
    for item in after:
        group = list(groups.get(item.interview, ()))
        insort(group, item, key=_followup_order)
        groups[item.interview] = group
    return groups


def index_facts(record: Interview | FollowUp | Person) -> tuple[object, ...]:
    """What the derived indexes (`Journal.indexes`) read of a record.

    Two journals whose records differ only where these are equal have the same indexes, so the
    live journal carries them over an edit of a body, an outcome or a status instead of sorting
    and grouping every record again (`journal.refresh`).
    """
    if isinstance(record, Interview):
        people = tuple((i.name, i.person, i.title, i.email, i.linkedin) for i in record.interviewers)
        return ("interview", record.id, record.company, record.role, record.date, people)
    if isinstance(record, FollowUp):
        return ("followup", record.id, record.date, record.interview, record.to, record.is_done)
    return ("person", *(getattr(record, name) for name in _PERSON_FACTS))


_PERSON_FACTS = ("id", "name", "company", "title", "email", "linkedin", "relationship", "keep_in_touch")
"""A people/ file's fields that its `PersonView` shows (all but the body, which the view reads from the record)."""


def derived_relationship(title: str | None, interviewed: bool) -> str | None:
    """What someone is to the user when no people/ file says: a recruiter or hiring manager by the
    title the rounds give them ("Technical Recruiter"), else an interviewer if they interviewed."""
    words = (title or "").casefold()
    if "recruit" in words or "talent" in words:
        return "recruiter"
    if "hiring manager" in words:
        return "hiring-manager"
    return "interviewer" if interviewed else None


_VIEW_FIELDS = tuple(item.name for item in fields(PersonView) if item.name != "record")


def _followup_order(item: FollowUp) -> tuple[object, str]:
    return (moment(item.date) if item.date else moment(date.max), item.id)


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
