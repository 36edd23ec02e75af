"""What each per-record page and timeline month is made from, so a rebuild renders only those
whose inputs changed.

A page's inputs are named, not guessed: the records it shows (by content hash and file
path), the agenda items it lists, the names of the pages it links to, and what every page
depends on (the settings, the day, the builder's templates). Their hash is the page's entry
in the build store; a page whose entry is unchanged, and whose file is still as the last
build wrote it, is not rendered at all. This is computed from the journal and the agenda
alone, without making any page's context, so a first build records it too and the first
edit after it costs only that edit's pages.

- an interview page shows its whole process: every round, every follow-up of every round,
  the process's agenda items, the people its rounds name;
- a company page shows each of its processes the same way;
- a person page shows their rounds, their follow-ups and those follow-ups' rounds, their own file and what the journal derives about them, and
  their agenda items.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from journal.items import Item
from journal.memo import Memo
from journal.records import FollowUp, Interview
from site_builder.views import Views, company_key, fields_digest, record_digest

Part = object
"""Something a page shows, as plain values whose repr is stable between runs."""


def _hash(parts: Iterable[Part]) -> str:
    return hashlib.blake2b(repr(list(parts)).encode(), digest_size=16).hexdigest()


def _short(part: Part) -> str:
    """A record's part as a short hash: pages list many records, so each is hashed once."""
    return hashlib.blake2b(repr(part).encode(), digest_size=8).hexdigest()


class Parts:
    """What pages show of each record, made once per build: a round is on its process's pages and
    on each of its people's, a follow-up on its process's and its person's."""

    def __init__(self, views: Views, everything: str, builder: str, memo: Memo) -> None:
        self.views = views
        self.memo = memo
        """Each process's and person's page inputs, kept from the last build until an edit reaches them."""
        self.everything = everything
        """What every page depends on: the settings, the day, the builder (`site_builder.load.everything`)."""
        self.builder = builder
        """The builder's version and templates: what every fragment depends on."""
        self.rounds: dict[tuple[str, bool], str] = {}
        self.followups: dict[tuple[str, bool], tuple[str, str | None]] = {}
        """(follow-up id, with its notes) -> (its part's hash, its round's id)."""
        self.items: dict[int, tuple[Item, str]] = {}
        self.names = _hash((everything, views.names_digest))
        """The day, the settings, the builder and every page's name: what a kept page input was made with too."""

    def pages(self) -> dict[str, str]:
        """Page path -> the hash of its inputs, for every interview, company and person page."""
        journal, names, everything = self.views.journal, self.views.names, self.everything
        inputs: dict[str, str] = {}
        by_company: dict[str, list[str]] = defaultdict(list)
        for rounds in journal.processes.values():
            made = partial(self._process_pages, rounds)
            signature, pages = self.memo.get("page inputs", rounds[-1].process_key, self._extra(rounds), made)
            inputs.update(pages)
            by_company[company_key(rounds[-1].company)].append(signature)
        for key, shown in by_company.items():
            inputs[names.company[key]] = _hash((everything, "company", key, names.company_name[key], sorted(shown)))
        for pid, path in names.person.items():
            extra = (self.names, tuple(self.views.items_by_person.get(pid, ())))
            inputs[path] = self.memo.get("page inputs", pid, extra, partial(self._person_page, pid))
        return inputs

    def _extra(self, rounds: list[Interview]) -> object:
        """What a process's pages show beyond the journal's records: the names, the agenda's items."""
        return (self.names, tuple(self.views.process_items(rounds)))

    def _process_pages(self, rounds: list[Interview]) -> tuple[str, dict[str, str]]:
        """A process's hash as its company's page shows it, and its rounds' pages' hashes: each shows
        the whole process, and the notes of the round and of its own follow-ups only."""
        signature, names, journal = self.process(rounds), self.views.names, self.views.journal
        pages = {}
        for r in rounds:
            notes = (
                self.round(r),
                [self.followup(item.id)[0] for item in journal.followups_by_interview.get(r.id, ())],
            )
            pages[names.interview[r.id]] = _hash((self.everything, "interview", r.id, signature, notes))
        return signature, pages

    def _person_page(self, pid: str) -> str:
        return _hash((self.everything, "person", pid, self.person(pid)))

    def month(self, key: str, shown: list[str]) -> str:
        """The hash of a timeline month's fragment, from the hashes of its shares (`shown`)."""
        return _hash((self.builder, "month", key, shown))

    def shown(self, records: Iterable[Interview | FollowUp]) -> str:
        """The hash of what the timeline shows of `records`: each one's part, its round's, its process's
        outcome; without their notes, which the timeline does not show (writing them renders no month)."""
        journal = self.views.journal
        shown: list[Part] = []
        for record in records:
            if isinstance(record, Interview):
                shown.append((self.round(record, notes=False), journal.rounds_of(record)[-1].outcome))
                continue
            part, round_id = self.followup(record.id, notes=False)
            round_ = journal.interviews.get(round_id) if round_id else None
            if round_ is None:
                shown.append(part)
            else:
                shown.append((part, self.round(round_, notes=False), journal.rounds_of(round_)[-1].outcome))
        return _hash(shown)

    def item(self, item: Item) -> str:
        known = self.items.get(id(item))  # the agenda list keeps every item alive
        if known is None or known[0] is not item:
            names = self.views.names
            draft = self.views.draft_of(item)
            shown = (draft.id, record_digest(draft), self.views.followup_url(draft)) if draft else None
            part = (item, names.person.get(item.person_id or ""), names.interview.get(item.interview or ""), shown)
            known = self.items[id(item)] = (item, _short(part))
        return known[1]

    def round(self, round_: Interview, notes: bool = True) -> str:
        """A round as any page shows it: its file (without `notes`, its front matter), its page, its
        company's page, its people's pages."""
        known = self.rounds.get((round_.id, notes))
        if known is None:
            journal, names = self.views.journal, self.views.names
            key = company_key(round_.company)
            people = [journal.interviewer_id(round_, i) for i in range(len(round_.interviewers))]
            known = self.rounds[round_.id, notes] = _short((
                round_.id,
                record_digest(round_) if notes else fields_digest(round_),
                round_.source.path if round_.source else None,
                names.interview[round_.id],
                names.company_name.get(key),
                names.company.get(key),
                [(pid, names.person.get(pid)) for pid in people],
            ))  # fmt: skip
        return known

    def followup(self, item_id: str, notes: bool = True) -> tuple[str, str | None]:
        """A follow-up's part's hash (without `notes`, of its front matter), and its round's id (if any)."""
        known = self.followups.get((item_id, notes))
        if known is None:
            journal, names = self.views.journal, self.views.names
            item = journal.followups.get(item_id)
            if item is None:
                return item_id, None
            pid = journal.person_of(item.to) if item.to else ""
            round_ = journal.interviews.get(item.interview or "")
            round_id = round_.id if round_ is not None else None
            digest = record_digest(item) if notes else fields_digest(item)
            part = (item.id, digest, item.source.path if item.source else None, pid, names.person.get(pid))
            known = self.followups[item_id, notes] = (_short((part, round_id)), round_id)
        return known

    def process(self, rounds: list[Interview]) -> str:
        """A process as every page about it shows it: its rounds and follow-ups without their notes."""
        views = self.views
        return _hash((
            [self.round(round_, notes=False) for round_ in rounds],
            [self.followup(item.id, notes=False)[0] for item in views.journal.process_followups(rounds[-1])],
            [self.item(item) for item in views.process_items(rounds)],
        ))  # fmt: skip

    def person(self, pid: str) -> Part:
        views = self.views
        person = views.journal.people[pid]
        record = person.record
        key = company_key(person.company) if person.company else ""
        followups = [self.followup(item_id) for item_id in person.followups]
        shown = {round_id for _part, round_id in followups if round_id}  # the follow-ups' rounds
        return (
            views.names.person[pid],
            (person.name, person.company, person.title, person.email, person.linkedin, person.relationship),
            (person.keep_in_touch, person.last_touch),
            (record_digest(record), record.source.path if record.source else None) if record else None,
            (views.names.company_name.get(key), views.names.company.get(key)),
            [self.round(views.journal.interviews[iv_id]) for iv_id in person.interviews],
            [part for part, _round_id in followups],
            [self.round(views.journal.interviews[iv_id]) for iv_id in sorted(shown)],
            [self.item(item) for item in views.items_by_person.get(pid, [])],
        )
