"""The editors' side of the disk: a record file as it is now, and kept copies.

Kept copies go to `.followup/conflicts/`: git-ignored with the cache (see `GITIGNORE` in
`journal.store`), never loaded as records and never offered for a commit, so a backup taken
during a conflict cannot end up in the journal's history by accident.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from journal import FollowUp, Interview, Person
from journal.atomic import atomic_write
from journal.layout import CACHE_DIR
from journal.loader import parse_entry
from journal.serialize import render_new

Record = Interview | FollowUp | Person
CONFLICTS = f"{CACHE_DIR}/conflicts"


@dataclass(frozen=True)
class OnDisk:
    """One record file as it is on disk now."""

    raw: bytes | None
    """Its bytes (None: missing or unreadable)."""
    record: Record | None = None
    """The record they hold (None: missing, or broken)."""
    problem: str = ""
    """Why the file cannot be read as a record (`path:line: message`), when it cannot."""


def read_disk(root: Path, rel: str) -> OnDisk:
    try:
        raw = (root / rel).read_bytes()
    except OSError as exc:
        return OnDisk(None, problem=f"{rel}: {exc.strerror or exc}")
    entry = parse_entry(rel, raw, rel.split("/", 1)[0], len(raw), 0, hashlib.sha256(raw).hexdigest())
    if isinstance(entry.record, (Interview, FollowUp, Person)):
        return OnDisk(raw, entry.record)
    errors = [str(problem) for problem in entry.problems if problem.severity == "error"] or [f"{rel}: not a record"]
    return OnDisk(raw, problem=errors[0])


def read_record(root: Path, rel: str) -> Record | None:
    """The record in one file as it is on disk now (None if missing or broken)."""
    return read_disk(root, rel).record


def copy_path(record_id: str, side: str, data: bytes) -> str:
    """Where a kept copy of `data` goes, relative to the root (the same bytes always go to the same name)."""
    return f"{CONFLICTS}/{record_id}.{side}-{hashlib.sha256(data).hexdigest()[:8]}.md"


def mine_as_bytes(record: Record) -> bytes:
    return render_new(record).encode()


def keep_copy(root: Path, record_id: str, side: str, data: bytes) -> str:
    """Write a kept copy (`side` is `mine` or `theirs`) under `.followup/conflicts/`; returns its path."""
    rel = copy_path(record_id, side, data)
    (root / CONFLICTS).mkdir(parents=True, exist_ok=True)
    atomic_write(root / rel, data)
    return rel
