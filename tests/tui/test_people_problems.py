"""People (with history), Problems, help and the command palette."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import DataTable, Static
from tui_helpers import settle

from tui.dialogs.history import HistoryDialog, history_lines
from tui.screens.help import HelpScreen
from tui.screens.people import PeopleScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.today import TodayScreen


async def test_people_lists_everyone_met_and_h_shows_history(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("p")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    table = screen.query_one("#people", DataTable)
    names = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
    assert set(names) == {"Jane Doe", "Raj Patel", "Sam Carter", "Bill Lumbergh", "Gavin Belson", "Priya Nair"}
    priya = table.get_row_at(names.index("Priya Nair"))
    assert [str(cell) for cell in priya[:5]] == ["Priya Nair", "Umbrella", "recruiter", "", "2026-11-25"]
    jane = table.get_row_at(names.index("Jane Doe"))
    assert str(jane[3]) == "2026-11-20"  # the interview and the thank-you, same day
    for _ in range(names.index("Jane Doe")):
        await pilot.press("down")
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(app.screen, HistoryDialog)
    lines = history_lines(app.journal, "jane-doe")
    assert lines[0].startswith("2026-11-20T14:00") and "interview" in lines[0]
    assert "→ Thank-you note (sent) — Thank you — Backend Engineer interview" in lines[1]
    await pilot.press("escape")
    assert isinstance(app.screen, PeopleScreen)


async def test_problems_name_file_line_and_message_and_the_rest_works(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    assert len(app.journal.interviews) == 4  # everything else loaded
    await pilot.press("e")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ProblemsScreen)
    row = [str(cell) for cell in screen.query_one("#problems", DataTable).get_row_at(0)]
    assert row[:4] == ["followups/2026-11-21-bad.md", "3", "1", "error"]
    assert "duplicate key 'kind'" in row[5]
    assert "1 error, " in str(screen.query_one("#problems-count", Static).render())


async def test_help_lists_the_keys_of_the_screen(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    text = str(app.screen.query_one(".help-body Static", Static).render())
    assert "d              Mark done" in text and "ctrl+g         Commit" in text
    await pilot.press("escape")
    assert isinstance(app.screen, TodayScreen)


async def test_palette_offers_the_screens_actions_and_runs_them(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*"go to people")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, PeopleScreen)


async def test_palette_offers_the_current_screens_actions(desk, journal_dir) -> None:  # type: ignore[no-untyped-def]
    from tui_helpers import ACME, goto

    app, pilot = desk
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"mark item done")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    assert "status: sent" in (journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md").read_text()
