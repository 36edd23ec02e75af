"""Incremental equals full, for any sequence of edits: after every step of a random sequence
(edits, new files, deletes, renames, a broken file and its repair), the rebuilt site is byte
for byte the site a full build writes, whether the state is kept in memory with the journal
refreshed file by file (`serve`), kept in memory with the journal loaded again, or read back
from the cache folder (`followup build` run after run)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import DATA, tree

from journal.loader import load
from journal.refresh import LiveJournal
from site_builder.build import build_site
from site_builder.state import BuildState

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


GLOBEX = "interviews/2026-11-16-globex-data-engineer-phone-screen.md"
JANE_AT_GLOBEX = (
    "  - name: Maria Lopez\n",
    "  - name: Jane Doe\n    linkedin: https://www.linkedin.com/in/janedoe\n  - name: Maria Lopez\n",
)
"""Jane in a second process: her LinkedIn request, logged in the first, settles the item in both."""


def _thank_maria(root: Path) -> None:
    (root / "followups" / "2026-11-17-thank-you-maria-lopez.md").write_text(
        "---\ninterview: 2026-11-16-globex-data-engineer-phone-screen\nkind: thank-you\nto: Maria Lopez\n"
        "status: sent\ndate: 2026-11-17\n---\nThank you for the call.\n"
    )


def _draft_check_in(root: Path) -> None:
    """A check-in to Priya drafted: the agenda's item links to it, on every page that lists it."""
    (root / "followups" / "2026-11-24-check-in-priya-shah.md").write_text(
        "---\nkind: check-in\nto: Priya Shah\nstatus: draft\n---\nHow is the new role going?\n"
    )


def _jane_file(root: Path) -> None:
    (root / "people" / "jane-doe.md").write_text("---\nname: Jane Doe\nkeep_in_touch: 30\n---\nMet at the onsite.\n")


STEPS: dict[str, Callable[[Path], None]] = {
    "move the phone screen to October": _replace(
        "interviews/2026-11-02-acme-corp-backend-engineer-phone-screen.md", "date: 2026-11-02", "date: 2026-10-30"
    ),
    "Jane meets Globex too": _replace(GLOBEX, *JANE_AT_GLOBEX),
    "unsend the LinkedIn request": _replace(
        "followups/2026-11-21-linkedin-jane-doe.md", "status: sent", "status: draft"
    ),
    "thank Maria": _thank_maria,
    "Jane keeps in touch": _jane_file,
    "draft a check-in to Priya": _draft_check_in,
    "retitle a role": _replace(ACME, "role: Backend Engineer", "role: Backend Engineer II"),
    "break a file": _replace(ACME, "role: Backend Engineer", "role: [unclosed"),
    "reject a process": _replace(ACME, "outcome: pending", "outcome: rejected"),
    "rename an interviewer": _replace(ACME, "Raj Patel", "Rajesh Patel"),
    "rename a company": _replace("interviews/2026-11-16-globex-data-engineer-phone-screen.md", "Globex", "Globex Inc"),
    "edit a body": _replace("followups/2026-10-20-reply-bill-lumbergh.md", "candidates.", "candidates. Thanks!"),
    "write a round's notes": _replace(ACME, "rate limiting**;", "rate limiting** and *caching*;"),
    "write a thank-you's words": _replace(
        "followups/2026-11-20-thank-you-jane-doe.md", "event queue.", "event queue and the on-call rota."
    ),
    "write a person's notes": _replace("people/priya-shah.md", "Met at PyCon.", "Met at PyCon 2026."),
    "edit a people file": _replace("people/priya-shah.md", "keep_in_touch: 60", "keep_in_touch: 7"),
    "new follow-up": _new_followup,
    **{f"delete {rel}": _delete(rel) for rel in FILES},
    **{f"rename {rel}": _rename(rel) for rel in FILES if rel.startswith("followups/")},
    **{f"repair {rel}": _repair(rel) for rel in FILES},
}


MODES = ("serve", "memory", "disk")


def _site(out: Path) -> dict[str, bytes]:
    return tree(out)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=5), st.sampled_from(MODES))
def test_any_sequence_of_edits_rebuilds_to_the_full_build(steps: list[str], mode: str) -> None:
    _check(steps, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "steps",
    [
        ["move the phone screen to October", "reject a process"],  # October shows the process's outcome
        ["Jane meets Globex too", "unsend the LinkedIn request"],  # an item comes back in the other process
        ["Jane meets Globex too", "thank Maria"],  # Jane's page shows the Globex round
        ["Jane meets Globex too", "Jane keeps in touch", "rename an interviewer"],
        ["draft a check-in to Priya", "edit a people file"],  # the drafted item on people.html
        ["write a round's notes", "write a thank-you's words", "write a person's notes", "reject a process"],
    ],
)
def test_edits_that_reach_other_records_pages(steps: list[str], mode: str) -> None:
    """Sequences where an edit changes what another record's page or month shows."""
    _check(steps, mode)


def _records(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("*/*.md")}


def _check(steps: list[str], mode: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        root = base / "journal"
        shutil.copytree(DATA / "site_small", root, ignore=shutil.ignore_patterns(".followup", "_site"))
        out = base / "out"
        live = LiveJournal(root) if mode == "serve" else None
        journal = live.journal if live is not None else None
        memo = live.memo if live is not None else None
        state: BuildState | None = build_site(root, out=out, as_of=AS_OF, journal=journal, memo=memo).state
        previous = state if mode != "disk" else None
        for number, step in enumerate(steps):
            before = _records(root)
            STEPS[step](root)
            if live is not None:  # as `serve` does: only the files the watcher names are read again
                after = _records(root)
                journal = live.refresh(
                    {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
                )
                fresh_load = load(root, use_cache=False)
                assert journal.indexes() == fresh_load.indexes(), steps[: number + 1]
                assert journal.followups_by_interview == fresh_load.followups_by_interview, steps[: number + 1]
            result = build_site(root, out=out, as_of=AS_OF, previous=previous, journal=journal, memo=memo)
            previous = result.state if mode != "disk" else None
            # On a copy of the journal, so its state and what it keeps never stand for the edited site's.
            alone = base / f"journal-{number}"
            shutil.copytree(root, alone, ignore=shutil.ignore_patterns(".followup"))
            fresh = base / f"full-{number}"
            full = build_site(alone, out=fresh, as_of=AS_OF)
            assert _site(out) == _site(fresh), (steps[: number + 1], mode)
            assert result.problems == full.problems
        again = build_site(root, out=out, as_of=AS_OF, previous=previous, journal=journal, memo=memo)
        assert again.written == [], "a rebuild with nothing changed writes nothing"


def test_serve_writes_the_edited_rounds_page_before_the_rest_of_its_process(tmp_path: Path) -> None:
    """The page the user is looking at comes first: its process's other rounds and its company's
    page show the edit too, but they are written, and announced, after it."""
    root = tmp_path / "journal"
    shutil.copytree(DATA / "site_small", root, ignore=shutil.ignore_patterns(".followup", "_site"))
    out, day = tmp_path / "site", date(2026, 11, 25)
    live = LiveJournal(root)
    state = build_site(root, out=out, as_of=day, journal=live.journal, memo=live.memo).state
    onsite = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"
    path = root / onsite
    path.write_text(path.read_text().replace("outcome: pending", "outcome: offer"))
    journal = live.refresh([onsite])
    announced: list[list[str]] = []
    edited = [c.after.record for c in live.changes if c.after and c.after.record]
    result = build_site(
        root, out=out, as_of=day, previous=state, journal=journal, memo=live.memo, edited=edited,
        on_pages=announced.append,
    )  # fmt: skip
    page = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html"
    assert announced[0] == [page]
    assert "offer" in (out / page).read_text()
    rest = set(announced[1]) - set(announced[0])
    assert {"interviews/2026-11-02-acme-corp-backend-engineer-phone-screen.html", "companies/acme-corp.html"} <= rest
    assert set(announced[1]) <= set(result.written)
