"""Incremental equals full, for any sequence of edits: after every step of a random sequence
(edits, new files, deletes, renames, a broken file and its repair), the rebuilt site is byte
for byte the site a full build writes, whether the state is kept in memory (`serve`) or read
back from the cache folder (`followup build` run after run)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import DATA, tree

from site_builder.build import build_site
from site_builder.state import BuildState
from site_builder.writer import MANIFEST

AS_OF = date(2026, 11, 25)
FILES = sorted(p.relative_to(DATA / "site_small").as_posix() for p in (DATA / "site_small").glob("*/*.md"))
ACME = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        if path.exists():
            path.write_text(path.read_text().replace(old, new))

    return edit


def _repair(rel: str) -> Callable[[Path], None]:
    """Put a fixture file back as it was (undoing an edit, a delete or a break)."""

    def edit(root: Path) -> None:
        shutil.copyfile(DATA / "site_small" / rel, root / rel)

    return edit


def _delete(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink(missing_ok=True)


def _rename(rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        if path.exists():
            path.rename(path.with_name("renamed-" + path.name))

    return edit


def _new_followup(root: Path) -> None:
    (root / "followups" / "2026-11-24-status-check-jane-doe.md").write_text(
        "---\ninterview: 2026-11-20-acme-corp-backend-engineer-onsite\nkind: status-check\nto: Jane Doe\n"
        "status: sent\ndate: 2026-11-24T09:30\n---\nAny news?\n"
    )


STEPS: dict[str, Callable[[Path], None]] = {
    "retitle a role": _replace(ACME, "role: Backend Engineer", "role: Backend Engineer II"),
    "break a file": _replace(ACME, "role: Backend Engineer", "role: [unclosed"),
    "reject a process": _replace(ACME, "outcome: pending", "outcome: rejected"),
    "rename an interviewer": _replace(ACME, "Raj Patel", "Rajesh Patel"),
    "rename a company": _replace("interviews/2026-11-16-globex-data-engineer-phone-screen.md", "Globex", "Globex Inc"),
    "edit a body": _replace("followups/2026-10-20-reply-bill-lumbergh.md", "candidates.", "candidates. Thanks!"),
    "edit a people file": _replace("people/priya-shah.md", "keep_in_touch: 60", "keep_in_touch: 7"),
    "new follow-up": _new_followup,
    **{f"delete {rel}": _delete(rel) for rel in FILES},
    **{f"rename {rel}": _rename(rel) for rel in FILES if rel.startswith("followups/")},
    **{f"repair {rel}": _repair(rel) for rel in FILES},
}


def _site(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in tree(out).items() if rel != MANIFEST}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=5), st.booleans())
def test_any_sequence_of_edits_rebuilds_to_the_full_build(steps: list[str], in_memory: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        root = base / "journal"
        shutil.copytree(DATA / "site_small", root, ignore=shutil.ignore_patterns(".followup", "_site"))
        out = base / "out"
        state: BuildState | None = build_site(root, out=out, as_of=AS_OF).state
        for number, step in enumerate(steps):
            STEPS[step](root)
            result = build_site(root, out=out, as_of=AS_OF, previous=state if in_memory else None)
            state = result.state
            fresh = base / f"full-{number}"
            full = build_site(root, out=fresh, as_of=AS_OF)
            assert _site(out) == _site(fresh), (steps[: number + 1], in_memory)
            assert result.problems == full.problems
        again = build_site(root, out=out, as_of=AS_OF, previous=state if in_memory else None)
        assert again.written == [], "a rebuild with nothing changed writes nothing"
