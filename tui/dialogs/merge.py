"""Both sides changed the same fields: show each one's version side by side and let the user pick."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from journal import Interviewer
from journal.merge import Conflict
from journal.records import format_when

Picks = dict[str, str]
"""For each conflicting field, `mine` or `theirs`."""


def describe(value: object) -> str:
    """A field's value as the dialog prints it."""
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, date):
        return format_when(value)
    if isinstance(value, tuple) and all(isinstance(item, Interviewer) for item in value):
        return "\n".join(
            " — ".join(part for part in (person.name, person.title, person.email, person.linkedin) if part)
            for person in value
            if isinstance(person, Interviewer)
        )
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return str(value).rstrip("\n")


def differing_lines(mine: str, theirs: str, context: int = 1) -> tuple[str, str]:
    """Two texts cut to where they differ (with `context` lines around it): a long body's conflict is a few lines."""
    ours, other = mine.rstrip("\n").split("\n"), theirs.rstrip("\n").split("\n")
    start = 0
    while start < min(len(ours), len(other)) and ours[start] == other[start]:
        start += 1
    end = 0
    while end < min(len(ours), len(other)) - start and ours[-1 - end] == other[-1 - end]:
        end += 1
    first = max(start - context, 0)

    def cut(lines: list[str]) -> str:
        last = min(len(lines) - end + context, len(lines))
        return "\n".join((["…"] if first else []) + lines[first:last] + (["…"] if last < len(lines) else []))

    return cut(ours), cut(other)


class MergeDialog(ModalScreen[Picks | None]):
    """Dismisses with a pick per conflicting field, or None (escape, cancel: nothing is saved)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save merged"),
    ]

    def __init__(self, path: str, conflicts: tuple[Conflict, ...], label: Callable[[str], str]) -> None:
        super().__init__()
        self.path, self.conflicts, self.label = path, conflicts, label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog merge"):
            yield Label(
                f"{self.path} changed on disk while you edited it. Where you both changed something, "
                "pick the version to keep (the other is kept in .followup/conflicts/):",
                classes="question",
                markup=False,
            )
            with VerticalScroll(classes="conflicts"):
                for conflict in self.conflicts:
                    label = self.label(conflict.field)
                    yield Label(label[:1].upper() + label[1:], classes="section", markup=False)
                    mine, theirs = describe(conflict.mine), describe(conflict.theirs)
                    if isinstance(conflict.mine, str) and "\n" in mine + theirs:
                        mine, theirs = differing_lines(mine, theirs)
                    with Horizontal(classes="sides"):
                        for side, title, text in (("mine", "Yours", mine), ("theirs", "On disk", theirs)):
                            box = Static(text, classes=f"side {side}", markup=False)
                            box.border_title = title
                            yield box
                    with RadioSet(id=f"pick-{conflict.field}", classes="pick"):
                        yield RadioButton("Keep yours", value=True, id=f"mine-{conflict.field}")
                        yield RadioButton("Take the one on disk", id=f"theirs-{conflict.field}")
            with Horizontal(classes="buttons"):
                yield Button("Save merged", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Let the conflicts scroll in what the question and the buttons leave of the dialog's 90%."""
        fixed = self.query_one(".dialog").styles.gutter.height
        for part in self.query(".dialog > .question, .dialog > .buttons"):
            fixed += part.outer_size.height + part.styles.margin.height
        self.query_one(".conflicts").styles.max_height = max(int(self.size.height * 0.9) - fixed, 4)

    def picks(self) -> Picks:
        return {
            conflict.field: "theirs" if self.query_one(f"#theirs-{conflict.field}", RadioButton).value else "mine"
            for conflict in self.conflicts
        }

    def action_save(self) -> None:
        self.dismiss(self.picks())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
