"""Copy from a screen: the system clipboard's tool in a worker when there is one, else OSC 52, and say which."""

from __future__ import annotations

from functools import partial

from textual.screen import Screen

from tui.clipboard import OSC52, ClipboardError, clipboard_tool, copy_with, tool_name


def copy_out(screen: Screen[object], text: str, what: str) -> None:
    """Copy `text` (`what` names it in the message: "Body", "Subject") and tell the user how it went."""
    tool = clipboard_tool()
    if tool is None:
        screen.app.copy_to_clipboard(text)
        screen.notify(f"{what}: {OSC52}.", timeout=8)
        return
    screen.run_worker(partial(_copy_with, screen, tool, text, what), thread=True, group="copy", exit_on_error=False)


def _copy_with(screen: Screen[object], tool: list[str], text: str, what: str) -> None:
    """(In a worker.) A tool that fails falls back to OSC 52, and the message says both."""
    app = screen.app
    try:
        copy_with(tool, text)
    except ClipboardError as exc:
        app.call_from_thread(app.copy_to_clipboard, text)
        app.call_from_thread(screen.notify, f"{exc}. {what}: {OSC52}.", severity="warning", timeout=10)
        return
    app.call_from_thread(screen.notify, f"{what} copied with {tool_name(tool)}.")
