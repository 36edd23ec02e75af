"""Where things live in a journal folder: each name spelled once, for the core, the site and the app.

A journal is a folder of plain files, and every part of the product walks the same few
names: the loader reads the record folders, `init` creates them, the site's watcher and the
app's watch them, and the cache, the site's build state, the app's snapshot and kept
conflict copies all go in the one git-ignored cache folder. Written here once, they cannot
drift apart. No imports, so any module may use it.
"""

from __future__ import annotations

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
