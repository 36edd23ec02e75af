"""Review and edit the generated commit message before committing; the list follows the files while open."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from journal.words import counted
from tui.gitops import Change

CODES = {"??": "new", "A": "new", "M": "changed", "D": "deleted", "R": "renamed"}


def change_line(change: Change) -> str:
    """`  new      followups/2026-11-25-thank-you-raj-patel.md`."""
    code = change.code.strip()
    word = CODES.get(change.code, CODES.get(code[:1], code))
    return f"  {word:<8} {change.path}"


class CommitDialog(ModalScreen[str]):
    """Dismisses with the message to commit, or "" when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss('')", "Cancel"),
        Binding("ctrl+s", "commit", "Commit"),
    ]

    def __init__(self, message: str, changes: tuple[Change, ...]) -> None:
        super().__init__()
        self.message, self.changes = message, changes
        """The generated message (the text area holds it until the user edits it) and what it commits."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("", id="commit-count", classes="question")
            with VerticalScroll(id="commit-files", classes="history"):
                yield Static("", id="commit-list", markup=False)
            yield TextArea(self.message, id="message")
            with Horizontal(classes="buttons"):
                yield Button("Commit", variant="primary", id="commit")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_list()
        self.query_one("#commit", Button).focus()

    def _show_list(self) -> None:
        count = len(self.changes)
        self.query_one("#commit-count", Label).update(
            f"Commit {counted(count, 'change')} (ctrl+s commits, escape cancels):"
            if count
            else "Nothing left to commit: the files were committed or changed back (escape closes)."
        )
        self.query_one("#commit-list", Static).update("\n".join(change_line(change) for change in self.changes))

    def show_changes(self, message: str, changes: tuple[Change, ...]) -> None:
        """The files changed while the dialog is open: new list, and a new message unless the user wrote their own."""
        area = self.query_one("#message", TextArea)
        if message and area.text == self.message:
            area.text = message
        if message:
            self.message = message
        self.changes = changes
        self._show_list()

    def action_commit(self) -> None:
        message = self.query_one(TextArea).text.strip()
        if not self.changes:
            self.notify("Nothing to commit: the journal is clean.")
        elif message:
            self.dismiss(message)
        else:
            self.notify("A commit needs a message.", severity="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "commit":
            self.action_commit()
        else:
            self.dismiss("")
