"""The person editor: a `people/` record (SPEC 2.3), their notes, and their thread across processes.

Someone known only from the rounds (an interviewer, a `to:`) has no file yet: the editor opens
on what the rounds say, shown as hints, and saving writes their file under the id the journal
already gives them, so the rounds and messages stay theirs and no second person appears. Only
what the user typed is written; what the rounds say keeps coming from the rounds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Input, Label, Select

from journal import Journal, Person, PersonView
from journal.layout import PEOPLE
from journal.records import RELATIONSHIPS, format_when, moment
from journal.validate import person_field
from tui.commands import Command
from tui.screens.base import JournalScreen
from tui.screens.editing import Field, markdown_body
from tui.screens.saving import SavingEditor
from tui.widgets.body_area import BodyArea
from tui.widgets.footer import FitFooter


def _name(text: str) -> str:
    if not text.strip():
        raise ValueError("required: the person's name")
    return " ".join(text.split())


def _optional(text: str) -> str | None:
    return text.strip() or None


def _keep_in_touch(text: str) -> int | None:
    value = person_field("keep_in_touch", text)
    assert value is None or isinstance(value, int)
    return value


FIELDS: tuple[Field, ...] = (
    ("name", "Name", _name, None),
    ("company", "Company", _optional, None),
    ("title", "Title", _optional, None),
    ("email", "Email", _optional, None),
    ("linkedin", "LinkedIn", _optional, None),
    ("relationship", "Relationship", _optional, RELATIONSHIPS),
    ("keep_in_touch", "Keep in touch", _keep_in_touch, None),
)


def thread(journal: Journal, person_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every round with the person and every message to or from them, oldest first, across all processes.

    Each as (`interview:<id>` or `followup:<id>`, cells: when, direction, what, process, status, subject).
    """
    person = journal.people.get(person_id)
    if person is None:
        return []
    rows: list[tuple[datetime, str, tuple[str, ...]]] = []
    for round_id in person.interviews:
        round_ = journal.interviews[round_id]
        cells = (format_when(round_.date), "", round_.stage or "round", f"{round_.company} — {round_.role}",
                 round_.outcome, "")  # fmt: skip
        rows.append((moment(round_.date), f"interview:{round_id}", cells))
    for message_id in person.followups:
        message = journal.followups[message_id]
        about = journal.interviews.get(message.interview) if message.interview else None
        process = f"{about.company} — {about.role}" if about else "(no process)"
        when = format_when(message.date) if message.date else "(no date)"
        cells = (when, "←" if message.is_reply else "→", message.kind, process, message.status, message.subject or "")
        rows.append((moment(message.date) if message.date else datetime.max, f"followup:{message_id}", cells))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [(key, cells) for _, key, cells in rows]


class PersonEditor(SavingEditor):
    BINDINGS: ClassVar[list[BindingType]] = [
        *SavingEditor.BINDINGS,
        Binding("ctrl+n", "check_in", "Check-in"),
    ]
    FIELDS = FIELDS
    REST: ClassVar[dict[str, str]] = {"body": "Notes"}
    PALETTE: ClassVar[list[Command]] = [
        Command("Save person", f"Write their {PEOPLE}/ file (only what changed)", "save"),
        Command("Draft a check-in", "A check-in message to this person from the template, opened to edit", "check_in"),
        Command("Back", "Leave the editor (asks about unsaved changes)", "leave"),
    ]

    def __init__(self, record: Person, view: PersonView | None, new: bool = False) -> None:
        super().__init__(record, new)
        self.view = view
        """What the journal knows of them (from the rounds and messages too); None for someone new."""

    def show_hints(self) -> None:
        """What the rounds say, where the file says nothing: shown as hints, never written."""
        record, view = self.record, self.view
        self.query_one("#f-keep_in_touch", Input).placeholder = "days between check-ins; yes: the policy's; blank: none"
        for name in ("company", "title", "email", "linkedin", "relationship"):
            derived = getattr(view, name, None) if view is not None else None
            if not derived or getattr(record, name):
                continue
            widget = self.query_one(f"#f-{name}")
            if isinstance(widget, Select):
                widget.prompt = f"{derived} (from the rounds)"
                widget.set_options(self.options_of(name) or [])
            elif isinstance(widget, Input):
                widget.placeholder = f"{derived} (from the rounds)"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="form"):
            yield from self.compose_fields()
            yield Label("Thread: rounds and messages, across processes (Enter opens one)",
                        classes="section")  # fmt: skip
            table: DataTable[Text] = DataTable(id="thread", cursor_type="row")
            table.add_columns("Date", "", "What", "Process", "Status", "Subject")
            yield table
            yield Label("Notes (Markdown)", classes="section")
            yield markdown_body(self.app)
        yield FitFooter()

    def prepare(self) -> None:
        self.show_hints()
        super().prepare()
        assert isinstance(self.record, Person)
        if self.new and self.view is None:
            self.title = "New person"
        else:
            self.title = self.record.name
        self.set_focus(self.query_one("#f-name"))
        self.show_thread()

    def field_texts(self, record: Person) -> dict[str, str]:
        texts = {name: getattr(record, name) or "" for name, *_ in FIELDS if name != "keep_in_touch"}
        days = record.keep_in_touch
        texts["keep_in_touch"] = "" if days is None else "yes" if days == 0 else str(days)
        return texts

    def fill_rest(self, record: Person, names: Collection[str]) -> None:
        if "body" in names:
            self.query_one("#body", BodyArea).load_body(record.body)

    def rest_state(self) -> dict[str, object]:
        return {"body": self.query_one("#body", BodyArea).body}

    def rest_state_of(self, record: Person) -> dict[str, object]:
        return {"body": record.body}

    def check_field(self, name: str, value: Any) -> None:
        """A new person's name must not be someone who has a file already (open them instead)."""
        journal = self.journal_app.journal
        if name != "name" or not self.new or self.record.id or journal is None:
            return
        known = journal.person_of(value)
        if known in journal.people_files:
            raise ValueError(f"already in People ({PEOPLE}/{known}.md): Esc, then Enter on their row edits them")

    def build(self) -> Person | None:
        values = self.field_values()
        if self.errors:
            return None
        values["body"] = self.query_one("#body", BodyArea).body
        record = self.record
        assert isinstance(record, Person)
        return dataclasses.replace(record, **values)

    def new_id(self, record: Person) -> str:
        """The id the journal already gives them (their rounds and messages point to it), or their name's."""
        journal = self.journal_app.journal
        assert journal is not None
        return self.record.id or journal.person_of(record.name)

    def changed(self) -> None:
        super().changed()
        if self.record.source is None and self.record.id:
            unsaved = "● unsaved — " if self.dirty else ""
            self.sub_title = f"{unsaved}{PEOPLE}/{self.record.id}.md, written when you save"

    def after_save(self, record: Any) -> None:
        self.title = record.name
        self.view = None

    # The thread ---------------------------------------------------------------------------

    def show_journal(self, update: Any) -> None:
        super().show_journal(update)
        if self.is_mounted:
            self.show_thread()

    def show_thread(self) -> None:
        journal = self.journal_app.journal
        table = self.query_one("#thread", DataTable)
        table.clear()
        rows = thread(journal, self.record.id) if journal is not None and self.record.id else []
        for key, cells in rows:
            table.add_row(*(Text(cell) for cell in cells), key=key)
        if not rows:
            table.add_row(Text("Nothing logged with them yet."), *(Text("") for _ in range(5)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        journal = self.journal_app.journal
        kind, _, ident = str(event.row_key.value or "").partition(":")
        if journal is None:
            return
        if kind == "followup" and ident in journal.followups:
            from tui.screens.followup_editor import FollowupEditor

            self.app.push_screen(FollowupEditor(journal.followups[ident]))
        elif kind == "interview" and ident in journal.interviews:
            from tui.screens.interview_editor import InterviewEditor

            self.app.push_screen(InterviewEditor(journal.interviews[ident]))

    def action_check_in(self) -> None:
        if self.new and not self.record.id:
            self.notify("Save the person first (ctrl+s), then draft a check-in.", severity="warning")
            return
        open_check_in(self, self.record.id)


def open_check_in(screen: JournalScreen, person_id: str) -> None:
    """Open the person's check-in draft (the one already written, else a new one from the template)."""
    from tui.drafts import check_in_for
    from tui.screens.followup_editor import FollowupEditor

    app = screen.journal_app
    journal = app.journal
    if journal is None or person_id not in journal.people:
        screen.notify("Still loading the journal; one moment…")
        return
    draft, new = check_in_for(journal, app.items, person_id, app.as_of)
    screen.app.push_screen(FollowupEditor(draft, new=new))


def open_person(screen: JournalScreen, person_id: str | None) -> None:
    """The editor on someone the journal knows (their file, or a new one for them), or on someone new."""
    journal = screen.journal_app.journal
    if journal is None:
        screen.notify("Still loading the journal; one moment…")
        return
    if person_id is None:
        screen.app.push_screen(PersonEditor(Person(id="", name=""), None, new=True))
        return
    view = journal.people[person_id]
    if view.record is not None:
        screen.app.push_screen(PersonEditor(view.record, view))
    else:
        screen.app.push_screen(PersonEditor(Person(id=person_id, name=view.name), view, new=True))
