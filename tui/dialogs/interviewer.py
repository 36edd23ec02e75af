"""Add or edit one interviewer: name (required), title, email and LinkedIn URL, checked at the field."""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from journal import Interviewer
from tui.early_keys import hand_to_field

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\Z")
FIELDS = (("name", "Name"), ("title", "Title"), ("email", "Email"), ("linkedin", "LinkedIn URL"))


def check_url(text: str) -> str | None:
    """None when fine (empty or an http(s) address), else what is wrong."""
    text = text.strip()
    if text and not re.match(r"https?://[^\s/]+\.[^\s]+\Z", text):
        return "use a full address starting with https://"
    return None


def check_interviewer(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not values["name"].strip():
        errors["name"] = "a name is required"
    if values["email"].strip() and not _EMAIL.match(values["email"].strip()):
        errors["email"] = "not an email address"
    url = check_url(values["linkedin"])
    if url:
        errors["linkedin"] = url
    return errors


class InterviewerDialog(ModalScreen[Interviewer | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, interviewer: Interviewer | None) -> None:
        super().__init__()
        self.interviewer = interviewer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Edit interviewer" if self.interviewer else "Add interviewer", classes="question")
            for name, label in FIELDS:
                value = getattr(self.interviewer, name, None) or ""
                yield Label(label, classes="field-label")
                yield Input(value, id=f"iv-{name}", select_on_focus=False)  # the first key adds, never replaces
                yield Static("", id=f"iv-err-{name}", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#iv-name", Input))

    def on_key(self, event: events.Key) -> None:
        hand_to_field(self, event)

    def _values(self) -> dict[str, str]:
        return {name: self.query_one(f"#iv-{name}", Input).value for name, _ in FIELDS}

    def _check(self) -> dict[str, str]:
        errors = check_interviewer(self._values())
        for name, _ in FIELDS:
            self.query_one(f"#iv-err-{name}", Static).update(errors.get(name, ""))
            self.query_one(f"#iv-{name}", Input).set_class(name in errors, "-invalid")
        return errors

    def on_input_changed(self, event: Input.Changed) -> None:
        self._check()

    def _accept(self) -> None:
        if self._check():
            return
        values = {name: value.strip() or None for name, value in self._values().items()}
        base = self.interviewer or Interviewer(name="")
        self.dismiss(
            dataclasses.replace(
                base,
                name=values["name"] or "",
                title=values["title"],
                email=values["email"],
                linkedin=values["linkedin"],
            )
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._accept()
        else:
            self.dismiss(None)
