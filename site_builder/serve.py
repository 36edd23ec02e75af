"""`followup serve`: build, watch, rebuild incrementally and live-reload on 127.0.0.1.

The server shows only the output folder, to this machine only (a foreign Host header is
refused, against DNS rebinding), and adds to HTML responses, at serve time only, a small
script that listens to `/__followup/events` (Server-Sent Events) and reloads the page when
its own file was rewritten, plus a banner listing the journal's problems, if any.

The journal stays in memory (`journal.refresh`), with its memo (`journal.memo`): after an
edit only the changed files are read again, and the incremental build makes again only what
the edit reached. It writes the edited records' pages first and announces them (the page in
the browser reloads), then brings the journal-wide files up to date.
"""

from __future__ import annotations

import errno
import gc
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol, cast

from journal.heap import paused_gc
from journal.problems import Problem
from journal.refresh import LiveJournal
from journal.watch import MAX_WAIT, QUIET, Batch, EventSource, Watcher, report_to_stderr
from journal.words import counted
from site_builder import live
from site_builder.live import LiveSite

if TYPE_CHECKING:
    from site_builder.kept import Kept

HOST = "127.0.0.1"
DEFAULT_OUT = "_site"
"""The builder's default output folder, inside the journal (ignored by the watcher and by git)."""
KEEP_AFTER = 3.0
"""Seconds without a rebuild after which the build state is saved, as at a clean stop. A serve
killed outright (SIGKILL, a crash, a power cut) then leaves a state that matches the site on
disk, not one behind it, which made the next edit render every page again (at 10,000
interviews, 25 s and 350 MB)."""


class BuildOutcome(Protocol):
    """What `site_builder.build.build_site` returns (only the fields serve needs)."""

    out: Path
    written: list[str]
    problems: list[Problem]
    state: Any
    aborted: bool


Builder = Callable[..., BuildOutcome]


def real_builder() -> Builder:
    from site_builder.build import build_site

    return cast(Builder, build_site)


class UnsafeOutput(ValueError):
    """The output folder is (or contains) the journal: serving it would publish the sources."""


class PreviewServer(live.QuietServer):
    """A threaded HTTP server bound to the loopback address that knows the live site."""

    def __init__(self, site: LiveSite, port: int) -> None:
        self.site = site
        super().__init__((HOST, port), live.Handler)


class Preview:
    """The whole `serve` machine: first build, HTTP server thread, watcher thread."""

    def __init__(
        self,
        root: Path,
        *,
        port: int = 8000,
        out: Path | None = None,
        builder: Builder | None = None,
        quiet: float = QUIET,
        max_wait: float = MAX_WAIT,
        keep_after: float = KEEP_AFTER,
        source: EventSource | None = None,
        report: Callable[[str], None] = report_to_stderr,
    ) -> None:
        self.root = Path(root).resolve()
        self.port = port
        self.out = Path(out).resolve() if out is not None else None
        self.builder = builder
        self.report = report
        self.state: Any = None
        self.site: LiveSite | None = None
        self.server: PreviewServer | None = None
        self.watcher: Watcher | None = None
        self._quiet = quiet
        self._max_wait = max_wait
        self._source = source
        self._thread: threading.Thread | None = None
        self._building = threading.Lock()
        """Builds never overlap: the first one (main thread) and rebuilds (watcher thread)."""
        self.last_build = 0.0
        """Seconds the last build took (its report line says so)."""
        self.last_first: float | None = None
        """Seconds from the last rebuild's start until its first pages were announced (None: none were)."""
        self.live: LiveJournal | None = None
        """The journal in memory, refreshed file by file after each batch of changes."""
        self.as_of = date.today()
        self._real = builder is None
        """The real builder (not a test's stand-in): the journal in memory and its memo apply."""
        self._clean = False
        """The last build succeeded: a batch that changed no record needs no build."""
        self._rebuilt = False
        """A rebuild succeeded since the state was last saved (the first build saves its own)."""
        self._kept: Kept | None = None
        """What the last build kept, offered to the live journal's memo (`site_builder.kept`): saved at the end."""
        self._keep_after = keep_after
        self._keeper: threading.Timer | None = None
        """Saves the state once rebuilds pause (`KEEP_AFTER`); each rebuild starts it again."""

    @property
    def url(self) -> str:
        assert self.server is not None, "start() first"
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def start(self, listening: Callable[[], None] = lambda: None) -> None:
        """Listen, watch, then build once; raises (and stops) when the first build cannot run at all.

        Pages of a build made today are served while the first build runs, and the watcher sees an
        edit made meanwhile. A site never built, or built for another day, has no pages to serve
        yet, or pages whose "due today" is another day's, and its first build renders every page
        (each shows the day): that build runs before the server's and the watcher's threads
        start, so the render stage may render in its pool of processes (forking a process that
        runs threads can deadlock), in less time and memory; what changed while it ran is then
        found by the files' change times (`LiveJournal.changed_since`). Requests made meanwhile
        wait in the socket's queue. `listening` runs once the port is bound.
        """
        try:
            self.listen(serving=False)
            listening()
            if self._not_built_today():
                started = time.time_ns()
                self.build_first()
                self.serve_pages()
                self.watch()
                assert self.watcher is not None and self.live is not None
                self.watcher.changed(self.live.changed_since(started))
            else:
                self.serve_pages()
                self.watch()
                self.build_first()
        except BaseException:
            self.stop()
            raise

    def listen(self, serving: bool = True) -> None:
        """Bind the port and serve the output folder as it is (an earlier build, if any), unless
        not `serving` yet (`serve_pages` starts it)."""
        out = self.out = self.out or self.root / DEFAULT_OUT
        if out == self.root or self.root.is_relative_to(out):
            raise UnsafeOutput(f"refusing to serve {out}: it holds the journal's own files")
        if self.builder is None:
            from site_builder.writer import check_out

            check_out(out, self.root)  # a folder the builder would refuse is never served, not even for a moment
            self.builder = real_builder()
        self.site = LiveSite(out)
        self.server = PreviewServer(self.site, self.port)
        if serving:
            self.serve_pages()

    def serve_pages(self) -> None:
        """Answer requests, on a thread of the server's own."""
        assert self.server is not None
        self._thread = threading.Thread(target=self._answer, args=(self.server,), name="followup-http", daemon=True)
        self._thread.start()

    def _answer(self, server: PreviewServer) -> None:
        """The server's loop. Ctrl+C while the thread starts (`Thread.start` waits, and can be
        interrupted) stops the server before its loop runs: the closed socket then means "stop"."""
        try:
            server.serve_forever(0.1)
        except (OSError, ValueError):
            if self.server is server:
                raise  # not stopping: a real failure, to be seen

    def _not_built_today(self) -> bool:
        """No build wrote the output folder for today (every page shows the day), or none ever did:
        the first build renders every page (the real builder's manifest says which day it built for)."""
        from site_builder.writer import built_for

        return self._real and self.out is not None and built_for(self.root, self.out) != date.today().isoformat()

    def watch(self) -> None:
        """Start watching: before the first build, or after it with a catch-up (`start`), so an edit
        made during it is not missed."""
        assert self.out is not None
        self.watcher = Watcher(
            self.root,
            self.rebuild,
            ignore=[self.out],
            quiet=self._quiet,
            max_wait=self._max_wait,
            source=self._source,
            report=self.report,
        )
        self.watcher.start()

    def build_first(self) -> None:
        assert self.site is not None and self.builder is not None
        started = time.perf_counter()
        with self._building:
            self.live = LiveJournal(self.root)
            if self._real and self.out is not None:  # what the last build kept of each process and person
                from site_builder import kept

                self._kept = kept.adopt(self.root, self.out, self.live.journal, self.live.memo)
            self.as_of = date.today()
            result = self.builder(self.root, out=self.out, journal=self.live.journal, **self._day())
            self.site.publish(result.written, result.problems)
            self._settle(result, first=True)
            # The journal and what the memo keeps of it live as long as the server: leave them out of
            # full collections, which would otherwise add a pause to a rebuild now and then, as the app
            # does after its first load. (Only once, after a collection, so no garbage is kept for good.)
            gc.collect()
            gc.freeze()
        self._summarise("built", result, started)

    def _day(self) -> dict[str, Any]:
        """The real builder's options: the day, and the live journal's memo (`journal.memo`)."""
        if not self._real:
            return {}
        return {"as_of": self.as_of, "memo": self.live.memo} if self.live is not None else {"as_of": self.as_of}

    def _settle(self, result: BuildOutcome, first: bool = False) -> None:
        """Keep what the next rebuild starts from (after the first build, without every body's HTML)."""
        if not result.aborted:
            self.state = result.state
        self._clean = True
        if self._real and self.state is not None and not self.state.built and self.out is not None:
            self.state = _with_saved_state(self.root, self.out, self.state)  # the site was current already
        if first:
            import dataclasses

            if self._real and self.state is not None:  # every body's HTML: only an edit's pages need theirs again
                self.state = dataclasses.replace(self.state, markdown={})

    def rebuild(self, batch: Batch) -> None:
        """One incremental rebuild; a builder crash becomes a problem on every page, then re-raises.

        The journal in memory is refreshed from the changed files only; the build writes the
        edited records' pages first and announces them (`_announce`), then every other file.
        """
        assert self.site is not None and self.builder is not None
        with self._building:
            started = time.perf_counter()
            self.last_first = None
            try:
                if self.live is None:
                    self.live = LiveJournal(self.root)
                loads = self.live.full_loads
                journal = self.live.refresh(batch.paths, rescan=batch.rescan)  # lost events: no stat is trusted
                state, today = self.state, date.today()
                incremental = self.live.full_loads == loads and today == self.as_of
                if self._real and incremental and self._clean and not self.live.changes:
                    return  # nothing a page shows changed (a save without changes, a file that is no record)
                self.as_of = today
                self._clean = False
                announced: set[str] = set()
                options: dict[str, Any] = self._day()
                if self._real:
                    options["on_pages"] = partial(self._announce, journal.problems, announced, started)
                    options["keep_broken"] = True  # a page being edited stays, under the banner, until it loads again
                    options["edited"] = [c.after.record for c in self.live.changes if c.after and c.after.record]
                # A rebuild leaves no cyclic garbage to speak of (a few dozen objects, however many
                # pages): the collector walking what it makes only added a tenth to it, in pauses.
                with paused_gc():
                    result = self.builder(self.root, out=self.out, previous=state, journal=journal, **options)
            except Exception as exc:
                self.site.publish([], [Problem("(site builder)", 1, 0, "error", f"the build crashed: {exc!r}")])
                raise
            rest = [path for path in [*result.written, *getattr(result, "removed", ())] if path not in announced]
            self.site.publish(rest, result.problems)
            self._settle(result)
            self._rebuilt = not result.aborted
        self._summarise("rebuilt", result, started)
        self._keep_soon()

    def _keep_soon(self) -> None:
        """Save the state when no rebuild follows within `keep_after` seconds (a later one puts it off)."""
        if self._keeper is not None:
            self._keeper.cancel()
        self._keeper = threading.Timer(self._keep_after, self._keep_state)
        self._keeper.daemon = True
        self._keeper.start()

    def _announce(self, problems: list[Problem], announced: set[str], started: float, paths: list[str]) -> None:
        """The rebuild's own pages are on disk: reload them before the journal-wide ones."""
        assert self.site is not None
        fresh = [path for path in paths if path not in announced]
        announced.update(fresh)
        if fresh:
            if self.last_first is None:
                self.last_first = time.perf_counter() - started
            self.site.publish(fresh, problems)

    def _summarise(self, verb: str, result: BuildOutcome, started: float) -> None:
        self.last_build = time.perf_counter() - started
        took = self.last_build * 1000
        pages = len(result.written)
        line = f"{verb} in {took:.0f} ms: {counted(pages, 'file')} changed"
        if verb == "rebuilt" and self.last_first is not None:
            line += f" (the edited pages first, in {self.last_first * 1000:.0f} ms)"
        if result.problems:
            line += f", {counted(len(result.problems), 'problem')}:"
            line += "".join(f"\n  {problem}" for problem in result.problems[:20])
            if len(result.problems) > 20:
                line += f"\n  … and {len(result.problems) - 20} more"
        self.report(line)

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        if self._keeper is not None:  # no rebuild can start it again now
            self._keeper.cancel()
            self._keeper.join()
            self._keeper = None
        self._keep_state()
        if self.site is not None:
            self.site.close()
        if self.server is not None:
            if self._thread is not None and self._thread.is_alive():
                self.server.shutdown()  # would wait forever for a loop that never started
                self._thread.join(timeout=10)
            server, self.server = self.server, None  # first: a loop starting now sees it is stopping
            server.server_close()
        self._thread = None

    def _keep_state(self) -> None:
        """After edits, save the last build's state, so the next `followup build` is incremental too.
        Not while a rebuild runs (its end asks again, `_keep_soon`)."""
        state = self.state
        if not (self._real and self._clean and self._rebuilt) or self.out is None or state is None:
            return
        if not state.built or not self._building.acquire(blocking=False):
            return
        try:
            from site_builder import state as site_state

            site_state.save(self.root, self.out, state.signatures, state.fragments, state.calendar)
            if self._kept is not None and self.live is not None:
                from site_builder import kept

                kept.save(self._kept, self.live.journal)  # so the next start need not derive them again
            self._rebuilt = False
        finally:
            self._building.release()

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _with_saved_state(root: Path, out: Path, state: Any) -> Any:
    """A state read from the manifest only, completed from the saved build state, so edits can be quick."""
    import dataclasses

    from site_builder import state as site_state

    saved = site_state.load(root, out)
    if saved is None:
        return state
    signatures, fragments, calendar = saved
    return dataclasses.replace(state, signatures=signatures, fragments=fragments, calendar=calendar, built=True)


def serve(
    root: Path,
    port: int = 8000,
    open_browser: bool = True,
    out: Path | None = None,
    *,
    builder: Builder | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run until Ctrl+C (or `stop` is set); 0 on a clean exit, 2 for a bad --out, 1 when it cannot start."""
    preview = Preview(root, port=port, out=out, builder=builder)
    restore = _terminate_as_interrupt()
    try:
        return _run(preview, port, open_browser, stop or threading.Event())
    except KeyboardInterrupt:
        with suppress(OSError):  # the terminal may be gone (SIGHUP): stopping matters, not saying so
            print("\nStopping.", flush=True)
        return 0
    finally:
        preview.stop()
        restore()


def _run(preview: Preview, port: int, open_browser: bool, stop: threading.Event) -> int:
    from site_builder.writer import OutputError

    try:
        preview.start(listening=partial(_listening, preview))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"followup serve: port {port} is already in use; try --port {port + 1}", file=sys.stderr)
        else:
            print(f"followup serve: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except (OutputError, UnsafeOutput) as exc:
        print(f"followup serve: {exc}", file=sys.stderr)
        return 2  # a bad --out, like `followup build`
    except Exception as exc:  # noqa: BLE001 - the builder's refusal (bad --out, unreadable journal) ends the command
        print(f"followup serve: {exc}", file=sys.stderr)
        return 1
    if open_browser:
        webbrowser.open(preview.url)
    while not stop.wait(0.5):
        pass
    return 0


def _listening(preview: Preview) -> None:
    print(f"Serving {preview.out} at {preview.url}  (Ctrl+C to stop)", flush=True)
    print(f"Watching {preview.root}; building the site…", flush=True)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""Besides Ctrl+C: `kill`, and the terminal `serve` runs in being closed (SIGHUP). Each stops it
as cleanly as Ctrl+C, so the build state is saved and the next build or serve starts from it."""


def _terminate_as_interrupt() -> Callable[[], None]:
    """`STOP_SIGNALS` stop the server as cleanly as Ctrl+C (only possible from the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, interrupt) for number in STOP_SIGNALS}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore
