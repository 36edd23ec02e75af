"""Snapshots of every screen on a fixed date (update with --snapshot-update after a look): the main ones at
80x24, 120x36 and 200x50 (`test_fits_the_terminal`), the others at 120x36 and dialogs at 80x24 too."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tui_helpers import ACME, AS_OF, GLOBEX, SIZE, goto, settle

from tui.app import FollowupApp

Step = Callable[[Pilot[Any]], Coroutine[Any, Any, None]]


def steady(*steps: Step, theme: str | None = None) -> Callable[[Pilot[Any]], Coroutine[Any, Any, None]]:
    """Wait for the journal, run the steps, then stop cursors blinking so frames are identical."""

    async def run_before(pilot: Pilot[Any]) -> None:
        if theme:
            pilot.app.theme = theme
        await settle(pilot)
        for step in steps:
            await step(pilot)
            await settle(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


def keys(*names: str) -> Step:
    async def press(pilot: Pilot[Any]) -> None:
        await pilot.press(*names)

    return press


def to_item(item_id: str) -> Step:
    async def move(pilot: Pilot[Any]) -> None:
        await goto(pilot, item_id)

    return move


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param((keys("i", "slash", *"globex"),), id="interviews_filtered"),
        pytest.param((keys("p"),), id="people"),
        pytest.param((keys("e"),), id="problems"),
        pytest.param((to_item("linkedin:jane-doe"), keys("enter")), id="followup_editor_linkedin"),
        pytest.param((keys("p", "down", "h"),), id="person_history"),
    ],
)
def test_screen(steps: tuple[Step, ...], journal_dir: Path, snap_compare: Any) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=steady(*steps))


def test_today_in_a_light_theme(journal_dir: Path, snap_compare: Any) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=steady(theme="textual-light"))


def conflict_on_save(pilot: Pilot[Any]) -> Coroutine[Any, Any, None]:
    """The user changes the role and a note while the same file gets other ones on disk, then saves."""
    editor = pilot.app.screen
    editor.query_one("#f-role", Input).value = "Staff Engineer"
    body = editor.query_one("#body", TextArea)
    body.text = body.text.replace("Good conversation.", "Great conversation, and they liked the Kafka story.")
    path = pilot.app.root / "interviews" / f"{ACME}.md"  # type: ignore[attr-defined]
    text = path.read_text().replace("role: Backend Engineer", "role: Principal Engineer")
    path.write_text(text.replace("location: Zoom", "location: Google Meet").replace("Good conversation.", "Short."))
    return pilot.press("ctrl+s")


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x36"])
def test_merge_dialog(size: tuple[int, int], journal_dir: Path, snap_compare: Any) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    steps = (keys("i", "slash", *"acme", "enter", "enter"), conflict_on_save)
    assert snap_compare(app, terminal_size=size, run_before=steady(*steps))


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x36"])
def test_owner_dialog(size: tuple[int, int], journal_dir: Path, snap_compare: Any) -> None:
    yaml = journal_dir / "journal.yaml"
    yaml.write_text(yaml.read_text().replace("owner: Alex Example\n", ""))
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    assert snap_compare(app, terminal_size=size, run_before=steady(keys(*"Dana")))


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x36"])
def test_reply_from_today(
    size: tuple[int, int], journal_dir: Path, snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    monkeypatch.setattr("tui.screens.followup_editor.now", lambda journal: datetime(2026, 11, 25, 18, 30))
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    assert snap_compare(app, terminal_size=size, run_before=steady(to_item(f"status-check:{GLOBEX}"), keys("l")))


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x36"])
def test_pestering_guard_dialog(size: tuple[int, int], journal_dir: Path, snap_compare: Any) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)

    async def early_nudge(pilot: Pilot[Any]) -> None:
        from datetime import date

        from journal import FollowUp
        from tui.screens.followup_editor import FollowupEditor

        body = "Hi Jane, any news on the Backend Engineer role?\n"
        draft = FollowUp(id="", kind="status-check", interview=ACME, to="Jane Doe", date=date(2026, 11, 24), body=body)
        await pilot.app.push_screen(FollowupEditor(draft, new=True))

    steps = (early_nudge, keys("ctrl+s"))
    assert snap_compare(app, terminal_size=size, run_before=steady(*steps))


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x36"])
def test_people_met_form(size: tuple[int, int], journal_dir: Path, snap_compare: Any) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    steps = (keys("i"), keys("slash", *"acme", "enter", "enter"), keys("ctrl+o"), keys(*"Maya Chen", "tab", *"maya@"))
    assert snap_compare(app, terminal_size=size, run_before=steady(*steps))


SIZES = [(80, 24), (120, 36), (200, 50)]
SCREENS = {
    "today": (),
    "interviews": (keys("i"),),
    "interview_editor": (keys("i", "slash", *"acme", "enter", "enter"),),
    "help": (keys("question_mark"),),
}


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_fits_the_terminal(screen: str, size: tuple[int, int], journal_dir: Path, snap_compare: Any) -> None:
    """The main screens at a small, a usual and a wide terminal: columns, keys and the form all readable."""
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    assert snap_compare(app, terminal_size=size, run_before=steady(*SCREENS[screen]))


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param((keys("i", "right"),), id="interviews_scrolled_right"),
        pytest.param((keys("i", "slash", *"acme", "enter", "enter", *["tab"] * 7, "end", "x"),), id="bad_value"),
        pytest.param((keys("i", "slash", *"acme", "enter", "enter", "f1", "end"),), id="editor_help_end"),
    ],
)
def test_at_80x24(steps: tuple[Step, ...], journal_dir: Path, snap_compare: Any) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady(*steps))
