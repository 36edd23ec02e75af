"""`followup import mail`: each message becomes a follow-up of the right process, or is listed with why not.

Mail from someone else is a `reply` (in, received); mail from the owner (`journal.yaml`
`emails:`) marks the matching draft sent, or is logged as a new sent follow-up. A message is
matched, in order, by the follow-up it answers (`In-Reply-To`/`References` against stored
`message_id`s), by the address of a person or interviewer, then by a company's domain (the
round nearest by date). What fits more than one process, or none, is reported with why and
never guessed; `--interview ID` settles it. A message whose Message-ID is already stored
creates nothing, so an import can be run again on the same mailbox.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from pathlib import Path

from journal import store
from journal.agenda import pestering_guard
from journal.atomic import sync_folder
from journal.layout import FOLLOWUPS
from journal.mail import Address, Mail, local_moment, message_key
from journal.model import Journal
from journal.problems import RecordError, SaveError
from journal.records import ACTIVE_OUTCOMES, FollowUp, Interview, day_of

PUBLIC_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "t-online.de",
        "posteo.de",
        "mailbox.org",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "libero.it",
        "virgilio.it",
        "yandex.ru",
        "ya.ru",
        "mail.ru",
        "zoho.com",
        "zohomail.com",
        "fastmail.com",
        "hey.com",
    ]
)
"""Domains anyone can have an address at: they say nothing about a company."""
_THANKS = re.compile(r"thank|danke|merci|gracias|grazie|obrigad|bedankt|tack|takk|tak\b|kiitos|спасибо", re.I)
_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|wg|fw|fwd|tr|rv|r|enc|ответ)\s*:\s*)+", re.I)
_PENDING = ("draft", "scheduled")


@dataclass(frozen=True)
class Outcome:
    """What one message became: `created`, `sent` (a draft marked sent), `known`, `unmatched`, `ambiguous` or `failed`."""

    mail: Mail
    action: str
    why: str
    """How it was matched, or why it was not."""
    record: FollowUp | None = None
    """The follow-up written (or, for `known`, the one that has this Message-ID already)."""
    warnings: tuple[str, ...] = ()
    """The pestering guard's reasons, for a nudge marked sent."""


@dataclass
class _Index:
    """What matching asks of the journal, built once per import and kept up to date as it writes."""

    by_message: dict[str, FollowUp] = field(default_factory=dict)
    people_at: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Address → person ids (interviewers and people files)."""
    interviews_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Person id → the interviews they were in or have follow-ups of."""
    interviews_at: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Domain → the interviews of companies known to have addresses there."""
    drafts: list[FollowUp] = field(default_factory=list)


def _index(journal: Journal) -> _Index:
    index = _Index()
    for item in journal.followups.values():
        if item.message_id:
            index.by_message[message_key(item.message_id)] = item
        if item.status in _PENDING and item.direction == "out":
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


def _add_person(index: _Index, address: str, pid: str) -> None:
    known = index.people_at[address.strip().casefold()]
    if pid not in known:
        known.append(pid)


def _domain(address: str) -> str:
    return address.strip().casefold().rpartition("@")[2]


def import_mails(
    root: Path, journal: Journal, mails: Iterable[Mail], *, interview: Interview | None = None
) -> Iterator[Outcome]:
    """Write a follow-up for each message that matches (oldest first, so a reply finds what it answers)."""
    index = _index(journal)
    zone = _zone(journal.settings.timezone)
    taken = store.taken_in(root, FOLLOWUPS)
    try:
        for mail in sorted(mails, key=lambda item: item.sent):
            outcome = _one(root, journal, index, mail, interview, zone, taken)
            if outcome.record is not None and outcome.action in ("created", "sent"):
                if outcome.action == "sent":
                    index.drafts = [item for item in index.drafts if item.id != outcome.record.id]
                index.by_message[message_key(mail.message_id)] = outcome.record
            yield outcome
    finally:
        sync_folder(root, FOLLOWUPS)


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None  # `followup check` reports it; the machine's zone is a fair stand-in


def _one(
    root: Path,
    journal: Journal,
    index: _Index,
    mail: Mail,
    forced: Interview | None,
    zone: tzinfo | None,
    taken: set[str],
) -> Outcome:
    owner = set(journal.settings.emails)
    outbound = mail.sender.email in owner
    if not owner and journal.settings.owner and mail.sender.name.casefold() == journal.settings.owner.casefold():
        why = f"it is from {mail.sender.name!r}, your name, and journal.yaml has no 'emails:' to tell it is yours"
        return Outcome(mail, "unmatched", why)
    known = index.by_message.get(message_key(mail.message_id))
    if known is not None and not (outbound and known.status in _PENDING):
        return Outcome(mail, "known", f"already in the journal as {FOLLOWUPS}/{known.id}.md", known)
    others = [
        item for item in (mail.recipients if outbound else (mail.sender, *mail.recipients)) if item.email not in owner
    ]
    when = local_moment(mail.sent, zone)
    if known is not None:  # the draft we composed, with this very Message-ID
        return _mark_sent(root, journal, mail, known, when, f"it is the message composed from {known.id}")
    match = _match(journal, index, mail, others, forced, when.date())
    if isinstance(match, Outcome):
        return match
    round_, how, thread_person = match
    person = _person(journal, index, mail.sender if not outbound else None, others, thread_person)
    body = mail.text + (f"\n\nAttachments (not stored): {', '.join(mail.attachments)}" if mail.attachments else "")
    if not outbound:
        record = FollowUp(id="", kind="reply", interview=round_.id if round_ else None, to=person, direction="in",
                          channel="email", status="received", date=when, subject=mail.subject or None, body=body,
                          message_id=mail.message_id)  # fmt: skip
        return _create(root, mail, record, taken, f"a reply from {person}, {_about(round_)}; {how}")
    kind = _outbound_kind(journal, mail, round_, person)
    draft = _draft(journal, index, round_, person, kind, mail)
    if isinstance(draft, Outcome):
        return draft
    if draft is not None:
        return _mark_sent(root, journal, mail, draft, when, how)
    record = FollowUp(id="", kind=kind, interview=round_.id if round_ else None, to=person, direction="out",
                      channel="email", status="sent", date=when, subject=mail.subject or None, body=body,
                      message_id=mail.message_id)  # fmt: skip
    guess = " (the subject thanks them)" if kind == "thank-you" else ""
    return _create(root, mail, record, taken, f"sent to {person}, {_about(round_)}, as {kind}{guess}; {how}")


Match = tuple[Interview | None, str, str | None]
"""The round (None: a person-only follow-up), how it was found, and the person of the follow-up it answers."""


def _match(
    journal: Journal, index: _Index, mail: Mail, others: list[Address], forced: Interview | None, day: date
) -> Match | Outcome:
    if forced is not None:
        return forced, "as --interview said", None
    for key in mail.thread:
        answered = index.by_message.get(key)
        if answered is not None:
            round_ = journal.interviews.get(answered.interview) if answered.interview else None
            return round_, f"it answers {FOLLOWUPS}/{answered.id}.md", answered.to
    tried: list[str] = []
    for address in others:
        pids = index.people_at.get(address.email, [])
        if not pids:
            continue
        names = " / ".join(journal.people[pid].name for pid in pids if pid in journal.people)
        ids = set().union(*(index.interviews_of.get(pid, set()) for pid in pids))
        if not ids:
            return None, f"{address.email} is {names}'s address (no interview: a person-only follow-up)", None
        chosen = _choose(journal, ids, day)
        if isinstance(chosen, Interview):
            return chosen, f"{address.email} is {names}'s address", None
        return _ambiguous(mail, f"{address.email} ({names}) is in {len(chosen)} processes: {_list(chosen)}")
    tried.append("no person or interviewer has the address " + ", ".join(item.email for item in others))
    owner_domains = {_domain(item) for item in journal.settings.emails}
    domains = [item.domain for item in others if item.domain not in PUBLIC_DOMAINS | owner_domains]
    for domain in dict.fromkeys(domains):
        at = index.interviews_at.get(domain)
        if not at:
            continue
        companies = {journal.interviews[ident].company for ident in at if ident in journal.interviews}
        if len(companies) > 1:
            return _ambiguous(
                mail, f"{domain} is the domain of {len(companies)} companies: {', '.join(sorted(companies))}"
            )
        chosen = _choose(journal, at, day, nearest_process=True)
        if isinstance(chosen, Interview):
            return chosen, f"{domain} is {chosen.company}'s domain (the round nearest by date)", None
        return _ambiguous(mail, f"{domain} fits {len(chosen)} processes as well: {_list(chosen)}")
    tried.append(f"no company is known at {', '.join(dict.fromkeys(domains))}" if domains else "no company domain")
    if not others:
        tried = ["it has no address other than yours"]
    thread = "none of the Message-IDs it answers is stored" if mail.thread else "it answers no stored message"
    return Outcome(mail, "unmatched", f"{thread}; {'; '.join(tried)}")


def _ambiguous(mail: Mail, why: str) -> Outcome:
    return Outcome(mail, "ambiguous", why)


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
        return min(next(iter(use.values())), key=lambda item: _distance(item, day))
    if nearest_process:
        ranked = sorted((min(value, key=lambda item: _distance(item, day)) for value in use.values()),
                        key=lambda item: _distance(item, day))  # fmt: skip
        if _distance(ranked[0], day) != _distance(ranked[1], day):
            return ranked[0]
    return [value[-1] for value in use.values()]


def _distance(round_: Interview, day: date) -> tuple[int, int, str]:
    """Nearest by date: the latest round on or before the day, else the first one after."""
    days = (day - round_.day).days
    return (0, days, round_.id) if days >= 0 else (1, -days, round_.id)


def _list(rounds: list[Interview]) -> str:
    return "; ".join(f"{item.company} — {item.role} ({item.id})" for item in sorted(rounds, key=lambda r: r.id))


def _about(round_: Interview | None) -> str:
    return round_.title if round_ is not None else "outside any interview process"


def _person(
    journal: Journal, index: _Index, sender: Address | None, others: list[Address], thread_person: str | None
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


def _outbound_kind(journal: Journal, mail: Mail, round_: Interview | None, person: str) -> str:
    """A sent message's kind: a thank-you when its subject thanks an interviewer of that round soon after it, else `other`.

    Nothing else is guessed: a status check or check-in counts against the nudge budget, so a
    mail is one only as its draft (marked sent) or by the user's edit.
    """
    if round_ is None or not _THANKS.search(mail.subject) or mail.thread:
        return "other"
    pid = journal.person_of(person)
    interviewers = {journal.interviewer_id(round_, number) for number in range(len(round_.interviewers))}
    days = (mail.sent.date() - round_.day).days
    return (
        "thank-you"
        if pid in interviewers and 0 <= days <= journal.settings.policy.thank_you_missed_after_days
        else "other"
    )


def _draft(
    journal: Journal, index: _Index, round_: Interview | None, person: str, kind: str, mail: Mail
) -> FollowUp | Outcome | None:
    """The draft this sent message is: same interview and person (and kind, for a thank-you); None when there is none."""
    pid = journal.person_of(person)
    mine = [
        item
        for item in index.drafts
        if item.interview == (round_.id if round_ else None)
        and item.to
        and journal.person_of(item.to) == pid
        and item.channel in (None, "email")
    ]
    if kind == "thank-you":
        mine = [item for item in mine if item.kind == "thank-you"] or mine
    if len(mine) > 1:
        subject = _PREFIX.sub("", mail.subject).casefold()
        same = [item for item in mine if item.subject and _PREFIX.sub("", item.subject).casefold() == subject]
        if len(same) != 1:
            names = ", ".join(f"{item.id} ({item.kind})" for item in mine)
            return _ambiguous(
                mail,
                f"{len(mine)} drafts to {person} could be this message: {names}; mark the one you sent, then import again",
            )
        mine = same
    return mine[0] if mine else None


def _create(root: Path, mail: Mail, record: FollowUp, taken: set[str], why: str) -> Outcome:
    day = day_of(record.date).isoformat() if record.date is not None else ""
    try:
        ident = store.new_id(root, FOLLOWUPS, day, record.kind, record.to or "mail", taken=taken)
        saved = store.create(root, replace(record, id=ident), sync_folder=False)
    except (SaveError, RecordError) as exc:
        if isinstance(exc.__cause__, OSError):
            raise
        return Outcome(mail, "failed", str(exc))
    assert isinstance(saved, FollowUp)
    return Outcome(mail, "created", why, saved)


def _mark_sent(root: Path, journal: Journal, mail: Mail, draft: FollowUp, when: datetime, how: str) -> Outcome:
    sent = replace(
        draft, status="sent", date=when, message_id=mail.message_id, subject=draft.subject or mail.subject or None
    )
    warnings = tuple(pestering_guard(journal, journal.settings.policy, sent, when.date()))
    try:
        saved = store.save(root, sent).record
    except (SaveError, RecordError) as exc:
        if isinstance(exc.__cause__, OSError):
            raise
        return Outcome(mail, "failed", str(exc))
    assert isinstance(saved, FollowUp)
    return Outcome(mail, "sent", f"your {draft.kind} to {draft.to} is marked sent; {how}", saved, warnings)
