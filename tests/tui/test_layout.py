"""The app fits the terminal: at 80x24 the useful columns, the help and the footer keys are on
screen; at 120 dates are whole; at 200 columns grow and the editors put the form beside the body."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_helpers import AS_OF, open_acme, settle

from tui.app import FollowupApp
from tui.screens.help import HelpScreen
from tui.widgets.paged_table import Column, fit_columns


async def started(journal_dir: Path, size: tuple[int, int]) -> AsyncIterator[tuple[FollowupApp, Pilot[object]]]:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


@pytest.fixture
async def narrow(journal_dir: Path) -> AsyncIterator[tuple[FollowupApp, Pilot[object]]]:
    async for desk in started(journal_dir, (80, 24)):
        yield desk


@pytest.fixture
async def wide(journal_dir: Path) -> AsyncIterator[tuple[FollowupApp, Pilot[object]]]:
    async for desk in started(journal_dir, (200, 50)):
        yield desk


def on_screen(table: DataTable[object]) -> list[str]:
    """The labels of the columns wholly inside the table's visible width, left to right."""
    shown, x = [], -int(table.scroll_x)
    for column in table.ordered_columns:
        right = x + column.get_render_width(table)
        if x >= 0 and right <= table.scrollable_content_region.width:
            shown.append(str(column.label))
        x = right
    return shown


def cells(table: DataTable[object], row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def test_interviews_at_80_columns_keep_the_useful_ones_and_right_shows_the_stage(narrow) -> None:  # type: ignore[no-untyped-def]
    app, pilot = narrow
    await pilot.press("i")
    await settle(pilot)
    table = app.screen.query_one("#interviews", DataTable)
    assert on_screen(table) == ["Company", "Role", "Date", "Outcome", "Next action", "Due"]
    assert "2026-11-20" in cells(table, 1)  # the Acme onsite's date, without its time
    await pilot.press("right")
    assert "Stage" in on_screen(table)
    await pilot.press("left")
    assert on_screen(table)[0] == "Company"


async def test_people_at_80_columns_show_the_next_check_in_and_right_shows_the_counts(narrow) -> None:  # type: ignore[no-untyped-def]
    app, pilot = narrow
    await pilot.press("p")
    await settle(pilot)
    table = app.screen.query_one("#people", DataTable)
    assert on_screen(table) == ["Name", "Company", "Relationship", "Last touch", "Next check-in"]
    assert any("Priya Nair" in line and "2026-11-25" in line for line in table_lines(table))
    for _ in range(3):
        await pilot.press("right")
    assert on_screen(table)[-2:] == ["Rounds", "Messages"]


async def test_interviews_at_120_columns_show_whole_dates(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    table = app.screen.query_one("#interviews", DataTable)
    assert on_screen(table) == ["Company", "Role", "Stage", "Date", "Outcome", "Next action", "Due"]
    row = cells(table, 1)
    assert "2026-11-20 14:00" in row and "2026-11-21" in row
    widths = {str(column.label): column.width for column in table.ordered_columns}
    assert widths["Date"] >= len("2026-11-20 14:00") and widths["Due"] >= len("2026-11-21")


async def test_today_at_80_columns_shows_nudges_and_why(narrow) -> None:  # type: ignore[no-untyped-def]
    app, pilot = narrow
    table = app.screen.query_one("#agenda", DataTable)
    assert on_screen(table) == ["Due", "To do", "Who", "Interview", "Nudges", "Why"]


async def test_at_200_columns_the_long_text_gets_the_room(wide) -> None:  # type: ignore[no-untyped-def]
    app, pilot = wide
    agenda = app.screen.query_one("#agenda", DataTable)
    widths = {str(column.label): column.width for column in agenda.ordered_columns}
    titles = [cells(agenda, row)[3] for row in range(agenda.row_count)]
    assert widths["Interview"] >= max(map(len, titles))  # "Globex — Platform Engineer (phone screen)" whole
    await pilot.press("i")
    await settle(pilot)
    table = app.screen.query_one("#interviews", DataTable)
    assert sum(column.get_render_width(table) for column in table.ordered_columns) >= 190


def table_lines(table: DataTable[object]) -> list[str]:
    """The table's lines as drawn on the screen."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_today_shows_short_values_whole_at_80_columns_and_marks_what_it_cuts(journal_dir: Path) -> None:
    """At 80 columns `25 Nov 09:30` and `Record next steps` are whole (not `09:3` and `step`) and a
    long value cut ends in `…`; narrower, a round's time stays whole in its short form."""
    (journal_dir / "interviews" / "2026-11-25-initech-data-engineer-phone.md").write_text(
        "---\ncompany: Initech\nrole: Data Engineer\nstage: phone\ndate: 2026-11-25T09:30\n"
        "interviewers:\n  - name: Peter Gibbons\n---\n",
        encoding="utf-8",
    )
    async for app, pilot in started(journal_dir, (80, 24)):
        table = app.screen.query_one("#agenda", DataTable)
        lines = table_lines(table)
        assert any("25 Nov 09:30  Ask next steps" in line for line in lines), lines
        assert any("Record next steps" in line for line in lines), lines
        assert any("Peter Gib… " in line for line in lines), lines  # cut, and says so
        await pilot.resize_terminal(70, 24)
        await settle(pilot)
        lines = table_lines(table)
        assert any(line.startswith(" Wed 09:30   Ask next st…") for line in lines), lines


def test_fitting_gives_what_rounding_leaves_to_the_column_nearest_whole() -> None:
    columns = [Column("due", "Due", 10, 12), Column("do", "To do", 12, 17), Column("why", "Why", 5, 40, grow=1)]
    assert [w for _, w in fit_columns(columns, 10 + 12 + 5 + 6 + 6)] == [12, 16, 5]  # not 11, 16 and 6
    wide_date = [Column("date", "Date", 10, 16), Column("next", "Next", 12, 17), Column("why", "Why", 5, 40, grow=1)]
    assert [w for _, w in fit_columns(wide_date, 10 + 12 + 5 + 6 + 1)] == [10, 13, 5]  # Next lacks less than Date


def test_fitting_shares_the_room_short_columns_first() -> None:
    columns = [Column("a", "A", 10, 30, grow=1), Column("b", "B", 6, 10), Column("c", "C", 4, 8, spare=True)]
    assert [w for _, w in fit_columns(columns, 100)] == [100 - 6 - 10 - 8, 10, 8]  # all whole, the rest to a
    assert [w for _, w in fit_columns(columns, 40)] == [40 - 6 - 10 - 8, 10, 8]  # b whole before a grows
    narrow = fit_columns(columns, 20)  # not even the least widths: c goes last, a and b share the screen
    assert [(column.key, w) for column, w in narrow] == [("a", 10), ("b", 6), ("c", 8)]


async def test_help_at_80x24_is_whole_and_scrolls_to_its_last_line(narrow) -> None:  # type: ignore[no-untyped-def]
    app, pilot = narrow
    await pilot.press("question_mark")
    await settle(pilot)
    assert isinstance(app.screen, HelpScreen)
    box = app.screen.query_one(".dialog").region
    assert box.x >= 0 and box.y >= 0 and box.right <= 80 and box.bottom <= 24
    text = app.screen.query_one("#help-text")
    assert text.max_scroll_y > 0 and app.focused is text
    await pilot.press("pagedown", "pagedown", "pagedown")
    await settle(pilot)
    assert text.scroll_y == text.max_scroll_y


@pytest.mark.parametrize("keys", [(), ("i",)], ids=["today", "interviews"])
async def test_the_footer_shows_whole_keys_and_help_at_80_columns(narrow, keys) -> None:  # type: ignore[no-untyped-def]
    app, pilot = narrow
    await pilot.press(*keys)
    await settle(pilot)
    shown = [key for key in app.screen.query("FooterKey") if key.display]
    assert all(key.region.right <= 80 and key.region.width > 0 for key in shown)
    labels = " ".join(str(key.render()) for key in shown)
    assert "Help" in labels and "palette" in labels


async def test_the_editor_puts_the_form_beside_the_notes_at_200_columns(wide) -> None:  # type: ignore[no-untyped-def]
    app, pilot = wide
    editor = await open_acme(pilot)
    fields, body = editor.query_one("#form-fields").region, editor.query_one("#form-body").region
    assert body.x >= fields.right and body.y == fields.y
    assert editor.query_one("#body").region.height > 14


async def test_the_editor_stacks_the_form_above_the_notes_at_120_columns(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = await open_acme(pilot)
    fields, body = editor.query_one("#form-fields").virtual_region, editor.query_one("#form-body").virtual_region
    assert body.y >= fields.bottom and body.x == fields.x


async def test_a_resized_terminal_lays_the_table_and_the_editor_out_again(narrow) -> None:  # type: ignore[no-untyped-def]
    app, pilot = narrow
    await pilot.press("i")
    await settle(pilot)
    table = app.screen.query_one("#interviews", DataTable)
    await pilot.press("down")
    await pilot.resize_terminal(200, 50)
    await settle(pilot)
    assert on_screen(table) == ["Company", "Role", "Stage", "Date", "Outcome", "Next action", "Due"]
    assert "2026-11-20 14:00" in cells(table, 1) and table.cursor_row == 1  # whole dates; the cursor stays
    editor = await open_acme(pilot)
    assert editor.query_one("#form-body").region.x >= editor.query_one("#form-fields").region.right
    await pilot.resize_terminal(80, 24)
    await settle(pilot)
    assert editor.query_one("#form-body").virtual_region.y >= editor.query_one("#form-fields").virtual_region.bottom


async def test_a_click_on_a_moved_column_sorts_by_that_column(narrow) -> None:  # type: ignore[no-untyped-def]
    app, pilot = narrow
    await pilot.press("i")
    await settle(pilot)
    table = app.screen.query_one("#interviews", DataTable)
    x = sum(column.get_render_width(table) for column in table.ordered_columns[:5]) + 2  # the Due header
    await pilot.click("#interviews", offset=(x, 0))
    await settle(pilot)
    assert "sorted by Due" in str(app.screen.query_one("#interviews-count").render())
