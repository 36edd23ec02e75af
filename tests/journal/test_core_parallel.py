"""The two-core cold parse gives exactly what one process gives, and survives a failing child."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from core_helpers import put

import journal
from journal import cache, loader, parallel
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
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    single = snapshot(journal.load(big, use_cache=False))
    monkeypatch.setattr(parallel, "MINIMUM", 2)
    assert snapshot(journal.load(big, use_cache=False)) == single


def test_failing_child_falls_back_to_the_parent(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    single = snapshot(journal.load(big, use_cache=False))
    monkeypatch.setattr(parallel, "MINIMUM", 2)

    def broken(entry: cache.Entry) -> tuple[object, ...]:
        raise RuntimeError("child fails")

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
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    monkeypatch.setattr(loader, "RACY_NS", 0)  # files written a moment ago are trusted (here, nothing edits them)
    fresh = journal.load(big, use_cache=False)
    journal.load(big)  # writes the cache
    monkeypatch.setattr(loader, "FORK_CACHE_BYTES", 0)
    started, adopted = [], []
    real_start, real_adopt = parallel.start, journal.Journal.adopt_indexes
    monkeypatch.setattr(parallel, "start", lambda work: started.append(work) or real_start(work))
    monkeypatch.setattr(journal.Journal, "adopt_indexes", lambda self, saved: adopted.append(real_adopt(self, saved)))
    warm = journal.load(big)
    assert started, "the listing ran in a child"
    assert adopted == [True], "the saved indexes were adopted, not recomputed"
    assert snapshot(warm) == snapshot(fresh)
    assert derived(warm) == derived(fresh)


def test_a_child_that_dies_leaves_the_listing_to_the_parent(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    fresh = journal.load(big, use_cache=False)
    journal.load(big)
    monkeypatch.setattr(loader, "FORK_CACHE_BYTES", 0)
    parent, real_listing = os.getpid(), loader._markdown_files

    def dies_in_the_child(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real_listing(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_markdown_files", dies_in_the_child)
    assert snapshot(journal.load(big)) == snapshot(fresh)


def test_saved_indexes_that_do_not_fit_are_recomputed(big: Path) -> None:
    fresh = journal.load(big, use_cache=False)
    journal.load(big)
    warm = journal.load(big)
    assert not warm.adopt_indexes(([], [], {}, [])), "indexes missing records are refused"
    assert not warm.adopt_indexes(("garbage",)), "a malformed value is refused"
    again = journal.load(big, use_cache=False)
    assert again.adopt_indexes(warm.indexes()) and derived(again) == derived(fresh)


def test_an_edit_is_seen_when_the_child_compares_the_listing(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    monkeypatch.setattr(loader, "RACY_NS", 0)
    monkeypatch.setattr(loader, "FORK_CACHE_BYTES", 0)
    journal.load(big)
    victim = sorted((big / "interviews").glob("*.md"))[0]
    victim.write_text(victim.read_text().replace("company: ", "company: Renamed ", 1))
    put(big, "followups/zz-new.md", "---\nkind: other\n---\n")
    (big / "people").mkdir(exist_ok=True)
    warm = journal.load(big)
    assert warm.interviews[victim.stem].company.startswith("Renamed ")
    assert "zz-new" in warm.followups
    assert snapshot(warm) == snapshot(journal.load(big, use_cache=False))


def test_a_large_journal_cache_is_written_meanwhile_and_lands(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    monkeypatch.setattr(parallel, "MINIMUM", 2)
    monkeypatch.setattr(loader, "RACY_NS", 0)
    detached: list[object] = []
    real_detach = parallel.detach

    def detach(work: Callable[[], object]) -> bool:
        detached.append(work)
        return real_detach(work)

    monkeypatch.setattr(parallel, "detach", detach)
    journal.load(big)
    assert detached == [], "a plain load leaves its cache on disk before it returns"
    assert (big / CACHE_DIR / cache.CACHE_FILE).exists()
    shutil.rmtree(big / CACHE_DIR)
    fresh = journal.load(big, cache_meanwhile=True)
    assert len(detached) == 1, "the cache was handed to a child"
    parallel.settle()
    assert (big / CACHE_DIR / cache.CACHE_FILE).exists()
    parses = count_parses(monkeypatch)
    warm = journal.load(big)
    assert parses == [], "every file came from the cache the child wrote"
    assert snapshot(warm) == snapshot(fresh)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parses: list[str] = []
    real_parse = loader.parse_entry

    def parse_entry(rel: str, *rest: Any) -> cache.Entry:
        parses.append(rel)
        return real_parse(rel, *rest)

    monkeypatch.setattr(loader, "parse_entry", parse_entry)
    return parses


def test_a_detached_child_keeps_no_reader_waiting(tmp_path: Path) -> None:
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    marker = tmp_path / "written"
    script = (
        "import time, pathlib\nfrom journal import parallel\n"
        f"parallel.detach(lambda: (time.sleep(3), print('from the child'), pathlib.Path({str(marker)!r}).touch()))\n"
        "print('caller done')\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert ran.stdout == "caller done\n", "the child's output goes nowhere, and the pipe closed with the caller"
    assert not marker.exists(), "the reader of the caller's output did not wait for the child"
    for _ in range(200):
        if marker.exists():
            break
        time.sleep(0.05)
    assert marker.exists(), "the child finished its work after the caller had gone"


def test_a_child_answer_larger_than_a_pipe_arrives_whole() -> None:
    if not parallel.can_fork():
        pytest.skip("needs Linux, two CPUs and no other threads")
    big_answer = ["x" * 1000 + str(index) for index in range(5000)]  # 5 MB: many pipe buffers
    assert parallel.start(lambda: big_answer)() == big_answer
    assert parallel.start(lambda: os._exit(0))() is None, "a child leaving without 'done' gave no answer"
