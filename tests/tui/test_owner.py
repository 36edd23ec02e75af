"""The owner on first start: asked when journal.yaml has none, written keeping the file's
comments, skipped without writing anything (and asked again next start); drafts then sign."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea
from tui_helpers import ACME, AS_OF, SIZE, goto, settle

from tui.app import FollowupApp
from tui.dialogs.owner import OwnerDialog
from tui.screens.followup_editor import FollowupEditor

UNSET = """\
# My job search, autumn 2026
site_title: Alex's job search   # shown on the site
policy:
  holidays: [2026-11-26]   # Thanksgiving
"""


def without_owner(root: Path) -> Path:
    path = root / "journal.yaml"
    path.write_text(UNSET, encoding="utf-8")
    return path


async def test_first_start_asks_for_the_owner_and_writes_it_keeping_comments(journal_dir: Path) -> None:
    path = without_owner(journal_dir)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OwnerDialog)
        await pilot.press("enter")  # empty: refused at the field, nothing written
        await settle(pilot)
        assert isinstance(app.screen, OwnerDialog) and path.read_text() == UNSET
        await pilot.press(*"Your Name", "enter")  # a placeholder is never written
        await settle(pilot)
        assert isinstance(app.screen, OwnerDialog) and path.read_text() == UNSET
        await pilot.press(*["backspace"] * 9, *"  Dana   Smith ", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, OwnerDialog)
        assert path.read_text() == UNSET + "owner: Dana Smith\n"
        assert app.journal.settings.owner == "Dana Smith"
        await goto(pilot, f"thank-you:{ACME}:raj-patel")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowupEditor)
        assert app.screen.query_one("#body", TextArea).text.rstrip().endswith("Dana Smith")


async def test_skip_writes_nothing_and_the_next_start_asks_again(journal_dir: Path) -> None:
    path = without_owner(journal_dir)
    for _ in range(2):
        app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, OwnerDialog)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, OwnerDialog)
        assert path.read_text() == UNSET
        assert not any(journal_dir.glob("journal.yaml.*"))


async def test_a_journal_with_an_owner_is_not_asked(desk) -> None:  # type: ignore[no-untyped-def]
    app, _ = desk
    assert not isinstance(app.screen, OwnerDialog)
