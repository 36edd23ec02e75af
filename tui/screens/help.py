"""`?` or F1: the keys of the screen you were on and of the app.

The box fits the terminal (at 80x24 too): its text scrolls with the arrows, PgUp/PgDn and
Home/End, and a screen's `KEY_NOTES` add what its bindings do not say (Left/Right in a table).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

GLOBAL_NOTES = (
    "ctrl+p opens the command palette with every action; the mouse works everywhere.",
    "The journal is watched: edits made elsewhere show up here; unsaved edits are never overwritten.",
)
CHROME = 7
"""Rows of the box that are not the scrolling text: border, padding, title and hint."""
KEY_NAMES = {"question_mark": "?", "slash": "/", "comma": ",", "escape": "esc", "shift+tab": "shift+tab"}


def key_lines(node: object) -> list[str]:
    lines = []
    for binding in getattr(node, "BINDINGS", []):
        if isinstance(binding, Binding) and binding.description:
            keys = ", ".join(KEY_NAMES.get(key, key) for key in binding.key.split(","))
            lines.append(f"  {keys:<14} {binding.description}")
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        name = type(self.under).__name__.replace("Screen", "").replace("Editor", " editor")
        text = [
            f"{name} keys",
            *key_lines(self.under),
            *(f"  {keys:<14} {what}" for keys, what in getattr(self.under, "KEY_NOTES", ())),
            "",
            "Everywhere",
            *key_lines(self.app),
            "  ctrl+p         Command palette",
            "",
        ]
        text.extend(GLOBAL_NOTES)
        with Vertical(classes="dialog wide help"):
            yield Label("Help", classes="question")
            with VerticalScroll(classes="history help-body", id="help-text"):
                yield Static("\n".join(text), markup=False)
            yield Static("↑ ↓ PgUp PgDn scroll · esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()  # the arrows scroll the text

    def on_resize(self, event: events.Resize) -> None:
        """All of the box on screen, however short the terminal: the text scrolls inside it."""
        self.query_one("#help-text").styles.max_height = max(3, event.size.height - CHROME)
