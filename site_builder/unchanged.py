"""`followup build` with nothing changed, answered from file stats before the journal is loaded.

A build records a stamp of everything the site is made from: the stat (size, mtime, ctime,
inode) of journal.yaml, of each record folder and of every file in it, the day and the
builder version, together with the manifest it wrote. The next build with the same stamp
and the same, complete output has nothing to do. Anything doubtful gives no stamp, so the
build takes its normal path: a file changed within the last two seconds (it may change again
without its stat moving), a symbolic link (its target is not stat'ed), a leftover temp file
(its warning depends on its age).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from pathlib import Path
from stat import S_ISLNK
from typing import TYPE_CHECKING, Any

from journal.atomic import atomic_write
from journal.layout import CACHE_DIR, CONFIG, FOLDERS, FOLLOWUPS, INTERVIEWS, PEOPLE, RACY_NS
from journal.problems import Problem
from site_builder.templating import templates_digest
from site_builder.writer import Writer, manifest_digest, read_manifest

if TYPE_CHECKING:
    from journal.model import Journal
    from journal.records import FollowUp, Interview, Person

STAMP_FILE = "site-stamp.json"
STAMP_VERSION = 2
BUILDER_VERSION = "7"
"""Bump when the builder's output changes for the same journal (every stamp and fingerprint changes)."""


def builder() -> str:
    """What every page and fragment depends on whatever the journal: the builder's version and templates."""
    return BUILDER_VERSION + "-" + templates_digest()


@dataclass
class Current:
    """The result of a build that found the site current (the fields `followup build` prints)."""

    out: Path
    problems: list[Problem]
    pages: int
    aborted: bool = False
    written: list[str] = field(default_factory=list)


def built(root: Path, out: Path, as_of: date, strict: bool = False) -> Current | None:
    """The site in `out` when nothing it is built from changed since it was built, else None."""
    found = look(root, out, as_of, strict)
    return found if isinstance(found, Current) else None


@dataclass(frozen=True)
class Looked:
    """The site was looked at before the build and is not current: the build does not look again.

    A stamp taken before the build reads the files is always safe to save after it: a file
    changed in between moves a stat the stamp holds, so the next build does not stop early.
    """

    stamp: str | None
    """The stamp taken, for the build to save; None when there was none to be had (a first
    build, or a file too new to trust: the build takes one after, `settled`)."""


def look(root: Path, out: Path, as_of: date, strict: bool = False) -> Current | Looked:
    """The site in `out` when it is current; else what the look found, for the build."""
    if not possible(root, out):
        return Looked(None)
    taken = stamp(root, as_of)
    found = current(root, out, taken)
    if found is None:
        return Looked(taken)
    problems, pages, _files = found
    aborted = strict and any(p.severity == "error" for p in problems)
    return Current(out, problems, 0 if aborted else pages, aborted)


def stamp(
    root: Path,
    as_of: date,
    version: str | None = None,
    now_ns: int | None = None,
    verify: Callable[[str], bool] | None = None,
    verify_since: int = 0,
) -> str | None:
    """A digest of what the site is built from, or None when the stats cannot be trusted.

    `verify(rel)`, when given, is asked about every record file changed since `verify_since`
    (ns); its False means no stamp either.
    """
    version = version if version is not None else builder()
    digest = hashlib.blake2b(f"{version}\0{as_of.isoformat()}\0".encode(), digest_size=20)
    limit = (time.time_ns() if now_ns is None else now_ns) - RACY_NS
    for name in (CONFIG, *FOLDERS):
        base = os.path.join(root, name)
        try:
            info = os.lstat(base)
        except FileNotFoundError:
            digest.update(f"{name}: none\n".encode())
            continue
        except OSError:
            return None
        if not _add(digest, name, info, limit):
            return None
        if name == CONFIG:
            continue
        try:
            # In the folder's own order, not sorted: a folder whose entries did not change lists
            # them in the same order, and one that lists them otherwise only makes a build run.
            names = os.listdir(base)
            fd = os.open(base, os.O_RDONLY)
        except OSError:
            return None
        joined = "\0".join(names)
        if _LEFTOVER.search(joined):
            os.close(fd)
            return None
        infos: list[os.stat_result] = []
        try:
            for start in range(0, len(names), _CHUNK):
                chunk = [os.stat(entry, dir_fd=fd, follow_symlinks=False) for entry in names[start : start + _CHUNK]]
                if _any_doubtful(chunk, limit):
                    return None  # no stamp: the files after it need no stat
                infos += chunk
        except OSError:
            return None
        finally:
            os.close(fd)
        if verify is not None:
            _size, mtime, ctime, _inode = _STATS
            changed = zip(names, map(mtime, infos), map(ctime, infos), strict=True)
            if not all(verify(f"{name}/{entry}") for entry, m, c in changed if m >= verify_since or c >= verify_since):
                return None
        digest.update(f"{len(names)}\0".encode() + joined.encode("utf-8", "surrogateescape"))
        digest.update(b"".join(map(_ROW.pack, *(map(get, infos) for get in _STATS))))
    return digest.hexdigest()


def settled(root: Path, as_of: date, journal: Journal, since_ns: int, now_ns: int | None = None) -> str | None:
    """The stamp after a build whose start took none (a first build, or files too new to trust then).

    Every file changed since shortly before the build started is read again, after its stat
    is taken: only when each still holds what the build read (the journal's content hashes)
    is there a stamp, and a change after the read moves a stat the stamp holds. None at once
    when a file the load read is still too new to trust: the stamp would stop there.
    """
    now = time.time_ns() if now_ns is None else now_ns
    if journal.loaded is not None and journal.loaded.newest_ns >= now - RACY_NS:
        return None
    groups: dict[str, Mapping[str, Interview | FollowUp | Person]] = {
        INTERVIEWS: journal.interviews,
        FOLLOWUPS: journal.followups,
        PEOPLE: journal.people_files,
    }

    def verify(rel: str) -> bool:
        folder, _, name = rel.partition("/")
        record = groups[folder].get(name.removesuffix(".md"))
        if record is None or record.source is None or record.source.path != rel:
            return False
        with open(os.path.join(root, rel), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == record.source.digest

    return stamp(root, as_of, now_ns=now, verify=verify, verify_since=since_ns - RACY_NS)


_ROW = struct.Struct("<QqqQ")
"""One file's size, mtime, ctime and inode in the stamp: packed, as a repr of 40,000 tuples cost more than their stats."""
_STATS = tuple(attrgetter(name) for name in ("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino"))
"""The fields of `_ROW`. A folder's stats are read field by field with `map`, not file by file
in Python: at 40,000 files that was a third of a build with nothing to do."""
_MODE = attrgetter("st_mode")
_CHUNK = 2048
"""Files stat'ed before looking for one too new to trust: a build right after an edit stops there."""
_LEFTOVER = re.compile(r"(?:^|\0)\.(?:[^\0]*\.)?tmp(?:\0|$)")
"""A name like `.x.md.tmp` among a folder's names joined by NUL: a save's temp file left behind."""


def _doubtful(info: os.stat_result, limit: int) -> bool:
    """A symbolic link (its target is not stat'ed), or changed too lately for its stat to be trusted."""
    return S_ISLNK(info.st_mode) or max(info.st_mtime_ns, info.st_ctime_ns) >= limit


def _any_doubtful(infos: list[os.stat_result], limit: int) -> bool:
    """Whether any of `infos` is `_doubtful`."""
    _size, mtime, ctime, _inode = _STATS
    return bool(infos) and (
        max(map(mtime, infos)) >= limit or max(map(ctime, infos)) >= limit or any(map(S_ISLNK, map(_MODE, infos)))
    )


def _add(digest: Any, name: str, info: os.stat_result, limit: int) -> bool:
    if _doubtful(info, limit):
        return False
    digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\n".encode())
    return True


def save(root: Path, out: Path, built_from: str | None, problems: list[Problem], pages: int) -> None:
    """Remember that the site in `out` is current for `built_from` (best effort)."""
    path = root / CACHE_DIR / STAMP_FILE
    try:
        if built_from is None:
            path.unlink(missing_ok=True)
            return
        data = {
            "version": STAMP_VERSION,
            "stamp": built_from,
            "out": str(out.resolve()),
            "manifest": manifest_digest(root, out),
            "pages": pages,
            "problems": [[p.path, p.line, p.col, p.severity, p.message, p.field] for p in problems],
        }
        path.parent.mkdir(exist_ok=True)
        atomic_write(path, json.dumps(data, ensure_ascii=False).encode(), durable=False)
    except OSError:
        pass


def possible(root: Path, out: Path) -> bool:
    """Whether a stamp was saved for the site now in `out`: if not, no stamp can match, and the
    stat of every file need not be taken before the build (a first build, or another folder)."""
    return _saved(root, out) is not None


def _saved(root: Path, out: Path) -> Any:
    try:
        data: Any = json.loads((root / CACHE_DIR / STAMP_FILE).read_text(encoding="utf-8"))
        if data["version"] != STAMP_VERSION or data["out"] != str(out.resolve()):
            return None
        if data["manifest"] != manifest_digest(root, out):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data


def current(root: Path, out: Path, built_from: str | None) -> tuple[list[Problem], int, dict[str, str]] | None:
    """(problems, pages, manifest files) when the site in `out` was built from exactly `built_from`."""
    if built_from is None:
        return None
    data = _saved(root, out)
    try:
        if data is None or data["stamp"] != built_from:
            return None
        problems = [
            Problem(str(a), int(b), int(c), "error" if d == "error" else "warning", str(e), f if f is None else str(f))
            for a, b, c, d, e, f in data["problems"]
        ]
        pages = int(data["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    files = read_manifest(root, out)
    if not files or not Writer(out, files).complete():
        return None
    return problems, pages, files
