"""A person's history: the rounds they were in and every message to or from them, in date order."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from journal import Journal
from journal.items import KIND_LABELS
from journal.records import format_when, moment


def history_lines(journal: Journal, person_id: str) -> list[str]:
    """One line per round and per message, oldest first (undated drafts last)."""
    person = journal.people[person_id]
    events: list[tuple[datetime, str]] = []
    for round_id in person.interviews:
        interview = journal.interviews[round_id]
        events.append((moment(interview.date), f"{format_when(interview.date):16}  interview    {interview.title}"))
    for item_id in person.followups:
        item = journal.followups[item_id]
        arrow = "←" if item.is_reply else "→"
        subject = f" — {item.subject}" if item.subject else ""
        when = format_when(item.date) if item.date else "(no date)"
        order = moment(item.date) if item.date else datetime.max
        kind = KIND_LABELS.get(item.kind, item.kind)
        events.append((order, f"{when:16}  {arrow} {kind} ({item.status}){subject}"))
    events.sort(key=lambda pair: pair[0])
    return [text for _, text in events]


class HistoryDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "dismiss", "Close")]

    def __init__(self, journal: Journal, person_id: str) -> None:
        super().__init__()
        self.journal, self.person_id = journal, person_id

    def compose(self) -> ComposeResult:
        person = self.journal.people[self.person_id]
        about = ", ".join(part for part in (person.title, person.company, person.relationship) if part)
        contact = "  ".join(part for part in (person.email, person.linkedin) if part)
        with Vertical(classes="dialog wide"):
            yield Label(f"{person.name}" + (f" — {about}" if about else ""), classes="question", markup=False)
            if contact:
                yield Static(contact, markup=False)
            with VerticalScroll(classes="history"):
                yield Static(
                    "\n".join(history_lines(self.journal, self.person_id)) or "Nothing logged yet.", markup=False
                )
            if person.record is not None and person.record.body.strip():
                yield Static(person.record.body.strip(), classes="notes", markup=False)
            yield Static("escape closes", classes="hint")
