"""The follow-up editor's "Open in your mail client": the draft as an unsent .eml, as `followup
compose --eml` writes it (`journal.compose.write_eml`), opened by the desktop's file opener.

Nothing is sent: the mail client opens the file as a new message (`X-Unsent: 1`) and the user
sends it from there. The file goes to `.followup/outbox/` (never committed), and its Message-ID
is kept on the follow-up, so the reply, once imported, threads back to it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journal.layout import CACHE_DIR

if TYPE_CHECKING:
    from journal import FollowUp, Journal
    from tui.screens.base import JournalScreen

OUTBOX = f"{CACHE_DIR}/outbox"


def opener() -> list[str] | None:
    """The desktop's "open this file with its application" command, when there is one."""
    if sys.platform == "darwin" and shutil.which("open"):
        return ["open"]
    for name in ("xdg-open", "wslview"):
        if shutil.which(name):
            return [name]
    return None


def hand_to_mail_client(screen: JournalScreen, journal: Journal, followup: FollowUp) -> None:
    """Write the .eml and open it, in a worker; say where the file is and whether it opened."""
    screen.run_worker(lambda: _write_and_open(screen, journal, followup), thread=True, group="compose")


def _write_and_open(screen: JournalScreen, journal: Journal, followup: FollowUp) -> None:
    from journal.compose import write_eml
    from journal.problems import JournalError
    from tui.drafts import still_to_fill

    app = screen.app
    root = Path(journal.root)
    target = root / OUTBOX / f"{followup.id}.eml"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_eml(root, journal, followup, target)
    except (OSError, JournalError) as exc:
        app.call_from_thread(screen.notify, f"The draft file was not written: {exc}", severity="error", timeout=10)
        return
    command = opener()
    opened = False
    if command is not None:
        try:
            opened = subprocess.run([*command, str(target)], capture_output=True, timeout=15).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            opened = False
    where = f"{OUTBOX}/{target.name}"
    said = (
        f"Opened {where} in your mail client: send it from there (nothing was sent)."
        if opened
        else f"Wrote {where}; no program to open it was found: open it in your mail client to send it."
    )
    blanks = still_to_fill(followup.subject, followup.body)
    if blanks:
        said += "".join(f" {blank}." for blank in blanks)
        app.call_from_thread(screen.notify, said, severity="warning", timeout=15)
    else:
        app.call_from_thread(screen.notify, said, timeout=12)
