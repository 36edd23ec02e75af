"""Keeping a build's state between `followup build` runs, so the next run can be incremental.

The state (what each page was made from, timeline fragments, calendar events) is stored as JSON in
the journal's cache folder, never pickled, so a planted file cannot run code. It is used
only while the output folder's manifest is exactly the one it was saved with: if anything
else wrote the site since, it is ignored and the build starts from scratch.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal.atomic import atomic_write
from journal.layout import CACHE_DIR
from journal.problems import Problem
from site_builder.writer import manifest_digest


@dataclass
class BuildState:
    """What an incremental rebuild needs from the last build (opaque to callers)."""

    out: Path
    inputs: str = ""
    signatures: dict[str, str] = field(default_factory=dict)
    """Page path -> what it was made from: its inputs' hash (`site_builder.inputs`) for a
    per-record page, its template and context's hash for a journal-wide one."""
    files: dict[str, str] = field(default_factory=dict)
    markdown: dict[tuple[str, str], str] = field(default_factory=dict)
    fragments: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Month key -> (signature, zlib-compressed HTML): a large timeline stays small in memory."""
    pages: int = 0
    built: bool = False
    """Whether this state is a build's own (rather than read back from what a build left)."""
    calendar: dict[str, bytes] = field(default_factory=dict)


@dataclass
class BuildResult:
    out: Path
    written: list[str]
    """Relative paths whose bytes changed (or were created) in this build."""
    problems: list[Problem]
    state: BuildState
    aborted: bool = False
    """Strict mode found problems: nothing was written."""
    pages: int = 0
    """HTML pages in the site."""
    removed: list[str] = field(default_factory=list)


STATE_FILE = "site-state.json"
STATE_VERSION = 3


def save(
    root: Path,
    out: Path,
    signatures: dict[str, str],
    fragments: dict[str, tuple[str, bytes]],
    calendar: dict[str, bytes],
) -> None:
    """Best effort, like the load cache: a read-only journal still builds, just not incrementally."""
    data = {
        "version": STATE_VERSION,
        "out": str(out.resolve()),
        "manifest": manifest_digest(root, out),
        "signatures": signatures,
        "fragments": {key: [sig, base64.b64encode(data).decode()] for key, (sig, data) in fragments.items()},
        "calendar": {key: text.decode() for key, text in calendar.items()},
    }
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        atomic_write(folder / STATE_FILE, json.dumps(data).encode(), durable=False)
    except OSError:
        pass  # an optimisation only


Saved = tuple[dict[str, str], dict[str, tuple[str, bytes]], dict[str, bytes]]


def load(root: Path, out: Path) -> Saved | None:
    """The saved state for this output folder, or None if missing, foreign, damaged or out of date."""
    try:
        data: Any = json.loads((root / CACHE_DIR / STATE_FILE).read_text(encoding="utf-8"))
        if (
            data["version"] != STATE_VERSION
            or data["out"] != str(out.resolve())
            or data["manifest"] != manifest_digest(root, out)
        ):
            return None
        signatures = {str(k): str(v) for k, v in data["signatures"].items()}
        fragments = {str(k): (str(v[0]), base64.b64decode(v[1], validate=True)) for k, v in data["fragments"].items()}
        calendar = {str(k): str(v).encode() for k, v in data["calendar"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, binascii.Error):
        return None
    return signatures, fragments, calendar
