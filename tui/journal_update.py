"""What the app publishes to its screens each time the journal is (re)loaded.

Beneath both: the app builds it and the screens receive it, so it lives in neither and
neither has to import the other for it. (The screens still name the app class itself in
one annotation, `JournalScreen.journal_app`; see the import-linter contracts in pyproject.toml.)
"""

from __future__ import annotations

from dataclasses import dataclass

from journal import Item, Journal
from tui.agenda_rows import AgendaRow


@dataclass(frozen=True)
class JournalUpdate:
    """What screens receive when the journal was (re)loaded."""

    journal: Journal
    items: tuple[Item, ...]
    """The agenda as of the app's date."""
    changed: frozenset[str]
    """Paths (relative to the root) that changed on disk since the last load; empty for our own reloads."""
    today: tuple[AgendaRow, ...] = ()
    """The agenda as Today's rows (computed in the load worker)."""
