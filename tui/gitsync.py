"""Two machines, one journal: the merge driver's set-up and `followup sync`, through the real `git`.

`sync` commits what is uncommitted (with the message the app's commit writes), fetches, then
fast-forwards or rebases the local commits onto the remote, the merge driver
(`journal.gitmerge`) resolving record conflicts field by field, and pushes. It never forces,
and never leaves the repository mid-rebase: when a conflict remains, the rebase is given up and
the remote merged instead, so the repository is as git leaves it after a failed merge, with
the conflicting files and lines listed and the two commands that finish or abort it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from journal.problems import Problem
from journal.store import MERGE_ATTRIBUTES
from journal.words import counted
from tui import gitops
from tui.gitops import GitError

DRIVER = "followup"
"""The merge driver's name in `.gitattributes` (`merge=followup`) and in git's config."""
SETUP = "followup sync --setup"
"""The one command that sets a clone up (said by `check` when the driver is missing)."""


def driver_command() -> str:
    """What git runs for a conflicting journal file: this Python, so no PATH or venv is needed."""
    return f"{shlex.quote(sys.executable)} -m tui merge-driver %O %A %B %P"


def _git(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took more than {timeout:.0f} s (is the remote reachable?)") from None


def _out(result: subprocess.CompletedProcess[str]) -> str:
    return (result.stderr or result.stdout).strip()


def _ok(root: Path, *args: str) -> str:
    result = _git(root, *args)
    if result.returncode != 0:
        raise GitError(f"git {args[0]} failed: {_out(result) or 'no message'}")
    return result.stdout.strip()


# Set-up ---------------------------------------------------------------------------------


def attributes_wanted(root: Path) -> bool:
    """Whether the journal's `.gitattributes` hands its records to the driver."""
    try:
        text = (root / ".gitattributes").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return f"merge={DRIVER}" in text


def driver_configured(root: Path) -> bool:
    """Whether this clone's git config names a driver whose program exists."""
    result = _git(root, "config", "--get", f"merge.{DRIVER}.driver")
    if result.returncode != 0 or not result.stdout.strip():
        return False
    try:
        program = shlex.split(result.stdout.strip())[0]
    except (ValueError, IndexError):
        return False
    return Path(program).is_file() or shutil.which(program) is not None


def setup_warning(root: Path) -> Problem | None:
    """`check`'s warning when `.gitattributes` asks for the driver and this clone has none configured."""
    if not attributes_wanted(root) or driver_configured(root):
        return None
    if _git(root, "rev-parse").returncode != 0:
        return None  # not a repository (yet): nothing merges
    lines = (root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    line = next((number for number, text in enumerate(lines, 1) if f"merge={DRIVER}" in text), 1)
    message = (
        f"records are merged by the '{DRIVER}' merge driver, which this clone does not have configured, "
        f"so git would merge them by lines; run '{SETUP}' to configure it"
    )
    return Problem(".gitattributes", line, 0, "warning", message)


def setup(root: Path) -> list[str]:
    """Write the attributes (keeping every line already there) and this clone's driver config; what was done."""
    if _git(root, "rev-parse").returncode != 0:
        raise GitError(f"{root} is not in a git repository; run 'git init' there first")
    done: list[str] = []
    path = root / ".gitattributes"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    missing = [line for line in MERGE_ATTRIBUTES if line not in text.splitlines()]
    if missing:
        from journal.atomic import atomic_write

        joined = text + ("" if not text or text.endswith("\n") else "\n") + "".join(line + "\n" for line in missing)
        atomic_write(path, joined.encode())
        done.append(f"added {', '.join(repr(line) for line in missing)} to .gitattributes")
    _ok(root, "config", f"merge.{DRIVER}.name", "Follow-up Journal records, merged field by field")
    command = driver_command()
    if _git(root, "config", "--get", f"merge.{DRIVER}.driver").stdout.strip() != command:
        _ok(root, "config", f"merge.{DRIVER}.driver", command)
        done.append(f"configured the merge driver for this clone ({command})")
    return done


# Sync -----------------------------------------------------------------------------------


@dataclass
class SyncResult:
    """What `sync` did, in order, and what is left for the user when it stopped."""

    steps: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, int]] = field(default_factory=list)
    """(path relative to the journal, 1-based line) of each conflict left."""
    changed: list[str] = field(default_factory=list)
    """Journal files the sync changed on disk (relative), for the app to read again."""

    @property
    def stopped(self) -> bool:
        return bool(self.conflicts)


class SyncError(GitError):
    """Sync cannot start or go on (no remote, not a repository, a merge already in progress)."""


def sync(root: Path, message: str | None, *, push: bool = True, dry_run: bool = False) -> SyncResult:
    """Commit (with `message`, when there is something to commit), fetch, fast-forward or rebase, push."""
    result = SyncResult()
    _top(root)
    git_dir = Path(_ok(root, "rev-parse", "--absolute-git-dir"))
    if any((git_dir / name).exists() for name in ("MERGE_HEAD", "rebase-merge", "rebase-apply")):
        raise SyncError(
            "a merge or rebase is in progress; finish it (git commit) or abort it (git merge --abort) first"
        )
    upstream = _upstream(root)
    if not driver_configured(root) and attributes_wanted(root) and not dry_run:
        result.steps += setup(root)
    status = gitops.status(root)
    if status.changes:
        if dry_run:
            result.steps.append(
                f"would commit {counted(len(status.changes), 'change')}: {(message or '').splitlines()[0]}"
            )
        else:
            head = gitops.commit(root, message or "Update journal")
            result.steps.append(f"committed {head}: {(message or '').splitlines()[0]}")
    remote = upstream.split("/", 1)[0]
    fetched = _git(root, "fetch", "--quiet", remote)
    if fetched.returncode != 0:
        raise SyncError(f"cannot fetch from '{remote}': {_out(fetched)}")
    ahead, behind = counts(root, upstream)
    if dry_run:
        result.steps.append(f"{counted(ahead, 'commit')} to push, {behind} to bring in from {upstream}")
        return result
    before = _ok(root, "rev-parse", "HEAD")
    if behind and not ahead:
        _ok(root, "merge", "--ff-only", "--quiet", upstream)
        result.steps.append(f"fast-forwarded to {upstream} ({counted(behind, 'commit')})")
    elif behind:
        rebased = _git(root, "rebase", "--quiet", upstream)
        if rebased.returncode == 0:
            result.steps.append(f"rebased {counted(ahead, 'local commit')} onto {upstream} ({behind} new there)")
        else:
            _git(root, "rebase", "--abort")
            merged = _git(root, "merge", "--no-edit", "--quiet", upstream)
            if merged.returncode != 0:
                result.conflicts = _conflicts(root)
                result.changed = _changed(root, "HEAD")  # what the merge wrote, conflicts included
                if not result.conflicts:
                    raise SyncError(f"git merge {upstream} failed: {_out(merged)}")
                result.steps.append(f"merging {upstream} left {counted(len(result.conflicts), 'conflict')}")
                return result
            result.steps.append(
                f"merged {upstream} ({counted(behind, 'commit')}) with {counted(ahead, 'local commit')}"
            )
    result.changed = _changed(root, before, "HEAD")
    ahead, _ = counts(root, upstream)
    if push and ahead:
        pushed = _git(root, "push", "--quiet", remote, f"HEAD:{upstream.split('/', 1)[1]}")
        if pushed.returncode != 0:
            raise SyncError(f"cannot push to '{remote}': {_out(pushed)} (nothing was forced)")
        result.steps.append(f"pushed {counted(ahead, 'commit')} to {upstream}")
    elif ahead:
        result.steps.append(f"{counted(ahead, 'commit')} not pushed (--no-push)")
    if len(result.steps) == 0 or not (behind or ahead or status.changes):
        result.steps.append(f"already in sync with {upstream}")
    return result


def _top(root: Path) -> str:
    result = _git(root, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise SyncError(f"{root} is not in a git repository; run 'git init' and add a remote first")
    return result.stdout.strip()


def _upstream(root: Path) -> str:
    """The branch's upstream (`origin/main`); the current branch on the only remote when none is set."""
    known = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    if known.returncode == 0:
        return known.stdout.strip()
    remotes = _git(root, "remote").stdout.split()
    if not remotes:
        raise SyncError(
            "this journal has no git remote to sync with; add one, e.g. "
            "'git remote add origin /media/usb/journal.git' or 'git remote add origin you@laptop:journal.git'"
        )
    branch = _ok(root, "rev-parse", "--abbrev-ref", "HEAD")
    if len(remotes) > 1 and "origin" not in remotes:
        raise SyncError(f"several remotes ({', '.join(remotes)}) and no upstream; run 'git branch -u REMOTE/{branch}'")
    remote = "origin" if "origin" in remotes else remotes[0]
    _git(root, "fetch", "--quiet", remote)
    if _git(root, "rev-parse", "--verify", "--quiet", f"{remote}/{branch}").returncode == 0:
        _ok(root, "branch", "--quiet", f"--set-upstream-to={remote}/{branch}")
        return f"{remote}/{branch}"
    pushed = _git(root, "push", "--quiet", "--set-upstream", remote, branch)
    if pushed.returncode != 0:
        raise SyncError(f"cannot push to '{remote}': {_out(pushed)}")
    return f"{remote}/{branch}"


def counts(root: Path, upstream: str) -> tuple[int, int]:
    """(commits ahead of the upstream, commits behind it), as of the last fetch."""
    result = _git(root, "rev-list", "--left-right", "--count", f"HEAD...{upstream}")
    if result.returncode != 0:
        return 0, 0
    ahead, behind = result.stdout.split()
    return int(ahead), int(behind)


def _relative(root: Path, top: str, path: str) -> str | None:
    """A path git gives (relative to the top level) relative to the journal, or None when outside it."""
    try:
        return (Path(top) / path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return None


def _changed(root: Path, *revisions: str) -> list[str]:
    """Journal files that differ between `revisions` (one: between it and the working tree)."""
    top = _top(root)
    names = _git(root, "diff", "--name-only", *revisions, "--", ".").stdout.splitlines()
    return [rel for name in names if (rel := _relative(root, top, name)) is not None]


def _conflicts(root: Path) -> list[tuple[str, int]]:
    """Each unmerged file, at each line where a conflict marker opens."""
    top = _top(root)
    paths = _git(root, "diff", "--name-only", "--diff-filter=U").stdout.splitlines()
    found: list[tuple[str, int]] = []
    for path in paths:
        rel = _relative(root, top, path)
        if rel is None:
            continue
        try:
            lines = (Path(top) / path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            found.append((rel, 1))
            continue
        marks = [number for number, line in enumerate(lines, 1) if line.startswith("<<<<<<<")]
        found += [(rel, number) for number in marks or [1]]
    return found
