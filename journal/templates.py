"""Message templates: built-ins for each outbound kind, overridable by `templates/<kind>.md`.

Templates use `$name` placeholders (string.Template), so braces and other text the user
writes are never mistaken for syntax; an unknown placeholder is left as written. A draft is
personal (`journal.talking`): it cites the recipient's own talking points, never another's.
Paragraphs are single lines, since mail clients wrap them and keep any break we put in.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from journal.frontmatter import FrontMatterError, parse
from journal.layout import TEMPLATES
from journal.model import Journal
from journal.policy import Policy
from journal.records import OUTBOUND_KINDS, STAGE_WORDS, Interview, day_of
from journal.talking import lower_first, points_for, talking_points, weave

__all__ = [
    "LINKEDIN_LIMIT",
    "Draft",
    "blanks",
    "fill",
    "note_count",
    "note_length",
    "talking_points",
    "template_text",
    "unfilled",
]

LINKEDIN_LIMIT = Policy().linkedin_note_limit
"""The default LinkedIn note limit (a free account's); a journal's own is `policy.linkedin_note_limit`."""
FALLBACK_POINT = "the team and the work ahead"
_OWNER_LINE = re.compile(r"^[ \t]*\$(?:owner|\{owner\})[ \t]*(?:\n|\Z)", re.MULTILINE)
_SENTENCE = re.compile(r";\s|\s[—–]\s")
_CLAUSE = re.compile(r",\s|\s\(")
_FENCE = re.compile(r" {0,3}(?:```|~~~)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_BLANK = re.compile(
    r"\[(?=[^\[\]\n]*[^\W\d_][^\W\d_])[^\[\]\n]{2,60}\](?![(\[:])"  # [link], [your name]: not a Markdown link
    r"|(?<![\w$])\$(?:\{[_a-zA-Z][_a-zA-Z0-9]*\}|[_a-zA-Z][_a-zA-Z0-9]*)"  # $frist_name: a placeholder not filled
)


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    warning: str | None = None
    """Set when the user's own template could not be read and the built-in was used instead."""
    notes: tuple[str, ...] = ()
    """What the user should know before sending: unsigned, characters left, points left out."""
    unsigned: bool = False
    """No `owner` is set, so the draft has no signature line (never a placeholder)."""
    characters_left: int | None = None
    """For a LinkedIn note: how many characters remain within the journal's limit."""


def note_length(text: str) -> int:
    """A LinkedIn note's length as a person counts it: characters (code points after NFC), so
    `é` is one however it was typed and an emoji such as 😀 is one; an emoji built of several
    (a flag, a skin tone, a family) counts each part, which errs on the safe side."""
    return len(unicodedata.normalize("NFC", text.strip()))


def note_count(text: str, limit: int) -> str:
    """`143 of 200 characters, 57 left` — the one wording for a LinkedIn note's length."""
    length = note_length(text)
    if length > limit:
        return f"{length} of {limit} characters: {length - limit} too many for a LinkedIn note"
    return f"{length} of {limit} characters, {limit - length} left"


def blanks(text: str) -> list[tuple[int, str]]:
    """What a message still has for its sender to fill in, with its line: a blank such as `[link]`
    (a built-in template leaves one where only the sender knows what goes), or a `$placeholder`
    its template did not know (`$frist_name`). A Markdown link, `[text](url)`, is not a blank,
    nor is code (`cache[key]`, `$HOME`, in backticks or a fenced block)."""
    found = []
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            found += [(number, match.group()) for match in _BLANK.finditer(_CODE_SPAN.sub("", line))]
    return found


def unfilled(subject: str | None, body: str) -> list[str]:
    """What `blanks` finds in a message, as the app, the command line and the draft notes say it:
    `message still to fill in: [link] (line 3)` (and the subject's, on a line of its own)."""
    said = []
    if found := blanks(subject or ""):
        said.append("subject still to fill in: " + ", ".join(blank for _line, blank in found))
    if found := blanks(body):
        said.append("message still to fill in: " + ", ".join(f"{blank} (line {line})" for line, blank in found))
    return said


def template_text(kind: str, root: Path | None) -> str:
    """The user's `templates/<kind>.md` if there is one, else the built-in."""
    if kind not in OUTBOUND_KINDS:
        raise ValueError(f"no template for kind {kind!r} (one of {', '.join(OUTBOUND_KINDS)})")
    if root is not None:
        own = root / TEMPLATES / f"{kind}.md"
        if own.is_file():
            return own.read_text(encoding="utf-8-sig")
    return resources.files("journal").joinpath("builtin_templates", f"{kind}.md").read_text(encoding="utf-8")


def fill(
    journal: Journal, kind: str, interview: Interview | None, person_name: str | None, *, today: date | None = None
) -> Draft:
    """A draft message of `kind` for `person_name` about `interview`, ready to edit.

    `today` is the day of the draft, so "on Thursday" becomes "yesterday" or "on 29 October"
    when that reads better; without it, the interview's weekday is used.
    """
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
    owner = journal.settings.owner
    notes: list[str] = []
    if not owner:
        body_template = _OWNER_LINE.sub("", body_template)
        notes.append("not signed: no owner is set in journal.yaml")
    chosen = points_for(interview, person_name) if interview else None
    points = list(chosen.points) if chosen else []
    for point in chosen.left_out if chosen else ():
        notes.append(f"left out {point!r}: to use it, write it as 'Name: …' (the full name if two share a first name)")
    fallback = FALLBACK_POINT if interview or kind != "check-in" else "your work"
    name = person_name or "there"
    values = {
        "name": name,
        "first_name": name.split()[0] if person_name else name,
        "company": interview.company if interview else (_company_of(journal, person_name) or "your company"),
        "role": interview.role if interview else "role",
        "stage": STAGE_WORDS.get(interview.stage or "", "interview") if interview else "interview",
        "when": _when(interview, today),
        "talking_point": lower_first(points[0]) if points else fallback,
        "talking_points": "\n".join(f"- {point}" for point in points),
        "conversation": weave(points, fallback),
        "owner": owner or "",
        "next_steps": (interview.next_steps or "") if interview else "",
    }
    subject = string.Template(subject_template).safe_substitute(values).strip()
    left = None
    if kind == "linkedin":
        limit = journal.settings.policy.linkedin_note_limit
        body = _fit_linkedin(body_template, values, limit)
        left = limit - note_length(body)
        notes.append(f"LinkedIn note: {note_count(body, limit)}")
    else:
        body = _tidy(string.Template(body_template).safe_substitute(values))
    notes += unfilled(subject, body)
    return Draft(subject, body, warning, tuple(notes), not owner, left)


def _tidy(text: str) -> str:
    """No trailing spaces (an unsigned line leaves some) and one final newline."""
    return "\n".join(line.rstrip() for line in text.strip().split("\n")) + "\n"


def _fit_linkedin(template: str, values: dict[str, str], limit: int) -> str:
    """The note within `limit`: the point up to a `;` or dash, then up to a comma, then a general
    one, then shorter names, then cut at a word."""

    def render(changes: dict[str, str]) -> str:
        return unicodedata.normalize("NFC", _tidy(string.Template(template).safe_substitute(values | changes)).strip())

    point = values["talking_point"]
    sentence = _SENTENCE.split(point, maxsplit=1)[0]  # a note has no room for "; I described …"
    clause = _CLAUSE.search(sentence)
    tries: list[dict[str, str]] = [{"talking_point": sentence}]
    if clause:
        tries.append({"talking_point": sentence[: clause.start()]})
    tries.append({"talking_point": FALLBACK_POINT})
    short = {key: _clip(values[key], size) for key, size in (("company", 40), ("role", 40), ("owner", 40))}
    short |= {"name": _clip(values["name"], 30), "first_name": _clip(values["first_name"], 20)}
    tries.append({"talking_point": FALLBACK_POINT, **short})
    for changes in tries:
        body = render(changes)
        if len(body) <= limit:
            return body + "\n"
    cut = body[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 2 // 3 else cut).rstrip() + "…\n"


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _when(interview: Interview | None, today: date | None) -> str:
    """`today`, `yesterday`, `on Thursday` within the week, else `on 29 October` (and the year if not this one)."""
    if interview is None:
        return "recently"
    day = day_of(interview.date)
    if today is None:
        return f"on {day:%A}"
    ago = (today - day).days
    if ago == 0:
        return "today"
    if ago == 1:
        return "yesterday"
    if 1 < ago < 7:
        return f"on {day:%A}"
    return f"on {day.day} {day:%B}" + (f" {day.year}" if day.year != today.year else "")


def _company_of(journal: Journal, person_name: str | None) -> str | None:
    if not person_name:
        return None
    person = journal.people.get(journal.person_of(person_name))
    return person.company if person else None
