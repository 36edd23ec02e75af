"""A DataTable that takes any number of rows but builds them a page at a time.

Building and measuring DataTable rows costs about as much per row as the whole frame,
so a 10,000-row list drawn at once blocks typing for a second. This table keeps the
source sequence and adds the next page when the cursor or the scroll position comes near
the end of what is loaded; a redraw after a keystroke builds one page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.widgets import DataTable

T = TypeVar("T")
Render = Callable[[Any], tuple[str | None, tuple[str | Text, ...]]]


class PagedTable(DataTable[str | Text], Generic[T]):
    PAGE = 80
    """Rows built at a time: about two screens."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.source: Sequence[Any] = ()
        self.loaded = 0
        self._loading = False
        self._render_row: Render = lambda item: (None, ())

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)

    def show(self, source: Sequence[Any], render: Render, cursor: int = 0) -> None:
        """Replace the rows; the cursor goes to `cursor` (loading up to it)."""
        self.clear()
        self.source, self._render_row, self.loaded = source, render, 0
        self.load_until(max(cursor, 0) + self.PAGE - 1)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False)

    def load_until(self, index: int) -> None:
        """Build rows up to and including `index` (a whole number of pages)."""
        if self._loading:
            return
        self._loading = True  # adding a row re-sets the cursor, which must not load more meanwhile
        try:
            while self.loaded <= index and self.loaded < len(self.source):
                for item in self.source[self.loaded : self.loaded + self.PAGE]:
                    key, cells = self._render_row(item)
                    self.add_row(*cells, key=key)
                self.loaded = min(len(self.source), self.loaded + self.PAGE)
        finally:
            self._loading = False

    def _more(self) -> None:
        if self.loaded < len(self.source):
            self.load_until(self.loaded)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row >= self.loaded - self.PAGE // 4:
            self._more()

    def _scrolled(self, value: float) -> None:
        if value + self.size.height * 2 >= self.virtual_size.height:
            self._more()
