"""`followup import mail`: each message becomes a follow-up of the right process, or is listed with why not.

Mail from someone else is a `reply` (in, received); mail from the owner (`journal.yaml`
`emails:`) marks the matching draft sent, or is logged as a new sent follow-up. Which process a
message belongs to is `journal.mail_match`; what fits more than one, or none, is reported with
why and never guessed (`--interview ID` settles it). A message whose Message-ID is already
stored creates nothing, so an import can be run again on the same mailbox.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path

from journal import store
from journal.agenda import pestering_guard
from journal.atomic import sync_folder
from journal.layout import FOLLOWUPS
from journal.mail import Mail, local_moment, message_key
from journal.mail_match import PENDING, Found, MailIndex, about, build_index, match, person_of_mail
from journal.model import Journal
from journal.problems import RecordError, SaveError
from journal.records import FollowUp, Interview, day_of

_THANKS = re.compile(r"thank|danke|merci|gracias|grazie|obrigad|bedankt|tack|takk|tak\b|kiitos|спасибо", re.I)
_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|wg|fw|fwd|tr|rv|r|enc|ответ)\s*:\s*)+", re.I)


@dataclass(frozen=True)
class Outcome:
    """What one message became: `created`, `sent` (a draft marked sent), `known` (imported before), `unsent`
    (a draft file, not a sent message), `unmatched`, `ambiguous` or `failed` (could not be written)."""

    mail: Mail
    action: str
    why: str
    """How it was matched, or why it was not."""
    record: FollowUp | None = None
    """The follow-up written (or, for `known`, the one that has this Message-ID already)."""
    warnings: tuple[str, ...] = ()
    """The pestering guard's reasons, for a nudge marked sent."""


def import_mails(
    root: Path, journal: Journal, mails: Iterable[Mail], *, interview: Interview | None = None
) -> Iterator[Outcome]:
    """Write a follow-up for each message that matches (oldest first, so a reply finds what it answers)."""
    index = build_index(journal)
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
    index: MailIndex,
    mail: Mail,
    forced: Interview | None,
    zone: tzinfo | None,
    taken: set[str],
) -> Outcome:
    if mail.unsent:
        return Outcome(mail, "unsent", "an unsent draft (X-Unsent: 1), not a message anyone sent")
    owner = set(journal.settings.emails)
    outbound = mail.sender.email in owner
    if not owner and journal.settings.owner and mail.sender.name.casefold() == journal.settings.owner.casefold():
        why = f"it is from {mail.sender.name!r}, your name, and journal.yaml has no 'emails:' to tell it is yours"
        return Outcome(mail, "unmatched", why)
    known = index.by_message.get(message_key(mail.message_id))
    if known is not None and not (outbound and known.status in PENDING):
        return Outcome(mail, "known", f"already in the journal as {FOLLOWUPS}/{known.id}.md", known)
    others = [
        item for item in (mail.recipients if outbound else (mail.sender, *mail.recipients)) if item.email not in owner
    ]
    when = local_moment(mail.sent, zone)
    if known is not None:  # the draft we composed, with this very Message-ID
        return _mark_sent(root, journal, mail, known, when, f"it is the message composed from {known.id}")
    found = match(journal, index, mail, others, forced, when.date())
    if not isinstance(found, Found):
        return Outcome(mail, found.action, found.why)
    round_, how = found.round, found.how
    person = person_of_mail(journal, index, mail.sender if not outbound else None, others, found.thread_person)
    body = mail.text + (f"\n\nAttachments (not stored): {', '.join(mail.attachments)}" if mail.attachments else "")
    if not outbound:
        record = FollowUp(id="", kind="reply", interview=round_.id if round_ else None, to=person, direction="in",
                          channel="email", status="received", date=when, subject=mail.subject or None, body=body,
                          message_id=mail.message_id)  # fmt: skip
        return _create(root, mail, record, taken, f"a reply from {person}, {about(round_)}; {how}")
    kind = _outbound_kind(journal, mail, round_, person, when)
    draft = _draft(journal, index, round_, person, kind, mail)
    if isinstance(draft, Outcome):
        return draft
    if draft is not None:
        return _mark_sent(root, journal, mail, draft, when, how)
    record = FollowUp(id="", kind=kind, interview=round_.id if round_ else None, to=person, direction="out",
                      channel="email", status="sent", date=when, subject=mail.subject or None, body=body,
                      message_id=mail.message_id)  # fmt: skip
    guess = " (the subject thanks them)" if kind == "thank-you" else ""
    return _create(root, mail, record, taken, f"sent to {person}, {about(round_)}, as {kind}{guess}; {how}")


def _outbound_kind(journal: Journal, mail: Mail, round_: Interview | None, person: str, when: datetime) -> str:
    """A sent message's kind: a thank-you when its subject thanks an interviewer of that round soon after it, else `other`.

    Nothing else is guessed: a status check or check-in counts against the nudge budget, so a
    mail is one only as its draft (marked sent) or by the user's edit.
    """
    if round_ is None or not _THANKS.search(mail.subject) or mail.thread:
        return "other"
    pid = journal.person_of(person)
    interviewers = {journal.interviewer_id(round_, number) for number in range(len(round_.interviewers))}
    days = (when.date() - round_.day).days
    return (
        "thank-you"
        if pid in interviewers and 0 <= days <= journal.settings.policy.thank_you_missed_after_days
        else "other"
    )


def _draft(
    journal: Journal, index: MailIndex, round_: Interview | None, person: str, kind: str, mail: Mail
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
    if kind == "thank-you":  # never a status check marked sent by a thank-you note
        mine = [item for item in mine if item.kind == "thank-you"]
    if len(mine) > 1:
        subject = _PREFIX.sub("", mail.subject).casefold()
        same = [item for item in mine if item.subject and _PREFIX.sub("", item.subject).casefold() == subject]
        if len(same) != 1:
            names = ", ".join(f"{item.id} ({item.kind})" for item in mine)
            return Outcome(
                mail,
                "ambiguous",
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
