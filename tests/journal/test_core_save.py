"""Saving (SPEC 2.5, RELIABILITY A, B, I): minimal diffs, no-op saves, conflicts and atomicity."""

from __future__ import annotations

import dataclasses
import errno
import os
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from core_helpers import make_journal, put
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journal
from journal import atomic, store
from journal.records import FollowUp, Interview, Interviewer

HAND_WRITTEN = """\
---
# Written by hand, in my own style.
company: "Acme Corp"   # the parent company
role: 'Backend Engineer'
stage: onsite
date: 2026-11-20T14:00
interviewers:
  - {name: Jane Doe, title: Engineering Manager}
  - name: Raj Patel
    pronouns: he/him
tags: [python, remote]
outcome: pending   # waiting
salary_band: L5
---
## Talking points
- Kafka cut-over.   \n\n\ttabbed line kept\n"""


def loaded_interview(root: Path, ident: str = "x") -> Interview:
    return journal.load(root, use_cache=False).interviews[ident]


def test_no_op_save_writes_nothing(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    for name, content in {
        "lf": HAND_WRITTEN,
        "crlf": HAND_WRITTEN.replace("\n", "\r\n"),
        "no-final-newline": HAND_WRITTEN.rstrip("\n"),
        "bom": "\ufeff" + HAND_WRITTEN,
    }.items():
        path = put(root, f"interviews/{name}.md", content)
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        result = store.save(root, loaded_interview(root, name))
        assert not result.written
        assert path.stat().st_mtime_ns == 1_000_000_000
        assert path.read_bytes() == content.encode()


def test_changing_one_field_is_a_one_line_git_diff(git_journal: Path) -> None:
    root = git_journal
    put(root, "interviews/x.md", HAND_WRITTEN)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", "start"], check=True)
    record = loaded_interview(root)
    saved = store.save(root, dataclasses.replace(record, outcome="next-round"))
    assert saved.written
    numstat = subprocess.run(
        ["git", "-C", str(root), "diff", "--numstat"], check=True, capture_output=True, text=True
    ).stdout
    assert numstat == "1\t1\tinterviews/x.md\n"
    text = (root / "interviews/x.md").read_text()
    assert "outcome: next-round   # waiting\n" in text, "a trailing comment on the changed line is kept"
    assert text == HAND_WRITTEN.replace("outcome: pending", "outcome: next-round")


def test_order_unknown_keys_and_body_are_kept_and_new_keys_appended(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/x.md", HAND_WRITTEN)
    record = loaded_interview(root)
    assert record.interviewers[1].extra == (("pronouns", "he/him"),)
    changed = dataclasses.replace(record, decision_by=date(2026, 11, 27), location="Zoom")
    store.save(root, changed)
    text = (root / "interviews/x.md").read_text()
    head, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    assert head == HAND_WRITTEN.split("---\n")[1] + "location: Zoom\ndecision_by: 2026-11-27\n"
    assert body == HAND_WRITTEN.split("---\n", 2)[2]
    again = loaded_interview(root)
    assert again == changed


def test_written_files_use_lf_and_end_with_one_newline(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/x.md", HAND_WRITTEN.replace("\n", "\r\n"))
    store.save(root, dataclasses.replace(loaded_interview(root), interest=5))
    raw = (root / "interviews/x.md").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n") and not raw.endswith(b"\n\n")


HOSTILE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), min_size=1, max_size=40
).filter(lambda text: text.strip() != "")
SAMPLES = ["C# dev #2", "Interview: round 2", "@acme", "* star", "! bang", "NO", "12:30", "01234", "1.10", "yes",
           "- dash", "'quoted'", '"dq"', "a\nb", "  lead", "trail  ", "%tag", "&anchor", "{x}", "[y]", "|", ">",
           "`tick`", "---", "...", "key: value", "\u2028", "\x85next", "tab\there", "null", "~", "\ufeffbom"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.sampled_from(SAMPLES), HOSTILE), name=HOSTILE)
def test_hostile_text_survives_create_and_save(tmp_path: Path, text: str, name: str) -> None:
    root = make_journal(Path(tempfile.mkdtemp(dir=tmp_path)))
    record = Interview(
        id="x",
        company=text if text.strip() else "A",
        role="R",
        date=date(2026, 11, 20),
        location=text,
        next_steps=text,
        interviewers=(Interviewer(name=name.strip(), title=text),),
        tags=(text,),
    )
    store.create(root, record)
    loaded = journal.load(root, use_cache=False)
    assert loaded.problems == []
    assert loaded.interviews["x"] == record
    edited = dataclasses.replace(loaded.interviews["x"], location=text + "!", role=text if text.strip() else "R2")
    store.save(root, edited)
    assert loaded_interview(root) == edited


class Boom(OSError):
    pass


def test_failed_rename_leaves_the_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", HAND_WRITTEN)

    def refuse(*_: Any) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store.os, "replace", refuse)
    with pytest.raises(journal.SaveError, match=r"Permission denied while saving interviews/x.md"):
        store.save(root, dataclasses.replace(loaded_interview(root), interest=3))
    assert path.read_text() == HAND_WRITTEN
    assert sorted(os.listdir(root / "interviews")) == ["x.md"]


def test_disk_full_half_way_says_so_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", HAND_WRITTEN)
    record = loaded_interview(root)
    real_write = os.write
    calls = []

    def half(fd: int, data: Any) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store.os, "write", half)
    with pytest.raises(journal.SaveError) as caught:
        store.save(root, dataclasses.replace(record, body=record.body + "x" * 10_000))
    monkeypatch.undo()
    assert str(caught.value).startswith("No space left on device while saving interviews/x.md")
    assert "unchanged" in str(caught.value)
    assert len(calls) == 2
    assert path.read_text() == HAND_WRITTEN
    assert sorted(os.listdir(root / "interviews")) == ["x.md"]


def test_durable_save_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/x.md", HAND_WRITTEN)
    record = loaded_interview(root)
    events: list[str] = []
    real_write, real_replace, real_fsync, real_dir = os.write, os.replace, atomic._fsync, atomic._fsync_folder

    def write(fd: int, data: Any) -> int:
        events.append("write")
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        events.append("fsync(file)")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append("replace")
        real_replace(src, dst)

    def fsync_dir(folder: Path) -> None:
        events.append("fsync(dir)")
        real_dir(folder)

    monkeypatch.setattr(store.os, "write", write)
    monkeypatch.setattr(store.os, "replace", replace)
    monkeypatch.setattr(atomic, "_fsync", fsync)
    monkeypatch.setattr(atomic, "_fsync_folder", fsync_dir)
    store.save(root, dataclasses.replace(record, interest=2))
    monkeypatch.undo()
    collapsed = [event for index, event in enumerate(events) if index == 0 or events[index - 1] != event]
    assert collapsed == ["write", "fsync(file)", "replace", "fsync(dir)"]


def test_temp_name_collision_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/x.md", HAND_WRITTEN)
    squatter = put(root, "interviews/.x.md.aaaa.tmp", "someone else's temp file")
    names = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(atomic, "_token", lambda: next(names))
    store.save(root, dataclasses.replace(loaded_interview(root), interest=4))
    monkeypatch.undo()
    assert squatter.read_text() == "someone else's temp file"
    assert loaded_interview(root).interest == 4
    assert sorted(os.listdir(root / "interviews")) == [".x.md.aaaa.tmp", "x.md"]


def test_symlinked_record_is_updated_through_the_link(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    target = put(root, "archive/x.md", HAND_WRITTEN)
    link = root / "interviews" / "x.md"
    link.symlink_to(Path("..") / "archive" / "x.md")
    store.save(root, dataclasses.replace(loaded_interview(root), interest=1))
    assert link.is_symlink()
    assert "interest: 1\n" in target.read_text()


def test_permissions_are_kept(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", HAND_WRITTEN)
    path.chmod(0o600)
    store.save(root, dataclasses.replace(loaded_interview(root), interest=1))
    assert path.stat().st_mode & 0o777 == 0o600


def test_same_size_edit_with_restored_mtime_is_a_conflict(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", HAND_WRITTEN)
    record = loaded_interview(root)
    stat = path.stat()
    path.write_text(HAND_WRITTEN.replace("L5", "L6"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    with pytest.raises(journal.ConflictError, match="changed on disk"):
        store.save(root, dataclasses.replace(record, interest=2))
    assert "L6" in path.read_text()


def test_touched_but_identical_is_not_a_conflict(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", HAND_WRITTEN)
    record = loaded_interview(root)
    os.utime(path, ns=(5_000_000_000, 5_000_000_000))
    assert store.save(root, dataclasses.replace(record, interest=2)).written


def test_deleted_file_is_a_conflict_not_a_resurrection(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", HAND_WRITTEN)
    record = loaded_interview(root)
    path.unlink()
    with pytest.raises(journal.ConflictError, match="deleted"):
        store.save(root, dataclasses.replace(record, interest=2))
    assert not path.exists()


def test_create_never_overwrites(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "followups/f.md", "---\nkind: other\nto: X\n---\nmine\n")
    with pytest.raises(journal.SaveError, match="already exists"):
        store.create(root, FollowUp(id="f", kind="thank-you", to="Jane"))
    assert (root / "followups/f.md").read_text().endswith("mine\n")


WRITER = """
import sys
from pathlib import Path
from journal.atomic import atomic_write
path = Path(sys.argv[1])
versions = [Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()]
print("ready", flush=True)
number = 0
while True:
    atomic_write(path, versions[number % 2])
    number += 1
"""


def test_sigkill_at_random_moments_leaves_old_or_new_bytes(tmp_path: Path) -> None:
    import random
    import signal
    import sys
    import time

    root = make_journal(tmp_path / "j")
    old = HAND_WRITTEN.encode() + b"old " * 50_000
    new = HAND_WRITTEN.replace("pending", "offer").encode() + b"new " * 60_000
    path = put(root, "interviews/x.md", old)
    (tmp_path / "a").write_bytes(new)
    (tmp_path / "b").write_bytes(old)
    rng = random.Random(7)
    for _ in range(30):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(tmp_path / "a"), str(tmp_path / "b")],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert path.read_bytes() in (old, new), "a crash must leave the old or the new file"
        for name in os.listdir(root / "interviews"):
            assert name == "x.md" or (name.startswith(".x.md.") and name.endswith(".tmp")), name
        loaded = journal.load(root, use_cache=False)
        assert list(loaded.interviews) == ["x"] and loaded.problems == []
