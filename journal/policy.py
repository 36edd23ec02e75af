"""The follow-up policy: the numbers the rules count with, and the days that are business days.

Its own module, beneath both `settings` (which reads it from journal.yaml) and
`businessdays` (which counts with it), so that reading the settings may ask the calendar
which countries it knows without the calendar importing the settings back.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True)
class Policy:
    """The follow-up rules' numbers (SPEC 2.4); every default is the published advice."""

    thank_you_within_hours: int = 24
    linkedin_after_days: int = 1
    status_check_after_business_days: int = 5
    status_check_after_decision_business_days: int = 2
    min_days_between_nudges: int = 7
    max_unanswered_nudges: int = 2
    ghosted_after_days: int = 30
    after_rejection_check_in_days: int = 30
    keep_in_touch_days: int = 90
    linkedin_note_limit: int = 200
    """Characters a LinkedIn connection note may hold: 200 on a free account, 300 with Premium."""
    thank_you_missed_after_days: int = 7
    """Days past its due day after which an unsent thank-you is missed and leaves the agenda."""
    prepare_days_before: int = 1
    """Days before a round that its `ask-next-steps` reminder shows."""
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    """Weekday numbers (Monday is 0) that count as business days."""
    holiday_dates: frozenset[date] = frozenset()
    holiday_countries: tuple[str, ...] = ()
    """Country (or country-subdivision) codes whose public holidays are not business days."""

    def __repr__(self) -> str:
        """Every field, the holidays in date order: a set's order changes from one process to the
        next, and the repr signs what was made with this policy (`journal.memo.extra_digest`).
        Made once: the policy is frozen."""
        made = self.__dict__.get("_repr")
        if made is None:
            shown = ", ".join(
                f"{f.name}={sorted(value) if f.name == 'holiday_dates' else value!r}"
                for f in fields(self)
                for value in (getattr(self, f.name),)
            )
            made = self.__dict__["_repr"] = f"Policy({shown})"
        return str(made)
