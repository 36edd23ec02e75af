"""Two clones of one journal edited apart, synced with the real `git` (issue: `followup sync`).

A bare remote in a temporary folder, clones A and B; the edits of SPEC 2.6's example. After
`sync` on both, every change that does not overlap is in both clones, the one true conflict is
reported with its path and line, and once it is resolved both clones agree (files and agenda).
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from journal import load
from journal.agenda import agenda
from tests.cli.conftest import Run

DAY = date(2026, 11, 25)
INTERVIEW = """\
---
company: Northwind Analytics
role: Senior Data Engineer
date: 2026-11-20 14:00
stage: onsite
outcome: pending
interest: 3
next_steps: they decide this week
tags: [python]
interviewers:
  - name: Jane Doe
    title: Engineering Manager
---
## Notes
Good talk about the event queue.
"""
DRAFT = """\
---
interview: northwind
kind: status-check
to: Jane Doe
status: draft
subject: Checking in
---
Hi Jane, any news on the decision?
"""
NEW_FOLLOWUP = """\
---
interview: northwind
kind: thank-you
to: Jane Doe
date: 2026-11-20 18:00
status: sent
---
Thank you for the onsite.
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def clones(tmp_path: Path, run: Run) -> tuple[Path, Path]:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    a = tmp_path / "A"
    assert run("init", a, "--owner", "Alex Kim").code == 0
    (a / "interviews" / "northwind.md").write_text(INTERVIEW)
    (a / "followups" / "checking-in.md").write_text(DRAFT)
    git(a, "remote", "add", "origin", str(remote))
    git(a, "add", "-A")
    git(a, "commit", "-qm", "start")
    git(a, "push", "-q", "-u", "origin", "HEAD")
    b = tmp_path / "B"
    subprocess.run(["git", "clone", "-q", str(remote), str(b)], check=True)
    assert run("sync", "--setup", "-C", b).code == 0
    return a, b


def test_two_clones_edited_apart_agree_after_sync(clones: tuple[Path, Path], run: Run) -> None:
    a, b = clones
    interview, draft = Path("interviews/northwind.md"), Path("followups/checking-in.md")
    # A: outcome, a new follow-up, the draft marked sent, a tag, next_steps.
    edit(a / interview, "outcome: pending", "outcome: next-round")
    edit(a / interview, "tags: [python]", "tags: [python, remote]")
    edit(a / interview, "next_steps: they decide this week", "next_steps: call Jane on Friday")
    (a / "followups" / "thanks-jane.md").write_text(NEW_FOLLOWUP)
    edit(a / draft, "status: draft", "status: sent\ndate: 2026-11-24 09:00")
    # B: interest (the next line), an interviewer, the draft's body, another tag, next_steps again.
    edit(b / interview, "interest: 3", "interest: 5")
    edit(b / interview, "tags: [python]", "tags: [python, onsite]")
    edit(b / interview, "    title: Engineering Manager\n", "    title: Engineering Manager\n  - name: Raj Patel\n")
    edit(b / interview, "next_steps: they decide this week", "next_steps: wait for the recruiter")
    edit(b / draft, "any news on the decision?", "is there any news on the decision? Happy to help.")

    first = run("sync", "-C", a)
    assert first.code == 0, first.err
    assert "pushed" in first.out
    second = run("sync", "-C", b)
    assert second.code == 1
    conflict_line = (b / interview).read_text().splitlines().index("<<<<<<< ours") + 1
    assert f"interviews/northwind.md:{conflict_line}: conflict" in second.err
    assert "git merge --abort" in second.err and "git commit" in second.err
    text = (b / interview).read_text()
    assert text.count("<<<<<<<") == 1, "only next_steps conflicts"
    block = text.split("<<<<<<< ours\n", 1)[1].split(">>>>>>> theirs\n", 1)[0]
    assert block == "next_steps: wait for the recruiter\n=======\nnext_steps: call Jane on Friday\n"
    for merged in ("outcome: next-round", "interest: 5", "  - name: Raj Patel", "onsite", "remote"):
        assert merged in text
    assert "<<<<<<<" not in (b / draft).read_text()
    check = run("check", "-C", b)
    assert f"interviews/northwind.md:{conflict_line}:" in check.out and "merge conflict" in check.out
    errors = [line for line in check.out.splitlines() if ": error:" in line]
    assert len(errors) == 1 and errors[0].startswith(f"interviews/northwind.md:{conflict_line}:"), check.out
    assert "interviews/northwind.md has an error (see there)" in check.out, "its follow-ups point there"

    # The user keeps their side, finishes the merge, and both clones sync again.
    (b / interview).write_text(text.replace(block, "next_steps: wait for the recruiter\n").replace(
        "<<<<<<< ours\n", "").replace(">>>>>>> theirs\n", ""))  # fmt: skip
    git(b, "add", "-A")
    git(b, "commit", "-q", "--no-edit")
    assert run("sync", "-C", b).code == 0
    assert run("sync", "-C", a).code == 0

    for root in (a, b):
        assert run("check", "-C", root).code == 0
        assert not git_grep(root), "no conflict marker left in any file"
    assert git(a, "rev-parse", "HEAD") == git(b, "rev-parse", "HEAD")
    journal_a, journal_b = load(a), load(b)
    sent = journal_a.followups["checking-in"]
    assert sent.status == "sent" and "Happy to help." in sent.body, "A's status and B's body, both kept"
    assert journal_a.interviews["northwind"].tags == ("python", "onsite", "remote"), "a set: both added, in one order"
    assert "thanks-jane" in journal_b.followups
    items_a = agenda(journal_a, journal_a.settings.policy, DAY)
    items_b = agenda(journal_b, journal_b.settings.policy, DAY)
    assert [(i.id, i.due, i.reason) for i in items_a] == [(i.id, i.due, i.reason) for i in items_b]
    assert any(item.person == "Raj Patel" for item in items_a), "B's new interviewer is owed a thank-you in A"


def git_grep(root: Path) -> bool:
    """Whether any tracked file still holds a conflict marker."""
    found = subprocess.run(["git", "-C", str(root), "grep", "-q", "-e", "<<<<<<<"], capture_output=True)
    return found.returncode == 0


def test_a_rename_on_one_side_and_an_edit_on_the_other_merge(clones: tuple[Path, Path], run: Run) -> None:
    a, b = clones
    git(a, "mv", "interviews/northwind.md", "interviews/northwind-onsite.md")
    edit(a / "followups" / "checking-in.md", "interview: northwind", "interview: northwind-onsite")
    edit(a / "interviews" / "northwind-onsite.md", "interest: 3", "interest: 4")
    edit(b / "interviews" / "northwind.md", "outcome: pending", "outcome: rejected")
    assert run("sync", "-C", a).code == 0
    result = run("sync", "-C", b)
    assert result.code == 0, result.err
    text = (b / "interviews" / "northwind-onsite.md").read_text()
    assert "interest: 4\n" in text and "outcome: rejected\n" in text
    assert not (b / "interviews" / "northwind.md").exists()


def test_sync_without_a_remote_says_how_to_add_one(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "solo"
    assert run("init", root, "--owner", "Alex Kim").code == 0
    result = run("sync", "-C", root)
    assert result.code == 1
    assert "no git remote" in result.err and "git remote add origin" in result.err


def test_dry_run_changes_nothing(clones: tuple[Path, Path], run: Run) -> None:
    a, _b = clones
    edit(a / "interviews" / "northwind.md", "interest: 3", "interest: 4")
    head = git(a, "rev-parse", "HEAD")
    result = run("sync", "--dry-run", "-C", a)
    assert result.code == 0
    assert "would commit 1 change: Northwind Analytics onsite: interest changed" in result.out
    assert git(a, "rev-parse", "HEAD") == head
    assert git(a, "status", "--porcelain") == " M interviews/northwind.md\n"


def test_check_names_the_command_when_the_driver_is_not_configured(clones: tuple[Path, Path], run: Run) -> None:
    _a, b = clones
    git(b, "config", "--unset", "merge.followup.driver")
    result = run("check", "-C", b)
    assert ".gitattributes:3: warning:" in result.out
    assert "run 'followup sync --setup'" in result.out
    assert result.code == 0, "a warning, not an error"
    assert run("sync", "--setup", "-C", b).code == 0
    assert "warning" not in run("check", "-C", b).out


def test_a_file_deleted_on_one_side_and_edited_on_the_other_is_left_for_the_user(
    clones: tuple[Path, Path], run: Run
) -> None:
    a, b = clones
    git(a, "rm", "-q", "followups/checking-in.md")
    edit(b / "followups" / "checking-in.md", "any news", "any news yet")
    assert run("sync", "-C", a).code == 0
    result = run("sync", "-C", b)
    assert result.code == 1
    assert "followups/checking-in.md:1: conflict" in result.err
    assert (b / ".git" / "MERGE_HEAD").exists(), "stopped as git leaves a failed merge, never mid-rebase"
    assert not (b / ".git" / "rebase-merge").exists() and not (b / ".git" / "rebase-apply").exists()
    again = run("sync", "-C", b)
    assert again.code == 1 and "a merge or rebase is in progress" in again.err
