"""F4 in a real terminal (tmux): the app hands the terminal to $EDITOR, then shows what the editor wrote."""

from __future__ import annotations

from pathlib import Path

from test_tmux import FOLLOWUP, Terminal, pytestmark  # noqa: F401 - the same skip: needs tmux and followup


def test_f4_hands_the_terminal_to_the_editor_and_shows_its_edit(journal_dir: Path, tmp_path: Path) -> None:
    path = journal_dir / "interviews" / "2026-11-27-hooli-sre-onsite.md"
    seen = tmp_path / "seen"
    editor = tmp_path / "edit-it"
    editor.write_text(
        f'#!/bin/sh\n[ -t 0 ] && [ -t 1 ] && echo "$@" > "{seen}"\n'
        f'sed "s/location: Palo Alto/location: Remote first/" "$1" > "$1.new" && mv "$1.new" "$1"\n'
    )
    editor.chmod(0o755)
    terminal = Terminal(["env", "-u", "VISUAL", f"EDITOR={editor}", str(FOLLOWUP), "-C", str(journal_dir)])
    try:
        terminal.wait_for("Overdue")
        terminal.keys("i")
        terminal.wait_for("4 interviews")
        terminal.keys("/", "h", "o", "o", "l", "i", "Enter", "Enter")
        terminal.wait_for("Palo Alto")
        terminal.keys("F4")
        terminal.wait_for("Remote first")  # back in the app, the editor's change on screen
        assert seen.read_text().strip() == str(path)  # the editor had the terminal, and the file
        assert "location: Remote first" in path.read_text()
        assert "unsaved" not in terminal.screen()
    finally:
        terminal.close()
