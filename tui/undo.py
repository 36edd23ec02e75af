"""Undo for what Today wrote: delete the files it created, give back the drafts it changed.

Kept in memory until the app closes (git keeps the history after that). Every step goes
through `journal.store`, so an undo refuses a file that changed since it was written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from journal import JournalError
from journal.store import Record, delete, save


@dataclass(frozen=True)
class Change:
    """One write Today made, and how to take it back."""

    label: str
    """What was done, as the notification said it (`Logged thank-you note to Raj Patel`)."""
    created: tuple[Record, ...] = ()
    """Files written anew, as written (with their digest)."""
    changed: tuple[tuple[Record, Record], ...] = field(default=())
    """Records saved over: (as they were before, as written)."""


def undo(root: Path, change: Change) -> int:
    """Take `change` back; returns how many files it restored or removed.

    A file edited since (in another editor, by a pull) is left alone: `ConflictError`, and the
    files already handled stay handled — say so rather than guess.
    """
    count = 0
    problems: list[str] = []
    for before, after in change.changed:
        try:
            save(root, dataclasses.replace(before, source=after.source))
            count += 1
        except JournalError as exc:
            problems.append(str(exc))
    for record in change.created:
        try:
            delete(root, record)
            count += 1
        except JournalError as exc:
            problems.append(str(exc))
    if problems:
        done = f"undid {count} of {len(change.created) + len(change.changed)}; " if count else ""
        raise JournalError(f"Not undone: {done}" + "; ".join(problems))
    return count
