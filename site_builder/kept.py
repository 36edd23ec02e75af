"""What a `followup build` keeps of its memo for the next one, beside the build state.

`serve` keeps its memo (`journal.memo`) in memory from one edit to the next. A `followup build`
run after run would make every process's values again each time: at 10,000 interviews, most
of what one edit costs. So a build that saves its state saves the memo's small values too (page
inputs, agenda items, stats, process states, calendar events, page names), each with the
digest of its subject (`journal.memo.digests`) and of its `extra`. The next build offers its memo
those whose subject's digest is unchanged (`Memo.adopt`): an edit makes again only what it reached.
`serve` offers its live journal's memo the same when it starts (`adopt`), and keeps what it
derived when it stops.

The file is read with the load cache's restricted unpickler (built-in values and dates only),
so a kind whose values are objects is written as plain values (`CODECS`). It is trusted only
for the output folder and manifest it was saved with, in this very cache folder (a copy or a
clone of the journal starts afresh), and for the same code: the rules and the builder make
these values, so a change to their source files, to Python or to the libraries they use makes
every value again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from journal.atomic import atomic_write
from journal.cache import loads
from journal.digests import Digests, digests
from journal.items import Item
from journal.layout import CACHE_DIR
from journal.memo import Memo, Subject, extra_digest
from journal.model import Journal
from site_builder.load import Source
from site_builder.stats import Tally
from site_builder.views import Names
from site_builder.writer import manifest_digest

KEPT_FILE = "site-memo.pickle"
KEPT_VERSION = 2

Codec = tuple[Callable[[Any], Any], Callable[[Any, Journal], Any]]
"""(encode, decode): a value as built-in values, and back (with the records of the journal built)."""


def _same(value: Any, journal: Journal | None = None) -> Any:
    return value


def _tally_back(rows: list[Any], journal: Journal) -> Tally:
    values: list[Any] = [value if name == "waits" else Counter(value) for name, value in zip(_TALLY, rows, strict=True)]
    return Tally(*values)


def _row(value: object, names: list[str]) -> list[Any]:
    return [getattr(value, name) for name in names]


_ITEM = [f.name for f in fields(Item)]
_TALLY = [f.name for f in fields(Tally)]
_NAMES = [f.name for f in fields(Names)]

CODECS: dict[str, Codec] = {
    "page inputs": (_same, _same),
    "process state": (_same, _same),
    "calendar": (_same, _same),
    "process view": (_same, _same),
    "linkedin sent": (_same, _same),
    "search row": (_same, _same),
    "search digest": (_same, _same),
    "timeline": (_same, _same),
    "agenda": (lambda items: [_row(item, _ITEM) for item in items], lambda rows, _j: [Item(*row) for row in rows]),
    "check-in": (lambda item: _row(item, _ITEM), lambda row, _j: Item(*row)),
    "stats": (
        lambda tally: [dict(value) if isinstance(value, Counter) else value for value in _row(tally, _TALLY)],
        _tally_back,
    ),
    "names": (
        lambda pair: (_row(pair[0], _NAMES), pair[1]),
        lambda pair, _j: (Names(**dict(zip(_NAMES, pair[0], strict=True))), pair[1]),
    ),
}
"""The kinds kept: small values, or a large one (a process's calendar events) slow to make."""

Offered = dict[Subject, dict[str, tuple[str, object]]]


@dataclass
class Kept:
    """A memo, the journal it is for, and what it was offered (saved again as read when still the same)."""

    memo: Memo
    digests: Digests | None
    """Every subject's digest (None: nothing is kept, as this build saves no state)."""
    root: Path
    out: Path
    read: dict[Subject, tuple[bytes, dict[str, object]]] = field(default_factory=dict)
    """The subjects offered: their bytes as read, and the values decoded from them."""


def offer(source: Source) -> Kept:
    """A memo for this build, offered what the last one kept of every subject whose digest is unchanged."""
    if not source.persist:
        return Kept(Memo(), None, source.root, source.out)
    return adopt(source.root, source.out, source.journal, Memo())


def adopt(root: Path, out: Path, journal: Journal, memo: Memo) -> Kept:
    """Offer `memo` (a live journal's, when `serve` starts) what the last build of the site in `out` kept."""
    data = _file(root, out)
    kept = Kept(memo, digests(journal, _earlier(data)), root, out)
    if kept.digests is not None and data is not None:
        memo.adopt(_read(kept, data, journal))
    return kept


def _file(root: Path, out: Path) -> Any:
    """What the last build kept, when it is for this output folder and made by this code; None
    when the file is missing, foreign, damaged or made by other code."""
    try:
        data: Any = loads((root / CACHE_DIR / KEPT_FILE).read_bytes())
        if data["where"] == _where(root, out) and data["code"] == code():
            return data
    except Exception:  # noqa: BLE001 - missing, corrupt or foreign: every value is made again
        pass
    return None


def _earlier(data: Any) -> Digests | None:
    """The digests the last build kept (None when it kept none, or they are not as written)."""
    try:
        found, seen, aliases, cache = data["digests"]
        if isinstance(found, dict) and isinstance(seen, dict) and isinstance(aliases, str) and isinstance(cache, str):
            return Digests(found, seen, aliases, cache)
    except Exception:  # noqa: BLE001 - no file, or damaged: the digests are made afresh
        pass
    return None


def _read(kept: Kept, data: Any, journal: Journal) -> Offered:
    """The kept values of the subjects whose digest is still the same, decoded (none when damaged)."""
    offered: Offered = {}
    found = kept.digests.found if kept.digests is not None else {}
    try:
        for subject, (digest, packed) in data["subjects"].items():
            if found.get(subject) == digest:
                kinds = {kind: (str(extra), CODECS[kind][1](value, journal))
                         for kind, (extra, value) in loads(packed).items()}  # fmt: skip
                offered[subject] = kinds
                kept.read[subject] = (packed, {kind: value for kind, (_extra, value) in kinds.items()})
    except Exception:  # noqa: BLE001 - corrupt or foreign: every value is made again
        kept.read.clear()
        return {}
    return offered


def save(kept: Kept, journal: Journal | None = None) -> None:
    """Keep the memo's values of `CODECS`' kinds for the next build (best effort). A subject whose
    values are all the ones it was offered is written as it was read. `journal`: the one the memo
    is for now, when it is not the one it was offered for (`serve`, after edits)."""
    now = digests(journal) if journal is not None else kept.digests
    if now is None:
        return
    values: dict[Subject, dict[str, tuple[object, object]]] = {}
    for subject, kind, extra, value in kept.memo.values(CODECS):
        values.setdefault(subject, {})[kind] = (extra, value)
    subjects: dict[Subject, tuple[str, bytes]] = {}
    for subject, kinds in values.items():
        digest = now.found.get(subject)
        if digest is None:
            continue
        earlier = kept.read.get(subject)
        if (
            earlier is not None
            and earlier[1].keys() == kinds.keys()
            and all(earlier[1][kind] is value for kind, (_extra, value) in kinds.items())
        ):
            subjects[subject] = (digest, earlier[0])
            continue
        encoded = {kind: (extra_digest(extra), CODECS[kind][0](value)) for kind, (extra, value) in kinds.items()}
        subjects[subject] = (digest, _dumps(encoded))
    try:
        data = {
            "where": _where(kept.root, kept.out),
            "code": code(),
            "digests": (now.found, now.seen, now.aliases, now.cache),
            "subjects": subjects,
        }
        atomic_write(kept.root / CACHE_DIR / KEPT_FILE, _dumps(data), durable=False)
    except OSError:
        pass  # an optimisation only


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _where(root: Path, out: Path) -> tuple[object, ...]:
    """The output folder and its manifest, and this cache folder's identity on disk."""
    folder = os.stat(root / CACHE_DIR)
    return (KEPT_VERSION, str(out.resolve()), manifest_digest(root, out), folder.st_dev, folder.st_ino)


LIBRARIES = ("holidays", "icalendar", "tzdata")
"""What the kept values are made with besides this program: business days, calendar text, zones."""


@cache
def code() -> str:
    """A digest of the code that makes the kept values: this program's source, Python, the libraries."""
    return code_of(Path(__file__).resolve().parent.parent)


def code_of(here: Path) -> str:
    """`code` of the program whose packages are in `here`."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for package in ("journal", "site_builder"):
        for path in sorted((here / package).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is not None:
            info = os.stat(origin)  # an upgrade writes the library's files anew
            digest.update(f"{name}\0{origin}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
