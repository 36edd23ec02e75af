"""People: everyone met, their company and relationship, last touch and next check-in.

Enter edits the highlighted person (creating their `people/` file if they have none yet), `n`
adds someone, `c` drafts a check-in to them and `h` shows their history at a glance.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from journal import Item
from journal.model import PersonView
from tui.commands import Command
from tui.screens.base import JournalScreen
from tui.widgets.footer import FitFooter
from tui.widgets.paged_table import Column, PagedTable

COLUMNS = (
    Column("name", "Name", 12, 22, grow=2), Column("company", "Company", 10, 20, grow=1),
    Column("relationship", "Relationship", 12, 14), Column("last", "Last touch", 10, 10),
    Column("next", "Next check-in", 10, 13), Column("rounds", "Rounds", 6, 6, spare=True),
    Column("messages", "Messages", 8, 8, spare=True),
)  # fmt: skip
"""At 80 columns the counts go past the right edge (Right shows them) so the next check-in is on screen."""


class PeopleScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "edit", "Edit", show=True),
        Binding("n", "new_person", "New person"),
        Binding("c", "check_in", "Check-in"),
        Binding("h", "history", "History", show=False),
    ]
    PALETTE: ClassVar[list[Command]] = [
        Command("Edit person", "Company, title, contact, relationship, keep in touch, notes; their thread", "edit"),
        Command("New person", "Someone to keep in touch with (a people/ file)", "new_person"),
        Command("Draft a check-in", "A check-in message to the highlighted person, from the template", "check_in"),
        Command("Show person's history", "Every round and message with the highlighted person", "history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="people-count", classes="summary")
        yield PagedTable[PersonView](COLUMNS, id="people")
        yield FitFooter()

    def show_journal(self, update: object) -> None:
        app = self.journal_app
        journal = app.journal
        assert journal is not None
        check_ins: dict[str, Item] = {}
        for item in app.items:
            if item.action == "check-in" and item.person_id and item.person_id not in check_ins:
                check_ins[item.person_id] = item
        table = self.query_one("#people", PagedTable)
        people = sorted(journal.people.values(), key=lambda p: (p.company or "").casefold() + "\0" + p.name.casefold())
        highlighted = self.current()  # stays highlighted when the journal changes around them
        self.ids = [person.id for person in people]

        def render(person: PersonView) -> tuple[str, tuple[Text, ...]]:
            check_in = check_ins.get(person.id)
            cells = (
                person.name,
                person.company or "",
                person.relationship or "",
                person.last_touch.isoformat() if person.last_touch else "",
                check_in.due.isoformat() if check_in else "",
                str(len(person.interviews)),
                str(len(person.followups)),
            )
            return person.id, tuple(Text(cell) for cell in cells)

        table.show(people, render, self.ids.index(highlighted) if highlighted in self.ids else 0)
        self.query_one("#people-count", Static).update(
            f"{len(people)} people met · Enter edits · n adds someone · c drafts a check-in"
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def current(self) -> str | None:
        """The highlighted person's id."""
        table = self.query_one("#people", DataTable)
        if self.journal_app.journal is None or not table.row_count or table.cursor_row >= len(self.ids):
            return None
        return self.ids[table.cursor_row]

    def action_history(self) -> None:
        from tui.dialogs.history import HistoryDialog

        person_id, journal = self.current(), self.journal_app.journal
        if person_id is not None and journal is not None:
            self.app.push_screen(HistoryDialog(journal, person_id))

    def action_edit(self) -> None:
        from tui.screens.person_editor import open_person

        person_id = self.current()
        if person_id is not None:
            open_person(self, person_id)

    def action_new_person(self) -> None:
        from tui.screens.person_editor import open_person

        open_person(self, None)

    def action_check_in(self) -> None:
        from tui.screens.person_editor import open_check_in

        person_id = self.current()
        if person_id is not None:
            open_check_in(self, person_id)
