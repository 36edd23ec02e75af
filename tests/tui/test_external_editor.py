"""Open in $EDITOR: the app hands the terminal over, the editor edits the file, the app shows the edit.

The test's headless driver cannot really suspend, so it is told it can: `App.suspend` then runs
its own code (signals, driver calls, redirects) around the real `subprocess.run` of the editor.
The editor is a script named `vim`, so the app passes it `+LINE`, that logs its arguments and
edits the file as an editor would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import DataTable, Input
from tui_helpers import ACME, AS_OF, SIZE, open_acme, said_by, settle, wait_for

from tui.app import FollowupApp
from tui.screens.external import editor_argv, editor_command
from tui.screens.interviews import InterviewsScreen
from tui.screens.problems import ProblemsScreen, widths

REL = f"interviews/{ACME}.md"
BAD = "followups/2026-11-21-bad.md"

EDITOR_SCRIPT = """
import json, sys
from pathlib import Path
log = Path(sys.argv[1])
args = sys.argv[2:]
log.write_text(json.dumps(args))
path = Path(args[-1])
text = path.read_text()
text = text.replace("location: Zoom", "location: Office").replace("kind: reply\\n", "")
path.write_text(text)
"""


@pytest.fixture
def fake_vim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is `vim <log>` (a Python script with an option of its own); returns the file its argv goes to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "vim"
    script.write_text(f"#!{sys.executable}\n{EDITOR_SCRIPT}")
    script.chmod(0o755)
    log = tmp_path / "argv.json"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{script} {log}")
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    return log


def argv(log: Path) -> list[str]:
    return list(json.loads(log.read_text()))


async def test_f4_in_the_interview_editor_opens_the_file_and_shows_the_edit(journal_dir: Path, fake_vim: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        assert editor.query_one("#f-location", Input).value == "Zoom"
        await pilot.press("f4")
        await settle(pilot)
        assert argv(fake_vim) == [str(journal_dir / REL)]  # no line known: the file alone
        await wait_for(pilot, lambda: editor.query_one("#f-location", Input).value == "Office")
        assert app.screen is editor and not editor.dirty
        assert app.journal is not None and app.journal.interviews[ACME].location == "Office"


async def test_f4_with_unsaved_edits_is_refused_and_nothing_runs(journal_dir: Path, fake_vim: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-interest", Input).value = "5"
        await pilot.press("f4")
        await settle(pilot)
        assert not fake_vim.exists()
        assert any("unsaved edits here" in message for message in said), said
        assert editor.dirty and editor.query_one("#f-interest", Input).value == "5"


async def test_f4_on_an_interviews_row_reloads_the_table(journal_dir: Path, fake_vim: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("slash", *"acme", "enter", "f4")
        await settle(pilot)
        assert isinstance(app.screen, InterviewsScreen)
        assert argv(fake_vim) == [str(journal_dir / REL)]
        await wait_for(pilot, lambda: app.journal is not None and app.journal.interviews[ACME].location == "Office")


async def test_enter_on_a_problem_opens_its_file_at_the_line_and_the_fix_clears_it(
    journal_dir: Path, fake_vim: Path
) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert argv(fake_vim) == ["+3", str(journal_dir / BAD)]
        table = screen.query_one("#problems", DataTable)
        await wait_for(pilot, lambda: table.row_count == 0)
        assert app.journal is not None and "2026-11-21-bad" in app.journal.followups


async def test_without_visual_or_editor_the_app_says_how_to_set_one(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any(f"no editor to open {BAD} in" in m and "export EDITOR=" in m for m in said), said


async def test_problems_wrap_long_messages_at_80_columns(journal_dir: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        table = app.screen.query_one("#problems", DataTable)
        message = str(table.get_row_at(0)[5])
        (row,) = table.rows.values()
        assert row.height > 1  # the message wraps instead of running off the edge
        widest = sum(column.get_render_width(table) for column in table.columns.values())
        assert widest <= 80
        message_width = list(table.columns.values())[5].get_render_width(table) - 2
        assert message_width * row.height >= len(message)  # every word of it is on screen


def test_editor_command_and_line_argument() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "nano -w"}) == ["nano", "-w"]
    assert editor_command({"VISUAL": " ", "EDITOR": ""}) == []
    assert editor_argv(["/usr/bin/nvim"], Path("a.md"), 7) == ["/usr/bin/nvim", "+7", "a.md"]
    assert editor_argv(["code", "-w"], Path("a.md"), 7) == ["code", "-w", "a.md"]
    assert editor_argv(["emacs", "-nw"], Path("a.md"), 1) == ["emacs", "-nw", "a.md"]
    assert widths(80, 27)[0] + widths(80, 27)[1] <= 80 - 29


async def test_f4_on_a_today_item_opens_its_interview(journal_dir: Path, fake_vim: Path) -> None:
    from tui_helpers import goto

    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, f"thank-you:{ACME}:raj-patel")  # no draft yet: the item's file is its interview
        await pilot.press("f4")
        await settle(pilot)
        assert argv(fake_vim) == [str(journal_dir / REL)]
        await wait_for(pilot, lambda: app.journal is not None and app.journal.interviews[ACME].location == "Office")
