"""The `followup` command line: a thin front end over the journal core.

Every subcommand handler is `handler(args, root) -> int`. Reading the command line loads
only argparse and the core's plain types (records, layout, problems); each command imports
its work when it runs, so `followup build` with nothing to do answers from file stats without
loading YAML, the rules, mail or the site builder. `tests/journal/test_core_layering.py` holds
this.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from journal.heap import Retained, paused_gc
from journal.layout import CONFIG, FOLDERS, find_root
from journal.problems import JournalError, JournalNotFound, RecordError, SaveError
from tui import cli_compose, cli_git, cli_import, cli_notify, cli_records, cli_reports
from tui.cli_common import OWNER_HINT, UsageError, shown, today

PROG = "followup"
DEMO_FOLDER = "followup-demo"


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit 2) that point at --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Follow-up Journal: track interviews and the follow-ups that decide them.",
        epilog="With no command, opens the terminal app on the journal.",
    )
    journal_help = "the journal folder (default: $FOLLOWUP_JOURNAL, else the nearest folder with journal.yaml)"
    parser.add_argument("-C", "--journal", metavar="DIR", help=journal_help)
    parser.set_defaults(func=cmd_open, needs_journal=True)
    # `-C` is accepted after the subcommand too (`followup due -C DIR`).
    common = _Parser(add_help=False)
    common.add_argument("-C", "--journal", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser("init", help="create a journal (and a git repository if none)")
    init.add_argument("dir", nargs="?", default=".", metavar="DIR", help="where (default: the current folder)")
    init.add_argument("--owner", metavar="NAME", help="your name, to sign messages")
    init.add_argument("--title", metavar="TEXT", help="the site's title")
    init.set_defaults(func=cmd_init, needs_journal=False)

    demo = commands.add_parser("demo", help="create a realistic sample journal, then open it")
    demo.add_argument("dir", nargs="?", default=DEMO_FOLDER, metavar="DIR", help=f"where (default: ./{DEMO_FOLDER})")
    demo.add_argument("--no-tui", action="store_true", help="only write the journal; do not open the app")
    demo.set_defaults(func=cmd_demo, needs_journal=False)

    cli_records.register(commands, common)
    cli_import.register(commands, common)
    cli_reports.register(commands, common)
    cli_compose.register(commands, common)
    cli_notify.register(commands, common)
    cli_git.register(commands, common)
    _register_site(commands, common)
    return parser


def _register_site(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """`build` and `serve` come from the site builder, when it is installed."""
    try:
        from site_builder import cli as site_cli
    except ImportError:
        return
    site_cli.register(commands, common)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 problems found, 2 bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(cli_import.with_kind(list(sys.argv[1:] if argv is None else argv)))
    except SystemExit as exc:  # --help, or a usage error already printed on one line
        return exc.code if isinstance(exc.code, int) else 2
    try:
        root = _root(args)
        if getattr(args, "one_shot", False):
            # A command that answers and exits builds tens of thousands of acyclic records:
            # the cyclic collector walking them again and again would only slow the answer.
            Retained.one_shot = True
            with paused_gc():
                return int(args.func(args, root))
        return int(args.func(args, root))
    except (UsageError, JournalNotFound, RecordError) as exc:
        return _fail(str(exc), 2)
    except SaveError as exc:  # includes ConflictError: nothing was written
        return _fail(str(exc), 1)
    except JournalError as exc:
        return _fail(str(exc), 1)
    except BrokenPipeError:  # `followup due | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}", 1)


def run() -> NoReturn:
    """The `followup` console script: `main`, leaving without freeing memory after a one-shot command."""
    Retained.enabled = True
    code = main()
    if Retained.one_shot:  # it has answered, and nothing else is pending: no teardown of its heap
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # `followup due | head`: the reader left; like main, exit 1
            code = code or 1
        os._exit(code)
    sys.exit(code)


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def _root(args: argparse.Namespace) -> Path:
    if not getattr(args, "needs_journal", True):
        return Path(args.dir).expanduser()
    root = find_root(args.journal)
    if not any((root / name).exists() for name in (CONFIG, *FOLDERS)):
        # -C or $FOLLOWUP_JOURNAL naming some other folder is a typo, not an empty journal.
        raise JournalNotFound(
            f"{root} is not a journal (no journal.yaml); run 'followup init {shown(root)}' to make one"
        )
    return root


def cmd_open(args: argparse.Namespace, root: Path) -> int:
    """No command: the terminal app on the journal."""
    return open_app(root)


def open_app(root: Path) -> int:
    try:
        from tui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name != "tui.app":
            raise
        print(
            f"The terminal app is not part of this version yet; try 'followup -C {shown(root)} due' "
            "or 'followup --help'."
        )
        return 0
    return run_app(root)


def cmd_init(args: argparse.Namespace, root: Path) -> int:
    """Create a journal folder; safe to re-run (existing files are left alone, but --owner is set)."""
    from journal.settings import load_settings
    from journal.settings_edit import set_owner
    from journal.store import init_journal

    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a folder")
    existing = (root / CONFIG).is_file()
    owner = args.owner
    if owner is not None and not owner.strip():
        raise UsageError("--owner must not be empty")
    if owner is None and sys.stdin.isatty() and not (existing and load_settings(root / CONFIG)[0].owner):
        owner = _ask_owner()
    created = init_journal(root, owner=owner, title=args.title)
    where = shown(root.resolve())
    if created:
        print(f"Created a journal in {where}: {', '.join(created)}")
    elif not (existing and owner):
        print(f"{where} already holds a journal; nothing changed")
    if existing and owner:
        changed = set_owner(root, owner)
        print(f"Your messages are signed {' '.join(owner.split())!r}" + ("" if changed else " (as before)"))
    _setup_merge_driver(root)
    if not (root / ".git").exists():
        print("No git repository was made here: the folder is inside one already, or git is not installed.")
    if not load_settings(root / CONFIG)[0].owner:
        print("Note: " + OWNER_HINT.format(where=shown(root)))
    print("Next: followup new interview --company C --role R   then   followup due")
    return 0


def _setup_merge_driver(root: Path, *, say: bool = True) -> None:
    """In a repository, configure this clone's record merge driver (`.gitattributes` asks for it)."""
    from tui import gitops, gitsync

    try:
        for step in gitsync.setup(root):
            if say and "configured" in step:
                print("Records merge field by field on this clone (followup sync --setup on other clones).")
    except gitops.GitError:
        pass  # not a repository: nothing merges


def _ask_owner() -> str | None:
    """Ask on the terminal for the name that signs messages; Enter (or end of input) skips."""
    try:
        answer = input("Your name, to sign your messages (Enter to skip): ")
    except EOFError:
        return None
    return " ".join(answer.split()) or None


def cmd_demo(args: argparse.Namespace, root: Path) -> int:
    """Write the sample journal (or reopen an earlier one), then open the app."""
    from journal.agenda import agenda
    from journal.demo import is_demo, write_demo
    from journal.loader import load

    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a folder")
    if root.is_dir() and any(root.iterdir()):
        if not is_demo(root):
            raise UsageError(f"{root} is not empty and is not a demo journal; choose a new folder: followup demo DIR")
        print(f"{shown(root.resolve())} already holds the demo journal; opening it as it is")
    else:
        write_demo(root, today())
        _setup_merge_driver(root, say=False)
        journal = load(root)
        items = agenda(journal, journal.settings.policy, today(journal))
        counts = {state: sum(1 for item in items if item.state == state) for state in ("overdue", "today", "upcoming")}
        print(
            f"Wrote a sample journal to {shown(root.resolve())}: {len(journal.interviews)} interviews, "
            f"{len(journal.followups)} follow-ups; {counts['overdue']} overdue, {counts['today']} due today, "
            f"{counts['upcoming']} upcoming."
        )
        print(f"Try: followup -C {shown(root)} due")
    if args.no_tui:
        return 0
    return open_app(root.resolve())


if __name__ == "__main__":
    run()
