"""One pasted or mistyped file never stops a command: every command runs, the file is named with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run

import journal

HOSTILE = {
    "interviews/2026-11-20-separators.md": '---\ncompany: "Lumen\u2028Labs"\nrole: "Data\u2029Engineer"\n'
    "location: Room\x85B\ndate: 2026-11-20\nstage: lunch\n---\nPasted\u2028from a web page.\n",
    "interviews/0226-11-20-typo.md": "---\ncompany: Typo Inc\nrole: Dev\ndate: 0226-11-20\n---\n",
    "interviews/0001-01-01-first.md": "---\ncompany: First\nrole: Dev\ndate: 0001-01-01\n---\n",
    "interviews/9999-12-31-last.md": "---\ncompany: Last\nrole: Dev\ndate: 2026-11-20\ndecision_by: 9999-12-31\n---\n",
    "interviews/2026-11-19-flow.md": "---\n{company: Flow Co, role: Dev, date: 2026-11-19}\n---\n",
    "interviews/2026-11-18-anchor.md": "---\ncompany: &c Anchor\nrole: *c\ndate: 2026-11-18\n---\n",
    "followups/0226-11-21-typo.md": "---\ninterview: 2026-11-19-flow\nkind: thank-you\nstatus: sent\n"
    "date: 0226-11-21\n---\n",
}
EXPECTED = {
    ("interviews/0226-11-20-typo.md", 4, "year 0226 is outside 1900–2199"),
    ("interviews/0001-01-01-first.md", 4, "year 0001 is outside 1900–2199"),
    ("interviews/9999-12-31-last.md", 5, "year 9999 is outside 1900–2199"),
    ("followups/0226-11-21-typo.md", 5, "year 0226 is outside 1900–2199"),
    ("interviews/2026-11-20-separators.md", 6, "'stage' must be one of"),
}


@pytest.fixture
def hostile(empty: Path) -> Path:
    for rel, text in HOSTILE.items():
        (empty / rel).write_text(text, encoding="utf-8", newline="")
    return empty


def test_check_names_each_bad_file_with_its_line(run: Run, hostile: Path) -> None:
    result = run("-C", hostile, "check")
    assert result.code == 1
    found = {line for line in result.out.splitlines() if ": error: " in line or ": warning: " in line}
    for rel, line, words in EXPECTED:
        assert any(entry.startswith(f"{rel}:{line}:") and words in entry for entry in found), (rel, found)
    assert len(found) == len(EXPECTED)


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "--as-of", "2026-11-25"],
        ["due", "--json", "--as-of", "2026-11-25"],
        ["export", "json", "--as-of", "2026-11-25"],
        ["export", "csv"],
        ["export", "ics", "--as-of", "2026-11-25"],
    ],
    ids=["due", "due-json", "export-json", "export-csv", "export-ics"],
)
def test_every_command_runs_past_the_bad_files(run: Run, hostile: Path, argv: list[str]) -> None:
    result = run("-C", hostile, *argv)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert "Typo Inc" not in result.out and "First" not in result.out, "nothing downstream sees such a date"
    if argv[:2] == ["export", "json"]:
        companies = sorted(item["company"] for item in json.loads(result.out)["interviews"])
        assert companies == ["Anchor", "Flow Co", "Lumen\u2028Labs"]


def test_build_writes_the_site_past_the_bad_files(run: Run, hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run("-C", hostile, "build", "--out", out, "--as-of", "2026-11-25")
    assert result.code in (0, 1), result.err
    pages = "".join(page.read_text(encoding="utf-8") for page in out.rglob("*.html"))
    assert "Flow Co" in pages and "Anchor" in pages and "Typo Inc" not in pages
    assert "year 0226 is outside 1900–2199" in (out / "problems.html").read_text(encoding="utf-8")


def test_new_interview_with_next_steps_ending_in_blank_lines_keeps_every_key(run: Run, empty: Path) -> None:
    result = run(
        "-C", empty, "new", "interview", "--company", "Acme", "--role", "Dev", "--date", "2026-11-20",
        "--next-steps", "Friday\n\n", "--stage", "onsite",
    )  # fmt: skip
    assert result.code == 0, result.err
    loaded = journal.load(empty, use_cache=False)
    assert loaded.problems == []
    (record,) = loaded.interviews.values()
    assert (record.next_steps, record.stage, record.company) == ("Friday\n\n", "onsite", "Acme")


def test_new_interview_in_year_0226_is_refused(run: Run, empty: Path) -> None:
    result = run("-C", empty, "new", "interview", "--company", "Acme", "--role", "Dev", "--date", "0226-11-20")
    assert result.code == 2
    assert "year 0226 is outside 1900–2199" in result.err
    assert list((empty / "interviews").iterdir()) == []
