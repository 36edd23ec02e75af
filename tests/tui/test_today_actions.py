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


async def test_d_on_a_draft_with_a_blank_left_asks_first(journal_dir: Path) -> None:
    path = journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md"
    path.write_text(
        f"---\ninterview: {ACME}\nkind: thank-you\nto: Raj Patel\nstatus: draft\ndate: 2026-11-25\n---\n"
        "Hi Raj,\nThe paper I mentioned: [link]\n"
    )
    draft = path.read_bytes()
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, f"thank-you:{ACME}:raj-patel")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert str(app.screen.query_one(".question", Label).render()) == "Message still to fill in: [link] (line 2)"
        await pilot.press("enter")  # the default is cancel
        await settle(pilot)
        assert path.read_bytes() == draft
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")  # sent it as it was, after all
        await settle(pilot)
    assert b"status: sent" in path.read_bytes()


async def test_d_without_reasons_writes_at_once(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = _followups(journal_dir)
    await goto(pilot, f"status-check:{GLOBEX}")
    await pilot.press("d")
    await settle(pilot)
    assert not isinstance(app.screen, ConfirmDialog)
    assert len(_followups(journal_dir) - before) == 1


def _reply(root: Path, when: str) -> None:
    (root / "followups" / f"{when[:10]}-reply-sam-carter.md").write_text(
        f"---\ninterview: {GLOBEX}\nkind: reply\nto: Sam Carter\nchannel: email\ndate: {when}\n---\nStill deciding.\n"
    )


def _clock(monkeypatch, hour: int, minute: int) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    monkeypatch.setattr("tui.cli_common.now", lambda journal=None: datetime(2030, 1, 1, hour, minute))


async def test_a_nudge_on_the_reply_day_is_logged_with_its_time_and_moves_the_budget(
    journal_dir: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    _reply(journal_dir, "2026-11-25T09:00")
    _clock(monkeypatch, 18, 30)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#agenda")
        assert "0/2" in [str(cell) for cell in table.get_row(f"status-check:{GLOBEX}")]  # type: ignore[attr-defined]
        await goto(pilot, f"status-check:{GLOBEX}")
        await pilot.press("d")
        await settle(pilot)
        assert "1/2" in [str(cell) for cell in table.get_row(f"status-check:{GLOBEX}")]  # type: ignore[attr-defined]
    text = (journal_dir / "followups" / "2026-11-25-status-check-sam-carter.md").read_text()
    assert "date: 2026-11-25T18:30" in text and "status: sent" in text


async def test_u_removes_what_d_wrote(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = _followups(journal_dir)
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("d")
    await settle(pilot)
    assert _followups(journal_dir) - before == {"2026-11-25-thank-you-raj-patel.md"}
    assert f"thank-you:{ACME}:raj-patel" not in {item.id for item in app.items}
    await pilot.press("u")
    await settle(pilot)
    assert _followups(journal_dir) == before
    assert f"thank-you:{ACME}:raj-patel" in {item.id for item in app.items}
    await pilot.press("u")  # nothing left to undo: says so, writes nothing
    await settle(pilot)
    assert _followups(journal_dir) == before


async def test_u_gives_back_the_draft_d_sent(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("escape", "escape")
    await settle(pilot)
    path = journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md"
    draft = path.read_bytes()
    assert b"status: draft" in draft
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("d")
    await settle(pilot)
    assert b"status: sent" in path.read_bytes()
    await pilot.press("u")
    await settle(pilot)
    assert path.read_bytes() == draft


async def test_u_refuses_a_file_changed_since(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("d")
    await settle(pilot)
    path = journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md"
    path.write_text(path.read_text() + "Edited elsewhere.\n")
    await pilot.press("u")
    await settle(pilot)
    assert path.exists() and "Edited elsewhere." in path.read_text()
    assert any("changed on disk" in notice.message for notice in app._notifications)


async def test_undo_is_in_the_palette(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = _followups(journal_dir)
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("d")
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"Undo")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert _followups(journal_dir) == before


async def test_x_skips_an_item_and_u_takes_it_back(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await goto(pilot, f"thank-you:{ACME}:raj-patel")
    await pilot.press("x")
    await settle(pilot)
    path = journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md"
    text = path.read_text()
    assert "status: skipped" in text and "kind: thank-you" in text and "to: Raj Patel" in text
    assert f"interview: {ACME}" in text
    assert f"thank-you:{ACME}:raj-patel" not in {item.id for item in app.items}  # gone like a sent one
    await pilot.press("u")
    await settle(pilot)
    assert not path.exists()
    assert f"thank-you:{ACME}:raj-patel" in {item.id for item in app.items}


async def test_a_status_check_is_not_skipped(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    before = _followups(journal_dir)
    await goto(pilot, f"status-check:{GLOBEX}")
    await pilot.press("x")
    await settle(pilot)
    assert _followups(journal_dir) == before
    assert any("snooze (s) a status check" in notice.message for notice in app._notifications)


async def test_snooze_presets_and_a_typed_date_that_must_be_ahead(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from tui.dialogs.snooze import SnoozeDialog
    from tui.dialogs.value import ValueDialog

    app, pilot = desk
    path = journal_dir / "interviews" / f"{GLOBEX}.md"
    await goto(pilot, f"status-check:{GLOBEX}")
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, SnoozeDialog)
    assert "waits as its draft, dated that day" in str(app.screen.query_one(".notes").render())
    await pilot.press("down", "down", "enter")  # the whole interview, tomorrow
    await settle(pilot)
    assert "snooze_until: 2026-11-26" in path.read_text()
    await pilot.press("z", "enter")  # the snoozed list: lift it again
    await settle(pilot)
    assert "snooze_until" not in path.read_text()
    await pilot.press(*["up"] * 12)
    await goto(pilot, f"status-check:{GLOBEX}")
    await pilot.press("s")
    await settle(pilot)
    await pilot.press(*["down"] * 5, "enter")  # the whole interview, a date…
    await settle(pilot)
    assert isinstance(app.screen, ValueDialog)
    await pilot.press(*["backspace"] * 10, *"2026-11-20", "enter")
    await settle(pilot)
    assert isinstance(app.screen, ValueDialog)  # the past is refused, at the field
    assert "pick a day after today" in str(app.screen.query_one("#value-error").render())
    await pilot.press(*["backspace"] * 10, *"2027-01-04", "enter")
    await settle(pilot)
    assert "snooze_until: 2027-01-04" in path.read_text()


async def test_today_says_what_is_snoozed_and_lists_it(journal_dir: Path) -> None:
    from textual.widgets import OptionList, Static

    from tui.dialogs.snooze import SnoozedDialog

    _set(journal_dir / "interviews" / f"{ACME}.md", "outcome: pending", "outcome: pending\nsnooze_until: 2026-12-01")
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#today-summary", Static).render())
        assert "3 items snoozed (z)" in summary  # Raj's thank-you, Jane's LinkedIn request, the status check
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, SnoozedDialog)
        listed = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "until Tue 1 Dec" in listed and "Thank-you note to Raj Patel" in listed
        await pilot.press("enter")
        await settle(pilot)
        assert "snoozed" not in str(app.screen.query_one("#today-summary", Static).render())
    assert "snooze_until" not in (journal_dir / "interviews" / f"{ACME}.md").read_text()


UMBRELLA = "2026-10-01-umbrella-ml-engineer-onsite"


def _old_round(root: Path) -> None:
    """A round two months ago with two interviewers and no thank-you: both are missed."""
    (root / "interviews" / f"{UMBRELLA}.md").write_text(
        "---\ncompany: Umbrella\nrole: ML Engineer\nstage: onsite\ndate: 2026-10-01\n"
        "interviewers:\n  - name: Ada Wong\n  - name: Leon Kennedy\nnext_steps: They will write.\n"
        "outcome: rejected\n---\n"
    )


async def test_m_shows_missed_thank_yous_and_space_then_x_skips_the_selected(journal_dir: Path) -> None:
    from textual.widgets import Static

    _old_round(journal_dir)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"thank-you:{UMBRELLA}:ada-wong" not in {item.id for item in app.items}
        await pilot.press("m")
        await settle(pilot)
        summary = str(app.screen.query_one("#today-summary", Static).render())
        assert "3 missed (m hides)" in summary  # Ada, Leon and Initech's Bill Lumbergh
        await goto(pilot, f"thank-you:{UMBRELLA}:ada-wong")
        await pilot.press("space")  # selects and moves down
        assert app.screen.current().id == f"thank-you:{UMBRELLA}:leon-kennedy"  # type: ignore[attr-defined]
        await pilot.press("space", "x")
        await settle(pilot)
        summary = str(app.screen.query_one("#today-summary", Static).render())
        assert "1 missed (m hides)" in summary
    for who in ("ada-wong", "leon-kennedy"):
        text = (journal_dir / "followups" / f"2026-11-25-thank-you-{who}.md").read_text()
        assert "status: skipped" in text and f"interview: {UMBRELLA}" in text
    assert not (journal_dir / "followups" / "2026-11-25-thank-you-bill-lumbergh.md").exists()


async def test_skip_everything_older_than_a_date_and_undo_it_at_once(journal_dir: Path) -> None:
    _old_round(journal_dir)
    before = _followups(journal_dir)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press(*["backspace"] * 10, *"2026-11-01", "enter")
        await settle(pilot)
        question = str(app.screen.query_one(".question", Label).render())
        # the three missed thank-yous, and the check-in with Ada due a month after the rejection
        assert "Skip 4 items due before Sun 1 Nov (3 of them missed thank-yous)" in question
        await pilot.press("enter")
        await settle(pilot)
        added = _followups(journal_dir) - before
        thanks = {f"2026-11-25-thank-you-{who}.md" for who in ("ada-wong", "leon-kennedy", "bill-lumbergh")}
        assert added == thanks | {"2026-11-25-check-in-ada-wong.md"}
        await pilot.press("u")
        await settle(pilot)
        assert _followups(journal_dir) == before


HOOLI = "2026-11-27-hooli-sre-onsite"


async def test_today_shows_other_years_budgets_only_on_nudges_and_ask_next_steps_with_its_time(
    journal_dir: Path,
) -> None:
    from textual.widgets import DataTable

    _old_round(journal_dir)
    _set(journal_dir / "interviews" / f"{UMBRELLA}.md", "date: 2026-10-01", "date: 2025-10-01")
    hooli = journal_dir / "interviews" / f"{HOOLI}.md"
    _set(hooli, "date: 2026-11-27", "date: 2026-11-26T10:30")
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#agenda", DataTable)

        def cells(key: str) -> list[str]:
            return [str(cell) for cell in table.get_row(key)]

        assert cells("check-in:ada-wong")[0] == "31 Oct 2025"  # another year: the year shows
        assert cells("linkedin:jane-doe")[0] == "Sat 21 Nov"
        assert cells("linkedin:jane-doe")[4] == ""  # not a nudge: no budget
        assert cells(f"status-check:{ACME}")[4] == "0/2"
        ask = cells(f"ask-next-steps:{HOOLI}")
        assert ask[0] == "26 Nov 10:30" and ask[1] == "Ask next steps"
        await pilot.press("m")
        await settle(pilot)
        assert cells(f"thank-you:{UMBRELLA}:ada-wong")[0] == "02 Oct 2025"


STARK = "2026-11-18-stark-qa-engineer-phone-screen"


async def test_a_round_with_no_interviewer_gets_a_status_check_that_asks_whom_to_write(journal_dir: Path) -> None:
    from textual.widgets import DataTable, Static

    from tui.dialogs.value import ValueDialog

    (journal_dir / "interviews" / f"{STARK}.md").write_text(
        "---\ncompany: Stark\nrole: QA Engineer\nstage: phone-screen\ndate: 2026-11-18\n"
        "next_steps: They will call.\noutcome: pending\n---\n"
    )
    before = _followups(journal_dir)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#agenda", DataTable)
        assert str(table.get_row(f"status-check:{STARK}")[2]) == "the recruiter?"
        await goto(pilot, f"status-check:{STARK}")
        detail = str(app.screen.query_one("#today-detail", Static).render())
        assert "write to the recruiter or whoever set it up" in detail
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ValueDialog)
        await pilot.press("escape")  # cancel: nothing written
        await settle(pilot)
        assert _followups(journal_dir) == before
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*"Pepper Potts", "enter")
        await settle(pilot)
    text = (journal_dir / "followups" / "2026-11-25-status-check-pepper-potts.md").read_text()
    assert "to: Pepper Potts" in text and "status: sent" in text and f"interview: {STARK}" in text


async def test_enter_on_ask_next_steps_opens_the_interview_on_next_steps(journal_dir: Path) -> None:
    from tui.screens.interview_editor import InterviewEditor

    _set(journal_dir / "interviews" / f"{HOOLI}.md", "date: 2026-11-27", "date: 2026-11-26T10:30")
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, f"ask-next-steps:{HOOLI}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewEditor)
        assert app.focused is not None and app.focused.id == "f-next_steps"


async def test_snooze_one_item_dates_its_draft_and_leaves_the_rest(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList, Static

    from tui.dialogs.snooze import SnoozedDialog

    app, pilot = desk
    raj = f"thank-you:{ACME}:raj-patel"
    before = _followups(journal_dir)
    interview = (journal_dir / "interviews" / f"{ACME}.md").read_text()
    await goto(pilot, raj)
    await pilot.press("s")
    await settle(pilot)
    assert "Only the thank-you note to Raj Patel" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
    await pilot.press("enter")  # highlighted first: this item alone, next week
    await settle(pilot)
    (new,) = _followups(journal_dir) - before
    text = (journal_dir / "followups" / new).read_text()
    assert "kind: thank-you" in text and "to: Raj Patel" in text and "status: draft" in text
    assert "date: 2026-12-02" in text and "Raj" in text.split("---")[2], "the draft is written, ready for the day"
    assert (journal_dir / "interviews" / f"{ACME}.md").read_text() == interview, "the interview is not snoozed"
    ids = {item.id for item in app.items}
    assert raj not in ids and "linkedin:jane-doe" in ids and f"status-check:{ACME}" in ids
    assert "1 item snoozed (z)" in str(app.screen.query_one("#today-summary", Static).render())
    await pilot.press("z")
    await settle(pilot)
    assert isinstance(app.screen, SnoozedDialog)
    listed = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
    assert listed.startswith("Thank-you note to Raj Patel (Acme Corp — Backend Engineer) — until Wed 2 Dec")
    await pilot.press("enter")  # lift: the draft is dated today, the item is back
    await settle(pilot)
    assert "date: 2026-11-25" in (journal_dir / "followups" / new).read_text()
    assert raj in {item.id for item in app.items}
    await pilot.press("u")  # undo the lift, then the snooze itself
    await settle(pilot)
    assert raj not in {item.id for item in app.items}
    await pilot.press("u")
    await settle(pilot)
    assert _followups(journal_dir) == before and raj in {item.id for item in app.items}


async def test_snoozing_a_status_check_alone_runs_the_guard(journal_dir: Path) -> None:
    _set(journal_dir / "interviews" / f"{ACME}.md", "decision_by: 2026-11-25", "decision_by: 2026-12-09")
    before = _followups(journal_dir)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, f"status-check:{ACME}")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("up", "up", "enter")  # this item, tomorrow: before the promised decision
        await settle(pilot)
        question = str(app.screen.query_one(".question", Label).render())
        assert question.startswith(f"{GUARD_TITLE}:") and "decision by Wed 9 Dec" in question
        await pilot.press("enter")  # cancel
        await settle(pilot)
        assert _followups(journal_dir) == before
