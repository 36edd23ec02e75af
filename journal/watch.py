"""Watch a journal folder and act after each burst of changes: the one watcher of the app and `serve`.

Editors save by rename, vim writes `4913` and swap files, `git checkout` fires thousands
of events, and the site we write may live inside the journal: the filter below keeps
only the events that can change a page, and the debouncer turns a burst into one
rebuild (a quiet period) without starving under continuous writes (a maximum wait).
A rebuild that raises is reported and the loop goes on.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from watchdog.events import FileCreatedEvent, FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver, ObservedWatch

from journal.layout import CACHE_DIR, FOLDERS

QUIET = 0.025
"""Seconds without a new event before a burst counts as finished."""
MAX_WAIT = 1.0
"""Seconds after the first event of a burst when a rebuild happens even if events keep coming."""

IGNORED_DIRS = frozenset({".git", ".hg", ".svn", CACHE_DIR, "__pycache__", "node_modules"})
NOISE_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".temp", ".bak", ".part", "~")
NOISE_EVENTS = frozenset({"opened", "closed_no_write"})
"""Reads never change a page; `modified` on a directory is only its mtime moving."""

Clock = Callable[[], float]
Emit = Callable[[FileSystemEvent], None]


@dataclass(frozen=True)
class Batch:
    """What changed since the last rebuild."""

    paths: frozenset[str]
    """Changed paths relative to the journal root, with forward slashes."""
    rescan: bool = False
    """Events were lost (overflow, watcher restarted): trust no cache, compare everything."""


class EventSource(Protocol):
    """Where file-system events come from: watchdog in real life, a list in tests."""

    def start(self, emit: Emit, rescan: Callable[[], None]) -> None: ...

    def stop(self) -> None: ...


def is_noise(name: str) -> bool:
    """Swap, backup and temporary files written by editors and tools, never records."""
    return (
        name == "4913"  # vim probes whether it may create files in the folder
        or name.startswith((".", "~"))  # .acme.md.swp, .~lock, .#acme.md (emacs), dotfiles
        or name.endswith(NOISE_SUFFIXES)
    )


class PathFilter:
    """Decides which paths under the journal can affect the site."""

    def __init__(self, root: Path, ignore: Iterable[Path] = ()) -> None:
        self.root = os.path.realpath(root)
        self.ignore = tuple(os.path.realpath(path) for path in ignore)

    def relative(self, path: str | bytes) -> str | None:
        """The path relative to the journal when it matters, else None."""
        full = os.path.normpath(os.fsdecode(path))
        for folder in (*self.ignore, os.path.join(self.root, CACHE_DIR)):
            if full == folder or full.startswith(folder + os.sep):
                return None
        if full == self.root:
            return None
        if not full.startswith(self.root + os.sep):
            return None
        parts = full[len(self.root) + 1 :].split(os.sep)
        if any(part in IGNORED_DIRS or is_noise(part) for part in parts):
            return None
        return "/".join(parts)

    def paths_of(self, event: FileSystemEvent) -> list[str]:
        """The relevant paths an event touches; a rename counts for both ends."""
        if event.event_type in NOISE_EVENTS or (event.is_directory and event.event_type == "modified"):
            return []
        ends = [event.src_path, event.dest_path] if event.event_type == "moved" else [event.src_path]
        found = [self.relative(end) for end in ends if end]
        return [path for path in found if path is not None]


@dataclass
class Debouncer:
    """Collects changes until `quiet` seconds pass without one, or `max_wait` since the first."""

    quiet: float = QUIET
    max_wait: float = MAX_WAIT
    pending: set[str] = field(default_factory=set)
    rescan: bool = False
    first: float | None = None
    last: float | None = None

    def add(self, paths: Iterable[str], now: float, rescan: bool = False) -> None:
        self.pending.update(paths)
        self.rescan = self.rescan or rescan
        if self.first is None:
            self.first = now
        self.last = now

    def deadline(self) -> float | None:
        """When the pending changes are due, or None when nothing is pending."""
        if self.first is None or self.last is None:
            return None
        return min(self.last + self.quiet, self.first + self.max_wait)

    def take(self) -> Batch:
        batch = Batch(frozenset(self.pending), self.rescan)
        self.pending = set()
        self.rescan = False
        self.first = self.last = None
        return batch


def report_to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Watcher:
    """Feeds filtered events into a debouncer and runs `rebuild` on a thread of its own.

    `handle` and `request_rescan` are safe to call from any thread; tests drive `pump`
    with an injected clock instead of starting the thread.
    """

    def __init__(
        self,
        root: Path,
        rebuild: Callable[[Batch], object],
        *,
        ignore: Iterable[Path] = (),
        quiet: float = QUIET,
        max_wait: float = MAX_WAIT,
        clock: Clock = time.monotonic,
        source: EventSource | None = None,
        report: Callable[[str], None] = report_to_stderr,
        folders: Iterable[str] | None = FOLDERS,
    ) -> None:
        self.root = Path(root)
        self.filter = PathFilter(self.root, ignore)
        self.rebuild = rebuild
        self.clock = clock
        self.report = report
        self.source = source if source is not None else WatchdogSource(self.root, report, folders=folders)
        self.debouncer = Debouncer(quiet, max_wait)
        self.rebuilds = 0
        self.failures = 0
        self._wake = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def handle(self, event: FileSystemEvent) -> None:
        self.changed(self.filter.paths_of(event))

    def changed(self, paths: Iterable[str]) -> None:
        """Changes found other than by events (paths relative to the journal), handled like events:
        `serve` finds those made while its first build ran before the watcher (`LiveJournal.changed_since`)."""
        paths = set(paths)
        if paths:
            with self._wake:
                self.debouncer.add(paths, self.clock())
                self._wake.notify()

    def request_rescan(self) -> None:
        with self._wake:
            self.debouncer.add((), self.clock(), rescan=True)
            self._wake.notify()

    def pump(self) -> bool:
        """Run the rebuild if the pending changes are due now; True when one ran."""
        with self._wake:
            deadline = self.debouncer.deadline()
            if deadline is None or self.clock() < deadline:
                return False
            batch = self.debouncer.take()
        self._run(batch)
        return True

    def _run(self, batch: Batch) -> None:
        self.rebuilds += 1
        try:
            self.rebuild(batch)
        except Exception:  # noqa: BLE001 - a watch loop that dies on one bad rebuild is worse than useless
            self.failures += 1
            self.report("rebuild failed; still watching:\n" + traceback.format_exc().rstrip())

    def start(self) -> None:
        self._stopping = False
        thread = threading.Thread(target=self._loop, name="followup-watch", daemon=True)
        thread.start()
        self._thread = thread
        self.source.start(self.handle, self.request_rescan)

    def stop(self) -> None:
        self.source.stop()
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def __enter__(self) -> Watcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._stopping:
                    deadline = self.debouncer.deadline()
                    if deadline is not None and self.clock() >= deadline:
                        break
                    self._wake.wait(None if deadline is None else max(deadline - self.clock(), 0.001))
                if self._stopping:
                    return
            self.pump()


class _Forward(FileSystemEventHandler):
    def __init__(self, emit: Emit, folder_event: Callable[[FileSystemEvent], None] | None = None) -> None:
        self.emit = emit
        self.folder_event = folder_event

    def on_any_event(self, event: FileSystemEvent) -> None:
        if self.folder_event is not None and event.is_directory:
            self.folder_event(event)  # before the event is passed on, so the rebuild it causes sees the new watch
        self.emit(event)


class _WatchdogLog(logging.Handler):
    """watchdog only logs an inotify overflow (after rebuilding its watches): rescan then.

    Its other warnings are passed to `report`, except while stopping, when they are noise.
    """

    def __init__(self, rescan: Callable[[], None], report: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.rescan = rescan
        self.report = report
        self.stopping = False

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "overflow" in message.lower():
            self.report("file events were lost (inotify queue overflow); rebuilding from every file")
            self.rescan()
        elif not self.stopping:
            self.report(f"watchdog: {message}")


class WatchdogSource:
    """A recursive watchdog observer; polling when inotify cannot watch (ENOSPC, EMFILE...)."""

    LOGGER = "watchdog.observers"

    def __init__(
        self,
        root: Path,
        report: Callable[[str], None] = report_to_stderr,
        poll_interval: float = 0.5,
        make_observer: Callable[[], BaseObserver] | None = None,
        folders: Iterable[str] | None = None,
    ) -> None:
        self.root = os.path.realpath(root)
        self.report = report
        self.poll_interval = poll_interval
        self.make_observer = make_observer
        self.folders = tuple(folders) if folders is not None else None
        """Watch only the root and these subfolders, each without recursion (None: the whole tree).

        A journal is read from its root and its record folders only: nothing else needs a watch,
        and an output folder inside the journal (10,000 pages written at once) fills no event queue."""
        self.polling = False
        self._observer: BaseObserver | None = None
        self._log: _WatchdogLog | None = None
        self._handler: _Forward | None = None
        self._emit: Emit | None = None
        self._watches: dict[str, ObservedWatch] = {}
        self._lock = threading.Lock()

    def start(self, emit: Emit, rescan: Callable[[], None]) -> None:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        self._emit = emit
        handler = self._handler = _Forward(emit, self._folder_event if self.folders is not None else None)
        # A folder created with its subfolders at once (our own first build, a checkout) is registered
        # twice by watchdog's inotify emitter, which warns about it; the watch itself is fine.
        warnings.filterwarnings("ignore", r"Callback with id .* already exists for watch", RuntimeWarning)
        recursive = self.folders is None
        try:
            observer = self._observer = (self.make_observer or Observer)()
            observer.schedule(handler, self.root, recursive=recursive)
            self._watch_folders()
            observer.start()
        except OSError as exc:
            hint = ""
            if exc.errno == errno.ENOSPC:
                hint = " (raise fs.inotify.max_user_watches, e.g. sudo sysctl fs.inotify.max_user_watches=524288)"
            self.report(f"cannot watch {self.root} with inotify: {exc.strerror or exc}{hint}; polling instead")
            self._watches = {}
            observer = self._observer = PollingObserver(timeout=self.poll_interval)
            observer.schedule(handler, self.root, recursive=recursive)
            self._watch_folders()
            observer.start()
            self.polling = True
        self._log = _WatchdogLog(rescan, self.report)
        logging.getLogger(self.LOGGER).addHandler(self._log)

    def _watch_folders(self, renew: Iterable[str] = ()) -> None:
        """A watch on each record folder that exists; `renew` ones were created, deleted or moved."""
        observer, handler = self._observer, self._handler
        if self.folders is None or observer is None or handler is None:
            return
        with self._lock:
            for name in self.folders:
                path = os.path.join(self.root, name)
                old = self._watches.get(name)
                if old is not None and name in renew:
                    del self._watches[name]
                    with contextlib.suppress(KeyError, OSError):
                        observer.unschedule(old)  # a moved folder's watch would follow it to its new name
                if name not in self._watches and os.path.isdir(path):
                    self._watches[name] = observer.schedule(handler, path, recursive=False)

    def _folder_event(self, event: FileSystemEvent) -> None:
        assert self.folders is not None
        if event.event_type not in ("created", "deleted", "moved"):
            return  # `modified` on a folder is only its mtime moving as entries come and go
        ends = [event.src_path, event.dest_path] if event.event_type == "moved" else [event.src_path]
        names = {os.path.basename(os.fsdecode(end)) for end in ends if end}
        touched = [name for name in self.folders if name in names]
        if touched and any(os.path.dirname(os.fsdecode(end)) == self.root for end in ends if end):
            try:
                self._watch_folders(renew=touched)
            except OSError as exc:
                self.report(f"cannot watch a record folder: {exc.strerror or exc}")
            for name in touched:  # files put in before the watch existed (a checkout, a move) count as created
                folder = os.path.join(self.root, name)
                with contextlib.suppress(OSError):
                    for entry in sorted(os.listdir(folder)):
                        if self._emit is not None:
                            self._emit(FileCreatedEvent(os.path.join(folder, entry)))

    def stop(self) -> None:
        log, self._log = self._log, None
        if log is not None:
            log.stopping = True
        observer, self._observer = self._observer, None
        if observer is not None and observer.is_alive():
            observer.stop()
            observer.join(timeout=10)
        if log is not None:
            logging.getLogger(self.LOGGER).removeHandler(log)
