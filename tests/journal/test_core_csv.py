"""CSV in and out (issue 9, RELIABILITY 81): no cell runs as a formula, text comes back exact, bad cells are row problems."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
from core_helpers import make_journal
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import atomic, store
from journal.exports import FORMULA_STARTS, cell_text, csv_cell, to_csv
from journal.imports import CELL_LIMIT, create_interviews, read_csv
from journal.model import Journal
from journal.records import Interview

LEADING = st.sampled_from([*FORMULA_STARTS, "'", "''", " ", "\n", '"', ",", ""])
TEXT = st.builds(lambda lead, rest: lead + rest, LEADING, st.text())
"""Any Unicode text, often starting with a formula character, a `'` or a space."""
HEADER = ["Company", "Role", "Date", "Stage", "Status", "Format", "Location", "Interviewers", "Rating", "Notes"]
GOOD = ["Acme", "Dev", "2026-11-02", "", "", "", "", "", "", ""]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example","x")', "+SUM(1+1)", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_a_cell_that_would_run_as_a_formula_is_prefixed(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Acme Corp", "2026-11-20T14:00", "3", "", "C# dev", "Maya Chen <m@x.example>"])
def test_an_ordinary_cell_is_left_alone(text: str) -> None:
    assert csv_cell(text) == text


@settings(max_examples=1000)
@given(TEXT)
def test_every_text_comes_back_exactly_and_never_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell_text(cell) == text


def _row_text(value: str) -> str:
    """Text the journal can hold in a required field: not blank."""
    return value if value.strip() else "x" + value


@settings(max_examples=300, deadline=None)
@given(company=TEXT, role=TEXT, location=TEXT, next_steps=TEXT, notes=TEXT)
def test_export_then_import_gives_back_the_same_text(
    company: str, role: str, location: str, next_steps: str, notes: str
) -> None:
    notes = notes.replace("\r", "").replace("\0", "")  # a journal's body never holds CR or NUL
    interview = Interview(
        id="2026-11-02-x",
        company=_row_text(company),
        role=_row_text(role),
        date=date(2026, 11, 2),
        location=location or None,
        next_steps=next_steps or None,
        body=notes,
    )
    found = read_csv(to_csv(Journal(Path("."), interviews={interview.id: interview})), "x.csv", [])
    assert found.problems == [] and len(found.new) == 1
    (line, back) = found.new[0]
    assert line == 2
    assert (back.company, back.role, back.location, back.next_steps) == (
        interview.company,
        interview.role,
        interview.location,
        interview.next_steps,
    )
    assert back.body == (notes.strip() + "\n" if notes.strip() else "")


def _sheet(*rows: list[str], header: list[str] = HEADER) -> str:
    """Rows as Excel writes them (CRLF; the stock writer then quotes a cell holding a lone CR too)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow(row)
    return out.getvalue()


def _with(column: str, value: str) -> list[str]:
    row = list(GOOD)
    row[HEADER.index(column)] = value
    row[0] = "Bad row Inc"
    return row


def test_a_problem_names_the_physical_line_and_the_column() -> None:
    text = _sheet(
        ["Acme", "Dev", "2026-11-02", "", "", "", "", "", "", "three\nline\nnotes"],
        ["Beta", "QA", "2026-11-03", "", "", "", "", "", "²", ""],
        ["Gamma", "SRE", "2026-11-04", "", "", "", "two\nlines", "", "7", ""],
    )
    found = read_csv(text, "contacts.csv", [])
    assert [(p.path, p.line, p.field, p.message) for p in found.problems] == [
        ("contacts.csv", 5, "Rating", "'²' is not a whole number from 1 to 5"),
        ("contacts.csv", 7, "Rating", "'7' is not a whole number from 1 to 5"),  # row 4 starts on line 6
    ]
    assert [(line, iv.company) for line, iv in found.new] == [(2, "Acme")]


def test_a_cell_larger_than_a_spreadsheet_holds_is_a_row_problem() -> None:
    text = _sheet(GOOD, _with("Notes", "x" * 200_000), ["Gamma", "SRE", "2026-11-04", "", "", "", "", "", "", ""])
    found = read_csv(text, "big.csv", [])
    assert [(p.line, p.field) for p in found.problems] == [(3, "Notes")]
    assert "200,000 characters" in found.problems[0].message
    assert [iv.company for _, iv in found.new] == ["Acme", "Gamma"]


def test_an_unclosed_quote_is_a_problem_at_its_row() -> None:
    text = (
        'Company,Role,Date,Notes\nAcme,Dev,2026-11-02,fine\nBeta,QA,2026-11-03,"never closed\nGamma,SRE,2026-11-04,\n'
    )
    found = read_csv(text, "q.csv", [])
    assert [iv.company for _, iv in found.new] == ["Acme"]
    assert [p.line for p in found.problems] == [3] and "quote" in found.problems[0].message


def test_a_semicolon_sheet_is_read_by_its_header() -> None:
    found = read_csv("Company;Role;Date;Notes\nAcme;Dev;2026-11-02;a, b, c\n", "s.csv", [])
    assert found.problems == [] and found.new[0][1].body == "a, b, c\n"


BAD_VALUES = {
    "Date": st.text(max_size=30),
    "Stage": st.text(max_size=20),
    "Status": st.text(max_size=20),
    "Format": st.text(max_size=20),
    "Rating": st.one_of(st.text(max_size=6), st.sampled_from(["²", "٣", "0", "6", "3.5", "-1", "1e0", " 4 "])),
    "Interviewers": st.text(max_size=40),
    "Company": TEXT,
    "Location": TEXT,
    "Notes": TEXT,
}


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(BAD_VALUES)).flatmap(lambda column: st.tuples(st.just(column), BAD_VALUES[column])))
def test_any_cell_is_imported_or_is_a_problem_at_its_line_and_column(case: tuple[str, str]) -> None:
    column, value = case
    last = ["Zeta", "Ops", "2026-11-05", "", "", "", "", "", "", "end"]
    text = _sheet(GOOD, _with(column, value), last)
    found = read_csv(text, "x.csv", [])
    companies = [iv.company for _, iv in found.new]
    assert companies[0] == "Acme" and companies[-1] == "Zeta"  # the rows around it are read whatever the cell
    if len(companies) == 3:
        assert found.problems == []
    else:
        (problem,) = found.problems
        assert problem.path == "x.csv" and problem.field == column
        before = _with(column, value)[: HEADER.index(column)]
        assert problem.line == 3 + sum(len(re.findall(r"\r\n?|\n", cell)) for cell in before)
        assert problem.message
    if column == "Rating":
        whole = cell_text(value) == "" or re.fullmatch(r"[1-5](\.0*)?", cell_text(value))
        assert (len(companies) == 3) == bool(whole)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab,;\"\n\r\t '=2026-11-02x"), max_size=80))
def test_garbled_rows_never_raise(body: str) -> None:
    text = "Company,Role,Date\nAcme,Dev,2026-11-02\n" + body
    found = read_csv(text, "g.csv", [])
    assert found.new[0][1].company == "Acme"
    assert all(p.path == "g.csv" and p.line >= 3 for p in found.problems)


def test_cell_limit_is_a_spreadsheets() -> None:
    assert CELL_LIMIT == 32_767  # Excel's; a cell any longer did not come from a spreadsheet


def test_ids_from_a_taken_set_are_the_ids_the_store_would_give(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    (root / "interviews" / "2026-11-02-a-b-dev.md").write_text("taken")
    (root / "interviews" / "2026-11-02-A-B-DEV-2.md").write_text("taken, in capitals")
    taken = store.taken_in(root, "interviews")
    for company in ("A.B", "A B", "a/b", "Café", "Cafe\u0301", "CON"):
        interview = Interview(id="", company=company, role="Dev", date=date(2026, 11, 2))
        expected = store.interview_id(root, interview)
        assert store.interview_id(root, interview, taken=taken) == expected
        (root / "interviews" / f"{expected}.md").write_text("now taken")


def test_an_import_syncs_each_file_then_the_folder_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file's bytes are durable before its name appears; the names, by one folder sync at the end."""
    root = make_journal(tmp_path / "j")
    events: list[str] = []
    real_file, real_folder, real_link = atomic._fsync, atomic._fsync_folder, os.link
    monkeypatch.setattr(atomic, "_fsync", lambda fd: (events.append("file"), real_file(fd))[1])
    monkeypatch.setattr(atomic, "_fsync_folder", lambda folder: (events.append("folder"), real_folder(folder))[1])
    monkeypatch.setattr(atomic.os, "link", lambda a, b: (events.append("link"), real_link(a, b))[1])
    new = [(line, Interview(id="", company=f"C{line}", role="Dev", date=date(2026, 11, 2))) for line in (2, 3, 4)]
    made = list(create_interviews(root, new, "s.csv"))
    assert [type(outcome) for _, outcome in made] == [Interview] * 3
    assert events == ["file", "link"] * 3 + ["folder"]
