"""CSV in and out (issue 9, RELIABILITY 81): no cell runs as a formula, text comes back exact, bad cells are row problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.exports import FORMULA_STARTS, cell_text, csv_cell, to_csv
from journal.imports import read_csv
from journal.model import Journal
from journal.records import Interview

LEADING = st.sampled_from([*FORMULA_STARTS, "'", "''", " ", "\n", '"', ",", ""])
TEXT = st.builds(lambda lead, rest: lead + rest, LEADING, st.text())
"""Any Unicode text, often starting with a formula character, a `'` or a space."""


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


def test_a_semicolon_sheet_is_read_by_its_header() -> None:
    found = read_csv("Company;Role;Date;Notes\nAcme;Dev;2026-11-02;a, b, c\n", "s.csv", [])
    assert found.problems == [] and found.new[0][1].body == "a, b, c\n"
