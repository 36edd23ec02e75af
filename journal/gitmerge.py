"""Git's merge of one journal file, field by field: what `followup merge-driver` runs (SPEC 2.6).

Git merges by line, so two edits of *different* fields on adjacent lines conflict although
nobody would see anything to decide. Here a record's three versions (the common ancestor,
ours, theirs) are read as records and merged by `journal.merge.merge`, the function behind
the app's field-level conflict dialog; `journal.yaml` is merged key by key the same way.

What is written:

- when git's own line merge of the text is clean and means the same as the field merge, that
  text (every side's comments and quoting kept);
- else ours, with only the merged fields rewritten by the minimal-diff writer, so a clean merge
  is a one-line diff per field;
- where a field truly conflicts, standard conflict markers around that key's lines (or those
  body lines) only, so `check` names the line and the app lists it on Problems.

A file that does not read as a record on any side (an error in it, an unknown folder) is
merged by lines as git would, with markers where the lines conflict.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from merge3 import Merge3

from journal import validate
from journal.frontmatter import FrontMatterError, Parsed, decode, parse
from journal.layout import CONFIG, FOLLOWUPS, INTERVIEWS, PEOPLE
from journal.merge import ABSENT, Conflict, merge, merge_value
from journal.problems import Problem, SaveError
from journal.records import FollowUp, Interview, Person
from journal.serialize import dump_key
from journal.store import rendered

Record = Interview | FollowUp | Person
Validator = Callable[[Parsed, str, str, str], tuple[Record | None, list[Problem]]]

VALIDATORS: dict[str, Validator] = {
    INTERVIEWS: validate.interview,
    FOLLOWUPS: validate.followup,
    PEOPLE: validate.person,
}
"""The record folders, by the validator that reads their files."""
OURS, THEIRS = "ours", "theirs"
"""The labels on conflict markers: git calls the version being merged into 'ours'."""


@dataclass(frozen=True)
class FileMerge:
    """The merged file's bytes and what is left in conflict (empty: a clean merge)."""

    data: bytes
    conflicts: tuple[tuple[int, str], ...]
    """(1-based line of the `<<<<<<<` marker, what conflicts there: a field's name or `lines`)."""

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_file(path: str, base: bytes, ours: bytes, theirs: bytes) -> FileMerge:
    """Merge two edits of the journal file at `path` (relative, forward slashes) against their ancestor."""
    style = _Style.of(ours)
    texts = [decode_or_none(data) for data in (base, ours, theirs)]
    if any(text is None for text in texts):
        return _by_lines(base, ours, theirs)
    base_text, ours_text, theirs_text = (text or "" for text in texts)
    folder, _, name = path.rpartition("/")
    if path == CONFIG:
        merged = _merge_settings(base_text, ours_text, theirs_text)
    elif folder in VALIDATORS and name.endswith(".md"):
        merged = _merge_record(VALIDATORS[folder], path, name[: -len(".md")], base_text, ours_text, theirs_text)
    else:
        merged = None
    if merged is None:
        return _by_lines(base, ours, theirs)
    text, conflicts = merged
    return FileMerge(style.apply(text), tuple(conflicts))


def decode_or_none(data: bytes) -> str | None:
    try:
        return decode(data)
    except FrontMatterError:
        return None


@dataclass(frozen=True)
class _Style:
    """Ours' byte conventions (a BOM, CRLF line ends), kept on the merged file so only fields change."""

    bom: bool
    crlf: bool

    @classmethod
    def of(cls, data: bytes) -> _Style:
        return cls(data.startswith(b"\xef\xbb\xbf"), b"\r\n" in data and data.count(b"\r\n") == data.count(b"\n"))

    def apply(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "").encode() + text.encode()


# Records --------------------------------------------------------------------------------


def _read(check: Validator, path: str, record_id: str, text: str) -> tuple[Record, Parsed] | None:
    try:
        parsed = parse(text.encode())
    except FrontMatterError:
        return None
    record, problems = check(parsed, path, record_id, "")
    if record is None or any(problem.severity == "error" for problem in problems):
        return None
    return record, parsed


def _merge_record(
    check: Validator, path: str, record_id: str, base: str, ours: str, theirs: str
) -> tuple[str, list[tuple[int, str]]] | None:
    read = [_read(check, path, record_id, text) for text in (base, ours, theirs)]
    if read[0] is None or read[1] is None or read[2] is None:
        return None
    (base_record, _), (our_record, our_parsed), (their_record, _) = read[0], read[1], read[2]
    merged = merge(base_record, our_record, their_record)
    by_lines, clean = _line_merge(base, ours, theirs)
    if clean and not merged.conflicts:
        back = _read(check, path, record_id, by_lines)
        if back is not None and _same(back[0], merged.record):
            return by_lines, []  # git's merge, and it means the field merge: both sides' formatting kept
    mine = merged.record
    try:
        if not merged.conflicts:
            return rendered(path, mine, our_record, our_parsed).decode(), []
        theirs_wins: dict[str, Any] = {conflict.field: conflict.theirs for conflict in merged.conflicts}
        other = dataclasses.replace(mine, **theirs_wins)
        ours_side = rendered(path, mine, our_record, our_parsed).decode()
        theirs_side = rendered(path, other, our_record, our_parsed).decode()
    except SaveError:
        return None  # a merged value the writer cannot write as entered: merged by lines instead
    return _marked(ours_side, theirs_side, merged.conflicts)


def _same(a: Record, b: Record) -> bool:
    return dataclasses.replace(a, source=None) == dataclasses.replace(b, source=None)


def _marked(ours: str, theirs: str, conflicts: Sequence[Conflict] | Sequence[str]) -> tuple[str, list[tuple[int, str]]]:
    """The two renderings of a conflicting merge as one text, markers around the lines where they differ."""
    a, b = _lines(ours), _lines(theirs)
    names = [item.field if isinstance(item, Conflict) else item for item in conflicts]
    out: list[str] = []
    found: list[tuple[int, str]] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += a[a1:a2]
            continue
        found.append((len(out) + 1, _field_at(a[a1:a2] + b[b1:b2], names)))
        out += [f"<<<<<<< {OURS}\n", *_ended(a[a1:a2]), "=======\n", *_ended(b[b1:b2]), f">>>>>>> {THEIRS}\n"]
    return "".join(out), found


def _field_at(lines: list[str], names: list[str]) -> str:
    """Which conflicting field a hunk is in: the key its first line starts with, else the body."""
    for line in lines:
        key = line.split(":", 1)[0]
        if key in names:
            return key
    return "body" if "body" in names else (names[0] if names else "lines")


def _ended(lines: list[str]) -> list[str]:
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _line_merge(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """diff3's line merge (as `git merge-file`): the text with markers, and whether it was clean."""
    merger = Merge3(_lines(base), _lines(ours), _lines(theirs))
    clean = all(group[0] != "conflict" for group in merger.merge_groups())
    lines = merger.merge_lines(name_a=OURS, name_b=THEIRS, start_marker="<" * 7, end_marker=">" * 7)
    return "".join(_ended(list(lines))), clean


def _by_lines(base: bytes, ours: bytes, theirs: bytes) -> FileMerge:
    """A file that is not a record on every side: merged by lines, exactly as bytes, like git would."""
    merger = Merge3(base.splitlines(keepends=True), ours.splitlines(keepends=True), theirs.splitlines(keepends=True))
    lines = list(
        merger.merge_lines(name_a=OURS.encode(), name_b=THEIRS.encode(), start_marker=b"<" * 7, end_marker=b">" * 7)
    )
    conflicts = tuple((number, "lines") for number, line in enumerate(lines, 1) if line.startswith(b"<<<<<<< "))
    return FileMerge(b"".join(lines), conflicts)


# journal.yaml ---------------------------------------------------------------------------


def _as_front_matter(text: str) -> Parsed | None:
    """`journal.yaml` read as front matter: the same parser, and where each key's lines are."""
    body = text if text.endswith("\n") or not text else text + "\n"
    try:
        return parse(("---\n" + body + "---\n").encode())
    except FrontMatterError:
        return None


def _merge_settings(base: str, ours: str, theirs: str) -> tuple[str, list[tuple[int, str]]] | None:
    """Top-level keys merged one by one (a mapping such as `policy` key by key inside); ours'
    lines kept where ours wins, theirs' lines as they wrote them where theirs does."""
    by_lines, clean = _line_merge(base, ours, theirs)
    if clean:
        return by_lines, []
    parsed = [_as_front_matter(text) for text in (base, ours, theirs)]
    if parsed[0] is None or parsed[1] is None or parsed[2] is None:
        return None
    old, mine, other = parsed[0], parsed[1], parsed[2]
    keys = list(dict.fromkeys([*mine.data, *(key for key in other.data if key not in old.data)]))
    ours_side: list[str] = []
    theirs_side: list[str] = []
    conflicted: list[str] = []
    taken = _Taken(mine)
    for key in keys:
        if key not in mine.data and key not in other.data:
            continue
        picked = merge_value(old.data.get(key, ABSENT), mine.data.get(key, ABSENT), other.data.get(key, ABSENT))
        sides = [_key_text(key, value, mine, other) for value in picked]
        ours_side += taken.before(key) + sides[0]
        theirs_side += taken.before(key) + sides[1]
        if sides[0] != sides[1]:
            conflicted.append(key)
    ours_side += taken.rest()
    theirs_side += taken.rest()
    if not conflicted:
        return "".join(ours_side), []
    return _marked("".join(ours_side), "".join(theirs_side), conflicted)


def _key_text(key: str, value: Any, mine: Parsed, other: Parsed) -> list[str]:
    """A key's lines: as ours or theirs wrote them when the value is theirs, else in the product's style."""
    if value is ABSENT:
        return []
    for version in (mine, other):
        if key in version.spans and version.data.get(key, ABSENT) == value:
            span = version.spans[key]
            return [line + "\n" for line in version.yaml_lines[span.start : span.end]]
    return [line + "\n" for line in dump_key(key, value)]


class _Taken:
    """Ours' lines between keys (comments, blank lines), handed out in order as keys are written."""

    def __init__(self, parsed: Parsed) -> None:
        self.lines = parsed.yaml_lines
        self.at = 0
        self.spans = parsed.spans

    def before(self, key: str) -> list[str]:
        span = self.spans.get(key)
        if span is None:
            return []
        gap = [line + "\n" for line in self.lines[self.at : span.start]]
        self.at = span.end
        return gap

    def rest(self) -> list[str]:
        gap = [line + "\n" for line in self.lines[self.at :]]
        self.at = len(self.lines)
        return gap
