"""Message templates: built-ins for each outbound kind, overridable by `templates/<kind>.md`.

Templates use `$name` placeholders (string.Template), so braces and other text the user
writes are never mistaken for syntax; an unknown placeholder is left as written.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from journal.frontmatter import FrontMatterError, parse
from journal.model import Journal
from journal.records import OUTBOUND_KINDS, Interview, day_of

LINKEDIN_LIMIT = 300
"""LinkedIn's limit for a connection note, in characters."""

_TALKING_POINTS = re.compile(r"^#{1,6}\s*talking points\s*#*\s*$", re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")


_COMMON_STARTS = frozenset(
    [
        "a",
        "an",
        "the",
        "their",
        "there",
        "our",
        "my",
        "his",
        "her",
        "its",
        "your",
        "this",
        "that",
        "these",
        "those",
        "how",
        "what",
        "why",
        "when",
        "where",
        "which",
        "who",
        "we",
        "they",
        "it",
        "some",
        "several",
        "both",
    ]
)
"""First words that are lower-cased when a talking point moves mid-sentence (names are kept)."""


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    warning: str | None = None
    """Set when the user's own template could not be read and the built-in was used instead."""


def talking_points(body: str) -> list[str]:
    """The bullet items under a `## Talking points` heading of an interview's notes."""
    match = _TALKING_POINTS.search(body)
    if not match:
        return []
    rest = body[match.end() :]
    end = _HEADING.search(rest)
    section = rest[: end.start()] if end else rest
    points = []
    for line in section.splitlines():
        bullet = _BULLET.match(line)
        if bullet:
            points.append(bullet.group(1).rstrip("."))
    return points


def template_text(kind: str, root: Path | None) -> str:
    """The user's `templates/<kind>.md` if there is one, else the built-in."""
    if kind not in OUTBOUND_KINDS:
        raise ValueError(f"no template for kind {kind!r} (one of {', '.join(OUTBOUND_KINDS)})")
    if root is not None:
        own = root / "templates" / f"{kind}.md"
        if own.is_file():
            return own.read_text(encoding="utf-8-sig")
    return resources.files("journal").joinpath("builtin_templates", f"{kind}.md").read_text(encoding="utf-8")


def fill(journal: Journal, kind: str, interview: Interview | None, person_name: str | None) -> Draft:
    """A draft message of `kind` for `person_name` about `interview`, ready to edit."""
    warning = None
    try:
        text = template_text(kind, journal.root)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not valid UTF-8"
        warning = f"templates/{kind}.md: {reason}; the built-in template was used"
        text = template_text(kind, None)
    try:
        parsed = parse(text.encode())
        subject_template, body_template = str(parsed.data.get("subject") or ""), parsed.body
    except FrontMatterError:
        subject_template, body_template = "", text  # a template without front matter is all body
    points = talking_points(interview.body) if interview else []
    name = person_name or "there"
    values = {
        "name": name,
        "first_name": name.split()[0] if person_name else name,
        "company": interview.company if interview else (_company_of(journal, person_name) or "your company"),
        "role": interview.role if interview else "role",
        "stage": (interview.stage or "interview").replace("-", " ") if interview else "interview",
        "when": _when(interview),
        "talking_point": _lower_first(points[0]) if points else "the team and the work ahead",
        "talking_points": "\n".join(f"- {point}" for point in points),
        "owner": journal.settings.owner or "",
        "next_steps": (interview.next_steps or "") if interview else "",
    }
    subject = string.Template(subject_template).safe_substitute(values).strip()
    body = string.Template(body_template).safe_substitute(values).strip() + "\n"
    if kind == "linkedin":
        body = _fit_linkedin(body_template, values)
    return Draft(subject, body, warning)


def _fit_linkedin(template: str, values: dict[str, str]) -> str:
    """LinkedIn notes must fit 300 characters: shorten the talking point, then cut at a word."""
    body = string.Template(template).safe_substitute(values).strip()
    if len(body) <= LINKEDIN_LIMIT:
        return body + "\n"
    shorter = dict(values, talking_point="your work")
    for key, size in (("company", 60), ("role", 60), ("name", 60), ("first_name", 40), ("owner", 60)):
        shorter[key] = _clip(values[key], size)
    body = string.Template(template).safe_substitute(shorter).strip()
    if len(body) > LINKEDIN_LIMIT:
        cut = body[: LINKEDIN_LIMIT - 1]
        space = cut.rfind(" ")
        body = (cut[:space] if space > LINKEDIN_LIMIT - 60 else cut).rstrip() + "…"
    return body + "\n"


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _when(interview: Interview | None) -> str:
    if interview is None:
        return "recently"
    return f"on {day_of(interview.date):%A}"


def _lower_first(text: str) -> str:
    """`Their migration` -> `their migration`, but `Kafka`, `AWS` and `Jane's team` stay as written."""
    first = text.split(" ", 1)[0]
    return (
        text[:1].lower() + text[1:]
        if first.lower() in _COMMON_STARTS and not (len(first) > 1 and first.isupper())
        else text
    )


def _company_of(journal: Journal, person_name: str | None) -> str | None:
    if not person_name:
        return None
    person = journal.people.get(journal.person_of(person_name))
    return person.company if person else None
