"""What both editors share: the form, its checks at the field, and knowing what is unsaved.

What the form shows is compared with the record it was filled from (`state_of`), not with a
copy of the widgets taken later, so a key typed while the editor is being drawn is an edit like
any other. Saving and living with the disk are in `tui.screens.saving`.

Keys: Tab and shift+Tab move between fields everywhere, the body included (ctrl+] indents
there); Esc in the body leaves it, the next Esc leaves the editor; ctrl+z undoes in the body
what the body did and elsewhere the last edited field (`tui.field_undo`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from journal import FollowUp, Interview, Person
from tui.early_keys import hand_to_field
from tui.field_undo import FieldHistory
from tui.screens.base import JournalScreen
from tui.widgets.body_area import BodyArea

Record = Interview | FollowUp | Person
Field = tuple[str, str, Callable[[str], Any], tuple[str, ...] | None]
"""A form field: name, label, parser (text to value; ValueError is the message shown at the field), choices."""
State = dict[str, object]
"""What the form shows, by record field: each field's text, the interviewers, the body."""


def editor_theme(app: Any) -> str:
    """A highlighting theme that reads well on the app's light or dark background."""
    return "monokai" if app.current_theme.dark else "github_light"


def markdown_body(app: Any) -> BodyArea:
    """Every editor's Markdown body: highlighted, soft-wrapped, and Tab moves on to the next field
    (ctrl+] indents), so tabbing through a form never gets stuck in it."""
    return BodyArea(
        "",
        language="markdown",
        id="body",
        soft_wrap=True,
        show_line_numbers=False,
        theme=editor_theme(app),
        tab_behavior="focus",
    )


def text_of(widget: Input | Select[Any]) -> str:
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    return widget.value


class RecordEditor(JournalScreen):
    """Base of the interview, follow-up and person editors (subclasses fill, read and build the form)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: a priority key is handled when the app reads it, before the field has
        # taken the letters typed just ahead of it, and the save would miss them. No field binds ctrl+s
        # (nor the editors' other keys but ctrl+a and ctrl+d, which stay priority to win over the field's).
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Back"),
        Binding("ctrl+right_square_bracket", "indent", "Indent"),
        # Tab moves on when the key is read, not after it came back up from the field: keys typed
        # ahead while the app is busy (opening the editor) then land in the field tabbed to.
        Binding("tab", "next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
        Binding("ctrl+z", "undo_field", "Undo (a field; in the body, the body)", show=False),
        Binding("ctrl+y", "redo_field", "Redo", show=False),
    ]
    KEY_NOTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("esc", "In the body: leave it (the next esc leaves the editor)"),
        ("f1", "This help (in a field, ? types a question mark)"),
    )
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    REQUIRED_SELECTS: ClassVar[tuple[str, ...]] = ()
    """Selects that cannot be blank (their first choice is the default)."""
    HINTS: ClassVar[dict[str, str]] = {}
    SEARCHABLE: ClassVar[tuple[str, ...]] = ()
    """Selects with many choices, where typing searches them (elsewhere a key typed ahead must not)."""
    REST: ClassVar[dict[str, str]] = {}
    """What is edited outside the form fields (`body`, `interviewers`), with its name for messages."""

    def __init__(self, record: Record, new: bool) -> None:
        super().__init__()
        self.record = record
        self.new = new
        self.saved_state: State | None = None
        """What the form showed when it last matched the file (None: nothing saved yet, a new record)."""
        self.errors: dict[str, str] = {}
        self.history = FieldHistory()

    # To implement -------------------------------------------------------------------

    def field_texts(self, record: Any) -> dict[str, str]:
        """The text of each form field for `record`."""
        raise NotImplementedError

    def fill_rest(self, record: Any, names: Collection[str]) -> None:
        """Show the named parts of `record` that are not form fields (see REST)."""
        raise NotImplementedError

    def rest_state(self) -> State:
        """What REST names, as the form shows it now."""
        raise NotImplementedError

    def rest_state_of(self, record: Any) -> State:
        """`rest_state()` as it is once `record` is shown."""
        raise NotImplementedError

    def build(self) -> Record | None:
        """The record from the form, or None when a field is invalid (its message is shown)."""
        raise NotImplementedError

    # The form ---------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        yield Static("", id="disk-note", classes="disk-note", markup=False)
        for name, label, _, _ in self.FIELDS:
            with Horizontal(classes="field"):
                yield Label(label, classes="field-label")
                with Vertical(classes="field-value"):
                    yield from self._compose_value(name)
                    yield Static("", id=f"err-{name}", classes="field-error")  # under the value, shown when set

    def _compose_value(self, name: str) -> ComposeResult:
        options = self.options_of(name)
        if options is not None:
            required = name in self.REQUIRED_SELECTS
            default = options[0][1] if required else Select.NULL
            yield Select(
                options,
                id=f"f-{name}",
                compact=True,
                allow_blank=not required,
                value=default,
                prompt=self.HINTS.get(name, "Select"),
                type_to_search=name in self.SEARCHABLE,
            )
        else:
            # Nothing selected on focus: the first key typed adds to the value, never replaces it.
            yield Input(id=f"f-{name}", compact=True, placeholder=self.HINTS.get(name, ""), select_on_focus=False)

    def options_of(self, name: str) -> list[tuple[str, str]] | None:
        """A Select field's (label, value) pairs, or None for a text field (override for choices
        known only at run time, such as the journal's interviews)."""
        choices = next((choices for n, _, _, choices in self.FIELDS if n == name), None)
        return None if choices is None else [(choice, choice) for choice in choices]

    def label_of(self, name: str) -> str:
        """A field's name in a sentence ("next steps", "interviewers")."""
        label = next((label for n, label, *_ in self.FIELDS if n == name), None) or self.REST.get(name, name)
        return label.split(" (")[0].split(" 1-")[0].lower()

    def shown_texts(self, texts: dict[str, str]) -> dict[str, str]:
        """The fields' texts once `texts` are filled in: a Select can only show one of its choices."""
        shown = {}
        for name, *_ in self.FIELDS:
            text = texts.get(name, "")
            options = self.options_of(name)
            if options is not None and text not in (value for _, value in options):
                text = options[0][1] if name in self.REQUIRED_SELECTS else ""
            shown[name] = text
        return shown

    def fill_fields(self, texts: dict[str, str]) -> None:
        self.history.known(texts)
        for name, text in texts.items():
            widget = self.query_one(f"#f-{name}")
            if isinstance(widget, Select):
                widget.value = text or Select.NULL
            else:
                assert isinstance(widget, Input)
                widget.value = text

    def state(self) -> State:
        """Everything the user can edit, by field, to know whether there are unsaved edits."""
        fields = {name: text_of(self.query_one(f"#f-{name}")) for name, *_ in self.FIELDS}  # type: ignore[arg-type]
        return {**fields, **self.rest_state()}

    def state_of(self, record: Record) -> State:
        """`state()` as it is once `record` is shown: the clean state comes from the record itself."""
        return {**self.shown_texts(self.field_texts(record)), **self.rest_state_of(record)}

    def show(self, record: Record, names: Collection[str] | None = None, shown: State | None = None) -> None:
        """Put `record` in the form (only the fields `names`, the rest kept as the user has it); the
        record is what the file holds from now on, and `shown` what the form had when it was saved."""
        self.record = record
        of = self.state_of(record)
        names = list(of) if names is None else names
        self.fill_fields({name: str(of[name]) for name in names if name not in self.REST})
        self.fill_rest(record, [name for name in names if name in self.REST])
        clean = {**(shown or of), **{name: of[name] for name in names}}
        self.saved_state = None if self.new else clean
        for name in names:
            if name in self.errors:
                self.set_error(name, None)
        self.changed()

    def check_field(self, name: str, value: Any) -> None:
        """Further checks of a parsed value (override; raise ValueError with the message)."""

    def parse_field(self, name: str) -> Any:
        """The field's value, showing the problem at the field (None when invalid)."""
        parser = next(p for n, _, p, _ in self.FIELDS if n == name)
        text = text_of(self.query_one(f"#f-{name}"))  # type: ignore[arg-type]
        try:
            value = parser(text)
            if name in self.REQUIRED_SELECTS and not value:
                raise ValueError("required")
            self.check_field(name, value)
        except ValueError as exc:
            self.set_error(name, str(exc))
            return None
        self.set_error(name, None)
        return value

    def field_values(self) -> dict[str, Any]:
        return {name: self.parse_field(name) for name, *_ in self.FIELDS}

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("f-")
        if any(n == name for n, *_ in self.FIELDS):
            self.history.edited(name, event.input.value)
            clean = self.saved_state or self.state_of(self.record)
            if event.input.value == clean[name]:
                self.set_error(name, None)  # the record's own value (a new record's blank fields say nothing yet)
            else:
                self.parse_field(name)
        self.changed()
        self.edited()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Indent is a key of the body (shown in the footer there only)."""
        return isinstance(self.focused, TextArea) if action == "indent" else True

    def action_indent(self) -> None:
        body = self.focused
        if isinstance(body, TextArea) and not body.read_only:
            start, end = body.selection
            body.replace("\t" if body.indent_type == "tabs" else " " * body.indent_width, start, end)

    def action_undo_field(self) -> None:
        self._restore(self.history.undo(), "Nothing to undo in the form (in the body, ctrl+z undoes the body)")

    def action_redo_field(self) -> None:
        self._restore(self.history.redo(), "Nothing to redo in the form")

    def _restore(self, step: tuple[str, str] | None, nothing: str) -> None:
        """Put a field back as the history has it, and go there (its check runs as for typing)."""
        if step is None:
            self.notify(nothing, timeout=3)
            return
        name, text = step
        widget = self.query_one(f"#f-{name}")
        if isinstance(widget, Select):
            widget.value = text or Select.NULL
        else:
            assert isinstance(widget, Input)
            widget.value = text
            widget.cursor_position = len(text)
        widget.focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.history.close()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def on_key(self, event: events.Key) -> None:
        hand_to_field(self, event)  # a key typed as the editor opened, before its field had the focus

    def on_select_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("f-")
        if any(n == name for n, *_ in self.FIELDS):
            self.history.edited(name, text_of(event.select))
            self.history.close()  # each choice is a step of its own
        self.changed()
        self.edited()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.changed()
        self.edited()

    def edited(self) -> None:
        """After any edit (override for live checks)."""

    # Shared -------------------------------------------------------------------------

    def prepare(self) -> None:
        self.show(self.record)

    @property
    def dirty(self) -> bool:
        """Edited since the last save; a new record, since it was opened (untouched, it leaves without asking)."""
        return self.state() != (self.saved_state or self.state_of(self.record))

    def changed(self) -> None:
        """Called after any edit: keep the app's list of dirty editors current."""
        if self.dirty:
            self.journal_app.dirty_editors.add(self)
        else:
            self.journal_app.dirty_editors.discard(self)
        self.sub_title = ("● unsaved — " if self.dirty else "") + (
            self.record.source.path if self.record.source else "new"
        )

    def on_unmount(self) -> None:
        self.journal_app.dirty_editors.discard(self)

    def set_error(self, name: str, message: str | None) -> None:
        label = self.query_one(f"#err-{name}", Static)
        widget = self.query_one(f"#f-{name}")
        if message:
            self.errors[name] = message
            label.update(message)
        else:
            self.errors.pop(name, None)
            label.update("")
        label.set_class(bool(message), "-shown")
        widget.set_class(bool(message), "-invalid")

    def note(self, text: str) -> None:
        """A line above the form about the file on disk (what a save took from it); "" hides it."""
        box = self.query_one("#disk-note", Static)
        box.update(text)
        box.display = bool(text)
