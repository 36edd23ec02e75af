"""The worked example of SPEC 3, end to end from files on disk (tests/data/worked-example)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import journal

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "worked-example"
ACME = "2026-11-20-acme-corp-backend-engineer-onsite"
GLOBEX = "2026-11-16-globex-data-engineer-phone-screen"


def test_agenda_of_the_worked_example(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    shutil.copytree(FIXTURE, root)
    loaded = journal.load(root)
    assert loaded.problems == []
    assert loaded.settings.policy.holiday_dates == frozenset({date(2026, 11, 26)})
    items = journal.agenda.agenda(loaded, loaded.settings.policy, date(2026, 11, 21))
    got = [(item.due.isoformat(), item.action, item.interview, item.person, item.state) for item in items]
    assert got == [
        ("2026-11-16", "record-next-steps", GLOBEX, None, "overdue"),
        ("2026-11-17", "thank-you", GLOBEX, "Ana Costa", "overdue"),
        ("2026-11-17", "thank-you", GLOBEX, "Sam Lee", "overdue"),
        ("2026-11-21", "linkedin", ACME, "Jane Doe", "today"),
        ("2026-11-21", "thank-you", ACME, "Raj Patel", "today"),
        ("2026-11-23", "status-check", GLOBEX, "Sam Lee", "upcoming"),
        ("2026-11-30", "status-check", ACME, "Jane Doe", "upcoming"),
        ("2027-01-19", "check-in", ACME, "Jane Doe", "upcoming"),
    ]
    reasons = {item.id: item.reason for item in items}
    assert "decision by Wed 25 Nov" in reasons[f"status-check:{ACME}"]
    assert "no thank-you to Raj Patel is logged" in reasons[f"thank-you:{ACME}:raj-patel"]


def test_budget_and_guard_on_the_worked_example(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    shutil.copytree(FIXTURE, root)
    loaded = journal.load(root)
    policy = loaded.settings.policy
    assert str(journal.budget(loaded, loaded.interviews[ACME], policy)) == "0 of 2 nudges used"
    early = journal.pestering_warnings(loaded, policy, "status-check", date(2026, 11, 24), interview=ACME)
    assert early == ["they promised a decision by Wed 25 Nov; give them until then"]
    assert journal.pestering_warnings(loaded, policy, "status-check", date(2026, 11, 30), interview=ACME) == []
