"""What both editors share: unsaved-change tracking, saving by SPEC 2.5, and living with the disk.

A save goes through `journal.store` (minimal diff, refused on conflict). When the file
changes on disk, a clean editor reloads silently; a dirty one asks keep mine / take
theirs, and either way both versions survive (theirs on disk, mine in the editor or in
`conflicts/`). After "keep mine" the next save is still checked and the user chooses
overwrite or save-as-copy explicitly.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static, TextArea

from journal import ConflictError, FollowUp, Interview, JournalError
from journal.loader import parse_entry
from journal.serialize import render_new
from journal.store import atomic_write, create, save
from tui.early_keys import hand_to_field
from tui.screens.base import JournalScreen

if TYPE_CHECKING:
    from tui.app import JournalUpdate

Record = Interview | FollowUp
Field = tuple[str, str, Callable[[str], Any], tuple[str, ...] | None]
"""A form field: name, label, parser (text to value; ValueError is the message shown at the field), choices."""
State = tuple[tuple[str, ...], object]
"""What the form shows: the fields' texts, and the rest (body, interviewers), comparable."""


def read_record(root: Path, rel: str) -> Record | None:
    """The record in one file as it is on disk now (None if missing or broken)."""
    try:
        raw = (root / rel).read_bytes()
    except OSError:
        return None
    folder = rel.split("/", 1)[0]
    entry = parse_entry(rel, raw, folder, len(raw), 0, hashlib.sha256(raw).hexdigest())
    return entry.record if isinstance(entry.record, (Interview, FollowUp)) else None


def keep_copy(root: Path, record: Record) -> str:
    """Write `record` to `conflicts/` (not loaded as a record, committed with the journal); returns the path."""
    text = render_new(record).encode()
    folder = root / "conflicts"
    folder.mkdir(exist_ok=True)
    rel = f"conflicts/{record.id}.mine-{hashlib.sha256(text).hexdigest()[:8]}.md"
    atomic_write(root / rel, text)
    return rel


def editor_theme(app: Any) -> str:
    """A highlighting theme that reads well on the app's light or dark background."""
    return "monokai" if app.current_theme.dark else "github_light"


def text_of(widget: Input | Select[str]) -> str:
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    return widget.value


class RecordEditor(JournalScreen):
    """Base of the interview and follow-up editors (subclasses fill, read and build the form)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Back"),
        # Tab moves on when the key is read, not after it came back up from the field: keys typed
        # ahead while the app is busy (opening the editor) then land in the field tabbed to.
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
    ]
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    REQUIRED_SELECTS: ClassVar[tuple[str, ...]] = ()
    """Selects that cannot be blank (their first choice is the default)."""
    HINTS: ClassVar[dict[str, str]] = {}

    def __init__(self, record: Record, new: bool) -> None:
        super().__init__()
        self.record = record
        self.new = new
        self.saved_state: State | None = None
        """What the form showed when it last matched the file (None: nothing saved yet, a new record)."""
        self.errors: dict[str, str] = {}
        self._clean_texts: dict[str, str] = {}
        """Each field's text as the record has it: a field showing it shows no message."""
        self._asked_about: tuple[str | None] | None = None
        """The disk version (digest, or None for deleted) the user was already asked about."""

    # To implement -------------------------------------------------------------------

    def field_texts(self, record: Any) -> dict[str, str]:
        """The text of each form field for `record`."""
        raise NotImplementedError

    def fill_rest(self, record: Any) -> None:
        """Show what is not a form field (the body, the interviewers)."""
        raise NotImplementedError

    def rest_state(self) -> object:
        """What the user can edit outside the form fields, comparable."""
        raise NotImplementedError

    def rest_state_of(self, record: Any) -> object:
        """`rest_state()` as it is once `record` is shown."""
        raise NotImplementedError

    def build(self) -> Record | None:
        """The record from the form, or None when a field is invalid (its message is shown)."""
        raise NotImplementedError

    def new_id(self, record: Any) -> str:
        raise NotImplementedError

    # The form ---------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        for name, label, _, choices in self.FIELDS:
            with Horizontal(classes="field"):
                yield Label(label, classes="field-label")
                if choices is not None:
                    required = name in self.REQUIRED_SELECTS
                    options = [(choice, choice) for choice in choices]
                    default = choices[0] if required else Select.NULL
                    yield Select(options, id=f"f-{name}", compact=True, allow_blank=not required, value=default)
                else:
                    # Nothing selected on focus: the first key typed adds to the value, never replaces it.
                    yield Input(
                        id=f"f-{name}", compact=True, placeholder=self.HINTS.get(name, ""), select_on_focus=False
                    )
                yield Static("", id=f"err-{name}", classes="field-error")

    def shown_texts(self, texts: dict[str, str]) -> dict[str, str]:
        """The fields' texts once `texts` are filled in: a Select can only show one of its choices."""
        shown = {}
        for name, _, _, choices in self.FIELDS:
            text = texts.get(name, "")
            if choices is not None and text not in choices:
                text = choices[0] if name in self.REQUIRED_SELECTS else ""
            shown[name] = text
        return shown

    def fill_fields(self, texts: dict[str, str]) -> None:
        for name, text in self.shown_texts(texts).items():
            widget = self.query_one(f"#f-{name}")
            if isinstance(widget, Select):
                widget.value = text or Select.NULL
            else:
                assert isinstance(widget, Input)
                widget.value = text

    def field_state(self) -> tuple[str, ...]:
        return tuple(text_of(self.query_one(f"#f-{name}")) for name, *_ in self.FIELDS)  # type: ignore[arg-type]

    def state(self) -> State:
        """Everything the user can edit, comparable, to know whether there are unsaved edits."""
        return (self.field_state(), self.rest_state())

    def state_of(self, record: Record) -> State:
        """`state()` as it is once `record` is shown: the clean baseline comes from the record itself,
        so keys typed while the form is still being drawn count as edits."""
        return (tuple(self.shown_texts(self.field_texts(record)).values()), self.rest_state_of(record))

    def show(self, record: Record) -> None:
        """Put `record` in the form; it is what the file holds from now on."""
        self.record = record
        self._clean_texts = self.shown_texts(self.field_texts(record))
        self.saved_state = None if self.new else self.state_of(record)
        self._asked_about = None
        self.fill_fields(self._clean_texts)
        self.fill_rest(record)
        for name in list(self.errors):
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
        if name in self._clean_texts:
            if event.input.value == self._clean_texts[name]:
                self.set_error(name, None)  # the record's own value (a new record's blank fields say nothing yet)
            else:
                self.parse_field(name)
        self.changed()
        self.edited()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the body, Tab indents."""
        return not (action in ("next_field", "previous_field") and isinstance(self.focused, TextArea))

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def on_key(self, event: events.Key) -> None:
        hand_to_field(self, event)  # a key typed as the editor opened, before its field had the focus

    def on_select_changed(self, event: Select.Changed) -> None:
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
        return self.saved_state is None or self.state() != self.saved_state

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
        widget.set_class(bool(message), "-invalid")

    def action_save(self) -> None:
        record = self.build()
        if record is None:
            first = next(iter(self.errors))
            self.notify(f"Not saved: {first.replace('_', ' ')}: {self.errors[first]}", severity="error")
            self.query_one(f"#f-{first}").focus()
            return
        self._save(record, self.state())

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, record: Record, shown: State, overwrite: bool = False) -> None:
        """Write `record`, built from the form when it showed `shown` (keys typed meanwhile stay unsaved)."""
        app, root = self.journal_app, self.journal_app.root
        try:
            if self.new:
                record = dataclasses.replace(record, id=self.new_id(record))
                result: Record = create(root, record)  # type: ignore[assignment]
                message = f"Created {result.source.path if result.source else result.id}"
            else:
                if overwrite:
                    assert record.source is not None
                    fresh = read_record(root, record.source.path)
                    if fresh is None:
                        raise ConflictError(f"{record.source.path} is missing or broken on disk; save a copy instead")
                    record = dataclasses.replace(record, source=fresh.source)
                saved = save(root, record)
                result = saved.record  # type: ignore[assignment]
                message = (
                    f"Saved {saved.record.source.path if saved.record.source else record.id}"
                    if saved.written
                    else "No changes to save"
                )
        except ConflictError as exc:
            app.call_from_thread(self._conflict_on_save, record, shown, str(exc))
            return
        except (JournalError, OSError) as exc:
            app.call_from_thread(app.notify, str(exc), title="Not saved", severity="error", timeout=8)
            return
        app.call_from_thread(self._saved, result, shown, message)

    def _saved(self, record: Record, shown: State, message: str) -> None:
        self.record, self.new = record, False
        self._clean_texts = dict(zip(self._clean_texts, shown[0], strict=True))
        self.saved_state = shown
        self.changed()
        self.notify(message)
        self.journal_app.reload()
        self.journal_app.refresh_git()
        self.after_save(record)

    def after_save(self, record: Record) -> None:
        """Hook for subclasses (e.g. open the next thing)."""

    def _conflict_on_save(self, record: Record, shown: State, reason: str) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        def choose(choice: str | None) -> None:
            if choice == "overwrite":
                self._save(record, shown, overwrite=True)
            elif choice == "copy":
                self.new = True
                self._save(dataclasses.replace(record, source=None), shown)

        question = f"{reason}.\nOverwrite the file on disk with your version, or save yours as a new record?"
        choices = [("copy", "Save mine as a copy"), ("overwrite", "Overwrite theirs"), ("cancel", "Cancel")]
        self.app.push_screen(ChoiceDialog(question, choices, default="cancel"), choose)

    def show_journal(self, update: JournalUpdate) -> None:
        source = self.record.source
        if self.new or source is None or source.path not in update.changed:
            return
        disk = read_record(self.journal_app.root, source.path)
        digest = disk.source.digest if disk is not None and disk.source is not None else None
        if digest == source.digest or (self.dirty and self._asked_about == (digest,)):
            return  # our own save, a touch without a change, or a change we already asked about
        if not self.dirty:
            if disk is None:
                self.notify(f"{source.path} was deleted or broken on disk; saving will ask first.", severity="warning")
                return
            self.show(disk)
            self.notify(f"Reloaded {source.path}: it changed on disk.")
            return
        self._asked_about = (digest,)
        self._ask_keep_or_take(disk)

    def _ask_keep_or_take(self, disk: Record | None) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        assert self.record.source is not None
        path = self.record.source.path
        gone = disk is None

        def choose(choice: str | None) -> None:
            if choice == "theirs" and disk is not None:
                mine = self.build() or self.record
                kept = keep_copy(self.journal_app.root, dataclasses.replace(mine, source=None))
                self.show(disk)
                self.notify(f"Took the version on disk; yours is kept in {kept}.", timeout=10)
            else:
                self.notify("Kept your edits; saving will ask before replacing the file on disk.")

        what = "was deleted or broken" if gone else "changed"
        question = f"{path} {what} on disk while you have unsaved edits here."
        choices = [("mine", "Keep mine")] + ([] if gone else [("theirs", "Take theirs (keep mine in conflicts/)")])
        self.app.push_screen(ChoiceDialog(question, choices, default="mine"), choose)

    def action_leave(self) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        if not self.dirty:
            self.dismiss_editor()
            return

        def choose(choice: str | None) -> None:
            if choice == "discard":
                self.journal_app.dirty_editors.discard(self)
                self.dismiss_editor()
            elif choice == "save":
                self.action_save()

        question = "You have unsaved changes."
        self.app.push_screen(
            ChoiceDialog(
                question, [("save", "Save"), ("discard", "Discard"), ("cancel", "Keep editing")], default="cancel"
            ),
            choose,
        )

    def dismiss_editor(self) -> None:
        self.app.pop_screen()
