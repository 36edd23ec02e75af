"""`followup demo`, journal discovery and opening the app."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import TODAY, Run

from journal import load
from journal.agenda import ACTIONS, agenda
from journal.demo import is_demo, write_demo


@pytest.mark.parametrize("offset", range(7))
def test_demo_shows_every_action_overdue_today_and_upcoming(tmp_path: Path, offset: int) -> None:
    today = TODAY + timedelta(days=offset)  # every weekday: business-day rules must not break the mix
    write_demo(tmp_path / "demo", today)
    journal = load(tmp_path / "demo", use_cache=False)
    assert journal.problems == []
    items = agenda(journal, journal.settings.policy, today)
    assert {item.action for item in items} == set(ACTIONS)
    assert {item.state for item in items} == {"overdue", "today", "upcoming"}
    today_actions = {item.action for item in items if item.state == "today"}
    assert {"thank-you", "linkedin", "record-next-steps", "status-check"} <= today_actions


def test_demo_has_the_story_a_user_recognises(demo: Path) -> None:
    journal = load(demo)
    companies = {interview.company for interview in journal.interviews.values()}
    assert len(companies) >= 5
    assert max(len(rounds) for rounds in journal.processes.values()) >= 3
    assert all(len(interview.interviewers) >= 1 for interview in journal.interviews.values())
    assert sum(len(interview.interviewers) >= 2 for interview in journal.interviews.values()) >= 4
    assert all(p.title for interview in journal.interviews.values() for p in interview.interviewers)
    assert any(p.linkedin for interview in journal.interviews.values() for p in interview.interviewers)
    assert sum("## Talking points" in interview.body for interview in journal.interviews.values()) >= 6
    followups = list(journal.followups.values())
    kinds = {(item.kind, item.status) for item in followups}
    assert {("thank-you", "sent"), ("thank-you", "draft"), ("reply", "received"), ("status-check", "sent")} <= kinds
    assert {("linkedin", "sent"), ("check-in", "sent")} <= kinds
    assert any(interview.outcome == "rejected" for interview in journal.interviews.values())
    assert any("other candidates" in item.body for item in followups if item.kind == "reply")
    assert journal.people["maya-johnson"].keep_in_touch == 60
    assert all(interview.tags for interview in journal.interviews.values())


def test_demo_is_committed_in_its_own_repository(demo_template: Path) -> None:
    log = subprocess.run(["git", "-C", str(demo_template), "log", "--oneline"], capture_output=True, text=True)
    assert log.returncode == 0 and "Start the demo journal" in log.stdout
    status = subprocess.run(["git", "-C", str(demo_template), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""


def test_demo_command_writes_then_refuses_a_foreign_folder(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "sample"
    result = run("demo", target, "--no-tui")
    assert result.code == 0
    assert "Wrote a sample journal" in result.out and "12 interviews" in result.out
    assert is_demo(target) and load(target).problems == []
    again = run("demo", target, "--no-tui")
    assert again.code == 0 and "already holds the demo journal" in again.out
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = run("demo", other, "--no-tui")
    assert refused.code == 2 and "not empty" in refused.err
    assert sorted(path.name for path in other.iterdir()) == ["notes.txt"]


def test_demo_defaults_to_followup_demo_and_opens_the_app(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    fake = type(sys)("tui.app")
    fake.run_app = lambda root: opened.append(root) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake)
    monkeypatch.chdir(tmp_path)
    assert run("demo").code == 0
    assert opened == [(tmp_path / "followup-demo").resolve()]


def test_no_command_opens_the_app_on_the_discovered_journal(
    run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    fake = type(sys)("tui.app")
    fake.run_app = lambda root: opened.append(root) or 3  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake)
    monkeypatch.chdir(demo / "interviews")
    assert run().code == 3
    assert opened == [demo.resolve()]


def test_no_command_without_the_app_says_so_plainly(run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tui.app", None)  # as if tui/app.py did not exist
    result = run("-C", demo)
    assert result.code == 0 and len(result.out.strip().splitlines()) == 1 and "followup" in result.out


def test_discovery_by_flag_environment_and_parent_folder(
    run: Run, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("FOLLOWUP_JOURNAL", raising=False)
    missing = run("due")
    assert missing.code == 2 and "no journal found" in missing.err and "followup init" in missing.err
    assert run("-C", demo, "due", "--json").code == 0
    assert run("due", "--json", "-C", demo).code == 0  # -C after the command works too
    built = run("build", "-C", demo, "--out", tmp_path / "site", "--as-of", "2026-11-25")
    assert built.code == 0 and (tmp_path / "site" / "index.html").is_file()
    monkeypatch.setenv("FOLLOWUP_JOURNAL", str(demo))
    assert '"as_of"' in run("due", "--json").out
    monkeypatch.delenv("FOLLOWUP_JOURNAL")
    monkeypatch.chdir(demo / "followups")
    assert run("check").code == 0
    bad = run("-C", tmp_path / "nowhere", "due")
    assert bad.code == 2 and "no such journal folder" in bad.err
    not_a_journal = run("-C", elsewhere, "due")
    assert not_a_journal.code == 2 and "is not a journal" in not_a_journal.err and "followup init" in not_a_journal.err


def test_today_follows_the_journal_timezone(demo: Path) -> None:
    from zoneinfo import ZoneInfo

    from tui.cli_common import now

    config = demo / "journal.yaml"
    config.write_text(config.read_text() + "timezone: Pacific/Kiritimati\n")
    there = datetime.now(ZoneInfo("Pacific/Kiritimati")).replace(tzinfo=None)
    assert abs(now(load(demo)) - there) < timedelta(minutes=2)


def test_demo_inside_a_repository_leaves_that_repository_alone(run: Run, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert run("demo", tmp_path / "sample", "--no-tui").code == 0
    assert not (tmp_path / "sample" / ".git").exists()
    log = subprocess.run(["git", "-C", str(tmp_path), "log"], capture_output=True, text=True)
    assert log.returncode != 0  # still no commit in the outer repository
