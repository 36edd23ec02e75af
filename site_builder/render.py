"""Stage 3 of a build: render the pages whose inputs changed, and hand their bytes to the writer.

Each page is a template and a plain context (`site_builder.pages`). The plan says which
per-record pages to render (their inputs changed); the others keep their files. The
journal-wide pages are looked at every time: each is signed by a hash of its template and
context and kept when that is unchanged, or assembled from parts kept by what they show —
the timeline from per-month fragments, the calendar from per-event text, the search index
from per-record rows.

An edit's own pages are rendered first and announced (`on_pages`: `serve` reloads them at
once), then the journal-wide files. A build with many pages to render from the command line
renders them in a pool of processes while this one assembles the journal-wide files.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from journal import workers
from journal.memo import JOURNAL
from site_builder import dashboard, timeline
from site_builder import pages as P
from site_builder.calendar import EventCache, build_calendar
from site_builder.plan import Plan
from site_builder.search import scripts as search_scripts
from site_builder.templating import render as render_text
from site_builder.templating import render_bytes, static_files
from site_builder.writer import Writer

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

TIMELINE_MARK = "<!--followup:timeline-->"
"""Where the month fragments go in index.html; user text is escaped, so it can never contain this."""


@dataclass
class Rendered:
    """What the render stage keeps for the next build."""

    signatures: dict[str, str] = field(default_factory=dict)
    fragments: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Month key -> (signature, zlib-compressed HTML): a large timeline stays small in memory."""
    calendar: EventCache = field(default_factory=dict)
    month_pages: int = 0
    """Pages of earlier months (`timeline/YYYY-MM.html`)."""


def render(
    plan: Plan, writer: Writer, on_pages: Callable[[list[str]], None] | None = None, keep_broken: bool = False
) -> Rendered:
    """Every file of the site, through `writer` (which writes only changed bytes)."""
    source, views, old = plan.source, plan.views, plan.source.old
    done = Rendered(signatures=dict(plan.inputs))
    for path in P.page_paths(views):
        if path not in plan.wanted:  # made from the same inputs as the file the last build left
            writer.keep(path)
    if keep_broken:
        for path in P.broken_pages(source.journal, views):
            if path in writer.previous:
                writer.keep(path)
    with _pool(plan) as pool:
        if pool is not None:  # many pages: rendered in other processes, the rest here meanwhile
            futures = [pool.submit(_render_part, part) for part in _parts(plan)]
            _single_pages(plan, done, writer)
        else:
            _render_pages(plan, done, writer, on_pages)
        _index(plan, done, writer)
        data, done.calendar = build_calendar(source.journal, views.items, source.as_of, old.calendar, memo=views.memo)
        writer.write("calendar.ics", data)
        for script in search_scripts(source.journal, views):
            if script.signature is None or not _unchanged(plan, done, writer, script.path, script.signature):
                writer.write(script.path, script.make())
        for rel, data in static_files().items():
            writer.write(rel, data)
        if pool is not None:
            for future in futures:
                files, written = future.result()
                writer.files.update(files)
                writer.written.extend(written)
    return done


def _render_pages(plan: Plan, done: Rendered, writer: Writer, on_pages: Callable[[list[str]], None] | None) -> None:
    """The pages in this process: the edited records' own pages, then the rest of the edit's reach
    (each batch announced through `on_pages` as soon as it is on disk), then the journal-wide ones."""
    views, edited = plan.views, set(plan.edited)
    for mine in (edited.__contains__, lambda path: path in plan.wanted and path not in edited):
        for page in P.record_pages(views, mine):
            writer.write(page.path, render_bytes(page.template, {**plan.site, **page.context}))
        if on_pages is not None:
            on_pages(list(writer.written))
    _single_pages(plan, done, writer)


def _single_pages(plan: Plan, done: Rendered, writer: Writer) -> None:
    """The journal-wide pages but the index, each signed and rendered again only when what it shows changed."""
    for page in P.single_pages(plan.views):
        context = {**plan.site, **page.context}
        if not _unchanged(plan, done, writer, page.path, _hash((page.template, context))):
            writer.write(page.path, render_bytes(page.template, context))


def _unchanged(plan: Plan, done: Rendered, writer: Writer, path: str, signature: str) -> bool:
    """Sign a journal-wide page; True (and its file kept) when the last build made it from the same.

    `signature` is what the page shows; the builder's version and templates are added here."""
    signature = _hash((plan.parts.builder, signature))
    done.signatures[path] = signature
    if plan.source.old.signatures.get(path) == signature and path in writer.previous:
        writer.keep(path)
        return True
    return False


POOL_MIN_PAGES = 2000
"""Pages below which starting other processes costs more than it saves."""
POOL_WORKERS = 2
PARTS = 16
"""Pieces a pooled build's pages are cut into: enough for the processes to finish together."""


def _parts(plan: Plan) -> list[list[str]]:
    paths = [path for path in P.page_paths(plan.views) if path in plan.wanted]
    size = -(-len(paths) // PARTS)
    return [paths[start : start + size] for start in range(0, len(paths), size)]


def _pool(plan: Plan) -> AbstractContextManager[ProcessPoolExecutor | None]:
    """Processes holding the plan when many pages are to be rendered (a cold `followup build`),
    else None (an edit renders few pages; `journal.workers` says when forking is unsafe). Only the
    per-record pages go there, and only the written files come back; the journal-wide pages are
    rendered and signed here meanwhile."""
    if len(plan.wanted) < POOL_MIN_PAGES:
        return nullcontext()
    return workers.pool(plan, min(workers.cores(), POOL_WORKERS))


def _render_part(paths: list[str]) -> tuple[dict[str, str], list[str]]:
    """In a pooled process: render and write the pages at `paths`; the files' hashes and what was written."""
    plan = workers.state()
    assert isinstance(plan, Plan)
    writer = Writer(plan.source.out, dict(plan.source.old.files))
    for page in P.record_pages(plan.views, set(paths).__contains__):
        writer.write(page.path, render_bytes(page.template, {**plan.site, **page.context}))
    return writer.files, writer.written


def _hash(value: Any) -> str:
    """The digest of what a page shows: of its values, not of how they are shared, so a context made
    from kept values (`site_builder.kept`) signs as the same one made afresh. Marshal's version 2
    writes no references and no interning; a value it cannot write (a page's Markup) is pickled."""
    try:
        data = marshal.dumps(value, 2)
    except ValueError:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(data, digest_size=16).hexdigest()


INDEX_MONTHS = 3
"""Months of the timeline on index.html; earlier ones have pages of their own (`timeline/YYYY-MM.html`),
so the page a job seeker opens every morning stays short after years of searching."""


def _index(plan: Plan, done: Rendered, writer: Writer) -> None:
    """index.html: what to do now, the processes, then the latest months of the timeline, assembled
    from per-month fragments; and a page for each earlier month.

    A month is rendered again only when what it shows changed (`site_builder.timeline`), so
    editing one follow-up re-renders one month, not the whole history.
    """
    views = plan.views
    site = {**plan.site, "problem_count": len(plan.source.problems)}
    months = timeline.months(views, plan.parts)
    dated = [m for m in months if m.key != timeline.UNDATED_KEY]
    earlier = dated[INDEX_MONTHS:]  # the undated stay on the index: they want a date
    recent = [m for m in months if m not in earlier]
    links: list[dict[str, Any]] = [
        {"key": m.key, "label": m.label, "count": m.count, "url": _month_url(m, recent)} for m in months
    ]
    fresh: dict[str, bytes] = {}
    """The fragments rendered now; the others stay compressed until the page is put together."""
    for month in recent:
        cached = plan.source.old.fragments.get(month.key)
        if cached is not None and cached[0] == month.inputs:
            compressed = cached[1]
        else:
            fresh[month.key] = render_bytes(
                "month.html", {"rel": "", "month": timeline.month_context(views, month, "")}
            )
            compressed = zlib.compress(fresh[month.key], 1)
        done.fragments[month.key] = (month.inputs, compressed)
    done.month_pages = len(earlier)
    old_links = [link for link, month in zip(links, months, strict=True) if month in earlier]
    for number, month in enumerate(earlier):  # each links the month after it and the month before
        newer = old_links[number - 1] if number else links[INDEX_MONTHS - 1]
        _month_page(plan, done, writer, month, newer, old_links[number + 1] if number + 1 < len(old_links) else None)
    top = dashboard.index_context(views)  # the same dict while nothing it shows changed: hashed once
    top_digest = views.memo.get("dashboard digest", JOURNAL, top, partial(_hash, top))
    companies = [{"name": views.names.company_name[k], "url": u} for k, u in sorted(views.names.company.items())]
    page = P.page("index.html", "index.html", "Timeline", "timeline", **top, months=links, older=old_links,
                  companies=companies)  # fmt: skip
    context = {**site, **page.context}
    shown = (page.template, site, top_digest, links, old_links, companies, [m.inputs for m in recent])
    if _unchanged(plan, done, writer, page.path, _hash(shown)):
        return
    head, tail = render_text(page.template, context).split(TIMELINE_MARK, 1)
    # The timeline of a large journal is megabytes: the page is put together in one buffer,
    # each fragment let go once it is in, so it is never held twice.
    data = bytearray(head.encode())
    for month in recent:
        data += fresh.pop(month.key) if month.key in fresh else zlib.decompress(done.fragments[month.key][1])
    data += tail.encode()
    writer.write(page.path, data)


def _month_url(month: timeline.Month, recent: list[timeline.Month]) -> str:
    return f"#m-{month.key}" if month in recent else f"timeline/{month.key}.html"


def _month_page(
    plan: Plan,
    done: Rendered,
    writer: Writer,
    month: timeline.Month,
    newer: dict[str, Any],
    earlier: dict[str, Any] | None,
) -> None:
    """An earlier month's page, rendered again only when what it shows (or its neighbours) changed."""
    path = f"timeline/{month.key}.html"
    newer = {**newer, "url": newer["url"] if newer["url"].startswith("timeline/") else "index.html" + newer["url"]}
    signature = _hash(("month_page.html", plan.parts.everything, month.inputs, newer, earlier))
    if _unchanged(plan, done, writer, path, signature):
        return
    page = P.page(path, "month_page.html", month.label, "timeline", newer=newer, earlier=earlier,
                  month=timeline.month_context(plan.views, month, "../"))  # fmt: skip
    writer.write(path, render_bytes(page.template, {**plan.site, **page.context}))
