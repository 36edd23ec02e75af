"""The interview editor: every front-matter field of SPEC 2.1, the interviewers, the debrief body,
and below them the follow-ups of this round and what is due for it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Header, Label, Static

from journal import Interview, Interviewer
from journal.dates import parse_day, parse_when
from journal.items import KIND_LABELS
from journal.records import FORMATS, OUTCOMES, STAGES, format_when
from journal.store import interview_id
from tui.commands import Command
from tui.screens.editing import Record, markdown_body
from tui.screens.saving import SavingEditor
from tui.widgets.body_area import BodyArea
from tui.widgets.footer import FitFooter


def _required(text: str) -> str:
    if not text.strip():
        raise ValueError("required")
    return text.strip()


def _optional_day(text: str) -> date | None:
    return parse_day(text) if text.strip() else None


def _interest(text: str) -> int | None:
    if not text.strip():
        return None
    if text.strip() not in {"1", "2", "3", "4", "5"}:
        raise ValueError("a whole number from 1 to 5")
    return int(text)


def _tags(text: str) -> tuple[str, ...]:
    return tuple(tag.strip() for tag in text.split(",") if tag.strip())


def _optional(text: str) -> str | None:
    return text.strip() or None


# name, label, parser (text -> value; ValueError = message at the field), choices for a Select
FIELDS: tuple[tuple[str, str, Callable[[str], Any], tuple[str, ...] | None], ...] = (
    ("company", "Company", _required, None),
    ("role", "Role", _required, None),
    ("stage", "Stage", _optional, STAGES),
    ("date", "Date", parse_when, None),
    ("format", "Format", _optional, FORMATS),
    ("location", "Location", _optional, None),
    ("next_steps", "Next steps", _optional, None),
    ("decision_by", "Decision by", _optional_day, None),
    ("follow_up_on", "Follow up on", _optional_day, None),
    ("outcome", "Outcome", _required, OUTCOMES),
    ("interest", "Interest 1-5", _interest, None),
    ("snooze_until", "Snooze until", _optional_day, None),
    ("tags", "Tags (a, b)", _tags, None),
)
STATE_WORDS = {"overdue": "overdue", "today": "due today", "upcoming": "upcoming", "missed": "missed"}
HINTS = {"date": "YYYY-MM-DD or YYYY-MM-DDTHH:MM", "decision_by": "YYYY-MM-DD", "follow_up_on": "YYYY-MM-DD",
         "snooze_until": "YYYY-MM-DD"}  # fmt: skip


def field_text(record: Interview, name: str) -> str:
    value = getattr(record, name)
    if value is None:
        return ""
    if name == "date":
        return format_when(value)
    if name == "tags":
        return ", ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class InterviewEditor(SavingEditor):
    BINDINGS: ClassVar[list[BindingType]] = [
        *SavingEditor.BINDINGS,
        Binding("ctrl+a", "add_interviewer", "Add interviewer", priority=True),
        Binding("ctrl+o", "people_met", "People I met"),
        Binding("ctrl+r", "log_reply", "Log reply"),
        Binding("ctrl+n", "new_followup", "New follow-up"),
    ]
    FIELDS = FIELDS
    REQUIRED_SELECTS = ("outcome",)
    HINTS = HINTS
    REST: ClassVar[dict[str, str]] = {"interviewers": "Interviewers", "body": "Notes"}
    PALETTE: ClassVar[list[Command]] = [
        Command("Save interview", "Write the changes (minimal diff)", "save"),
        Command("Add interviewer", "Add a person to this round", "add_interviewer"),
        Command("Add the people I met", "Name, email and title of each interviewer, in one go", "people_met"),
        Command("Edit interviewer", "Edit the highlighted interviewer", "edit_interviewer"),
        Command("Remove interviewer", "Remove the highlighted interviewer", "remove_interviewer"),
        Command("Log a reply", "Their answer about this round; written when you save", "log_reply"),
        Command("New follow-up", "A message about this round; written when you save", "new_followup"),
        Command("Open in $EDITOR", "Edit this file in your own editor; the app reloads it after", "open_in_editor"),
        Command("Back", "Leave the editor (asks about unsaved changes)", "leave"),
    ]

    def __init__(self, record: Interview | None, focus: str | None = None, as_of: date | None = None) -> None:
        if record is None:
            record = Interview(id="", company="", role="", date=date.today())
            new = True
        else:
            new = False
        super().__init__(record, new)
        self.focus_field = focus
        self.ask_people = new
        """Offer the people-I-met form once this new round is created."""
        self.interviewers: list[Interviewer] = list(record.interviewers)

    def compose(self) -> ComposeResult:
        yield Header()
        # No Tab stop itself (it scrolls to the focused field); from 160 columns the fields sit beside the notes
        with VerticalScroll(id="form", can_focus=False):
            with Vertical(id="form-fields"):
                yield from self.compose_fields()
                yield Label("Interviewers", classes="section")
                table: DataTable[str] = DataTable(id="interviewers", cursor_type="row")
                table.add_columns("Name", "Title", "Email", "LinkedIn")
                yield table
                with Horizontal(classes="buttons left"):
                    yield Button("Add (ctrl+a)", id="add-interviewer", compact=True)
                    yield Button("Edit", id="edit-interviewer", compact=True)
                    yield Button("Remove", id="remove-interviewer", compact=True)
            with Vertical(id="form-body"):
                yield Label("Notes (Markdown; a '## Talking points' list feeds the thank-you notes)", classes="section")
                yield markdown_body(self.app)
                yield Label("Follow-ups of this round (Enter opens one)", classes="section")
                followups: DataTable[Text] = DataTable(id="round-followups", cursor_type="row")
                followups.add_columns("Date", "", "Kind", "To / from", "Status", "Subject")
                yield followups
                yield Label("Due for this round", classes="section")
                yield Static("", id="round-due", markup=False)
        yield FitFooter()

    def prepare(self) -> None:
        if self.new:
            assert isinstance(self.record, Interview)
            self.record = dataclasses.replace(self.record, date=self.journal_app.as_of)
        super().prepare()
        self.title = "New interview" if self.new else self.record.title  # type: ignore[union-attr]
        target = f"#f-{self.focus_field}" if self.focus_field else "#f-company"
        self.set_focus(self.query_one(target))  # now, not after a refresh: the next key goes to the field
        self.show_related()

    def field_texts(self, record: Interview) -> dict[str, str]:
        return {name: field_text(record, name) for name, *_ in FIELDS}

    def fill_rest(self, record: Interview, names: Collection[str]) -> None:
        if "interviewers" in names:
            self.interviewers = list(record.interviewers)
            self._show_interviewers()
        if "body" in names:
            self.query_one("#body", BodyArea).load_body(record.body)

    def rest_state(self) -> dict[str, object]:
        return {"interviewers": tuple(self.interviewers), "body": self.query_one("#body", BodyArea).body}

    def rest_state_of(self, record: Interview) -> dict[str, object]:
        return {"interviewers": record.interviewers, "body": record.body}

    def build(self) -> Interview | None:
        values = self.field_values()
        if self.errors:
            return None
        values["interviewers"] = tuple(self.interviewers)
        values["body"] = self.query_one("#body", BodyArea).body
        record = self.record
        assert isinstance(record, Interview)
        return dataclasses.replace(record, **values)

    def new_id(self, record: Interview) -> str:
        return interview_id(self.journal_app.root, record)

    # Interviewers -------------------------------------------------------------------

    def _show_interviewers(self) -> None:
        table = self.query_one("#interviewers", DataTable)
        table.clear()
        for person in self.interviewers:
            table.add_row(*(Text(value or "") for value in (person.name, person.title, person.email, person.linkedin)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {"add-interviewer": self.action_add_interviewer, "edit-interviewer": self.action_edit_interviewer,
                  "remove-interviewer": self.action_remove_interviewer}.get(event.button.id or "")  # fmt: skip
        if action is not None:
            action()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "interviewers":
            self.action_edit_interviewer()
        elif event.row_key.value and self.journal_app.journal is not None:
            from tui.screens.followup_editor import FollowupEditor

            message = self.journal_app.journal.followups.get(event.row_key.value)
            if message is not None:
                self.app.push_screen(FollowupEditor(message))

    def _edited(self, index: int | None) -> Callable[[Interviewer | None], None]:
        def done(person: Interviewer | None) -> None:
            if person is None:
                return
            if index is None:
                self.interviewers.append(person)
            else:
                self.interviewers[index] = person
            self._show_interviewers()
            self.changed()

        return done

    def action_add_interviewer(self) -> None:
        from tui.dialogs.interviewer import InterviewerDialog

        self.app.push_screen(InterviewerDialog(None), self._edited(None))

    def after_save(self, record: Record) -> None:
        if self.ask_people:
            self.ask_people = False
            self.action_people_met()

    def action_people_met(self) -> None:
        """Add everyone met in this round in one go; they are saved at once (a new round is saved first)."""
        from tui.dialogs.people_met import PeopleMetDialog

        if self.new:
            self.ask_people = True
            self.action_save()
            return
        record = self.record
        assert isinstance(record, Interview)

        def add(people: tuple[Interviewer, ...] | None) -> None:
            known = {person.name.casefold() for person in self.interviewers}
            fresh = [person for person in people or () if person.name.casefold() not in known]
            if not fresh:
                return
            self.interviewers.extend(fresh)
            self._show_interviewers()
            self.changed()
            self.action_save()

        self.app.push_screen(PeopleMetDialog(record.title), add)

    def _cursor(self) -> int | None:
        table = self.query_one("#interviewers", DataTable)
        return table.cursor_row if table.row_count and table.cursor_row < len(self.interviewers) else None

    def action_edit_interviewer(self) -> None:
        from tui.dialogs.interviewer import InterviewerDialog

        index = self._cursor()
        if index is not None:
            self.app.push_screen(InterviewerDialog(self.interviewers[index]), self._edited(index))

    def action_remove_interviewer(self) -> None:
        index = self._cursor()
        if index is not None:
            del self.interviewers[index]
            self._show_interviewers()
            self.changed()

    # Follow-ups ---------------------------------------------------------------------------

    def action_log_reply(self) -> None:
        self._new_followup(reply=True)

    def action_new_followup(self) -> None:
        self._new_followup(reply=False)

    def _new_followup(self, reply: bool) -> None:
        from tui.screens.followup_editor import open_new_followup

        if self.new:
            self.notify("Save the interview first (ctrl+s), then add its follow-ups.", severity="warning")
            return
        open_new_followup(self, self.record.id, None, reply=reply)

    # The round's follow-ups and agenda ----------------------------------------------------

    def show_journal(self, update: Any) -> None:
        super().show_journal(update)
        if self.is_mounted:
            self.show_related()

    def show_related(self) -> None:
        app = self.journal_app
        journal = app.journal
        if journal is None:
            return
        table = self.query_one("#round-followups", DataTable)
        table.clear()
        for item in journal.followups_by_interview.get(self.record.id, []) if not self.new else []:
            when = format_when(item.date) if item.date else "(no date)"
            kind = KIND_LABELS.get(item.kind, item.kind)
            cells = (when, "←" if item.is_reply else "→", kind, item.to or "", item.status, item.subject or "")
            table.add_row(*(Text(cell) for cell in cells), key=item.id)
        table.display = table.row_count > 0
        due = [item for item in app.items if item.interview == self.record.id and not self.new]
        text = "\n".join(
            f"{item.due:%a %d %b} · {item.title} ({STATE_WORDS.get(item.state, item.state)}): {item.reason}"
            for item in due
        )  # fmt: skip
        self.query_one("#round-due", Static).update(text or "Nothing due.")
