"""The editors' first keystrokes: typed the moment an editor opens, none is lost or taken as clean."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Button, Input, TextArea
from tui_helpers import settle

from tui.dialogs.confirm import ChoiceDialog, ConfirmDialog
from tui.dialogs.interviewer import InterviewerDialog
from tui.screens.followup_editor import FollowupEditor
from tui.screens.interview_editor import InterviewEditor

HOOLI = Path("interviews") / "2026-11-27-hooli-sre-onsite.md"


async def burst(app, text: str | list[str], turns: int) -> None:  # type: ignore[no-untyped-def]
    """Keys arriving in one read (a fast typist, a paste) `turns` event-loop turns after the editor was pushed."""
    for _ in range(turns):
        await asyncio.sleep(0)
    for key in text:
        char = key if len(key) == 1 else None
        app.post_message(events.Key("space" if key == " " else key, char))


@pytest.mark.parametrize("turns", [0, 12, 24, 36, 48, 80])
async def test_a_burst_of_keys_as_the_editor_opens_is_kept_and_unsaved(desk, turns: int) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = InterviewEditor(app.journal.interviews[HOOLI.stem])
    app.push_screen(editor)
    await burst(app, " Inc", turns)
    await settle(pilot)
    assert editor.query_one("#f-company", Input).value == "Hooli Inc"
    assert editor.dirty and editor.sub_title.startswith("● unsaved")


@pytest.mark.parametrize("turns", [0, 24, 48, 80])
async def test_tab_typed_ahead_moves_on_before_the_next_keys(desk, turns: int) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = InterviewEditor(app.journal.interviews[HOOLI.stem])
    app.push_screen(editor)
    await burst(app, [" ", "I", "tab", " ", "I", "I", "tab", "shift+tab", "!"], turns)
    await settle(pilot)
    assert editor.query_one("#f-company", Input).value == "Hooli I"
    assert editor.query_one("#f-role", Input).value == "SRE II!"


async def test_tab_leaves_the_message_body_and_ctrl_bracket_indents(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = FollowupEditor(app.journal.followups["2026-11-20-thank-you-jane-doe"])
    await app.push_screen(editor)
    await settle(pilot)
    await pilot.press("ctrl+right_square_bracket")
    assert editor.query_one("#body", TextArea).text.startswith("    Hi Jane") and app.focused.id == "body"
    await pilot.press("tab")
    assert app.focused.id != "body" and editor.query_one("#body", TextArea).text.startswith("    Hi Jane")


@pytest.mark.parametrize("turns", [0, 24, 48])
async def test_a_burst_of_keys_as_the_followup_editor_opens_is_kept_and_unsaved(desk, turns: int) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = FollowupEditor(app.journal.followups["2026-11-20-thank-you-jane-doe"])
    app.push_screen(editor)
    await burst(app, "P.S. ", turns)
    await settle(pilot)
    assert editor.query_one("#body", TextArea).text.startswith("P.S. Hi Jane")
    assert editor.dirty and editor.sub_title.startswith("● unsaved")


async def test_keys_typed_as_the_interview_editor_opens_are_kept_and_unsaved(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"hooli", "enter", "enter", *" Inc")  # no pause after opening
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    company = editor.query_one("#f-company", Input)
    assert company.value == "Hooli Inc"
    assert company.selection.is_empty and company.cursor_position == len("Hooli Inc")
    await settle(pilot)
    assert company.value == "Hooli Inc"
    assert editor.dirty and editor.sub_title.startswith("● unsaved")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, ChoiceDialog)  # Esc asks instead of dropping the edit
    assert "Hooli Inc" not in (journal_dir / HOOLI).read_text()


async def test_a_question_mark_typed_first_does_not_replace_the_company(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"hooli", "enter", "enter", "question_mark")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    assert editor.query_one("#f-company", Input).value == "Hooli?"
    assert editor.dirty


async def test_an_editor_opened_and_left_untouched_is_clean(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"acme", "enter", "enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    assert not editor.dirty and not editor.sub_title.startswith("●")
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, ChoiceDialog)


async def test_keys_typed_as_the_followup_editor_opens_are_kept_and_unsaved(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    record = app.journal.followups["2026-11-20-thank-you-jane-doe"]
    app.push_screen(FollowupEditor(record))
    await pilot.press(*"P.S. ")  # the body has the focus; no pause after opening
    editor = app.screen
    assert isinstance(editor, FollowupEditor)
    await settle(pilot)
    body = editor.query_one("#body", TextArea)
    assert body.text.startswith("P.S. Hi Jane")
    assert editor.dirty and editor.sub_title.startswith("● unsaved")
    await pilot.press("escape", "escape")  # the first leaves the message body, the second the editor
    await pilot.pause()
    assert isinstance(app.screen, ChoiceDialog)


async def test_the_unsaved_changes_question_defaults_to_keep_editing(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"hooli", "enter", "enter", *" Inc", "escape")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, ChoiceDialog)
    assert isinstance(app.focused, Button) and app.focused.id == "cancel"
    await pilot.press("enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor) and editor.dirty
    assert editor.query_one("#f-company", Input).value == "Hooli Inc"
    assert "Hooli Inc" not in (journal_dir / HOOLI).read_text()


async def test_keys_typed_as_the_interviewer_dialog_opens_add_to_the_name(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"hooli", "enter", "enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, InterviewEditor)
    editor.action_edit_interviewer()
    await pilot.press(*" Jr")  # no pause after opening
    dialog = app.screen
    assert isinstance(dialog, InterviewerDialog)
    assert dialog.query_one("#iv-name", Input).value == "Gavin Belson Jr"


async def test_quit_with_unsaved_edits_defaults_to_staying(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"hooli", "enter", "enter", *" Inc", "ctrl+q")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmDialog)
    await pilot.press("enter")
    await settle(pilot)
    assert app.is_running and isinstance(app.screen, InterviewEditor)


async def test_keys_typed_while_a_save_runs_stay_unsaved(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = InterviewEditor(app.journal.interviews[HOOLI.stem])
    await app.push_screen(editor)
    await settle(pilot)
    await pilot.press(*" Inc", "ctrl+s", *" Ltd")
    await settle(pilot)
    assert "company: Hooli Inc\n" in (journal_dir / HOOLI).read_text()
    assert editor.query_one("#f-company", Input).value == "Hooli Inc Ltd"
    assert editor.dirty and editor.sub_title.startswith("● unsaved")
