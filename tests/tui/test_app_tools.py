"""The site and git from the app: build and say where, serve until stopped, a commit dialog that keeps
up with the files, and a palette that offers only what applies, with its keys."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Static, TextArea
from tui_helpers import ACME, AS_OF, SIZE, goto, said_by, settle, wait_for

from tui.app import FollowupApp
from tui.dialogs.commit import CommitDialog


class FakeBrowser(webbrowser.BaseBrowser):
    def __init__(self) -> None:
        super().__init__("fakefox")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


def no_browser() -> webbrowser.BaseBrowser:
    raise webbrowser.Error("could not locate runnable browser")


@pytest.fixture
def no_clipboard_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


async def test_build_without_a_browser_says_so_and_the_address_can_be_copied(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch, no_clipboard_tool: None
) -> None:
    monkeypatch.setattr(webbrowser, "get", no_browser)
    (journal_dir / "followups" / "2026-11-25-two-mistakes.md").write_text(
        "---\ninterview: no-such-interview\nkind: thank-you\ndate: 2026-13-45\n---\nThanks\n"
    )
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        index = (journal_dir / "_site" / "index.html").resolve()
        assert index.is_file()
        (built,) = [message for message in said if message.startswith("Site built:")]
        assert "Not opened: no browser was found" in built and index.as_uri() in built
        assert "; 2 files with errors left out." in built  # the fixture's broken file and this one, with two errors
        await run_from_palette(pilot, "copy the site")
        assert app.clipboard == index.as_uri()


async def test_build_with_a_browser_opens_the_index(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda: browser)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "build site")
        await settle(pilot)
        url = (journal_dir / "_site" / "index.html").resolve().as_uri()
        assert browser.opened == [url]
        assert any(f"Opened {url} in your browser." in message for message in said), said


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


async def test_serve_from_the_app_answers_until_stopped_and_quitting_stops_it(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webbrowser, "get", no_browser)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "preview site")
        await wait_for(pilot, lambda: app.preview is not None, seconds=30)
        assert app.preview is not None
        url = app.preview.url
        assert url.startswith("http://127.0.0.1:")
        assert f"site at {url}" in app.sub_title  # the address stays in the header while it is served
        assert any(f"Serving the site at {url}; not opened: no browser was found" in m for m in said), said
        status, body = await asyncio.to_thread(get, url)
        assert status == 200 and b"<html" in body.lower()
        app.post_message(app.ServeReport("rebuild failed; still watching:\nTraceback…\n  ValueError: bad"))
        await settle(pilot)
        assert "rebuild failed; still watching: ValueError: bad" in said
        await run_from_palette(pilot, "stop serving")
        await settle(pilot)
        assert app.preview is None and "site at" not in app.sub_title
        with pytest.raises(urllib.error.URLError):
            await asyncio.to_thread(get, url)

        await run_from_palette(pilot, "preview site")
        await wait_for(pilot, lambda: app.preview is not None, seconds=30)
        assert app.preview is not None
        url = app.preview.url
    with pytest.raises(urllib.error.URLError):  # the app quit: so did the server
        await asyncio.to_thread(get, url)


async def palette_titles(pilot, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.4)
    commands = pilot.app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt).splitlines()[0] for i in range(commands.option_count)]


async def run_from_palette(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    titles = await palette_titles(pilot, query)
    assert titles, f"nothing in the palette for {query!r}"
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_offers_git_init_only_outside_a_repository(journal_dir: Path, repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not [title for title in await palette_titles(pilot, "initialise git") if "Initialise git" in title]
        await pilot.press("escape")
    (repo_dir / ".git").rename(repo_dir / ".git-away")
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [title for title in await palette_titles(pilot, "initialise git") if "Initialise git" in title]


async def test_palette_entries_show_the_keys_that_run_them(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    titles = await palette_titles(pilot, "commit changes")
    assert any(title.startswith("Commit changes") and title.endswith("^g") for title in titles), titles
    await pilot.press("escape")
    titles = await palette_titles(pilot, "mark item done")
    assert any(title.startswith("Mark item done") and title.endswith("d") for title in titles), titles
    await pilot.press("escape")
    titles = await palette_titles(pilot, "go to people")
    assert any(title.startswith("Go to People") and title.endswith("p") for title in titles), titles


async def test_the_commit_dialog_follows_the_files_and_says_what_happened(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, f"thank-you:{ACME}:raj-patel")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CommitDialog)
        files = str(dialog.query_one("#commit-list", Static).render())
        assert files.split() == ["new", "followups/2026-11-25-thank-you-raj-patel.md"]
        assert dialog.query_one("#message", TextArea).text == "Thank-you note to Raj Patel sent"

        rel = f"interviews/{ACME}.md"
        path = repo_dir / rel
        path.write_text(path.read_text().replace("location: Zoom", "location: Zoom\nnext_steps: Meet the CTO"))
        app.post_message(FollowupApp.FilesChanged(frozenset({rel})))
        await wait_for(pilot, lambda: rel in str(dialog.query_one("#commit-list", Static).render()))
        await settle(pilot)
        assert "2 changes" in str(dialog.query_one("#commit-count").render())
        message = dialog.query_one("#message", TextArea).text
        assert message.splitlines()[0] == "Thank-you note to Raj Patel sent; Acme Corp onsite: next steps recorded"

        dialog.query_one("#message", TextArea).text = "My own words"
        (repo_dir / "people" / "priya-nair.md").unlink()
        app.post_message(FollowupApp.FilesChanged(frozenset({"people/priya-nair.md"})))
        await wait_for(pilot, lambda: "people/priya-nair.md" in str(dialog.query_one("#commit-list", Static).render()))
        assert dialog.query_one("#message", TextArea).text == "My own words"  # what the user wrote stays


async def test_commit_is_offered_only_with_changes(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "clean"
        assert not [title for title in await palette_titles(pilot, "commit changes") if "Commit changes" in title]
        await pilot.press("escape")
        await goto(pilot, f"thank-you:{ACME}:raj-patel")
        await pilot.press("d")
        await settle(pilot)
        assert [title for title in await palette_titles(pilot, "commit changes") if "Commit changes" in title]


async def test_one_interview_is_counted_in_the_singular(journal_dir: Path) -> None:
    for path in (journal_dir / "interviews").glob("*.md"):
        if ACME not in path.name:
            path.unlink()
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert str(app.screen.query_one("#interviews-count", Static).render()).startswith("1 interview ·")
