"""The load cache under `.followup/`: what each file parsed to, keyed by its stat and hash.

Records are stored as plain tuples, not pickled objects, so the restricted unpickler only
ever builds built-in containers, text, numbers and `datetime` values: a planted cache
cannot run code, and reading plain tuples is several times faster than rebuilding
dataclass instances through pickle. A corrupt, foreign or old cache is ignored.
"""

from __future__ import annotations

import io
import pickle
import sys
import time
from dataclasses import fields
from pathlib import Path
from typing import Any, NamedTuple

from journal.problems import Problem
from journal.records import FollowUp, Interview, Interviewer, Person, Source

CACHE_DIR = ".followup"
CACHE_FILE = "cache-v3.pickle"
CACHE_VERSION = 3
RACY_NS = 2_000_000_000
"""A file modified this close to the cache's own write may change again unseen (racy git)."""

Record = Interview | FollowUp | Person


class Entry(NamedTuple):
    """One file's parse result and the stat it was read with."""

    size: int
    mtime_ns: int
    digest: str
    record: Record | None
    problems: tuple[Problem, ...]
    interview_line: int
    """Line of a follow-up's `interview:` key, for the dangling-link check."""
    ctime_ns: int = 0
    """Change time: unlike mtime it cannot be set back, so a same-size edit with a restored mtime shows."""
    inode: int = 0


_CLASSES: dict[str, type[Any]] = {"i": Interview, "f": FollowUp, "p": Person}
_TAGS = {cls: tag for tag, cls in _CLASSES.items()}
_NAMES = {tag: tuple(f.name for f in fields(cls) if f.name != "source") for tag, cls in _CLASSES.items()}
_INTERVIEWER = tuple(f.name for f in fields(Interviewer))


def _encode_record(record: Record) -> tuple[str, tuple[Any, ...]]:
    tag = _TAGS[type(record)]
    values = [getattr(record, name) for name in _NAMES[tag]]
    if tag == "i":
        index = _NAMES["i"].index("interviewers")
        values[index] = tuple(tuple(getattr(item, name) for name in _INTERVIEWER) for item in values[index])
    return tag, tuple(values)


def _decode_record(tag: str, values: tuple[Any, ...], source: Source) -> Record:
    cls = _CLASSES[tag]
    state = dict(zip(_NAMES[tag], values, strict=True))
    if tag == "i":
        state["interviewers"] = tuple(
            _build(Interviewer, dict(zip(_INTERVIEWER, item, strict=True))) for item in state["interviewers"]
        )
    state["source"] = source
    record: Record = _build(cls, state)
    return record


def _build(cls: type[Any], state: dict[str, Any]) -> Any:
    """A frozen dataclass instance from its field values, without re-running validation."""
    instance = object.__new__(cls)
    instance.__dict__.update(state)
    return instance


class _Unpickler(pickle.Unpickler):
    """Builds nothing but built-in types and `datetime` values."""

    ALLOWED = frozenset(
        {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


class Cached(NamedTuple):
    entries: dict[str, Entry]
    written_ns: int
    """When the cache was written (files changed after that, or just before, are read again)."""
    indexes: object = None
    """`Journal.indexes()` of exactly these entries' records, when they were saved."""


def read(root: Path) -> Cached:
    """The cached entries and when they were written; empty when missing or untrustworthy."""
    rows, written, indexes = read_rows(root)
    try:
        return Cached({rel: decode_entry(rel, row) for rel, row in rows.items()}, written, indexes)
    except Exception:  # noqa: BLE001 - any corrupt or foreign cache is simply rebuilt, never trusted
        return Cached({}, 0)


def read_rows(root: Path) -> tuple[dict[str, tuple[Any, ...]], int, object]:
    """The cache's rows as stored (built-in values, see `encode_entry`), when written, and the indexes."""
    try:
        data = loads((root / CACHE_DIR / CACHE_FILE).read_bytes())
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}, 0, None
        written, rows = data["written_ns"], data["entries"]
        if not isinstance(written, int) or not isinstance(rows, dict):
            return {}, 0, None
        return rows, written, data.get("indexes")
    except Exception:  # noqa: BLE001 - missing, corrupt or foreign: rebuilt, never trusted
        return {}, 0, None


def write(root: Path, entries: dict[str, Entry], indexes: object = None) -> None:
    """Best effort: a read-only journal still loads, just without a cache."""
    from journal.store import atomic_write

    rows = {rel: encode_entry(entry) for rel, entry in entries.items()}
    payload = {"version": CACHE_VERSION, "written_ns": time.time_ns(), "entries": rows, "indexes": indexes}
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        atomic_write(folder / CACHE_FILE, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except OSError:
        pass  # the cache is an optimisation; the journal itself is untouched


def encode_entry(entry: Entry) -> tuple[Any, ...]:
    """An entry as built-in values only (what the cache and the parallel parser transfer)."""
    tag, values = _encode_record(entry.record) if entry.record is not None else ("", ())
    problems = tuple((p.path, p.line, p.col, p.severity, p.message, p.field) for p in entry.problems)
    return (
        entry.size,
        entry.mtime_ns,
        entry.ctime_ns,
        entry.inode,
        entry.digest,
        tag,
        values,
        problems,
        entry.interview_line,
    )


def decode_entry(rel: str, row: tuple[Any, ...]) -> Entry:
    size, mtime_ns, ctime_ns, inode, digest, tag, values, problems, line = row
    record = _decode_record(tag, values, _build(Source, {"path": rel, "digest": digest})) if tag else None
    found = tuple(Problem(*item) for item in problems) if problems else ()
    return Entry(size, mtime_ns, digest, record, found, line, ctime_ns, inode)


def loads(data: bytes) -> Any:
    """Unpickle with the restricted unpickler (built-in types and datetime values only)."""
    return _Unpickler(io.BytesIO(data)).load()


def intern_text(value: str) -> str:
    """Share repeated short text (kinds, statuses, ids, names) in memory and in the cache."""
    return sys.intern(value) if len(value) <= 120 else value
