"""The two-core cold parse gives exactly what one process gives, and survives a failing child."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from core_helpers import put

import journal
from journal import cache, parallel


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
