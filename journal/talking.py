"""Whose talking point is whose (SPEC 4), so a draft to one interviewer never quotes another's.

A point belongs to a person when it starts with their full name or their first name followed
by `:`, or by a dash with spaces around it (`- Maya Chen: the hiring plan`, `- Raj — on-call`);
`Victor's SLO rollout` is Victor's too. A point listed under an interviewer's
`talking_points:` is theirs. A draft to a person uses their own points, else the points that
belong to nobody, and never one that belongs to someone else; the name prefix never appears.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from journal.records import Interview

_TALKING_POINTS = re.compile(r"^#{1,6}\s*talking points\s*#*\s*$", re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")
_SEPARATOR = r"(?:\s*:|\s*[—–]|\s+-(?=\s))\s*(?P<rest>.*)"
"""After the name: a colon, an em or en dash, or a hyphen with spaces around it."""
_POSSESSIVE = r"['’]s\s+(?P<rest>\S.*)"
_NAMED = r"\s+(?P<rest>\S.*)"
"""`Raj asked about …`: the point names Raj first, but not as SPEC 4's owner prefix."""
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?P<inner>[^*_]{1,100}?)\1(?P<after>.*)", re.DOTALL)
_THIRD_PERSON = re.compile(r"(?:his|her)\s+(?=\S)", re.IGNORECASE)

_COMMON_STARTS = frozenset(
    ("a", "an", "the", "their", "there", "our", "my", "his", "her", "its", "your", "this", "that", "these",
     "those", "how", "what", "why", "when", "where", "which", "who", "we", "they", "it", "some", "several", "both")
)  # fmt: skip
"""First words that are lower-cased when a talking point moves mid-sentence (names are kept)."""


@dataclass(frozen=True)
class Point:
    """One talking point as a draft may use it."""

    text: str
    """The point without its owner's name (and, for its owner, `Victor's X` as `your X`)."""
    owners: tuple[int, ...] = ()
    """Indexes (into the names given) of the people it names first: none, one, or several when
    they share the first name it uses."""
    exact: bool = True
    """Whether it names its owner as SPEC 4 says (`Raj: …`, `Raj — …`, `Raj's …`); `Raj asked …`
    names Raj, so it is nobody else's, but it cannot be quoted to Raj either."""
    written: str = ""
    """The point as the notes have it."""


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


def owner_of(point: str, names: Sequence[str]) -> Point:
    """Whose `point` is, among people called `names`, and its text without the name.

    A full name wins over a first name; a first name two of them share could be either's,
    so the point names both (and nobody else).
    """
    written = point
    point = unicodedata.normalize("NFC", point).strip()
    candidates = [point]
    emphasis = _EMPHASIS.match(point)
    if emphasis:  # `**Maya:** the plan`, `**Maya Chen**: the plan`
        candidates.insert(0, emphasis.group("inner") + emphasis.group("after"))
    labels = _labels(names)
    for text in candidates:
        for label, owners in labels:
            found = _prefixed(text, label)
            if found is not None:
                rest, how = found
                return Point(_your(rest, how), owners, how != "named", written)
    return Point(point, (), True, written)


def _labels(names: Sequence[str]) -> list[tuple[str, tuple[int, ...]]]:
    """Every full name and first name, longest first, with the people each could mean."""
    owners: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        if name.split():
            owners.setdefault(_fold(name), []).append(index)
    full = set(owners)
    for index, name in enumerate(names):
        words = name.split()
        if len(words) > 1 and _fold(words[0]) not in full:
            owners.setdefault(_fold(words[0]), []).append(index)
    labels = ((label, tuple(sorted(set(who)))) for label, who in owners.items())
    return sorted(labels, key=lambda pair: -len(pair[0]))


def _prefixed(text: str, label: str) -> tuple[str, str] | None:
    """The rest of `text` after `label`, and how it names them: `prefix`, `possessive` or just `named`."""
    name = r"\s+".join(re.escape(word) for word in label.split())
    for tail, how in ((_SEPARATOR, "prefix"), (_POSSESSIVE, "possessive"), (_NAMED, "named")):
        if how == "named" and not text[:1].isupper():
            continue  # `grace period …` is not about Grace
        match = re.match(name + tail, text, re.IGNORECASE | re.DOTALL)
        if match:
            return text[match.start("rest") :].strip(), how
    return None


def _your(rest: str, how: str) -> str:
    """`Victor's SLO rollout` and `Maya: her hiring plan`, said to that person: `your …`."""
    if how == "possessive":
        return "your " + rest
    third = _THIRD_PERSON.match(rest) if how == "prefix" else None
    return "your " + rest[third.end() :] if third else rest


@dataclass(frozen=True)
class Chosen:
    """The points a draft to one person uses, and those it leaves out because whose they are is unclear."""

    points: tuple[str, ...]
    left_out: tuple[str, ...] = ()


def points_for(interview: Interview, person: str | None) -> Chosen:
    """Their own points (their `talking_points:` first, then the notes' points that name them),
    else the points that belong to nobody; never a point that belongs to someone else."""
    names = [interviewer.name for interviewer in interview.interviewers]
    me: int | None = None
    if person:
        matching = [index for index, name in enumerate(names) if _fold(name) == _fold(person)]
        me = matching[0] if matching else len(names)
        if not matching:
            names.append(person)
    own: list[str] = []
    if me is not None and me < len(interview.interviewers):
        for text in interview.interviewers[me].talking_points:
            point = owner_of(text, names)
            own.append(point.text if point.owners == (me,) and point.exact else text)
    shared: list[str] = []
    unclear: list[str] = []
    for text in talking_points(interview.body):
        point = owner_of(text, names)
        if not point.owners:
            shared.append(point.text)
        elif point.owners == (me,) and point.exact:
            own.append(point.text)
        elif me in point.owners:
            unclear.append(point.written)
    chosen = own or shared
    return Chosen(tuple(text for text in chosen if text), tuple(unclear))


def weave(points: Sequence[str], fallback: str) -> str:
    """The points as one or a few sentences a person would write (never a list)."""
    texts = [lower_first(text) for text in points]
    if not texts:
        return f"I enjoyed learning more about {fallback}."
    sentences = [f"I especially enjoyed our conversation about {_end(texts[0])}"]
    if len(texts) > 1:
        sentences.append(f"I was also glad we talked about {_end(texts[1])}")
    rest = texts[2:]
    if rest and not any(";" in text or "," in text for text in rest):
        sentences.append(f"It was good to hear about {_and(rest)}, too.")
    else:
        sentences += [f"It was good to hear about {text}, too." for text in rest]
    return " ".join(sentences)


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _and(texts: Sequence[str]) -> str:
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def lower_first(text: str) -> str:
    """`Their migration` -> `their migration`, but `Kafka`, `AWS` and `Jane's team` stay as written."""
    first = text.split(" ", 1)[0]
    return (
        text[:1].lower() + text[1:]
        if first.lower() in _COMMON_STARTS and not (len(first) > 1 and first.isupper())
        else text
    )


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())
