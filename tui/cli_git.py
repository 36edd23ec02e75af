"""`followup sync` and `followup merge-driver`: one journal on several machines, over git."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journal.atomic import atomic_write
from journal.layout import CONFIG
from tui.cli_common import UsageError


def cmd_merge_driver(args: argparse.Namespace, root: Path) -> int:
    """Git's merge driver (SPEC 2.6): merge %A with %B against %O into %A; exit 1 when conflicts remain."""
    from journal.gitmerge import merge_file

    paths = [Path(args.base), Path(args.ours), Path(args.theirs)]
    try:
        base, ours, theirs = (path.read_bytes() for path in paths)
    except OSError as exc:
        print(f"followup merge-driver: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    shown = args.path or args.ours
    merged = merge_file(_journal_relative(shown), base, ours, theirs)
    atomic_write(Path(args.ours), merged.data)
    for line, what in merged.conflicts:
        about = "these lines" if what == "lines" else ("the text" if what == "body" else f"'{what}'")
        print(
            f"{shown}:{line}: conflict: both sides changed {about}; keep one side and remove the markers",
            file=sys.stderr,
        )
    return 0 if merged.clean else 1


def _journal_relative(path: str) -> str:
    """%P relative to its journal (the nearest folder above it with journal.yaml): a journal may be a
    folder of a larger repository, and the driver knows records by their folder."""
    parts = Path(path).parts
    for cut in range(len(parts) - 1, -1, -1):
        if (Path(*parts[:cut]) / CONFIG if cut else Path(CONFIG)).is_file():
            return "/".join(parts[cut:])
    return "/".join(parts)


def cmd_sync(args: argparse.Namespace, root: Path) -> int:
    """Commit, fetch, fast-forward or rebase (records merged field by field), push; never force."""
    from tui import gitops, gitsync

    if args.setup:
        try:
            done = gitsync.setup(root)
        except gitops.GitError as exc:
            raise UsageError(str(exc)) from None
        print("\n".join(done) if done else "already set up: records merge field by field on this clone")
        return 0
    message = None
    status = gitops.status(root)
    if status.changes:
        from journal.loader import load
        from tui.commit_message import commit_message

        message = commit_message(load(root), status.changes, lambda rel: gitops.committed(root, rel))
    try:
        result = gitsync.sync(root, message, push=not args.no_push, dry_run=args.dry_run)
    except gitops.GitError as exc:
        print(f"followup sync: {exc}", file=sys.stderr)
        return 1
    for step in result.steps:
        print(step)
    if not result.stopped:
        return 0
    for path, line in result.conflicts:
        print(f"{path}:{line}: conflict left by the merge", file=sys.stderr)
    print(
        "Resolve each conflict (keep one side, remove the <<<<<<< ======= >>>>>>> lines; 'followup check' lists "
        "them), then finish with: git add -A && git commit --no-edit    or give the merge up with: git merge --abort",
        file=sys.stderr,
    )
    return 1


def register(subparsers: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `sync` and `merge-driver` to the command line."""
    sync = subparsers.add_parser("sync", parents=[common], help="commit, fetch, rebase with the merge driver, push")
    sync.add_argument("--setup", action="store_true", help="configure the record merge driver on this clone, then stop")
    sync.add_argument("--no-push", action="store_true", help="bring the remote's commits in, but do not push")
    sync.add_argument("--dry-run", action="store_true", help="say what would be committed, pulled and pushed")
    sync.set_defaults(func=cmd_sync)

    driver = subparsers.add_parser("merge-driver", help="git's merge driver for journal records (git runs it)")
    driver.add_argument("base", metavar="O", help="the common ancestor's version (%%O)")
    driver.add_argument("ours", metavar="A", help="our version, replaced by the merge (%%A)")
    driver.add_argument("theirs", metavar="B", help="their version (%%B)")
    driver.add_argument("path", metavar="P", nargs="?", help="the file's path in the repository (%%P)")
    driver.set_defaults(func=cmd_merge_driver, needs_journal=False, dir=".")
