"""Review and edit the generated commit message before committing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from tui.gitops import Change


class CommitDialog(ModalScreen[str]):
    """Dismisses with the message to commit, or "" when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss('')", "Cancel"),
        Binding("ctrl+s", "commit", "Commit", priority=True),
    ]

    def __init__(self, message: str, changes: tuple[Change, ...]) -> None:
        super().__init__()
        self.message, self.changes = message, changes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            count = len(self.changes)
            yield Label(
                f"Commit {count} change{'s' if count != 1 else ''} (ctrl+s commits, escape cancels):",
                classes="question",
            )
            yield TextArea(self.message, id="message")
            with Horizontal(classes="buttons"):
                yield Button("Commit", variant="primary", id="commit")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#commit", Button).focus()

    def action_commit(self) -> None:
        message = self.query_one(TextArea).text.strip()
        if message:
            self.dismiss(message)
        else:
            self.notify("A commit needs a message.", severity="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "commit":
            self.action_commit()
        else:
            self.dismiss("")
