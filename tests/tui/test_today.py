"""Today: the agenda by keys, and what each action writes to the journal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static
from tui_helpers import ACME, AS_OF, GLOBEX, SIZE, goto, settle

from journal import load
from tui.app import FollowupApp
from tui.screens.followup_editor import FollowupEditor
from tui.screens.interview_editor import InterviewEditor
from tui.screens.today import TodayScreen


async def test_agenda_is_grouped_with_reasons_and_budget(desk) -> None:  # type: ignore[no-untyped-def]
    app, _pilot = desk
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    summary = str(screen.query_one("#today-summary", Static).render())
    assert "5 overdue, 1 due today, 1 upcoming" in summary  # the Initech thank-you is missed, not overdue
    assert "1 file with errors" in summary
    table = screen.query_one("#agenda", DataTable)
    keys = [row.key.value for row in table.ordered_rows]
    assert keys.index("group:overdue") < keys.index(f"thank-you:{ACME}:raj-patel") < keys.index("group:today")
    assert keys.index("group:upcoming") < keys.index(f"status-check:{ACME}")
    row = table.get_row(f"status-check:{ACME}")
    assert "0/2" in [str(cell) for cell in row]
    assert "promised a decision by Wed 25 Nov" in str(row[-1])


async def test_the_summary_counts_files_with_errors_not_errors(journal_dir: Path) -> None:
    (journal_dir / "followups" / "2026-11-25-two-mistakes.md").write_text(
        "---\ninterview: no-such-interview\nkind: thank-you\ndate: 2026-13-45\n---\nThanks\n"
    )
    assert len([p for p in load(journal_dir).errors if p.path.endswith("two-mistakes.md")]) == 2
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#today-summary", Static).render())
        assert "2 files with errors" in summary  # the fixture's broken file and this one


async def test_mark_thank_you_done_writes_a_sent_followup(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("d")
    await settle(pilot)
    written = journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md"
    text = written.read_text()
    assert "status: sent" in text and f"interview: {ACME}" in text and "to: Raj Patel" in text
    assert "date: 2026-11-25" in text
    assert "Kafka" in text or "cron jobs" in text  # the talking point reached the note
    assert f"thank-you:{ACME}:raj-patel" not in {item.id for item in app.items}


async def test_enter_drafts_linkedin_note_and_save_keeps_it_a_draft(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, "linkedin:jane-doe")
    await pilot.press("enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, FollowupEditor)
    count = str(editor.query_one("#count", Static).render())
    assert "of 200 characters" in count
    await pilot.press("ctrl+s")
    await settle(pilot)
    written = journal_dir / "followups" / "2026-11-25-linkedin-jane-doe.md"
    assert "status: draft" in written.read_text() and "channel: linkedin" in written.read_text()
    assert not editor.dirty


async def test_snooze_sets_snooze_until_on_the_interview(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"status-check:{GLOBEX}")
    await pilot.press("s")
    await pilot.pause()
    await pilot.press(*["down"] * 4, "enter")  # past "This item only" to "Everything about …: next week"
    await settle(pilot)
    text = (journal_dir / "interviews" / f"{GLOBEX}.md").read_text()
    assert "snooze_until: 2026-12-02" in text
    assert not [item for item in app.items if item.interview == GLOBEX]


async def test_record_next_steps_opens_the_editor_on_that_field(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"record-next-steps:{GLOBEX}")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, InterviewEditor)
    assert app.focused is not None and app.focused.id == "f-next_steps"
    await pilot.press(*"Decision on Friday")
    await pilot.press("ctrl+s")
    await settle(pilot)
    record = load(journal_dir, use_cache=False).interviews[GLOBEX]
    assert record.next_steps == "Decision on Friday"


async def test_mark_ghosted_asks_then_sets_the_outcome(journal_dir: Path) -> None:
    from datetime import date

    from tui_helpers import SIZE

    from journal import FollowUp
    from journal.store import create
    from tui.app import FollowupApp

    for day in (date(2026, 11, 23), date(2026, 11, 30)):
        create(
            journal_dir,
            FollowUp(
                id=f"{day}-nudge", kind="status-check", interview=GLOBEX, to="Sam Carter", status="sent", date=day
            ),
        )
    app = FollowupApp(journal_dir, as_of=date(2027, 1, 5), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, f"mark-ghosted:{GLOBEX}")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # cancel first: nothing changes
        await settle(pilot)
        assert "outcome: ghosted" not in (journal_dir / "interviews" / f"{GLOBEX}.md").read_text()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the dialog's focused button is the yes answer
        await settle(pilot)
    assert load(journal_dir, use_cache=False).interviews[GLOBEX].outcome == "ghosted"


async def test_a_saved_draft_is_reopened_and_mark_done_sends_it(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("ctrl+s")  # saved as a draft: the item stays on the agenda
    await settle(pilot)
    await pilot.press("escape", "escape")  # out of the message body, then out of the editor
    await settle(pilot)
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("enter")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, FollowupEditor) and not editor.new  # the same draft, not a second one
    await pilot.press("escape", "escape")
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    files = sorted(path.name for path in (journal_dir / "followups").glob("*raj-patel*"))
    assert files == ["2026-11-25-thank-you-raj-patel.md"]
    assert "status: sent" in (journal_dir / "followups" / files[0]).read_text()


async def test_after_mark_done_the_cursor_stays_in_place(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    screen = app.screen
    row = screen.query_one("#agenda", DataTable).cursor_row
    await pilot.press("d")
    await settle(pilot)
    assert screen.query_one("#agenda", DataTable).cursor_row == row
    assert screen.current().id == f"status-check:{GLOBEX}"  # the next overdue item moved up


async def test_an_unreadable_own_template_is_reported_when_drafting(journal_dir: Path) -> None:
    (journal_dir / "templates").mkdir(exist_ok=True)
    (journal_dir / "templates" / "linkedin.md").write_bytes(b"\xfe\xff broken")
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "linkedin:jane-doe")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowupEditor)
        messages = [notice.message for notice in app._notifications]
        assert any("templates/linkedin.md: not valid UTF-8" in message for message in messages)
