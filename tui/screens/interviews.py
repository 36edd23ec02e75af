"""Interviews: every round in a table with type-to-filter and sortable columns.

At 80 columns the table keeps company, role, date, outcome, next action and due on screen (the
date without its time) and moves the stage past the right edge (Right scrolls to it); wider,
every column is whole and company and role take the room left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Input, Static

from journal import Interview, Item
from journal.records import moment
from journal.words import plural
from tui.commands import Command
from tui.screens.base import ACTION_LABELS, JournalScreen
from tui.widgets.footer import FitFooter
from tui.widgets.paged_table import Column, PagedTable

COLUMNS = (
    Column("company", "Company", 12, 18, grow=2), Column("role", "Role", 12, 20, grow=3),
    Column("stage", "Stage", 8, 12, spare=True), Column("date", "Date", 10, 16),
    Column("outcome", "Outcome", 9, 9), Column("next", "Next action", 12, 17), Column("due", "Due", 10, 10),
)  # fmt: skip
SHORT = {3: "date"}
"""Cells with a short form, for when their column is narrower than its full width (the date without its time)."""
SHORT_KEYS = frozenset(SHORT.values())


@dataclass
class Row:
    """One interview as the table shows it, with precomputed sort and search keys."""

    id: str
    cells: tuple[str, ...]
    search: str
    """Every cell, the tags and the interviewers' names, case-folded once."""
    sort_keys: tuple[object, ...]
    short: tuple[str, ...] = ()
    """The short forms of the SHORT cells, in that order."""
    texts: dict[frozenset[str], tuple[Text, ...]] | None = None
    """The cells as Text, built the first time the row is drawn at a width and reused after."""

    def render(self, narrow: frozenset[str] = frozenset()) -> tuple[str, tuple[Text, ...]]:
        """The row's cells; a column in `narrow` shows the short form of its cell, if it has one."""
        shorten = narrow & SHORT_KEYS
        if self.texts is None:
            self.texts = {}
        texts = self.texts.get(shorten)
        if texts is None:
            cells = list(self.cells)
            for (index, key), short in zip(SHORT.items(), self.short, strict=True):
                if key in shorten:
                    cells[index] = short
            texts = self.texts[shorten] = tuple(Text(cell, no_wrap=True, end="") for cell in cells)
        return self.id, texts


def make_row(interview: Interview, next_item: Item | None) -> Row:
    when = interview.date.strftime("%Y-%m-%d %H:%M") if hasattr(interview.date, "hour") else interview.day.isoformat()
    action = ACTION_LABELS.get(next_item.action, next_item.action) if next_item else ""
    due = next_item.due.isoformat() if next_item else ""
    cells = (interview.company, interview.role, interview.stage or "", when, interview.outcome, action, due)
    search = " ".join((*cells, " ".join(interview.tags), *(i.name for i in interview.interviewers))).casefold()
    sort_keys = (
        interview.company.casefold(), interview.role.casefold(), interview.stage or "", moment(interview.date),
        interview.outcome, (due or "9999", action), due or "9999",
    )  # fmt: skip
    return Row(interview.id, cells, search, sort_keys, (interview.day.isoformat(),))


class InterviewsScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("enter", "open", "Open", show=False),
        Binding("n", "new", "New interview"),
        Binding("s", "sort_next", "Sort"),
        Binding("r", "reverse", "Reverse"),
        Binding("l", "log_reply", "Log reply"),
        Binding("f", "new_followup", "New follow-up"),
        Binding("f4", "open_in_editor", "Open in $EDITOR", show=False),
    ]
    KEY_NOTES: ClassVar[tuple[tuple[str, str], ...]] = (("←, →", "Scroll to the columns past the right edge"),)
    PALETTE: ClassVar[list[Command]] = [
        Command("New interview", "Record a new interview round", "new"),
        Command("Filter interviews", "Type to narrow the table", "filter"),
        Command("Sort by next column", "Cycle the sort column", "sort_next"),
        Command("Reverse sort", "Flip the sort order", "reverse"),
        Command("Open interview", "Edit the highlighted interview", "open"),
        Command("Log a reply", "Their answer about the highlighted interview; written when you save", "log_reply"),
        Command("New follow-up", "A message about the highlighted interview; written when you save", "new_followup"),
        Command("Open in $EDITOR", "The highlighted interview's file in your own editor", "open_in_editor"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.sort_column = 3
        self.sort_reverse = True
        self._last_query: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter: type a company, role, person or tag (/ to focus, ↓ to the table)", id="filter")
        yield PagedTable[Row](COLUMNS, id="interviews")
        yield Static("", id="interviews-count", classes="summary")
        yield FitFooter()

    def prepare(self) -> None:
        self.query_one(DataTable).focus()

    def show_journal(self, update: object) -> None:
        app = self.journal_app
        journal = app.journal
        assert journal is not None
        first: dict[str, Item] = {}
        for item in app.items:
            if item.interview and item.interview not in first:
                first[item.interview] = item
        self.rows = [make_row(interview, first.get(iid)) for iid, interview in journal.interviews.items()]
        self._sort()

    def _sort(self) -> None:
        """Sort every row once per sort change; filtering keeps this order, so typing never sorts."""
        column = self.sort_column
        self.rows.sort(key=lambda row: (row.sort_keys[column], row.id), reverse=self.sort_reverse)
        self._last_query = None
        self._apply()

    def _apply(self) -> None:
        """Filter and redraw the first page; further pages load as the cursor nears the end."""
        text = self.query_one("#filter", Input).value.casefold()
        words = text.split()
        keep = self.current_id()
        narrowing = self._last_query is not None and text.startswith(self._last_query) and self._last_query.strip()
        pool = self.shown if narrowing else self.rows
        self.shown = [row for row in pool if all(word in row.search for word in words)] if words else list(self.rows)
        self._last_query = text
        table = self.query_one("#interviews", PagedTable)
        near = self.shown[: 4 * table.PAGE]  # the highlighted row stays put unless far down
        cursor = next((i for i, row in enumerate(near) if row.id == keep), 0) if keep else 0
        table.show(self.shown, lambda row: row.render(table.narrow), cursor)
        arrow = "▼" if self.sort_reverse else "▲"
        label = COLUMNS[self.sort_column].label
        total = len(self.rows)
        noun = plural(total, "interview")
        count = f"{len(self.shown)} of {total} {noun}" if words else f"{total} {noun}"
        self.query_one("#interviews-count", Static).update(f"{count} · sorted by {label} {arrow}")

    def current_id(self) -> str | None:
        table = self.query_one("#interviews", DataTable)
        if not table.row_count or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row].id

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self._apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#interviews", DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "escape") and self.focused is self.query_one("#filter", Input):
            self.query_one("#interviews", DataTable).focus()
            event.stop()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        index = next(i for i, column in enumerate(COLUMNS) if column.key == event.column_key.value)
        if index == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = index, False
        self._sort()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_sort_next(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self.sort_reverse = False
        self._sort()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._sort()

    def action_open(self) -> None:
        from tui.screens.interview_editor import InterviewEditor

        journal, record_id = self.journal_app.journal, self.current_id()
        if journal is not None and record_id in journal.interviews:
            self.app.push_screen(InterviewEditor(journal.interviews[record_id]))

    def action_open_in_editor(self) -> None:
        from tui.screens.external import open_in_editor

        journal, record_id = self.journal_app.journal, self.current_id()
        record = journal.interviews.get(record_id) if journal is not None and record_id else None
        if record is not None and record.source is not None:
            open_in_editor(self, record.source.path)

    def action_new(self) -> None:
        from tui.screens.interview_editor import InterviewEditor

        self.app.push_screen(InterviewEditor(None))

    def action_log_reply(self) -> None:
        from tui.screens.followup_editor import open_new_followup

        open_new_followup(self, self.current_id(), None, reply=True)

    def action_new_followup(self) -> None:
        from tui.screens.followup_editor import open_new_followup

        open_new_followup(self, self.current_id(), None, reply=False)
