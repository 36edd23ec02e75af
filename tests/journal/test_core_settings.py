"""journal.yaml (SPEC 2.4): every key optional, bad values reported by line, defaults kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from core_helpers import put

import journal
from journal.policy import Policy
from journal.settings import load_settings


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
        "  workdays: [Mon, tue, WED, thursday, sun]\n  holidays: [2026-12-24, us, DE-BY]\n"
        "  linkedin_note_limit: 300\n  thank_you_missed_after_days: 3\n  prepare_days_before: 2\n",
    )
    assert problems == []
    assert settings.timezone == "Europe/Berlin"
    assert settings.policy == Policy(
        thank_you_within_hours=12, linkedin_after_days=2, status_check_after_business_days=4,
        status_check_after_decision_business_days=1, min_days_between_nudges=10, max_unanswered_nudges=3,
        ghosted_after_days=20, after_rejection_check_in_days=40, keep_in_touch_days=60,
        linkedin_note_limit=300, thank_you_missed_after_days=3, prepare_days_before=2,
        workdays=(0, 1, 2, 3, 6), holiday_dates=frozenset({date(2026, 12, 24)}), holiday_countries=("US", "DE-BY"),
    )  # fmt: skip


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
        (
            "policy:\n  linkedin_note_limit: 10\n",
            "journal.yaml:2:3: error: 'policy.linkedin_note_limit' must be from 50",
        ),
        ("owner: Your Name\n", "journal.yaml:1:1: warning: owner is the placeholder 'Your Name'"),
        ("owner: A\nowner: B\n", "journal.yaml:2:1: error: duplicate key 'owner' at line 2 (first at line 1)"),
        ("owner:\tA\n", "journal.yaml:1:7: error: tab character not allowed"),
        ("- a\n", "journal.yaml:1:1: error: journal.yaml must be a mapping"),
    ],
)
def test_bad_settings_are_named_and_defaults_kept(tmp_path: Path, text: str, expected: str) -> None:
    settings, problems = settings_of(tmp_path, text)
    assert any(problem.startswith(expected) for problem in problems), problems
    assert settings.policy.max_unanswered_nudges == 2 and settings.policy.min_days_between_nudges == 7


@pytest.mark.parametrize("text", ["owner: Your Name\n", "owner: your name\n", "owner:\n", "owner: '  '\n", ""])
def test_a_placeholder_or_empty_owner_is_no_owner(tmp_path: Path, text: str) -> None:
    settings, _problems = settings_of(tmp_path, text)
    assert settings.owner is None, "a draft is never signed 'Your Name'"


def test_init_without_an_owner_writes_none_and_no_placeholder(tmp_path: Path) -> None:
    journal.store.init_journal(tmp_path / "j")
    text = (tmp_path / "j" / "journal.yaml").read_text(encoding="utf-8")
    assert "Your Name" not in text
    settings, problems = load_settings(tmp_path / "j" / "journal.yaml")
    assert settings.owner is None and problems == [] and settings.policy == Policy()


def test_set_owner_changes_only_the_owner_line(tmp_path: Path) -> None:
    from journal.settings_edit import set_owner

    journal.store.init_journal(tmp_path / "j")
    path = tmp_path / "j" / "journal.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    assert set_owner(tmp_path / "j", "  Zoë   O'Brien: #1 ") is True
    after = path.read_text(encoding="utf-8").splitlines()
    assert load_settings(path)[0].owner == "Zoë O'Brien: #1"
    assert sum(1 for a, b in zip(before, after, strict=True) if a != b) == 1
    assert set_owner(tmp_path / "j", "Zoë O'Brien: #1") is False, "nothing to change"
    with pytest.raises(journal.RecordError):
        set_owner(tmp_path / "j", "Your Name")


def test_set_owner_refuses_a_broken_file_and_writes_nothing(tmp_path: Path) -> None:
    from journal.settings_edit import set_owner

    path = put(tmp_path, "journal.yaml", "owner: A\nowner: B\n")
    with pytest.raises(journal.SaveError):
        set_owner(tmp_path, "Alex Example")
    assert path.read_text(encoding="utf-8") == "owner: A\nowner: B\n"
