"""Whose name signs the messages: asked on the first start of a journal that has no `owner`."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from journal.settings import PLACEHOLDER_OWNERS


def owner_problem(text: str) -> str | None:
    """Why `text` cannot sign messages, or None (it is a name)."""
    name = " ".join(text.split())
    if not name:
        return "type your name, or skip for now"
    if name.casefold() in PLACEHOLDER_OWNERS:
        return "that is a placeholder; type your own name"
    return None


class OwnerDialog(ModalScreen[str]):
    """Dismisses with the name typed, or "" to skip (asked again on the next start; nothing written)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('')", "Skip")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Whose name signs your messages?", classes="question")
            yield Static(
                "Drafts end with it; it is written to journal.yaml as owner:. Skip, and drafts have no "
                "signature until you set it (you are asked again next time).",
                classes="hint",
            )
            yield Input(id="owner", placeholder="Your full name", select_on_focus=False)
            yield Static("", classes="field-error", id="owner-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Skip for now", id="skip")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _accept(self) -> None:
        text = self.query_one(Input).value
        problem = owner_problem(text)
        if problem:
            self.query_one("#owner-error", Static).update(problem)
            return
        self.dismiss(" ".join(text.split()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._accept()
        else:
            self.dismiss("")
