"""Ask for one value (a date, a name) and check it before accepting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ValueDialog(ModalScreen[str]):
    """Dismisses with the accepted text, or "" when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('')", "Cancel")]

    def __init__(self, prompt: str, value: str = "", check: Callable[[str], Any] | None = None) -> None:
        super().__init__()
        self.prompt, self.value, self.check = prompt, value, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt, classes="question", markup=False)
            yield Input(self.value, id="value")
            yield Static("", classes="field-error", id="value-error")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _accept(self) -> None:
        text = self.query_one(Input).value
        if self.check is not None:
            try:
                self.check(text)
            except ValueError as exc:
                self.query_one("#value-error", Static).update(str(exc))
                return
        self.dismiss(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._accept()
        else:
            self.dismiss("")
