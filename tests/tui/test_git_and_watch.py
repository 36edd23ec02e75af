"""Git status and commits with real git; the watcher with real file events; the conflict flow."""

from __future__ import annotations

import os
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

from textual.widgets import Input
from tui_helpers import ACME, AS_OF, SIZE, edit_on_disk, git, goto, open_acme, press_button, settle, wait_for

from journal import load
from journal.watch import WatchdogSource, Watcher
from tui import gitops
from tui.app import FollowupApp
from tui.commit_message import commit_message
from tui.dialogs.commit import CommitDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.merge import MergeDialog


def message(root: Path) -> str:
    return commit_message(load(root, use_cache=False), gitops.status(root).changes, partial(gitops.committed, root))


def test_status_and_messages_that_say_what_happened(repo_dir: Path) -> None:
    assert gitops.status(repo_dir).label == "clean"
    (repo_dir / "followups" / "2026-11-25-thank-you-raj-patel.md").write_text(
        f"---\ninterview: {ACME}\nkind: thank-you\nto: Raj Patel\nstatus: sent\ndate: 2026-11-25\n---\nThanks\n"
    )
    assert gitops.status(repo_dir).label == "1 uncommitted change"
    assert message(repo_dir) == "Thank-you note to Raj Patel sent"
    edit_on_disk(
        repo_dir / "interviews" / f"{ACME}.md", "location: Zoom", "location: Zoom\nnext_steps: Onsite with the CTO"
    )
    subject = "Thank-you note to Raj Patel sent; Acme Corp onsite: next steps recorded"
    assert message(repo_dir).splitlines()[0] == subject
    (repo_dir / "interviews" / "2026-12-01-acme-corp-backend-engineer-final.md").write_text(
        "---\ncompany: Acme Corp\nrole: Backend Engineer\nstage: final\ndate: 2026-12-01\n---\n"
    )
    text = message(repo_dir)
    assert text.splitlines()[0] == "Update 3 records"  # too long for one line: counted, then listed
    assert "- Acme Corp final added" in text.splitlines()
    head = gitops.commit(repo_dir, text)
    assert head and gitops.status(repo_dir).label == "clean"
    assert git(repo_dir, "log", "-1", "--format=%s").strip() == "Update 3 records"
    (repo_dir / "interviews" / "2026-12-01-acme-corp-backend-engineer-final.md").unlink()
    assert message(repo_dir) == "Acme Corp final deleted"


def test_kept_copies_and_the_cache_are_never_offered_for_a_commit(journal_dir: Path) -> None:
    (journal_dir / ".gitignore").unlink()  # a journal made by hand: nothing ignores .followup/
    git(journal_dir, "init", "-q")
    git(journal_dir, "config", "user.email", "test@example.com")
    git(journal_dir, "config", "user.name", "Test")
    kept = journal_dir / ".followup" / "conflicts" / f"{ACME}.mine-12345678.md"
    kept.parent.mkdir(parents=True)
    kept.write_text("---\ncompany: Acme\n---\n")
    state = gitops.status(journal_dir)
    assert state.changes and not [change.path for change in state.changes if change.path.startswith(".followup")]
    gitops.commit(journal_dir, "Start")
    assert not [name for name in git(journal_dir, "ls-files").splitlines() if name.startswith(".followup")]
    assert "interviews/" in git(journal_dir, "ls-files")


def test_not_a_repository_says_so(journal_dir: Path) -> None:
    assert gitops.status(journal_dir).label == "not a git repository"


async def test_commit_from_the_app_with_the_generated_message(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "clean"
        await goto(pilot, f"thank-you:{ACME}:raj-patel")
        await pilot.press("d")
        await settle(pilot)
        assert app.sub_title == "1 uncommitted change"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, CommitDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.sub_title == "clean"
    assert git(repo_dir, "log", "-1", "--format=%s").strip() == "Thank-you note to Raj Patel sent"


async def test_the_footer_follows_git_and_stays_while_its_keys_do(repo_dir: Path) -> None:
    """The commit key is dimmed while the journal is clean and lit once a file changes on disk;
    further changes leave the footer as it is (making it again lays out the whole screen after
    every save by another program: at 10,000 interviews it was a third of Today's refresh)."""
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def commit_key() -> Any:
            return next(key for key in app.screen.query("FooterKey") if getattr(key, "action", "") == "commit")

        assert app.sub_title == "clean" and commit_key().has_class("-disabled")
        for number, name in enumerate(("Raj Patel", "Mina Okafor"), start=1):
            (repo_dir / "followups" / f"2026-11-25-check-in-{number}.md").write_text(
                f"---\ninterview: {ACME}\nkind: check-in\nto: {name}\nstatus: sent\ndate: 2026-11-25\n---\nHello\n"
            )
            await wait_for(pilot, lambda n=number: app.sub_title.startswith(f"{n} uncommitted change"))
            await settle(pilot)
            if number == 1:
                lit = commit_key()
                assert not lit.has_class("-disabled")
        assert commit_key() is lit


async def test_commit_outside_a_repository_offers_git_init(journal_dir: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "not a git repository"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert (journal_dir / ".git").is_dir()
        assert "uncommitted change" in app.sub_title


def test_watcher_reports_an_atomic_save_once(tmp_path: Path) -> None:
    (tmp_path / "interviews").mkdir()
    seen: list[frozenset[str]] = []
    done = threading.Event()
    watcher = Watcher(tmp_path, lambda batch: (seen.append(batch.paths), done.set()), quiet=0.1)
    watcher.start()
    try:
        temp = tmp_path / "interviews" / ".acme.md.abcd.tmp"
        temp.write_text("---\ncompany: A\n---\n")
        (tmp_path / "interviews" / ".acme.md.swp").write_text("x")
        os.replace(temp, tmp_path / "interviews" / "acme.md")
        assert done.wait(5)
        time.sleep(0.3)
    finally:
        watcher.stop()
    assert seen == [frozenset({"interviews/acme.md"})]


async def test_clean_editor_reloads_silently(journal_dir: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        edit_on_disk(journal_dir / "interviews" / f"{ACME}.md", "location: Zoom", "location: Google Meet")
        await wait_for(pilot, lambda: editor.query_one("#f-location", Input).value == "Google Meet")
        assert not editor.dirty and app.screen is editor


async def test_dirty_editor_keep_mine_then_save_asks_and_keeps_theirs_aside(journal_dir: Path) -> None:
    path = journal_dir / "interviews" / f"{ACME}.md"
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-location", Input).value = "Office, 3rd floor"
        edit_on_disk(path, "location: Zoom", "location: Google Meet")
        await press_button(pilot, "#mine")
        await pilot.pause()
        assert editor.query_one("#f-location", Input).value == "Office, 3rd floor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MergeDialog)  # both changed the location: the save asks
        assert "Google Meet" in path.read_text()
        assert len(app.screen_stack) == 3  # one dialog, over the editor
        await press_button(pilot, "#save")  # "keep yours" is picked to begin with
        await settle(pilot)
        assert not editor.dirty
    assert "location: Office, 3rd floor" in path.read_text()
    kept = list((journal_dir / ".followup" / "conflicts").glob(f"{ACME}.theirs-*.md"))
    assert len(kept) == 1 and "location: Google Meet" in kept[0].read_text()


async def test_dirty_editor_take_theirs_keeps_mine_in_conflicts(journal_dir: Path) -> None:
    path = journal_dir / "interviews" / f"{ACME}.md"
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-location", Input).value = "Office, 3rd floor"
        edit_on_disk(path, "location: Zoom", "location: Google Meet")
        await press_button(pilot, "#theirs")
        await settle(pilot)
        assert editor.query_one("#f-location", Input).value == "Google Meet"
        assert not editor.dirty
    kept = list((journal_dir / ".followup" / "conflicts").glob(f"{ACME}.mine-*.md"))
    assert not (journal_dir / "conflicts").exists()
    assert len(kept) == 1 and "location: Office, 3rd floor" in kept[0].read_text()
    assert "location: Google Meet" in path.read_text()


async def test_lists_refresh_when_a_file_appears(journal_dir: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"thank-you:{ACME}:raj-patel" in {item.id for item in app.items}
        (journal_dir / "followups" / "2026-11-25-thank-you-raj-patel.md").write_text(
            f"---\ninterview: {ACME}\nkind: thank-you\nto: Raj Patel\nstatus: sent\ndate: 2026-11-25\n---\nThanks\n"
        )
        table = app.screen.query_one("#agenda")
        await wait_for(
            pilot, lambda: f"thank-you:{ACME}:raj-patel" not in [row.key.value for row in table.ordered_rows]
        )  # type: ignore[attr-defined]
        assert f"thank-you:{ACME}:raj-patel" not in {item.id for item in app.items}


async def test_file_deleted_while_open_is_not_recreated_silently(journal_dir: Path) -> None:
    path = journal_dir / "interviews" / f"{ACME}.md"
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-location", Input).value = "Office, 3rd floor"
        path.unlink()
        app.post_message(FollowupApp.FilesChanged(frozenset({f"interviews/{ACME}.md"})))
        await press_button(pilot, "#mine")  # deleted on disk: only "keep mine" makes sense
        await pilot.press("ctrl+s")
        await press_button(pilot, "#cancel")
        await settle(pilot)
        assert not path.exists()
        await pilot.press("ctrl+s")
        await press_button(pilot, "#copy")
        await settle(pilot)
        assert not editor.dirty
    copies = list((journal_dir / "interviews").glob("2026-11-20-acme-corp-backend-engineer-onsite*.md"))
    assert [copy.name for copy in copies] == [f"{ACME}-2.md"] or [copy.name for copy in copies] == [f"{ACME}.md"]
    assert "Office, 3rd floor" in copies[0].read_text()


async def test_quit_with_unsaved_edits_asks(journal_dir: Path) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_acme(pilot)
        editor.query_one("#f-location", Input).value = "Office"
        await pilot.pause()
        assert app.dirty_editors == {editor}, app.dirty_editors
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await press_button(pilot, "#no")
        assert app.is_running and app.screen is editor


def test_watch_limit_falls_back_to_polling_and_says_so(tmp_path: Path) -> None:
    from watchdog.observers.polling import PollingObserver

    class Exhausted(PollingObserver):
        def schedule(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise OSError(28, "No space left on device")  # what inotify_add_watch gives at the limit

    (tmp_path / "interviews").mkdir()
    seen: list[frozenset[str]] = []
    done = threading.Event()
    notes: list[str] = []
    source = WatchdogSource(tmp_path, notes.append, poll_interval=0.1, make_observer=Exhausted)
    watcher = Watcher(tmp_path, lambda batch: (seen.append(batch.paths), done.set()), quiet=0.05, source=source)
    watcher.start()
    try:
        assert any("max_user_watches" in note and "polling instead" in note for note in notes), notes
        (tmp_path / "interviews" / "acme.md").write_text("---\ncompany: A\n---\n")
        assert done.wait(5)
    finally:
        watcher.stop()
    assert seen == [frozenset({"interviews/acme.md"})]
