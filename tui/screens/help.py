"""`?`: the keys of the screen you were on and of the app."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

GLOBAL_NOTES = (
    "ctrl+p opens the command palette with every action; the mouse works everywhere.",
    "The journal is watched: edits made elsewhere show up here; unsaved edits are never overwritten.",
)


def key_lines(node: object) -> list[str]:
    lines = []
    for binding in getattr(node, "BINDINGS", []):
        if isinstance(binding, Binding) and binding.description:
            keys = ", ".join(
                key.replace("question_mark", "?").replace("slash", "/").replace("comma", ",")
                for key in binding.key.split(",")
            )
            lines.append(f"  {keys:<14} {binding.description}")
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        name = type(self.under).__name__.replace("Screen", "").replace("Editor", " editor")
        text = [
            f"{name} keys",
            *key_lines(self.under),
            "",
            "Everywhere",
            *key_lines(self.app),
            "  ctrl+p         Command palette",
            "",
        ]
        text.extend(GLOBAL_NOTES)
        with Vertical(classes="dialog wide"):
            yield Label("Help", classes="question")
            with VerticalScroll(classes="history help-body"):
                yield Static("\n".join(text), markup=False)
            yield Static("escape closes", classes="hint")
