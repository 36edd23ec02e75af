"""Which process a mail belongs to, and who it is from or to: the matching rules of `followup import mail`.

In order: the follow-up it answers (`In-Reply-To`/`References` against stored `message_id`s),
the address of a person or interviewer, then a company's domain (the round nearest by date).
What fits more than one process, or none, is `Unsettled`, with why; never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from journal.layout import FOLLOWUPS
from journal.mail import Address, Mail, message_key
from journal.model import Journal
from journal.records import ACTIVE_OUTCOMES, FollowUp, Interview

PENDING = ("draft", "scheduled")
"""A follow-up not yet sent: a mail from the owner may be it."""

PUBLIC_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com",
    "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.de", "gmx.net",
    "gmx.com", "web.de", "t-online.de", "posteo.de", "mailbox.org", "orange.fr", "free.fr", "laposte.net",
    "libero.it", "virgilio.it", "yandex.ru", "ya.ru", "mail.ru", "zoho.com", "zohomail.com", "fastmail.com",
    "hey.com",
})  # fmt: skip
"""Domains anyone can have an address at: they say nothing about a company."""


@dataclass
class MailIndex:
    """What matching asks of the journal, built once per import and kept up to date as it writes."""

    by_message: dict[str, FollowUp] = field(default_factory=dict)
    people_at: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Address → person ids (interviewers and people files)."""
    interviews_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Person id → the interviews they were in or have follow-ups of."""
    interviews_at: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Domain → the interviews of companies known to have addresses there."""
    drafts: list[FollowUp] = field(default_factory=list)


def build_index(journal: Journal) -> MailIndex:
    """Addresses, domains, Message-IDs and drafts of the journal, for matching a batch of mail."""
    index = MailIndex()
    for item in journal.followups.values():
        if item.message_id:
            index.by_message[message_key(item.message_id)] = item
        if item.status in PENDING and item.direction == "out":
            index.drafts.append(item)
    for interview in journal.interviews.values():
        for number, interviewer in enumerate(interview.interviewers):
            if interviewer.email:
                _add_person(index, interviewer.email, journal.interviewer_id(interview, number))
                index.interviews_at[_domain(interviewer.email)].add(interview.id)
    companies: dict[str, set[str]] = defaultdict(set)
    for interview in journal.interviews.values():
        companies[interview.company.strip().casefold()].add(interview.id)
    for person in journal.people.values():
        index.interviews_of[person.id].update(person.interviews)
        if person.record is not None and person.record.company and not person.interviews:
            # a recruiter's file names the company: its processes are theirs
            index.interviews_of[person.id].update(companies.get(person.record.company.strip().casefold(), ()))
        for ident in person.followups:
            linked = journal.followups[ident].interview if ident in journal.followups else None
            if linked is not None and linked in journal.interviews:
                index.interviews_of[person.id].add(linked)
        addresses = {person.email, person.record.email if person.record else None} - {None}
        for address in addresses:
            assert address is not None
            _add_person(index, address, person.id)
            if person.company:
                index.interviews_at[_domain(address)].update(companies.get(person.company.strip().casefold(), ()))
    return index


def _add_person(index: MailIndex, address: str, pid: str) -> None:
    known = index.people_at[address.strip().casefold()]
    if pid not in known:
        known.append(pid)


def _domain(address: str) -> str:
    return address.strip().casefold().rpartition("@")[2]


@dataclass(frozen=True)
class Found:
    round: Interview | None
    """None: a follow-up of a person outside any interview process."""
    how: str
    """How it was found, in words (`jane@acme.example is Jane Doe's address`)."""
    thread_person: str | None = None
    """The person of the follow-up it answers, when it answers one."""


@dataclass(frozen=True)
class Unsettled:
    """`ambiguous` (more than one process fits) or `unmatched` (none does), and why."""

    action: str
    why: str


def match(
    journal: Journal, index: MailIndex, mail: Mail, others: list[Address], forced: Interview | None, day: date
) -> Found | Unsettled:
    """The process (and round) of a mail; `others` are the addresses that are not the owner's."""
    if forced is not None:
        return Found(forced, "as --interview said")
    for key in mail.thread:
        answered = index.by_message.get(key)
        if answered is not None:
            round_ = journal.interviews.get(answered.interview) if answered.interview else None
            return Found(round_, f"it answers {FOLLOWUPS}/{answered.id}.md", answered.to)
    tried: list[str] = []
    for address in others:
        pids = index.people_at.get(address.email, [])
        if not pids:
            continue
        names = " / ".join(journal.people[pid].name for pid in pids if pid in journal.people)
        ids = set().union(*(index.interviews_of.get(pid, set()) for pid in pids))
        if not ids:
            return Found(None, f"{address.email} is {names}'s address (no interview: a person-only follow-up)")
        chosen = _choose(journal, ids, day)
        if isinstance(chosen, Interview):
            return Found(chosen, f"{address.email} is {names}'s address")
        return _ambiguous(f"{address.email} ({names}) is in {len(chosen)} processes: {_list(chosen)}")
    tried.append("no person or interviewer has the address " + ", ".join(item.email for item in others))
    owner_domains = {_domain(item) for item in journal.settings.emails}
    domains = [item.domain for item in others if item.domain not in PUBLIC_DOMAINS | owner_domains]
    for domain in dict.fromkeys(domains):
        at = index.interviews_at.get(domain)
        if not at:
            continue
        companies = {journal.interviews[ident].company for ident in at if ident in journal.interviews}
        if len(companies) > 1:
            return _ambiguous(f"{domain} is the domain of {len(companies)} companies: {', '.join(sorted(companies))}")
        chosen = _choose(journal, at, day, nearest_process=True)
        if isinstance(chosen, Interview):
            return Found(chosen, f"{domain} is {chosen.company}'s domain (the round nearest by date)")
        return _ambiguous(f"{domain} fits {len(chosen)} processes as well: {_list(chosen)}")
    tried.append(f"no company is known at {', '.join(dict.fromkeys(domains))}" if domains else "no company domain")
    if not others:
        tried = ["it has no address other than yours"]
    thread = "none of the Message-IDs it answers is stored" if mail.thread else "it answers no stored message"
    return Unsettled("unmatched", f"{thread}; {'; '.join(tried)}")


def _ambiguous(why: str) -> Unsettled:
    return Unsettled("ambiguous", why)


def _choose(
    journal: Journal, ids: set[str], day: date, *, nearest_process: bool = False
) -> Interview | list[Interview]:
    """The round for these interviews: the one process's round nearest by date (active processes first).

    Several processes are a list of their latest rounds (ambiguous), unless `nearest_process`
    asks for the one whose round lies nearest to `day` (the domain rule), which still needs a
    single nearest one.
    """
    rounds = [journal.interviews[ident] for ident in ids if ident in journal.interviews]
    processes: dict[tuple[str, str], list[Interview]] = {}
    for item in rounds:
        processes.setdefault(item.process_key, journal.rounds_of(item))
    active = {key: value for key, value in processes.items() if value[-1].outcome in ACTIVE_OUTCOMES}
    use = active or processes
    if len(use) == 1:
        return min(next(iter(use.values())), key=lambda item: (_distance(item, day), item.id))
    if nearest_process:
        nearest = [min(value, key=lambda item: (_distance(item, day), item.id)) for value in use.values()]
        ranked = sorted(nearest, key=lambda item: (_distance(item, day), item.id))
        if _distance(ranked[0], day) != _distance(ranked[1], day):  # a tie is no answer
            return ranked[0]
    return [value[-1] for value in use.values()]


def _distance(round_: Interview, day: date) -> tuple[int, int]:
    """Nearest by date: the latest round on or before the day, else the first one after."""
    days = (day - round_.day).days
    return (0, days) if days >= 0 else (1, -days)


def _list(rounds: list[Interview]) -> str:
    return "; ".join(f"{item.company} — {item.role} ({item.id})" for item in sorted(rounds, key=lambda r: r.id))


def about(round_: Interview | None) -> str:
    return round_.title if round_ is not None else "outside any interview process"


def person_of_mail(
    journal: Journal, index: MailIndex, sender: Address | None, others: list[Address], thread_person: str | None
) -> str:
    """Who the follow-up is to or from, named as the journal knows them (so it is the same person)."""
    candidates = [sender] if sender is not None else others
    for address in candidates:
        for pid in index.people_at.get(address.email, []):
            if pid in journal.people:
                return journal.people[pid].name
    if sender is None and thread_person:
        return thread_person
    first = candidates[0] if candidates else None
    return (first.name or first.email) if first is not None else "unknown"
