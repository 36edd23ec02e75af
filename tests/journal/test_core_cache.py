"""The load cache: faster, never stale, never trusted when corrupt, never able to run code."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from core_helpers import make_journal, put
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journal
from journal import cache, loader

HOUR_AGO = time.time_ns() - 3600 * 10**9
FILES = {
    "interviews/a.md": "---\ncompany: Acme\nrole: Dev\ndate: 2026-11-20T14:00+01:00\ninterviewers:\n  - name: Jane Doe\n    pronouns: she/her\n---\nBody A\n",
    "interviews/bad.md": "---\ncompany: [x\n---\n",
    "followups/f.md": "---\ninterview: a\nkind: thank-you\nto: Jane Doe\nstatus: sent\ndate: 2026-11-20\n---\nThanks\n",
    "followups/dangling.md": "---\ninterview: nope\nkind: other\n---\n",
    "people/jane-doe.md": "---\nname: Jane Doe\nkeep_in_touch: 30\n---\nNotes\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    made = make_journal(tmp_path / "j")
    for rel, text in FILES.items():
        path = put(made, rel, text)
        os.utime(path, ns=(HOUR_AGO, HOUR_AGO))
    return made


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = loader.parse_entry

    def counting(rel: str, *args: object, **kwargs: object) -> cache.Entry:
        seen.append(rel)
        return real(rel, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "parse_entry", counting)
    return seen


def snapshot(loaded: journal.Journal) -> tuple[object, ...]:
    return (loaded.interviews, loaded.followups, loaded.people_files, loaded.problems)


def test_cached_load_equals_a_fresh_load_and_skips_parsing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = journal.load(root, use_cache=False)
    first = journal.load(root)
    assert (root / ".followup" / cache.CACHE_FILE).exists()
    parsed = count_parses(monkeypatch)
    second = journal.load(root)
    assert parsed == [], "unchanged old files come from the cache"
    assert snapshot(second) == snapshot(first) == snapshot(fresh)
    assert [str(p) for p in second.problems] == [str(p) for p in fresh.problems]
    assert {r.source for r in second.interviews.values()} == {r.source for r in fresh.interviews.values()}
    assert second.interviews["a"].interviewers[0].extra == (("pronouns", "she/her"),)


def test_same_size_edit_with_restored_mtime_is_seen(root: Path) -> None:
    journal.load(root)
    path = root / "interviews/a.md"
    path.write_text(FILES["interviews/a.md"].replace("Acme", "Acmf"))
    os.utime(path, ns=(HOUR_AGO, HOUR_AGO))
    assert journal.load(root).interviews["a"].company == "Acmf"


def test_same_size_edit_inside_the_racy_window_is_rehashed(root: Path) -> None:
    path = root / "interviews/a.md"
    os.utime(path)  # modified just now: the cache written next cannot trust its stat
    journal.load(root)
    stat = path.stat()
    path.write_text(FILES["interviews/a.md"].replace("Acme", "Acmf"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert journal.load(root).interviews["a"].company == "Acmf"


def test_new_and_deleted_files_are_seen(root: Path) -> None:
    journal.load(root)
    (root / "people/jane-doe.md").unlink()
    put(root, "people/sam.md", "---\nname: Sam\n---\n")
    loaded = journal.load(root)
    assert set(loaded.people_files) == {"sam"}


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps({"version": 1, "entries": {}}), pickle.dumps([1, 2, 3]),
     pickle.dumps({"version": cache.CACHE_VERSION, "written_ns": 1, "entries": {"x": (1, 2)}})],
    ids=["empty", "garbage", "old-version", "list", "bad-row"],
)  # fmt: skip
def test_corrupt_cache_is_ignored_and_rebuilt(root: Path, content: bytes) -> None:
    expected = snapshot(journal.load(root, use_cache=False))
    folder = root / ".followup"
    folder.mkdir()
    (folder / cache.CACHE_FILE).write_bytes(content)
    assert snapshot(journal.load(root)) == expected
    assert cache.read(root)[0], "a good cache was written in its place"


class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_planted_malicious_pickle_is_not_executed(root: Path) -> None:
    marker = root.parent / "pwned"
    payload = {"version": cache.CACHE_VERSION, "written_ns": time.time_ns(), "entries": _Planted(marker)}
    folder = root / ".followup"
    folder.mkdir()
    (folder / cache.CACHE_FILE).write_bytes(pickle.dumps(payload))
    loaded = journal.load(root)
    assert not marker.exists()
    assert set(loaded.interviews) == {"a"}


def test_cache_is_not_needed_on_a_read_only_journal(root: Path) -> None:
    (root / ".followup").write_text("a file where the cache folder should be")
    assert set(journal.load(root).interviews) == {"a"}


def test_an_older_version_of_the_cache_is_removed_when_the_cache_is_written(root: Path) -> None:
    folder = root / ".followup"
    folder.mkdir()
    (folder / "cache-v1.pickle").write_bytes(b"old")
    (folder / "site-state.json").write_text("{}")  # not the load cache's: left alone
    journal.load(root)
    names = sorted(path.name for path in folder.iterdir())
    assert "cache-v1.pickle" not in names and "site-state.json" in names
    assert all(name.startswith(f"cache-v{cache.CACHE_VERSION}") for name in names if name.startswith("cache"))


def _many(root: Path, count: int = 48) -> list[str]:
    """Follow-ups enough to fill most shards, written an hour ago (their stats are trusted)."""
    rels = []
    for number in range(count):
        rel = f"followups/note-{number:03}.md"
        path = put(root, rel, f"---\ninterview: a\nkind: other\nstatus: sent\ndate: 2026-11-21\n---\nNote {number}\n")
        os.utime(path, ns=(HOUR_AGO, HOUR_AGO))
        rels.append(rel)
    return rels


def _shard_files(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        path.name: (path.stat().st_mtime_ns, path.read_bytes())
        for path in (root / ".followup").glob(f"cache-v{cache.CACHE_VERSION}-*.pickle")
    }


def test_a_load_after_one_edit_writes_only_that_files_shard_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "RACY_NS", 0)  # files written a moment ago are trusted (here, nothing edits them)
    monkeypatch.setattr(cache, "SHARD_FILES", 1)  # a small journal's cache in many shards
    rels = _many(root)
    journal.load(root)
    before = _shard_files(root)
    assert len(before) > cache.SHARDS // 2
    edited = rels[7]
    path = root / edited
    path.write_text(path.read_text().replace("Note 7", "Note seven"))
    os.utime(path, ns=(HOUR_AGO + 10**9, HOUR_AGO + 10**9))
    loaded = journal.load(root)
    after = _shard_files(root)
    mine = f"cache-v{cache.CACHE_VERSION}-{cache.read(root).shard_of(edited):02}.pickle"
    assert [name for name in after if after[name] != before[name]] == [mine]
    assert loaded.followups["note-007"].body.strip() == "Note seven"
    parsed = count_parses(monkeypatch)
    assert snapshot(journal.load(root)) == snapshot(journal.load(root, use_cache=False))
    assert sorted(parsed) == sorted([*FILES, *rels]), (
        "the load without the cache parses every file; the one before, none"
    )


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_worker_listing_passes_over_every_shard_as_cached(
    root: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """The worker that lists the files sends back only the files of shards not as cached: the
    load reads the edited file alone and puts it in its place among the others."""
    monkeypatch.setattr(loader, "RACY_NS", 0)
    monkeypatch.setattr(cache, "SHARD_FILES", 1)
    monkeypatch.setattr(loader, "LIST_APART_FILES", 0)
    rels = [*sorted(FILES), *_many(root)]
    journal.load(root)
    shards = cache.read(root).shard
    numbers = sorted(set(shards.values()))
    number = {"first": numbers[0], "middle": numbers[len(numbers) // 2], "last": numbers[-1]}[which]
    edited = next(rel for rel in rels if shards[rel] == number and not rel.endswith("bad.md"))
    path = root / edited
    path.write_text(path.read_text() + "Edited.\n")
    os.utime(path, ns=(HOUR_AGO + 10**9, HOUR_AGO + 10**9))
    parsed = count_parses(monkeypatch)
    loaded = journal.load(root)
    assert parsed == [edited]
    fresh = journal.load(root, use_cache=False)
    assert snapshot(loaded) == snapshot(fresh)
    assert [list(group) for group in (loaded.interviews, loaded.followups, loaded.people_files)] == [
        list(group) for group in (fresh.interviews, fresh.followups, fresh.people_files)
    ]


def test_a_worker_listing_compares_the_files_of_a_shard_too_new_to_trust(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed just before its shard was written may change again with the same stat (the
    clock's tick): its whole shard is compared file by file, and that file read again."""
    monkeypatch.setattr(loader, "LIST_APART_FILES", 0)
    path = root / "interviews/a.md"
    os.utime(path)  # modified just now
    journal.load(root)
    before = {row[1]: row for row in loader.list_files(root)[0]}["interviews/a.md"]
    path.write_text(FILES["interviews/a.md"].replace("Acme", "Acmf"))
    real = loader.list_files

    def same_stat(*args, **kwargs):  # type: ignore[no-untyped-def]
        files, problems = real(*args, **kwargs)
        return [before if row[1] == "interviews/a.md" else row for row in files], problems

    monkeypatch.setattr(loader, "list_files", same_stat)  # as if written in the same tick
    assert journal.load(root).interviews["a"].company == "Acmf"


def test_a_shard_another_program_wrote_is_read_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The head names when each shard was written: one written by anything else (two programs saving
    the cache at once) is not trusted, and only its files are read again."""
    monkeypatch.setattr(loader, "RACY_NS", 0)
    monkeypatch.setattr(cache, "SHARD_FILES", 1)
    rels = _many(root)
    journal.load(root)
    kept = cache.read(root)
    number = kept.shard_of(rels[0])
    shard = root / ".followup" / f"cache-v{cache.CACHE_VERSION}-{number:02}.pickle"
    data = cache.loads(shard.read_bytes())
    data["written_ns"] += 1
    shard.write_bytes(pickle.dumps(data))
    parsed = count_parses(monkeypatch)
    loaded = journal.load(root)
    assert sorted(parsed) == sorted(rel for rel in [*FILES, *rels] if kept.shard_of(rel) == number)
    assert snapshot(loaded) == snapshot(journal.load(root, use_cache=False))


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        ("followups/note-003.md", "Note 3", "Note three"),  # a body: the cached indexes are taken
        ("followups/note-003.md", "date: 2026-11-21", "date: 2026-11-19"),  # moves in the follow-up order
        ("followups/note-003.md", "status: sent", "status: draft"),  # the last contact may move
        ("interviews/a.md", "name: Jane Doe", "name: Jane Roe"),  # another person
        ("interviews/a.md", "Body A", "Body A, edited"),
    ],
)
def test_indexes_after_an_edit_are_a_fresh_loads(
    root: Path, monkeypatch: pytest.MonkeyPatch, rel: str, old: str, new: str
) -> None:
    monkeypatch.setattr(loader, "RACY_NS", 0)
    _many(root, 6)
    journal.load(root)
    path = root / rel
    path.write_text(path.read_text().replace(old, new))
    loaded = journal.load(root)
    fresh = journal.load(root, use_cache=False)
    assert loaded.indexes() == fresh.indexes()
    assert journal.load(root).indexes() == fresh.indexes(), "and as the cache keeps them"


def _same_load(root: Path) -> None:
    """A load equals one without the cache, down to the order of its records."""
    loaded, fresh = journal.load(root), journal.load(root, use_cache=False)
    assert snapshot(loaded) == snapshot(fresh)
    assert loaded.sources_sum == fresh.sources_sum, "the files' fingerprint, from the shards'"
    assert [list(group) for group in (loaded.interviews, loaded.followups, loaded.people_files)] == [
        list(group) for group in (fresh.interviews, fresh.followups, fresh.people_files)
    ]


_NAMES = st.text(alphabet="abcz09-", min_size=1, max_size=6)
_STEPS = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "delete", "load"]), _NAMES, st.sampled_from(["followups", "people"])),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_STEPS)
def test_any_sequence_of_changes_loads_as_a_fresh_load_would(
    root: Path, monkeypatch: pytest.MonkeyPatch, steps: list[tuple[str, str, str]]
) -> None:
    """Files added anywhere in the listing, edited and deleted, loads in between: every load equals a
    load without the cache, and the one after it parses nothing (shards cut afresh as they fill)."""
    monkeypatch.setattr(loader, "RACY_NS", 0)
    monkeypatch.setattr(cache, "SHARD_SLACK", 0)
    monkeypatch.setattr(cache, "SHARD_FILES", 1)
    monkeypatch.setattr(loader, "LIST_APART_FILES", 0)  # the listing compared in a worker, where one can be
    for path in [*(root / "followups").glob("x-*.md"), *(root / "people").glob("x-*.md")]:
        path.unlink()  # hypothesis runs the examples in one journal
    journal.load(root)
    for action, name, folder in steps:
        path = root / folder / f"x-{name}.md"
        if action == "add" or (action == "edit" and path.exists()):
            body = (
                f"---\nname: {name}\n---\n"
                if folder == "people"
                else f"---\ninterview: a\nkind: other\n---\n{name} {action}\n"
            )
            path.write_text(body + ("edited\n" if action == "edit" else ""))
        elif action == "delete":
            path.unlink(missing_ok=True)
        else:
            _same_load(root)
    _same_load(root)
    parsed = count_parses(monkeypatch)
    journal.load(root)
    assert parsed == []


def test_the_files_fingerprint_leaves_out_the_follow_ups_of_a_round_gone(root: Path) -> None:
    """A round deleted takes its follow-ups out of the journal, their files unchanged; back, it brings them back."""
    interview = root / "interviews" / "a.md"
    text = interview.read_text()
    journal.load(root)
    interview.unlink()
    _same_load(root)
    assert "f" not in journal.load(root).followups
    interview.write_text(text)
    _same_load(root)
    assert "f" in journal.load(root).followups


def test_a_small_journal_keeps_its_cache_in_one_shard(root: Path) -> None:
    _many(root, 20)
    journal.load(root)
    assert [path.name for path in (root / ".followup").glob(f"cache-v{cache.CACHE_VERSION}-*.pickle")] == [
        f"cache-v{cache.CACHE_VERSION}-00.pickle"
    ]
