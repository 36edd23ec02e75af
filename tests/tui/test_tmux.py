"""The real `followup` command in a real terminal (tmux): it draws, takes keys and writes files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

FOLLOWUP = Path(sys.executable).parent / "followup"
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None or not FOLLOWUP.exists(), reason="needs tmux and followup")


class Terminal:
    """One tmux session on a private server socket, 120x36 unless told."""

    def __init__(self, command: list[str], size: tuple[int, int] = (120, 36)) -> None:
        self.socket = f"followup-test-{uuid.uuid4().hex[:8]}"
        width, height = size
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-s", "app", " ".join(command))

    def tmux(self, *args: str) -> str:
        env = {**os.environ, "TERM": "xterm-256color"}
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=env)
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def keys(self, *keys: str) -> None:
        """Type like a person: one key at a time (a burst in one write can arrive as a paste)."""
        for key in keys:
            self.tmux("send-keys", "-t", "app", key)
            time.sleep(0.05)

    def wait_for(self, text: str, seconds: float = 20.0) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "app"], capture_output=True).returncode == 0
        )

    def close(self) -> None:
        self.tmux("kill-server")


def test_real_app_in_tmux_marks_done_and_edits_an_interview(journal_dir: Path) -> None:
    # The real app plans for the real today, so the journal is made for it: an interview three days ago
    # whose thank-you comes first (LinkedIn waits five days here), and Hooli, withdrawn, to edit.
    (journal_dir / "journal.yaml").write_text(
        "owner: Alex Example\nsite_title: Alex's job search\npolicy:\n  linkedin_after_days: 5\n", encoding="utf-8"
    )
    hooli = journal_dir / "interviews" / "2026-11-27-hooli-sre-onsite.md"
    for folder in ("interviews", "followups", "people"):
        for old in (journal_dir / folder).glob("*.md"):
            if old != hooli:
                old.unlink()
    hooli.write_text(hooli.read_text().replace("outcome: pending", "outcome: withdrawn"))
    assert "outcome: withdrawn" in hooli.read_text()
    day = (date.today() - timedelta(days=3)).isoformat()
    (journal_dir / "interviews" / f"{day}-umbrella-sre-onsite.md").write_text(
        f"---\ncompany: Umbrella\nrole: SRE\nstage: onsite\ndate: {day}T10:00\n"
        "next_steps: They decide next month.\ninterviewers:\n  - name: Quinn Rivers\n---\n",
        encoding="utf-8",
    )
    terminal = Terminal([str(FOLLOWUP), "-C", str(journal_dir)])
    try:
        screen = terminal.wait_for("Alex's job search")  # the title comes with the loaded journal
        assert "Overdue" in screen and "Thank-you note" in screen and "Quinn Rivers" in screen
        assert "not a git repository" in screen
        terminal.keys("d")  # the earliest overdue item: the thank-you to Quinn Rivers
        terminal.wait_for("Logged thank-you note to Quinn Rivers")
        written = list((journal_dir / "followups").glob("*-thank-you-quinn-rivers.md"))
        assert len(written) == 1 and "status: sent" in written[0].read_text()
        terminal.keys("i")
        screen = terminal.wait_for("2 interviews")
        assert "Umbrella" in screen and "Hooli" in screen
        terminal.keys("/", "h", "o", "o", "l", "i", "Enter", "Enter")  # filter, then open the one match
        terminal.wait_for("interviews/2026-11-27-hooli-sre-onsite.md")
        time.sleep(0.5)  # a person looks before typing; the editor settles its focus meanwhile
        terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab", "End", " ", "H", "Q", "C-s")  # to Location, edit, save
        terminal.wait_for("Saved interviews/2026-11-27-hooli-sre-onsite.md")
        assert "location: Palo Alto HQ" in (journal_dir / "interviews" / "2026-11-27-hooli-sre-onsite.md").read_text()
        terminal.keys("Escape")
        terminal.wait_for("sorted by Date")
        terminal.keys("q")
        deadline = time.monotonic() + 10
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not terminal.alive()
    finally:
        terminal.close()


def test_real_app_keeps_keys_typed_right_after_opening_an_editor(journal_dir: Path) -> None:
    path = journal_dir / "interviews" / "2026-11-27-hooli-sre-onsite.md"
    terminal = Terminal([str(FOLLOWUP), "-C", str(journal_dir)])
    try:
        terminal.wait_for("Overdue")
        terminal.keys("i")
        terminal.wait_for("4 interviews")
        terminal.keys("/", "h", "o", "o", "l", "i", "Enter", "Enter")
        terminal.wait_for("interviews/2026-11-27-hooli-sre-onsite.md")
        terminal.keys(" ", "I", "n", "c")  # the moment the editor shows, with no pause for it to settle
        terminal.wait_for("Hooli Inc")  # all four keys drawn, not only the first
        terminal.wait_for("● unsaved", seconds=2)  # the title follows the field's change message, a frame later
        terminal.keys("C-s")
        terminal.wait_for("Saved interviews/2026-11-27-hooli-sre-onsite.md")
        assert "company: Hooli Inc\n" in path.read_text()
    finally:
        terminal.close()


def test_real_app_hands_a_broken_file_to_the_editor_then_saves_merging(journal_dir: Path, tmp_path: Path) -> None:
    path = journal_dir / "interviews" / "2026-11-27-hooli-sre-onsite.md"
    good = path.read_text()
    fixed = tmp_path / "fixed.md"
    fixed.write_text(good.replace("format: in-person", "format: video"))
    seen = tmp_path / "seen"
    editor = tmp_path / "fix-it"
    editor.write_text(f'#!/bin/sh\n[ -t 0 ] && [ -t 1 ] && echo terminal > "{seen}"\ncp "{fixed}" "$1"\n')
    editor.chmod(0o755)
    terminal = Terminal(["env", "-u", "VISUAL", f"EDITOR={editor}", str(FOLLOWUP), "-C", str(journal_dir)])
    try:
        terminal.wait_for("Overdue")
        terminal.keys("i")
        terminal.wait_for("4 interviews")
        terminal.keys("/", "h", "o", "o", "l", "i", "Enter", "Enter")
        terminal.wait_for("interviews/2026-11-27-hooli-sre-onsite.md")
        terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab", " ", "H", "Q")  # at once: the Tabs still lead to Location
        terminal.wait_for("● unsaved")
        path.write_text("---\ncompany: Hooli\nrole: [SRE\n---\n")  # someone breaks the file
        terminal.wait_for("Keep mine")
        terminal.keys("Enter")  # the default keeps the edits
        time.sleep(0.3)
        terminal.keys("C-s")
        terminal.wait_for("Open it in fix-it")
        terminal.keys("BTab", "Enter")  # from Cancel, the default, back to the editor button
        terminal.wait_for("Saved interviews/2026-11-27-hooli-sre-onsite.md")
        assert seen.read_text().strip() == "terminal"  # the editor had the terminal
        text = path.read_text()
        assert "location: Palo Alto HQ\n" in text and "format: video\n" in text
    finally:
        terminal.close()


def test_real_app_at_80x24_fits_and_takes_the_keyboard_keys(journal_dir: Path) -> None:
    terminal = Terminal([str(FOLLOWUP), "-C", str(journal_dir)], size=(80, 24))
    try:
        screen = terminal.wait_for("Overdue")
        header = next(line for line in screen.splitlines() if line.lstrip().startswith("Due "))
        assert "Nudges" in header and "Why" in header  # every Today column on screen
        footer = terminal.wait_for("? Help").splitlines()[-1]  # the footer fits its keys once they are drawn
        assert "? Help" in footer and footer.rstrip().endswith("^p palette")
        terminal.keys("?")
        screen = terminal.wait_for("esc closes")
        assert "Today keys" in screen
        terminal.keys("PageDown", "PageDown", "PageDown")
        terminal.wait_for("never overwritten")  # the help's last line, scrolled to
        terminal.keys("Escape")
        terminal.wait_for("Overdue")  # (an Esc with a key right after it reads as alt+key)
        terminal.keys("i")
        screen = terminal.wait_for("4 interviews")
        header = next(line for line in screen.splitlines() if "Company" in line)
        assert all(name in header for name in ("Role", "Date", "Outcome", "Next action", "Due"))
        assert "Stage" not in header
        terminal.keys("Down", "Right")
        terminal.wait_for("Stage")  # the column past the right edge
        terminal.keys("Left", "/", "h", "o", "o", "l", "i", "Enter", "Enter")
        terminal.wait_for("interviews/2026-11-27-hooli-sre-onsite")
        time.sleep(0.5)
        terminal.keys(*["Tab"] * 7, "x")  # to Decision by, a stray letter
        screen = terminal.wait_for("use YYYY-MM-DD")
        lines = screen.splitlines()
        at = next(i for i, line in enumerate(lines) if "Decision by" in line)
        assert lines[at].split("Decision by", 1)[1].strip() == "x"  # the bad value is still there to read
        assert "use YYYY-MM-DD" in lines[at + 1]  # and the message right under it
        terminal.keys("BSpace", "F1")
        screen = terminal.wait_for("Interview editor keys")
        assert "Indent" in screen
        terminal.keys("Escape")
        terminal.wait_for("Decision by")
        time.sleep(0.3)
        terminal.keys("Escape")
        terminal.wait_for("sorted by Date")
    finally:
        terminal.close()
