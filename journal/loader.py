"""Load a journal folder into records and problems, one bad file never stopping the rest.

Parsed files are cached under `.followup/` keyed by size, mtime (ns) and, when the stat
cannot be trusted, the content hash; a corrupt or foreign cache is ignored, never trusted.
A cold load of a large journal reads files on both cores (`parallel.parse_all`), each with
one open, fstat and read, and leaves writing the cache to a child (`parallel.detach`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from functools import partial
from operator import attrgetter
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any, cast

from journal import cache as cache_file
from journal import parallel, validate
from journal.cache import RACY_NS, Entry, paused_gc
from journal.frontmatter import FrontMatterError, parse
from journal.layout import CACHE_DIR, CONFIG, FOLDERS, FOLLOWUPS, INTERVIEWS, PEOPLE
from journal.model import Journal
from journal.problems import Problem
from journal.records import FollowUp, Interview, Person
from journal.settings import load_settings

Record = Interview | FollowUp | Person
Validator = Callable[..., tuple[Any, list[Problem]]]
_VALIDATORS: dict[str, Validator] = {
    INTERVIEWS: validate.interview,
    FOLLOWUPS: validate.followup,
    PEOPLE: validate.person,
}


def load(root: Path, *, use_cache: bool = True, cache_meanwhile: bool = False) -> Journal:
    """Read every record of the journal at `root`; problems are collected, never raised.

    With `cache_meanwhile` (the site build, which has pages to make), a large journal's cache
    is written by a child process while the caller goes on (`parallel.settle` waits for it;
    the next `load` does). Otherwise it is on disk when `load` returns: a command run right
    after this one finds it, rather than reading every file again.
    """
    parallel.settle()
    with paused_gc():
        return _load(Path(root), use_cache, cache_meanwhile)


Job = tuple[str, str, str, Entry | None]
"""A file to read: relative path, path, folder and what the cache had for it."""

Listing = tuple[list[tuple[str, str, int, int, int, int]], list[tuple[Any, ...]]]
"""Every record file as (folder, rel, size, mtime_ns, ctime_ns, inode), and the problems met listing them."""

FORK_CACHE_BYTES = 4_000_000
"""A cache this big means thousands of files: stat them in a forked child while this process decodes the cache."""


def _list_files(root: Path, with_stat: bool = True) -> Listing:
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


def _unchanged(stat: tuple[int, int, int, int], cached: tuple[int, int, int, int], cached_ns: int) -> bool:
    """Whether a file whose stat is (size, mtime_ns, ctime_ns, inode) is as it was when cached."""
    return stat == cached and max(stat[1], stat[2]) < cached_ns - RACY_NS  # else it may change again unseen


def _list_and_compare(root: Path) -> tuple[Listing, tuple[int, str] | None]:
    """The listing, or no files at all when every file is exactly as cached (with the cache's stamp)."""
    files, problems = _list_files(root)
    stamp = cache_file.read_stamp(root)
    if stamp is not None:
        written, signature = stamp
        latest = max((max(file[3], file[4]) for file in files), default=0)
        if latest < written - RACY_NS and cache_file.listing_signature(file[1:] for file in files) == signature:
            return ([], problems), stamp
    return (files, problems), None


def _start_listing(root: Path, use_cache: bool) -> Callable[[], object | None]:
    """Listing and stat-ing 40,000 files takes as long as decoding their cache: on two cores, do both at once.

    The child also compares the listing with the cache, so when nothing changed it answers
    in a few bytes instead of 40,000 stats. None from the returned function: list here.
    """
    try:
        big = use_cache and (root / CACHE_DIR / cache_file.CACHE_FILE).stat().st_size > FORK_CACHE_BYTES
    except OSError:
        big = False
    return parallel.start(partial(_list_and_compare, root)) if big else parallel.nothing


def _load(root: Path, use_cache: bool, cache_meanwhile: bool = False) -> Journal:
    started_ns = time.time_ns()
    settings, problems = load_settings(root / CONFIG)
    journal = Journal(root=root, settings=settings, problems=list(problems))
    listing = _start_listing(root, use_cache)
    try:
        cache, cached_ns, indexes, signature = cache_file.read(root) if use_cache else cache_file.Cached({}, 0)
    finally:
        answer = listing()
    (files, listed_problems), stamp = cast(
        tuple[Listing, tuple[int, str] | None], answer or (_list_files(root, with_stat=bool(cache)), None)
    )
    journal.problems.extend(Problem(*problem) for problem in listed_problems)
    found: dict[str, Entry] = {}
    order: list[str] = []
    jobs: list[Job] = []
    if stamp is not None and stamp == (cached_ns, signature):  # the child saw every file just as this cache has it
        found, order = cache, list(cache)
    elif stamp is not None:  # the cache was rewritten meanwhile: list again here
        files = _list_files(root)[0]
    for folder, rel, size, mtime_ns, ctime_ns, inode in files:
        order.append(rel)
        cached = cache.get(rel)
        if cached is not None and _unchanged(
            (size, mtime_ns, ctime_ns, inode), (cached.size, cached.mtime_ns, cached.ctime_ns, cached.inode), cached_ns
        ):
            found[rel] = cached
        else:
            jobs.append((rel, f"{root}/{rel}", folder, cached))
    for job, entry in zip(jobs, parallel.parse_all(_read_entry, jobs, _rel_of), strict=True):
        found[job[0]] = entry
    fresh = {rel: found[rel] for rel in order}  # folder and name order, as on disk
    for entry in fresh.values():
        journal.problems.extend(entry.problems)
        record = entry.record
        if isinstance(record, Interview):
            journal.interviews[record.id] = record
        elif isinstance(record, FollowUp):
            journal.followups[record.id] = record
        elif isinstance(record, Person):
            journal.people_files[record.id] = record
    _check_links(journal, fresh)
    changed = any(fresh[job[0]] is not job[3] for job in jobs)
    if use_cache and (changed or len(fresh) != len(cache) or indexes is None):
        write = partial(cache_file.write, root, fresh, journal.indexes(), started_ns)
        if not cache_meanwhile or len(fresh) < parallel.MINIMUM or not parallel.detach(write):
            write()
    elif use_cache:
        journal.adopt_indexes(indexes)  # the very records they were computed from
    journal.problems.sort(key=lambda p: (p.path, p.line, p.col))
    return journal


def _rel_of(job: Job) -> str:
    return job[0]


def _markdown_files(root: Path, folder: str, problems: list[Problem]) -> Iterator[tuple[str, os.stat_result]]:
    """Every record file of a folder (`folder/name.md`), in name order, with its stat (one cheap syscall each)."""
    base = str(root / folder)
    if _outside(root, folder, problems):
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
                    followed = _follow_link(root, f"{base}/{name}", rel)
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
    if _outside(root, folder, problems):
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
                followed = _follow_link(root, f"{base}/{name}", rel)
                if isinstance(followed, Problem):
                    problems.append(followed)
                elif S_ISREG(followed.st_mode):
                    yield rel
        except OSError as exc:
            problems.append(Problem(rel, 1, 0, "error", f"cannot read: {exc.strerror}"))


def _outside(root: Path, folder: str, problems: list[Problem]) -> bool:
    """Whether a record folder is a symbolic link leading out of the journal (then it is reported and skipped)."""
    path = Path(root, folder)
    if not path.is_symlink() or path.resolve().is_relative_to(Path(root).resolve()):
        return False
    problems.append(Problem(folder, 1, 0, "warning", folder_outside_message(folder)))
    return True


def folder_outside_message(folder: str) -> str:
    return f"{folder}/ is a symbolic link to a folder outside the journal; its files are ignored"


def _follow_link(root: Path, path: str, rel: str) -> os.stat_result | Problem:
    """What a symbolic link record points at, or a warning when that lies outside the journal."""
    if not Path(path).resolve().is_relative_to(root.resolve()):
        return Problem(rel, 1, 0, "warning", "symbolic link to a file outside the journal is ignored")
    return os.stat(path)


def read_file(root: Path, rel: str) -> Entry | None:
    """One record file (`folder/name.md`) as `load` reads it, without the cache; None when no file is there."""
    path = os.path.join(root, rel)
    if _outside(root, rel.split("/", 1)[0], []):
        return None
    stat: os.stat_result | Problem
    try:
        stat = os.lstat(path)
        if S_ISLNK(stat.st_mode):
            stat = _follow_link(root, path, rel)
    except FileNotFoundError:
        return None
    except OSError as exc:
        stat = Problem(rel, 1, 0, "error", f"cannot read: {exc.strerror}")
    if isinstance(stat, Problem):
        return Entry(0, 0, "", None, (stat,), 0)
    if not S_ISREG(stat.st_mode):
        return None
    return _read_entry((rel, path, rel.split("/", 1)[0], None))


def dangling_problem(path: str, line: int, interview: str, broken: bool) -> Problem:
    """A follow-up whose `interview:` names no interview that loaded: an error when there is no such
    file; when its file is there but has an error (a merge conflict, say), a warning pointing there,
    since fixing that file brings the follow-up back."""
    if broken:
        message = f"'interview: {interview}': interviews/{interview}.md has an error (see there); this follow-up is left out until it is fixed"
        return Problem(path, line, 0, "warning", message, "interview")
    return Problem(path, line, 0, "error", f"'interview: {interview}' names no interview in interviews/", "interview")


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


def _read_entry(job: Job) -> Entry:
    """Read one file; reuse the cached parse when the content hash is the same."""
    rel, path, folder, cached = job
    try:
        raw, stat = _read_bytes(path)
    except OSError as exc:
        problem = Problem(rel, 1, 0, "error", f"cannot read: {exc.strerror}")
        return Entry(0, 0, "", None, (problem,), 0)
    digest = hashlib.sha256(raw).hexdigest()
    size, mtime_ns, ctime_ns, inode = stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino
    if cached is not None and cached.digest == digest:
        return Entry(size, mtime_ns, digest, cached.record, cached.problems, cached.interview_line, ctime_ns, inode)
    return parse_entry(rel, raw, folder, size, mtime_ns, digest, ctime_ns, inode)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
"""Non-blocking: a file swapped for a FIFO since it was listed never hangs the load."""


def _read_bytes(path: str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and the stat of the very file read (four system calls, no buffering layer)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        stat = os.fstat(fd)
        if not S_ISREG(stat.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks = [os.read(fd, stat.st_size + 1)]
        while chunks[-1]:  # until the end, should the file have grown
            chunks.append(os.read(fd, 65536))
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks), stat


def parse_entry(
    rel: str,
    raw: bytes,
    folder: str,
    size: int = 0,
    mtime_ns: int = 0,
    digest: str = "",
    ctime_ns: int = 0,
    inode: int = 0,
) -> Entry:
    """Parse and validate one file's bytes into a cache entry (with the stat it was read with)."""
    digest = digest or hashlib.sha256(raw).hexdigest()
    record_id = rel.rsplit("/", 1)[-1][: -len(".md")]
    try:
        parsed = parse(raw)
    except FrontMatterError as exc:
        problem = Problem(rel, exc.line, exc.col, "error", exc.message, exc.field)
        return Entry(size, mtime_ns, digest, None, (problem,), 0, ctime_ns, inode)
    record, problems = _VALIDATORS[folder](parsed, rel, record_id, digest)
    return Entry(size, mtime_ns, digest, record, tuple(problems), parsed.line_of("interview"), ctime_ns, inode)


def _check_links(journal: Journal, entries: dict[str, Entry]) -> None:
    """A follow-up naming no interview is reported and left out, like any other bad file."""
    for item_id, item in list(journal.followups.items()):
        if item.interview is not None and item.interview not in journal.interviews:
            rel = item.source.path if item.source else f"followups/{item_id}.md"
            line = entries[rel].interview_line if rel in entries else 1
            broken = f"{INTERVIEWS}/{item.interview}.md" in entries
            journal.problems.append(dangling_problem(rel, line, item.interview, broken))
            del journal.followups[item_id]
