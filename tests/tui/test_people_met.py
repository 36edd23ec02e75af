"""Before the interview, too: right after a new round is created, and on ctrl+o, a form adds
everyone met (name, email, title) in one go."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import ACME, open_acme, settle

from journal import load
from tui.dialogs.people_met import PeopleMetDialog
from tui.screens.interview_editor import InterviewEditor


async def test_a_new_round_asks_for_the_people_met_and_saves_them(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    await pilot.press(*"Umbrella", "tab", *"SRE", "ctrl+s")
    await settle(pilot)
    path = journal_dir / "interviews" / "2026-11-25-umbrella-sre.md"
    assert path.exists() and isinstance(app.screen, PeopleMetDialog)
    await pilot.press(*"Ada Wong", "tab", *"ada@", "tab", *"Engineering Manager", "tab")
    await pilot.press(*"Leon Kennedy", "tab", "tab", *"Staff SRE", "enter")
    await settle(pilot)
    assert isinstance(app.screen, PeopleMetDialog)  # 'ada@' is no email address: nothing added yet
    assert "Row 1: not an email address" in str(app.screen.query_one("#people-error").render())
    await pilot.press(*"umbrella.example", "enter")  # the cursor went back to it
    await settle(pilot)
    assert app.screen is editor
    people = load(journal_dir, use_cache=False).interviews[path.stem].interviewers
    assert [(p.name, p.email, p.title) for p in people] == [
        ("Ada Wong", "ada@umbrella.example", "Engineering Manager"),
        ("Leon Kennedy", None, "Staff SRE"),
    ]
    assert not editor.dirty


async def test_ctrl_o_adds_people_to_an_existing_round_and_cancel_writes_nothing(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    path = journal_dir / "interviews" / f"{ACME}.md"
    before = path.read_bytes()
    editor = await open_acme(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)
    await pilot.press(*"Nobody", "escape")
    await settle(pilot)
    assert app.screen is editor and path.read_bytes() == before
    await pilot.press("ctrl+o")
    await settle(pilot)
    await pilot.press("ctrl+a")  # a fourth row
    await settle(pilot)
    await pilot.press(*"Maya Chen", "tab", *"maya@acme.example", "ctrl+s")
    await settle(pilot)
    names = [p.name for p in load(journal_dir, use_cache=False).interviews[ACME].interviewers]
    assert names[-1] == "Maya Chen" and len(names) == len(editor.record.interviewers)
