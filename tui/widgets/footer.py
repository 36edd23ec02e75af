"""The footer: the keys that fit, whole, with `?` Help always among them.

Textual's Footer cuts the row at the right edge, mid-word ("e P", "? Hel"). This one measures
its keys once they are drawn and hides, from the end, those that do not fit whole, keeping
the help key and the palette's; narrower than 160 columns it uses the compact spacing. The
hidden keys still work, and help (`?`) and the palette (ctrl+p) list them.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Footer

KEEP = ("help",)
"""Actions whose key stays in the footer however narrow it is."""
COMPACT_BELOW = 160


class FitFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._widths: dict[Widget, int] = {}
        self._tries = 0
        """Refreshes waited for the keys to be drawn (a footer under a dialog may never be)."""

    async def recompose(self) -> None:
        await super().recompose()
        self._widths, self._tries = {}, 0
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        compact = event.size.width < COMPACT_BELOW
        if compact != self.compact:
            self.compact, self._widths = compact, {}  # the keys' widths change with the spacing
        self._tries = 0
        self.call_after_refresh(self._fit)

    def shown_actions(self) -> list[str]:
        """The actions of the footer's keys, in order: the screen's bindings marked `show`, one per action
        (how Footer lists them)."""
        actions = [binding.action for _, binding, _, _ in self.screen.active_bindings.values() if binding.show]
        return list(dict.fromkeys(actions))

    def _fit(self) -> None:
        if not self.is_attached:
            return
        keys = list(self.query("FooterKey"))
        if not self._widths or any(key not in self._widths for key in keys):
            for key in keys:
                key.display = True  # measured as drawn, the next time round
            self._widths = {key: key.outer_size.width + key.styles.margin.width for key in keys if key.outer_size.width}
            if len(self._widths) < len(keys):
                self._widths = {}
                self._tries += 1
                if self._tries < 3:
                    self.call_after_refresh(self._fit)
                return
        room = self.size.width
        ordinary = []
        actions = iter(self.shown_actions())
        for key in keys:
            if key.has_class("-command-palette") or next(actions, "") in KEEP:
                room -= self._widths[key]
            else:
                ordinary.append(key)
        fits = True
        for key in ordinary:
            fits = fits and self._widths[key] <= room
            room -= self._widths[key] if fits else 0
            key.display = fits
