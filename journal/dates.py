"""How the journal reads a day or a moment typed as text: one rule for front matter, settings,
the command line's `--as-of` and `--date`, and the app's date fields.

Standard library only, so a command line parsing its arguments need not load YAML.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from journal.records import When

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?\Z"
)

YEARS = range(1900, 2200)
"""The years a journal's dates may fall in: anything else is a typo (`0226` for 2026), and
outside it the calendar arithmetic downstream (business days, offsets, iCalendar) cannot hold."""


class YearOutOfRange(ValueError):
    """A well-formed date whose year lies outside YEARS."""


def _in_years(value: date) -> None:
    if value.year not in YEARS:
        raise YearOutOfRange(f"year {value.year:04d} is outside {YEARS[0]}–{YEARS[-1]} — a typo?")


def parse_day(text: str) -> date:
    """`YYYY-MM-DD` to a date; ValueError with a readable reason otherwise."""
    text = text.strip()
    if not _DATE.match(text):
        raise ValueError("use YYYY-MM-DD")
    day = date.fromisoformat(text)
    _in_years(day)
    return day


def parse_when(text: str) -> When:
    """`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS][offset]`; the offset is kept, never applied."""
    text = text.strip()
    if _DATE.match(text):
        return parse_day(text)
    if not _DATETIME.match(text):
        raise ValueError("use YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    when = datetime.fromisoformat(text)
    _in_years(when)
    return when
