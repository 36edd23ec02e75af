"""Problems found while reading a journal, and the small exception tree of the core.

Loading never stops at the first problem: every bad file becomes one or more
`Problem` rows that name the file, the line and the field, and the rest loads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, in the `path:line:col: severity: message` shape."""

    path: str
    """The file, relative to the journal root, with forward slashes."""
    line: int = 1
    """1-based line in the file (line 1 when the key is absent)."""
    col: int = 0
    """1-based column, or 0 when unknown."""
    severity: Severity = "error"
    message: str = ""
    field: str | None = None
    """The front-matter key concerned, when there is one."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.col:
            where += f":{self.col}"
        return f"{where}: {self.severity}: {self.message}"


def files_with_errors(problems: Iterable[Problem]) -> int:
    """How many files an error leaves out of the journal: a file can have several errors, and a
    warning leaves none out. What the app and the command line say ("2 files with errors")."""
    return len({problem.path for problem in problems if problem.severity == "error"})


class JournalError(Exception):
    """Base of every error the core raises on purpose."""


class JournalNotFound(JournalError):
    """No journal folder could be found (no journal.yaml at or above the folder)."""


class SaveError(JournalError):
    """A save failed; the file on disk is unchanged."""


class ConflictError(SaveError):
    """The file changed on disk since it was loaded; saving would lose someone's edit."""


class RecordError(JournalError):
    """A record given to the core is not valid (used for command-line input)."""
