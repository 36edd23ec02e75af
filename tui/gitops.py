"""The journal's git state and commits, through the real `git` command (run in workers).

Nothing here touches the UI: the app calls these from thread workers and shows the result.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from journal.layout import CACHE_DIR
from journal.words import counted

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
    upstream: str | None = None
    """The branch's upstream (`origin/main`), when it has one: what `followup sync` syncs with."""
    ahead: int = 0
    """Commits here that the upstream lacks, as of the last fetch."""
    behind: int = 0
    """Commits of the upstream (as last fetched) not here."""
    remote: bool = False
    """Whether the repository has a remote at all (with none, there is nothing to sync with)."""

    @property
    def label(self) -> str:
        if self.error:
            return f"git: {self.error}"
        if not self.repo:
            return "not a git repository"
        count = len(self.changes)
        state = f"{counted(count, 'uncommitted change')}" if count else "clean"
        if self.upstream is None:
            return state
        if not (count or self.ahead or self.behind):
            return f"{state}, in sync with {self.upstream}"
        moves = [f"{n} to {verb}" for n, verb in ((self.ahead, "push"), (self.behind, "pull")) if n]
        return f"{state}{', ' if moves else ''}{', '.join(moves)}: F5 syncs"


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
    return GitStatus(True, tuple(changes), None, *_tracking(root))


def _tracking(root: Path) -> tuple[str | None, int, int, bool]:
    """The upstream, how far HEAD is ahead and behind it (no network: as of the last fetch), and
    whether there is a remote at all."""
    upstream = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    if upstream.returncode != 0:
        return None, 0, 0, bool(_git(root, "remote").stdout.strip())
    counts = _git(root, "rev-list", "--left-right", "--count", "HEAD...@{u}")
    try:
        ahead, behind = (int(number) for number in counts.stdout.split())
    except ValueError:
        return upstream.stdout.strip(), 0, 0, True
    return upstream.stdout.strip(), ahead, behind, True


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


def committed(root: Path, rel: str) -> bytes | None:
    """A file's bytes as last committed (None: not in HEAD, no commit yet, or git failed)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "show", f"HEAD:./{rel}"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None
