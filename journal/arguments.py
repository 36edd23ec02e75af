"""Argument types for every command line over the journal (`followup due`, `build`, `new`, `export`).

A date typed on the command line is read by the journal's own rule (`journal.dates`), through
the one function here, so `due --as-of` and `build --as-of` accept and refuse the same days.
"""

from __future__ import annotations

import argparse
from datetime import date

from journal.dates import parse_day, parse_when
from journal.records import When


def day_arg(text: str) -> date:
    """An argparse type for a day (`--as-of`, `--decision-by`): YYYY-MM-DD, a real calendar day."""
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date ({exc})") from None


def when_arg(text: str) -> When:
    """An argparse type for `--date`: YYYY-MM-DD or YYYY-MM-DDTHH:MM."""
    try:
        return parse_when(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date ({exc})") from None
