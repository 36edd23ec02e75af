"""Shared constants and helpers of the terminal-app tests."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

DATA = Path(__file__).resolve().parents[1] / "data" / "tui_journal"
AS_OF = date(2026, 11, 25)
"""A Wednesday; the fixture's Acme onsite was on Friday 20 November."""
SIZE = (120, 36)
ACME = "2026-11-20-acme-corp-backend-engineer-onsite"
GLOBEX = "2026-11-16-globex-platform-engineer-phone-screen"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


async def settle(pilot: Pilot[object]) -> None:
    """Let workers (load, git, writes) finish and the screen redraw."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
