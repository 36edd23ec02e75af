"""An agenda item: one thing to do, as the follow-up rules (`journal.agenda`) produce it.

A module of its own, beneath the rules, so the rule modules that `agenda` calls
(`checkins` builds items, `holds` matches drafts to them) can name the type without
importing `agenda` back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ACTION_LABELS = {
    "ask-next-steps": "Ask next steps",
    "thank-you": "Thank-you note",
    "linkedin": "LinkedIn request",
    "status-check": "Status check",
    "check-in": "Check-in",
    "record-next-steps": "Record next steps",
    "mark-ghosted": "Mark ghosted",
}
"""Each action in words, as the app and the site show it."""
KIND_LABELS = {
    "thank-you": "Thank-you note",
    "next-steps": "Next-steps question",
    "linkedin": "LinkedIn request",
    "status-check": "Status check",
    "check-in": "Check-in",
    "reply": "Reply",
    "other": "Message",
}
"""Each follow-up kind in words, at the start of a title ("LinkedIn request to Raj Patel")."""
_TO = {"thank-you": "to", "linkedin": "to", "status-check": "to", "check-in": "with"}


@dataclass(frozen=True)
class Item:
    """One thing to do: stable id, action, due day, state and a reason in plain words."""

    id: str
    action: str
    due: date
    state: str
    """`overdue`, `today` or `upcoming`, relative to as_of; `missed` for a thank-you too late to send;
    `snoozed` for an item a draft dated ahead holds back (`journal.holds`)."""
    interview: str | None
    company: str | None
    role: str | None
    person: str | None
    """The person's name (None for actions about the process itself)."""
    person_id: str | None
    reason: str
    held_by: str | None = None
    """For a snoozed item, the id of the draft that holds it back."""

    @property
    def title(self) -> str:
        """The action in words, with whom: "Thank-you note to Raj Patel", "Mark ghosted"."""
        label = ACTION_LABELS.get(self.action, self.action)
        return f"{label} {_TO.get(self.action, 'with')} {self.person}" if self.person else label

    def as_json(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "action": self.action,
            "due": self.due.isoformat(),
            "state": self.state,
            "interview": self.interview,
            "company": self.company,
            "role": self.role,
            "person": self.person,
            "reason": self.reason,
        }
