"""The Follow-up Journal terminal app: a thin App that loads, watches and commits the journal.

Screens own their handlers; this class only holds the loaded journal, publishes it to the
screens through `journal_changed`, and loads and watches in workers. Git (`tui.app_git`) and
the site (`tui.app_site`) are its base classes, each with its own workers.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import ModalScreen
from textual.signal import Signal
from textual.worker import get_current_worker

from journal import Item, Journal, JournalError
from journal.agenda import agenda
from journal.refresh import LiveJournal
from journal.watch import Batch, Watcher
from tui import gitops
from tui.agenda_rows import AgendaRow, agenda_rows, read_snapshot, write_snapshot
from tui.app_git import GitActions
from tui.app_site import SiteActions
from tui.commands import Command, ScreenCommands
from tui.journal_update import JournalUpdate
from tui.preferences import remember_theme, use_saved_theme
from tui.screens.interviews import InterviewsScreen
from tui.screens.people import PeopleScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.today import TodayScreen

STATEFUL_ACTIONS = ("git_init", "commit", "sync", "stop_serving")
"""The actions `check_action` allows by git's state or the site's, rather than by the screen."""


class FollowupApp(GitActions, SiteActions):
    """Today's follow-ups, the interviews, the people and the journal's problems, live with the disk."""

    CSS_PATH = "app.tcss"
    TITLE = "Follow-up Journal"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    MODES: ClassVar[dict[str, type]] = {  # type: ignore[assignment]
        "today": TodayScreen,
        "interviews": InterviewsScreen,
        "people": PeopleScreen,
        "problems": ProblemsScreen,
    }
    DEFAULT_MODE = "today"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (160, "-wide")]
    """Screen classes by width: at 160 columns the editors put the form beside the body (app.tcss)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "switch_mode('today')", "Today"),
        Binding("i", "switch_mode('interviews')", "Interviews"),
        Binding("p", "switch_mode('people')", "People"),
        Binding("e", "switch_mode('problems')", "Problems"),
        Binding("ctrl+g", "commit", "Commit"),
        Binding("f5", "sync", "Sync", show=False),
        Binding("question_mark,f1", "help", "Help"),
        Binding("ctrl+r", "reload", "Reload", show=False),
        Binding("ctrl+b", "build_site", "Build site", show=False),
        Binding("comma", "settings", "Settings", show=False),
        Binding("q", "quit", "Quit"),
    ]
    PALETTE: ClassVar[list[Command]] = [
        Command("Go to Today", "What to send today, overdue and upcoming", "switch_mode('today')"),
        Command("Go to Interviews", "Every interview round, filterable and sortable", "switch_mode('interviews')"),
        Command("Go to People", "Everyone you met: last touch, next check-in", "switch_mode('people')"),
        Command("Go to Problems", "Files that failed to load, with file and line", "switch_mode('problems')"),
        Command("Log a reply", "Record an answer you received; pick the interview, save to write it", "log_reply"),
        Command("New follow-up", "A message to log or draft; pick the interview, save to write it", "new_followup"),
        Command("Set your name", "Whose name signs your drafts (owner: in journal.yaml)", "set_owner"),
        Command(
            "Settings", "Your name, site title, timezone, the follow-up policy, holidays (journal.yaml)", "settings"
        ),
        Command("Commit changes", "Commit the journal with a message from what changed", "commit"),
        Command("Sync with the remote", "Commit, pull (records merged field by field), push: followup sync", "sync"),
        Command("Initialise git", "Make the journal folder a git repository", "git_init"),
        Command("Reload journal", "Read every file again from disk", "reload"),
        Command("Build site and open it", "Render the static site and open it in the browser", "build_site"),
        Command("Preview site (serve)", "Serve the site on 127.0.0.1, rebuilt and reloaded as you save", "serve_site"),
        Command("Stop serving the site", "Stop the preview server started from the app", "stop_serving"),
        Command(
            "Copy the site's address", "The served http:// address, else the built index's file://", "copy_site_address"
        ),
        Command("Help", "Keys of every screen", "help"),
    ]

    @dataclass
    class FilesChanged(Message):
        """Record files changed on disk (posted from the watcher thread)."""

        paths: frozenset[str]

    def __init__(self, root: Path, as_of: date | None = None, watch: bool = True) -> None:
        super().__init__()
        self.root = Path(root)
        self.fixed_date = as_of
        self.watching = watch
        self.journal: Journal | None = None
        self.items: tuple[Item, ...] = ()
        self.held: tuple[Item, ...] = ()
        """Items that drafts dated ahead hold back (one item snoozed), for Today's snoozed list."""
        self.today_rows: tuple[AgendaRow, ...] = ()
        self.head_start: tuple[AgendaRow, ...] | None = None
        """The last launch's agenda, drawn until the journal is loaded."""
        self.git: gitops.GitStatus | None = None
        self.journal_changed: Signal[JournalUpdate] = Signal(self, "journal-changed")
        self.dirty_editors: set[object] = set()
        """Editor screens with unsaved edits (they add and remove themselves)."""
        self._watcher: Watcher | None = None
        self._pending_changes: frozenset[str] = frozenset()
        self._live: LiveJournal | None = None
        """The journal in memory, refreshed from the files that changed (one worker at a time)."""
        self._live_lock = threading.Lock()
        self._to_read: set[str] | None = None
        """Files changed since the last load; None: read everything (a reload asked for, a save)."""
        self._applying: tuple[bool | None, ...] | None = None
        """What `check_action` said of the actions that follow git and the site, at the last `show_status`."""
        self._preferences_problem = use_saved_theme(self)  # before the first frame

    @property
    def as_of(self) -> date:
        """The app's today: fixed in tests, else the calendar date."""
        return self.fixed_date or date.today()

    def on_mount(self) -> None:
        self.sub_title = "loading…"
        self.theme_changed_signal.subscribe(self, partial(remember_theme, self))
        if self._preferences_problem:
            self.notify(self._preferences_problem, title="Preferences", severity="warning", timeout=10)
        self.reload()
        self.refresh_git()
        if self.watching:
            self._start_watcher()

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        self.stop_serving_now()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No switching screens from under a dialog; only the git and site actions that apply (keys and palette)."""
        blocked = ("switch_mode", "help", "commit", "sync", "log_reply", "new_followup", "settings")
        here = next(screen for screen in reversed(self.screen_stack) if not isinstance(screen, CommandPalette))
        if action in blocked and isinstance(here, ModalScreen):
            return False
        if action == "stop_serving":
            return self.preview is not None
        return self.git_applies(action)

    # Loading -----------------------------------------------------------------

    def reload(self, changed: frozenset[str] = frozenset()) -> None:
        """Load the journal again in a worker; screens hear about it through `journal_changed`.

        With `changed` (from the watcher), only those files are read again; without, the whole
        journal is (through the load cache, which reads only files whose stats moved).
        """
        self._pending_changes |= changed
        with self._live_lock:
            if not changed:
                self._to_read = None
            elif self._to_read is not None:
                self._to_read |= changed
        self._load()

    def _current(self) -> Journal:
        """The journal now: loaded whole the first time, then refreshed from what changed."""
        with self._live_lock:
            to_read, self._to_read = self._to_read, set()
            if self._live is None:
                self._live = LiveJournal(self.root)
            elif to_read is None:
                self._live.full()
            else:
                self._live.refresh(to_read)
            return self._live.journal

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        as_of = self.as_of
        if self.journal is None:
            saved = read_snapshot(self.root, as_of)
            if saved is not None:
                self.call_from_thread(self._head_start, saved)
        try:
            journal = self._current()
            memo = self._live.memo if self._live is not None else None
            every = agenda(journal, journal.settings.policy, as_of, snoozed=True, memo=memo)
            items = tuple(item for item in every if item.state != "snoozed")
            held = tuple(item for item in every if item.state == "snoozed")
            rows = agenda_rows(journal, items, as_of, memo)
            _ = journal.people  # derived views are computed here, off the UI thread
        except Exception as exc:  # noqa: BLE001 - a loading bug must be said, not leave "refreshing…" forever
            self.call_from_thread(self._load_failed, exc)
            return
        if get_current_worker().is_cancelled:
            return
        self.call_from_thread(self._loaded, journal, items, rows, held)
        write_snapshot(self.root, as_of, rows)  # for the next launch's first frame: after this one's

    def _load_failed(self, exc: Exception) -> None:
        self.notify(
            f"The journal could not be loaded ({type(exc).__name__}: {exc}). Your files are unchanged; "
            "`followup check` names the file, and ^r loads again.",
            title="Loading failed",
            severity="error",
            timeout=30,
        )

    def _head_start(self, rows: tuple[AgendaRow, ...]) -> None:
        """Draw the last agenda while the journal loads (Today marks it as refreshing)."""
        from tui.screens.today import TodayScreen

        self.head_start = rows
        if self.journal is None and isinstance(self.screen, TodayScreen):
            self.screen.show_rows(rows, stale=True)

    def _loaded(
        self, journal: Journal, items: tuple[Item, ...], rows: tuple[AgendaRow, ...], held: tuple[Item, ...]
    ) -> None:
        first = self.journal is None
        self.journal, self.items, self.today_rows, self.held = journal, items, rows, held
        if first:
            # Tens of thousands of records live as long as the app: leave them out of full collections,
            # which would otherwise pause typing. (Only once: later objects may form cycles that must go.)
            gc.freeze()
        self.title = journal.settings.site_title
        changed, self._pending_changes = self._pending_changes, frozenset()
        self.journal_changed.publish(JournalUpdate(journal, items, changed, rows))
        if self._commit_dialog() is not None:
            self.refresh_git()  # its message is written from the records, which just changed
        if first and journal.settings.owner is None:
            self.action_set_owner()

    # The owner ---------------------------------------------------------------

    def action_set_owner(self) -> None:
        """Ask whose name signs the drafts; skipped, nothing is written and the next start asks again."""
        from tui.dialogs.owner import OwnerDialog

        self.push_screen(OwnerDialog(), self._owner_chosen)

    def _owner_chosen(self, name: str | None) -> None:
        if name:
            self._write_owner(name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings")
    def _write_owner(self, name: str) -> None:
        from journal.settings_edit import set_owner

        try:
            set_owner(self.root, name)
        except (JournalError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), title="Not saved", severity="error", timeout=10)
            return
        self.call_from_thread(self.notify, f"Your messages are signed {name} (owner: in journal.yaml).")
        self.call_from_thread(self.reload)
        self.call_from_thread(self.refresh_git)

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    # Watching ----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def _start_watcher(self) -> None:
        watcher = Watcher(self.root, self._post_changes, ignore=[self.root / "_site"], report=self._report)
        watcher.start()
        self._watcher = watcher

    def _report(self, message: str) -> None:
        """From the watcher's thread: what the user should know (polling instead of inotify, lost events)."""
        self.call_from_thread(self.notify, message, title="Watching the journal", severity="warning", timeout=10)

    def _post_changes(self, batch: Batch) -> None:
        """From the watcher's thread: hand the paths to the app's message queue (thread-safe)."""
        self.post_message(self.FilesChanged(batch.paths))

    def on_followup_app_files_changed(self, message: FilesChanged) -> None:
        self.reload(message.paths)
        self.refresh_git()

    # New follow-ups ------------------------------------------------------------

    def action_log_reply(self) -> None:
        self._new_followup(reply=True)

    def action_new_followup(self) -> None:
        self._new_followup(reply=False)

    def _new_followup(self, reply: bool) -> None:
        """The current screen's own (about its interview) when it has one, else one to pick the interview for."""
        from tui.screens.base import JournalScreen
        from tui.screens.followup_editor import open_new_followup

        own = getattr(self.screen, "action_log_reply" if reply else "action_new_followup", None)
        if own is not None:
            own()
        elif isinstance(self.screen, JournalScreen):
            open_new_followup(self.screen, None, None, reply=reply)

    # Status, help, quit ---------------------------------------------------------

    def show_status(self) -> None:
        """The header's second line: git's state, and the site's address while it is served."""
        parts = [self.git.label if self.git is not None else "", self.site_label()]
        self.sub_title = " · ".join(part for part in parts if part)
        # The keys and palette entries that apply follow git's state and the site's, which are
        # read again after every change on disk: the footer is made again only when they moved
        # (making it lays out the whole screen, a frame costing as much as the new agenda).
        applying = tuple(self.check_action(action, ()) for action in STATEFUL_ACTIONS)
        if applying != self._applying:
            self._applying = applying
            self.refresh_bindings()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        if not self.dirty_editors:
            self.exit(0)
            return
        count = len(self.dirty_editors)
        question = f"{count} editor{'s have' if count > 1 else ' has'} unsaved changes. Quit and lose them?"
        self.push_screen(ConfirmDialog(question, yes="Quit", default=False), lambda yes: self.exit(0) if yes else None)


def run_app(root: Path) -> int:
    """Open the app on the journal at `root`; returns the exit code."""
    result = FollowupApp(Path(root)).run()
    return result if isinstance(result, int) else 0
