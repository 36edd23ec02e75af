"""`followup import mail FILE… | - | --mbox FILE | --maildir DIR`: the mail you already have, logged.

The reading, matching and writing are `journal.mail` and `journal.mail_import`; this prints
what each message became, lists what was left out and why, and says what is due now.
"""

from __future__ import annotations

import argparse
import mailbox
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from journal import load
from journal.agenda import agenda
from journal.layout import CONFIG, FOLLOWUPS
from journal.mail import Mail, Unreadable, file_messages, maildir_messages, mbox_messages, read_mail
from journal.mail_import import Outcome, import_mails
from journal.words import counted
from tui.cli_common import UsageError, load_journal, shown, today
from tui.cli_records import find_interview


def cmd_import_mail(args: argparse.Namespace, root: Path) -> int:
    """Each message a follow-up; exit 1 when some message was unreadable, unmatched or ambiguous."""
    if not (args.files or args.mbox or args.maildir):
        raise UsageError("import mail: give message files, - for standard input, --mbox FILE or --maildir DIR")
    journal = load_journal(root)
    forced = find_interview(journal, args.interview)
    mails, unreadable = _read_all(args)
    if not journal.settings.emails:
        print(
            f"note: {CONFIG} has no 'emails:', so every message counts as received; add your addresses "
            "(emails: [you@example.org]) to log the mail you sent as sent",
            file=sys.stderr,
        )
    outcomes = list(import_mails(root, journal, mails, interview=forced))
    for outcome in outcomes:
        _report(root, outcome)
    left = [outcome for outcome in outcomes if outcome.action in ("unmatched", "ambiguous")]
    for outcome in left:
        mail = outcome.mail
        print(
            f"{mail.where}: not imported ({outcome.action}): from {mail.sender}, {mail.subject!r}, "
            f"{mail.sent:%Y-%m-%d %H:%M}: {outcome.why}; settle it with --interview ID"
        )
    for item in unreadable:
        print(f"{item.where}: error: {item.reason}", file=sys.stderr)
    count = {action: sum(1 for outcome in outcomes if outcome.action == action) for action in _ACTIONS}
    received = sum(1 for item in outcomes if item.action == "created" and item.record and item.record.is_reply)
    sent = count["created"] - received + count["sent"]
    unsent = f"{counted(count['unsent'], 'unsent draft')} skipped; " if count["unsent"] else ""
    print(
        f"imported {counted(count['created'] + count['sent'], 'message')}: {received} received, {sent} sent "
        f"({count['sent']} of them drafts, now marked sent); {count['known']} already in the journal; {unsent}"
        f"{count['unmatched']} unmatched, {count['ambiguous']} ambiguous, {len(unreadable) + count['failed']} unreadable"
    )
    if count["created"] or count["sent"]:
        fresh = load(root)
        due = sum(1 for item in agenda(fresh, fresh.settings.policy, today(fresh)) if item.state != "upcoming")
        print(f"{counted(due, 'follow-up action')} due now; see 'followup due'")
    return 1 if left or unreadable or count["failed"] else 0


_ACTIONS = ("created", "sent", "known", "unsent", "unmatched", "ambiguous", "failed")


def _report(root: Path, outcome: Outcome) -> None:
    where, record = outcome.mail.where, outcome.record
    path = shown(root / FOLLOWUPS / f"{record.id}.md") if record is not None else ""
    attached = outcome.mail.attachments
    note = f" (attachments not stored: {', '.join(attached)})" if attached else ""
    if outcome.action == "created":
        print(f"{where}: created {path}: {outcome.why}{note}")
    elif outcome.action == "sent":
        print(f"{where}: marked {path} sent: {outcome.why}")
        for reason in outcome.warnings:
            print(f"warning: {reason}", file=sys.stderr)
    elif outcome.action in ("known", "unsent"):
        print(f"{where}: skipped: {outcome.why}")
    elif outcome.action == "failed":
        print(f"{where}: error: {outcome.why}", file=sys.stderr)


def _read_all(args: argparse.Namespace) -> tuple[list[Mail], list[Unreadable]]:
    """Every message of every source, read before anything is written: a source that cannot be opened is a usage error.

    Messages are read one at a time and only what a follow-up needs is kept, so a mailbox of
    gigabytes (attachments included) does not have to fit in memory.
    """
    mails: list[Mail] = []
    unreadable: list[Unreadable] = []
    sources = [(name, Path(name).expanduser(), file_messages) for name in args.files]
    sources += [(name, Path(name).expanduser(), mbox_messages) for name in args.mbox]
    sources += [(name, Path(name).expanduser(), maildir_messages) for name in args.maildir]
    for name, path, reader in sources:
        try:
            for where, data in _stdin() if name == "-" else reader(path):
                found = read_mail(data, where)
                if isinstance(found, Mail):
                    mails.append(found)
                else:
                    unreadable.append(found)
        except (OSError, mailbox.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise UsageError(f"{name}: {reason}; nothing was imported") from None
    return mails, unreadable


def _stdin() -> Iterator[tuple[str, bytes]]:
    """The message on standard input, or each message of an mbox piped in."""
    data = sys.stdin.buffer.read()
    if not data.startswith(b"From "):
        yield "stdin", data
        return
    with tempfile.TemporaryDirectory() as folder:  # `mailbox` reads files
        path = Path(folder) / "stdin"
        path.write_bytes(data)
        yield from mbox_messages(path)
