"""The Markdown body of a record in an editor, given back exactly as loaded until it is edited.

Textual's TextArea keeps lines as `str.splitlines` cuts them, so U+2028, U+2029, NEL, a lone
CR or a form feed in a body would come back as a newline, and the mere opening of a record
would change what a save writes (SPEC 2.5: a save never changes what it did not edit).
"""

from __future__ import annotations

from textual.widgets import TextArea


class BodyArea(TextArea):
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
