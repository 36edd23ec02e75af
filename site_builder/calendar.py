"""The site's `calendar.ics`: the journal's calendar as `journal.ical` builds it, the one `export ics` writes too.

Kept as the site's name for it (the render step and its tests import it from here); the events,
reminders and time zone are built in the core so the two calendars cannot drift apart.
"""

from __future__ import annotations

from journal.ical import DOMAIN, PRODID, EventCache, build_calendar

__all__ = ["DOMAIN", "PRODID", "EventCache", "build_calendar"]
