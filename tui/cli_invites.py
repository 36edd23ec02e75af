"""`followup import invite FILE.ics|FILE.eml`: a calendar invite becomes an interview round.

The reading and planning are `journal.invites`; this front end asks for what the invite cannot
say (the role; the company when the organizer writes from free mail), writes new rounds with
`store.create` and updates with `store.save` (the minimal-diff writer), and says what it did.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from journal import Interview, Journal, store
from journal.agenda import agenda
from journal.invites import Invite, InviteError, Plan, company_of, day_label, find_round, plan, read_invites
from journal.layout import INTERVIEWS
from journal.words import counted, plural
from tui.cli_common import UsageError, load_journal, shown, today


def cmd_import_invite(args: argparse.Namespace, root: Path) -> int:
    """Each event of the file becomes a round, updates the round it made before, or is reported."""
    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{args.file}: {exc.strerror or exc}") from None
    try:
        invites = read_invites(data, path.name)
    except InviteError as exc:
        raise UsageError(str(exc)) from None
    journal = load_journal(root)
    written: list[Interview] = []
    for invite in invites:
        outcome = _plan(journal, invite, args, path.name)
        record = _apply(root, outcome, path.name)
        if record is not None:
            written.append(record)
            journal = replace(journal, interviews={**journal.interviews, record.id: record})
    if written:
        items = agenda(journal, journal.settings.policy, today(journal))
        ids = {record.id for record in written}
        mine = [item for item in items if item.interview in ids and item.state != "snoozed"]
        for item in mine:
            print(f"  {item.state}: {item.title} — due {item.due.isoformat()}")
        rounds = plural(len(written), "round")
        print(f"{counted(len(mine), 'follow-up action')} for the {rounds} imported; see 'followup due'")
    return 0


def _plan(journal: Journal, invite: Invite, args: argparse.Namespace, name: str) -> Plan:
    if invite.cancelled or find_round(journal, invite.uid) is not None:
        return plan(journal, invite)  # an update or a cancellation: the round says company and role
    company = args.company or company_of(invite)
    if not company:
        who = invite.organizer.email if invite.organizer else "nobody"
        company = _ask(f"Company of {invite.summary!r} (organized by {who})", "--company", name, invite)
    role = args.role or _ask(f"Role at {company} for {invite.summary!r}", "--role", name, invite)
    return plan(journal, invite, company=company, role=role, stage=args.stage)


def _ask(question: str, flag: str, name: str, invite: Invite) -> str:
    """Ask on a terminal; from a script (stdin not a tty) the flag is named instead."""
    what = flag.removeprefix("--")
    if not sys.stdin.isatty():
        reason = "the organizer's address names no company" if flag == "--company" else "an invite does not name it"
        raise UsageError(f"{name}: {invite.summary!r} needs a {what} ({reason}); give {flag} {what.upper()}")
    try:
        answer = " ".join(input(f"{question}: ").split())
    except EOFError:
        answer = ""
    if not answer:
        raise UsageError(f"{name}: no {what} given; nothing was imported (give {flag} {what.upper()})")
    return answer


def _apply(root: Path, outcome: Plan, name: str) -> Interview | None:
    """Write what the plan says and print it; returns the round as now on disk (None: nothing written)."""
    invite, old, new = outcome.invite, outcome.old, outcome.new
    where = shown(root / INTERVIEWS / f"{old.id}.md") if old else ""
    title = repr(invite.summary or invite.uid)
    if outcome.action == "create":
        assert new is not None
        record = store.create(root, replace(new, id=store.interview_id(root, new)))
        assert isinstance(record, Interview)
        people = ", ".join(person.name for person in record.interviewers) or "no interviewers listed"
        print(
            f"{name}: created {shown(root / INTERVIEWS / f'{record.id}.md')} — {record.company}, {record.role}, "
            f"{day_label(record.date)} (your time); interviewers: {people}"
        )
        return record
    if outcome.action == "update":
        assert new is not None and old is not None
        saved = store.save(root, new).record
        assert isinstance(saved, Interview)
        changes = "; ".join(_changes(old, saved)) or "no visible change"
        print(f"{name}: updated {where} (invite SEQUENCE {old.invite_sequence or 0} → {invite.sequence}): {changes}")
        return saved
    if outcome.action == "unchanged":
        print(f"{name}: {where} already has this invite (SEQUENCE {invite.sequence}); nothing changed")
    elif outcome.action == "older":
        assert old is not None
        print(
            f"{name}: {where} has a newer version of this invite (SEQUENCE {old.invite_sequence} > "
            f"{invite.sequence}); nothing changed"
        )
    elif outcome.action == "cancel":
        print(
            f"{name}: the organizer cancelled {title} ({where}). A round has no 'cancelled' state, so the file "
            "is left as it is: delete it if the round will not take place, or import the new invite when it is "
            "rescheduled (same UID, higher SEQUENCE) and the round is updated."
        )
    else:
        print(f"{name}: cancels {title}, which is not in the journal; nothing to do")
    return None


def _changes(old: Interview, new: Interview) -> list[str]:
    """What an update changed, in words: `date 2026-11-24 16:00 → 2026-11-25 15:00`, `+ Lena Fischer`."""
    said = []
    if old.date != new.date:
        said.append(f"date {day_label(old.date)} → {day_label(new.date)}")
    if old.location != new.location:
        said.append(f"location {old.location or '(none)'} → {new.location or '(none)'}")
    before = {person.name for person in old.interviewers}
    after = {person.name for person in new.interviewers}
    said += [f"+ {person}" for person in sorted(after - before)] + [f"− {person}" for person in sorted(before - after)]
    return said
