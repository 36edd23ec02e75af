"""What every journal screen shares: hearing about reloads and writing in a worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.screen import Screen

from journal import JournalError
from tui.agenda_rows import ACTION_LABELS as ACTION_LABELS
from tui.journal_update import JournalUpdate

if TYPE_CHECKING:
    from tui.app import FollowupApp  # the one upward name: the screens run inside this app


class JournalScreen(Screen[Any]):
    """A screen that shows the journal and redraws when it is reloaded."""

    @property
    def journal_app(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    def on_mount(self) -> None:
        """The one mount handler of the screen family (Textual also runs base classes' handlers,
        so subclasses extend `prepare` instead of defining `on_mount`)."""
        app = self.journal_app
        app.journal_changed.subscribe(self, self.show_journal)
        self.prepare()
        if app.journal is not None:
            self.show_journal(JournalUpdate(app.journal, app.items, frozenset(), app.today_rows))

    def prepare(self) -> None:
        """Set up the mounted screen before the journal is shown (override, calling super)."""

    def show_journal(self, update: JournalUpdate) -> None:
        """Redraw from a freshly loaded journal (override)."""

    def write(self, change: Callable[[], object], done: str, after: Callable[[Any], None] | None = None) -> None:
        """Run a journal write off the UI thread; report success or the error, then reload."""
        self._write(change, done, after)

    @work(thread=True, exit_on_error=False, group="write")
    def _write(self, change: Callable[[], object], done: str, after: Callable[[Any], None] | None) -> None:
        app = self.journal_app
        try:
            result = change()
        except (JournalError, OSError) as exc:
            app.call_from_thread(app.notify, str(exc), title="Not saved", severity="error", timeout=8)
            return
        if done:
            app.call_from_thread(app.notify, done)
        if after is not None:
            app.call_from_thread(after, result)
        app.call_from_thread(app.reload)
        app.call_from_thread(app.refresh_git)
