"""Copy from a screen: the system clipboard's tool in a worker when there is one, else OSC 52, and say which."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from textual.screen import Screen

from tui.clipboard import OSC52, ClipboardError, clipboard_tool, copy_with, tool_name


def copy_out(screen: Screen[object], text: str, what: str, caveats: Sequence[str] = ()) -> None:
    """Copy `text` (`what` names it in the message: "Body", "Subject") and tell the user how it
    went, with `caveats` (what the text still has to fill in) as a warning after it."""
    tool = clipboard_tool()
    if tool is None:
        screen.app.copy_to_clipboard(text)
        _say(screen, f"{what}: {OSC52}.", caveats, timeout=8)
        return
    job = partial(_copy_with, screen, tool, text, what, caveats)
    screen.run_worker(job, thread=True, group="copy", exit_on_error=False)


def _copy_with(screen: Screen[object], tool: list[str], text: str, what: str, caveats: Sequence[str]) -> None:
    """(In a worker.) A tool that fails falls back to OSC 52, and the message says both."""
    app = screen.app
    try:
        copy_with(tool, text)
    except ClipboardError as exc:
        app.call_from_thread(app.copy_to_clipboard, text)
        app.call_from_thread(_say, screen, f"{exc}. {what}: {OSC52}.", caveats, warn=True, timeout=10)
        return
    app.call_from_thread(_say, screen, f"{what} copied with {tool_name(tool)}.", caveats)


def _say(screen: Screen[object], text: str, caveats: Sequence[str], warn: bool = False, timeout: float = 5) -> None:
    """One notification: how the copy went, then the caveats (a warning when there are any)."""
    said = " ".join([text, *(f"{caveat}." for caveat in caveats)])
    if warn or caveats:
        screen.notify(said, severity="warning", timeout=timeout + 5 * bool(caveats))
    else:
        screen.notify(said, timeout=timeout)
