"""`followup build`: journal -> view models -> Jinja2 templates -> the writer, top to bottom.

A `followup build` with nothing changed stops before loading, from file stats alone
(`site_builder.unchanged`). An incremental rebuild passes the previous `BuildState`: when no
input changed at all the build stops after loading (the load cache makes that cheap);
otherwise only the pages in the edit's reach are looked at (`site_builder.incremental`), of
those only the ones whose context changed are rendered (see `emit`), and only changed bytes
are written. A large cold build from the command line splits its work between two processes
(see `site_builder.parallel`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from journal.agenda import agenda
from journal.loader import load, paused_gc
from journal.model import Journal
from journal.problems import Problem
from site_builder import pages as P
from site_builder import state as site_state
from site_builder import unchanged
from site_builder.calendar import build_calendar
from site_builder.incremental import Scope, Snapshot, scope, snapshot
from site_builder.markdown import Renderer
from site_builder.parallel import MAX_JOBS, Claim, Share, split
from site_builder.render import render, render_bytes, static_files
from site_builder.search import RowCache, index_script, rows
from site_builder.views import EntryCache, Views
from site_builder.writer import MANIFEST, OutputError, Writer, check_out, read_manifest_inputs

__all__ = ["BuildResult", "BuildState", "OutputError", "build_site"]

BUILDER_VERSION = unchanged.BUILDER_VERSION
WRITE_BATCH = 64
"""Pages each of two build processes writes per turn (see `Writer`)."""
PARALLEL_MIN = 500
"""Interviews below which a second process costs more than it saves."""
EXTRA_JOBS = 5
"""Jobs 0-4 of a build: index.html, calendar.ics, search-index.js, the assets and the stat stamp;
pages come after."""
CHUNK = 32
"""Pages per job: small enough that two processes finish together, big enough to cost nothing to hand out."""
TIMELINE_MARK = "<!--followup:timeline-->"
"""Where the month fragments go in index.html; user text is escaped, so it can never contain this."""


@dataclass
class BuildState:
    """What an incremental rebuild needs from the last build (opaque to callers)."""

    out: Path
    inputs: str = ""
    signatures: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    markdown: dict[tuple[str, str], str] = field(default_factory=dict)
    fragments: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Month key -> (signature, zlib-compressed HTML): a large timeline stays small in memory."""
    pages: int = 0
    snapshot: Snapshot | None = None
    calendar: dict[str, str] = field(default_factory=dict)
    entries: EntryCache = field(default_factory=dict)
    search: RowCache = field(default_factory=dict)


@dataclass
class BuildResult:
    out: Path
    written: list[str]
    """Relative paths whose bytes changed (or were created) in this build."""
    problems: list[Problem]
    state: BuildState
    aborted: bool = False
    """Strict mode found problems: nothing was written."""
    pages: int = 0
    """HTML pages in the site."""
    removed: list[str] = field(default_factory=list)


def _hash(value: Any) -> str:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()


def _fingerprint(journal: Journal, as_of: date) -> str:
    """Everything a page can depend on: every file's content hash, the settings, the problems, the day."""
    sources = sorted(
        (record.source.path, record.source.digest)
        for group in (journal.interviews, journal.followups, journal.people_files)
        for record in group.values()
        if record.source is not None
    )
    problems = [(str(p), p.field) for p in journal.problems]
    settings = dataclasses.asdict(journal.settings)
    text = json.dumps(
        [BUILDER_VERSION, sources, settings, problems, as_of.isoformat()],
        ensure_ascii=False,
        sort_keys=True,
        default=_plain,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: object) -> object:
    """JSON for settings values: sets sorted (their order varies between runs), the rest as text."""
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else str(value)


def build_site(
    root: Path,
    out: Path | None = None,
    as_of: date | None = None,
    strict: bool = False,
    previous: BuildState | None = None,
    journal: Journal | None = None,
    workers: int = 1,
    on_pages: Callable[[list[str]], None] | None = None,
) -> BuildResult:
    """Build the site of the journal at `root` into `out` (default `<root>/_site`).

    `workers=2` lets a large build use a second process (only from a single-threaded caller).
    A rebuild writes the pages of the records in the edit's reach first, then calls `on_pages`
    with what it wrote so far (`serve` announces them), then the journal-wide files.
    """
    root = Path(root)
    out = Path(out) if out is not None else root / "_site"
    check_out(out, root)
    as_of = as_of or date.today()
    built_from, loaded, started_ns = None, journal is None, time.time_ns()
    if journal is None and previous is None and unchanged.possible(root, out):  # nothing may have changed
        built_from = unchanged.stamp(root, as_of, BUILDER_VERSION)
        found = unchanged.current(root, out, built_from)
        if found is not None:
            problems, pages, files = found
            state = BuildState(out, read_manifest_inputs(out)[1], files=files, pages=pages)
            aborted = strict and any(p.severity == "error" for p in problems)
            return BuildResult(out, [], problems, state, aborted=aborted, pages=0 if aborted else pages)
    journal = journal if journal is not None else load(root, cache_meanwhile=True)  # written while pages are made
    problems = list(journal.problems)
    if strict and any(p.severity == "error" for p in problems):
        return BuildResult(out, [], problems, previous or BuildState(out), aborted=True)
    inputs = _fingerprint(journal, as_of)
    old, persist, current = _resume(root, out, previous, inputs)
    if current:
        pages = old.pages or _html_count(old.files)
        if built_from is None and loaded and previous is None:
            built_from = unchanged.settled(root, as_of, journal, started_ns)
        if built_from is not None:
            unchanged.save(root, out, built_from, problems, pages)
        return BuildResult(out, [], problems, old, pages=pages)
    writer = Writer(out, dict(old.files))
    writer.claim()
    md = Renderer(old.markdown)
    views = Views(journal, agenda(journal, journal.settings.policy, as_of), as_of, md)
    site = {"site_title": journal.settings.site_title, "as_of": as_of.isoformat()}
    # A first build needs the snapshot only for the state it saves: it is made after the fork.
    snap = snapshot(journal, views.names, _everything(journal, as_of)) if old.snapshot is not None else None
    area = scope(old.snapshot, snap) if snap is not None else None
    wanted = _wanted(views, area, old, writer)
    if area is not None:
        views.entry_cache = old.entries

    state = BuildState(out, inputs, snapshot=snap)
    processes = workers if len(journal.interviews) >= PARALLEL_MIN else 1

    jobs = _jobs(views)
    snap_text = b""
    settle = built_from is None and loaded and previous is None  # no stamp taken before loading: take it meanwhile

    def share_of(claim: Claim, first: bool) -> Share:
        """The jobs this process claims: the journal-wide files (the slowest first), then pages."""
        nonlocal snap, snap_text
        if first:  # meanwhile the other process starts on the jobs
            snap = snap or snapshot(journal, views.names, _everything(journal, as_of))
            snap_text = site_state.encode_snapshot(snap) if persist else b""
        share = Share()
        part = Writer(out, dict(old.files), batch=WRITE_BATCH if processes > 1 else 0)
        hook = on_pages if processes == 1 else None

        shared: Shared | None = {} if old.snapshot is not None else None  # see `emit`

        def record_pages() -> None:
            announced = hook is None
            for page in P.all_pages(views, lambda path: (wanted is None or path in wanted) and claim(jobs[path])):
                if not announced and page.path in P.SINGLE_PAGES:
                    part.flush()  # on disk before they are announced
                    assert hook is not None
                    hook(list(part.written))
                    announced = True
                emit(page, site, old.signatures, share.signatures, part, shared)

        # Each process's card is rendered once, not once per round; no cyclic GC walking the whole
        # journal again and again while pages (which make no cycles) are made: a tenth of the time.
        with paused_gc():
            if wanted is not None:  # a rebuild: the edit's own pages before the journal-wide ones
                record_pages()
            if claim(0):
                _index(views, {**site, "problem_count": len(problems)}, old, share, part)
            if claim(1):
                data, share.calendar = build_calendar(journal, views.items, as_of, old.calendar)
                part.write("calendar.ics", data)
            if claim(2):
                texts, search = rows(journal, views, old.search if area is not None else None)
                part.write("search-index.js", index_script(texts))
                share.search = search if first else {}  # a two-process build comes from the CLI: no reuse
            if claim(3):
                for rel, data in static_files().items():
                    part.write(rel, data)
            if claim(4) and settle:
                share.stamp, share.stamped = unchanged.settled(root, as_of, journal, started_ns), True
            if wanted is None:
                record_pages()
        part.flush()
        share.files, share.written = part.files, part.written
        share.markdown = md.used if first else {}
        return share

    if wanted is not None:  # pages outside the edit's reach keep their bytes and signatures
        for path in P.page_paths(views):
            if path not in wanted:
                writer.keep(path)
                if path in old.signatures:
                    state.signatures[path] = old.signatures[path]
    for share in split(share_of, processes, max(jobs.values()) + 1):
        state.signatures.update(share.signatures)
        state.fragments.update(share.fragments)
        state.search.update(share.search)
        state.calendar = share.calendar if share.calendar is not None else state.calendar
        writer.files.update(share.files)
        writer.written.extend(share.written)
        state.markdown.update(share.markdown)
        built_from = share.stamp if share.stamped else built_from
    state.markdown.update(md.used)
    assert snap is not None  # made by this process's share at the latest
    state.snapshot = snap
    removed = writer.finish(inputs)
    state.files = dict(writer.files)
    state.pages = P.page_count(views)
    state.entries = views.entries_used
    if persist:
        site_state.save(root, out, state.signatures, state.fragments, snap_text, state.calendar)
    if previous is None:
        unchanged.save(root, out, built_from, problems, state.pages)  # None (journal given) forgets a stamp
    return BuildResult(out, sorted(writer.written), problems, state, pages=state.pages, removed=removed)


def _resume(root: Path, out: Path, previous: BuildState | None, inputs: str) -> tuple[BuildState, bool, bool]:
    """Where this build starts from: (state, whether to save the new state, whether the site is current).

    An in-memory state (from `serve`) is used as is; otherwise the manifest says what the site
    was built from, and the saved state, if it still matches the manifest, allows an
    incremental build across `followup build` runs.
    """
    if previous is not None and previous.out != out:
        previous = None
    if previous is not None:
        if previous.inputs == inputs and (out / MANIFEST).is_file():
            return previous, False, True
        if previous.snapshot is not None:
            return previous, False, False
        resumed = dataclasses.replace(previous)  # a state from the early return below: the rest is on disk
        intact = True
    else:
        files, built_from = read_manifest_inputs(out)
        resumed = BuildState(out, built_from, files=files)
        intact = Writer(out, files).complete()
        if intact and built_from == inputs:
            return resumed, False, True
    saved = site_state.load(root, out) if intact else None  # a damaged site is checked page by page
    if saved is not None:
        resumed.signatures, resumed.fragments, resumed.snapshot, resumed.calendar = saved
    return resumed, True, False


def _everything(journal: Journal, as_of: date) -> str:
    """What every page depends on: the settings and the day."""
    settings = dataclasses.asdict(journal.settings)
    text = json.dumps([BUILDER_VERSION, settings, as_of.isoformat()], sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _wanted(views: Views, area: Scope | None, old: BuildState, writer: Writer) -> set[str] | None:
    """Page paths to compute again, or None for all of them (a first build or a broad change)."""
    if area is None:
        return None
    names, journal = views.names, views.journal
    wanted = {names.interview[r.id] for key in area.processes for r in journal.processes.get(key, [])}
    wanted |= {names.company[key] for key in area.companies if key in names.company}
    wanted |= {names.person[pid] for pid in area.persons if pid in names.person}
    wanted |= {path for path in P.page_paths(views) if path not in writer.previous}  # new pages
    return wanted | set(P.SINGLE_PAGES)


def _html_count(files: dict[str, str]) -> int:
    return sum(1 for rel in files if rel.endswith(".html"))


SHARED = ("process", "items")
"""Context keys whose value one build hands to many pages as the same object (a process's view and
its due list are on every round's page), so its part of the signature is computed once."""
Shared = dict[int, tuple[object, str]]
"""id(value) -> (value, its hash), for the `SHARED` values of one build."""


def page_signature(template: str, context: dict[str, Any], shared: Shared) -> str:
    """What a page is made from: the same signature means the same bytes (see `SHARED`)."""
    parts = dict(context)
    for key in SHARED:
        value = parts.get(key)
        if value is not None:
            hit = shared.get(id(value))
            if hit is None or hit[0] is not value:
                hit = shared[id(value)] = (value, _hash(value))
            parts[key] = hit[1]
    return _hash((template, parts))


def emit(
    page: P.Page,
    site: dict[str, Any],
    old: dict[str, str],
    signatures: dict[str, str],
    writer: Writer,
    shared: Shared | None,
) -> None:
    """Render one page unless its signature is in `old` (the last build's); write it unless its
    bytes are unchanged. The page's new signature goes into `signatures`.

    A first build (`shared` None) signs no page: the next build renders the pages in its edit's
    reach and compares bytes, and signs them then. Signing ten thousand contexts would cost a
    first build a tenth of its time for a saving only broad rebuilds on the same day ever see.
    """
    context = {**site, **page.context}
    if shared is None:
        writer.write(page.path, render_bytes(page.template, context))
        return
    signature = page_signature(page.template, context, shared)
    signatures[page.path] = signature
    if old.get(page.path) == signature and page.path in writer.previous:
        writer.keep(page.path)
    else:
        writer.write(page.path, render_bytes(page.template, context))


def _jobs(views: Views) -> dict[str, int]:
    """Page path -> job number: the record pages in chunks, in the order `all_pages` visits them
    (so the two processes take turns along it), then each journal-wide page."""
    paths = P.page_paths(views)
    size = max(CHUNK, -(-len(paths) // (MAX_JOBS // 2)))
    jobs = {path: EXTRA_JOBS + index // size for index, path in enumerate(paths)}
    after = EXTRA_JOBS + -(-len(paths) // size)
    jobs.update((path, after + index) for index, path in enumerate(P.SINGLE_PAGES))
    return jobs


def _index(views: Views, site: dict[str, Any], old: BuildState, share: Share, writer: Writer) -> None:
    """index.html: the processes at a glance, then the timeline assembled from per-month fragments.

    A month's fragment is rendered again only when its entries changed, so editing one
    follow-up re-renders one month, not the whole history.
    """
    months = views.months()
    fresh: dict[str, bytes] = {}
    """The fragments rendered now; the others stay compressed until the page is put together."""
    for month in months:
        signature = _hash(month)
        cached = old.fragments.get(month["key"])
        if cached is not None and cached[0] == signature:
            compressed = cached[1]
        else:
            fresh[month["key"]] = render_bytes("month.html", {**site, "rel": "", "month": month})
            compressed = zlib.compress(fresh[month["key"]], 1)
        share.fragments[month["key"]] = (signature, compressed)
    page = P.page(
        "index.html", "index.html", "Timeline", "timeline",
        processes=views.processes(),
        months=[{"key": m["key"], "label": m["label"], "count": len(m["entries"])} for m in months],
        companies=[{"name": views.names.company_name[k], "url": u} for k, u in sorted(views.names.company.items())],
    )  # fmt: skip
    context = {**site, **page.context}
    signature = _hash((page.template, context, [share.fragments[m["key"]][0] for m in months]))
    share.signatures[page.path] = signature
    if old.signatures.get(page.path) == signature and page.path in writer.previous:
        writer.keep(page.path)
        return
    head, tail = render(page.template, context).split(TIMELINE_MARK, 1)
    # The timeline of a large journal is tens of megabytes: the page is put together in one buffer,
    # each fragment let go once it is in, so it is never held twice.
    data = bytearray(head.encode())
    for month in months:
        key = month["key"]
        data += fresh.pop(key) if key in fresh else zlib.decompress(share.fragments[key][1])
    data += tail.encode()
    writer.write(page.path, data)
