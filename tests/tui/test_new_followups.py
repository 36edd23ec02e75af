"""Replies and new follow-ups in one key, from Today, Interviews, the interview editor and the
palette: pre-filled, with an interview picker, and nothing written until the user saves."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select
from tui_helpers import ACME, GLOBEX, goto, open_acme, settle

from journal import load
from tui.screens.followup_editor import FollowupEditor


def followup_files(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "followups").iterdir())


def editor_of(app) -> FollowupEditor:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, FollowupEditor), app.screen
    return app.screen


def value(editor: FollowupEditor, name: str) -> object:
    return editor.query_one(f"#f-{name}").value  # type: ignore[attr-defined]


async def test_a_reply_logged_from_today_is_written_on_save_and_moves_the_status_check(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = followup_files(journal_dir)
    item = f"status-check:{GLOBEX}"
    assert next(i for i in app.items if i.id == item).state == "overdue"
    await goto(pilot, item)
    await pilot.press("l")
    await settle(pilot)
    editor = editor_of(app)
    fields = {name: value(editor, name) for name in ("kind", "interview", "to", "direction", "status", "channel")}
    assert fields == {"kind": "reply", "interview": GLOBEX, "to": "Sam Carter", "direction": "in",
                      "status": "received", "channel": "email"}  # fmt: skip
    assert str(value(editor, "date")).startswith("2026-11-25T")  # now, to the minute
    assert followup_files(journal_dir) == before  # nothing written yet
    await pilot.press(*"We decide next week.", "ctrl+s")
    await settle(pilot)
    [new] = set(followup_files(journal_dir)) - set(before)
    assert new == "2026-11-25-reply-sam-carter.md"
    reply = load(journal_dir, use_cache=False).followups[new[:-3]]
    assert (reply.kind, reply.direction, reply.status, reply.interview) == ("reply", "in", "received", GLOBEX)
    assert reply.body == "We decide next week.\n"
    moved = next(i for i in app.items if i.id == item)
    assert moved.state == "upcoming" and moved.due > app.as_of  # the reply restarted the clock


async def test_esc_on_an_untouched_new_followup_writes_nothing_and_does_not_ask(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = followup_files(journal_dir)
    await pilot.press("f")
    await settle(pilot)
    editor = editor_of(app)
    assert (value(editor, "kind"), value(editor, "direction"), value(editor, "status")) == ("other", "out", "draft")
    await pilot.press("escape", "escape")  # the first leaves the message body, the second the editor
    await settle(pilot)
    assert not isinstance(app.screen, FollowupEditor) and not app.dirty_editors
    assert followup_files(journal_dir) == before


async def test_new_followup_from_the_interviews_table_picks_the_interview(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("slash", *"acme", "enter", "f")
    await settle(pilot)
    editor = editor_of(app)
    picker = editor.query_one("#f-interview", Select)
    assert picker.value == ACME and value(editor, "to") == "Jane Doe"  # the last person written to
    ids = [option for _, option in editor.options_of("interview") or []]
    assert set(ids) == set(app.journal.interviews) and ids[0] == "2026-11-27-hooli-sre-onsite"  # newest first
    picker.value = GLOBEX  # the picker, not a free-text id
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)
    record = load(journal_dir, use_cache=False).followups["2026-11-25-other-jane-doe"]
    assert (record.interview, record.status, record.direction) == (GLOBEX, "draft", "out")


async def test_log_reply_from_the_interview_editor_and_from_a_message(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = followup_files(journal_dir)
    interview_editor = await open_acme(pilot)
    await pilot.press("ctrl+r")
    await settle(pilot)
    editor = editor_of(app)
    assert (value(editor, "kind"), value(editor, "interview"), value(editor, "to")) == ("reply", ACME, "Jane Doe")
    await pilot.press("escape", "escape")
    await settle(pilot)
    assert app.screen is interview_editor and followup_files(journal_dir) == before
    message = app.journal.followups["2026-11-20-thank-you-jane-doe"]
    await app.push_screen(FollowupEditor(message))
    await settle(pilot)
    await pilot.press("ctrl+r")  # its reply: pre-filled, not written
    await settle(pilot)
    reply = editor_of(app)
    assert reply.new and value(reply, "subject") == f"Re: {message.subject}"
    assert followup_files(journal_dir) == before


async def test_the_palette_offers_log_a_reply_everywhere(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await pilot.press("p")  # People has no interview of its own: the picker starts empty
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"Log a reply")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    editor = editor_of(app)
    assert value(editor, "interview") == Select.NULL and value(editor, "kind") == "reply"
    assert editor.focused is editor.query_one("#f-interview")
