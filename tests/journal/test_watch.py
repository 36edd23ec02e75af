"""The watch loop: synthetic events with an injected clock, then real watchdog on real files."""

from __future__ import annotations

import errno
import logging
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
)
from watchdog.observers.api import BaseObserver

from journal.watch import Batch, PathFilter, WatchdogSource, Watcher, is_noise


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class NoSource:
    """Events come only from the test."""

    def start(self, emit: Callable[[FileSystemEvent], None], rescan: Callable[[], None]) -> None:
        pass

    def stop(self) -> None:
        pass


class Recorder:
    def __init__(self) -> None:
        self.batches: list[Batch] = []

    def __call__(self, batch: Batch) -> None:
        self.batches.append(batch)


def synthetic(root: Path, **options: float) -> tuple[Watcher, Recorder, Clock]:
    recorder, clock = Recorder(), Clock()
    watcher = Watcher(root, recorder, ignore=[root / "_site"], clock=clock, source=NoSource(), **options)  # type: ignore[arg-type]
    return watcher, recorder, clock


def settle(watcher: Watcher, clock: Clock, seconds: float = 2.0, step: float = 0.01) -> None:
    """Let time pass on the fake clock, pumping as the real loop would."""
    end = clock.now + seconds
    while clock.now < end:
        clock.now += step
        watcher.pump()


def p(root: Path, rel: str) -> str:
    return str(root / rel)


def test_an_editor_saving_by_rename_rebuilds_the_target(tmp_path: Path) -> None:
    watcher, recorder, clock = synthetic(tmp_path)
    watcher.handle(FileMovedEvent(p(tmp_path, "interviews/.acme.md.tmp"), p(tmp_path, "interviews/acme.md")))
    settle(watcher, clock)
    assert recorder.batches == [Batch(frozenset({"interviews/acme.md"}))]


def test_vim_save_sequence_and_noise_files_give_exactly_one_rebuild(tmp_path: Path) -> None:
    watcher, recorder, clock = synthetic(tmp_path)
    d = tmp_path / "interviews"
    sequence: list[FileSystemEvent] = [
        FileCreatedEvent(str(d / "4913")),
        FileDeletedEvent(str(d / "4913")),
        FileMovedEvent(str(d / "acme.md"), str(d / "acme.md~")),
        FileCreatedEvent(str(d / "acme.md")),
        FileModifiedEvent(str(d / "acme.md")),
        FileModifiedEvent(str(d / ".acme.md.swp")),
        FileCreatedEvent(str(d / ".~acme.md")),
        FileCreatedEvent(str(d / "draft.tmp")),
        FileCreatedEvent(str(d / ".#acme.md")),
        FileDeletedEvent(str(d / "acme.md~")),
        DirModifiedEvent(str(d)),
    ]
    for event in sequence:
        watcher.handle(event)
        clock.now += 0.005
        watcher.pump()
    settle(watcher, clock)
    assert recorder.batches == [Batch(frozenset({"interviews/acme.md"}))]


def test_noise_alone_never_rebuilds(tmp_path: Path) -> None:
    watcher, recorder, clock = synthetic(tmp_path)
    d = tmp_path / "followups"
    for name in ["4913", ".x.md.swp", "x.md~", ".~lock.x.md#", "x.tmp", ".#x.md"]:
        watcher.handle(FileCreatedEvent(str(d / name)))
        watcher.handle(FileModifiedEvent(str(d / name)))
    watcher.handle(FileOpenedEvent(str(d / "x.md")))
    watcher.handle(FileClosedNoWriteEvent(str(d / "x.md")))
    watcher.handle(FileModifiedEvent(str(tmp_path / ".git" / "index")))
    watcher.handle(FileModifiedEvent(str(tmp_path / ".followup" / "cache-v1.pickle")))
    watcher.handle(FileCreatedEvent(str(tmp_path / "_site" / "index.html")))
    watcher.handle(FileModifiedEvent(str(tmp_path.parent / "elsewhere.md")))
    settle(watcher, clock)
    assert recorder.batches == []


def test_continuous_writes_still_rebuild_every_max_wait(tmp_path: Path) -> None:
    watcher, recorder, clock = synthetic(tmp_path, quiet=0.5, max_wait=5.0)
    times: list[float] = []
    recorder_call = watcher.rebuild
    watcher.rebuild = lambda batch: (times.append(clock.now), recorder_call(batch))
    start = clock.now
    while clock.now - start < 30.0:
        watcher.handle(FileModifiedEvent(p(tmp_path, "interviews/log.md")))
        for _ in range(10):
            clock.now += 0.01
            watcher.pump()
    assert len(times) >= 5, times
    gaps = [later - earlier for earlier, later in zip([start, *times], times, strict=False)]
    assert max(gaps) <= 5.0 + 0.1 + 0.02, gaps  # no write waits longer than max_wait for its rebuild


def test_delete_then_create_within_the_window_is_one_rebuild_that_sees_the_file(tmp_path: Path) -> None:
    (tmp_path / "interviews").mkdir()
    page = tmp_path / "interviews" / "acme.md"
    page.write_text("v1")
    seen: list[bool] = []
    watcher, _, clock = synthetic(tmp_path)
    watcher.rebuild = lambda batch: seen.append(page.exists())
    page.unlink()
    watcher.handle(FileDeletedEvent(str(page)))
    clock.now += 0.02
    watcher.pump()
    page.write_text("v2")
    watcher.handle(FileCreatedEvent(str(page)))
    settle(watcher, clock)
    assert seen == [True]


def test_a_rescan_request_marks_the_batch(tmp_path: Path) -> None:
    watcher, recorder, clock = synthetic(tmp_path)
    watcher.request_rescan()
    settle(watcher, clock)
    assert recorder.batches == [Batch(frozenset(), rescan=True)]


def test_changes_found_without_events_are_one_batch_with_the_events(tmp_path: Path) -> None:
    watcher, recorder, clock = synthetic(tmp_path)
    watcher.changed([])
    settle(watcher, clock)
    assert recorder.batches == [], "nothing found, nothing to build"
    watcher.changed(["interviews/a.md", "journal.yaml"])
    watcher.handle(FileModifiedEvent(p(tmp_path, "people/p.md")))
    settle(watcher, clock)
    assert recorder.batches == [Batch(frozenset({"interviews/a.md", "journal.yaml", "people/p.md"}))]


def test_a_failing_rebuild_is_reported_and_the_loop_goes_on(tmp_path: Path) -> None:
    reports: list[str] = []
    calls: list[Batch] = []

    def rebuild(batch: Batch) -> None:
        calls.append(batch)
        if len(calls) == 1:
            raise RuntimeError("template exploded")

    clock = Clock()
    watcher = Watcher(tmp_path, rebuild, clock=clock, source=NoSource(), report=reports.append)
    watcher.handle(FileModifiedEvent(p(tmp_path, "interviews/a.md")))
    settle(watcher, clock)
    watcher.handle(FileModifiedEvent(p(tmp_path, "interviews/b.md")))
    settle(watcher, clock)
    assert len(calls) == 2 and watcher.failures == 1
    assert "template exploded" in reports[0] and "still watching" in reports[0]


def test_filter_keeps_records_settings_and_folder_moves(tmp_path: Path) -> None:
    keep = PathFilter(tmp_path, [tmp_path / "_site"])
    assert keep.paths_of(FileModifiedEvent(p(tmp_path, "journal.yaml"))) == ["journal.yaml"]
    moved = FileMovedEvent(p(tmp_path, "interviews/a.md"), p(tmp_path, "interviews/b.md"))
    assert keep.paths_of(moved) == ["interviews/a.md", "interviews/b.md"]
    assert keep.paths_of(FileMovedEvent(p(tmp_path, "interviews/a.md"), str(tmp_path.parent / "x.md"))) == [
        "interviews/a.md"
    ]
    assert keep.paths_of(FileModifiedEvent(p(tmp_path, "_site/index.html"))) == []
    assert keep.paths_of(FileModifiedEvent(p(tmp_path, "_sites.md"))) == ["_sites.md"]
    assert [name for name in ["4913", "a.md~", ".a.md.swp", ".~a.md", "a.tmp", ".#a.md", "a.md"] if is_noise(name)] == [
        "4913",
        "a.md~",
        ".a.md.swp",
        ".~a.md",
        "a.tmp",
        ".#a.md",
    ]


# --- real watchdog, real files -------------------------------------------------------------


def run_until_idle_for(recorder: Recorder, idle: float = 1.2, limit: float = 15.0) -> None:
    """Wait (bounded) until no rebuild happened for `idle` seconds after the first one."""
    deadline = time.monotonic() + limit
    seen, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(recorder.batches) != seen:
            seen, since = len(recorder.batches), time.monotonic()
        elif seen > 0 and time.monotonic() - since >= idle:
            return
        time.sleep(0.02)


def test_git_checkout_of_200_files_is_at_most_two_rebuilds(git_journal: Path) -> None:
    folder = git_journal / "interviews"
    folder.mkdir(exist_ok=True)
    git = ["git", "-C", str(git_journal)]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    subprocess.run([*git, "checkout", "-qb", "other"], check=True)
    for number in range(200):
        (folder / f"2026-01-{number:03d}-acme.md").write_text(f"---\ncompany: Acme {number}\n---\n")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "200 interviews"], check=True)
    subprocess.run([*git, "checkout", "-q", "-"], check=True)
    recorder = Recorder()
    with Watcher(git_journal, recorder, ignore=[git_journal / "_site"], quiet=0.05, max_wait=1.0):
        time.sleep(0.2)
        subprocess.run([*git, "checkout", "-q", "other"], check=True)
        run_until_idle_for(recorder)
    changed = set().union(*(batch.paths for batch in recorder.batches))
    assert 1 <= len(recorder.batches) <= 2, [len(batch.paths) for batch in recorder.batches]
    assert not any(".git" in path.split("/") for path in changed)
    assert len({path for path in changed if path.startswith("interviews/")}) == 200


def test_output_inside_the_journal_does_not_loop(tmp_path: Path) -> None:
    site = tmp_path / "_site"
    calls: list[Batch] = []

    def rebuild(batch: Batch) -> None:
        calls.append(batch)
        site.mkdir(exist_ok=True)
        for number in range(20):
            (site / f"page-{number}.html").write_text(f"build {len(calls)}")
        (tmp_path / ".followup").mkdir(exist_ok=True)
        (tmp_path / ".followup" / "cache-v1.pickle").write_bytes(b"cache")

    with Watcher(tmp_path, rebuild, ignore=[site], quiet=0.05, max_wait=1.0):
        time.sleep(0.2)
        (tmp_path / "journal.yaml").write_text("owner: Alex\n")
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(1.0)
    assert [batch.paths for batch in calls] == [frozenset({"journal.yaml"})]


def test_an_inotify_limit_falls_back_to_polling(tmp_path: Path) -> None:
    def exhausted() -> BaseObserver:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    reports: list[str] = []
    source = WatchdogSource(tmp_path, reports.append, poll_interval=0.1, make_observer=exhausted)
    recorder = Recorder()
    with Watcher(tmp_path, recorder, source=source, quiet=0.05):
        assert source.polling
        time.sleep(0.3)
        (tmp_path / "journal.yaml").write_text("owner: Alex\n")
        run_until_idle_for(recorder, idle=0.3, limit=5)
    assert "fs.inotify.max_user_watches" in reports[0] and "polling instead" in reports[0]
    assert recorder.batches and "journal.yaml" in recorder.batches[0].paths


def test_an_inotify_overflow_asks_for_a_full_rescan(tmp_path: Path) -> None:
    recorder, reports = Recorder(), list[str]()
    with Watcher(tmp_path, recorder, quiet=0.05, report=reports.append):
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost"
        )
        logging.getLogger("watchdog.observers.inotify").warning("Unable to rebuild recursive inotify watches")
        run_until_idle_for(recorder, idle=0.3, limit=5)
    assert recorder.batches == [Batch(frozenset(), rescan=True)]
    assert reports == [
        "file events were lost (inotify queue overflow); rebuilding from every file",
        "watchdog: Unable to rebuild recursive inotify watches",
    ]


@pytest.mark.parametrize("name", ["acme.md", "journal.yaml"])
def test_real_atomic_rename_is_seen(tmp_path: Path, name: str) -> None:
    recorder = Recorder()
    (tmp_path / "interviews").mkdir()
    with Watcher(tmp_path, recorder, quiet=0.05):
        time.sleep(0.1)
        temp = tmp_path / "interviews" / f".{name}.tmp"
        temp.write_text("new")
        temp.rename(tmp_path / "interviews" / name)
        run_until_idle_for(recorder, idle=0.3, limit=5)
    assert [batch.paths for batch in recorder.batches] == [frozenset({f"interviews/{name}"})]


def test_a_record_folder_made_later_is_watched_and_nothing_else_is(tmp_path: Path) -> None:
    recorder = Recorder()
    (tmp_path / "interviews").mkdir()
    with Watcher(tmp_path, recorder, ignore=[tmp_path / "_site"], quiet=0.05) as watcher:
        source = watcher.source
        assert isinstance(source, WatchdogSource) and set(source._watches) == {"interviews"}
        time.sleep(0.1)
        (tmp_path / "people").mkdir()
        (tmp_path / "people" / "jane.md").write_text("---\nname: Jane\n---\n")
        run_until_idle_for(recorder, idle=0.3, limit=5)
        first = set().union(*(batch.paths for batch in recorder.batches))
        assert {"people", "people/jane.md"} <= first
        recorder.batches.clear()
        (tmp_path / "people" / "jane.md").write_text("---\nname: Jane Doe\n---\n")  # the new folder's own watch
        (tmp_path / "_site" / "interviews").mkdir(parents=True)
        for number in range(50):  # an output folder inside the journal is not watched at all
            (tmp_path / "_site" / "interviews" / f"{number}.html").write_text("page")
        run_until_idle_for(recorder, idle=0.3, limit=5)
    assert [batch.paths for batch in recorder.batches] == [frozenset({"people/jane.md"})]


def test_a_record_folder_moved_away_and_back_is_watched_again(tmp_path: Path) -> None:
    recorder = Recorder()
    (tmp_path / "interviews").mkdir()
    with Watcher(tmp_path, recorder, quiet=0.05):
        time.sleep(0.1)
        (tmp_path / "interviews").rename(tmp_path / "old")
        (tmp_path / "old" / "acme.md").write_text("not watched here")
        (tmp_path / "old").rename(tmp_path / "interviews")
        run_until_idle_for(recorder, idle=1.5, limit=8)  # replacing a watch waits for watchdog's emitter to stop
        recorder.batches.clear()
        (tmp_path / "interviews" / "globex.md").write_text("seen")
        run_until_idle_for(recorder, idle=0.3, limit=5)
    assert [batch.paths for batch in recorder.batches] == [frozenset({"interviews/globex.md"})]
