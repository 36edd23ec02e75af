"""The follow-up editor: pestering guard, LinkedIn count, mark as sent, log a reply (copying: test_copy.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea
from tui_helpers import ACME, AS_OF, GLOBEX, SIZE, press_button, settle, typed_at_once

from journal import FollowUp, load
from tui.app import FollowupApp
from tui.dialogs.confirm import ConfirmDialog
from tui.screens.followup_editor import FollowupEditor


async def open_draft(app, pilot, record: FollowUp, new: bool = True) -> FollowupEditor:  # type: ignore[no-untyped-def]
    editor = FollowupEditor(record, new=new)
    await app.push_screen(editor)
    await settle(pilot)
    return editor


def text(editor: FollowupEditor, selector: str) -> str:
    return str(editor.query_one(selector, Static).render())


async def test_early_status_check_warns_and_the_warning_follows_the_date(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    early = date(2026, 11, 24)
    draft = FollowUp(id="x", kind="status-check", interview=ACME, to="Jane Doe", date=early, body="Any news?\n")
    editor = await open_draft(app, pilot, draft)
    warning = text(editor, "#warnings")
    assert "promised a decision by Wed 25 Nov" in warning
    assert editor.query_one("#warnings").display
    date_input = editor.query_one("#f-date", Input)
    date_input.value = "2026-11-30"
    await pilot.pause()
    assert not editor.query_one("#warnings").display  # on the due day the guard is quiet


async def test_linkedin_count_turns_red_over_the_limit(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    draft = FollowUp(id="x", kind="linkedin", interview=ACME, to="Jane Doe", channel="linkedin", body="Hi Jane\n")
    editor = await open_draft(app, pilot, draft)
    assert text(editor, "#count") == "7 of 200 characters, 193 left"  # a free account's limit, the default
    editor.query_one("#body", TextArea).load_text("x" * 201)
    await pilot.pause()
    assert text(editor, "#count") == "201 of 200 characters: 1 too many for a LinkedIn note"
    assert editor.query_one("#count").has_class("-over")


async def test_linkedin_count_follows_the_journal_limit_and_counts_characters(journal_dir: Path) -> None:
    yaml = journal_dir / "journal.yaml"
    yaml.write_text(yaml.read_text().replace("policy:\n", "policy:\n  linkedin_note_limit: 300\n"))
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        body = "Cafe\u0301 😀\n"  # é typed as e + accent is one character, as LinkedIn counts
        draft = FollowUp(id="x", kind="linkedin", interview=ACME, to="Jane Doe", channel="linkedin", body=body)
        editor = await open_draft(app, pilot, draft)
        assert text(editor, "#count") == "6 of 300 characters, 294 left"


def guard_dialog(app) -> ConfirmDialog:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, ConfirmDialog), app.screen
    return app.screen


async def test_saving_an_early_nudge_asks_first_and_cancel_writes_nothing(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = sorted(p.name for p in (journal_dir / "followups").iterdir())
    draft = FollowUp(
        id="x",
        kind="status-check",
        interview=ACME,
        to="Jane Doe",
        status="draft",
        date=date(2026, 11, 24),
        body="Any news?\n",
    )
    editor = await open_draft(app, pilot, draft)
    await pilot.press("ctrl+s")
    await settle(pilot)
    dialog = guard_dialog(app)
    assert dialog.question.startswith("This nudge may read as pestering:\n- ")
    assert "promised a decision by Wed 25 Nov" in dialog.question
    await pilot.press("enter")  # the default is Cancel
    await settle(pilot)
    assert app.screen is editor and editor.new
    assert sorted(p.name for p in (journal_dir / "followups").iterdir()) == before
    await pilot.press("ctrl+s")  # it asks again; this time save anyway
    await settle(pilot)
    assert str(guard_dialog(app).query_one("#yes").label) == "Save anyway"
    await press_button(pilot, "#yes")
    await settle(pilot)
    record = load(journal_dir, use_cache=False).followups["2026-11-24-status-check-jane-doe"]
    assert (record.kind, record.status) == ("status-check", "draft")
    await pilot.press("ctrl+s")  # a save that logs nothing new does not ask again
    await settle(pilot)
    assert app.screen is editor


async def test_a_nudge_on_its_due_day_saves_without_asking(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    draft = FollowUp(id="x", kind="status-check", interview=GLOBEX, to="Sam Carter", status="draft", body="Any news?\n")
    editor = await open_draft(app, pilot, draft)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is editor and not editor.new
    assert (journal_dir / "followups" / "2026-11-25-status-check-sam-carter.md").exists()


async def test_mark_sent_creates_the_file_sent_today(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    draft = FollowUp(id="x", kind="thank-you", interview=ACME, to="Raj Patel", subject="Thank you", body="Hi Raj,\n")
    editor = await open_draft(app, pilot, draft)
    await pilot.press("ctrl+t")
    await settle(pilot)
    record = load(journal_dir, use_cache=False).followups["2026-11-25-thank-you-raj-patel"]
    assert (record.status, record.date.date().isoformat(), record.interview) == ("sent", "2026-11-25", ACME)
    assert isinstance(record.date, datetime), "marking sent records the date and the time"
    assert not editor.dirty and editor.query_one("#f-status", Select).value == "sent"


async def test_mark_sent_right_after_typing_sends_the_last_words(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    draft = FollowUp(id="x", kind="thank-you", interview=ACME, to="Raj Patel", subject="Thank you", body="Hi Raj,")
    editor = await open_draft(app, pilot, draft)
    body = editor.query_one("#body", TextArea)
    body.focus()
    body.move_cursor(body.document.end)
    typed_at_once(app, "space", "t", "h", "a", "n", "k", "s", "ctrl+t")
    await settle(pilot)
    record = load(journal_dir, use_cache=False).followups["2026-11-25-thank-you-raj-patel"]
    assert (record.status, record.body) == ("sent", "Hi Raj, thanks\n")


async def test_a_blank_left_in_the_message_is_shown_and_marking_it_sent_asks_first(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    body = "Hi Raj,\n\nHere is the talk I mentioned: [link].\n\nBest,\nAlex\n"
    draft = FollowUp(id="x", kind="thank-you", interview=ACME, to="Raj Patel", subject="Thank you", body=body)
    editor = await open_draft(app, pilot, draft)
    assert "Message still to fill in: [link] (line 3)" in text(editor, "#warnings")
    await pilot.press("ctrl+t")
    await settle(pilot)
    dialog = guard_dialog(app)
    assert dialog.question == "Message still to fill in: [link] (line 3)"
    assert str(dialog.query_one("#yes").label) == "Send anyway"
    await pilot.press("enter")  # the default is Cancel
    await settle(pilot)
    sent = journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md"
    assert app.screen is editor and not sent.exists()
    editor.query_one("#body", TextArea).load_text(body.replace("[link]", "[the talk](https://example.org/talk)"))
    await pilot.pause()
    assert not editor.query_one("#warnings").display  # a Markdown link is not a blank
    await pilot.press("ctrl+t")
    await settle(pilot)
    assert app.screen is editor
    record = load(journal_dir, use_cache=False).followups["2026-11-25-thank-you-raj-patel"]
    assert record.status == "sent" and "https://example.org/talk" in record.body


async def test_log_reply_opens_the_reply_pre_filled_and_writes_it_on_save(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    journal = app.journal
    sent = journal.followups["2026-11-16-thank-you-sam-carter"]
    await open_draft(app, pilot, sent, new=False)
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert not (journal_dir / "followups" / "2026-11-25-reply-sam-carter.md").exists()  # not before the save
    assert isinstance(app.screen, FollowupEditor) and app.screen.new
    await pilot.press(*"Thanks, we decide Friday.", "ctrl+s")
    await settle(pilot)
    reply = load(journal_dir, use_cache=False).followups["2026-11-25-reply-sam-carter"]
    assert (reply.kind, reply.direction, reply.status, reply.interview) == ("reply", "in", "received", GLOBEX)
    assert reply.body == "Thanks, we decide Friday.\n"


async def test_an_interview_the_journal_lacks_is_shown_and_refused(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    draft = FollowUp(id="x", kind="other", interview="no-such-interview", to="Raj Patel", body="Note\n")
    editor = await open_draft(app, pilot, draft)
    assert editor.query_one("#f-interview", Select).value == "no-such-interview"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert "no interview has this id" in text(editor, "#err-interview")
    assert not list((journal_dir / "followups").glob("2026-11-25-*"))


async def test_saving_an_edit_keeps_the_rest_of_the_file(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    path = journal_dir / "followups" / "2026-11-20-thank-you-jane-doe.md"
    before = path.read_text().splitlines()
    editor = await open_draft(app, pilot, app.journal.followups[path.stem], new=False)
    editor.query_one("#f-subject", Input).value = "Thanks again"
    await pilot.press("ctrl+s")
    await settle(pilot)
    after = path.read_text().splitlines()
    assert [line for line in after if line not in before] == ["subject: Thanks again"]
    assert len(after) == len(before)


async def test_delete_asks_keeps_by_default_and_removes_the_file_on_yes(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    path = journal_dir / "followups" / "2026-11-20-thank-you-jane-doe.md"
    editor = await open_draft(app, pilot, app.journal.followups[path.stem], new=False)
    await pilot.press("ctrl+d")
    await settle(pilot)
    assert "Delete followups/2026-11-20-thank-you-jane-doe.md?" in guard_dialog(app).question
    await pilot.press("enter")  # the default keeps it
    await settle(pilot)
    assert app.screen is editor and path.exists()
    await pilot.press("ctrl+d")
    await settle(pilot)
    await press_button(pilot, "#yes")
    await settle(pilot)
    assert not path.exists() and app.screen is not editor
    assert path.stem not in app.journal.followups


async def test_delete_refuses_a_file_changed_on_disk(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    path = journal_dir / "followups" / "2026-11-20-thank-you-jane-doe.md"
    editor = await open_draft(app, pilot, app.journal.followups[path.stem], new=False)
    changed = path.read_text().replace("subject:", "subject: Re:")
    path.write_text(changed)
    await pilot.press("ctrl+d")
    await settle(pilot)
    await press_button(pilot, "#yes")
    await settle(pilot)
    assert path.read_text() == changed and app.screen is editor
