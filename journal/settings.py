"""`journal.yaml`: the owner's name, the site title and the follow-up policy.

Every key is optional; a bad value is reported and its default used, so a typo in the
policy never stops the journal from opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, time
from pathlib import Path

from journal.businessdays import unknown_countries
from journal.dates import parse_day
from journal.frontmatter import FrontMatterError, Parsed, parse_document
from journal.layout import CONFIG
from journal.policy import Policy
from journal.problems import Problem
from journal.validate import Fields

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_COUNTRY = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,3})?\Z")
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])\Z")
_ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+\Z")
"""An address as `emails:` holds one (`alex@example.org`): one @, a dot in the domain, no spaces."""


@dataclass(frozen=True)
class Settings:
    owner: str | None = None
    site_title: str = "Follow-up Journal"
    timezone: str | None = None
    policy: Policy = field(default_factory=Policy)
    emails: tuple[str, ...] = ()
    """The owner's own addresses (`emails:`), lower case: never an interviewer, and mail from them is outbound."""
    quiet_hours: tuple[time, time] | None = None
    """`quiet_hours: ["21:00", "08:00"]`: `followup notify` stays silent from the first to the second (may span midnight)."""


_INT_KEYS = tuple(f.name for f in fields(Policy) if f.type == "int")
_RANGES = {"linkedin_note_limit": (50, 2000)}
"""Bounds other than 0–3650 (a note limit under 50 characters leaves no room for a greeting)."""
PLACEHOLDER_OWNERS = frozenset({"your name", "your name here", "yourname", "firstname lastname", "first last"})
"""What an old `followup init` wrote, or a template left: never a signature."""


def load_settings(path: Path) -> tuple[Settings, list[Problem]]:
    """Read journal.yaml; a missing file gives the defaults."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [Problem(name, 1, 0, "error", f"cannot read: {exc.strerror}")]
    return read_settings(raw, name)


def read_settings(raw: bytes, name: str = CONFIG) -> tuple[Settings, list[Problem]]:
    """Settings from the bytes of a journal.yaml (`name` labels its problems)."""
    try:
        data, positions = parse_document(raw)
    except FrontMatterError as exc:
        return Settings(), [Problem(name, exc.line, exc.col, "error", exc.message)]
    parsed = Parsed(data, (), "", "", positions)
    top = Fields(parsed, name)
    owner = _owner(top)
    title = top.text("site_title")
    timezone = top.text("timezone")
    if timezone and not _known_zone(timezone):
        top.problem(
            "timezone",
            f"unknown timezone {timezone!r} (use a name such as Europe/Berlin); the machine's is used",
            "warning",
        )
    emails = _emails(top)
    quiet = _quiet_hours(top)
    problems = top.problems
    policy = Policy()
    raw_policy = data.get("policy")
    if isinstance(raw_policy, dict):
        policy, more = _policy(Fields(parsed, name, raw_policy, ("policy",)))
        problems += more
    elif raw_policy is not None:
        top.problem("policy", "'policy' must be a mapping of rule: value lines")
    known = {"owner", "site_title", "timezone", "policy", "emails", "quiet_hours"}
    for key in data:
        if key not in known:
            problems.append(
                Problem(
                    name, positions.get((key,), (1, 0))[0], 0, "warning", f"unknown setting '{key}' is ignored", key
                )
            )
    settings = Settings(
        owner=owner,
        site_title=title or Settings.site_title,
        timezone=timezone,
        policy=policy,
        emails=emails,
        quiet_hours=quiet,
    )
    return settings, problems


def _quiet_hours(top: Fields) -> tuple[time, time] | None:
    """Two clock times as text (`["21:00", "08:00"]`); the loader gives every scalar as text, so `12:30` stays a time."""
    if top.data.get("quiet_hours") is None:
        return None
    entries = top.text_list("quiet_hours")
    clocks = [_CLOCK.match(entry.strip()) for entry in entries]
    if len(entries) != 2 or not all(clocks):
        top.problem(
            "quiet_hours",
            '\'quiet_hours\' must be two times, from and until, such as ["21:00", "08:00"]; notify is never silenced',
        )
        return None
    start, end = (time(int(m.group(1)), int(m.group(2))) for m in clocks if m)
    return start, end


def _policy(fields_: Fields) -> tuple[Policy, list[Problem]]:
    values: dict[str, object] = {}
    for key in _INT_KEYS:
        number = fields_.integer(key, *_RANGES.get(key, (0, 3650)))
        if number is not None:
            values[key] = number
    workdays = fields_.text_list("workdays")
    if workdays:
        days = []
        for day_name in workdays:
            if day_name.strip().lower()[:3] in WEEKDAYS:
                days.append(WEEKDAYS.index(day_name.strip().lower()[:3]))
            else:
                fields_.problem("workdays", f"unknown weekday {day_name!r} in 'policy.workdays' (use mon … sun)")
        if days:
            values["workdays"] = tuple(sorted(set(days)))
    dates: set[date] = set()
    countries: list[str] = []
    for entry in fields_.text_list("holidays"):
        if _COUNTRY.match(entry.strip().upper()) and not entry.strip()[:1].isdigit():
            countries.append(entry.strip().upper())
            continue
        try:
            dates.add(parse_day(entry))
        except ValueError:
            fields_.problem(
                "holidays", f"holiday {entry!r} is neither a date (YYYY-MM-DD) nor a country code such as US or DE"
            )
    if countries:
        for code in unknown_countries(tuple(countries)):
            fields_.problem(
                "holidays", f"no public holidays known for {code!r}; use a code such as US, DE or DE-BY", "warning"
            )
    values["holiday_dates"] = frozenset(dates)
    values["holiday_countries"] = tuple(countries)
    for key in fields_.data:
        if key not in {f.name for f in fields(Policy)} | {"workdays", "holidays"}:
            fields_.problem(key, f"unknown policy rule '{key}' is ignored", "warning")
    return Policy(**values), fields_.problems  # type: ignore[arg-type]


def _emails(top: Fields) -> tuple[str, ...]:
    """`emails: [alex@example.org, …]` (or one address): each checked, lower-cased, duplicates dropped."""
    found: list[str] = []
    for entry in top.text_list("emails"):
        address = entry.strip().removeprefix("<").removesuffix(">").strip()
        if not _ADDRESS.match(address):
            top.problem(
                "emails", f"{entry!r} in 'emails' is not an email address (write it as name@example.org); it is ignored"
            )
        elif address.casefold() not in found:
            found.append(address.casefold())
    return tuple(found)


def _owner(top: Fields) -> str | None:
    """The owner's name, or None when unset or still a placeholder (a draft is never signed "Your Name")."""
    owner = top.text("owner")
    if owner is None or not owner.strip():
        return None
    if owner.strip().casefold() in PLACEHOLDER_OWNERS:
        top.problem(
            "owner",
            f"owner is the placeholder {owner.strip()!r}: write your name there to sign your messages "
            "(until then drafts are left unsigned)",
            "warning",
        )
        return None
    return " ".join(owner.split())


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
