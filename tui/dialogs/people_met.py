"""The people I met: several interviewers (name, email, title) typed in one go, right after a round."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from journal import Interviewer
from tui.dialogs.interviewer import check_interviewer
from tui.early_keys import hand_to_field

COLUMNS = (("name", "Name"), ("email", "Email"), ("title", "Title"))
ROWS = 3
"""Rows shown at first; ctrl+a adds one."""


class PeopleMetDialog(ModalScreen[tuple[Interviewer, ...]]):
    """Dismisses with the people typed (blank rows left out), or () when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(())", "Cancel"),
        Binding("ctrl+a", "add_row", "Another person", priority=True),
        Binding("ctrl+s", "accept", "Add them"),
    ]

    def __init__(self, round_title: str) -> None:
        super().__init__()
        self.round_title = round_title
        self.rows = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog people-met"):
            yield Label(f"The people you met — {self.round_title}", classes="question", markup=False)
            yield Static(
                "Name, email and title of each; a blank row is left out. Tab moves on, ctrl+a adds a row, "
                "Enter or ctrl+s adds them all.",
                classes="hint",
            )
            with Horizontal(classes="people-head"):
                for _, label in COLUMNS:
                    yield Label(label, classes="field-label")
            with VerticalScroll(id="people-rows"):
                for _ in range(ROWS):
                    yield self._row()
            yield Static("", id="people-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Add them", variant="primary", id="ok")
                yield Button("Another person", id="more")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#pm-0-name", Input))

    def on_key(self, event: events.Key) -> None:
        hand_to_field(self, event)

    def _row(self) -> Horizontal:
        """One more row of inputs (the first key typed adds to a value, never replaces it)."""
        index = self.rows
        self.rows += 1
        inputs = [
            Input(id=f"pm-{index}-{name}", placeholder=label, compact=True, select_on_focus=False)
            for name, label in COLUMNS
        ]
        return Horizontal(*inputs, classes="people-row")

    async def action_add_row(self) -> None:
        row = self._row()
        await self.query_one("#people-rows", VerticalScroll).mount(row)
        row.query_one(Input).focus()

    def people(self) -> tuple[tuple[Interviewer, ...], str]:
        """The people typed, and what is wrong with a row ("" when nothing)."""
        people: list[Interviewer] = []
        for index in range(self.rows):
            values = {name: self.query_one(f"#pm-{index}-{name}", Input).value.strip() for name, _ in COLUMNS}
            if not any(values.values()):
                continue
            errors = check_interviewer({**values, "linkedin": ""})
            if errors:
                field, message = next(iter(errors.items()))
                self.query_one(f"#pm-{index}-{field}", Input).focus()
                return (), f"Row {index + 1}: {message}"
            people.append(
                Interviewer(name=values["name"], email=values["email"] or None, title=values["title"] or None)
            )
        return tuple(people), ""

    def action_accept(self) -> None:
        people, problem = self.people()
        self.query_one("#people-error", Static).update(problem)
        if not problem:
            self.dismiss(people)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_accept()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_accept()
        elif event.button.id == "more":
            await self.action_add_row()
        else:
            self.dismiss(())
