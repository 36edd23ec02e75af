"""The built site of a small fixture journal matches the committed expected output, byte for byte.

Run with `UPDATE_GOLDEN=1` after an intended change, then review `git diff tests/golden`.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from site_helpers import GOLDEN, copy_fixture, tree

from site_builder.build import build_site

AS_OF = date(2026, 11, 25)


def test_small_journal_matches_the_golden_site(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    result = build_site(root, out=tmp_path / "out", as_of=AS_OF)
    assert result.problems == []
    built = tree(result.out)
    expected_dir = GOLDEN / "site_small"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, data in built.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_bytes(data)
        pytest.skip("golden output updated")
    expected = tree(expected_dir)
    assert sorted(built) == sorted(expected), "the set of files changed"
    for rel in sorted(expected):
        assert built[rel].decode() == expected[rel].decode(), f"{rel} differs from tests/golden/site_small/{rel}"


def test_the_golden_site_has_every_page_a_user_expects() -> None:
    files = set(tree(GOLDEN / "site_small"))
    for rel in ("index.html", "agenda.html", "people.html", "companies.html", "stats.html", "search.html",
                "calendar.ics", "search/people.js", "assets/style.css", "assets/site.js",
                "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html", "companies/acme-corp.html",
                "people/jane-doe.html", "people/priya-shah.html"):  # fmt: skip
        assert rel in files
    assert "problems.html" not in files, "a clean journal has no problems page"
    loaded = re.findall(r'<script src="(search/[^"]+)"', (GOLDEN / "site_small" / "search.html").read_text())
    assert sorted(loaded) == sorted(rel for rel in files if rel.startswith("search/")), "search.html loads every script"
    assert len(loaded) > 1 and loaded[-1] == "search/people.js"


def test_building_twice_gives_identical_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture("site_small", tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    first = tree(build_site(root, out=tmp_path / "a", as_of=AS_OF).out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    shutil.rmtree(root / ".followup")  # cold load the second time
    second = tree(build_site(root, out=tmp_path / "b", as_of=AS_OF).out)
    assert first == second


def test_as_of_is_the_only_date_that_changes_the_output(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    later = tree(build_site(root, out=tmp_path / "a", as_of=date(2026, 12, 15)).out)
    agenda = later["agenda.html"].decode()
    assert "as of 2026-12-15" in agenda
    assert b"2026-11-25" not in later["calendar.ics"]


def test_the_calendar_is_valid_and_its_uids_are_stable(tmp_path: Path) -> None:
    from icalendar import Calendar

    root = copy_fixture("site_small", tmp_path)
    first = Calendar.from_ical(
        build_site(root, out=tmp_path / "a", as_of=AS_OF).out.joinpath("calendar.ics").read_bytes()
    )
    events = first.walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    assert sum(uid.startswith("interview-") for uid in uids) == 4
    assert "interview-2026-11-20-acme-corp-backend-engineer-onsite@followup-journal" in uids
    thank_raj = [e for e in events if str(e["SUMMARY"]).startswith("Overdue: Thank-you note to Raj Patel")]
    assert str(thank_raj[0]["SUMMARY"]) == "Overdue: Thank-you note to Raj Patel — Acme Corp, Backend Engineer"
    assert thank_raj[0].decoded("DTSTART") == AS_OF  # due Sat 21 Nov: today's work, not a past day's
    assert "Was due Sat 21 Nov" in str(thank_raj[0]["DESCRIPTION"])
    onsite = root / "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"
    onsite.write_text(onsite.read_text().replace("location: Zoom", "location: Google Meet"))
    second = Calendar.from_ical(
        build_site(root, out=tmp_path / "b", as_of=AS_OF).out.joinpath("calendar.ics").read_bytes()
    )
    assert [str(event["UID"]) for event in second.walk("VEVENT")] == uids
