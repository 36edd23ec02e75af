"""Writing the journal: atomic saves, conflict detection, new records and new journals.

A save serialises first and checks that the bytes load back as the record, then writes them
with `journal.atomic.atomic_write`, so a crash leaves the old or the new file, never a mix.
The file on disk is compared by content hash with the version that was loaded, and a save
over someone else's change is refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from journal import validate
from journal.atomic import atomic_write
from journal.frontmatter import FrontMatterError, Parsed, parse
from journal.layout import CACHE_DIR, CONFIG, FOLDERS, FOLLOWUPS, INTERVIEWS, PEOPLE, TEMPLATES
from journal.listing import folder_outside_message
from journal.problems import ConflictError, Problem, RecordError, SaveError
from journal.records import FollowUp, Interview, Person, day_of
from journal.serialize import as_written, render_edit, render_new
from journal.slug import slugify, unique

Record = Interview | FollowUp | Person
FOLDER_OF = {Interview: INTERVIEWS, FollowUp: FOLLOWUPS, Person: PEOPLE}
_VALIDATORS: dict[type[Record], Callable[[Parsed, str, str, str], tuple[Record | None, list[Problem]]]] = {
    Interview: validate.interview,
    FollowUp: validate.followup,
    Person: validate.person,
}

GITIGNORE = f"_site/\n{CACHE_DIR}/\n.~*\n*.tmp\n*.swp\n*~\n"
MERGE_ATTRIBUTES = ("*.md merge=followup", f"{CONFIG} merge=followup")
"""Records and settings go to `followup merge-driver` (SPEC 2.6), configured per clone by `followup sync --setup`."""
GITATTRIBUTES = "*.md text eol=lf\n*.yaml text eol=lf\n" + "".join(line + "\n" for line in MERGE_ATTRIBUTES)
CONFIG_TEMPLATE = """\
# Follow-up Journal settings. Every key is optional; the values shown are the defaults.
{owner_line}
site_title: {title}
policy:
  thank_you_within_hours: 24
  linkedin_after_days: 1
  status_check_after_business_days: 5
  status_check_after_decision_business_days: 2
  min_days_between_nudges: 7
  max_unanswered_nudges: 2
  ghosted_after_days: 30
  after_rejection_check_in_days: 30
  keep_in_touch_days: 90
  workdays: [mon, tue, wed, thu, fri]
  holidays: []
  linkedin_note_limit: 200          # 300 with LinkedIn Premium
  thank_you_missed_after_days: 7    # then an unsent thank-you leaves the agenda as missed
  prepare_days_before: 1            # the ask-next-steps reminder shows this many days before a round
"""
NO_OWNER_LINE = "owner:   # your name, to sign your messages (while it is empty, drafts are left unsigned)"


@dataclass(frozen=True)
class Saved:
    """The record as now on disk (with its new digest), and whether any byte was written."""

    record: Record
    written: bool


def _relative(root: Path, record: Record) -> str:
    if record.source is None:
        raise SaveError(f"{record.id}: this record has never been saved; use create()")
    return record.source.path


def save(root: Path, record: Record) -> Saved:
    """Write the changed fields of a loaded record; refuse if the file changed since loading."""
    rel = _relative(root, record)
    path = Path(root) / rel
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        raise ConflictError(f"{rel} was deleted or renamed since it was loaded; nothing was saved") from None
    except OSError as exc:
        raise SaveError(f"cannot read {rel}: {exc.strerror}") from None
    digest = hashlib.sha256(current).hexdigest()
    assert record.source is not None
    if digest != record.source.digest:
        raise ConflictError(f"{rel} changed on disk since it was loaded; reload it before saving (nothing was saved)")
    try:
        parsed = parse(current)
    except FrontMatterError as exc:
        raise SaveError(f"{rel}:{exc.line}: {exc.message}") from None
    old, _ = _VALIDATORS[type(record)](parsed, rel, record.id, digest)
    if old is None:
        raise SaveError(f"{rel}: the file on disk has errors; fix them before saving")
    if old == record:
        return Saved(record, False)  # nothing changed: not even a CRLF or BOM file is rewritten
    text, back = _render(
        rel,
        record,
        old,
        lambda force: render_edit(old, record, parsed, force=force),
        lambda force: render_edit(old, record, parsed, force=force, whole=True),
    )
    if text == current:
        return Saved(back, False)  # the edit was to a value the file already means (say "" for none)
    _write(path, rel, text)
    return Saved(back, True)


def rendered(rel: str, record: Record, old: Record, parsed: Parsed) -> bytes:
    """`record` written over the file `parsed` (which reads as `old`) as a save writes it: only the
    changed keys rewritten, checked to load back. Raises SaveError when it would not."""
    return _render(
        rel,
        record,
        old,
        lambda force: render_edit(old, record, parsed, force=force),
        lambda force: render_edit(old, record, parsed, force=force, whole=True),
    )[0]


def _render(
    rel: str, record: Record, old: Record | None, *renders: Callable[[frozenset[str]], str]
) -> tuple[bytes, Record]:
    """Serialise before touching the disk: bytes that load back to exactly `record`, and that record as loaded.

    Each way of writing is tried in turn (the minimal edit first, then the front matter
    rewritten in the product's style). A key the file left implied that the edit would
    change (a reply's direction, once its kind is not `reply`) is then written out. What
    loads back as anything else is refused, so a value that cannot be written changes nothing.
    """
    _refuse_nul(rel, record)
    expected = as_written(record, old)
    differs: frozenset[str] = frozenset()
    for render in renders:
        force: frozenset[str] = frozenset()
        for _ in range(2):
            try:
                data = render(force).encode()
            except (yaml.YAMLError, TypeError, ValueError, UnicodeError) as exc:
                raise SaveError(f"cannot write {rel}: {exc}; nothing was saved") from exc
            back = _reload(rel, record, data)
            if back == expected:
                assert back is not None
                return data, back
            differs = frozenset(_differing(expected, back))
            if force >= differs:
                break
            force |= differs
    fields = ", ".join(sorted(differs)) or "the file"
    raise SaveError(f"cannot write {rel}: {fields} would not read back as entered; nothing was saved")


def _refuse_nul(rel: str, record: Record) -> None:
    """A NUL character cannot be in the body of a text file the journal reads: say so instead of writing it.

    (In front matter the writer escapes it, as `"\\0"`, and it loads back.)
    """
    if "\0" in record.body:
        line = record.body.count("\n", 0, record.body.index("\0")) + 1
        raise SaveError(
            f"cannot save {rel}: line {line} of the text holds a NUL character (U+0000), which no text file may; "
            "remove it and save again (nothing was saved)"
        )


def _reload(rel: str, record: Record, data: bytes) -> Record | None:
    """What loading `data` as the file of `record` gives (None when it would not load)."""
    try:
        parsed = parse(data)
    except FrontMatterError:
        return None
    check = _VALIDATORS[type(record)]
    return check(parsed, rel, record.id, hashlib.sha256(data).hexdigest())[0]


def _differing(expected: Record, back: Record | None) -> list[str]:
    if back is None:
        return []
    return [
        field.name
        for field in dataclasses.fields(expected)
        if field.compare and getattr(expected, field.name) != getattr(back, field.name)
    ]


def _write(path: Path, rel: str, data: bytes, *, exclusive: bool = False, sync_folder: bool = True) -> None:
    try:
        atomic_write(path, data, exclusive=exclusive, sync_folder=sync_folder)
    except FileExistsError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SaveError(f"{reason} while saving {rel}; the file on disk is unchanged") from exc


def create(root: Path, record: Record, *, sync_folder: bool = True) -> Record:
    """Write a new record file (never overwriting one) and return it with its source.

    A batch of new files may pass `sync_folder=False` and call `sync_folder()` once at the end.
    """
    _check_new(record)
    folder = FOLDER_OF[type(record)]
    rel = f"{folder}/{record.id}.md"
    if not record.id or "/" in record.id or "\\" in record.id or record.id.startswith("."):
        raise RecordError(f"invalid record id {record.id!r}")
    path = Path(root) / folder
    if path.is_symlink() and not path.resolve().is_relative_to(Path(root).resolve()):
        raise SaveError(f"{folder_outside_message(folder)}: {rel} was not written")
    path.mkdir(parents=True, exist_ok=True)
    text, back = _render(rel, record, None, lambda _force: render_new(record))
    try:
        _write(path / f"{record.id}.md", rel, text, exclusive=True, sync_folder=sync_folder)
    except FileExistsError:
        raise SaveError(f"{rel} already exists; nothing was overwritten") from None
    return back


def _check_new(record: Record) -> None:
    if isinstance(record, Interview):
        for name in ("company", "role"):
            if not getattr(record, name).strip():
                raise RecordError(f"an interview needs a {name}")


def delete(root: Path, record: Record) -> None:
    """Remove a record's file, refusing when it changed since it was loaded."""
    rel = _relative(root, record)
    path = Path(root) / rel
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return
    assert record.source is not None
    if hashlib.sha256(current).hexdigest() != record.source.digest:
        raise ConflictError(f"{rel} changed on disk since it was loaded; not deleted")
    path.unlink()


def taken_in(root: Path, folder: str) -> set[str]:
    """Existing ids in a folder, case-folded (so ids stay distinct on any file system)."""
    try:
        names = os.listdir(Path(root) / folder)
    except FileNotFoundError:
        return set()
    # NFC and case-folded: `Café` typed on Linux and `Café` written by macOS (NFD) are one id.
    return {unicodedata.normalize("NFC", name[:-3]).casefold() for name in names if name.endswith(".md")}


def new_id(root: Path, folder: str, *parts: str, taken: set[str] | None = None) -> str:
    """A fresh id from a record's date and names, with `-2`, `-3`, … on collision.

    A batch passes `taken` (from `taken_in`, once): the id is checked against it and added to it,
    instead of listing the folder for every record.
    """
    base = slugify("-".join(part for part in parts if part))
    known = taken_in(root, folder) if taken is None else taken
    ident = unique(base, lambda candidate: unicodedata.normalize("NFC", candidate).casefold() in known)
    if taken is not None:
        taken.add(unicodedata.normalize("NFC", ident).casefold())
    return ident


def interview_id(root: Path, record: Interview, *, taken: set[str] | None = None) -> str:
    parts = (day_of(record.date).isoformat(), record.company, record.role, record.stage or "")
    return new_id(root, INTERVIEWS, *parts, taken=taken)


def followup_id(root: Path, kind: str, when_day: str, who: str) -> str:
    return new_id(root, FOLLOWUPS, when_day, kind, who)


def init_journal(folder: Path, *, owner: str | None = None, title: str | None = None) -> list[str]:
    """Create a journal folder (and a git repository unless already inside one).

    Returns what was created. Existing files are left alone, so `init` is safe to re-run.
    """
    folder.mkdir(parents=True, exist_ok=True)
    created: list[str] = []
    owner_line = f"owner: {_yaml_text(owner)}" if owner and owner.strip() else NO_OWNER_LINE
    files = {
        CONFIG: CONFIG_TEMPLATE.format(owner_line=owner_line, title=_yaml_text(title or "My job search")),
        ".gitignore": GITIGNORE,
        ".gitattributes": GITATTRIBUTES,
    }
    for name, content in files.items():
        path = folder / name
        if not path.exists():
            atomic_write(path, content.encode(), exclusive=True)
            created.append(name)
    for sub in (*FOLDERS, TEMPLATES):
        (folder / sub).mkdir(exist_ok=True)
    if not _inside_git(folder):
        try:
            subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)
            created.append(".git/")
        except (OSError, subprocess.CalledProcessError):
            pass  # git is optional; the journal works without it
    return created


def _yaml_text(value: str) -> str:
    from journal.serialize import dump_key

    return dump_key("x", value)[0][3:]


def _inside_git(folder: Path) -> bool:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True
        )
    except OSError:
        return False
    return result.returncode == 0 and result.stdout.strip() == "true"
