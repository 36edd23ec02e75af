"""Business days: workdays from the policy, minus configured dates and countries' holidays."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from journal.policy import Policy


@lru_cache(maxsize=64)
def _country_holidays(code: str, year: int) -> frozenset[date]:
    """Public holidays of one country (or `CC-SUBDIV`) in one year, from the `holidays` package."""
    import holidays  # imported lazily: only journals that name a country pay for it

    country, _, subdivision = code.partition("-")
    try:
        table = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(table.keys())


def unknown_countries(codes: tuple[str, ...]) -> list[str]:
    """Codes the `holidays` package does not know (for a settings warning)."""
    import holidays

    supported = holidays.list_supported_countries()
    unknown = []
    for code in codes:
        country, _, subdivision = code.partition("-")
        if country not in supported or (subdivision and subdivision not in supported[country]):
            unknown.append(code)
    return unknown


def is_business_day(day: date, policy: Policy) -> bool:
    if day.weekday() not in policy.workdays or day in policy.holiday_dates:
        return False
    return not any(day in _country_holidays(code, day.year) for code in policy.holiday_countries)


def add_business_days(start: date, count: int, policy: Policy) -> date:
    """The day `count` business days after `start` (start itself never counts)."""
    if not policy.workdays:
        return start + timedelta(days=count)
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day, policy):
            remaining -= 1
    return day
