"""journal.yaml edited as a user would see it in `git diff`: only the changed settings' lines move."""

from __future__ import annotations

from pathlib import Path

import pytest

import journal.store
from journal import ConflictError, SaveError
from journal.settings import load_settings
from journal.settings_edit import file_values, save_settings, setting_problems, typed


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    import difflib

    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [(line[0], line[2:]) for line in diff if line[:1] in "+-"]


def test_a_policy_value_changes_its_own_line_and_keeps_its_comment(tmp_path: Path) -> None:
    journal.store.init_journal(tmp_path / "j", owner="Alex")
    path = tmp_path / "j" / "journal.yaml"
    before = path.read_text()
    changes = {("policy", "linkedin_note_limit"): typed(("policy", "linkedin_note_limit"), "300")}
    assert save_settings(tmp_path / "j", changes, file_values(before.encode())) is True
    after = path.read_text()
    assert changed_lines(before, after) == [
        ("-", "  linkedin_note_limit: 200          # 300 with LinkedIn Premium"),
        ("+", "  linkedin_note_limit: 300          # 300 with LinkedIn Premium"),
    ]
    assert load_settings(path)[0].policy.linkedin_note_limit == 300


def test_lists_new_keys_and_removals(tmp_path: Path) -> None:
    path = tmp_path / "journal.yaml"
    path.write_text("# mine\nowner: Alex\npolicy:\n  holidays: [2026-11-26]\n  keep_in_touch_days: 60\n# end\n")
    changes = {
        ("policy", "holidays"): typed(("policy", "holidays"), "2026-11-26, 2026-12-24, us"),
        ("policy", "workdays"): typed(("policy", "workdays"), "mon, tue, wed, thu"),
        ("policy", "keep_in_touch_days"): typed(("policy", "keep_in_touch_days"), ""),
        ("timezone",): "Europe/Berlin",
    }
    save_settings(tmp_path, changes)
    assert path.read_text() == (
        "# mine\nowner: Alex\npolicy:\n  holidays: [2026-11-26, 2026-12-24, us]\n"
        "  workdays: [mon, tue, wed, thu]\n# end\ntimezone: Europe/Berlin\n"
    )
    settings, problems = load_settings(path)
    assert settings.policy.workdays == (0, 1, 2, 3) and settings.policy.holiday_countries == ("US",)
    assert settings.timezone == "Europe/Berlin" and problems == []


def test_a_policy_section_is_added_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "journal.yaml"
    path.write_text("owner: Alex\n")
    save_settings(tmp_path, {("policy", "ghosted_after_days"): 45})
    assert path.read_text() == "owner: Alex\npolicy:\n  ghosted_after_days: 45\n"


def test_the_check_message_is_the_one_followup_check_gives(tmp_path: Path) -> None:
    path = tmp_path / "journal.yaml"
    path.write_text("policy:\n  min_days_between_nudges: 7x\n")
    _, problems = load_settings(path)
    [problem] = setting_problems(
        ("policy", "min_days_between_nudges"), typed(("policy", "min_days_between_nudges"), "7x")
    )
    assert problem.message == problems[0].message
    assert "'policy.min_days_between_nudges' must be a whole number from 0 to 3650" in problem.message
    assert setting_problems(("timezone",), "Mars/Olympus")[0].severity == "warning"
    assert setting_problems(("policy", "workdays"), ["mon", "funday"])[0].message.startswith("unknown weekday 'funday'")
    assert setting_problems(("policy", "keep_in_touch_days"), 60) == []


def test_a_setting_changed_on_disk_meanwhile_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "journal.yaml"
    path.write_text("owner: Alex\nsite_title: Mine\n")
    base = file_values(path.read_bytes())
    path.write_text("owner: Alex\nsite_title: Theirs\n")
    with pytest.raises(ConflictError, match="site_title"):
        save_settings(tmp_path, {("site_title",): "Ours"}, base)
    assert save_settings(tmp_path, {("owner",): "Alex Example"}, base) is True  # not theirs: merged
    assert path.read_text() == "owner: Alex Example\nsite_title: Theirs\n"


def test_a_broken_file_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "journal.yaml"
    path.write_text("owner: A\nowner: B\n")
    with pytest.raises(SaveError, match="journal.yaml:2"):
        save_settings(tmp_path, {("site_title",): "X"})
    assert path.read_text() == "owner: A\nowner: B\n"
