"""Stage 2 of a build: the view models, and which pages to look at again.

The views are the templates' plain data, made from the journal and the agenda once per
build. A first build (or a broad change: the settings, the day, a rename) looks at every
page; an edit looks only at the pages of the records in its reach — the edited records'
processes, companies and people (`site_builder.incremental`) — and at the journal-wide
pages, which show something of every record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journal.agenda import agenda
from site_builder import pages as P
from site_builder.incremental import Scope, Snapshot, scope, snapshot
from site_builder.load import Source, everything
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
    snapshot: Snapshot
    """What each record was, for the next build's `scope`."""
    area: Scope | None
    """The edit's reach, or None when every page is looked at."""
    wanted: set[str] | None
    """Page paths to compute again, or None for all of them."""


def plan(source: Source) -> Plan:
    journal, old = source.journal, source.old
    md = Renderer(old.markdown)
    views = Views(journal, agenda(journal, journal.settings.policy, source.as_of), source.as_of, md)
    site = {"site_title": journal.settings.site_title, "as_of": source.as_of.isoformat()}
    snap = snapshot(journal, views.names, everything(journal, source.as_of))
    area = scope(old.snapshot, snap) if old.snapshot is not None else None
    wanted = _wanted(views, area, old.files)
    if area is not None:
        views.entry_cache = old.entries
    return Plan(source, views, md, site, snap, area, wanted)


def _wanted(views: Views, area: Scope | None, previous: dict[str, str]) -> set[str] | None:
    """Page paths to compute again, or None for all of them (a first build or a broad change)."""
    if area is None:
        return None
    names, journal = views.names, views.journal
    wanted = {names.interview[r.id] for key in area.processes for r in journal.processes.get(key, [])}
    wanted |= {names.company[key] for key in area.companies if key in names.company}
    wanted |= {names.person[pid] for pid in area.persons if pid in names.person}
    wanted |= {path for path in P.page_paths(views) if path not in previous}  # new pages
    return wanted | set(P.SINGLE_PAGES)
