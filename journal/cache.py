"""The load cache under `.followup/`: what each file parsed to, keyed by its stat and hash.

The entries are spread over `SHARDS` files, each a run of the listing (from its bound to the
next), with a head saying when each was written: a load after one edit writes one shard again,
not forty thousand entries, and the shards one after the other are the files in listing order.
A shard that is not the one the head names (another program wrote the cache meanwhile) is not
trusted, and its files are read again.

Records are stored as plain dicts of their fields, not pickled objects, so the restricted
unpickler only ever builds built-in containers, text, numbers and `datetime` values: a
planted cache cannot run code. Each dict becomes the record's own attribute dict, which is
faster than rebuilding dataclass instances through pickle. A corrupt, foreign or old cache
is ignored.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import sys
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import fields
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from journal.atomic import atomic_write
from journal.layout import CACHE_DIR, FOLDERS, RACY_NS
from journal.problems import Problem
from journal.records import SUM_MODULUS, FollowUp, Interview, Interviewer, Person, Source, source_term

CACHE_VERSION = 14
CACHE_FILE = f"cache-v{CACHE_VERSION}.pickle"
"""The head: when each shard was written, and the indexes. Named by its version; writing it
removes an older version's files."""
STAMP_FILE = f"cache-v{CACHE_VERSION}.stamp"
SHARDS = 16
"""Files the entries are spread over: an edit writes one again (a megabyte and a half at 10,000 interviews)."""

SHARD_SLACK = 64
"""Files a shard may hold beyond twice its share before the files are cut into shards afresh."""
SHARD_FILES = 250
"""Files a shard holds at least: a small journal keeps its cache in one file, not sixteen tiny ones."""

Key = tuple[int, str]
"""A file's place in the listing (`journal.listing`): its folder's, then its name's."""
_FOLDER = {folder: number for number, folder in enumerate(FOLDERS)}


def place(rel: str, folder: str | None = None) -> Key:
    """`rel`'s place (`folder`: its folder, when known): within a folder, paths sort as names do."""
    return (_FOLDER.get(rel.partition("/")[0] if folder is None else folder, len(FOLDERS)), rel)


def shard_of(rel: str, bounds: list[Key]) -> int:
    """The shard of a file: each holds the files from its bound (the first holds those before the
    first bound), so the shards one after the other are the files in listing order."""
    return bisect_right(bounds, place(rel))


def _shard_file(number: int) -> str:
    return f"cache-v{CACHE_VERSION}-{number:02}.pickle"


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
_NAMES = {tag: frozenset(f.name for f in fields(cls) if f.name != "source") for tag, cls in _CLASSES.items()}
_INTERVIEWER = frozenset(f.name for f in fields(Interviewer))
_DERIVED = {
    tag: tuple(name for name, value in vars(cls).items() if isinstance(value, cached_property))
    for tag, cls in _CLASSES.items()
}
"""What a record keeps of itself once asked (`Interview.process_key`): made again, never cached."""


def _encode_record(record: Record) -> tuple[str, dict[str, Any]]:
    """A record as its field values by name (without `source`, which the loader knows).

    A record's attribute dict is its fields and what it derived of them (`_DERIVED`), so it is
    copied whole less those; anything more would make `_decode_record` refuse the entry."""
    tag = _TAGS[type(record)]
    state = dict(vars(record))
    del state["source"]
    for name in _DERIVED[tag]:
        state.pop(name, None)
    if isinstance(record, Interview):
        state["interviewers"] = tuple(dict(vars(item)) for item in record.interviewers)
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


class Shard(NamedTuple):
    """What the head says of one shard."""

    written_ns: int
    """When it was written (its files changed after that, or just before, are read again)."""
    signature: str
    """`shard_signatures` of its files as they were cached."""
    racy: bool
    """Whether a file in it had changed too lately to be trusted when it was written."""
    sources: int
    """The `source_term`s of its records, summed: the journal's `sources_sum` is made of the shards'."""


class Cached(NamedTuple):
    entries: dict[str, Entry]
    """By path, in listing order."""
    bounds: list[Key]
    """Where each shard but the first starts."""
    shards: dict[int, Shard]
    """The shards read, by number."""
    shard: dict[str, int]
    """Each entry's shard."""
    indexes: object = None
    """`Journal.indexes()` of exactly these entries' records, when they were saved."""
    signature: str = ""
    """The shards' signatures combined: of the files as they were cached."""
    parts: dict[int, dict[str, Entry]] = {}
    """The entries of each shard read, by number, in listing order."""

    def written_ns(self, rel: str) -> int:
        """When the entry of `rel` was written (0: there is none)."""
        number = self.shard.get(rel)
        return self.shards[number].written_ns if number is not None else 0

    def shard_of(self, rel: str) -> int:
        """The shard the entry of `rel` is (or would be) in."""
        number = self.shard.get(rel)
        return shard_of(rel, self.bounds) if number is None else number


EMPTY = Cached({}, [], {}, {})


def read(root: Path) -> Cached:
    """The cached entries, in listing order; empty when missing or untrustworthy. A shard the head
    does not name as it is (written by another program meanwhile) is left out, and then so are
    the indexes."""
    folder = root / CACHE_DIR
    try:
        head = loads((folder / CACHE_FILE).read_bytes())
        if not isinstance(head, dict) or head.get("version") != CACHE_VERSION:
            return EMPTY
        bounds, named = [tuple(bound) for bound in head["bounds"]], head["shards"]
        indexes, signature = head["indexes"], head["signature"]
        if not isinstance(named, dict) or not isinstance(signature, str) or bounds != sorted(bounds):
            return EMPTY
        found: dict[str, Entry] = {}
        shards: dict[int, Shard] = {}
        shard: dict[str, int] = {}
        parts: dict[int, dict[str, Entry]] = {}
        for number, meta in sorted(named.items()):
            kept = Shard(*meta)
            try:
                data = loads((folder / _shard_file(number)).read_bytes())
                rows = data["entries"] if data["written_ns"] == kept.written_ns else None
            except OSError:
                rows = None
            if not isinstance(rows, dict):
                indexes, signature = None, ""
                continue
            parts[number] = {rel: decode_entry(rel, row) for rel, row in rows.items()}
            found.update(parts[number])
            shards[number] = kept
            shard.update(dict.fromkeys(rows, number))
        return Cached(found, bounds, shards, shard, indexes, signature, parts)
    except Exception:  # noqa: BLE001 - missing, corrupt or foreign: rebuilt, never trusted
        return EMPTY


def shard_signatures(
    files: Iterable[tuple[str, str, int, int, int, int]], bounds: list[Key]
) -> dict[int, tuple[str, list[tuple[str, str, int, int, int, int]]]]:
    """The files of a listing (each file's folder first) shard by shard, in its order: each
    shard's signature (a digest of its files' path, size, mtime_ns, ctime_ns and inode) and files."""
    shards: dict[int, list[tuple[str, str, int, int, int, int]]] = {}
    number, last = 0, len(bounds)
    for file in files:
        while number < last and place(file[1], file[0]) >= bounds[number]:
            number += 1
        shards.setdefault(number, []).append(file)
    return {number: (_shard_signature(row[1:] for row in rows), rows) for number, rows in shards.items()}


def _shard_signature(files: Iterable[tuple[str, int, int, int, int]]) -> str:
    text = "\n".join(f"{rel}\0{size}\0{mtime}\0{ctime}\0{inode}" for rel, size, mtime, ctime, inode in files)
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _combined(signatures: dict[int, str]) -> str:
    return hashlib.blake2b(repr(sorted(signatures.items())).encode(), digest_size=16).hexdigest()


class Stamp(NamedTuple):
    """The small file beside the cache: enough to tell that no file changed, without unpickling."""

    files: int
    """How many files the cache holds: a large one is compared with the listing in a worker."""
    bounds: list[Key]
    trusted: dict[int, str]
    """The signature of each shard whose every entry was trusted when it was written."""


def read_stamp(root: Path) -> Stamp | None:
    """The stamp beside the cache; None when missing, damaged or of another version."""
    try:
        data = json.loads((root / CACHE_DIR / STAMP_FILE).read_text(encoding="utf-8"))
        if data["version"] != CACHE_VERSION:
            return None
        bounds = [(int(number), str(name)) for number, name in data["bounds"]]
        trusted = {int(number): str(signature) for number, signature in data["trusted"].items()}
        return Stamp(int(data["files"]), bounds, trusted)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(
    root: Path,
    entries: dict[str, Entry],
    indexes: object = None,
    written_ns: int | None = None,
    kept: Cached = EMPTY,
    dirty: Iterable[int] | None = None,
    racy_ns: int = RACY_NS,
) -> tuple[str, int]:
    """Best effort: a read-only journal still loads, just without a cache. The signature of the
    cache written ("" when it could not be), and the `source_term`s of its records summed.

    `entries` in listing order. `written_ns`: a moment before the entries' files were listed
    (default: now); files changed less than `racy_ns` before it are read again next time, as
    they may change unseen. Only the shards in `dirty` are written again (None: every one); the
    others are `kept`'s, as on disk. When a shard has grown to twice its share (files added in
    one place), the files are cut into shards afresh and all are written.
    """
    written = time.time_ns() if written_ns is None else written_ns
    bounds = kept.bounds
    numbers = [kept.shard.get(rel) for rel in entries] if bounds else []  # no bounds yet: cut below
    if None in numbers:
        numbers = [
            kept.shard_of(rel) if number is None else number for rel, number in zip(entries, numbers, strict=True)
        ]
    unread = set(range(SHARDS)) - set(kept.shards)  # not read, or not as the head said: written whole
    again = (set(range(SHARDS)) if dirty is None else set(dirty)) | unread
    share = max(len(entries) / SHARDS, SHARD_FILES)
    if not bounds or max(Counter(numbers).values(), default=0) > 2 * share + SHARD_SLACK:
        size = max(-(-len(entries) // SHARDS), SHARD_FILES, 1)
        bounds = [place(rel) for rel in list(entries)[size::size]][: SHARDS - 1]
        numbers = [min(index // size, SHARDS - 1) for index in range(len(entries))]
        again = set(range(SHARDS))
    rows: dict[int, dict[str, tuple[Any, ...]]] = {number: {} for number in again}
    for (rel, entry), number in zip(entries.items(), numbers, strict=True):
        if number in rows:
            rows[number][rel] = encode_entry(entry)
    shards = {number: kept.shards[number] for number in set(kept.shards) - again}
    limit = written - racy_ns
    for number, mine in rows.items():
        if mine:
            stats = [(rel, row[0], row[1], row[2], row[3]) for rel, row in mine.items()]
            racy = any(max(mtime, ctime) >= limit for _rel, _size, mtime, ctime, _inode in stats)
            records = (entries[rel].record for rel in mine)
            terms = sum(source_term(record) for record in records if record is not None) % SUM_MODULUS
            shards[number] = Shard(written, _shard_signature(stats), racy, terms)
    signature = _combined({number: shard.signature for number, shard in shards.items()})
    head = {
        "version": CACHE_VERSION,
        "bounds": bounds,
        "shards": {number: tuple(shard) for number, shard in sorted(shards.items())},
        "indexes": indexes,
        "signature": signature,
    }
    trusted = {number: shard.signature for number, shard in sorted(shards.items()) if not shard.racy}
    stamp = {"version": CACHE_VERSION, "files": len(entries), "bounds": bounds, "trusted": trusted}
    sources = sum(shard.sources for shard in shards.values()) % SUM_MODULUS
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        for number, mine in rows.items():
            if mine:
                payload = {"version": CACHE_VERSION, "written_ns": written, "entries": mine}
                atomic_write(folder / _shard_file(number), _dumps(payload), durable=False)
            else:
                (folder / _shard_file(number)).unlink(missing_ok=True)
        atomic_write(folder / CACHE_FILE, _dumps(head), durable=False)
        atomic_write(folder / STAMP_FILE, json.dumps(stamp, ensure_ascii=False).encode(), durable=False)
        mine_now = {CACHE_FILE, STAMP_FILE, *(_shard_file(number) for number in range(SHARDS))}
        for old in folder.glob("cache-v*.*"):
            if old.name not in mine_now:
                old.unlink(missing_ok=True)  # an older version's cache is never read again
    except OSError:
        return "", sources  # the cache is an optimisation; the journal itself is untouched
    return signature, sources


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


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
