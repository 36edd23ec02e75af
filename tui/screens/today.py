"""Today (home): what to send, grouped overdue / today / upcoming, with the reason and the nudge budget."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from journal import Item, Journal, budget
from journal.agenda import agenda, fmt
from journal.problems import files_with_errors
from journal.records import OUTBOUND_KINDS
from journal.store import save
from journal.words import counted
from tui.agenda_rows import AgendaRow, Snoozed, agenda_rows, snoozed_entries
from tui.commands import Command
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.value import ValueDialog
from tui.drafts import draft_for, existing_draft, sent_at
from tui.screens.base import ACTION_LABELS
from tui.screens.today_defer import TodayDeferrals
from tui.undo import undo
from tui.widgets.footer import FitFooter
from tui.widgets.paged_table import Column, PagedTable

GROUPS = (("overdue", "Overdue"), ("today", "Due today"), ("upcoming", "Upcoming"), ("missed", "Missed"))
COLUMNS = (
    Column("due", "Due", 10, 12), Column("action", "To do", 12, 17), Column("who", "Who", 10, 18, grow=1),
    Column("interview", "Interview", 11, 36, grow=2), Column("budget", "Nudges", 6, 6),
    Column("reason", "Why", 10, 40, grow=4),
)  # fmt: skip
"""At 80 columns every one is on screen, the short ones whole and the long ones cut with `…` (the
panel below shows the highlighted item whole); wider, the names, the interview and the reason take
the room."""
STATE_STYLES = {"overdue": "bold red", "today": "bold", "upcoming": "", "missed": "dim"}


def _action_cell(row: AgendaRow, selected: bool) -> Text:
    """The To do cell, ticked when the row is selected (space) for skipping several at once."""
    return Text("✓ " + row.action, style="bold reverse") if selected else Text(row.action)


def _render(
    entry: AgendaRow | tuple[str, str, int],
    selected: frozenset[str] = frozenset(),
    narrow: frozenset[str] = frozenset(),
) -> tuple[str | None, tuple[str | Text, ...]]:
    """A group heading (`Overdue`, 6 items) or an agenda row, as table cells (✓ on selected rows;
    the short form of the Due cell when that column is in `narrow`)."""
    if isinstance(entry, AgendaRow):
        shown = entry.due_short if entry.due_short and "due" in narrow else entry.due
        due = Text(shown, style=STATE_STYLES[entry.state])
        action = _action_cell(entry, entry.id in selected)
        return entry.id, (due, action, *(Text(cell) for cell in entry.cells[2:]))
    state, title, count = entry
    label = Text(counted(count, "item"), style="italic")
    return f"group:{state}", (Text(title, style="bold underline"), label, "", "", "", "")


def _say(static: Static, text: str) -> None:
    """`Static.update`, only when the text changed: an update lays the whole screen out again, and
    after each change on disk Today says its summary and the item's detail twice."""
    if static.content != text:
        static.update(text)


def _a_name(text: str) -> str:
    if not text.strip():
        raise ValueError("type the name of the person you wrote to (Esc cancels)")
    return text


class TodayScreen(TodayDeferrals):
    """The agenda as a table; Enter does the natural thing for the highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "act", "Open", show=True),
        Binding("d", "mark_done", "Mark done"),
        Binding("s", "snooze", "Snooze"),
        Binding("o", "open_interview", "Interview", show=False),
        Binding("x", "skip", "Skip"),
        Binding("space", "toggle_select", "Select", show=False),
        Binding("z", "snoozed", "Snoozed", show=False),
        Binding("m", "missed", "Missed", show=False),
        Binding("X", "skip_older", "Skip older", show=False),
        Binding("u", "undo", "Undo", show=False),
        Binding("l", "log_reply", "Log reply", show=False),
        Binding("f", "new_followup", "New follow-up", show=False),
        Binding("f4", "open_in_editor", "Open in $EDITOR", show=False),
    ]
    KEY_NOTES: ClassVar[tuple[tuple[str, str], ...]] = (("←, →", "Scroll to the columns past the right edge"),)
    PALETTE: ClassVar[list[Command]] = [
        Command("Act on item", "Draft the message, open the interview for next steps, or mark ghosted", "act"),
        Command("Mark item done", "Log the follow-up as sent now", "mark_done"),
        Command(
            "Snooze item", "Put off this item alone (its draft dated then) or its whole interview; or lift it", "snooze"
        ),
        Command("Skip item", "Decide not to send it: recorded as status skipped (undo with u)", "skip"),
        Command("Select item", "Mark the item for skipping several at once", "toggle_select"),
        Command("Show snoozed", "What is snoozed, until when; lift a snooze", "snoozed"),
        Command("Show missed thank-yous", "Thank-yous too late to send, to skip them (or hide them again)", "missed"),
        Command(
            "Skip everything older than…",
            "Skip every thank-you, LinkedIn request and check-in due before a date",
            "skip_older",
        ),
        Command("Open the item's interview", "The interview editor for this item", "open_interview"),
        Command("Undo", "Take back the last message Today logged, skipped or sent", "undo"),
        Command("Open in $EDITOR", "The item's draft, else its interview, in your own editor", "open_in_editor"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}
        self.showing_missed = False
        """Whether the missed thank-yous are listed (m)."""
        self.missed: tuple[Item, ...] = ()
        self.missed_rows: tuple[AgendaRow, ...] = ()
        self.stale = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the journal…", id="today-summary", classes="summary")
        yield PagedTable[AgendaRow](COLUMNS, id="agenda")
        yield Static("", id="today-detail", classes="detail", markup=False)
        yield FitFooter()

    def prepare(self) -> None:
        app = self.journal_app
        if app.journal is None and app.head_start is not None:
            self.show_rows(app.head_start, stale=True)

    def show_journal(self, update: object) -> None:
        app = self.journal_app
        assert app.journal is not None
        self.items = {item.id: item for item in app.items}
        self.items.update((item.id, item) for item in self.missed)
        self.selected &= set(self.items)
        self.show_rows(app.today_rows, stale=False)
        self._count_snoozed(app.journal, app.as_of, app.items)
        if self.showing_missed:
            self._find_missed(app.journal, app.as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="missed")
    def _find_missed(self, journal: Journal, as_of: date) -> None:
        items = tuple(
            item for item in agenda(journal, journal.settings.policy, as_of, missed=True) if item.state == "missed"
        )
        rows = agenda_rows(journal, items, as_of)
        self.app.call_from_thread(self._missed_known, journal, items, rows)

    def _missed_known(self, journal: Journal, items: tuple[Item, ...], rows: tuple[AgendaRow, ...]) -> None:
        app = self.journal_app
        if journal is not app.journal or not self.showing_missed:
            return
        self.missed, self.missed_rows = items, rows
        self.items = {item.id: item for item in (*app.items, *items)}
        self.selected &= set(self.items)
        self.show_rows(app.today_rows, stale=False)

    def action_missed(self) -> None:
        """Show (or hide) the thank-yous too late to send, at the end of the agenda, to skip them."""
        journal = self.ready()
        if journal is None:
            return
        self.showing_missed = not self.showing_missed
        if self.showing_missed:
            self._find_missed(journal, self.journal_app.as_of)
        else:
            self.missed, self.missed_rows = (), ()
            self.items = {item.id: item for item in self.journal_app.items}
            self.selected &= set(self.items)
            self.show_rows(self.journal_app.today_rows, stale=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="snoozed")
    def _count_snoozed(self, journal: Journal, as_of: date, items: tuple[Item, ...]) -> None:
        found = snoozed_entries(journal, as_of, items, self.journal_app.held)
        self.app.call_from_thread(self._snoozed_known, journal, found)

    def _snoozed_known(self, journal: Journal, found: list[Snoozed]) -> None:
        if journal is not self.journal_app.journal:
            return  # a later load is on its way
        self.snoozed = found
        self._show_summary()

    def show_rows(self, rows: tuple[AgendaRow, ...], stale: bool) -> None:
        """Redraw the agenda; `stale` rows are the last launch's, shown while the journal loads."""
        table = self.query_one("#agenda", PagedTable)
        keep, was_at = self._current_key(), table.cursor_row if table.row_count else 1
        rows = rows + self.missed_rows
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
        selected = frozenset(self.selected)
        table.show(entries, lambda entry: _render(entry, selected, table.narrow), max(cursor, 0))
        self.counts, self.stale = counts, stale
        self._show_summary()
        self._show_detail()

    def _show_summary(self) -> None:
        app, counts = self.journal_app, self.counts
        held = sum(len(entry.items) for entry in self.snoozed)
        snoozed = f"{counted(held, 'item')} snoozed (z)" if self.snoozed else ""
        if any(counts.values()):
            summary = f"{fmt(app.as_of)} — {counts['overdue']} overdue, {counts['today']} due today, {counts['upcoming']} upcoming"
            summary += f", {snoozed}" if snoozed else ""
            summary += f", {counts['missed']} missed (m hides)" if self.showing_missed else ""
        elif snoozed:
            summary = f"{fmt(app.as_of)} — nothing to send now; {snoozed}."
        else:
            summary = f"{fmt(app.as_of)} — nothing to send. Press i to see your interviews or n there to add one."
        if self.stale:
            summary += "   (refreshing…)"
        elif app.journal is not None and app.journal.problems:
            summary += f"   ⚠ {counted(files_with_errors(app.journal.errors), 'file')} with errors (press e)"
        _say(self.query_one("#today-summary", Static), summary)

    def action_toggle_select(self) -> None:
        """Mark or unmark the highlighted item (x then skips every marked one)."""
        key = self._current_key()
        row = next(
            (
                entry
                for entry in self.query_one("#agenda", PagedTable).source
                if isinstance(entry, AgendaRow) and entry.id == key
            ),
            None,
        )
        if key is None or row is None:
            return
        self.selected ^= {key}
        self.query_one("#agenda", DataTable).update_cell(key, "action", _action_cell(row, key in self.selected))
        table = self.query_one("#agenda", DataTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_act()

    def _show_detail(self) -> None:
        item, journal = self.current(), self.journal_app.journal
        detail = self.query_one("#today-detail", Static)
        if item is None or journal is None:
            _say(detail, "")
            return
        lines = [f"{ACTION_LABELS.get(item.action, item.action)}" + (f" — {item.person}" if item.person else "")]
        interview = journal.interviews.get(item.interview) if item.interview else None
        if interview is not None:
            latest = journal.rounds_of(interview)[-1]
            spent = budget(journal, latest, journal.settings.policy)
            lines.append(f"{interview.title}, {interview.day:%a %d %b %Y} · outcome {latest.outcome} · {spent}")
            if latest.next_steps:
                lines.append(f"Next steps: {latest.next_steps}")
        if item.action == "status-check" and item.person is None:
            lines.append(
                "No interviewer is recorded for this round: write to the recruiter or whoever set it up "
                "(d asks for the name; o opens the interview to add the people you met)."
            )
        lines.append(f"Why: {item.reason}")
        _say(detail, "\n".join(lines))

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
        elif item.action in ("record-next-steps", "ask-next-steps"):  # what they said happens next, who was there
            self._open_interview(item, focus="next_steps")
        elif item.action == "mark-ghosted":
            self._confirm_ghosted(item)

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
        if item.action == "status-check" and item.person is None:  # no interviewer recorded for the round

            def named(name: str | None) -> None:
                if name and name.strip():
                    self._mark_done(journal, dataclasses.replace(item, person=name.strip()))

            prompt = f"No interviewer is recorded for this round. Whom did you write to at {item.company}? (the recruiter's name)"
            self.app.push_screen(ValueDialog(prompt, "", _a_name), named)
            return
        self._mark_done(journal, item)

    def _mark_done(self, journal: Journal, item: Item) -> None:
        today = self.journal_app.as_of
        when = sent_at(journal, today)

        written = existing_draft(journal, item)
        if written is not None:  # the user's own draft becomes the message sent
            record = dataclasses.replace(written, status="sent", date=when)
        else:
            record = draft_for(journal, item, when, "sent", warn=self._template_warning)

        who = f" to {item.person}" if item.person else ""
        done = f"Logged {ACTION_LABELS[item.action].lower()}{who} as sent {fmt(today)} at {when:%H:%M}"
        self.write_guarded(journal, written, record, done, "Send anyway")

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

    def action_log_reply(self) -> None:
        from tui.screens.followup_editor import open_for_item

        open_for_item(self, self.current(), reply=True)

    def action_new_followup(self) -> None:
        from tui.screens.followup_editor import open_for_item

        open_for_item(self, self.current(), reply=False)

    def action_open_interview(self) -> None:
        item = self.current()
        if item is not None:
            self._open_interview(item)

    def action_open_in_editor(self) -> None:
        from tui.drafts import item_file
        from tui.screens.external import open_in_editor

        item, journal = self.current(), self.journal_app.journal
        rel = item_file(journal, item) if item is not None and journal is not None else None
        if rel is not None:
            open_in_editor(self, rel)

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
