"""The load on two cores gives exactly what one process gives, and survives a failing worker."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from core_helpers import put

import journal
from journal import cache, listing, loader, workers
from journal.layout import CACHE_DIR


@pytest.fixture
def big(tmp_path: Path) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from generate import generate

    root = tmp_path / "j"
    generate(root, 60, seed=3, today=date(2026, 11, 25))
    put(root, "interviews/zz-bad.md", "---\ncompany: [x\n---\n")
    return root


def snapshot(loaded: journal.Journal) -> tuple[object, ...]:
    return (
        list(loaded.interviews.items()),
        list(loaded.followups.items()),
        list(loaded.people_files.items()),
        loaded.problems,
        [r.source for r in loaded.interviews.values()],
    )


def test_forked_parse_equals_single_process(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not workers.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    single = snapshot(journal.load(big, use_cache=False))
    monkeypatch.setattr(loader, "PARSE_APART_FILES", 2)
    assert snapshot(journal.load(big, use_cache=False)) == single


@pytest.mark.parametrize("failure", ["raises", "dies", "garbles"])
def test_a_failing_worker_leaves_its_files_to_this_process(
    big: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    if not workers.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    single = snapshot(journal.load(big, use_cache=False))
    monkeypatch.setattr(loader, "PARSE_APART_FILES", 2)
    parent, real_encode = os.getpid(), cache.encode_entry

    def broken(entry: cache.Entry) -> tuple[object, ...]:
        if os.getpid() == parent:
            return real_encode(entry)
        if failure == "dies":
            os._exit(3)
        if failure == "garbles":
            return ("not", "an", "entry")
        raise RuntimeError("the worker fails")

    monkeypatch.setattr(cache, "encode_entry", broken)
    assert snapshot(journal.load(big, use_cache=False)) == single


def derived(loaded: journal.Journal) -> tuple[object, ...]:
    return (
        list(loaded.processes.items()),
        list(loaded.followups_by_interview.items()),
        list(loaded.people.items()),
        [loaded.person_of(name) for name in ("Jane Doe", "jane  DOE", "Somebody New")],
    )


def test_warm_load_with_the_listing_in_a_child_equals_a_fresh_load(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not workers.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    monkeypatch.setattr(loader, "RACY_NS", 0)  # files written a moment ago are trusted (here, nothing edits them)
    fresh = journal.load(big, use_cache=False)
    journal.load(big)  # writes the cache
    monkeypatch.setattr(loader, "LIST_APART_FILES", 0)
    started, adopted = [], []
    real_pool, real_adopt = workers.pool, journal.Journal.adopt_indexes
    monkeypatch.setattr(workers, "pool", lambda *given: started.append(given) or real_pool(*given))
    monkeypatch.setattr(journal.Journal, "adopt_indexes", lambda self, saved: adopted.append(real_adopt(self, saved)))
    warm = journal.load(big)
    assert started, "the listing ran in a worker"
    assert adopted == [True], "the saved indexes were adopted, not recomputed"
    assert snapshot(warm) == snapshot(fresh)
    assert derived(warm) == derived(fresh)


def test_a_worker_that_dies_leaves_the_listing_to_this_process(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not workers.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    fresh = journal.load(big, use_cache=False)
    journal.load(big)
    monkeypatch.setattr(loader, "LIST_APART_FILES", 0)
    parent, real_listing = os.getpid(), listing._markdown_files

    def dies_in_the_child(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real_listing(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(listing, "_markdown_files", dies_in_the_child)
    assert snapshot(journal.load(big)) == snapshot(fresh)


def test_saved_indexes_that_do_not_fit_are_recomputed(big: Path) -> None:
    fresh = journal.load(big, use_cache=False)
    journal.load(big)
    warm = journal.load(big)
    assert not warm.adopt_indexes(([], [], {}, [])), "indexes missing records are refused"
    assert not warm.adopt_indexes(("garbage",)), "a malformed value is refused"
    again = journal.load(big, use_cache=False)
    assert again.adopt_indexes(warm.indexes()) and derived(again) == derived(fresh)


def test_an_edit_is_seen_when_a_worker_compares_the_listing(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not workers.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    monkeypatch.setattr(loader, "RACY_NS", 0)
    monkeypatch.setattr(loader, "LIST_APART_FILES", 0)
    journal.load(big)
    victim = sorted((big / "interviews").glob("*.md"))[0]
    victim.write_text(victim.read_text().replace("company: ", "company: Renamed ", 1))
    put(big, "followups/zz-new.md", "---\nkind: other\n---\n")
    (big / "people").mkdir(exist_ok=True)
    warm = journal.load(big)
    assert warm.interviews[victim.stem].company.startswith("Renamed ")
    assert "zz-new" in warm.followups
    assert snapshot(warm) == snapshot(journal.load(big, use_cache=False))


def test_a_cold_load_on_two_cores_leaves_its_cache_on_disk(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not workers.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    monkeypatch.setattr(loader, "PARSE_APART_FILES", 2)
    monkeypatch.setattr(loader, "RACY_NS", 0)
    fresh = journal.load(big)
    assert (big / CACHE_DIR / cache.CACHE_FILE).exists()
    assert workers.can_fork(), "the pool's threads are gone: the render stage may start its own"
    parses = count_parses(monkeypatch)
    warm = journal.load(big)
    assert parses == [], "every file came from the cache, the worker's share too"
    assert snapshot(warm) == snapshot(fresh)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parses: list[str] = []
    real_parse = loader.parse_entry

    def parse_entry(rel: str, *rest: Any) -> cache.Entry:
        parses.append(rel)
        return real_parse(rel, *rest)

    monkeypatch.setattr(loader, "parse_entry", parse_entry)
    return parses
