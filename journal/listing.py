"""Which files of a journal are records, with their stat: the first step of every load.

A record is `interviews/`, `followups/` or `people/` + `name.md`. Hidden files, editor backups
and temp files never are; a temp file left by an interrupted save is reported once it is old.
A folder or file that is a symbolic link out of the journal is reported and skipped.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any

from journal.layout import FOLDERS
from journal.problems import Problem

Listing = tuple[list[tuple[str, str, int, int, int, int]], list[tuple[Any, ...]]]
"""Every record file as (folder, rel, size, mtime_ns, ctime_ns, inode), and the problems met listing them."""


def list_files(root: Path, with_stat: bool = True) -> Listing:
    """Every record file of the journal with its stat, as built-in values (they may cross a pipe).

    Without `with_stat` (nothing cached to compare with) the stat is left as zeros: each file
    is stat'ed when it is read.
    """
    problems: list[Problem] = []
    if not with_stat:
        files = [(folder, rel, 0, 0, 0, 0) for folder in FOLDERS for rel in _markdown_names(root, folder, problems)]
        return files, [(p.path, p.line, p.col, p.severity, p.message, p.field) for p in problems]
    files = [
        (folder, rel, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        for folder in FOLDERS
        for rel, stat in _markdown_files(root, folder, problems)
    ]
    return files, [(p.path, p.line, p.col, p.severity, p.message, p.field) for p in problems]


def _markdown_files(root: Path, folder: str, problems: list[Problem]) -> Iterator[tuple[str, os.stat_result]]:
    """Every record file of a folder (`folder/name.md`), in name order, with its stat (one cheap syscall each)."""
    base = str(root / folder)
    if outside(root, folder, problems):
        return
    try:
        names = sorted(os.listdir(base))
    except FileNotFoundError:
        return
    except OSError as exc:
        problems.append(Problem(folder, 1, 0, "error", f"cannot read folder: {exc.strerror}"))
        return
    use_fd = os.stat in os.supports_dir_fd
    fd = os.open(base, os.O_RDONLY) if use_fd else None
    try:
        for name in names:
            if not _record_name(folder, name, base, problems):
                continue
            rel = f"{folder}/{name}"
            try:
                stat = os.stat(name, dir_fd=fd, follow_symlinks=False) if fd is not None else os.lstat(f"{base}/{name}")
                if S_ISLNK(stat.st_mode):
                    followed = follow_link(root, f"{base}/{name}", rel)
                    if isinstance(followed, Problem):
                        problems.append(followed)
                        continue
                    stat = followed
            except OSError as exc:
                problems.append(Problem(rel, 1, 0, "error", f"cannot read: {exc.strerror}"))
                continue
            if S_ISREG(stat.st_mode):
                yield rel, stat
    finally:
        if fd is not None:
            os.close(fd)


_name_of = attrgetter("name")


def _record_name(folder: str, name: str, base: str, problems: list[Problem]) -> bool:
    """Whether a file name is a record's: temp files, editor backups and hidden files never are."""
    if name.endswith(".md") and not name.startswith((".", "~")):
        return True
    if _LEFTOVER.match(name):
        _report_leftover(f"{folder}/{name}", f"{base}/{name}", problems)
    return False


def _markdown_names(root: Path, folder: str, problems: list[Problem]) -> Iterator[str]:
    """The record files of `_markdown_files`, without their stat (the directory says which are plain files)."""
    base = str(root / folder)
    if outside(root, folder, problems):
        return
    try:
        with os.scandir(base) as listing:
            found = list(listing)
    except FileNotFoundError:
        return
    except OSError as exc:
        problems.append(Problem(folder, 1, 0, "error", f"cannot read folder: {exc.strerror}"))
        return
    found.sort(key=_name_of)
    for item in found:
        name = item.name
        if not _record_name(folder, name, base, problems):
            continue
        rel = f"{folder}/{name}"
        try:
            if item.is_file(follow_symlinks=False):  # a plain file: the usual case, first
                yield rel
            elif item.is_symlink():
                followed = follow_link(root, f"{base}/{name}", rel)
                if isinstance(followed, Problem):
                    problems.append(followed)
                elif S_ISREG(followed.st_mode):
                    yield rel
        except OSError as exc:
            problems.append(Problem(rel, 1, 0, "error", f"cannot read: {exc.strerror}"))


def outside(root: Path, folder: str, problems: list[Problem]) -> bool:
    """Whether a record folder is a symbolic link leading out of the journal (then it is reported and skipped)."""
    path = Path(root, folder)
    if not path.is_symlink() or path.resolve().is_relative_to(Path(root).resolve()):
        return False
    problems.append(Problem(folder, 1, 0, "warning", folder_outside_message(folder)))
    return True


def folder_outside_message(folder: str) -> str:
    return f"{folder}/ is a symbolic link to a folder outside the journal; its files are ignored"


def follow_link(root: Path, path: str, rel: str) -> os.stat_result | Problem:
    """What a symbolic link record points at, or a warning when that lies outside the journal."""
    if not Path(path).resolve().is_relative_to(root.resolve()):
        return Problem(rel, 1, 0, "warning", "symbolic link to a file outside the journal is ignored")
    return os.stat(path)


_LEFTOVER = re.compile(r"\.(.+\.md)\.[0-9a-f]{8}\.tmp\Z")
"""The temp-file name of `journal.atomic.atomic_write`: `.name.md.1a2b3c4d.tmp`."""
LEFTOVER_AGE_NS = 60 * 10**9
"""A temp file older than this is not a save in progress but the leftover of an interrupted one."""


def _report_leftover(rel: str, path: str, problems: list[Problem]) -> None:
    try:
        age = time.time_ns() - os.lstat(path).st_mtime_ns
    except OSError:
        return
    if age > LEFTOVER_AGE_NS:
        record = _LEFTOVER.match(os.path.basename(path))
        original = record.group(1) if record else "the record"
        message = f"leftover temp file of an interrupted save; {original} itself is intact, so this file can be deleted"
        problems.append(Problem(rel, 1, 0, "warning", message))
