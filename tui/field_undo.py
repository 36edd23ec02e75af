"""Undo and redo for an editor's form fields (the body's TextArea has its own).

One step is a field's text before a run of edits to it: typing "Palo Alto" in Location and
pressing ctrl+z gives the field back as it was before, not one letter less. A run ends when
another field is edited or the focus leaves the field. What the editor fills in itself (the
record it opened, a field taken from the disk) is no step: `known` records it silently, and
the change messages that follow it match what is known and are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping


class FieldHistory:
    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        """Each field's text as last seen."""
        self.undo_steps: list[tuple[str, str]] = []
        self.redo_steps: list[tuple[str, str]] = []
        self._open: str | None = None
        """The field whose run of edits the last step holds."""

    def known(self, texts: Mapping[str, str]) -> None:
        """The editor put these texts in the form: no step to undo."""
        self.texts.update(texts)
        self._open = None

    def edited(self, name: str, text: str) -> None:
        """The user changed a field (a change to the text already known is the echo of a fill or an undo)."""
        old = self.texts.get(name, "")
        if text == old:
            return
        if self._open != name:
            self.undo_steps.append((name, old))
            self._open = name
        self.texts[name] = text
        self.redo_steps.clear()

    def close(self) -> None:
        """The focus moved: the next edit is a step of its own."""
        self._open = None

    def undo(self) -> tuple[str, str] | None:
        """The field to change back and its text, or None when there is nothing to undo."""
        return self._move(self.undo_steps, self.redo_steps)

    def redo(self) -> tuple[str, str] | None:
        return self._move(self.redo_steps, self.undo_steps)

    def _move(self, source: list[tuple[str, str]], target: list[tuple[str, str]]) -> tuple[str, str] | None:
        if not source:
            return None
        name, text = source.pop()
        target.append((name, self.texts.get(name, "")))
        self.texts[name] = text
        self._open = None
        return name, text
