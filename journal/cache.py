"""The load cache under `.followup/`: what each file parsed to, keyed by its stat and hash.

Records are stored as plain dicts of their fields, not pickled objects, so the restricted
unpickler only ever builds built-in containers, text, numbers and `datetime` values: a
planted cache cannot run code. Each dict becomes the record's own attribute dict, which is
faster than rebuilding dataclass instances through pickle. A corrupt, foreign or old cache
is ignored.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
import time
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any, NamedTuple

from journal.atomic import atomic_write
from journal.layout import CACHE_DIR
from journal.problems import Problem
from journal.records import FollowUp, Interview, Interviewer, Person, Source

CACHE_VERSION = 10
CACHE_FILE = f"cache-v{CACHE_VERSION}.pickle"
"""Named by its version; writing it removes an older version's."""
STAMP_FILE = f"cache-v{CACHE_VERSION}.stamp"

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
_FIELDS = {tag: tuple(f.name for f in fields(cls) if f.name != "source") for tag, cls in _CLASSES.items()}
_NAMES = {tag: frozenset(names) for tag, names in _FIELDS.items()}
_INTERVIEWER_FIELDS = tuple(f.name for f in fields(Interviewer))
_INTERVIEWER = frozenset(_INTERVIEWER_FIELDS)


def _encode_record(record: Record) -> tuple[str, dict[str, Any]]:
    """A record as its field values by name (without `source`, which the loader knows)."""
    tag = _TAGS[type(record)]
    state = {name: getattr(record, name) for name in _FIELDS[tag]}
    if isinstance(record, Interview):
        state["interviewers"] = tuple(
            {name: getattr(item, name) for name in _INTERVIEWER_FIELDS} for item in record.interviewers
        )
    return tag, state


def _decode_record(tag: str, state: dict[str, Any], source: Source) -> Record:
    """The record back from `_encode_record`'s values (refused unless they name exactly its fields)."""
    if state.keys() != _NAMES[tag]:
        raise ValueError(f"cached fields do not match {_CLASSES[tag].__name__}")
    if tag == "i":
        state["interviewers"] = tuple(_interviewer(item) for item in state["interviewers"])
    state["source"] = source
    record: Record = _build(_CLASSES[tag], state)
    return record


def _interviewer(state: dict[str, Any]) -> Interviewer:
    if state.keys() != _INTERVIEWER:
        raise ValueError("cached fields do not match Interviewer")
    built: Interviewer = _build(Interviewer, state)
    return built


_set_attribute = object.__setattr__


def _build(cls: type[Any], state: dict[str, Any]) -> Any:
    """A frozen dataclass instance whose attributes are `state` itself, without re-running validation."""
    instance = object.__new__(cls)
    _set_attribute(instance, "__dict__", state)
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
    signature: str = ""
    """`listing_signature` of the files as they were cached."""


def read(root: Path) -> Cached:
    """The cached entries and when they were written; empty when missing or untrustworthy."""
    try:
        data = loads((root / CACHE_DIR / CACHE_FILE).read_bytes())
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return Cached({}, 0)
        written, rows, signature = data["written_ns"], data["entries"], data["signature"]
        if not isinstance(written, int) or not isinstance(rows, dict) or not isinstance(signature, str):
            return Cached({}, 0)
        entries = {rel: decode_entry(rel, row) for rel, row in rows.items()}
        return Cached(entries, written, data.get("indexes"), signature)
    except Exception:  # noqa: BLE001 - missing, corrupt or foreign: rebuilt, never trusted
        return Cached({}, 0)


def listing_signature(files: Iterable[tuple[str, int, int, int, int]]) -> str:
    """A digest of (path, size, mtime_ns, ctime_ns, inode) of every file, in order."""
    text = "\n".join(f"{rel}\0{size}\0{mtime}\0{ctime}\0{inode}" for rel, size, mtime, ctime, inode in files)
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def read_stamp(root: Path) -> tuple[int, str] | None:
    """(written_ns, signature) of the cache, from the small file beside it (a quick look, no unpickling)."""
    try:
        version, written, signature = (root / CACHE_DIR / STAMP_FILE).read_text(encoding="ascii").split()
        return (int(written), signature) if version == str(CACHE_VERSION) else None
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def write(root: Path, entries: dict[str, Entry], indexes: object = None, written_ns: int | None = None) -> None:
    """Best effort: a read-only journal still loads, just without a cache.

    `written_ns`: a moment before the entries' files were listed (default: now); files changed
    less than `RACY_NS` before it are read again next time, as they may change unseen.
    """
    written = time.time_ns() if written_ns is None else written_ns
    signature = listing_signature((rel, e.size, e.mtime_ns, e.ctime_ns, e.inode) for rel, e in entries.items())
    rows = {rel: encode_entry(entry) for rel, entry in entries.items()}
    payload = {
        "version": CACHE_VERSION,
        "written_ns": written,
        "entries": rows,
        "indexes": indexes,
        "signature": signature,
    }
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        atomic_write(folder / CACHE_FILE, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        atomic_write(folder / STAMP_FILE, f"{CACHE_VERSION} {written} {signature}\n".encode(), durable=False)
        for old in folder.glob("cache-v*.*"):
            if old.name not in (CACHE_FILE, STAMP_FILE):
                old.unlink(missing_ok=True)  # an older version's cache is never read again
    except OSError:
        pass  # the cache is an optimisation; the journal itself is untouched


def encode_entry(entry: Entry) -> tuple[Any, ...]:
    """An entry as built-in values only (what the cache keeps and a worker sends back)."""
    tag, values = _encode_record(entry.record) if entry.record is not None else ("", ())
    problems = tuple((p.path, p.line, p.col, p.severity, p.message, p.field) for p in entry.problems)
    return (
        entry.size,
        entry.mtime_ns,
        entry.ctime_ns,
        entry.inode,
        entry.digest,
        entry.record.source.fields if entry.record is not None and entry.record.source is not None else "",
        tag,
        values,
        problems,
        entry.interview_line,
    )


def decode_entry(rel: str, row: tuple[Any, ...]) -> Entry:
    size, mtime_ns, ctime_ns, inode, digest, fields, tag, values, problems, line = row
    source = _build(Source, {"path": rel, "digest": digest, "fields": fields})
    record = _decode_record(tag, values, source) if tag else None
    found = tuple(Problem(*item) for item in problems) if problems else ()
    return Entry(size, mtime_ns, digest, record, found, line, ctime_ns, inode)


def loads(data: bytes) -> Any:
    """Unpickle with the restricted unpickler (built-in types and datetime values only)."""
    return _Unpickler(io.BytesIO(data)).load()


INTERN_LIMIT = 120
"""Text up to this long is interned."""


def intern_text(value: str) -> str:
    """Share repeated short text (kinds, statuses, ids, names) in memory and in the cache."""
    return sys.intern(value) if len(value) <= INTERN_LIMIT else value
