"""journal.yaml (SPEC 2.4): every key optional, bad values reported by line, defaults kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from core_helpers import put

import journal
from journal.settings import Policy, load_settings


def settings_of(tmp_path: Path, text: str) -> tuple[journal.Settings, list[str]]:
    path = put(tmp_path, "journal.yaml", text)
    settings, problems = load_settings(path)
    return settings, [str(problem) for problem in problems]


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "journal.yaml")
    assert settings.policy == Policy() and problems == []


def test_the_init_template_is_all_defaults(tmp_path: Path) -> None:
    journal.store.init_journal(tmp_path / "j", owner="Zoë O'Brien: #1", title="NO")
    settings, problems = load_settings(tmp_path / "j" / "journal.yaml")
    assert problems == []
    assert (settings.owner, settings.site_title, settings.policy) == ("Zoë O'Brien: #1", "NO", Policy())


def test_every_rule_can_be_set(tmp_path: Path) -> None:
    settings, problems = settings_of(
        tmp_path,
        "owner: Alex\nsite_title: Search\ntimezone: Europe/Berlin\npolicy:\n"
        "  thank_you_within_hours: 12\n  linkedin_after_days: 2\n  status_check_after_business_days: 4\n"
        "  status_check_after_decision_business_days: 1\n  min_days_between_nudges: 10\n  max_unanswered_nudges: 3\n"
        "  ghosted_after_days: 20\n  after_rejection_check_in_days: 40\n  keep_in_touch_days: 60\n"
        "  workdays: [Mon, tue, WED, thursday, sun]\n  holidays: [2026-12-24, us, DE-BY]\n",
    )
    assert problems == []
    assert settings.timezone == "Europe/Berlin"
    assert settings.policy == Policy(
        12, 2, 4, 1, 10, 3, 20, 40, 60, (0, 1, 2, 3, 6), frozenset({date(2026, 12, 24)}), ("US", "DE-BY")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "policy:\n  max_unanswered_nudges: lots\n",
            "journal.yaml:2:3: error: 'policy.max_unanswered_nudges' must be a whole number",
        ),
        (
            "policy:\n  min_days_between_nudges: -1\n",
            "journal.yaml:2:3: error: 'policy.min_days_between_nudges' must be from 0",
        ),
        ("policy:\n  workdays: [funday]\n", "journal.yaml:2:3: error: unknown weekday 'funday'"),
        ("policy:\n  holidays: [2026-13-01]\n", "journal.yaml:2:3: error: holiday '2026-13-01' is neither a date"),
        ("policy:\n  holidays: [XX]\n", "journal.yaml:2:3: warning: no public holidays known for 'XX'"),
        ("policy:\n  colour: blue\n", "journal.yaml:2:3: warning: unknown policy rule 'colour' is ignored"),
        ("policy: strict\n", "journal.yaml:1:1: error: 'policy' must be a mapping"),
        ("owner: A\nfoo: 1\n", "journal.yaml:2: warning: unknown setting 'foo' is ignored"),
        ("timezone: Mars/Base\n", "journal.yaml:1:1: warning: unknown timezone 'Mars/Base'"),
        ("owner: [a, b]\n", "journal.yaml:1:1: error: expected text for 'owner'"),
        ("owner: A\nowner: B\n", "journal.yaml:2:1: error: duplicate key 'owner' at line 2 (first at line 1)"),
        ("owner:\tA\n", "journal.yaml:1:7: error: tab character not allowed"),
        ("- a\n", "journal.yaml:1:1: error: journal.yaml must be a mapping"),
    ],
)
def test_bad_settings_are_named_and_defaults_kept(tmp_path: Path, text: str, expected: str) -> None:
    settings, problems = settings_of(tmp_path, text)
    assert any(problem.startswith(expected) for problem in problems), problems
    assert settings.policy.max_unanswered_nudges == 2 and settings.policy.min_days_between_nudges == 7
