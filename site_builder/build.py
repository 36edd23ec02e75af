"""`followup build`: load → plan → render → write, one module each.

- `site_builder.load`: the journal, and the last build's state; a build with nothing
  changed stops here.
- `site_builder.plan`: the view models, and which pages an edit reaches.
- `site_builder.render`: the pages whose inputs changed, rendered; the journal-wide files
  assembled from parts kept by what they show.
- `site_builder.write`: stale files removed, the manifest and the state saved.

The writer (`site_builder.writer`) writes only changed bytes, so a rebuild touches only the
files whose content changed. A `followup build` keeps what its memo derived of each process
and person for the next one (`site_builder.kept`), as `serve` keeps it in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from journal.memo import Memo
from journal.model import Journal, Record
from site_builder import kept, load, plan, render, write
from site_builder.state import BuildResult, BuildState
from site_builder.unchanged import Looked
from site_builder.writer import OutputError, Writer, manifest_path

__all__ = ["BuildResult", "BuildState", "OutputError", "build_site"]


def build_site(
    root: Path,
    out: Path | None = None,
    as_of: date | None = None,
    strict: bool = False,
    previous: BuildState | None = None,
    journal: Journal | None = None,
    on_pages: Callable[[list[str]], None] | None = None,
    keep_broken: bool = False,
    memo: Memo | None = None,
    edited: Iterable[Record] = (),
    looked: Looked | None = None,
) -> BuildResult:
    """Build the site of the journal at `root` into `out` (default `<root>/_site`).

    `previous` is the last build's state (kept by `serve`), `journal` one already in memory.
    A rebuild writes the pages of the records in the edit's reach first, then calls `on_pages`
    with what it wrote so far (`serve` announces them), then the journal-wide files.
    `keep_broken` (`serve`): the page of an interview whose file has an error is kept as the last
    build wrote it, rather than removed, while the file is being fixed. `memo` (`serve`): the live
    journal's, which keeps what each process and person derived until an edit reaches them.
    `edited` (`serve`): the records the edit changed, whose own pages are written and announced
    before the rest of its reach. `looked` (`followup build`): what the caller found when it
    looked at the site before the build (`unchanged.look`): the site is not looked at again.
    """
    source = load.source(Path(root), out, as_of, strict, previous, journal, looked)
    if isinstance(source, BuildResult):
        return source
    offered = None
    if memo is None:  # a one-off build: offered what the last one kept (`site_builder.kept`)
        offered = kept.offer(source)
        memo = offered.memo
    wanted = plan.plan(source, memo, edited)
    writer = Writer(source.out, dict(source.old.files), manifest_path(source.root, source.out))
    writer.claim()
    done = render.render(wanted, writer, on_pages, keep_broken)
    result = write.finish(wanted, done, writer, rebuild=previous is not None)
    if offered is not None:
        kept.save(offered)
    return result
