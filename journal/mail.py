"""Mail files read into what `followup import mail` needs: who wrote to whom, when, about what, and the new text.

Messages come as single files (`.eml`), from standard input, from an mbox file or from a
Maildir folder (Python's `email` and `mailbox`, with the `default` policy, so RFC 2047 headers
and any declared charset are decoded). A message that cannot be read is an `Unreadable`
naming its file and its index; the others are still read. Matching is `journal.mail_match`,
writing `journal.mail_import`, HTML to text `journal.mail_html`, trimming the quoted history
`journal.mail_trim`.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import hashlib
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from journal.mail_html import html_to_text
from journal.mail_trim import trim

_ID = re.compile(r"<([^<>\s]+)>")
_READ_ERRORS = (ValueError, IndexError, TypeError, LookupError, AttributeError, email.errors.MessageError)
"""What the `email` package raises on a header or part it cannot make sense of."""


@dataclass(frozen=True)
class Address:
    name: str
    """The display name as written (`Jane Doe`), or "" when the header gives only the address."""
    email: str
    """Lower case."""

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Mail:
    """One message, read: the fields a follow-up is made of, and what matching needs."""

    where: str
    """`reply.eml`, or `inbox.mbox: message 3`: how the user finds it again."""
    message_id: str
    """The `Message-ID` as written (`<…@…>`); for a message without one, a stable stand-in."""
    thread: tuple[str, ...]
    """`In-Reply-To`, then `References` newest first, as `message_key`s: the messages it answers."""
    sender: Address
    recipients: tuple[Address, ...]
    """`To` then `Cc`."""
    subject: str
    sent: datetime
    """The `Date` header, with its offset (UTC when it gave none)."""
    text: str
    """The new text: quoted history, forwarded headers and client signatures trimmed."""
    attachments: tuple[str, ...] = ()
    """File names of attached files (listed, never stored)."""
    unsent: bool = False
    """`X-Unsent: 1`: a draft handed to a mail client (`followup compose --eml`), not a message anyone sent."""


@dataclass(frozen=True)
class Unreadable:
    """A message that is not a usable mail, and why; the rest of its batch is still read."""

    where: str
    reason: str


_C1 = re.compile("[\x80-\x9f]")


def _windows_1252(text: str) -> str:
    """Text declared ISO-8859-1 but written by Windows: its C1 controls are Windows-1252's `–`, `’`, `€` ….

    (Every mail reader does the same, as the WHATWG encoding standard says; the controls
    themselves never belong in a message.)
    """

    def fix(found: re.Match[str]) -> str:
        try:
            return found.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return ""

    return _C1.sub(fix, text)


def message_key(message_id: str) -> str:
    """A Message-ID as compared: without angle brackets and spaces, case-folded."""
    return message_id.strip().strip("<>").strip().casefold()


def read_mail(data: bytes, where: str) -> Mail | Unreadable:
    """Parse one message's bytes; anything that makes it unusable is an `Unreadable` (never an exception)."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return _mail(message, data, where)
    except _READ_ERRORS as exc:
        return Unreadable(where, f"cannot be read as a mail message ({exc})")


def _mail(message: EmailMessage, data: bytes, where: str) -> Mail | Unreadable:
    if not message.keys():
        return Unreadable(where, "not a mail message (no headers); not imported")
    senders = _addresses(message, "From")
    if not senders:
        return Unreadable(where, "no sender: the From: header is missing or holds no address; not imported")
    sent = _date(message)
    if sent is None:
        return Unreadable(where, "no date: the Date: header is missing or not a usable date; not imported")
    subject = " ".join(_windows_1252(str(message.get("Subject", ""))).split())
    text, attachments = _content(message)
    text = _windows_1252(text)
    raw_id = str(message.get("Message-ID", "")).strip()
    found = _ID.search(raw_id)
    if found is not None:
        message_id = f"<{found.group(1)}>"
    else:  # a stand-in that is the same each time the same message is imported
        digest = hashlib.sha256(b"\n".join([senders[0].email.encode(), sent.isoformat().encode(), data])).hexdigest()
        message_id = f"<{digest[:32]}@no-message-id.invalid>"
    replied = _ids(str(message.get("In-Reply-To", "")))
    references = list(reversed(_ids(str(message.get("References", "")))))
    thread = tuple(dict.fromkeys(message_key(item) for item in replied + references))
    recipients = tuple(dict.fromkeys(_addresses(message, "To") + _addresses(message, "Cc")))
    unsent = str(message.get("X-Unsent", "")).strip() == "1"
    return Mail(where, message_id, thread, senders[0], recipients, subject, sent, trim(text), attachments, unsent)


def _ids(header: str) -> list[str]:
    return _ID.findall(header)


def _addresses(message: EmailMessage, name: str) -> list[Address]:
    found: list[Address] = []
    for header in message.get_all(name) or []:
        try:
            pairs = [(item.display_name, item.addr_spec) for item in header.addresses]
        except (AttributeError, *_READ_ERRORS):
            pairs = getaddresses([str(header)])
        for display, spec in pairs:
            if "@" in spec and spec.rpartition("@")[2]:
                name = " ".join(_windows_1252(display).split()).strip("'\" ")
                found.append(Address(name, spec.strip().casefold()))
    return found


def _date(message: EmailMessage) -> datetime | None:
    """The Date header; failing that, the date of the newest `Received:` hop."""
    header = message.get("Date")
    when = getattr(header, "datetime", None) if header is not None else None
    if not isinstance(when, datetime):
        for received in message.get_all("Received") or []:
            with_date = str(received).rpartition(";")[2].strip()
            try:
                when = parsedate_to_datetime(with_date)
            except (TypeError, ValueError, IndexError):
                continue
            break
    if not isinstance(when, datetime) or not 1900 <= when.year < 2200:
        return None  # (a year outside the journal's range is a typo the journal would refuse)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def local_moment(sent: datetime, zone: tzinfo | None) -> datetime:
    """When a message was sent as the journal writes times: local (the journal's zone, else the machine's), to the minute."""
    local = sent.astimezone(zone) if zone is not None else sent.astimezone()
    return local.replace(tzinfo=None, second=0, microsecond=0)


def _content(message: EmailMessage) -> tuple[str, tuple[str, ...]]:
    """The body as text (plain preferred, else HTML converted) and the names of attached files."""
    body = message.get_body(preferencelist=("plain", "html"))
    text = _text_of(body) if isinstance(body, EmailMessage) else ""
    if isinstance(body, EmailMessage) and body.get_content_subtype() == "plain" and not text.strip():
        html = message.get_body(preferencelist=("html",))  # an empty plain part beside the real, HTML one
        body = html if isinstance(html, EmailMessage) else body
        text = _text_of(body)
    if isinstance(body, EmailMessage) and body.get_content_subtype() == "html":
        text = html_to_text(text)
    elif isinstance(body, EmailMessage) and str(body.get_param("format", "")).lower() == "flowed":
        text = unflow(text, delsp=str(body.get_param("delsp", "")).lower() == "yes")
    attachments: list[str] = []
    for part in message.walk():
        if part is body or part.is_multipart():
            continue
        name = part.get_filename()
        inline_image = part.get_content_disposition() == "inline" and part.get_content_maintype() == "image"
        if name and not inline_image:
            attachments.append(" ".join(name.split()))
        elif part.get_content_disposition() == "attachment":
            attachments.append(f"(unnamed {part.get_content_type()})")
    return text, tuple(attachments)


def unflow(text: str, *, delsp: bool = False) -> str:
    """`format=flowed` text (RFC 3676) with its soft line breaks joined: a paragraph is one line again.

    A line ending in a space continues on the next (of the same quote depth); a leading space
    was added for transport and is dropped; the signature line `-- ` is never joined.
    """
    out: list[str] = []
    joining = False
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        content = content[1:] if content.startswith(" ") else content
        prefix = ">" * depth + (" " if depth else "")
        if joining and out and out[-1].startswith(prefix if depth else "") and _depth(out[-1]) == depth:
            out[-1] += content
        else:
            out.append(prefix + content if depth else content)
        joining = content.endswith(" ") and content != "-- "
        if joining and delsp:
            out[-1] = out[-1][:-1]
    return "\n".join(out)


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(">"))


def _text_of(part: EmailMessage) -> str:
    """A text part decoded by its charset; an unknown or wrong charset falls back to UTF-8, then Windows-1252."""
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except (LookupError, UnicodeError, *_READ_ERRORS):
        pass
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def file_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    """The messages of one file: a single message, or each message of an mbox (a file starting `From `)."""
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        yield from mbox_messages(path)
        return
    yield path.name, path.read_bytes()


def mbox_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    """Each message of an mbox file, labelled `NAME: message N` (N from 1)."""
    with path.open("rb") as handle:
        if handle.read(5) not in (b"From ", b""):
            raise mailbox.FormatError(
                f"{path.name} is not an mbox file (it does not start with 'From '); give it as FILE"
            )
    box = mailbox.mbox(path, create=False)
    try:
        for index, key in enumerate(box.iterkeys(), start=1):
            yield f"{path.name}: message {index}", box.get_bytes(key)
    finally:
        box.close()


def maildir_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    """Each message of a Maildir folder (`new/` and `cur/`), in file-name order, labelled `DIR: message N (KEY)`."""
    if not (path / "cur").is_dir() and not (path / "new").is_dir():
        raise mailbox.NoSuchMailboxError(f"{path} is not a Maildir folder (it has no cur/ or new/ folder)")
    box = mailbox.Maildir(path, create=False)
    for index, key in enumerate(sorted(box.iterkeys()), start=1):
        yield f"{path.name}: message {index} ({key})", box.get_bytes(key)
