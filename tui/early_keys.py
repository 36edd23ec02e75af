"""Keys typed while a screen opens: none is lost before its first field has the focus.

Textual hands a key to the focused widget of the screen on top when the key is read. Typed right
after Enter opened an editor, a key can arrive before the editor has focused its field, and then
goes to the screen itself, which drops it. A screen that calls `hand_to_field` from its `on_key`
passes such a key on. Printable keys never bubble up from an Input or a TextArea (they take
them), so a printable key reaching the screen while one of them has the focus is one of these.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widgets import Input, TextArea


def hand_to_field(screen: Screen[Any], event: events.Key) -> None:
    """Give a printable key that reached `screen` to its focused text field, if any."""
    focused = screen.focused
    if event.is_printable and isinstance(focused, (Input, TextArea)) and not getattr(focused, "read_only", False):
        event.stop()
        event.prevent_default()
        focused.post_message(events.Key(event.key, event.character))
