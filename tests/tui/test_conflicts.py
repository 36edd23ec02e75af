"""Saving over a file that changed on disk: a field-level merge, a per-field choice, a broken file.

The other side's edits are real file writes; the app hears of them through its watcher.
"""

from __future__ import annotations

import contextlib
import hashlib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Label, RadioButton, TextArea
from tui_helpers import ACME, AS_OF, SIZE, edit_on_disk, git, open_acme, press_button, said_by, settle

from journal import load
from tui.app import FollowupApp
from tui.dialogs.confirm import ChoiceDialog
from tui.dialogs.merge import MergeDialog
from tui.screens.followup_editor import FollowupEditor

REL = f"interviews/{ACME}.md"
CONFLICTS = ".followup/conflicts"


def files_outside_followup(root: Path) -> dict[str, str]:
    """Every file of the journal but git's and the cache folder's, with a hash of its bytes."""
    found = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith((".git/", ".followup/")):
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def only_the_record_changed(before: dict[str, str], root: Path, rel: str = REL) -> None:
    after = files_outside_followup(root)
    assert set(after) == set(before), set(after) ^ set(before)
    assert [name for name in after if after[name] != before[name]] == [rel]


async def keep_mine_after_the_disk_changed(pilot) -> None:  # type: ignore[no-untyped-def]
    """The watcher reports the change and the dirty editor asks; the user keeps their edits."""
    await press_button(pilot, "#mine")
    await pilot.pause()


async def test_a_change_on_disk_to_another_field_is_merged_and_the_editor_says_so(repo_dir: Path) -> None:
    path = repo_dir / REL
    before = files_outside_followup(repo_dir)
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-interest", Input).value = "5"
        edit_on_disk(path, "outcome: pending", "next_steps: Recruiter calls by Friday.\noutcome: pending")
        await keep_mine_after_the_disk_changed(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # nothing to ask: only one side changed each field
        assert editor.query_one("#f-next_steps", Input).value == "Recruiter calls by Friday."
        assert editor.query_one("#f-interest", Input).value == "5"
        note = str(editor.query_one("#disk-note").render())
        assert "took next steps from the file on disk" in note and editor.query_one("#disk-note").display
        assert not editor.dirty
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)  # saved: Esc leaves without asking
    record = load(repo_dir, use_cache=False).interviews[ACME]
    assert (record.interest, record.next_steps) == (5, "Recruiter calls by Friday.")
    assert git(repo_dir, "status", "--porcelain", "--untracked-files=all").splitlines() == [f" M {REL}"]
    only_the_record_changed(before, repo_dir)
    assert not list((repo_dir / ".followup").glob("conflicts/*"))  # nothing was lost, nothing to keep


@pytest.mark.parametrize("pick", ["mine", "theirs"])
async def test_both_changed_the_role_the_dialog_asks_and_the_choice_is_written(repo_dir: Path, pick: str) -> None:
    path = repo_dir / REL
    before = files_outside_followup(repo_dir)
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-role", Input).value = "Staff Engineer"
        editor.query_one("#f-interest", Input).value = "5"
        edit_on_disk(path, "role: Backend Engineer\n", "role: Principal Engineer\n")
        edit_on_disk(path, "location: Zoom", "location: Google Meet")
        await keep_mine_after_the_disk_changed(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MergeDialog)
        assert [conflict.field for conflict in dialog.conflicts] == ["role"]  # location and interest merged
        sides = [str(box.render()) for box in dialog.query(".side")]
        assert sides == ["Staff Engineer", "Principal Engineer"]
        assert "Principal Engineer" in path.read_text()  # nothing written yet
        if pick == "theirs":
            await pilot.click("#theirs-role")
            assert dialog.query_one("#theirs-role", RadioButton).value
        await press_button(pilot, "#save")
        await settle(pilot)
        assert app.screen is editor and not editor.dirty
        assert editor.query_one("#f-role", Input).value == (
            "Staff Engineer" if pick == "mine" else "Principal Engineer"
        )
        assert editor.query_one("#f-location", Input).value == "Google Meet"
    record = load(repo_dir, use_cache=False).interviews[ACME]
    assert record.role == ("Staff Engineer" if pick == "mine" else "Principal Engineer")
    assert (record.location, record.interest) == ("Google Meet", 5)
    lost = "theirs" if pick == "mine" else "mine"
    (kept,) = (repo_dir / CONFLICTS).glob(f"{ACME}.{lost}-*.md")
    assert ("Principal Engineer" if pick == "mine" else "Staff Engineer") in kept.read_text()
    assert git(repo_dir, "status", "--porcelain", "--untracked-files=all").splitlines() == [f" M {REL}"]
    only_the_record_changed(before, repo_dir)


async def test_cancelling_the_merge_dialog_writes_nothing_and_keeps_the_edits(journal_dir: Path) -> None:
    path = journal_dir / REL
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-role", Input).value = "Staff Engineer"
        edit_on_disk(path, "role: Backend Engineer\n", "role: Principal Engineer\n")
        theirs = path.read_bytes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MergeDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is editor and editor.dirty
        assert editor.query_one("#f-role", Input).value == "Staff Engineer"
    assert path.read_bytes() == theirs and not (journal_dir / ".followup" / "conflicts").exists()


async def test_the_body_merges_by_lines_and_overlapping_lines_are_a_conflict(journal_dir: Path) -> None:
    path = journal_dir / REL
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        body = editor.query_one("#body", TextArea)
        body.text = body.text.replace("Good conversation.", "Great conversation.")
        edit_on_disk(path, "- On-call rotation", "- Salary band.\n- On-call rotation")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and not editor.dirty
        assert "- Salary band.\n" in body.text and "Great conversation." in body.text
        edit_on_disk(path, "Great conversation.", "Long conversation.")
        body.text = body.text.replace("Great conversation.", "Short conversation.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MergeDialog)
        assert [conflict.field for conflict in app.screen.conflicts] == ["body"]
        assert "Short conversation." in str(app.screen.query(".side").first().render())


async def test_the_followup_editor_merges_too(journal_dir: Path) -> None:
    rel = "followups/2026-11-20-thank-you-jane-doe.md"
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.journal is not None
        editor = FollowupEditor(app.journal.followups[rel.split("/")[1][:-3]])
        await app.push_screen(editor)
        await settle(pilot)
        editor.query_one("#f-subject", Input).value = "Thanks, Jane"
        edit_on_disk(journal_dir / rel, "channel: email", "channel: linkedin")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and not editor.dirty
    record = load(journal_dir, use_cache=False).followups[rel.split("/")[1][:-3]]
    assert (record.subject, record.channel) == ("Thanks, Jane", "linkedin")


BROKEN = "---\ncompany: Acme Corp\nrole: [Backend Engineer\n---\n"


@contextlib.contextmanager
def no_terminal() -> Iterator[None]:
    """Stands in for App.suspend: the test's app has no real terminal to hand over."""
    yield


def fake_editor(tmp_path: Path, fixed: Path) -> str:
    """An $EDITOR that replaces the file it is given with `fixed`, as an editor saving by rename."""
    script = tmp_path / "fix-it"
    script.write_text(f'#!/bin/sh\ncp "{fixed}" "$1.fixing" && mv "$1.fixing" "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


async def test_a_broken_file_offers_a_copy_and_the_editor_never_an_overwrite(
    repo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo_dir / REL
    good = path.read_text()
    fixed = tmp_path / "fixed.md"
    fixed.write_text(good.replace("location: Zoom", "location: Office"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, fixed))
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=True)
    monkeypatch.setattr(app, "suspend", no_terminal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-interest", Input).value = "5"
        path.write_text(BROKEN)
        await keep_mine_after_the_disk_changed(pilot)
        before = files_outside_followup(repo_dir)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        buttons = {button.id: str(button.label) for button in dialog.query(Button)}
        assert buttons == {"keep-copy": "Save mine as a copy", "edit": "Open it in fix-it", "cancel": "Cancel"}
        question = str(dialog.query_one(Label).render())
        assert f"{REL}:4:1: error: invalid YAML" in question and f"{CONFLICTS}/{ACME}.mine-" in question
        assert app.focused is not None and app.focused.id == "cancel"
        await press_button(pilot, "#keep-copy")
        await settle(pilot)
        (kept,) = (repo_dir / CONFLICTS).glob(f"{ACME}.mine-*.md")
        assert kept.relative_to(repo_dir).as_posix() in question and "interest: 5" in kept.read_text()
        assert path.read_text() == BROKEN and files_outside_followup(repo_dir) == before
        assert editor.dirty  # the record itself is not saved yet

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await press_button(pilot, "#edit")  # the editor fixes the file; the save goes on, merging
        await settle(pilot)
        assert app.screen is editor and not editor.dirty
        assert editor.query_one("#f-location", Input).value == "Office"
    record = load(repo_dir, use_cache=False).interviews[ACME]
    assert (record.interest, record.location) == (5, "Office")
    assert git(repo_dir, "status", "--porcelain", "--untracked-files=all").splitlines() == [f" M {REL}"]


async def test_without_a_terminal_to_hand_over_the_app_says_so(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "vi")
    path = journal_dir / REL
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-interest", Input).value = "5"
        path.write_text(BROKEN)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await press_button(pilot, "#edit")  # the test's headless terminal cannot be suspended
        await settle(pilot)
        assert app.screen is editor and editor.dirty
        assert any("cannot hand over to" in message for message in said), said
    assert path.read_text() == BROKEN
