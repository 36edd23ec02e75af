"""Snooze an interview until a day (presets or a date), and see what is snoozed to lift it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from journal import Item
from journal.validate import parse_day
from tui.agenda_rows import ACTION_LABELS, say_day

SNOOZE_ONE_ITEM = (
    "The journal keeps a snooze on the interview (snooze_until), so every item about it waits; "
    "one item alone cannot be snoozed — skip it (x) if you decided not to send it."
)
"""Said wherever a snooze is chosen: what it covers, and what to do for a single item."""


def presets(today: date) -> list[tuple[str, str, date]]:
    """The quick choices: id, label, day."""
    return [
        ("tomorrow", "Tomorrow", today + timedelta(days=1)),
        ("three", "In 3 days", today + timedelta(days=3)),
        ("week", "Next week", today + timedelta(days=7)),
    ]


def future_day(today: date) -> Callable[[str], date]:
    """A check for a typed date: a real day after `today` (a snooze into the past does nothing)."""

    def check(text: str) -> date:
        day = parse_day(text.strip())
        if day <= today:
            raise ValueError(
                f"pick a day after today ({say_day(today, today)}); a snooze until {say_day(day, today)} would do nothing"
            )
        return day

    return check


class SnoozeDialog(ModalScreen[str]):
    """Dismisses with an ISO day, `date` (ask for one), `lift`, or "" (cancelled).

    Enter gives the highlighted choice; "Next week" is highlighted first.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('')", "Cancel")]

    def __init__(self, title: str, today: date, until: date | None = None) -> None:
        super().__init__()
        self.title_text, self.today, self.until = title, today, until

    def compose(self) -> ComposeResult:
        options = [
            Option(f"{label} — until {say_day(day, self.today)}", id=day.isoformat())
            for _, label, day in presets(self.today)
        ]
        options.append(Option("A date…", id="date"))
        if self.until is not None and self.until > self.today:
            options.append(Option(f"Lift the snooze (now until {say_day(self.until, self.today)})", id="lift"))
        with Vertical(classes="dialog"):
            yield Label(f"Snooze {self.title_text}", classes="question", markup=False)
            yield OptionList(*options, id="snooze-choices")
            yield Static(SNOOZE_ONE_ITEM, classes="notes", markup=False)

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 2
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")


class SnoozedDialog(ModalScreen[str]):
    """Every snoozed interview, until when and what it holds back; Enter lifts the highlighted one's snooze.

    Dismisses with the interview id to lift, or "" (closed).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('')", "Close")]

    def __init__(self, snoozed: list[tuple[str, str, date, tuple[Item, ...]]], today: date) -> None:
        """`snoozed`: (interview id, title, until, items held back)."""
        super().__init__()
        self.snoozed, self.today = snoozed, today

    def compose(self) -> ComposeResult:
        count = sum(len(items) for *_, items in self.snoozed)
        with Vertical(classes="dialog"):
            yield Label(
                f"Snoozed: {len(self.snoozed)} interview(s) holding back {count} item(s). Enter lifts a snooze.",
                classes="question",
                markup=False,
            )
            options = []
            for ident, title, until, items in self.snoozed:
                held = "; ".join(
                    ACTION_LABELS.get(item.action, item.action) + (f" to {item.person}" if item.person else "")
                    for item in items
                )
                options.append(
                    Option(f"{title} — until {say_day(until, self.today)}\n  {held or 'nothing due yet'}", id=ident)
                )
            yield OptionList(*options, id="snoozed-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")
