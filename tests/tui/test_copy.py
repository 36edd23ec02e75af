"""Copy that arrives (the system clipboard's tool when there is one, OSC 52 otherwise, and the app says which),
and the follow-up editor's title in words.

The tool is chosen from a fake PATH holding a fake `xclip` (a script that keeps what it was given),
so the test sees what reached "the clipboard" and what the user was told.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from textual.widgets import TextArea
from tui_helpers import ACME, AS_OF, SIZE, said_by, settle, wait_for

from journal import FollowUp
from tui.app import FollowupApp
from tui.clipboard import clipboard_tool
from tui.screens.followup_editor import FollowupEditor

DRAFT = FollowUp(id="x", kind="thank-you", interview=ACME, to="Jane Doe", subject="Thank you & more",
                 body="Hi Jane,\nThanks = great day.\n")  # fmt: skip


def fake_tool(folder: Path, name: str, keep: Path) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(keep)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    script.chmod(0o755)


def test_the_tool_follows_the_display_and_the_platform(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    for name in ("wl-copy", "xclip", "xsel", "pbcopy", "clip.exe"):
        fake_tool(bin_dir, name, tmp_path / "kept")

    def which(only: set[str]):  # type: ignore[no-untyped-def]
        return lambda name: str(bin_dir / name) if name in only else None

    every = which({"wl-copy", "xclip", "xsel", "pbcopy", "clip.exe"})
    wayland = clipboard_tool({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, every, "linux")
    assert wayland == [str(bin_dir / "wl-copy")]
    assert clipboard_tool({"DISPLAY": ":0"}, every, "linux") == [str(bin_dir / "xclip"), "-selection", "clipboard"]
    assert clipboard_tool({"DISPLAY": ":0"}, which({"xsel"}), "linux") == [
        str(bin_dir / "xsel"),
        "--clipboard",
        "--input",
    ]
    assert clipboard_tool({}, every, "linux") is None  # over ssh: no display, the terminal's OSC 52
    assert clipboard_tool({}, every, "darwin") == [str(bin_dir / "pbcopy")]
    assert clipboard_tool({"WSL_DISTRO_NAME": "Ubuntu"}, every, "linux") == [str(bin_dir / "clip.exe")]
    assert clipboard_tool({"DISPLAY": ":0"}, which(set()), "linux") is None
    # and with the real shutil.which over a PATH that holds only the fakes
    import shutil

    assert clipboard_tool({"DISPLAY": ":0"}, lambda n: shutil.which(n, path=str(bin_dir)), "linux") == [
        str(bin_dir / "xclip"), "-selection", "clipboard"
    ]  # fmt: skip


async def open_draft(app: FollowupApp, pilot, record: FollowUp) -> FollowupEditor:  # type: ignore[no-untyped-def]
    editor = FollowupEditor(record, new=True)
    await app.push_screen(editor)
    await settle(pilot)
    return editor


def with_xclip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desktop whose clipboard tool is a fake `xclip`; the file it keeps what it is given in."""
    kept = tmp_path / "clipboard"
    fake_tool(tmp_path / "bin", "xclip", kept)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return kept


async def test_with_xclip_the_body_and_subject_go_through_it_separately(
    journal_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = with_xclip(tmp_path, monkeypatch)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_draft(app, pilot, DRAFT)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert kept.read_text() == "Hi Jane,\nThanks = great day.\n"
        assert "Body copied with xclip." in said
        assert app.clipboard == ""  # no OSC 52 sent: the tool did it
        await app.run_action("copy_subject", app.screen)
        await settle(pilot)
        await wait_for(pilot, lambda: kept.read_text() == "Thank you & more")
        assert "Subject copied with xclip." in said
        await app.run_action("copy_mailto", app.screen)
        await settle(pilot)
        await wait_for(pilot, lambda: kept.read_text().startswith("mailto:"))
        assert kept.read_text().startswith("mailto:jane@acme.example?subject=Thank%20you%20%26%20more&body=")
        assert unquote(kept.read_text().split("body=")[1]) == "Hi Jane,\r\nThanks = great day."
        app.screen.query_one("#body", TextArea).load_text("Hi Jane,\nThe post: [link]\n")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await wait_for(pilot, lambda: "Message still to fill in: [link] (line 2)." in said[-1])
        assert said[-1] == "Body copied with xclip. Message still to fill in: [link] (line 2)."
        assert kept.read_text() == "Hi Jane,\nThe post: [link]\n"  # copied as it is


async def test_without_a_tool_it_uses_osc_52_and_says_tmux_needs_set_clipboard(
    journal_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_draft(app, pilot, DRAFT)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.clipboard == "Hi Jane,\nThanks = great day.\n"
        assert any(
            m.startswith("Body: Sent to the terminal's clipboard (OSC 52)") and "set-clipboard" in m for m in said
        )


async def test_a_long_note_is_not_offered_as_mailto(
    journal_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("DISPLAY", raising=False)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_draft(
            app, pilot, FollowUp(id="x", kind="thank-you", interview=ACME, to="Jane Doe", body="word " * 400)
        )
        await app.run_action("copy_mailto", app.screen)
        await settle(pilot)
        assert app.clipboard == ""
        assert any("copy the subject and the body instead" in m for m in said), said


async def test_editor_titles_say_the_kind_in_words(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    linkedin = FollowUp(id="x", kind="linkedin", interview=ACME, to="Raj Patel", body="Hi")
    assert (await open_draft(app, pilot, linkedin)).title == "New LinkedIn request to Raj Patel"
    await pilot.press("escape")
    await settle(pilot)
    thanks = FollowUp(id="x", kind="thank-you", interview=ACME, to="Raj Patel", body="")
    assert (await open_draft(app, pilot, thanks)).title == "New thank-you note to Raj Patel"
    await pilot.press("escape")
    await settle(pilot)
    reply = FollowUp(id="x", kind="reply", interview=ACME, to="Jane Doe", direction="in", status="received", body="")
    assert (await open_draft(app, pilot, reply)).title == "New reply from Jane Doe"


async def test_a_saved_draft_opens_in_the_mail_client_as_an_unsent_eml(
    journal_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `followup compose --eml`: the file parsed back, its Message-ID kept on the follow-up, the
    desktop's opener given the file; nothing is sent."""
    import email
    from email import policy

    (journal_dir / "followups" / "2026-11-23-status-check-jane-doe.md").write_text(
        f"---\ninterview: {ACME}\nkind: status-check\nto: Jane Doe\nstatus: draft\nsubject: Any news?\n---\n"
        "Hi Jane, is there any news on the decision?\n"
    )
    bin_dir, opened = tmp_path / "bin", tmp_path / "opened"
    bin_dir.mkdir()
    script = bin_dir / "xdg-open"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    said = said_by(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.journal is not None
        editor = FollowupEditor(app.journal.followups["2026-11-23-status-check-jane-doe"])
        await app.push_screen(editor)
        await settle(pilot)
        await app.run_action("compose_eml", app.screen)
        await wait_for(pilot, lambda: any("nothing was sent" in m for m in said))
    target = journal_dir / ".followup" / "outbox" / "2026-11-23-status-check-jane-doe.eml"
    assert opened.read_text() == str(target)
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["Subject"] == "Any news?"
    assert "jane@acme.example" in message["To"]
    saved = (journal_dir / "followups" / "2026-11-23-status-check-jane-doe.md").read_text()
    assert f"message_id: {message['Message-ID']}\n" in saved


async def test_unsaved_edits_are_not_handed_to_the_mail_client(desk) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    said = said_by(app)
    await open_draft(app, pilot, DRAFT)
    await app.run_action("compose_eml", app.screen)
    await settle(pilot)
    assert any("Save the follow-up first" in m for m in said)
