"""Watch the journal folder and report changed record files, debounced, from a watchdog thread.

Editors save by writing a temp file and renaming it; git touches thousands of files in
`.git/`. Only `*.md` records and `journal.yaml` matter, so everything else is ignored and
a burst of events becomes one report of the paths that changed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

IGNORED_FOLDERS = frozenset({".git", "_site", ".followup", "node_modules"})
log = logging.getLogger(__name__)


def relevant(rel: str) -> bool:
    """A record file or the settings: not a temp, swap or backup file, not under an ignored folder."""
    parts = PurePosixPath(rel).parts
    if not parts or any(part in IGNORED_FOLDERS for part in parts[:-1]):
        return False
    name = parts[-1]
    if name.startswith((".", "~")) or name.endswith(("~", ".tmp", ".swp", ".swx")) or name == "4913":
        return False
    return name.endswith(".md") or rel == "journal.yaml"


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: JournalWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.watcher.notice(raw if isinstance(raw, str) else raw.decode())


class JournalWatcher:
    """Calls `on_change(paths)` (from a timer thread) once a burst of relevant events settles."""

    def __init__(
        self, root: Path, on_change: Callable[[frozenset[str]], None], debounce: float = 0.15, max_wait: float = 2.0
    ) -> None:
        self.root = Path(root).resolve()
        self.on_change = on_change
        self.debounce = debounce
        self.max_wait = max_wait
        self._first = 0.0
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._observer: BaseObserver | None = None

    def start(self, observer_class: Callable[[], BaseObserver] = Observer) -> str | None:
        """Start watching; returns a note for the user when native watching failed and polling took over."""
        note = None
        try:
            observer = observer_class()
            observer.schedule(_Handler(self), str(self.root), recursive=True)
            observer.start()
        except OSError as exc:  # the inotify watch limit (ENOSPC) and the like: poll instead
            note = (
                f"Watching the journal for changes failed ({exc.strerror or exc}); checking every second instead. "
                "On Linux, raising fs.inotify.max_user_watches fixes this."
            )
            log.warning(note)
            observer = PollingObserver(timeout=1.0)
            observer.schedule(_Handler(self), str(self.root), recursive=True)
            observer.start()
        self._observer = observer
        return note

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
            self._observer = None

    def notice(self, path: str) -> None:
        try:
            rel = Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return
        if not relevant(rel):
            return
        with self._lock:
            if not self._pending:
                self._first = time.monotonic()
            self._pending.add(rel)
            if self._timer is not None:
                if time.monotonic() - self._first >= self.max_wait:
                    return  # a steady stream of writes must not starve the report
                self._timer.cancel()
            self._timer = threading.Timer(self.debounce, self._flush)
            self._timer.daemon = True
            self._timer.start()

    def _flush(self) -> None:
        with self._lock:
            paths, self._pending = frozenset(self._pending), set()
            self._timer = None
        if paths:
            self.on_change(paths)
