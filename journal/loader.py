"""Load a journal folder into records and problems, one bad file never stopping the rest.

Parsed files are cached under `.followup/` keyed by size, mtime (ns) and, when the stat
cannot be trusted, the content hash; a corrupt or foreign cache is ignored, never trusted.
A cold load of a large journal reads files on two cores, each with one open, fstat and read;
a warm one lists the folders on the other core while it reads the cache (`journal.workers`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext, suppress
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import TYPE_CHECKING, Any, cast

from journal import cache as cache_file
from journal import validate, workers
from journal.cache import Entry, Key
from journal.frontmatter import FrontMatterError, parse
from journal.heap import paused_gc
from journal.layout import CONFIG, FOLLOWUPS, INTERVIEWS, PEOPLE, RACY_NS
from journal.listing import Listing, follow_link, list_files, outside
from journal.model import Journal, Loaded, index_facts
from journal.problems import Problem
from journal.records import SUM_MODULUS, FollowUp, Interview, Person, source_term
from journal.settings import load_settings

if TYPE_CHECKING:
    from concurrent.futures import Future

Record = Interview | FollowUp | Person
Validator = Callable[..., tuple[Any, list[Problem]]]
_VALIDATORS: dict[str, Validator] = {
    INTERVIEWS: validate.interview,
    FOLLOWUPS: validate.followup,
    PEOPLE: validate.person,
}


def load(root: Path, *, use_cache: bool = True) -> Journal:
    """Read every record of the journal at `root`; problems are collected, never raised.

    The cache is on disk when `load` returns: a command run right after this one finds it,
    rather than reading every file again.
    """
    with paused_gc():
        return _load(Path(root), use_cache)


Job = tuple[str, str, str, Entry | None]
"""A file to read: relative path, path, folder and what the cache had for it."""

LIST_APART_FILES = 6000
"""A cache of this many files: stat them in a worker while this process decodes the cache."""
PARSE_APART_FILES = 3000
"""Below this many files to parse, starting a worker costs more than it saves."""
WORKER_SHARE = 0.43
"""The share of the files a worker parses (measured on the 10,000-interview journal): this
process takes more, as it also decodes what the worker sends back."""


def _unchanged(stat: tuple[int, int, int, int], cached: tuple[int, int, int, int], cached_ns: int) -> bool:
    """Whether a file whose stat is (size, mtime_ns, ctime_ns, inode) is as it was when cached."""
    return stat == cached and max(stat[1], stat[2]) < cached_ns - RACY_NS  # else it may change again unseen


Listed = tuple[Listing, list[Key], dict[int, str]]
"""A worker's listing: the files of the shards not as cached, the bounds it cut the listing by,
and the shards whose every file is as cached (with their signatures)."""


def _list_and_compare(root: Path) -> Listed:
    """The listing, less the files of every shard exactly as cached (by the cache's stamp).

    Every entry of such a shard was trusted when it was written, so a file whose stat is still
    the one cached is unchanged: after one edit, 15 shards need no file compared, nor sent."""
    files, problems = list_files(root)
    stamp = cache_file.read_stamp(root)
    if stamp is None:
        return (files, problems), [], {}
    shards = cache_file.shard_signatures(files, stamp.bounds)
    same = {
        number: signature for number, (signature, _rows) in shards.items() if stamp.trusted.get(number) == signature
    }
    rest = [file for number, (_signature, rows) in shards.items() if number not in same for file in rows]
    return (rest, problems), stamp.bounds, same


def _read_cache(root: Path, use_cache: bool) -> tuple[cache_file.Cached, object | None]:
    """The cache, and the listing when a worker made it meanwhile (None: list here).

    Listing and stat-ing 40,000 files takes as long as decoding their cache: on two cores, both
    happen at once. The worker also compares the listing with the cache, so when nothing
    changed it answers in a few bytes instead of 40,000 stats.
    """
    if not use_cache:
        return cache_file.EMPTY, None
    stamp = cache_file.read_stamp(root)
    big = stamp is not None and stamp.files > LIST_APART_FILES
    with workers.pool() if big else nullcontext() as pool:
        listing = pool.submit(_list_and_compare, root) if pool is not None else None
        return cache_file.read(root), _answer(listing)


def _answer(pending: Future[Any] | None) -> object | None:
    """A worker's answer; None when there was no worker or it failed (the caller does the work)."""
    try:
        return pending.result() if pending is not None else None
    except Exception:  # noqa: BLE001 - a worker that died or raised: its work is done here instead
        return None


def _parse_all(jobs: list[Job]) -> list[Entry]:
    """`_read_entry` of every job, a share of them (`WORKER_SHARE`) in a worker when there are many.

    The worker takes every job whose turn comes up in its share, spread evenly, so both get the
    same mix of interviews and follow-ups. It sends back built-in values (`cache.encode_entry`).
    """
    if len(jobs) < PARSE_APART_FILES:
        return [_read_entry(job) for job in jobs]
    theirs = _worker_share(len(jobs))
    with workers.pool(jobs) as pool:
        pending = pool.submit(_parse_share) if pool is not None else None
        apart = set(theirs) if pending is not None else set()
        mine = {index: _read_entry(job) for index, job in enumerate(jobs) if index not in apart}
        rows = _answer(pending)
    if isinstance(rows, list) and len(rows) == len(theirs):
        with suppress(Exception):  # a garbled answer: the files it lacks are parsed here instead
            mine.update(
                (index, cache_file.decode_entry(jobs[index][0], row)) for index, row in zip(theirs, rows, strict=True)
            )
    return [mine[index] if index in mine else _read_entry(job) for index, job in enumerate(jobs)]


def _worker_share(count: int) -> list[int]:
    return [index for index in range(count) if int((index + 1) * WORKER_SHARE) != int(index * WORKER_SHARE)]


def _parse_share() -> list[tuple[Any, ...]]:
    """In a worker: its share of the jobs its pool was given, parsed and encoded."""
    jobs = cast(list[Job], workers.state())
    return [cache_file.encode_entry(_read_entry(jobs[index])) for index in _worker_share(len(jobs))]


def _load(root: Path, use_cache: bool) -> Journal:
    started_ns = time.time_ns()
    settings, problems = load_settings(root / CONFIG)
    journal = Journal(root=root, settings=settings, problems=list(problems))
    kept, answer = _read_cache(root, use_cache)
    cache = kept.entries
    listed, bounds, as_cached = cast(Listed, answer or (list_files(root, with_stat=bool(cache)), kept.bounds, {}))
    files, listed_problems = listed
    journal.problems.extend(Problem(*problem) for problem in listed_problems)
    if as_cached and (
        bounds != kept.bounds
        or any(number not in kept.shards or kept.shards[number].signature != sig for number, sig in as_cached.items())
    ):  # the cache was rewritten meanwhile: list again here
        files, as_cached = list_files(root)[0], {}
    found: dict[str, Entry] = {}
    order: list[str] = []
    jobs: list[Job] = []
    for folder, rel, size, mtime_ns, ctime_ns, inode in files:
        order.append(rel)
        cached = cache.get(rel)
        if cached is not None and _unchanged(
            (size, mtime_ns, ctime_ns, inode),
            (cached.size, cached.mtime_ns, cached.ctime_ns, cached.inode),
            kept.written_ns(rel),
        ):
            found[rel] = cached
        else:
            jobs.append((rel, f"{root}/{rel}", folder, cached))
    for job, entry in zip(jobs, _parse_all(jobs), strict=True):
        found[job[0]] = entry
    fresh = _in_order(kept, as_cached.keys(), {rel: found[rel] for rel in order})
    for entry in fresh.values():
        journal.problems.extend(entry.problems)
        record = entry.record
        if isinstance(record, Interview):
            journal.interviews[record.id] = record
        elif isinstance(record, FollowUp):
            journal.followups[record.id] = record
        elif isinstance(record, Person):
            journal.people_files[record.id] = record
    dangling = _check_links(journal, fresh)
    gone = cache.keys() - fresh.keys()
    dirty = {kept.shard_of(job[0]) for job in jobs}  # read again: written again, with this load's time
    dirty.update(kept.shard_of(rel) for rel in gone)
    now, sources = kept.signature, sum(shard.sources for shard in kept.shards.values())
    if use_cache and (dirty or kept.indexes is None):
        # Files edited where the indexes do not look (a body, a status): the cached indexes still hold.
        same = kept.indexes is not None and len(fresh) == len(cache) and all(_same_facts(job, fresh) for job in jobs)
        indexes = kept.indexes if same and journal.adopt_indexes(kept.indexes) else journal.indexes()
        now, sources = cache_file.write(root, fresh, indexes, started_ns, kept, dirty, RACY_NS)
    elif use_cache:
        journal.adopt_indexes(kept.indexes)  # the very records they were computed from
    if use_cache:  # the files' fingerprint, from the shards': of every record but the follow-ups left out
        journal.__dict__["sources_sum"] = (sources - sum(map(source_term, dangling))) % SUM_MODULUS
        changed = [
            (job[3].record if job[3] is not None else None, fresh[job[0]].record)
            for job in jobs
            if job[3] is None or job[3].digest != fresh[job[0]].digest
        ]
        changed += [(cache[rel].record, None) for rel in gone]
        read = [fresh[job[0]] for job in jobs]
        newest = max((max(entry.mtime_ns, entry.ctime_ns) for entry in read), default=0)
        journal.loaded = Loaded(kept.signature, now, changed, newest)
    journal.problems.sort(key=lambda p: (p.path, p.line, p.col))
    return journal


def _in_order(kept: cache_file.Cached, same: Iterable[int], found: dict[str, Entry]) -> dict[str, Entry]:
    """Every file's entry in listing order (folder and name, as on disk): the cached entries of
    the shards found `same`, each in its place among the files listed (`found`, in listing order)."""
    if not same:
        return found
    listed: dict[int, dict[str, Entry]] = {number: kept.parts[number] for number in same}
    for rel, entry in found.items():
        listed.setdefault(kept.shard_of(rel), {})[rel] = entry
    ordered: dict[str, Entry] = {}
    for number in sorted(listed):
        ordered.update(listed[number])
    return ordered


def _same_facts(job: Job, fresh: dict[str, Entry]) -> bool:
    """Whether a file read again gave a record the indexes read the same of (`index_facts`)."""
    before, after = job[3].record if job[3] is not None else None, fresh[job[0]].record
    return before is not None and after is not None and index_facts(before) == index_facts(after)


def read_file(root: Path, rel: str) -> Entry | None:
    """One record file (`folder/name.md`) as `load` reads it, without the cache; None when no file is there."""
    path = os.path.join(root, rel)
    if outside(root, rel.split("/", 1)[0], []):
        return None
    stat: os.stat_result | Problem
    try:
        stat = os.lstat(path)
        if S_ISLNK(stat.st_mode):
            stat = follow_link(root, path, rel)
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


def _check_links(journal: Journal, entries: dict[str, Entry]) -> list[FollowUp]:
    """A follow-up naming no interview is reported and left out, like any other bad file; those left out."""
    left: list[FollowUp] = []
    for item_id, item in list(journal.followups.items()):
        if item.interview is not None and item.interview not in journal.interviews:
            rel = item.source.path if item.source else f"followups/{item_id}.md"
            line = entries[rel].interview_line if rel in entries else 1
            broken = f"{INTERVIEWS}/{item.interview}.md" in entries
            journal.problems.append(dangling_problem(rel, line, item.interview, broken))
            left.append(journal.followups.pop(item_id))
    return left
