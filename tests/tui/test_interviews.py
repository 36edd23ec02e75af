"""Interviews and the interview editor, driven by keys; assertions on the files written."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static
from tui_helpers import ACME, GLOBEX, git, settle

from journal import load
from tui.dialogs.confirm import ChoiceDialog
from tui.dialogs.interviewer import InterviewerDialog
from tui.screens.interview_editor import InterviewEditor
from tui.screens.interviews import InterviewsScreen


async def open_interviews(pilot):  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InterviewsScreen)
    return screen


async def test_filter_narrows_the_table_as_you_type(desk) -> None:  # type: ignore[no-untyped-def]
    _app, pilot = desk
    screen = await open_interviews(pilot)
    table = screen.query_one("#interviews", DataTable)
    assert table.row_count == 4
    await pilot.press("slash", *"raj")  # an interviewer's name matches too
    await pilot.pause()
    assert [row.id for row in screen.shown] == [ACME]
    assert table.row_count == 1
    assert "1 of 4 interviews" in str(screen.query_one("#interviews-count", Static).render())
    await pilot.press("backspace", "backspace", "backspace", *"nothing-like-this")
    await pilot.pause()
    assert table.row_count == 0


async def test_sort_by_key_and_by_header_click(desk) -> None:  # type: ignore[no-untyped-def]
    _app, pilot = desk
    screen = await open_interviews(pilot)
    assert screen.shown[0].cells[0] == "Hooli"  # newest first by default
    await pilot.press("s", "s", "s", "s")  # date -> outcome -> next -> due -> company, ascending
    await pilot.pause()
    assert [row.cells[0] for row in screen.shown] == ["Acme Corp", "Globex", "Hooli", "Initech"]
    await pilot.press("r")
    await pilot.pause()
    assert screen.shown[0].cells[0] == "Initech"
    await pilot.press("s", "s", "s", "s", "s")  # company -> role -> stage -> date -> outcome -> next action
    await pilot.pause()
    assert screen.sort_column == 5
    dues = [row.cells[6] or "9999" for row in screen.shown]
    assert dues == sorted(dues), "the next action ranks by how soon it is due, not by its name"
    await pilot.click("#interviews", offset=(55, 0))  # the Stage header
    await pilot.pause()
    assert screen.sort_column == 2
    assert [row.cells[2] for row in screen.shown] == sorted(row.cells[2] for row in screen.shown)


async def test_edit_one_field_changes_one_line(repo_dir: Path) -> None:
    from tui_helpers import AS_OF, SIZE

    from tui.app import FollowupApp

    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_interviews(pilot)
        await pilot.press("slash", *"acme", "enter", "enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, InterviewEditor)
        editor.query_one("#f-location", Input).focus()
        await pilot.press("end", *" (room 2)")
        assert editor.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
        assert "uncommitted" in app.sub_title
        assert screen is not None
    diff = git(repo_dir, "diff", "--numstat")
    assert diff.split() == ["1", "1", f"interviews/{ACME}.md"]
    assert "+location: Zoom (room 2)" in git(repo_dir, "diff")


async def test_invalid_date_is_shown_at_the_field_and_nothing_is_saved(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = (journal_dir / "interviews" / f"{GLOBEX}.md").read_bytes()
    await open_interviews(pilot)
    await pilot.press("slash", *"globex", "enter", "enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    editor.query_one("#f-decision_by", Input).focus()
    await pilot.press(*"next friday")
    assert "YYYY-MM-DD" in str(editor.query_one("#err-decision_by", Static).render())
    editor.query_one("#f-interest", Input).focus()
    await pilot.press("9")
    assert "1 to 5" in str(editor.query_one("#err-interest", Static).render())
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert (journal_dir / "interviews" / f"{GLOBEX}.md").read_bytes() == before
    assert app.focused is editor.query_one("#f-decision_by", Input)


async def test_new_interview_with_an_interviewer(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await open_interviews(pilot)
    await pilot.press("n")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    await pilot.press(*"Umbrella", "tab", *"SRE: on-call #2")
    await pilot.press("ctrl+a")
    await pilot.pause()
    assert isinstance(app.screen, InterviewerDialog)
    await pilot.press(*"Ada Wong", "tab", "tab", *"ada@", "enter")
    await pilot.pause()
    assert isinstance(app.screen, InterviewerDialog)  # the bad email keeps the dialog open
    await pilot.press(*"umbrella.example", "tab", *"linkedin.com/in/ada", "enter")
    await pilot.pause()
    assert "https://" in str(app.screen.query_one("#iv-err-linkedin", Static).render())
    app.screen.query_one("#iv-linkedin", Input).value = "https://www.linkedin.com/in/ada"
    await pilot.press("enter")
    await pilot.pause()
    assert editor.interviewers[0].email == "ada@umbrella.example"
    await pilot.press("ctrl+s")
    await settle(pilot)
    path = journal_dir / "interviews" / "2026-11-25-umbrella-sre-on-call-2.md"
    record = load(journal_dir, use_cache=False).interviews[path.stem]
    assert record.role == "SRE: on-call #2"
    assert record.interviewers[0].linkedin == "https://www.linkedin.com/in/ada"
    assert editor.sub_title.endswith(f"interviews/{path.name}")


async def test_leaving_with_unsaved_changes_asks(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await open_interviews(pilot)
    await pilot.press("slash", *"hooli", "enter", "enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    await pilot.press("end", *" Inc")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, ChoiceDialog)
    await pilot.click("#cancel")  # keep editing
    await pilot.pause()
    assert app.screen is editor and editor.dirty
    await pilot.press("escape")
    await pilot.pause()
    await pilot.click("#discard")
    await pilot.pause()
    assert isinstance(app.screen, InterviewsScreen)
    assert "Hooli Inc" not in (journal_dir / "interviews" / "2026-11-27-hooli-sre-onsite.md").read_text()


async def test_the_rounds_followups_open_from_the_editor(desk) -> None:  # type: ignore[no-untyped-def]
    from tui.screens.followup_editor import FollowupEditor

    app, pilot = desk
    await open_interviews(pilot)
    await pilot.press("slash", *"acme", "enter", "enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    due = str(editor.query_one("#round-due", Static).render())
    assert "Thank-you note to Raj Patel (overdue)" in due and "Status check to Jane Doe (upcoming)" in due
    assert "[" not in due
    editor.query_one("#round-followups", DataTable).focus()
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, FollowupEditor)
    assert app.screen.record.id == "2026-11-20-thank-you-jane-doe"
