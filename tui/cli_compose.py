"""`followup compose ID`: hand a draft to the mail client as a `mailto:` link or an unsent .eml.

Nothing is sent: the link or the file goes to the user's own mail client. Building is
`journal.compose` (the app uses it too); this front end finds the draft, keeps the .eml's
Message-ID on it with the minimal-diff writer, and writes, prints or opens the result.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from journal import FollowUp, Journal, store
from journal.atomic import atomic_write
from journal.layout import FOLLOWUPS
from tui.cli_common import UsageError, load_journal, shown

COMPOSABLE = ("draft", "scheduled")


def cmd_compose(args: argparse.Namespace, root: Path) -> int:
    from journal.compose import draft_of, eml, mailto_link, new_message_id  # email.*: only when composing

    journal = load_journal(root)
    followup = _followup(journal, args.id)
    draft = draft_of(journal, followup)
    if draft.to_email is None:
        where = f"people/{journal.person_of(draft.to_name)}.md" if draft.to_name else "'to:' of the follow-up"
        print(
            f"note: no e-mail address known for {draft.to_name or 'this draft'}; add 'email:' in {where}",
            file=sys.stderr,
        )
    if args.eml is None and not args.edit:
        try:
            link = mailto_link(draft.to_email, draft.subject, draft.body)
        except ValueError as exc:
            raise UsageError(f"{followup.id}: {exc} (followup compose {followup.id} --eml FILE)") from None
        if args.open:
            import webbrowser

            if webbrowser.open(link):
                print(
                    f"opened a new message to {draft.to_email or '(no address)'} in your mail client; nothing was sent"
                )
                return 0
            print("note: no browser or mail client could be opened; here is the link", file=sys.stderr)
        print(link)
        return 0
    message_id = followup.message_id or new_message_id(journal)
    data = eml(journal, draft, message_id, _aware_now(journal))
    if args.edit:
        target = _edit(data)
    else:
        target = Path(args.eml).expanduser()
        if target.is_dir() or not target.parent.is_dir():
            raise UsageError(f"--eml {args.eml}: give a file name in a folder that exists")
        atomic_write(target, data)
    if followup.message_id != message_id:
        store.save(root, replace(followup, message_id=message_id))
        print(f"kept its Message-ID on {shown(root / FOLLOWUPS / f'{followup.id}.md')}, so the reply threads back")
    print(f"wrote {shown(target)}: open it in your mail client to send it (it is marked unsent; nothing was sent)")
    return 0


def _aware_now(journal: Journal) -> datetime:
    """Now, with its offset, in the journal's timezone when one is set (an .eml's Date must carry one)."""
    if journal.settings.timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return datetime.now(ZoneInfo(journal.settings.timezone)).replace(microsecond=0)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # `check` reports it; the machine's zone is used
    return datetime.now().astimezone().replace(microsecond=0)


def _followup(journal: Journal, wanted: str) -> FollowUp:
    key = wanted.strip().removesuffix(".md").rsplit("/", 1)[-1]
    found = journal.followups.get(key)
    if found is None:
        close = [known for known in journal.followups if known.startswith(key)]
        if len(close) == 1:
            found = journal.followups[close[0]]
        else:
            hint = f"; did you mean {' or '.join(close[:3])}?" if close else "; the followups/ folder lists the ids"
            raise UsageError(f"no follow-up {wanted!r} in {journal.root / FOLLOWUPS}{hint}")
    if found.status not in COMPOSABLE:
        raise UsageError(f"{found.id} is {found.status}, not a draft; compose hands a draft to your mail client")
    return found


def _edit(data: bytes) -> Path:
    """Write the .eml to a temporary file and open it in $VISUAL or $EDITOR; the file is kept."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("--edit: set $EDITOR (or $VISUAL) to your editor, e.g. export EDITOR=nano")
    handle, name = tempfile.mkstemp(prefix="followup-draft-", suffix=".eml")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    try:
        subprocess.run([*shlex.split(editor), name], check=False)
    except OSError as exc:
        raise UsageError(f"--edit: cannot run {editor!r}: {exc.strerror or exc}") from None
    return Path(name)


def register(subparsers: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "compose",
        parents=[common],
        help="hand a draft to your mail client (mailto: link or .eml); never sends",
        description="Hand a draft follow-up to your mail client. Nothing is ever sent by followup.",
    )
    parser.add_argument("id", metavar="ID", help="the draft follow-up (its file name without .md)")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--mailto", action="store_true", help="print a mailto: link (the default)")
    how.add_argument("--eml", metavar="FILE", help="write an unsent RFC 5322 draft (X-Unsent: 1) to FILE")
    how.add_argument("--edit", action="store_true", help="write the .eml to a temporary file and open $EDITOR")
    parser.add_argument("--open", action="store_true", help="with --mailto: open the link instead of printing it")
    parser.set_defaults(func=cmd_compose, one_shot=True)
