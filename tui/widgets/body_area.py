"""The Markdown body of a record in an editor, given back exactly as loaded until it is edited.

Textual's TextArea keeps lines as `str.splitlines` cuts them, so U+2028, U+2029, NEL, a lone
CR or a form feed in a body would come back as a newline, and the mere opening of a record
would change what a save writes (SPEC 2.5: a save never changes what it did not edit).

Tab leaves the body like any field (the editors make it with `tab_behavior="focus"`; their
ctrl+] indents), and Esc leaves it for the next field, so that the next Esc leaves the editor.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import TextArea


class BodyArea(TextArea):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave_body", "Leave the body", show=False)]

    def action_leave_body(self) -> None:
        self.screen.focus_next()

    _loaded: tuple[str, str] = ("", "")
    """The body as loaded, and the text the area showed for it."""

    def load_body(self, body: str) -> None:
        self.load_text(body)
        self._loaded = (body, self.text)

    @property
    def body(self) -> str:
        """The body as edited, or exactly as loaded when the text is still what loading showed."""
        loaded, shown = self._loaded
        return loaded if self.text == shown else self.text
