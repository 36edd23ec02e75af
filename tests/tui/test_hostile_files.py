"""The app on files people paste into: it loads, Problems names each with its line, and a failure is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input
from tui_helpers import AS_OF, SIZE, settle

from tui.app import FollowupApp
from tui.screens.problems import ProblemsScreen
from tui.screens.today import TodayScreen

PASTED = (
    '---\ncompany: "Lumen\u2028Labs"\nrole: Dev\u2029Ops\ndate: 2026-11-24\nstage: lunch\n---\nFrom\u2028the web.\n'
)
TYPO = "---\ncompany: Typo\nrole: Dev\ndate: 0226-11-20\n---\n"


async def test_separators_and_a_year_typo_load_and_are_listed_with_their_lines(journal_dir: Path) -> None:
    (journal_dir / "interviews" / "2026-11-24-lumen.md").write_text(PASTED, encoding="utf-8")
    (journal_dir / "interviews" / "0226-11-20-typo.md").write_text(TYPO, encoding="utf-8")
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.journal is not None
        assert app.journal.interviews["2026-11-24-lumen"].company == "Lumen\u2028Labs"
        assert isinstance(app.screen, TodayScreen)
        assert "refreshing" not in str(app.screen.query_one("#today-summary").render())
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one("#problems", DataTable)
        rows = {(str(row[0]), str(row[1]), str(row[4])) for row in map(table.get_row_at, range(table.row_count))}
        assert ("interviews/0226-11-20-typo.md", "4", "date") in rows
        assert ("interviews/2026-11-24-lumen.md", "5", "stage") in rows


async def test_a_load_that_fails_says_so_instead_of_refreshing_forever(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journal.refresh

    def broken(root: Path, use_cache: bool = True) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(journal.refresh, "load", broken)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [notice.message for notice in app._notifications]
        assert any("could not be loaded" in message and "IndexError" in message for message in messages)


@pytest.mark.parametrize("separator", ["\u2028", "\x85\r", "\x0c"], ids=["LS", "NEL-CR", "FF"])
async def test_saving_another_field_keeps_a_body_with_separators_byte_for_byte(
    journal_dir: Path, separator: str
) -> None:
    from tui_helpers import ACME, open_acme

    path = journal_dir / "interviews" / f"{ACME}.md"
    original = path.read_bytes().decode()
    body = f"Pasted{separator}from a page.\n\nSecond{separator}line.\n"
    head = original[: original.index("\n---\n") + 5]
    path.write_bytes((head + body).encode())
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        assert not editor.dirty, "opening a record changes nothing"
        editor.query_one("#f-location", Input).focus()
        await pilot.press("end", *" (room 2)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
    text = path.read_bytes().decode()
    assert text.endswith("\n---\n" + body), "the body was not edited, so not a byte of it changes"
    assert "location: Zoom (room 2)\n" in text
