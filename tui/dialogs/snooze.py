"""Snooze one item or its whole interview until a day (presets or a date), and see what is
snoozed to lift it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from journal import Item
from journal.dates import parse_day
from journal.records import fmt
from journal.words import counted
from tui.agenda_rows import ACTION_LABELS, Snoozed

SNOOZE_SCOPES = "A single item waits as its draft, dated that day. Skip it (x) if you will not send it."
"""Said wherever a snooze is chosen: what each kind covers, and what to do instead."""


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
                f"pick a day after today ({fmt(today, today)}); a snooze until {fmt(day, today)} would do nothing"
            )
        return day

    return check


class SnoozeDialog(ModalScreen[str]):
    """Dismisses with `<scope>:<ISO day>`, `<scope>:date` (ask for one), `lift`, or "" (cancelled).

    The scope is `item` (this item alone, when `item` names it) or `interview`. Enter gives
    the highlighted choice; "Next week" of the first scope is highlighted first.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('')", "Cancel")]

    def __init__(self, interview: str | None, today: date, until: date | None = None, item: str | None = None) -> None:
        """`interview`: the round's title, if the item has one; `item`: the item in words, when it
        can be snoozed alone."""
        super().__init__()
        self.interview, self.today, self.until, self.item = interview, today, until, item

    def _scope(self, scope: str, heading: str) -> list[Option]:
        options = [Option(heading, id=f"{scope}:heading", disabled=True)]
        options += [
            Option(f"  {label} — until {fmt(day, self.today)}", id=f"{scope}:{day.isoformat()}")
            for _, label, day in presets(self.today)
        ]
        options.append(Option("  A date…", id=f"{scope}:date"))
        return options

    def compose(self) -> ComposeResult:
        options = self._scope("item", f"Only the {self.item}") if self.item else []
        if self.interview:
            options += self._scope("interview", f"Everything about {self.interview}")
        if self.until is not None and self.until > self.today:
            options.append(Option(f"Lift the interview's snooze (now until {fmt(self.until, self.today)})", id="lift"))
        with Vertical(classes="dialog"):
            yield Label(f"Snooze — {self.item or self.interview}", classes="question", markup=False)
            yield OptionList(*options, id="snooze-choices")
            yield Static(SNOOZE_SCOPES, classes="notes", markup=False)

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 3  # the first scope's "Next week"
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")


def held_text(items: Sequence[Item]) -> str:
    """What a snooze holds back, in words: `Thank-you note to Raj Patel; Status check`."""
    return "; ".join(
        ACTION_LABELS.get(item.action, item.action) + (f" to {item.person}" if item.person else "") for item in items
    )


class SnoozedDialog(ModalScreen[str]):
    """Every snooze, until when and what it holds back; Enter lifts the highlighted one.

    Dismisses with the snooze's key (`interview:<id>` or `draft:<id>`), or "" (closed).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('')", "Close")]

    def __init__(self, snoozed: Sequence[Snoozed], today: date) -> None:
        super().__init__()
        self.snoozed, self.today = snoozed, today

    def compose(self) -> ComposeResult:
        count = sum(len(entry.items) for entry in self.snoozed)
        with Vertical(classes="dialog"):
            yield Label(
                f"Snoozed: {counted(count, 'item')} held back by {counted(len(self.snoozed), 'snooze')}. "
                "Enter lifts the highlighted one.",
                classes="question",
                markup=False,
            )
            options = [
                Option(
                    f"{entry.title} — until {fmt(entry.until, self.today)}\n  {held_text(entry.items) or 'nothing due yet'}",
                    id=entry.key,
                )
                for entry in self.snoozed
            ]
            yield OptionList(*options, id="snoozed-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")
