"""Shared constants and helpers of the terminal-app tests."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot

DATA = Path(__file__).resolve().parents[1] / "data" / "tui_journal"
AS_OF = date(2026, 11, 25)
"""A Wednesday; the fixture's Acme onsite was on Friday 20 November."""
SIZE = (120, 36)
ACME = "2026-11-20-acme-corp-backend-engineer-onsite"
GLOBEX = "2026-11-16-globex-platform-engineer-phone-screen"


def said_by(app: Any) -> list[str]:
    """Every notification the app shows from now on, in order (the app still shows them)."""
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, **options: (said.append(message), notify(message, **options))[-1]
    return said


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


async def open_acme(pilot):  # type: ignore[no-untyped-def]
    """Open the Acme onsite in the interview editor from the Interviews screen."""
    from tui.screens.interview_editor import InterviewEditor

    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"acme", "enter", "enter")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, InterviewEditor)
    return editor


def edit_on_disk(path: Path, old: str, new: str) -> None:
    """Another editor saves: temp file, then rename over the original."""
    temp = path.with_name(f".{path.name}.ext.tmp")
    temp.write_text(path.read_text().replace(old, new))
    os.replace(temp, path)


async def wait_for(pilot, condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def press_button(pilot, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Click a dialog button once it is on screen (dialogs compose after they are pushed)."""
    await wait_for(
        pilot, lambda: bool(pilot.app.screen.query(selector)) and pilot.app.screen.query_one(selector).region.area > 0
    )
    await pilot.click(selector)


def typed_at_once(app: Any, *keys: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: all in the app's queue before any is handled
    (`pilot.press` waits for each key, so it never shows a key overtaking the ones typed before it)."""
    for key in keys:
        character = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, character))
