"""More of RELIABILITY A, B, D, F, G and I: the rarer ways a save or a load can go wrong."""

from __future__ import annotations

import dataclasses
import errno
import os
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from core_helpers import load_one, make_journal, put

import journal
from journal import atomic, store
from journal.records import Interview, Interviewer

SIMPLE = "---\ncompany: Acme\nrole: Dev\ndate: 2026-11-20\n---\nBody\n"


def loaded(root: Path, ident: str = "x") -> Interview:
    return journal.load(root, use_cache=False).interviews[ident]


def test_unwritable_value_changes_nothing(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", SIMPLE)
    odd = Interviewer(name="Jane", extra=(("thing", object()),))
    with pytest.raises(journal.SaveError, match="cannot write interviews/x.md"):
        store.save(root, dataclasses.replace(loaded(root), interviewers=(odd,)))
    assert path.read_text() == SIMPLE and os.listdir(root / "interviews") == ["x.md"]
    with pytest.raises(journal.SaveError):
        store.create(root, Interview(id="y", company="A", role="R", date=date(2026, 1, 1), interviewers=(odd,)))
    assert os.listdir(root / "interviews") == ["x.md"]


def test_failed_cleanup_does_not_mask_the_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/x.md", SIMPLE)
    record = loaded(root)

    def eio(*_: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    def no_unlink(*_: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(store.os, "replace", eio)
    monkeypatch.setattr(store.os, "unlink", no_unlink)
    with pytest.raises(journal.SaveError, match="Input/output error while saving interviews/x.md"):
        store.save(root, dataclasses.replace(record, interest=2))


def test_darwin_uses_full_fsync(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import fcntl

    calls: list[int] = []
    monkeypatch.setattr(atomic.sys, "platform", "darwin")
    monkeypatch.setattr(fcntl, "F_FULLFSYNC", 51, raising=False)
    monkeypatch.setattr(fcntl, "fcntl", lambda fd, op, *rest: calls.append(op) or 0)
    atomic.atomic_write(tmp_path / "f.md", b"x")
    assert calls == [51]


def test_windows_sharing_violation_is_retried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts: list[int] = []
    real = os.replace

    def busy(src: Any, dst: Any) -> None:
        attempts.append(1)
        if len(attempts) <= 2:
            error = PermissionError(errno.EACCES, "The process cannot access the file")
            error.winerror = 32  # type: ignore[attr-defined]
            raise error
        real(src, dst)

    monkeypatch.setattr(atomic.os, "name", "nt")
    monkeypatch.setattr(atomic.os, "replace", busy)
    monkeypatch.setattr(atomic.time, "sleep", lambda _s: None)
    (tmp_path / "a").write_text("new")
    atomic._replace(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_text() == "new" and len(attempts) == 3


def test_posix_permission_error_is_not_retried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts: list[int] = []

    def denied(*_: Any) -> None:
        attempts.append(1)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", denied)
    with pytest.raises(PermissionError):
        atomic._replace(tmp_path / "a", tmp_path / "b")
    assert attempts == [1]


def test_mode_only_change_is_not_a_conflict(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", SIMPLE)
    record = loaded(root)
    path.chmod(0o640)
    assert store.save(root, dataclasses.replace(record, interest=3)).written
    assert path.stat().st_mode & 0o777 == 0o640


def test_two_writers_second_gets_a_conflict(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/x.md", SIMPLE)
    first, second = loaded(root), loaded(root)
    store.save(root, dataclasses.replace(first, interest=1))
    with pytest.raises(journal.ConflictError):
        store.save(root, dataclasses.replace(second, interest=5))
    assert loaded(root).interest == 1


def test_renamed_externally_is_not_resurrected(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", SIMPLE)
    record = loaded(root)
    path.rename(root / "interviews" / "x-renamed.md")
    with pytest.raises(journal.ConflictError):
        store.save(root, dataclasses.replace(record, interest=1))
    assert sorted(os.listdir(root / "interviews")) == ["x-renamed.md"]


def test_hard_link_becomes_its_own_file(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", SIMPLE)
    other = tmp_path / "elsewhere.md"
    os.link(path, other)
    store.save(root, dataclasses.replace(loaded(root), interest=1))
    assert "interest: 1" in path.read_text() and other.read_text() == SIMPLE


@pytest.mark.parametrize(
    ("front", "words"),
    [("date: 2024-02-30", "2024-02-30"), ("date: 2024-3-5", "2024-3-5"), ("date: 2024-03-05T25:00", "25:00")],
)
def test_invalid_dates_are_named(tmp_path: Path, front: str, words: str) -> None:
    _, problems = load_one(tmp_path, f"---\ncompany: A\nrole: R\n{front}\n---\n")
    assert [(p.line, p.field) for p in problems] == [(4, "date")] and words in problems[0].message


@pytest.mark.parametrize(
    ("content", "loads"),
    [
        ("---   \ncompany: A\nrole: R\ndate: 2026-11-20\n---\n", True),
        ("---\ncompany: A\nrole: R\ndate: 2026-11-20\n...\nbody\n", True),
        ("----\ncompany: A\n----\n", False),
        ("no front matter at all\n", False),
        ("\n\n---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n", False),
        ("---\r\ncompany: A\nrole: R\r\ndate: 2026-11-20\r\n---\n", True),
        ("---\r\ncompany: A\nrole: R\rdate: 2026-11-20\r\n---\n", False),
    ],
    ids=["trailing-spaces", "dots-closer", "four-dashes", "none", "leading-blank", "mixed-endings", "lone-cr"],
)
def test_delimiters_follow_the_byte_zero_rule(tmp_path: Path, content: str, loads: bool) -> None:
    result, problems = load_one(tmp_path, content)
    assert ("x" in result.interviews) is loads
    assert bool(problems) is not loads


def test_a_lone_cr_is_text_and_a_line_it_breaks_says_so(tmp_path: Path) -> None:
    _, problems = load_one(tmp_path, "---\ncompany: A\nrole: R\rdate: 2026-11-20\n---\n")
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]
    assert "CR alone" in problems[0].message
    result, problems = load_one(tmp_path, '---\ncompany: "A\rB"\nrole: R\ndate: 2026-11-20\n---\nx\ry\n')
    assert problems == [] and result.interviews["x"].company == "A\rB" and result.interviews["x"].body == "x\ry\n"


def test_horizontal_rule_in_body_is_kept(tmp_path: Path) -> None:
    body = "Intro\n\n---\n\nAfter the rule\n...\n"
    result, problems = load_one(tmp_path, "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n" + body)
    assert problems == [] and result.interviews["x"].body == body


def test_utf16_file_is_reported(tmp_path: Path) -> None:
    _, problems = load_one(tmp_path, "---\ncompany: A\n---\n".encode("utf-16"))
    assert problems[0].line == 1 and "UTF-8" in problems[0].message


def test_nfd_file_on_disk_and_nfc_name_are_one_id(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    nfd = unicodedata.normalize("NFD", "2026-11-20-café-dev")
    put(root, f"interviews/{nfd}.md", SIMPLE)
    ident = store.interview_id(root, Interview(id="", company="Café", role="Dev", date=date(2026, 11, 20)))
    assert ident == "2026-11-20-café-dev-2"


def test_symlink_outside_the_journal_is_ignored(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    secret = put(tmp_path, "secret.md", SIMPLE)
    (root / "interviews" / "evil.md").symlink_to(secret)
    (root / "interviews" / "dir.md").symlink_to(tmp_path)
    result = journal.load(root, use_cache=False)
    assert result.interviews == {}
    assert [(p.path, p.severity) for p in result.problems] == [
        ("interviews/dir.md", "warning"),
        ("interviews/evil.md", "warning"),
    ]


def test_new_files_are_lf_utf8_without_bom_and_end_with_one_newline(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    record = Interview(id="x", company="Café", role="Dev", date=date(2026, 11, 20), body="Notes\n\n\n")
    store.create(root, record)
    raw = (root / "interviews/x.md").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.decode("utf-8")
    assert raw.endswith(b"Notes\n\n\n"), "the body is kept as typed"
    store.create(root, dataclasses.replace(record, id="y", body="no newline"))
    assert (root / "interviews/y.md").read_bytes().endswith(b"no newline\n")


def test_init_writes_attributes_and_ignores(tmp_path: Path) -> None:
    created = store.init_journal(tmp_path / "new", owner="Alex", title="Search")
    assert {"journal.yaml", ".gitignore", ".gitattributes"} <= set(created)
    assert "*.md text eol=lf" in (tmp_path / "new/.gitattributes").read_text()
    ignored = (tmp_path / "new/.gitignore").read_text().split()
    assert {"_site/", ".followup/", ".~*", "*.tmp"} <= set(ignored)
    assert store.init_journal(tmp_path / "new") == [], "re-running init changes nothing"
    assert journal.load(tmp_path / "new").settings.owner == "Alex"


def test_old_leftover_temp_files_are_reported_never_loaded(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/x.md", SIMPLE)
    old = put(root, "interviews/.x.md.0badf00d.tmp", SIMPLE.replace("Acme", "Half"))
    os.utime(old, ns=(10**18, 10**18))
    put(root, "interviews/.x.md.1234abcd.tmp", SIMPLE)  # a save in progress right now
    result = journal.load(root, use_cache=False)
    assert list(result.interviews) == ["x"] and result.interviews["x"].company == "Acme"
    assert [(p.path, p.severity) for p in result.problems] == [("interviews/.x.md.0badf00d.tmp", "warning")]
    assert "x.md itself is intact" in result.problems[0].message
