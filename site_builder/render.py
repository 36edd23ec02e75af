"""Stage 3 of a build: render the pages whose inputs changed, and hand their bytes to the writer.

Each page is a template and a plain context (`site_builder.pages`); its signature is a hash
of both, so the same signature means the same bytes, and a page whose signature the last
build recorded is kept as it is. The journal-wide files are assembled from parts kept by
what they show: the timeline from per-month fragments, the calendar from per-event text,
the search index from per-record rows.

An edit's own pages are rendered first and announced (`on_pages`: `serve` reloads them at
once), then the journal-wide files. A large first build from the command line renders its
pages in a pool of processes while this one assembles the journal-wide files.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from site_builder import pages as P
from site_builder.calendar import EventCache, build_calendar
from site_builder.plan import Plan
from site_builder.search import RowCache, index_script, rows
from site_builder.templating import render as render_text
from site_builder.templating import render_bytes, static_files
from site_builder.writer import Writer

TIMELINE_MARK = "<!--followup:timeline-->"
"""Where the month fragments go in index.html; user text is escaped, so it can never contain this."""
SHARED = ("process", "items")
"""Context keys whose value one build hands to many pages as the same object (a process's view and
its due list are on every round's page), so its part of the signature is computed once."""
Shared = dict[int, tuple[object, str]]
"""id(value) -> (value, its hash), for the `SHARED` values of one build."""


@dataclass
class Rendered:
    """What the render stage keeps for the next build."""

    signatures: dict[str, str] = field(default_factory=dict)
    fragments: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Month key -> (signature, zlib-compressed HTML): a large timeline stays small in memory."""
    calendar: EventCache = field(default_factory=dict)
    search: RowCache = field(default_factory=dict)


def render(plan: Plan, writer: Writer, on_pages: Callable[[list[str]], None] | None = None) -> Rendered:
    """Every file of the site, through `writer` (which writes only changed bytes)."""
    source, views, old = plan.source, plan.views, plan.source.old
    done = Rendered()
    if plan.wanted is not None:  # pages outside the edit's reach keep their bytes and signatures
        for path in P.page_paths(views):
            if path not in plan.wanted:
                writer.keep(path)
                if path in old.signatures:
                    done.signatures[path] = old.signatures[path]
    parts = _parts(plan)
    with _pool(plan, len(parts)) as pool:
        if pool is not None:  # a large first build: the pages in other processes, the rest here meanwhile
            futures = [pool.submit(_render_part, part) for part in parts]
        else:
            _render_pages(plan, done, writer, on_pages)
        _index(plan, done, writer)
        data, done.calendar = build_calendar(source.journal, views.items, source.as_of, old.calendar)
        writer.write("calendar.ics", data)
        texts, done.search = rows(source.journal, views, old.search if plan.area is not None else None)
        writer.write("search-index.js", index_script(texts))
        for rel, data in static_files().items():
            writer.write(rel, data)
        if pool is not None:
            for future in futures:
                files, written = future.result()
                writer.files.update(files)
                writer.written.extend(written)
    return done


def _render_pages(plan: Plan, done: Rendered, writer: Writer, on_pages: Callable[[list[str]], None] | None) -> None:
    """The pages in this process: the edit's own pages first (announced), then the journal-wide ones."""
    old = plan.source.old
    shared: Shared | None = {} if old.snapshot is not None else None  # see `emit`
    announced = on_pages is None
    for page in P.all_pages(plan.views, lambda path: plan.wanted is None or path in plan.wanted):
        if not announced and page.path in P.SINGLE_PAGES:
            assert on_pages is not None
            on_pages(list(writer.written))  # the edit's own pages are on disk: say so before the rest
            announced = True
        emit(page, plan.site, old.signatures, done.signatures, writer, shared)


POOL_MIN_PAGES = 2000
"""Pages below which starting other processes costs more than it saves."""
PARTS = 16
"""Pieces a pooled build's pages are cut into: enough for the processes to finish together."""
_forked: Plan | None = None
"""The plan a pooled build's processes inherit (they are forked: nothing is pickled on the way in)."""


def _parts(plan: Plan) -> list[list[str]]:
    paths = [*P.page_paths(plan.views), *P.SINGLE_PAGES]
    size = -(-len(paths) // PARTS)
    return [paths[start : start + size] for start in range(0, len(paths), size)]


@contextmanager
def _pool(plan: Plan, parts: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of forked processes for a large first build from a single-threaded caller (the
    `followup build` command), else None: forking a process with other threads can deadlock,
    a rebuild renders few pages, and a first build signs none (see `emit`), so nothing but
    the written files has to come back."""
    global _forked
    cores = os.cpu_count() or 1
    if (
        cores < 2
        or parts < 2
        or plan.source.old.snapshot is not None
        or len(plan.views.names.interview) + len(plan.views.names.person) < POOL_MIN_PAGES
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield None
        return
    _forked = plan
    try:
        with ProcessPoolExecutor(min(cores, 2), mp_context=multiprocessing.get_context("fork")) as pool:
            yield pool
    finally:
        _forked = None


def _render_part(paths: list[str]) -> tuple[dict[str, str], list[str]]:
    """In a pooled process: render and write the pages at `paths`; the files' hashes and what was written."""
    plan = _forked
    assert plan is not None
    writer = Writer(plan.source.out, dict(plan.source.old.files))
    wanted = set(paths)
    for page in P.all_pages(plan.views, wanted.__contains__):
        emit(page, plan.site, {}, {}, writer, None)
    return writer.files, writer.written


def _hash(value: Any) -> str:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()


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


def _index(plan: Plan, done: Rendered, writer: Writer) -> None:
    """index.html: the processes at a glance, then the timeline assembled from per-month fragments.

    A month's fragment is rendered again only when its entries changed, so editing one
    follow-up re-renders one month, not the whole history.
    """
    views, old = plan.views, plan.source.old
    site = {**plan.site, "problem_count": len(plan.source.problems)}
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
        done.fragments[month["key"]] = (signature, compressed)
    page = P.page(
        "index.html", "index.html", "Timeline", "timeline",
        processes=views.processes(),
        months=[{"key": m["key"], "label": m["label"], "count": len(m["entries"])} for m in months],
        companies=[{"name": views.names.company_name[k], "url": u} for k, u in sorted(views.names.company.items())],
    )  # fmt: skip
    context = {**site, **page.context}
    signature = _hash((page.template, context, [done.fragments[m["key"]][0] for m in months]))
    done.signatures[page.path] = signature
    if old.signatures.get(page.path) == signature and page.path in writer.previous:
        writer.keep(page.path)
        return
    head, tail = render_text(page.template, context).split(TIMELINE_MARK, 1)
    # The timeline of a large journal is tens of megabytes: the page is put together in one buffer,
    # each fragment let go once it is in, so it is never held twice.
    data = bytearray(head.encode())
    for month in months:
        key = month["key"]
        data += fresh.pop(key) if key in fresh else zlib.decompress(done.fragments[key][1])
    data += tail.encode()
    writer.write(page.path, data)
