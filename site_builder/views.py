"""Journal -> plain view models: dicts, lists and strings the templates only have to print.

Every URL here is relative to the site root (`interviews/x.html`); templates prefix it with
`rel` (`""` or `"../"`) so pages work from `file://` and from any sub-path. Every URL that
came from front matter has been through `site_builder.safe` before it gets here.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from journal.agenda import budget
from journal.holds import Key, drafts, item_key
from journal.items import ACTION_LABELS, Item
from journal.memo import JOURNAL, Memo
from journal.model import Journal
from journal.records import FollowUp, Interview, Interviewer, When
from site_builder.markdown import Renderer
from site_builder.safe import lookalike_host, mailto, page_name, safe_web_url

Context = dict[str, Any]


def record_digest(record: object) -> str:
    """The content hash of a record's file (or of the record itself when it has no file)."""
    source = getattr(record, "source", None)
    return source.digest if source is not None else hashlib.sha256(repr(record).encode()).hexdigest()


def fields_digest(record: object) -> str:
    """The hash of a record's front matter, without its notes (its whole `record_digest` when not known)."""
    source = getattr(record, "source", None)
    return source.fields if source is not None and source.fields else record_digest(record)


def linkedin_view(url: str | None) -> Context:
    """A LinkedIn field as the pages print it: the text, the link, and the host it really goes to
    when that is not LinkedIn itself (`linkedin_host`), which the page shows instead of "LinkedIn"."""
    href = safe_web_url(url)
    return {"linkedin": url, "linkedin_href": href, "linkedin_host": lookalike_host(href)}


@dataclass
class Names:
    """Stable, unique page paths for every interview, company and person."""

    interview: dict[str, str] = field(default_factory=dict)
    company: dict[str, str] = field(default_factory=dict)
    """Company key (casefolded name) -> page path."""
    company_name: dict[str, str] = field(default_factory=dict)
    person: dict[str, str] = field(default_factory=dict)


def company_key(name: str) -> str:
    return name.strip().casefold()


def make_names(journal: Journal) -> Names:
    names = Names()
    taken: set[str] = set()
    for iv_id in sorted(journal.interviews):
        names.interview[iv_id] = f"interviews/{page_name(iv_id, taken)}.html"
    taken = set()
    spellings: dict[str, list[str]] = defaultdict(list)
    for interview in journal.interviews.values():
        spellings[company_key(interview.company)].append(interview.company.strip())
    for key in sorted(spellings):
        names.company_name[key] = min(spellings[key])
        names.company[key] = f"companies/{page_name(key, taken)}.html"
    taken = set()
    for pid in sorted(journal.people):
        names.person[pid] = f"people/{page_name(pid, taken)}.html"
    return names


def _names(journal: Journal) -> tuple[Names, str]:
    names = make_names(journal)
    shown = repr((names.interview, names.company, names.company_name, names.person))
    return names, hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()


_TEXTS: dict[object, tuple[str, str, str]] = {}
"""A date or naive datetime, or (year, month, day, hour, minute) of an aware one -> (when_text, iso,
month): a journal has far fewer moments than uses of them, and formatting a date costs twenty
times a dict lookup. Aware datetimes are keyed by their wall clock: equal instants in two
offsets print differently."""


def texts_of(when: When) -> tuple[str, str, str]:
    key: object = when
    if isinstance(when, datetime) and when.tzinfo is not None:
        key = (when.year, when.month, when.day, when.hour, when.minute)
    texts = _TEXTS.get(key)
    if texts is None:
        if len(_TEXTS) >= 100_000:
            _TEXTS.clear()
        if isinstance(when, datetime):  # only the wall-clock fields show, so equal keys print alike
            texts = (
                f"{when:%a %d %b %Y, %H:%M}",
                when.replace(tzinfo=None).isoformat(timespec="minutes"),
                f"{when:%Y-%m}",
            )
        else:
            texts = (f"{when:%a %d %b %Y}", when.isoformat(), f"{when:%Y-%m}")
        _TEXTS[key] = texts
    return texts


UNDATED = ("undated", "", "undated")
"""`texts_of` a follow-up without a date: `when_text`, `iso` and the timeline's month."""


def when_text(when: When | None) -> str:
    return "undated" if when is None else texts_of(when)[0]


def followup_anchor(item: FollowUp) -> str:
    return "fu-" + item.id


class Views:
    """Builds every page's context from one loaded journal, its agenda and a Markdown renderer."""

    def __init__(
        self, journal: Journal, items: list[Item], as_of: date, md: Renderer, memo: Memo | None = None
    ) -> None:
        self.journal = journal
        self.items = items
        self.as_of = as_of
        self.md = md
        self.memo = memo if memo is not None else Memo()
        """Each process's view, kept from the last build until an edit reaches it (`journal.memo`)."""
        named = (
            tuple(journal.interviews),
            tuple(r.company for r in journal.interviews.values()),
            tuple(journal.people),
        )
        self.names, self.names_digest = self.memo.get("names", JOURNAL, named, partial(_names, journal))
        """Every page's name, and their hash: what a kept view was made with too (it links to pages).
        Kept while the rounds, their companies and the people are the same ones."""
        self.policy = journal.settings.policy
        self._process_views: dict[int, tuple[list[Interview], Context]] = {}
        """Each process's view, made once: every round's page and the company page show it."""
        self._process_item_views: dict[int, tuple[list[Interview], list[Context]]] = {}
        self._item_views: dict[int, tuple[Item, Context]] = {}
        self._followups: dict[str, tuple[FollowUp, Context]] = {}
        self._round_links: dict[str, tuple[Interview, Context]] = {}
        self._round_touches: dict[str, tuple[Interview, Context]] = {}
        self.items_by_interview: dict[str | None, list[Item]] = defaultdict(list)
        self.items_by_person: dict[str | None, list[Item]] = defaultdict(list)
        self._items_by_process: dict[tuple[str, str], list[Item]] = defaultdict(list)
        for item in items:  # in the agenda's order: by due day, then id
            self.items_by_interview[item.interview].append(item)
            self.items_by_person[item.person_id].append(item)
            round_ = journal.interviews.get(item.interview) if item.interview else None
            if round_ is not None:
                self._items_by_process[round_.process_key].append(item)
        self._drafts: dict[Key, FollowUp] | None = None

    def draft_of(self, item: Item) -> FollowUp | None:
        """The draft written for an agenda item, if there is one: the site links to it."""
        if self._drafts is None:  # on first use: a build that links to no draft never looks for them
            self._drafts = drafts(self.journal)
        key = item_key(self.journal, item)
        return self._drafts.get(key) if key is not None else None

    def followup_url(self, item: FollowUp) -> str | None:
        """Where a follow-up shows in full: in its round's thread, or on its person's page."""
        round_ = self.journal.interviews.get(item.interview or "")
        if round_ is not None:
            return f"{self.names.interview[round_.id]}#{followup_anchor(item)}"
        pid = self.journal.person_of(item.to) if item.to else ""
        return f"{self.names.person[pid]}#{followup_anchor(item)}" if pid in self.names.person else None

    # -- small pieces -------------------------------------------------------------------

    def person_link(self, name: str | None) -> Context | None:
        if not name:
            return None
        pid = self.journal.person_of(name)
        return {"name": name, "url": self.names.person.get(pid)}

    def company_link(self, company: str) -> Context:
        key = company_key(company)
        return {"name": self.names.company_name.get(key, company), "url": self.names.company.get(key)}

    def item_view(self, item: Item) -> Context:
        """One agenda item; the same dict wherever it shows (read only), so its row is rendered once."""
        hit = self._item_views.get(id(item))  # the agenda list keeps every item alive
        if hit is None or hit[0] is not item:
            hit = self._item_views[id(item)] = (item, self._make_item_view(item))
        return hit[1]

    def _make_item_view(self, item: Item) -> Context:
        draft = self.draft_of(item)
        return {
            "id": item.id,
            "action": item.action,
            "title": item.title,
            "label": ACTION_LABELS.get(item.action, item.action),
            "draft_url": self.followup_url(draft) if draft is not None else None,
            "due": item.due.isoformat(),
            "due_text": when_text(item.due),
            "state": item.state,
            "person": {"name": item.person, "url": self.names.person.get(item.person_id or "")}
            if item.person
            else None,
            "interview_url": self.names.interview.get(item.interview or ""),
            "company": item.company,
            "role": item.role,
            "reason": item.reason,
        }

    def interviewer_view(self, interview: Interview, index: int, who: Interviewer) -> Context:
        pid = self.journal.interviewer_id(interview, index)
        return {
            "name": who.name,
            "title": who.title,
            "url": self.names.person.get(pid),
            "email": who.email,
            "email_href": mailto(who.email),
            **linkedin_view(who.linkedin),
        }

    def followup_view(self, item: FollowUp, with_body: bool = True) -> Context:
        """The follow-up as a thread shows it, made once per build (read only).

        Its round's page shows the message; its company's and its person's pages show the same
        dict without the body, and so print the same HTML for it.
        """
        hit = self._followups.get(item.id)
        if hit is None or hit[0] is not item:
            hit = self._followups[item.id] = (item, self._make_followup_view(item))
        if not with_body:
            return hit[1]
        body = self.md.render(item.body, f"h-{item.id}-")  # shown once: on its round's page, or its person's
        return {**hit[1], "body_html": body} if body else hit[1]

    def _make_followup_view(self, item: FollowUp) -> Context:
        interview = self.journal.interviews.get(item.interview or "")
        texts = UNDATED if item.date is None else texts_of(item.date)
        return {
            "id": item.id,
            "anchor": followup_anchor(item),
            "kind": item.kind,
            "direction": item.direction,
            "status": item.status,
            "channel": item.channel,
            "when": texts[0],
            "iso": texts[1],
            "to": self.person_link(item.to),
            "subject": item.subject,
            "round": interview.title if interview else None,
            "round_url": f"{self.names.interview[interview.id]}#{followup_anchor(item)}" if interview else None,
            "body_html": "",
            "source": item.source.path if item.source else None,
        }

    def round_link(self, interview: Interview) -> Context:
        """A round as the process card, the list of rounds and a person's touches show it (read only)."""
        hit = self._round_links.get(interview.id)
        if hit is None or hit[0] is not interview:
            hit = self._round_links[interview.id] = (interview, self._make_round_link(interview))
        return hit[1]

    def round_touch(self, interview: Interview) -> Context:
        """A round among a person's touches (a follow-up's view there has its own kind)."""
        hit = self._round_touches.get(interview.id)
        if hit is None or hit[0] is not interview:
            hit = self._round_touches[interview.id] = (interview, {"kind": "interview", **self.round_link(interview)})
        return hit[1]

    def _make_round_link(self, interview: Interview) -> Context:
        return {
            "followups": len(self.journal.followups_by_interview.get(interview.id, [])),
            "title": interview.title,
            "stage": interview.stage or "round",
            "when": when_text(interview.date),
            "url": self.names.interview[interview.id],
            "outcome": interview.outcome,
        }

    # -- processes ------------------------------------------------------------------------

    def process_items(self, rounds: list[Interview]) -> list[Item]:
        """The agenda items of every round of a process, by due day then id (as the agenda lists them);
        the same list for the same process (read only)."""
        return self._items_by_process.get(rounds[-1].process_key, [])

    def process_item_views(self, rounds: list[Interview]) -> list[Context]:
        """`process_items` as views; the same list for the same rounds, so it is rendered once (read only)."""
        hit = self._process_item_views.get(id(rounds))
        if hit is None or hit[0] is not rounds:
            views = [self.item_view(item) for item in self.process_items(rounds)]
            hit = self._process_item_views[id(rounds)] = (rounds, views)
        return hit[1]

    def process_view(self, rounds: list[Interview]) -> Context:
        """One process at a glance: rounds, who was thanked, nudges, replies, outcome, what is next.

        The same dict for every call with the same rounds; callers never change it.
        """
        hit = self._process_views.get(id(rounds))  # the journal hands out one list per process
        if hit is None or hit[0] is not rounds:
            extra = (self.names_digest, self.as_of, self.policy, tuple(self.process_items(rounds)))
            view = self.memo.get(
                "process view", rounds[-1].process_key, extra, partial(self._make_process_view, rounds)
            )
            hit = self._process_views[id(rounds)] = (rounds, view)
        return hit[1]

    def _make_process_view(self, rounds: list[Interview]) -> Context:
        latest = rounds[-1]
        followups = self.journal.process_followups(latest)
        thanked = []  # per round: who was thanked there
        for round_ in rounds:
            done: dict[str, str] = {}  # person id -> sent, or skipped (a sent note wins)
            for f in self.journal.followups_by_interview.get(round_.id, []):
                if f.kind == "thank-you" and f.to and f.direction == "out" and f.status in ("sent", "skipped"):
                    pid = self.journal.person_of(f.to)
                    done[pid] = "sent" if "sent" in (f.status, done.get(pid)) else "skipped"
            people = []
            for index, who in enumerate(round_.interviewers):
                pid = self.journal.interviewer_id(round_, index)
                state = done.get(pid)
                people.append(
                    {
                        "name": who.name,
                        "url": self.names.person.get(pid),
                        "done": state == "sent",
                        "skipped": state == "skipped",
                    }
                )
            if people:
                thanked.append({"stage": round_.stage or "round", "people": people})
        items = self.process_items(rounds)
        upcoming = items[0] if items else None
        return {
            "company": self.company_link(latest.company),
            "role": latest.role,
            "rounds": [self.round_link(r) for r in rounds],
            "thanked": thanked,
            "budget": str(budget(self.journal, latest, self.policy)),
            "replies": sum(1 for f in followups if f.is_reply and f.is_done),
            "outcome": latest.outcome,
            "next": self.item_view(upcoming) if upcoming else None,
            "overdue": sum(1 for item in items if item.state == "overdue"),
            "latest": latest.day.isoformat(),
            "url": self.names.interview[latest.id],
        }

    def processes(self) -> list[Context]:
        """Every process: overdue first, then by the next due day, then the most recent."""
        views = [self.process_view(rounds) for rounds in self.journal.processes.values()]

        def order(view: Context) -> tuple[int, str, str, str]:
            due = view["next"]["due"] if view["next"] else "9999-12-31"
            inverted = "".join(chr(0x10FFFF - ord(c)) for c in view["latest"])
            return (0 if view["overdue"] else 1, due, inverted, view["url"])

        return sorted(views, key=order)
