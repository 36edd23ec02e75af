"""`followup compose ID`: hand a draft to the mail client as a `mailto:` link or an unsent .eml.

Nothing is sent: the link or the file goes to the user's own mail client. Building is
`journal.compose` (the app uses it too); this front end finds the draft, keeps the .eml's
Message-ID on it with the minimal-diff writer, and writes, prints or opens the result.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.layout import FOLLOWUPS
from tui.cli_common import UsageError, load_journal, shown

if TYPE_CHECKING:
    from journal.model import Journal
    from journal.records import FollowUp

COMPOSABLE = ("draft", "scheduled")


def cmd_compose(args: argparse.Namespace, root: Path) -> int:
    from journal.compose import draft_of, mailto_link, write_eml  # email.*: only when composing
    from journal.templates import unfilled

    journal = load_journal(root)
    followup = _followup(journal, args.id)
    draft = draft_of(journal, followup)
    for note in unfilled(draft.subject, draft.body):
        print(f"note: {shown(root / FOLLOWUPS / f'{followup.id}.md')}: {note}", file=sys.stderr)
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
            raise UsageError(
                f"{followup.id}: {exc}; write it as a draft file instead: followup compose {followup.id} --eml FILE"
            ) from None
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
    editor = _editor() if args.edit else ""
    if args.edit:
        import tempfile

        target = Path(tempfile.mkdtemp(prefix="followup-compose-")) / f"{followup.id}.eml"
    else:
        target = Path(args.eml).expanduser()
        if target.is_dir() or not target.parent.is_dir():
            raise UsageError(f"--eml {args.eml}: give a file name in a folder that exists")
    saved = write_eml(root, journal, followup, target)
    if args.edit:
        _edit(editor, target)
    if saved.message_id != followup.message_id:
        print(f"kept its Message-ID on {shown(root / FOLLOWUPS / f'{followup.id}.md')}, so the reply threads back")
    print(f"wrote {shown(target)}: open it in your mail client to send it (it is marked unsent; nothing was sent)")
    return 0


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


def _editor() -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("--edit: set $EDITOR (or $VISUAL) to your editor, e.g. export EDITOR=nano")
    return editor


def _edit(editor: str, target: Path) -> None:
    """Open the written .eml (a temporary file, kept) in $VISUAL or $EDITOR."""
    import subprocess

    try:
        subprocess.run([*shlex.split(editor), str(target)], check=False)
    except OSError as exc:
        raise UsageError(f"--edit: cannot run {editor!r}: {exc.strerror or exc}") from None


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
