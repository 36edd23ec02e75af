"""A DataTable that takes any number of rows but builds them a page at a time.

Building and measuring DataTable rows costs about as much per row as the whole frame,
so a 10,000-row list drawn at once blocks typing for a second. This table keeps the
source sequence and adds the next page when the cursor or the scroll position comes near
the end of what is loaded; a redraw after a keystroke builds one page.

Its columns fit the terminal (`fit_columns`): narrow, each keeps a readable width and the
spare ones move to the end, reached with Left/Right; wide, the long-text columns take the
room, so nothing is cut when there is space for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.widgets import DataTable

T = TypeVar("T")
Render = Callable[[Any], tuple[str | None, tuple[str | Text, ...]]]
PADDING = 2
"""Columns a DataTable adds to each column's width (one cell of padding either side)."""


@dataclass(frozen=True)
class Column:
    """A table column and how it gives and takes room."""

    key: str
    label: str
    least: int
    """The narrowest width that still reads (a short form of the value, if the rows have one)."""
    full: int
    """The width at which no value is cut."""
    grow: int = 0
    """Share of the room left once every column has its full width (long text: names, reasons)."""
    spare: bool = False
    """Moved to the end, past the right edge, when every column would not fit at its least width."""


def fit_columns(columns: Sequence[Column], width: int) -> list[tuple[Column, int]]:
    """Each column with its width for a table `width` cells wide, in the order to show them.

    Every column gets its least width, then the short columns (dates, states) room up to their full
    width, then the growing ones (shared in proportion to what each lacks; a cell a share rounds
    away goes to the column nearest its full width, so one short value is whole rather than two cut),
    and what remains goes to the growing columns by their `grow`. When even the least widths
    do not fit, the spare columns go last (Right scrolls to them) and the others share the screen.
    """
    room = width - PADDING * len(columns)
    if sum(column.least for column in columns) > room and any(column.spare for column in columns):
        kept = [column for column in columns if not column.spare]
        spare = [column for column in columns if column.spare]
        return fit_columns(kept, width) + [(column, column.full) for column in spare]
    widths = [column.least for column in columns]
    for growing in (False, True):  # the short values whole first, then the long text
        lacking = {i: column.full - widths[i] for i, column in enumerate(columns) if bool(column.grow) == growing}
        room_left, wanted = room - sum(widths), sum(lacking.values())
        if room_left > 0 and wanted:
            share = min(1.0, room_left / wanted)
            for i, lack in lacking.items():
                widths[i] += int(lack * share)
            rounded_away = room - sum(widths) if share < 1 else 0
            for i in sorted(lacking, key=lambda i: columns[i].full - widths[i]):  # the nearest whole first
                more = min(rounded_away, columns[i].full - widths[i])
                widths[i] += more
                rounded_away -= more
    left = room - sum(widths)
    growing_columns = [i for i, column in enumerate(columns) if column.grow]
    if left > 0 and growing_columns:
        total = sum(columns[i].grow for i in growing_columns)
        shares = [left * columns[i].grow // total for i in growing_columns]
        shares[0] += left - sum(shares)
        for i, share in zip(growing_columns, shares, strict=True):
            widths[i] += share
    return list(zip(columns, widths, strict=True))


def _cut_visibly(cell: str | Text) -> str | Text:
    """A cell that ends in `…` where its column cuts it, so `Record next st` never reads as whole."""
    if isinstance(cell, Text):
        cell.no_wrap, cell.overflow = True, "ellipsis"
    return cell


class PagedTable(DataTable[str | Text], Generic[T]):
    PAGE = 80
    """Rows built at a time: about two screens."""

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.source: Sequence[Any] = ()
        self.loaded = 0
        self._loading = False
        self._render_row: Render = lambda item: (None, ())
        self.layout_columns = tuple(columns)
        self.narrow: frozenset[str] = frozenset()
        """The keys of the columns narrower than their full width (rows may show a short form there)."""
        self._fitted: list[tuple[Column, int]] = []
        self._order: tuple[int, ...] | None = None
        """Where each shown column's cell is in a rendered row, when the spare columns moved."""

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Lay the columns out for `width` (less the vertical scroll bar); rows are drawn again if it changed."""
        fitted = fit_columns(self.layout_columns, width - self.styles.scrollbar_size_vertical)
        if fitted == self._fitted:
            return
        had_columns = bool(self._fitted)
        self._fitted = fitted
        self.narrow = frozenset(column.key for column, w in fitted if w < column.full)
        keys = [column.key for column in self.layout_columns]
        order = tuple(keys.index(column.key) for column, _ in fitted)
        self._order = None if order == tuple(range(len(keys))) else order
        cursor = self.cursor_row if self.row_count else 0
        self.clear(columns=True)
        for column, w in fitted:
            self.add_column(column.label, width=w, key=column.key)
        if had_columns and self.source:
            self.show(self.source, self._render_row, cursor)

    def action_cursor_right(self) -> None:
        """Right shows the next column whole (Textual's row cursor scrolls a cell at a time)."""
        starts = self._column_starts()
        self.scroll_to(x=next((x for x in starts if x > self.scroll_x), self.max_scroll_x), animate=False)

    def action_cursor_left(self) -> None:
        starts = self._column_starts()
        self.scroll_to(x=next((x for x in reversed(starts) if x < self.scroll_x), 0), animate=False)

    def _column_starts(self) -> list[int]:
        starts, x = [], 0
        for _, width in self._fitted:
            starts.append(x)
            x += width + PADDING
        return starts

    @property
    def column_order(self) -> tuple[str, ...]:
        """The column keys as shown, left to right."""
        return tuple(column.key for column, _ in self._fitted)

    def show(self, source: Sequence[Any], render: Render, cursor: int = 0) -> None:
        """Replace the rows; the cursor goes to `cursor` (loading up to it)."""
        if not self._fitted:
            self._fit(self.app.size.width)  # rows shown before the table was mounted
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
                    if self._order is not None:
                        cells = tuple(cells[i] for i in self._order)
                    self.add_row(*map(_cut_visibly, cells), key=key)
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
