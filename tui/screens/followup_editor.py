"""The follow-up editor: fields, the message, the pestering guard (live, and asked before a nudge
is written), the LinkedIn character count, copy to clipboard, mark as sent and log the reply."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from journal import FollowUp, Item, Journal
from journal.agenda import guard_text, pestering_guard
from journal.dates import parse_when
from journal.records import CHANNELS, DIRECTIONS, KINDS, STATUSES, day_of, format_when, moment
from journal.store import delete, followup_id
from journal.templates import note_count, note_length
from tui.cli_common import now
from tui.commands import Command
from tui.commit_message import message_name
from tui.drafts import sent_at, still_to_fill
from tui.screens.base import JournalScreen
from tui.screens.copying import copy_out
from tui.screens.editing import markdown_body, text_of
from tui.screens.saving import SavingEditor
from tui.widgets.body_area import BodyArea
from tui.widgets.footer import FitFooter


def _optional(text: str) -> str | None:
    return text.strip() or None


def _when(text: str) -> date | datetime | None:
    return parse_when(text) if text.strip() else None


FIELDS: tuple[tuple[str, str, Callable[[str], Any], tuple[str, ...] | None], ...] = (
    ("kind", "Kind", _optional, KINDS),
    ("to", "To / from", _optional, None),
    ("interview", "Interview", _optional, None),
    ("direction", "Direction", _optional, DIRECTIONS),
    ("channel", "Channel", _optional, CHANNELS),
    ("status", "Status", _optional, STATUSES),
    ("date", "Date", _when, None),
    ("subject", "Subject", _optional, None),
)
REQUIRED_SELECTS = ("kind", "direction", "status")
GUARDED = ("kind", "interview", "to", "direction", "status", "date")
"""The fields that make a save a nudge logged or drafted (a save of the wording alone is not asked about)."""


class FollowupEditor(SavingEditor):
    BINDINGS: ClassVar[list[BindingType]] = [
        *SavingEditor.BINDINGS,
        Binding("ctrl+t", "mark_sent", "Mark sent"),
        Binding("ctrl+l", "copy", "Copy body"),
        Binding("ctrl+r", "log_reply", "Log reply"),
        Binding("ctrl+n", "log_reply", show=False),
        Binding("ctrl+d", "delete", "Delete", priority=True),
    ]
    FIELDS = FIELDS
    REQUIRED_SELECTS = REQUIRED_SELECTS
    HINTS: ClassVar[dict[str, str]] = {
        "date": "YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        "interview": "(none: a check-in with a person)",
    }
    SEARCHABLE = ("interview",)
    REST: ClassVar[dict[str, str]] = {"body": "Message"}
    PALETTE: ClassVar[list[Command]] = [
        Command("Save follow-up", "Write the message (a draft stays a draft)", "save"),
        Command("Mark as sent", "Status sent, dated now (date and time), and save", "mark_sent"),
        Command("Copy body", "The message's body to the clipboard (the system's, else the terminal's)", "copy"),
        Command("Copy subject", "The subject line alone to the clipboard", "copy_subject"),
        Command("Copy as mailto:", "A mailto: address with the subject and body, for a short note", "copy_mailto"),
        Command(
            "Open in your mail client (.eml)",
            "The saved draft as an unsent message your mail client opens; nothing is sent",
            "compose_eml",
        ),
        Command("Log a reply to this message", "Their answer, pre-filled; written when you save", "log_reply"),
        Command("Delete follow-up", "Remove this message's file (asks first; git keeps its history)", "delete"),
        Command("Open in $EDITOR", "Edit this file in your own editor; the app reloads it after", "open_in_editor"),
        Command("Back", "Leave the editor (asks about unsaved changes)", "leave"),
    ]

    def __init__(self, record: FollowUp, new: bool = False) -> None:
        super().__init__(record, new)
        self._interviews: list[tuple[str, str]] | None = None

    def options_of(self, name: str) -> list[tuple[str, str]] | None:
        """The interview is picked from the journal's interviews (newest first; type to search)."""
        if name != "interview":
            return super().options_of(name)
        if self._interviews is None:
            self._interviews = interview_choices(self.journal_app.journal, self.record.interview)  # type: ignore[union-attr]
        return self._interviews

    def compose(self) -> ComposeResult:
        yield Header()
        # No Tab stop itself (it scrolls to the focused field); from 160 columns the fields sit beside the message
        with VerticalScroll(id="form", can_focus=False):
            with Vertical(id="form-fields"):
                yield from self.compose_fields()
                yield Static("", id="warnings", classes="warnings", markup=False)
            with Vertical(id="form-body"):
                yield Label("Message", classes="section")
                yield markdown_body(self.app)
                yield Static("", id="count", classes="hint")
        yield FitFooter()

    def prepare(self) -> None:
        super().prepare()
        record = self.record
        assert isinstance(record, FollowUp)
        name = message_name(record)
        first = name.split()[0]
        if self.new:  # "New thank-you note to…", but "New LinkedIn request to…"
            name = "New " + (name if any(c.isupper() for c in first[1:]) else name[0].lower() + name[1:])
        self.title = name
        # now, not after a refresh: the next key goes there
        start = "#f-interview" if self.new and not record.interview and record.kind != "check-in" else "#body"
        self.set_focus(self.query_one(start))

    def field_texts(self, record: FollowUp) -> dict[str, str]:
        texts = {}
        for name, *_ in FIELDS:
            value = getattr(record, name)
            texts[name] = "" if value is None else format_when(value) if name == "date" else str(value)
        return texts

    def fill_rest(self, record: FollowUp, names: Collection[str]) -> None:
        if "body" in names:
            self.query_one("#body", BodyArea).load_body(record.body)
        self.call_after_refresh(self.show_checks)

    def rest_state(self) -> dict[str, object]:
        return {"body": self.query_one("#body", BodyArea).body}

    def rest_state_of(self, record: FollowUp) -> dict[str, object]:
        return {"body": record.body}

    def check_field(self, name: str, value: Any) -> None:
        journal = self.journal_app.journal
        if name == "interview" and value and journal is not None and value not in journal.interviews:
            raise ValueError("no interview has this id")

    def build(self) -> FollowUp | None:
        values = self.field_values()
        if self.errors:
            return None
        values["body"] = self.query_one("#body", BodyArea).body
        record = self.record
        assert isinstance(record, FollowUp)
        return dataclasses.replace(record, **values)

    def new_id(self, record: FollowUp) -> str:
        day = day_of(record.date).isoformat() if record.date else self.journal_app.as_of.isoformat()
        return followup_id(self.journal_app.root, record.kind, day, record.to or "someone")

    # Live checks ------------------------------------------------------------------------

    def edited(self) -> None:
        self.show_checks()

    def form_record(self) -> FollowUp:
        """The record as the form shows it now, leniently: a field that does not parse keeps its old value."""
        record = self.record
        assert isinstance(record, FollowUp)
        values: dict[str, Any] = {}
        for name, _, parser, _ in FIELDS:
            try:
                values[name] = parser(text_of(self.query_one(f"#f-{name}")))  # type: ignore[arg-type]
            except ValueError:
                values[name] = getattr(record, name)
        return dataclasses.replace(record, **values, body=self.query_one("#body", BodyArea).body)

    def guard(self, record: FollowUp) -> list[str]:
        """The pestering guard's reasons for `record`, about to be written."""
        journal = self.journal_app.journal
        if journal is None:
            return []
        return pestering_guard(journal, journal.settings.policy, record, self.journal_app.as_of)

    def show_checks(self) -> None:
        """The pestering guard on the message as it stands, what is still to fill in, and the
        LinkedIn note's characters left."""
        journal = self.journal_app.journal
        record = self.form_record()
        said = [guard_text(reasons)] if (reasons := self.guard(record)) else []
        said += still_to_fill(record.subject, record.body) if record.direction == "out" else []
        box = self.query_one("#warnings", Static)
        box.update("\n".join(f"⚠ {text}" for text in said))
        box.display = bool(said)
        count = self.query_one("#count", Static)
        body = self.query_one("#body", TextArea).text
        if record.kind == "linkedin" and journal is not None:
            limit = journal.settings.policy.linkedin_note_limit
            count.update(note_count(body, limit))
            count.set_class(note_length(body) > limit, "-over")
        else:
            count.update(f"{note_length(body)} characters")
            count.set_class(False, "-over")

    # Actions ------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save; a nudge being logged or drafted first shows the guard's reasons, and a message
        being logged as sent what it still has to fill in (send anyway / cancel)."""
        from tui.dialogs.confirm import ConfirmDialog

        record = self.build()
        reasons = []
        if record is not None and self.guarded(record):
            if pestering := self.guard(record):
                reasons.append(guard_text(pestering))
            if record.status == "sent" and record.direction == "out":
                reasons += still_to_fill(record.subject, record.body)
        if not reasons:
            super().action_save()
            return
        assert record is not None

        def answer(anyway: bool | None) -> None:
            if anyway:
                super(FollowupEditor, self).action_save()
            else:
                self.notify("Not saved; nothing was written.")

        yes = "Send anyway" if record.status == "sent" else "Save anyway"
        self.app.push_screen(ConfirmDialog("\n\n".join(reasons), yes=yes, no="Cancel", default=False), answer)

    def guarded(self, record: FollowUp) -> bool:
        """Whether this save logs or drafts the message (new, or a change of who, when, what or its status)."""
        return self.new or any(getattr(record, name) != getattr(self.record, name) for name in GUARDED)

    def action_copy(self) -> None:
        body = self.query_one("#body", TextArea).text.strip()
        if not body:
            self.notify("The message is empty: nothing to copy.")
            return
        copy_out(self, body + "\n", "Body", still_to_fill(None, body))

    def action_copy_subject(self) -> None:
        subject = self.query_one("#f-subject", Input).value.strip()
        if not subject:
            self.notify("This message has no subject: nothing to copy.")
            return
        copy_out(self, subject, "Subject")

    def action_compose_eml(self) -> None:
        """The saved draft as an unsent .eml, opened in the mail client (`followup compose --eml`)."""
        from tui.screens.composing import hand_to_mail_client

        journal, record = self.journal_app.journal, self.record
        if self.new or self.dirty or journal is None or not isinstance(record, FollowUp):
            self.notify("Save the follow-up first (ctrl+s): the mail client gets what is saved.")
            return
        hand_to_mail_client(self, journal, record)

    def action_copy_mailto(self) -> None:
        """The message as a mailto: address (to the person's email when the journal knows it)."""
        from journal.compose import draft_of, mailto_link

        record, journal = self.form_record(), self.journal_app.journal
        if journal is None:
            return
        draft = draft_of(journal, record)  # as `followup compose --mailto` writes it
        try:
            url = mailto_link(draft.to_email, draft.subject, draft.body)
        except ValueError as exc:
            self.notify(f"Not copied: {exc}; copy the subject and the body instead.", severity="warning", timeout=10)
            return
        copy_out(self, url, "mailto: address" + ("" if draft.to_email else " (no email known: add the To)"))

    def action_mark_sent(self) -> None:
        self.query_one("#f-status", Select).value = "sent"
        date_input = self.query_one("#f-date", Input)
        journal = self.journal_app.journal
        if journal is not None and (
            not date_input.value.strip() or self.record.status in ("draft", "scheduled") or self.new  # type: ignore[union-attr]
        ):
            date_input.value = format_when(sent_at(journal, self.journal_app.as_of))  # the date and time it went
        self.call_after_refresh(self.action_save)

    def action_delete(self) -> None:
        """Remove the file after a confirm (default: keep); refused when it changed on disk since loaded."""
        from tui.dialogs.confirm import ConfirmDialog

        record = self.record
        if self.new or record.source is None:
            self.notify("This follow-up is not saved; Esc leaves it without writing anything.")
            return
        rel, root = record.source.path, self.journal_app.root

        def gone(_: object) -> None:
            self.journal_app.dirty_editors.discard(self)
            self.dismiss_editor()

        def answer(yes: bool | None) -> None:
            if yes:
                self.write(lambda: delete(root, record), f"Deleted {rel}", after=gone)

        unsaved = " and your unsaved edits" if self.dirty else ""
        history = (
            " (git keeps its history once committed)" if self.journal_app.git and self.journal_app.git.repo else ""
        )
        question = f"Delete {rel}{unsaved}?{history}"
        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep", default=False), answer)

    def action_log_reply(self) -> None:
        """Open their reply to this message, pre-filled; nothing is written until it is saved."""
        journal = self.journal_app.journal
        if journal is None:
            return
        about = self.form_record()
        reply = new_followup(journal, now_of(self), about.interview, about.to, reply=True, about=about)
        self.app.push_screen(FollowupEditor(reply, new=True))


def interview_choices(journal: Journal | None, current: str | None) -> list[tuple[str, str]]:
    """Every interview as (label, id), newest first; an id the journal lacks stays choosable, to be flagged."""
    interviews = (
        sorted(journal.interviews.values(), key=lambda i: (moment(i.date), i.id), reverse=True) if journal else []
    )
    choices = [(f"{i.day.isoformat()}  {i.title}", i.id) for i in interviews]
    if current and (journal is None or current not in journal.interviews):
        choices.insert(0, (f"{current} (not found)", current))
    return choices


def now_of(screen: JournalScreen) -> datetime:
    """The local time to the minute, on the app's day (fixed in tests)."""
    app = screen.journal_app
    current = now(app.journal)
    return datetime.combine(app.fixed_date, current.time()) if app.fixed_date else current


def new_followup(
    journal: Journal,
    when: datetime,
    interview: str | None,
    person: str | None,
    *,
    reply: bool,
    about: FollowUp | None = None,
) -> FollowUp:
    """A follow-up to write (or a reply received) about an interview, from `person` or whom it concerns.

    With no person given, a reply comes from the last person written to in that process, else
    its first interviewer; a reply `about` a message takes its channel and subject.
    """
    if person is None and interview in journal.interviews:
        round_ = journal.interviews[interview]
        sent = [
            f for f in journal.followups_by_interview.get(interview, []) if f.direction == "out" and f.to is not None
        ]
        if sent:
            person = max(sent, key=lambda f: (moment(f.date) if f.date else moment(round_.date), f.id)).to
        elif round_.interviewers:
            person = round_.interviewers[0].name
    if not reply:
        return FollowUp(id="", kind="other", interview=interview, to=person, direction="out", status="draft",
                        channel="email", date=when, body="")  # fmt: skip
    subject = about.subject if about is not None else None
    return FollowUp(
        id="",
        kind="reply",
        interview=interview,
        to=person,
        direction="in",
        channel=(about.channel if about is not None else None) or "email",
        status="received",
        date=when,
        subject=subject if subject is None or subject.startswith("Re: ") else f"Re: {subject}",
        body="",
    )


def open_new_followup(screen: JournalScreen, interview: str | None, person: str | None, *, reply: bool) -> None:
    """Open the follow-up editor on a new follow-up (or reply), pre-filled; written only when saved."""
    app = screen.journal_app
    if app.journal is None:
        screen.notify("Still loading the journal; one moment…")
        return
    record = new_followup(app.journal, now_of(screen), interview, person, reply=reply)
    screen.app.push_screen(FollowupEditor(record, new=True))


def open_for_item(screen: JournalScreen, item: Item | None, *, reply: bool) -> None:
    """A new follow-up (or reply) about an agenda item's interview and person."""
    open_new_followup(screen, item.interview if item else None, item.person if item else None, reply=reply)
