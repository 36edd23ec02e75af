"""Stage 4 of a build: finish the output folder and keep what the next build starts from.

The render stage has handed every file to the writer, which wrote only changed bytes; here
the files the last build made and this one no longer has are removed, the manifest (each
file's hash, and the fingerprint of the inputs) is saved, and so is the build state: in the
cache folder for the next `followup build`, in memory for `serve`.
"""

from __future__ import annotations

from site_builder import pages as P
from site_builder import state as site_state
from site_builder import unchanged
from site_builder.plan import Plan
from site_builder.render import Rendered
from site_builder.state import BuildResult, BuildState
from site_builder.writer import Writer


def finish(plan: Plan, done: Rendered, writer: Writer, *, rebuild: bool) -> BuildResult:
    """Remove what is gone, save the manifest and the state; `rebuild`: a rebuild from a state in
    memory (`serve`), which keeps no stat stamp (its journal is refreshed from events, not stats)."""
    source = plan.source
    removed = writer.finish(source.inputs, source.as_of.isoformat())
    state = BuildState(
        source.out,
        source.inputs,
        signatures=done.signatures,
        files=dict(writer.files),
        markdown=dict(plan.md.used),
        fragments=done.fragments,
        pages=P.page_count(plan.views) + done.month_pages,
        built=True,
        calendar=done.calendar,
    )
    if source.persist:
        site_state.save(source.root, source.out, state.signatures, state.fragments, state.calendar)
    if not rebuild:
        stamp = source.stamp
        if stamp is None and source.loaded:  # no stamp was taken before loading: take it now
            stamp = unchanged.settled(source.root, source.as_of, source.journal, source.started_ns)
        unchanged.save(source.root, source.out, stamp, source.problems, state.pages)
    return BuildResult(source.out, sorted(writer.written), source.problems, state, pages=state.pages, removed=removed)
