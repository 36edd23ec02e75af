"""serve's quick pass: the edited process's pages, written first, are exactly what a full build writes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from journal.loader import load
from journal.refresh import LiveJournal
from site_builder.build import BuildState, build_site
from site_builder.quick import Index, carry, quick_pages

DATA = Path(__file__).resolve().parent.parent / "data" / "site_small"
AS_OF = date(2026, 11, 25)
ONSITE = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"
THANKS = "followups/2026-11-20-thank-you-jane-doe.md"
LINKEDIN = "followups/2026-11-21-linkedin-jane-doe.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "journal"
    shutil.copytree(DATA, target)
    return target


def first_build(root: Path) -> tuple[LiveJournal, BuildState, Index]:
    live = LiveJournal(root)
    result = build_site(root, as_of=AS_OF, journal=live.journal)
    assert result.state.built
    return live, result.state, Index.of(live.journal)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))


def quick(root: Path, live: LiveJournal, state: BuildState, index: Index, *rels: str) -> tuple[list[list[str]], object]:
    before = live.journal
    journal = live.refresh(rels)
    published: list[list[str]] = []
    done = quick_pages(before, journal, live.changes, index, state, AS_OF, published.append)
    return published, done


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        (ONSITE, "stage: onsite", "stage: final"),  # the process at a glance changes on every round's page
        (THANKS, "status: sent", "status: draft"),  # the thank-you item comes back on the agenda
        (LINKEDIN, "status: sent", "status: draft"),  # a LinkedIn item shared by the person's processes
        (ONSITE, "outcome: pending", "outcome: rejected"),  # a check-in with the first interviewer
    ],
)
def test_the_quick_pages_are_the_full_builds_pages(root: Path, tmp_path: Path, rel: str, old: str, new: str) -> None:
    live, state, index = first_build(root)
    if old not in (root / rel).read_text():
        pytest.skip(f"{rel} has no {old!r}")
    edit(root, rel, old, new)
    published, done = quick(root, live, state, index, rel)
    assert done is not None and published and published[0], "the edited process's pages are written and announced"
    fresh = build_site(root, out=tmp_path / "fresh", as_of=AS_OF, journal=load(root, use_cache=False))
    for page in published[0]:
        assert (state.out / page).read_bytes() == (fresh.out / page).read_bytes(), page


def test_the_full_build_after_it_writes_and_announces_nothing_twice(root: Path) -> None:
    live, state, index = first_build(root)
    edit(root, ONSITE, "stage: onsite", "stage: final")
    published, done = quick(root, live, state, index, ONSITE)
    assert done is not None
    rest = build_site(root, as_of=AS_OF, previous=carry(state, done), journal=live.journal)  # type: ignore[arg-type]
    assert not set(published[0]) & set(rest.written), "the full build's bytes are the quick pass's: not written again"
    assert "index.html" in rest.written  # the journal-wide pages follow


def test_a_new_file_or_a_people_file_is_left_to_the_full_build(root: Path) -> None:
    live, state, index = first_build(root)
    new = "interviews/2026-11-24-acme-corp-backend-engineer-final.md"
    shutil.copy(root / ONSITE, root / new)
    assert quick(root, live, state, index, new)[1] is None
    edit(root, "people/priya-shah.md", "Priya", "Priya A.")
    assert quick(root, live, state, index, "people/priya-shah.md")[1] is None


def test_a_rebuild_announces_the_edits_pages_before_the_journal_wide_ones(root: Path) -> None:
    live, state, _index = first_build(root)
    edit(root, ONSITE, "stage: onsite", "stage: final")
    early: list[list[str]] = []
    result = build_site(root, as_of=AS_OF, previous=state, journal=live.refresh([ONSITE]), on_pages=early.append)
    assert len(early) == 1
    assert "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html" in early[0]
    assert any(path.startswith("companies/") for path in early[0])
    assert "index.html" not in early[0] and "index.html" in result.written
    for path in early[0]:
        assert (state.out / path).is_file()


ROUND = """---
company: {company}
role: Engineer
stage: {stage}
date: {day}
interviewers:
  - name: {who}
outcome: rejected
---
{body}
"""


def test_a_check_in_shared_by_two_processes_stays_where_the_full_build_puts_it(tmp_path: Path) -> None:
    """Xavier ends two rejected processes: the one met first in file order gets the check-in."""
    root = tmp_path / "journal"
    shutil.copytree(DATA, root)
    folder = root / "interviews"
    rounds = [("Qcorp", "phone-screen", "2026-09-01", "Zed Quinn"), ("Pcorp", "onsite", "2026-09-10", "Xavier Ode")]
    rounds.append(("Qcorp", "final", "2026-09-20", "Xavier Ode"))
    for company, stage, day, who in rounds:
        text = ROUND.format(company=company, stage=stage, day=day, who=who, body="Notes.")
        (folder / f"{day}-{company.lower()}-engineer-{stage}.md").write_text(text)
    live, state, index = first_build(root)
    pcorp = "interviews/2026-09-10-pcorp-engineer-onsite.md"
    (root / pcorp).write_text(
        ROUND.format(company="Pcorp", stage="onsite", day="2026-09-10", who="Xavier Ode", body="More.")
    )
    published, done = quick(root, live, state, index, pcorp)
    assert done is not None and published[0] == ["interviews/2026-09-10-pcorp-engineer-onsite.html"]
    fresh = build_site(root, out=tmp_path / "fresh", as_of=AS_OF, journal=load(root, use_cache=False))
    page = "interviews/2026-09-10-pcorp-engineer-onsite.html"
    assert (state.out / page).read_bytes() == (fresh.out / page).read_bytes()
    assert b"Check-in</strong> with" in (fresh.out / "interviews/2026-09-20-qcorp-engineer-final.html").read_bytes()
