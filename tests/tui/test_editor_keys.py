"""The editors' keys as a keyboard user expects them: Tab through everything, Esc out of the body,
F1 for help, ctrl+z for fields as well as the body, and a bad value that stays readable."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static, TextArea
from tui_helpers import AS_OF, open_acme, settle, typed_at_once

from tui.app import FollowupApp
from tui.screens.help import HelpScreen
from tui.screens.interview_editor import InterviewEditor

FORM = ["f-company", "f-role", "f-stage", "f-date", "f-format", "f-location", "f-next_steps", "f-decision_by",
        "f-follow_up_on", "f-outcome", "f-interest", "f-snooze_until", "f-tags"]  # fmt: skip
AFTER_FORM = ["interviewers", "add-interviewer", "edit-interviewer", "remove-interviewer", "body", "round-followups"]


async def test_tab_goes_through_every_field_the_notes_included_and_back(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await open_acme(pilot)
    order = [app.focused.id]
    for _ in range(len(FORM) + len(AFTER_FORM)):
        await pilot.press("tab")
        order.append(app.focused.id)
    assert order == [*FORM, *AFTER_FORM, "f-company"]  # out of the notes and round to the top
    backwards = []
    for _ in range(3):
        await pilot.press("shift+tab")
        backwards.append(app.focused.id)
    assert backwards == ["round-followups", "body", "remove-interviewer"]
    assert "\t" not in app.screen.query_one("#body", TextArea).text


async def test_one_esc_leaves_the_notes_the_next_leaves_the_editor(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = await open_acme(pilot)
    editor.query_one("#body", TextArea).focus()
    await pilot.press("ctrl+right_square_bracket")
    assert editor.query_one("#body", TextArea).text.startswith("    ## Talking points")
    await pilot.press("ctrl+z")  # the body's own undo, in the body
    assert editor.query_one("#body", TextArea).text.startswith("## Talking points")
    await pilot.press("escape")
    assert app.screen is editor and app.focused is not None and app.focused.id != "body"
    await pilot.press("escape")
    await settle(pilot)
    assert not isinstance(app.screen, InterviewEditor)


async def test_indent_is_in_the_footer_only_in_the_notes(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = await open_acme(pilot)

    def footer_keys() -> str:
        return " ".join(str(key.render()) for key in editor.query("FooterKey") if key.display)

    assert "Indent" not in footer_keys()
    editor.query_one("#body", TextArea).focus()
    await settle(pilot)
    assert "Indent" in footer_keys()


async def test_f1_opens_help_in_an_editor_and_question_mark_types_in_a_field(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = await open_acme(pilot)
    await pilot.press("end", "question_mark")
    assert editor.query_one("#f-company", Input).value == "Acme Corp?"
    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(app.screen, HelpScreen)
    text = str(app.screen.query_one("#help-text Static", Static).render())
    for line in ("Interview editor keys", "ctrl+s", "Save", "Add interviewer", "Indent", "Next field", "Undo", "f1"):
        assert line in text
    await pilot.press("f1")
    await settle(pilot)
    assert app.screen is editor


async def test_ctrl_z_undoes_the_last_edited_field_then_the_one_before(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = await open_acme(pilot)
    location = editor.query_one("#f-location", Input)
    location.focus()
    await pilot.press("end", *" HQ")
    stage = editor.query_one("#f-stage", Select)
    stage.value = "final"
    await settle(pilot)
    assert editor.dirty
    await pilot.press("ctrl+z")  # the stage, a step of its own
    await settle(pilot)
    assert stage.value == "onsite" and location.value == "Zoom HQ"
    await pilot.press("ctrl+z")  # " HQ" typed in one go is one step
    await settle(pilot)
    assert location.value == "Zoom" and app.focused is location
    assert not editor.dirty and not editor.sub_title.startswith("●")
    await pilot.press("ctrl+y")
    await settle(pilot)
    assert location.value == "Zoom HQ" and editor.dirty


async def test_undo_brings_back_a_valid_value_and_clears_its_message(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = await open_acme(pilot)
    editor.query_one("#f-decision_by", Input).focus()
    await pilot.press("end", "x")
    assert editor.errors.get("decision_by")
    await pilot.press("ctrl+z")
    await settle(pilot)
    assert editor.query_one("#f-decision_by", Input).value == "2026-11-25" and "decision_by" not in editor.errors


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_a_bad_value_stays_readable_with_its_message_under_it(journal_dir, size) -> None:  # type: ignore[no-untyped-def]
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        field = editor.query_one("#f-decision_by", Input)
        field.focus()
        await pilot.press("end", "x")
        await settle(pilot)
        message = editor.query_one("#err-decision_by", Static)
        assert field.value == "2026-11-25x" and field.region.height == 1  # one row, the text in it
        assert "YYYY-MM-DD" in str(message.render())
        assert message.region.y == field.region.y + 1 and message.region.x == field.region.x  # just under it
        assert message.region.right <= size[0] and message.region.width >= 30  # whole, on screen


async def test_a_save_pressed_right_after_typing_keeps_the_last_letters(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    editor = await open_acme(pilot)
    path = app.root / editor.record.source.path
    editor.query_one("#f-location", Input).focus()
    await pilot.press("end")
    typed_at_once(app, "space", "H", "Q", "ctrl+s")
    await settle(pilot)
    assert editor.query_one("#f-location", Input).value == "Zoom HQ"
    assert "location: Zoom HQ\n" in path.read_text()
