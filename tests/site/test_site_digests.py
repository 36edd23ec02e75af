"""Subject digests updated from the files a load read again (`journal.digests`) are the digests
made afresh, after any sequence of edits; they are made afresh whenever the load did not start
from the cache they were made beside."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import DATA
from test_site_incremental import STEPS

from journal import digests as digests_module
from journal.digests import Digests, digests
from journal.loader import load

WORDS = "write a thank-you's words"
ONSITE = "2026-11-20-acme-corp-backend-engineer-onsite"


def _sam_asks_about_the_onsite(root: Path) -> None:
    """A follow-up to someone who was not in the round it is about: their digest reads that round."""
    (root / "followups" / "2026-11-22-status-check-sam-recruiter.md").write_text(
        f"---\ninterview: {ONSITE}\nkind: status-check\nto: Sam Recruiter\nstatus: sent\ndate: 2026-11-22\n---\nAny news?\n"
    )


SETUP = ["Jane meets Globex too"]
"""Every sequence starts with Jane in two processes and Sam asked about a round he was not in."""


def _journal(folder: Path) -> Path:
    """site_small, with `SETUP` done: people named by records outside their own rounds."""
    root = folder / "journal"
    shutil.copytree(DATA / "site_small", root, ignore=shutil.ignore_patterns(".followup", "_site"))
    for step in SETUP:
        STEPS[step](root)
    _sam_asks_about_the_onsite(root)
    return root


def _made(earlier: Digests | None, root: Path) -> tuple[Digests, Digests]:
    """The digests of the journal loaded now, updated from `earlier` and made afresh."""
    journal = load(root)
    kept, fresh = digests(journal, earlier), digests(journal)
    assert kept is not None and fresh is not None
    return kept, fresh


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=6))
def test_digests_updated_after_any_edits_equal_digests_made_afresh(
    tmp_path_factory: pytest.TempPathFactory, steps: list[str]
) -> None:
    root = _journal(tmp_path_factory.mktemp("digests"))
    earlier, _fresh = _made(None, root)
    for number, step in enumerate(steps):
        STEPS[step](root)
        kept, fresh = _made(earlier, root)
        assert kept == fresh, steps[: number + 1]
        earlier = kept


@pytest.mark.parametrize(
    "steps",
    [
        ["unsend the LinkedIn request"],  # Jane's front matter moves: the Globex process names her
        ["write a round's notes"],  # Sam's digest reads the onsite, which he was not in
        ["retitle a role", "write a round's notes", "rename a company"],
    ],
)
def test_edits_whose_reach_goes_past_their_own_records(tmp_path: Path, steps: list[str]) -> None:
    root = _journal(tmp_path)
    earlier, _fresh = _made(None, root)
    for step in steps:
        STEPS[step](root)
        kept, fresh = _made(earlier, root)
        assert kept == fresh, step
        assert kept != earlier, step
        earlier = kept


@pytest.fixture
def people_hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Everyone whose digest is made (again)."""
    made: list[str] = []
    real = digests_module._person

    def person(journal, pid):  # type: ignore[no-untyped-def]
        made.append(pid)
        return real(journal, pid)

    monkeypatch.setattr(digests_module, "_person", person)
    return made


def test_one_edit_hashes_again_only_whom_it_touches(tmp_path: Path, people_hashed: list[str]) -> None:
    root = _journal(tmp_path)
    earlier = digests(load(root))
    assert earlier is not None and len(people_hashed) == len(earlier.seen) > 3
    people_hashed.clear()
    STEPS[WORDS](root)
    journal = load(root)
    kept = digests(journal, earlier)
    assert people_hashed == ["jane-doe"]
    assert kept == digests(journal)


def test_a_load_from_a_cache_another_command_rewrote_makes_them_afresh(
    tmp_path: Path, people_hashed: list[str]
) -> None:
    """`followup due` after the edit reads it into the cache: the next load finds nothing changed,
    so the digests kept before the edit are not updated but made again."""
    root = _journal(tmp_path)
    earlier = digests(load(root))
    STEPS[WORDS](root)
    load(root)
    people_hashed.clear()
    journal = load(root)
    assert journal.loaded is not None and journal.loaded.changed == []
    kept = digests(journal, earlier)
    assert kept == digests(journal) != earlier
    assert len(people_hashed) > len(earlier.seen)
