"""Sync from the app (F5): the header says what is ahead and behind, the sync runs in a worker, the
files it brings in are read again, and an editor's unsaved edits are merged field by field.

A bare remote in a temporary folder and two clones: "there" edits and pushes with the command
line, the app runs on "here".
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import ACME, AS_OF, SIZE, edit_on_disk, git, open_acme, settle, wait_for

from journal import load
from tui import gitsync
from tui.app import FollowupApp
from tui.cli import main

REL = f"interviews/{ACME}.md"


@pytest.fixture
def here_and_there(repo_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    gitsync.setup(repo_dir)  # records merge field by field (.gitattributes, and this clone's config)
    git(repo_dir, "commit", "-qam", "Merge records field by field")
    git(repo_dir, "remote", "add", "origin", str(remote))
    git(repo_dir, "push", "-q", "-u", "origin", "HEAD")
    there = tmp_path / "there"
    subprocess.run(["git", "clone", "-q", str(remote), str(there)], check=True)
    git(there, "config", "user.email", "there@example.com")
    git(there, "config", "user.name", "There")
    gitsync.setup(there)
    return repo_dir, there


def push_from(there: Path, old: str, new: str) -> None:
    edit_on_disk(there / REL, old, new)
    assert main(["sync", "-C", str(there)]) == 0


async def test_f5_brings_the_other_machines_edit_in_and_the_header_says_in_sync(
    here_and_there: tuple[Path, Path],
) -> None:
    here, there = here_and_there
    push_from(there, "outcome: pending", "outcome: next-round")
    app = FollowupApp(here, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title.startswith("clean, in sync with origin/"), "nothing fetched yet: git does not know"
        assert app.journal is not None and app.journal.interviews[ACME].outcome == "pending"
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.journal is not None and app.journal.interviews[ACME].outcome == "next-round")
        await wait_for(pilot, lambda: "in sync with origin/" in app.sub_title)
        assert any("fast-forwarded" in str(note.message) for note in app._notifications)
    assert load(here).interviews[ACME].outcome == "next-round"


async def test_the_header_counts_what_to_push_and_pull(here_and_there: tuple[Path, Path]) -> None:
    here, there = here_and_there
    push_from(there, "outcome: pending", "outcome: next-round")
    git(here, "fetch", "-q")
    edit_on_disk(here / REL, "interest: 4", "interest: 5")
    git(here, "commit", "-qam", "interest")
    app = FollowupApp(here, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title.startswith("clean, 1 to push, 1 to pull: F5 syncs")
        await pilot.press("f5")
        await wait_for(pilot, lambda: "in sync with origin/" in app.sub_title)
    record = load(here).interviews[ACME]
    assert (record.outcome, record.interest) == ("next-round", 5), "rebased: both edits kept"
    assert git(there, "ls-remote", "origin", "HEAD").split()[0] == git(here, "rev-parse", "HEAD").strip()


async def test_unsaved_edits_in_an_editor_are_merged_with_what_the_sync_brought(
    here_and_there: tuple[Path, Path],
) -> None:
    here, there = here_and_there
    push_from(there, "outcome: pending", "outcome: next-round")
    app = FollowupApp(here, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-interest", Input).value = "5"
        await pilot.press("f5")
        await wait_for(pilot, lambda: "next-round" in (here / REL).read_text())
        await settle(pilot)
        if app.screen is not editor:  # the watcher's question: keep my unsaved edits
            from tui_helpers import press_button

            await press_button(pilot, "#mine")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
    record = load(here).interviews[ACME]
    assert (record.outcome, record.interest) == ("next-round", 5), "their outcome and my interest, nothing lost"


async def test_sync_is_offered_only_with_a_remote(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("sync", ()) is False
