"""Reading files for a cold load: one open, fstat and read each, never hanging, never short."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from core_helpers import put

import journal
from journal import listing, loader
from journal.records import Interview

INTERVIEW = "---\ncompany: Acme\nrole: Dev\ndate: 2026-11-20\n---\nNotes\n"


def test_a_fifo_named_like_a_record_is_skipped_without_hanging(tmp_path: Path) -> None:
    put(tmp_path, "journal.yaml", "owner: Me\n")
    put(tmp_path, "interviews/a.md", INTERVIEW)
    os.mkfifo(tmp_path / "interviews" / "b.md")
    (tmp_path / "interviews" / "c.md").mkdir()
    loaded = journal.load(tmp_path)  # a blocking open of the FIFO would hang here
    assert list(loaded.interviews) == ["a"]
    assert loaded.problems == []


def test_a_fifo_swapped_in_after_the_listing_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.md")
    entry = loader._read_entry(("interviews/x.md", str(tmp_path / "x.md"), "interviews", None))
    assert entry.record is None
    assert [str(problem) for problem in entry.problems] == ["interviews/x.md:1: error: cannot read: not a regular file"]


def test_the_entry_holds_the_stat_of_the_bytes_read(tmp_path: Path) -> None:
    path = put(tmp_path, "interviews/a.md", INTERVIEW)
    entry = loader._read_entry(("interviews/a.md", str(path), "interviews", None))
    stat = os.stat(path)
    assert (entry.size, entry.mtime_ns, entry.ctime_ns, entry.inode) == (
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ctime_ns,
        stat.st_ino,
    )
    assert isinstance(entry.record, Interview) and entry.record.company == "Acme"


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 65536, 65537, 300_000])
def test_files_of_every_size_are_read_whole(tmp_path: Path, size: int) -> None:
    data = (b"0123456789abcdef" * (size // 16 + 1))[:size]
    path = tmp_path / "f.md"
    path.write_bytes(data)
    assert loader._read_bytes(str(path))[0] == data


def test_a_cold_listing_without_stat_finds_what_the_stat_listing_finds(tmp_path: Path) -> None:
    put(tmp_path, "interviews/b.md", INTERVIEW)
    put(tmp_path, "interviews/a.md", INTERVIEW)
    put(tmp_path, "interviews/.hidden.md", INTERVIEW)
    put(tmp_path, "interviews/notes.txt", "x")
    put(tmp_path, "followups/z.md", "---\nkind: other\n---\n")
    (tmp_path / "interviews" / "link.md").symlink_to(tmp_path / "interviews" / "a.md")
    (tmp_path / "interviews" / "away.md").symlink_to(tmp_path.parent)
    (tmp_path / "interviews" / "broken.md").symlink_to(tmp_path / "nowhere.md")
    with_stat, stat_problems = listing.list_files(tmp_path)
    names, name_problems = listing.list_files(tmp_path, with_stat=False)
    assert [row[:2] for row in names] == [row[:2] for row in with_stat]
    assert [row[:2] for row in names] == [
        ("interviews", "interviews/a.md"),
        ("interviews", "interviews/b.md"),
        ("interviews", "interviews/link.md"),
        ("followups", "followups/z.md"),
    ]
    assert name_problems == stat_problems and len(name_problems) == 2
