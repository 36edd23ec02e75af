"""Handing a draft to the user's mail client: a `mailto:` link (RFC 6068) or an unsent .eml (RFC 5322).

Shared by `followup compose` and the app: the product never sends anything; it writes a link
or a file the user's own mail client opens. The Message-ID put in the .eml is kept
on the follow-up (`message_id:`), so the reply, once imported, threads back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from urllib.parse import quote

from journal.model import Journal
from journal.records import FollowUp

MAILTO_LIMIT = 1800
"""Longest `mailto:` link handed out: mail clients and browsers cut or refuse longer ones."""
MESSAGE_ID_DOMAIN = "followup.invalid"
"""A Message-ID's right-hand side when the owner has no address: never the machine's host name."""


@dataclass(frozen=True)
class Draft:
    """What the mail client is given: who to, the subject and the text (paragraphs on single lines)."""

    to_name: str | None
    to_email: str | None
    subject: str
    body: str


def mailto_link(to: str | None, subject: str | None, body: str) -> str:
    """`mailto:jane@acme.example?subject=…&body=…`, percent-encoded per RFC 6068.

    Spaces are `%20` (never `+`), line breaks `%0D%0A`. Raises ValueError, saying so, when the link
    would be longer than MAILTO_LIMIT characters, where mail clients break.
    """
    address = quote(to or "", safe="@!$'()*+,;:=")
    text = "\r\n".join(body.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n"))
    query = []
    if subject:
        query.append("subject=" + quote(subject, safe=""))
    if text.strip():
        query.append("body=" + quote(text, safe=""))
    link = "mailto:" + address + ("?" + "&".join(query) if query else "")
    if len(link) > MAILTO_LIMIT:
        raise ValueError(
            f"the mailto: link would be {len(link):,} characters, and mail clients break above {MAILTO_LIMIT:,}"
        )
    return link


def draft_of(journal: Journal, followup: FollowUp) -> Draft:
    """The draft's recipient (their email from people/ or the interview), subject and text."""
    name = followup.to
    email = None
    if name:
        person = journal.people.get(journal.person_of(name))
        email = person.email if person else None
        interview = journal.interviews.get(followup.interview or "")
        if email is None and interview is not None:
            email = next((p.email for p in interview.interviewers if p.name == name and p.email), None)
    return Draft(name, email, followup.subject or "", followup.body.rstrip("\n") + "\n" if followup.body else "")


def new_message_id(journal: Journal) -> str:
    """A fresh `<…@domain>`: the domain of the owner's first address, else MESSAGE_ID_DOMAIN (no host name leaks)."""
    domain = journal.settings.emails[0].rsplit("@", 1)[-1] if journal.settings.emails else MESSAGE_ID_DOMAIN
    return make_msgid(domain=domain)


def eml(journal: Journal, draft: Draft, message_id: str, when: datetime) -> bytes:
    """An unsent RFC 5322 message (`X-Unsent: 1`, which Outlook and Apple Mail open as a draft to send).

    `when` (aware) is its Date; the message is never sent by the product.
    """
    message = EmailMessage()
    owner = journal.settings.owner
    if journal.settings.emails:
        message["From"] = formataddr((owner or "", journal.settings.emails[0]))
    if draft.to_email:
        message["To"] = formataddr((draft.to_name or "", draft.to_email))
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id
    message["X-Unsent"] = "1"
    body = draft.body or "\n"
    # 8bit keeps the text readable in an editor (`compose --edit`); a line too long for SMTP gets quoted-printable.
    readable = all(len(line.encode()) < 990 for line in body.split("\n"))
    message.set_content(body, cte="8bit" if readable else "quoted-printable")
    return message.as_bytes()


def aware_now(journal: Journal) -> datetime:
    """Now, with its offset, in the journal's timezone when one is set (an .eml's Date must carry one)."""
    if journal.settings.timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return datetime.now(ZoneInfo(journal.settings.timezone)).replace(microsecond=0)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # `check` reports it; the machine's zone is used
    return datetime.now().astimezone().replace(microsecond=0)


def write_eml(root: Path, journal: Journal, followup: FollowUp, target: Path) -> FollowUp:
    """Write the draft as an unsent .eml at `target`, and keep its Message-ID on the follow-up (saved
    with the minimal-diff writer), so the reply threads back; the follow-up as it is now on disk.

    `compose --eml`, `compose --edit` and the app's follow-up editor all write through this."""
    from journal import store
    from journal.atomic import atomic_write

    message_id = followup.message_id or new_message_id(journal)
    atomic_write(target, eml(journal, draft_of(journal, followup), message_id, aware_now(journal)))
    if followup.message_id == message_id:
        return followup
    return store.save(root, replace(followup, message_id=message_id)).record  # type: ignore[return-value]
