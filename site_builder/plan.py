"""Stage 2 of a build: the view models, what each page is made from, and which pages to render.

The views are the templates' plain data, made from the journal and the agenda once per
build. Every per-record page names its inputs (`site_builder.inputs`): a page is rendered
again only when they differ from what the build store says it was made from, or when its
file is not as the last build left it. The journal-wide pages show something of every record
and are always looked at (the render stage assembles them from kept parts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from journal.agenda import agenda
from journal.memo import Memo
from journal.model import Record
from journal.records import FollowUp, Interview
from site_builder.inputs import Parts
from site_builder.load import Source, builder, everything
from site_builder.markdown import Renderer
from site_builder.views import Views


@dataclass
class Plan:
    """What the render stage makes: the views, the site-wide context, and the pages wanted."""

    source: Source
    views: Views
    md: Renderer
    site: dict[str, Any]
    """What every page's context carries: the site's title and the day."""
    parts: Parts
    """What each record shows, hashed once: the timeline's months are signed from it too."""
    inputs: dict[str, str]
    """Per-record page path -> the hash of its inputs, kept in the build store for the next build."""
    wanted: set[str]
    """The per-record pages to render; the others are kept as they are."""
    first: bool
    """No page was kept from a last build (a first build, or a damaged site)."""
    edited: list[str]
    """The wanted pages of the records an edit changed: written, and announced, before the rest."""


def plan(source: Source, memo: Memo, edited: Iterable[Record] = ()) -> Plan:
    journal, old = source.journal, source.old
    md = Renderer(old.markdown)
    views = Views(journal, agenda(journal, journal.settings.policy, source.as_of, memo=memo), source.as_of, md, memo)
    site = {"site_title": journal.settings.site_title, "as_of": source.as_of.isoformat()}
    parts = Parts(views, everything(journal, source.as_of), builder(), memo)
    inputs = parts.pages()
    made, previous = old.signatures, old.files
    wanted = {path for path, digest in inputs.items() if made.get(path) != digest or path not in previous}
    own = [_page_of(views, record) for record in edited]
    first = len(wanted) == len(inputs)
    return Plan(source, views, md, site, parts, inputs, wanted, first, [p for p in dict.fromkeys(own) if p in wanted])


def _page_of(views: Views, record: Record) -> str | None:
    """The page a record is edited on: a round's, a follow-up's round's, a person's."""
    names = views.names
    if isinstance(record, Interview):
        return names.interview.get(record.id)
    if isinstance(record, FollowUp):
        page = names.interview.get(record.interview or "")
        return page if page is not None or not record.to else names.person.get(views.journal.person_of(record.to))
    return names.person.get(record.id)
