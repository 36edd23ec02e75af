"""Where things live in a journal folder: each name spelled once, for the core, the site and the app.

A journal is a folder of plain files, and every part of the product walks the same few
names: the loader reads the record folders, `init` creates them, the site's watcher and the
app's watch them, and the cache, the site's build state, the app's snapshot and kept
conflict copies all go in the one git-ignored cache folder. Written here once, they cannot
drift apart. Standard library only (and the core's problem types), so any module may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.problems import JournalNotFound

CONFIG = "journal.yaml"
"""The settings file; its presence marks a journal's root."""
INTERVIEWS = "interviews"
FOLLOWUPS = "followups"
PEOPLE = "people"
FOLDERS = (INTERVIEWS, FOLLOWUPS, PEOPLE)
"""The record folders, in the order they are loaded."""
TEMPLATES = "templates"
"""The user's own message templates (`templates/thank-you.md` overrides the built-in one)."""
CACHE_DIR = ".followup"
"""Git-ignored, never a record: the load cache, the site's build state, the app's snapshot, kept conflict copies."""
RACY_NS = 2_000_000_000
"""A file modified this close to when its stat was recorded (in the load cache, the site's stamp)
may change again without its stat moving (racy git): it is read again next time."""


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """`--journal DIR`, else $FOLLOWUP_JOURNAL, else the nearest folder up with journal.yaml."""
    chosen = explicit if explicit is not None else os.environ.get("FOLLOWUP_JOURNAL") or None
    if chosen is not None:
        root = Path(chosen).expanduser()
        if not root.is_dir():
            raise JournalNotFound(f"{root}: no such journal folder")
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise JournalNotFound(f"no journal found at or above {here} (no {CONFIG}); run 'followup init' or pass -C DIR")
