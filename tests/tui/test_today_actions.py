"""Today's daily loop by keys: the guard on `d`, undo, skip, snooze and missed thank-yous."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label
from tui_helpers import ACME, AS_OF, GLOBEX, SIZE, goto, settle

from journal.agenda import GUARD_TITLE
from tui.app import FollowupApp
from tui.dialogs.confirm import ConfirmDialog


def _followups(root: Path) -> set[str]:
    return {path.name for path in (root / "followups").glob("*.md")}


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


async def test_d_on_an_early_status_check_shows_the_guard_and_cancel_writes_nothing(journal_dir: Path) -> None:
    _set(journal_dir / "interviews" / f"{ACME}.md", "decision_by: 2026-11-25", "decision_by: 2026-11-27")
    before = _followups(journal_dir)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, f"status-check:{ACME}")
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        question = str(dialog.query_one(".question", Label).render())
        assert question.startswith(f"{GUARD_TITLE}:")
        assert "they promised a decision by Fri 27 Nov; give them until then" in question
        await pilot.press("enter")  # the default is cancel
        await settle(pilot)
        assert _followups(journal_dir) == before
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")  # send anyway
        await settle(pilot)
    (new,) = _followups(journal_dir) - before
    text = (journal_dir / "followups" / new).read_text()
    assert "kind: status-check" in text and "status: sent" in text


async def test_d_without_reasons_writes_at_once(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = _followups(journal_dir)
    await goto(pilot, f"status-check:{GLOBEX}")
    await pilot.press("d")
    await settle(pilot)
    assert not isinstance(app.screen, ConfirmDialog)
    assert len(_followups(journal_dir) - before) == 1
