"""Problems: every file that failed to load, with file, line and message; the rest of the journal works."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from tui.screens.base import JournalScreen


class ProblemsScreen(JournalScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="problems-count", classes="summary")
        table: DataTable[str] = DataTable(id="problems", cursor_type="row")
        for label, width in (("File", 44), ("Line", 5), ("Col", 4), ("Severity", 8), ("Field", 12), ("Message", None)):
            table.add_column(label, width=width)
        yield table
        yield Footer()

    def show_journal(self, update: object) -> None:
        journal = self.journal_app.journal
        assert journal is not None
        table = self.query_one("#problems", DataTable)
        table.clear()
        table.add_rows(
            (Text(p.path), str(p.line), str(p.col or ""), p.severity, Text(p.field or ""), Text(p.message))
            for p in journal.problems
        )
        errors = len(journal.errors)
        warnings = len(journal.problems) - errors
        text = (
            f"{errors} error(s), {warnings} warning(s). Files with errors are left out; everything else works. "
            "Fix them in your editor; the app reloads on save."
            if journal.problems
            else "No problems: every file loaded."
        )
        self.query_one("#problems-count", Static).update(text)
