"""The daily loop from the command line: init asks whose name signs messages, drafts are personal
and never signed with a placeholder, nudges count the moment they are logged, skip and missed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import TODAY, Run

from journal import load
from journal.agenda import agenda

BLUEFIN = "2026-11-24-bluefin-health-product-engineer-technical"
LUMEN = "2026-11-09-lumen-labs-platform-engineer-onsite"
NORTHWIND = "2026-11-21-northwind-analytics-senior-data-engineer-onsite"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# init and the owner ------------------------------------------------------------------------


def test_init_on_a_terminal_asks_for_the_owner(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("  Kim   Lee \n"))
    result = run("init", tmp_path / "j")
    assert result.code == 0
    assert load(tmp_path / "j").settings.owner == "Kim Lee"
    assert "unsigned" not in result.out


def test_init_on_a_terminal_may_be_skipped(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("\n"))
    result = run("init", tmp_path / "j")
    assert result.code == 0 and load(tmp_path / "j").settings.owner is None
    assert "--owner" in result.out


def test_init_without_a_terminal_or_owner_leaves_it_unset_and_says_how(run: Run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "j")
    assert result.code == 0
    text = (tmp_path / "j" / "journal.yaml").read_text(encoding="utf-8")
    assert "Your Name" not in text and load(tmp_path / "j").settings.owner is None
    assert f"followup init {tmp_path / 'j'} --owner" in result.out


def test_init_owner_on_an_existing_journal_sets_just_that(run: Run, tmp_path: Path) -> None:
    assert run("init", tmp_path / "j").code == 0
    before = (tmp_path / "j" / "journal.yaml").read_text(encoding="utf-8")
    result = run("init", tmp_path / "j", "--owner", "Kim Lee")
    assert result.code == 0 and "signed 'Kim Lee'" in result.out
    after = (tmp_path / "j" / "journal.yaml").read_text(encoding="utf-8")
    assert sum(a != b for a, b in zip(before.splitlines(), after.splitlines(), strict=True)) == 1
    assert load(tmp_path / "j").settings.owner == "Kim Lee"
    refused = run("init", tmp_path / "j", "--owner", "Your Name")
    assert refused.code == 2 and "not a name" in refused.err


def test_a_draft_without_an_owner_is_unsigned_and_says_how_to_sign(run: Run, demo: Path) -> None:
    config = demo / "journal.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("owner: Sam Rivera", "owner: Your Name"))
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you", "--to", "Tom Becker",
                 "--template", "--date", "2026-11-25T09:00")  # fmt: skip
    assert result.code == 0
    body = load(demo).followups[Path(result.out.strip()).stem].body
    assert "Your Name" not in body and body.rstrip().endswith("Best regards,")
    assert "note: not signed: no owner is set in journal.yaml; drafts are left unsigned" in result.err
    assert "--owner" in result.err


# Personal drafts ---------------------------------------------------------------------------


def test_each_interviewers_thank_you_cites_only_their_own_point(run: Run, demo: Path) -> None:
    wanted = {
        "Elena Petrova": "how on-call is shared between the platform and analytics teams",
        "Daniel Okafor": "your plan to retire the legacy warehouse in Q2",
        "Sofia Alvarez": "your data-quality checks in CI and how they caught the schema drift last spring",
    }
    bodies = {}
    for name in wanted:
        result = run("-C", demo, "new", "followup", "--interview", NORTHWIND, "--kind", "thank-you", "--to", name,
                     "--template", "--date", "2026-11-22T10:00")  # fmt: skip
        assert result.code == 0, result.err
        bodies[name] = load(demo).followups[Path(result.out.strip()).stem].body
    for name, point in wanted.items():
        assert f"I especially enjoyed our conversation about {point}." in bodies[name]
        for other, theirs in wanted.items():
            if other != name:
                assert theirs not in bodies[name]
        assert "Daniel's" not in bodies[name] and "Sofia:" not in bodies[name] and "Elena —" not in bodies[name]


def test_every_demo_draft_reads_as_sent_by_a_careful_person(run: Run, demo: Path) -> None:
    journal = load(demo)
    for item in agenda(journal, journal.settings.policy, TODAY):
        if item.action not in ("thank-you", "linkedin", "status-check", "check-in") or item.interview is None:
            continue
        args = ["-C", demo, "new", "followup", "--interview", item.interview, "--kind", item.action, "--template"]
        result = run(*args, *(["--to", item.person] if item.person else []))
        assert result.code == 0, result.err
        body = load(demo).followups[Path(result.out.strip()).stem].body
        assert "Sam Rivera" in body and "$" not in body
        assert not any(f"{name}'s" in body or f"{name}:" in body for name in (item.person or "x").split())
        for paragraph in body.strip().split("\n\n")[:-1]:
            assert "\n" not in paragraph, f"{item.id}: hard-wrapped: {paragraph!r}"


def test_a_linkedin_note_over_the_journals_limit_is_named(run: Run, demo: Path) -> None:
    config = demo / "journal.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  linkedin_note_limit: 300\n")
    ok = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "linkedin", "--to", "Tom Becker",
             "--body", "é" * 250)  # fmt: skip
    assert ok.code == 0 and ok.err == "note: LinkedIn note: 250 of 300 characters, 50 left\n"


# Nudges count at once; skipped; missed ----------------------------------------------------


def test_a_nudge_logged_the_day_of_a_reply_moves_the_budget_at_once(run: Run, demo: Path) -> None:
    journal = load(demo)
    before = next(i for i in agenda(journal, journal.settings.policy, TODAY) if i.id == f"status-check:{LUMEN}")
    assert "1 of 2 nudges used" in before.reason
    assert run("-C", demo, "new", "followup", "--interview", LUMEN, "--kind", "reply", "--to", "Grace Kim",
               "--date", "2026-11-25T11:15").code == 0  # fmt: skip
    result = run("-C", demo, "new", "followup", "--interview", LUMEN, "--kind", "status-check", "--to", "Grace Kim",
                 "--date", "2026-11-25")  # fmt: skip
    assert result.code == 0
    journal = load(demo)
    after = next(i for i in agenda(journal, journal.settings.policy, TODAY) if i.id == f"status-check:{LUMEN}")
    assert "1 of 2 nudges used; the last one (Wed 25 Nov) is unanswered" in after.reason
    assert after.due > TODAY


def test_new_followup_logs_the_date_and_time_by_default(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you", "--to", "Tom Becker")
    text = Path(result.out.strip()).read_text(encoding="utf-8")
    assert any(line.startswith("date: ") and "T" in line for line in text.splitlines())


def test_a_skipped_thank_you_leaves_the_agenda_and_no_guard_speaks(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you", "--to", "Tom Becker",
                 "--status", "skipped", "--date", "2026-11-25")  # fmt: skip
    assert result.code == 0 and result.err == ""
    journal = load(demo)
    ids = {item.id for item in agenda(journal, journal.settings.policy, TODAY)}
    assert f"thank-you:{BLUEFIN}:tom-becker" not in ids
    quiet = run("-C", demo, "new", "followup", "--interview", NORTHWIND, "--kind", "status-check",
                "--to", "Priya Nair", "--status", "skipped", "--date", "2026-11-26")  # fmt: skip
    assert quiet.code == 0 and quiet.err == "", "a skipped nudge is not a nudge"


def test_the_guard_speaks_for_a_draft_too(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", NORTHWIND, "--kind", "status-check",
                 "--to", "Priya Nair", "--status", "draft", "--date", "2026-11-26")  # fmt: skip
    assert result.code == 0 and result.err.startswith("warning: they promised a decision by ")


def test_due_all_lists_the_missed_thank_you_that_due_leaves_out(run: Run, demo: Path) -> None:
    missing = f"thank-you:{LUMEN}:omar-haddad"
    plain = json.loads(run("-C", demo, "due", "--json", "--as-of", str(TODAY)).out)
    assert missing not in {item["id"] for item in plain["items"]}
    every = json.loads(run("-C", demo, "due", "--json", "--all", "--as-of", str(TODAY)).out)
    assert {item["state"] for item in every["items"] if item["id"] == missing} == {"missed"}
    text = run("-C", demo, "due", "--all", "--as-of", str(TODAY)).out
    assert "1 missed" in text and "Missed (1)" in text and "Omar Haddad" in text
    assert "missed" not in run("-C", demo, "due", "--as-of", str(TODAY)).out.splitlines()[0]


def test_a_draft_dated_ahead_snoozes_its_item_and_due_all_lists_it(run: Run, demo: Path) -> None:
    held = f"thank-you:{BLUEFIN}:tom-becker"
    assert run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you", "--to", "Tom Becker",
               "--status", "draft", "--date", "2026-11-28").code == 0  # fmt: skip
    plain = json.loads(run("-C", demo, "due", "--json", "--as-of", str(TODAY)).out)
    assert held not in {item["id"] for item in plain["items"]}
    text = run("-C", demo, "due", "--all", "--as-of", str(TODAY)).out
    assert "1 snoozed" in text.splitlines()[0] and "Snoozed (1)" in text
    assert "snoozed until Sat 28 Nov, the day its draft is dated" in text
    back = json.loads(run("-C", demo, "due", "--json", "--as-of", "2026-11-28").out)
    assert held in {item["id"] for item in back["items"]}


def test_due_in_another_year_says_the_year(run: Run, demo: Path) -> None:
    text = run("-C", demo, "due", "--as-of", "2027-01-04").out
    assert "  Mon 23 Nov 2026  check-in " in text, "the due day, a year ago"
    assert "(last contact Sat 24 Oct 2026)" in text, "and the day in the reason"
