"""The journal's git state and commits, through the real `git` command (run in workers).

Nothing here touches the UI: the app calls these from thread workers and shows the result.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from journal.layout import CACHE_DIR, FOLLOWUPS, INTERVIEWS, PEOPLE
from journal.model import Journal

JOURNAL = (".", f":(exclude){CACHE_DIR}")
"""What status and commit look at: the journal, never its cache and kept copies, even without a .gitignore."""


class GitError(Exception):
    """A git command failed; the message is git's own explanation."""


@dataclass(frozen=True)
class Change:
    """One changed path under the journal, as `git status` reports it."""

    code: str
    """Two-letter porcelain status (`??` untracked, ` M` modified, `D ` deleted, …)."""
    path: str
    """Relative to the journal root, forward slashes."""

    @property
    def added(self) -> bool:
        return self.code == "??" or "A" in self.code

    @property
    def deleted(self) -> bool:
        return "D" in self.code


@dataclass(frozen=True)
class GitStatus:
    repo: bool
    changes: tuple[Change, ...] = ()
    error: str | None = None

    @property
    def label(self) -> str:
        if self.error:
            return f"git: {self.error}"
        if not self.repo:
            return "not a git repository"
        if not self.changes:
            return "clean"
        count = len(self.changes)
        return f"{count} uncommitted change{'s' if count != 1 else ''}"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took too long") from None


def status(root: Path) -> GitStatus:
    """Whether the journal is in a repository and what is uncommitted under it."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel")
    except GitError as exc:
        return GitStatus(repo=False, error=str(exc))
    if top.returncode != 0:
        return GitStatus(repo=False)
    result = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *JOURNAL)
    if result.returncode != 0:
        return GitStatus(
            repo=True, error=result.stderr.strip().splitlines()[0] if result.stderr.strip() else "status failed"
        )
    toplevel = Path(top.stdout.strip()).resolve()
    base = Path(root).resolve()
    changes = []
    fields = iter(result.stdout.split("\0"))
    for entry in fields:
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            next(fields, None)  # the old name of a rename
        try:
            rel = (toplevel / path).resolve().relative_to(base).as_posix()
        except ValueError:
            continue
        changes.append(Change(code, rel))
    return GitStatus(repo=True, changes=tuple(changes))


def init(root: Path) -> None:
    result = _git(root, "init", "-q")
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or "git init failed")


def commit(root: Path, message: str) -> str:
    """Stage everything under the journal but `.followup/` and commit it; returns the short commit id."""
    added = _git(root, "add", "-A", "--", ".")
    if added.returncode != 0:
        raise GitError(added.stderr.strip() or "git add failed")
    # Not `add -- . ':(exclude).followup'`: git fails that when a .gitignore already leaves .followup/ out.
    unstaged = _git(root, "reset", "-q", "--", CACHE_DIR)
    if unstaged.returncode != 0:
        raise GitError(unstaged.stderr.strip() or "git reset failed")
    done = _git(root, "commit", "-q", "-m", message, "--", *JOURNAL)
    if done.returncode != 0:
        text = (done.stderr or done.stdout).strip()
        raise GitError(text.splitlines()[-1] if text else "git commit failed")
    head = _git(root, "rev-parse", "--short", "HEAD")
    return head.stdout.strip()


def describe(journal: Journal, change: Change) -> str:
    """One change in words: `Log thank-you to Jane Doe (Acme Corp)`, `Add interview …`."""
    folder, _, name = change.path.partition("/")
    record_id = name[:-3] if name.endswith(".md") else name
    if folder == FOLLOWUPS and record_id in journal.followups:
        item = journal.followups[record_id]
        company = journal.interviews[item.interview].company if item.interview in journal.interviews else None
        about = f" ({company})" if company else ""
        if change.added:
            if item.is_reply:
                return f"Log reply from {item.to or 'someone'}{about}"
            verb = "Draft" if item.status in ("draft", "scheduled") else "Log"
            return f"{verb} {item.kind} to {item.to or 'someone'}{about}"
        return f"Update {item.kind} to {item.to or 'someone'}{about}"
    if folder == INTERVIEWS and record_id in journal.interviews:
        interview = journal.interviews[record_id]
        return f"{'Add' if change.added else 'Update'} interview {interview.title}"
    if folder == PEOPLE and record_id in journal.people_files:
        return f"{'Add' if change.added else 'Update'} person {journal.people_files[record_id].name}"
    if change.deleted:
        return f"Delete {change.path}"
    return f"{'Add' if change.added else 'Update'} {change.path}"


def commit_message(journal: Journal, changes: tuple[Change, ...]) -> str:
    """A subject line from what changed; with several changes, a list of them below it."""
    if not changes:
        return "Update journal"
    lines = [describe(journal, change) for change in changes]
    if len(lines) == 1:
        return lines[0]
    records = sum(1 for change in changes if change.path.endswith(".md"))
    subject = f"Update {records} records" if records == len(changes) else f"Update {len(changes)} files"
    return subject + "\n\n" + "\n".join(f"- {line}" for line in lines)
