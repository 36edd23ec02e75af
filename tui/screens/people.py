"""People: everyone met, their company and relationship, last touch and next check-in."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from journal import Item
from tui.commands import Command
from tui.screens.base import JournalScreen


class PeopleScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "history", "History", show=True)]
    PALETTE: ClassVar[list[Command]] = [
        Command("Show person's history", "Every round and message with the highlighted person", "history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="people-count", classes="summary")
        table: DataTable[str] = DataTable(id="people", cursor_type="row")
        for label, width in (("Name", 22), ("Company", 20), ("Relationship", 14), ("Last touch", 12),
                             ("Next check-in", 14), ("Rounds", 7), ("Messages", 9)):  # fmt: skip
            table.add_column(label, width=width)
        yield table
        yield Footer()

    def show_journal(self, update: object) -> None:
        app = self.journal_app
        journal = app.journal
        assert journal is not None
        check_ins: dict[str, Item] = {}
        for item in app.items:
            if item.action == "check-in" and item.person_id and item.person_id not in check_ins:
                check_ins[item.person_id] = item
        table = self.query_one("#people", DataTable)
        table.clear()
        people = sorted(journal.people.values(), key=lambda p: (p.company or "").casefold() + "\0" + p.name.casefold())
        self.ids = [person.id for person in people]
        table.add_rows(
            (
                Text(person.name),
                Text(person.company or ""),
                person.relationship or "",
                person.last_touch.isoformat() if person.last_touch else "",
                check_ins[person.id].due.isoformat() if person.id in check_ins else "",
                str(len(person.interviews)),
                str(len(person.followups)),
            )
            for person in people
        )
        self.query_one("#people-count", Static).update(f"{len(people)} people met · Enter shows a person's history")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_history()

    def action_history(self) -> None:
        from tui.dialogs.history import HistoryDialog

        table = self.query_one("#people", DataTable)
        journal = self.journal_app.journal
        if journal is None or not table.row_count or table.cursor_row >= len(self.ids):
            return
        self.app.push_screen(HistoryDialog(journal, self.ids[table.cursor_row]))
