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


async def goto(pilot, item_id: str) -> None:  # type: ignore[no-untyped-def]
    """Move the agenda cursor to an item by pressing down, as a user would."""
    from tui.screens.today import TodayScreen

    screen = pilot.app.screen
    assert isinstance(screen, TodayScreen)
    for _ in range(40):
        current = screen.current()
        if current is not None and current.id == item_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{item_id} is not on the agenda")
