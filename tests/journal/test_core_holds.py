"""Snoozing one item (SPEC 3): a draft dated after today holds back only its own item, and the
reasons shown about another year carry the year."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st
from test_core_agenda import fu, items, iv, journal_of, one

from journal.agenda import agenda
from journal.policy import Policy
from journal.records import Interviewer, Person

RAJ = Interviewer(name="Raj Patel", linkedin="https://www.linkedin.com/in/raj")
AS_OF = date(2026, 11, 18)


def _round() -> object:
    return iv("r", date(2026, 11, 16), next_steps="x", people=("Jane Doe", RAJ))


def test_a_thank_you_draft_dated_ahead_holds_back_that_thank_you_only() -> None:
    built = journal_of(_round(), fu("d", "thank-you", "r", "Raj Patel", date(2026, 11, 20), status="draft"))
    assert {item.person for item in items(built, AS_OF, action="thank-you")} == {"Jane Doe"}
    assert {item.action for item in items(built, AS_OF)} >= {"linkedin", "status-check"}, "the rest stays"
    listed = [item for item in agenda(built, Policy(), AS_OF, snoozed=True) if item.state == "snoozed"]
    assert [(item.id, item.held_by) for item in listed] == [("thank-you:r:raj-patel", "d")]
    assert listed[0].reason.startswith("snoozed until Fri 20 Nov, the day its draft is dated; thank each")


def test_the_item_comes_back_on_the_drafts_day_still_owed() -> None:
    built = journal_of(_round(), fu("d", "thank-you", "r", "Raj Patel", date(2026, 11, 20), status="draft"))
    back = [item for item in items(built, date(2026, 11, 20), action="thank-you") if item.person == "Raj Patel"]
    assert [(item.state, item.due) for item in back] == [("overdue", date(2026, 11, 17))]


def test_a_draft_dated_today_or_before_or_sent_holds_nothing() -> None:
    for when, status in ((AS_OF, "draft"), (datetime(2026, 11, 18, 23, 59), "draft"), (date(2026, 11, 1), "draft")):
        built = journal_of(_round(), fu("d", "thank-you", "r", "Raj Patel", when, status=status))
        assert "Raj Patel" in {item.person for item in items(built, AS_OF, action="thank-you")}, when


def test_linkedin_status_check_and_check_in_drafts_hold_their_items() -> None:
    built = journal_of(
        _round(),
        iv("r2", date(2026, 11, 17), next_steps="x"),  # a later round of the same process
        fu("l", "linkedin", None, "Raj Patel", date(2026, 12, 1), status="draft"),
        fu("s", "status-check", "r", "Jane Doe", date(2026, 12, 1), status="draft"),
        Person(id="maya", name="Maya", keep_in_touch=30),
        fu("c0", "check-in", None, "Maya", date(2026, 9, 1)),
        fu("c", "check-in", None, "Maya", date(2026, 12, 1), status="draft"),
    )
    late = date(2026, 11, 30)
    assert items(built, late, action="linkedin") == []
    assert items(built, late, action="status-check") == [], "a draft on any round holds the process's check"
    assert items(built, late, action="check-in") == []
    assert {item.action for item in items(built, date(2026, 12, 1))} >= {"linkedin", "status-check", "check-in"}


def test_an_inbound_draft_or_one_to_someone_else_holds_nothing() -> None:
    built = journal_of(
        _round(),
        fu("x", "thank-you", "r", "Jane Doe", date(2026, 11, 20), status="draft"),
        fu("y", "thank-you", "r", "Raj Patel", date(2026, 11, 20), status="draft", direction="in"),
    )
    assert {item.person for item in items(built, AS_OF, action="thank-you")} == {"Raj Patel"}


@given(ahead=st.integers(min_value=-400, max_value=400))
def test_held_or_shown_never_both_and_never_lost(ahead: int) -> None:
    draft_day = date.fromordinal(AS_OF.toordinal() + ahead)
    built = journal_of(_round(), fu("d", "thank-you", "r", "Raj Patel", draft_day, status="draft"))
    shown = {item.id for item in agenda(built, Policy(), AS_OF)}
    every = agenda(built, Policy(), AS_OF, snoozed=True)
    held = {item.id for item in every if item.state == "snoozed"}
    assert not shown & held
    assert shown | held == {item.id for item in every}
    assert ("thank-you:r:raj-patel" in held) == (ahead > 0)


def test_reasons_about_another_year_say_the_year() -> None:
    built = journal_of(iv("r", date(2026, 12, 28), decision_by=date(2027, 1, 4)))
    check = one(built, date(2026, 12, 29), "status-check")
    assert "decision by Mon 4 Jan 2027" in check.reason
    same = one(
        journal_of(iv("r", date(2026, 11, 20), decision_by=date(2026, 11, 25))), date(2026, 11, 21), "status-check"
    )
    assert "decision by Wed 25 Nov;" in same.reason, "the current year is not spelled out"
    built = journal_of(iv("r", date(2025, 12, 1), outcome="rejected"))
    (check_in,) = agenda(built, Policy(), date(2026, 1, 2))
    assert "last contact Mon 1 Dec 2025" in check_in.reason
