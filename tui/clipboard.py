"""Copy that arrives: the system clipboard through its own tool where one exists, OSC 52 otherwise.

OSC 52 (Textual's `App.copy_to_clipboard`) asks the terminal to set the clipboard; many terminals
ignore it and tmux drops it unless `set-clipboard` is on, so the app cannot know it worked. A
clipboard tool (`wl-copy`, `xclip`, `xsel`, `pbcopy`, `clip.exe`) can, and is preferred. The
choice and the `mailto:` address are pure functions of their inputs, tested with a fake PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

"""Longest `mailto:` address offered: mail clients and browsers cut or refuse longer ones (about 2,000)."""

OSC52 = "Sent to the terminal's clipboard (OSC 52) — under tmux this needs `set -g set-clipboard on`"


class ClipboardError(Exception):
    """A clipboard tool was found but failed; the message says which and why."""


def clipboard_tool(
    environ: Mapping[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
) -> list[str] | None:
    """The command that puts its standard input on the system clipboard here, or None (use OSC 52).

    Wayland and X11 need their display variable (over ssh there is none, and the tool would set the
    clipboard of a screen nobody sees); macOS has pbcopy; WSL reaches Windows' clipboard with clip.exe.
    """
    candidates: list[list[str]] = []
    if environ.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if environ.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    if platform == "darwin":
        candidates.append(["pbcopy"])
    if environ.get("WSL_DISTRO_NAME") or environ.get("WSL_INTEROP"):
        candidates.append(["clip.exe"])
    for command in candidates:
        found = which(command[0])
        if found:
            return [found, *command[1:]]
    return None


def tool_name(command: list[str]) -> str:
    return Path(command[0]).name


def copy_with(command: list[str], text: str) -> None:
    """Run the clipboard tool with `text` on its input (the tool may stay behind to serve the selection)."""
    try:
        # Output to /dev/null, not a pipe: xclip and wl-copy fork a child that keeps serving the
        # clipboard, and a pipe it inherited would make this wait for that child to exit.
        result = subprocess.run(
            command, input=text.encode(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=5, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ClipboardError(f"{tool_name(command)} did not run: {exc}") from None
    if result.returncode != 0:
        why = result.stderr.decode(errors="replace").strip().splitlines()
        raise ClipboardError(f"{tool_name(command)} failed{': ' + why[-1] if why else ''}")
