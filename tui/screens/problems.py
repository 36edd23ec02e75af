"""Problems: every file that failed to load, with file, line and message; the rest of the journal works.

Messages wrap in their column (a row grows as tall as its message needs) instead of being cut at
the screen's edge, and Enter opens the file in `$EDITOR` at the problem's line.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from journal import Problem
from journal.words import counted
from tui.commands import Command
from tui.screens.base import JournalScreen
from tui.widgets.footer import FitFooter

FIXED = (("Line", 5), ("Col", 4), ("Severity", 8), ("Field", 12))
"""The narrow columns; File and Message share the rest of the width."""
PADDING = 2 + 1
"""Per column: the cell padding either side, plus room for the scrollbar spread over the columns."""


def widths(total: int, longest_path: int) -> tuple[int, int]:
    """File and Message widths for a table `total` cells wide: the path up to 44 (or half the room)."""
    room = total - sum(width for _, width in FIXED) - PADDING * (len(FIXED) + 2)
    path = max(12, min(44, longest_path, room // 2))
    return path, max(20, room - path)


class ProblemsScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_in_editor", "Open in $EDITOR"),
        Binding("f4", "open_in_editor", "Open in $EDITOR", show=False),
    ]
    PALETTE: ClassVar[list[Command]] = [
        Command("Open in $EDITOR", "The highlighted problem's file, at its line, in your own editor", "open_in_editor"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.problems: tuple[Problem, ...] = ()
        self._drawn_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="problems-count", classes="summary")
        yield DataTable(id="problems", cursor_type="row")
        yield FitFooter()

    def show_journal(self, update: object) -> None:
        journal = self.journal_app.journal
        assert journal is not None
        self.problems = tuple(journal.problems)
        self._draw()
        errors = len(journal.errors)
        warnings = len(journal.problems) - errors
        text = (
            f"{counted(errors, 'error')}, {counted(warnings, 'warning')}. Files with errors are left out; everything else works. "
            "Enter opens the file at the line in your editor; the app reloads it when you are done."
            if journal.problems
            else "No problems: every file loaded."
        )
        self.query_one("#problems-count", Static).update(text)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._drawn_width:
            self._draw()

    def _draw(self) -> None:
        """Lay the columns out for the screen's width; each row as tall as its wrapped message."""
        table = self.query_one("#problems", DataTable)
        keep = table.cursor_row
        self._drawn_width = self.size.width
        path_width, message_width = widths(self.size.width, max((len(p.path) for p in self.problems), default=4))
        table.clear(columns=True)
        table.add_column("File", width=path_width)
        for label, width in FIXED:
            table.add_column(label, width=width)
        table.add_column("Message", width=message_width)
        for p in self.problems:
            table.add_row(
                Text(p.path, overflow="fold"),
                str(p.line),
                str(p.col or ""),
                p.severity,
                Text(p.field or "", overflow="fold"),
                Text(p.message),
                height=None,
            )
        if self.problems:
            table.move_cursor(row=min(keep, len(self.problems) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_in_editor()

    def action_open_in_editor(self) -> None:
        from tui.screens.external import open_in_editor

        table = self.query_one("#problems", DataTable)
        if not self.problems or table.cursor_row >= len(self.problems):
            self.notify("No problem highlighted: every file loaded.")
            return
        problem = self.problems[table.cursor_row]
        open_in_editor(self, problem.path, problem.line)
