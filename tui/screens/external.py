"""Hand the terminal to the user's own editor on one journal file, then read that file again.

The app suspends (Textual's `App.suspend`: the terminal as it was before the app started),
runs `$VISUAL` or `$EDITOR` — which may carry options, `code -w` — at the line when the editor
takes `+LINE`, and on return reloads the file through the live journal, so every screen shows
what the editor wrote. With neither variable set it says how to set one rather than guess.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

if TYPE_CHECKING:
    from tui.screens.base import JournalScreen

PLUS_LINE = frozenset({"vi", "vim", "nvim", "view", "gvim", "nano", "pico", "emacs", "emacsclient", "micro", "kak"})
"""Editors that open a file at a line given as `+LINE` before it (others get the file alone)."""

NO_EDITOR = (
    "Neither $VISUAL nor $EDITOR is set, so there is no editor to open {rel} in. "
    "Set one in your shell (e.g. export EDITOR=nano) and start the app again."
)


def editor_command(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The user's editor as a command line: `$VISUAL`, else `$EDITOR` (both may carry options); [] if neither."""
    for name in ("VISUAL", "EDITOR"):
        words = shlex.split(environ.get(name, ""))
        if words:
            return words
    return []


def editor_name(environ: Mapping[str, str] = os.environ) -> str:
    """What to call the editor in a button or message (`nano`, or `$EDITOR` when none is set)."""
    words = editor_command(environ)
    return Path(words[0]).name if words else "$EDITOR"


def editor_argv(words: list[str], path: Path, line: int | None = None) -> list[str]:
    """The command that opens `path` (at `line` when the editor understands `+LINE`)."""
    at = [f"+{line}"] if line and line > 1 and Path(words[0]).name in PLUS_LINE else []
    return [*words, *at, str(path)]


def open_in_editor(screen: JournalScreen, rel: str, line: int | None = None, reload: bool = True) -> bool:
    """Suspend the app, edit `rel` (relative to the journal) in the user's editor, reload it; False if it did not run.

    `reload=False` leaves the reload to the caller (a save that follows reloads when it is written).
    """
    app = screen.journal_app
    words = editor_command()
    if not words:
        app.notify(NO_EDITOR.format(rel=rel), title="No editor", severity="warning", timeout=12)
        return False
    command = editor_argv(words, app.root / rel, line)
    try:
        with app.suspend():
            subprocess.run(command, check=False)
    except SuspendNotSupported:
        app.notify(f"This terminal cannot hand over to {Path(words[0]).name}; edit {rel} elsewhere.", timeout=10)
        return False
    except OSError as exc:
        app.notify(
            f"Could not start {words[0]} ({exc.strerror or exc}); check $VISUAL / $EDITOR.",
            title="Editor not started",
            severity="error",
            timeout=10,
        )
        return False
    if reload:
        app.reload(frozenset({rel}))
        app.refresh_git()
    return True
