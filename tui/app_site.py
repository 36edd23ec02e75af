"""The site from the app: build it and say where it is, open a browser when there is one, serve it live.

A browser that runs in the terminal (lynx, w3m, a `$BROWSER` that is waited for) would take the
app's terminal from under it, so only one that starts on its own is launched; otherwise the app
says so and shows the address, which the palette copies. `serve` runs in the background
(`site_builder.serve.Preview`: its own threads) until stopped or until the app quits.
"""

from __future__ import annotations

import errno
import webbrowser
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.message import Message
from textual.worker import get_current_worker

from journal.problems import files_with_errors
from journal.words import counted

if TYPE_CHECKING:
    from site_builder.serve import Preview

PORT = 8000
"""`followup serve`'s port, tried first so the address stays the same; any free port when it is taken."""


def open_in_browser(url: str) -> str | None:
    """Open `url` in a browser that runs beside the app; None when it started, else why it did not."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no browser was found"
    if (
        type(browser) is webbrowser.GenericBrowser
    ):  # waited for: a terminal browser, which would take the app's terminal
        return f"the browser found ({browser.name}) runs in this terminal"
    if not browser.open(url):
        return f"{getattr(browser, 'name', 'the browser')} did not start"
    return None


class SiteActions(App[int]):
    """The App's site actions (a base class of `FollowupApp`, which provides `root` and `as_of`)."""

    root: Path
    site_address: str | None = None
    """The last built site's index as a file:// address."""
    preview: Preview | None = None
    """The background `serve`, while it runs."""

    @property
    def as_of(self) -> date:
        raise NotImplementedError

    def site_label(self) -> str:
        """What the header says about the site: its live address while it is served."""
        return f"site at {self.preview.url}" if self.preview is not None and self.preview.server else ""

    def show_status(self) -> None:
        """Redraw the header's status line (override)."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="site")
    def action_build_site(self) -> None:
        from site_builder.build import build_site

        self.call_from_thread(self.notify, "Building the site…")
        try:
            result = build_site(self.root, as_of=self.as_of)
        except Exception as exc:  # noqa: BLE001 - any builder failure is reported, the app keeps running
            self.call_from_thread(self.notify, f"Site build failed: {exc}", severity="error", timeout=15)
            return
        url = (Path(result.out) / "index.html").resolve().as_uri()
        self.site_address = url
        bad = files_with_errors(result.problems)
        problems = f"; {counted(bad, 'file')} with errors left out" if bad else ""
        built = f"Site built: {counted(result.pages, 'page')}{problems}."
        why_not = open_in_browser(url)
        if why_not is None:
            message = f"{built} Opened {url} in your browser."
        else:
            message = f"{built} Not opened: {why_not}. Open {url} yourself (ctrl+p, “Copy the site's address”)."
        self.call_from_thread(self.notify, message, title="Site", timeout=20)

    def action_copy_site_address(self) -> None:
        """Copy the served address while serving, else the built site's file:// address."""
        from tui.screens.copying import copy_out

        address = self.preview.url if self.preview is not None and self.preview.server else self.site_address
        if address is None:
            self.notify("No site yet: ^b builds it, or “Preview site (serve)” serves it.")
            return
        copy_out(self.screen, address, f"The address {address}")

    @work(thread=True, exclusive=True, exit_on_error=False, group="serve")
    def action_serve_site(self) -> None:
        """Start `serve` in the background (build, then rebuild and reload the browser on every save)."""
        from site_builder.serve import Preview

        if self.preview is not None:
            self.call_from_thread(self.notify, f"The site is served at {self.preview.url}.")
            return
        self.call_from_thread(self.notify, "Building the site to serve it…")
        preview = None
        for port in (PORT, 0):
            preview = Preview(self.root, port=port, report=self._serve_report)
            try:
                preview.start()
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE and port:
                    continue  # 8000 is taken (another serve?): any free port will do
                self.call_from_thread(self._serve_failed, exc)
                return
            except Exception as exc:  # noqa: BLE001 - a bad output folder, an unreadable journal: said, not raised
                self.call_from_thread(self._serve_failed, exc)
                return
            break
        assert preview is not None
        if get_current_worker().is_cancelled:  # the app quit while the first build ran
            preview.stop()
            return
        self.call_from_thread(self._serving, preview)

    @dataclass
    class ServeReport(Message):
        """A line from the background `serve` (posted from its threads, which must never wait for the UI)."""

        line: str

    def _serve_report(self, line: str) -> None:
        self.post_message(self.ServeReport(line))

    def on_site_actions_serve_report(self, message: ServeReport) -> None:
        """Build summaries go to the log (the browser's banner shows the problems); anything else is said."""
        if message.line.startswith(("built in", "rebuilt in")):
            self.log.info(message.line)
        else:
            lines = message.line.splitlines()  # a failed rebuild: its first line and the error, not the traceback
            self.log.warning(message.line)
            text = lines[0] if len(lines) < 2 else f"{lines[0]} {lines[-1].strip()}"
            self.notify(text, title="Serving the site", severity="warning", timeout=10, markup=False)

    def _serve_failed(self, exc: Exception) -> None:
        what = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.notify(f"The site could not be served: {what}", title="Site", severity="error", timeout=15)

    def _serving(self, preview: Preview) -> None:
        self.preview = preview
        self.show_status()
        why_not = open_in_browser(preview.url)
        opened = "; opened in your browser" if why_not is None else f"; not opened: {why_not}"
        self.notify(
            f"Serving the site at {preview.url}{opened}. It rebuilds as you save; "
            "“Stop serving the site” (ctrl+p) stops it, and quitting does.",
            title="Site",
            timeout=20,
        )

    def action_stop_serving(self) -> None:
        preview, self.preview = self.preview, None
        if preview is None:
            self.notify("The site is not being served.")
            return
        self.show_status()
        self._stop_preview(preview)

    @work(thread=True, exit_on_error=False, group="serve-stop")
    def _stop_preview(self, preview: Preview) -> None:
        url = preview.url if preview.server else "the site"
        preview.stop()
        self.call_from_thread(self.notify, f"Stopped serving {url}.")

    def stop_serving_now(self) -> None:
        """On quit: stop the server and its watcher before the process ends."""
        if self.preview is not None:
            self.preview.stop()
            self.preview = None
