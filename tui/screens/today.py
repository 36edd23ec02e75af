"""Today (home): what to send, grouped overdue / today / upcoming, with the reason and the nudge budget."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from journal import Item, Journal, budget
from journal.agenda import fmt, guard_text, pestering_guard
from journal.records import OUTBOUND_KINDS
from journal.store import create, save
from tui.agenda_rows import AgendaRow
from tui.commands import Command
from tui.dialogs.confirm import ConfirmDialog
from tui.drafts import draft_for, existing_draft, sent_at
from tui.screens.base import ACTION_LABELS, JournalScreen
from tui.undo import Change, undo
from tui.widgets.paged_table import PagedTable

GROUPS = (("overdue", "Overdue"), ("today", "Due today"), ("upcoming", "Upcoming"))
STATE_STYLES = {"overdue": "bold red", "today": "bold", "upcoming": ""}


def _render(entry: AgendaRow | tuple[str, str, int]) -> tuple[str | None, tuple[str | Text, ...]]:
    """A group heading (`Overdue`, 6 items) or an agenda row, as table cells."""
    if isinstance(entry, AgendaRow):
        return entry.id, (Text(entry.due, style=STATE_STYLES[entry.state]), *(Text(cell) for cell in entry.cells[1:]))
    state, title, count = entry
    label = Text(f"{count} item{'s' if count != 1 else ''}", style="italic")
    return f"group:{state}", (Text(title, style="bold underline"), label, "", "", "", "")


class TodayScreen(JournalScreen):
    """The agenda as a table; Enter does the natural thing for the highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "act", "Open", show=True),
        Binding("d", "mark_done", "Mark done"),
        Binding("s", "snooze", "Snooze"),
        Binding("o", "open_interview", "Interview"),
        Binding("u", "undo", "Undo"),
    ]
    PALETTE: ClassVar[list[Command]] = [
        Command("Act on item", "Draft the message, record next steps or mark ghosted", "act"),
        Command("Mark item done", "Log the follow-up as sent now", "mark_done"),
        Command("Snooze interview", "No suggestions for this interview until a date", "snooze"),
        Command("Open the item's interview", "The interview editor for this item", "open_interview"),
        Command("Undo", "Take back the last message Today logged, skipped or sent", "undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, Item] = {}
        self.undo_stack: list[Change] = []
        """What Today wrote since the app opened, latest last (`u` takes it back)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the journal…", id="today-summary", classes="summary")
        table: PagedTable[AgendaRow] = PagedTable(id="agenda")
        table.add_column("Due", width=10, key="due")
        table.add_column("To do", width=18, key="action")
        table.add_column("Who", width=18, key="who")
        table.add_column("Interview", width=36, key="interview")
        table.add_column("Nudges", width=6, key="budget")
        table.add_column("Why", key="reason")
        yield table
        yield Static("", id="today-detail", classes="detail", markup=False)
        yield Footer()

    def prepare(self) -> None:
        app = self.journal_app
        if app.journal is None and app.head_start is not None:
            self.show_rows(app.head_start, stale=True)

    def show_journal(self, update: object) -> None:
        app = self.journal_app
        assert app.journal is not None
        self.items = {item.id: item for item in app.items}
        self.show_rows(app.today_rows, stale=False)

    def show_rows(self, rows: tuple[AgendaRow, ...], stale: bool) -> None:
        """Redraw the agenda; `stale` rows are the last launch's, shown while the journal loads."""
        app = self.journal_app
        table = self.query_one("#agenda", PagedTable)
        keep, was_at = self._current_key(), table.cursor_row if table.row_count else 1
        counts = {state: 0 for state, _ in GROUPS}
        for row in rows:
            counts[row.state] += 1
        entries: list[AgendaRow | tuple[str, str, int]] = []
        for state, title in GROUPS:
            if counts[state]:
                entries.append((state, title, counts[state]))
                entries.extend(row for row in rows if row.state == state)
        index = {entry.id: i for i, entry in enumerate(entries) if isinstance(entry, AgendaRow)}
        # the same item if it is still due, else the one that took its place (after marking it done)
        cursor = index.get(keep or "", min(was_at, len(entries) - 1))
        if 0 <= cursor < len(entries) and not isinstance(entries[cursor], AgendaRow):
            cursor = min(cursor + 1, len(entries) - 1)
        table.show(entries, _render, max(cursor, 0))
        summary = (
            f"{fmt(app.as_of)} — {counts['overdue']} overdue, {counts['today']} due today, {counts['upcoming']} upcoming"
            if rows
            else f"{fmt(app.as_of)} — nothing to send. Press i to see your interviews or n there to add one."
        )
        if stale:
            summary += "   (refreshing…)"
        elif app.journal is not None and app.journal.problems:
            summary += f"   ⚠ {len(app.journal.errors)} file(s) with errors (press e)"
        self.query_one("#today-summary", Static).update(summary)
        self._show_detail()

    def _current_key(self) -> str | None:
        table = self.query_one("#agenda", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def ready(self) -> Journal | None:
        """The loaded journal; while the saved agenda is shown, say the journal is still loading."""
        journal = self.journal_app.journal
        if journal is None:
            self.notify("Still loading the journal; one moment…")
        return journal

    def current(self) -> Item | None:
        key = self._current_key()
        return self.items.get(key) if key else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_act()

    def _show_detail(self) -> None:
        item, journal = self.current(), self.journal_app.journal
        detail = self.query_one("#today-detail", Static)
        if item is None or journal is None:
            detail.update("")
            return
        lines = [f"{ACTION_LABELS.get(item.action, item.action)}" + (f" — {item.person}" if item.person else "")]
        interview = journal.interviews.get(item.interview) if item.interview else None
        if interview is not None:
            latest = journal.rounds_of(interview)[-1]
            spent = budget(journal, latest, journal.settings.policy)
            lines.append(f"{interview.title}, {interview.day:%a %d %b %Y} · outcome {latest.outcome} · {spent}")
            if latest.next_steps:
                lines.append(f"Next steps: {latest.next_steps}")
        lines.append(f"Why: {item.reason}")
        detail.update("\n".join(lines))

    # Actions -------------------------------------------------------------------

    def action_act(self) -> None:
        """The natural thing: draft the message, record next steps, or confirm ghosting."""
        item, journal = self.current(), self.ready()
        if item is None or journal is None:
            return
        if item.action in OUTBOUND_KINDS:
            from tui.screens.followup_editor import FollowupEditor

            written = existing_draft(journal, item)
            if written is not None:
                self.app.push_screen(FollowupEditor(written))
            else:
                draft = draft_for(journal, item, self.journal_app.as_of, warn=self._template_warning)
                self.app.push_screen(FollowupEditor(draft, new=True))
        elif item.action == "record-next-steps":
            self._open_interview(item, focus="next_steps")
        elif item.action == "mark-ghosted":
            self._confirm_ghosted(item)

    def _template_warning(self, message: str) -> None:
        self.notify(message, title="Template", severity="warning", timeout=10)

    def action_mark_done(self) -> None:
        """Log the item's message as sent today (next steps open the editor; ghosting asks).

        A nudge goes through the pestering guard first: its reasons are shown and nothing is
        written unless the user sends anyway.
        """
        item, journal = self.current(), self.ready()
        if item is None or journal is None:
            return
        if item.action not in OUTBOUND_KINDS:
            self.action_act()
            return
        root, today = journal.root, self.journal_app.as_of
        when = sent_at(journal, today)

        written = existing_draft(journal, item)
        if written is not None:  # the user's own draft becomes the message sent
            record = dataclasses.replace(written, status="sent", date=when)
        else:
            record = draft_for(journal, item, when, "sent", warn=self._template_warning)

        who = f" to {item.person}" if item.person else ""
        done = f"Logged {ACTION_LABELS[item.action].lower()}{who} as sent {fmt(today)} at {when:%H:%M}"

        def log() -> Change:
            if written is not None:
                return Change(done, changed=((written, save(root, record).record),))
            return Change(done, created=(create(root, record),))

        reasons = pestering_guard(journal, journal.settings.policy, record, today)
        if not reasons:
            self.write(log, done, self._remember)
            return

        def answer(send: bool | None) -> None:
            if send:
                self.write(log, done, self._remember)

        dialog = ConfirmDialog(guard_text(reasons), yes="Send anyway", no="Cancel", default=False)
        self.app.push_screen(dialog, answer)

    def _remember(self, change: Change) -> None:
        self.undo_stack.append(change)

    def action_undo(self) -> None:
        """Take back the last thing Today wrote (until the app closes), unless its file changed since."""
        journal = self.ready()
        if journal is None:
            return
        if not self.undo_stack:
            self.notify("Nothing to undo: Today has written nothing since the app opened.")
            return
        change = self.undo_stack[-1]

        def forget(_: object) -> None:
            if self.undo_stack and self.undo_stack[-1] is change:
                self.undo_stack.pop()

        self.write(lambda: undo(journal.root, change), f"Undone: {change.label}", forget)

    def action_snooze(self) -> None:
        from journal.validate import parse_day
        from tui.dialogs.value import ValueDialog

        item, journal = self.current(), self.ready()
        if journal is None:
            return
        if item is None or not item.interview or item.interview not in journal.interviews:
            self.notify("Only items about an interview can be snoozed.", severity="warning")
            return
        interview = journal.interviews[item.interview]
        suggestion = (self.journal_app.as_of + timedelta(days=7)).isoformat()
        prompt = f"Snooze {interview.title} until (YYYY-MM-DD):"

        def chosen(value: str | None) -> None:
            if not value:
                return
            until = parse_day(value)
            self.write(
                lambda: save(journal.root, dataclasses.replace(interview, snooze_until=until)),
                f"Snoozed {interview.company} until {fmt(until)}",
            )

        self.app.push_screen(ValueDialog(prompt, suggestion, parse_day), chosen)

    def action_open_interview(self) -> None:
        item = self.current()
        if item is not None:
            self._open_interview(item)

    def _open_interview(self, item: Item, focus: str | None = None) -> None:
        from tui.screens.interview_editor import InterviewEditor

        journal = self.journal_app.journal
        if journal is None or not item.interview or item.interview not in journal.interviews:
            return
        self.app.push_screen(InterviewEditor(journal.interviews[item.interview], focus=focus))

    def _confirm_ghosted(self, item: Item) -> None:
        journal = self.journal_app.journal
        if journal is None or not item.interview or item.interview not in journal.interviews:
            return
        latest = journal.rounds_of(journal.interviews[item.interview])[-1]

        def answer(yes: bool | None) -> None:
            if yes:
                self.write(
                    lambda: save(journal.root, dataclasses.replace(latest, outcome="ghosted")),
                    f"Marked {latest.company} — {latest.role} as ghosted",
                )

        question = f"No answer from {latest.company} ({item.reason.split(';')[0]}). Mark the process ghosted?"
        self.app.push_screen(ConfirmDialog(question, yes="Mark ghosted"), answer)
