"""The follow-up rules (SPEC 3): one test per table row, the worked example, budget and guard."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from journal import budget, pestering_warnings
from journal.agenda import agenda
from journal.items import Item
from journal.model import Journal
from journal.policy import Policy
from journal.records import FollowUp, Interview, Interviewer, Person, When

THANKSGIVING = Policy(holiday_dates=frozenset({date(2026, 11, 26)}))


def iv(
    ident: str, when: When, *, company: str = "Acme Corp", role: str = "Backend Engineer", **fields: Any
) -> Interview:
    people = fields.pop("people", ("Jane Doe",))
    interviewers = tuple(Interviewer(name=name) if isinstance(name, str) else name for name in people)
    return Interview(id=ident, company=company, role=role, date=when, interviewers=interviewers, **fields)


def fu(ident: str, kind: str, interview: str | None, to: str | None, when: When, **fields: Any) -> FollowUp:
    fields.setdefault("status", "received" if kind == "reply" else "sent")
    fields.setdefault("direction", "in" if kind == "reply" else "out")
    return FollowUp(id=ident, kind=kind, interview=interview, to=to, date=when, **fields)


def journal_of(*records: Interview | FollowUp | Person) -> Journal:
    built = Journal(root=Path("/nonexistent"))
    for record in records:
        if isinstance(record, Interview):
            built.interviews[record.id] = record
        elif isinstance(record, FollowUp):
            built.followups[record.id] = record
        else:
            built.people_files[record.id] = record
    return built


def items(built: Journal, as_of: date, policy: Policy | None = None, action: str | None = None) -> list[Item]:
    result = agenda(built, policy or Policy(), as_of)
    return [item for item in result if action is None or item.action == action]


def one(built: Journal, as_of: date, action: str, policy: Policy | None = None) -> Item:
    found = items(built, as_of, policy, action)
    assert len(found) == 1, found
    return found[0]


# The worked example of SPEC 3 -------------------------------------------------------------


def test_worked_example_onsite_with_decision_date_over_a_holiday() -> None:
    built = journal_of(iv("onsite", datetime(2026, 11, 20, 14, 0), decision_by=date(2026, 11, 25)))
    check = one(built, date(2026, 11, 21), "status-check", THANKSGIVING)
    assert check.due == date(2026, 11, 30)
    assert "decision by Wed 25 Nov" in check.reason and "2 business days" in check.reason
    assert "0 of 2 nudges used" in check.reason


def test_worked_example_date_only_phone_screen() -> None:
    built = journal_of(iv("screen", date(2026, 11, 16), stage="phone-screen", people=("Jane Doe", "Raj Patel")))
    as_of = date(2026, 11, 16)
    assert one(built, as_of, "record-next-steps", THANKSGIVING).due == date(2026, 11, 16)
    thanks = items(built, as_of, THANKSGIVING, "thank-you")
    assert [(item.person, item.due) for item in thanks] == [
        ("Jane Doe", date(2026, 11, 17)),
        ("Raj Patel", date(2026, 11, 17)),
    ]
    check = one(built, as_of, "status-check", THANKSGIVING)
    assert check.due == date(2026, 11, 23)
    assert "no date was given" in check.reason and "5 business days after the interview" in check.reason


# One test per table row --------------------------------------------------------------------


def test_record_next_steps_only_when_nothing_is_known() -> None:
    base = iv("r", date(2026, 11, 16))
    assert one(journal_of(base), date(2026, 11, 20), "record-next-steps").state == "overdue"
    for known in (
        {"next_steps": "They call Friday"},
        {"decision_by": date(2026, 11, 27)},
        {"follow_up_on": date(2026, 12, 1)},
    ):
        assert items(journal_of(replace(base, **known)), date(2026, 11, 20), action="record-next-steps") == []
    assert items(journal_of(replace(base, outcome="rejected")), date(2026, 11, 20), action="record-next-steps") == []
    assert items(journal_of(base), date(2026, 11, 15), action="record-next-steps") == [], "not before the round"


def test_thank_you_per_interviewer_with_timed_round() -> None:
    built = journal_of(
        iv("r", datetime(2026, 11, 20, 14, 0), people=("Jane Doe", "Raj Patel")),
        fu("t1", "thank-you", "r", "Jane Doe", datetime(2026, 11, 20, 18, 0)),
        fu("t2", "thank-you", "r", "Raj Patel", datetime(2026, 11, 20, 18, 0), status="draft"),
    )
    item = one(built, date(2026, 11, 20), "thank-you")
    assert item.person == "Raj Patel" and item.due == date(2026, 11, 21), "a draft does not count"
    assert "within 24 hours" in item.reason and "Raj Patel" in item.reason
    assert item.state == "upcoming"
    assert one(built, date(2026, 11, 22), "thank-you").state == "overdue"


def test_thank_you_is_per_round() -> None:
    built = journal_of(
        iv("r1", date(2026, 11, 2), stage="phone-screen"),
        iv("r2", date(2026, 11, 16), stage="onsite"),
        fu("t1", "thank-you", "r1", "Jane Doe", date(2026, 11, 2)),
    )
    item = one(built, date(2026, 11, 16), "thank-you")
    assert item.interview == "r2"


def test_linkedin_once_per_person_with_a_url() -> None:
    jane = Interviewer(name="Jane Doe", linkedin="https://www.linkedin.com/in/jane")
    built = journal_of(
        iv("r1", date(2026, 11, 2), people=(jane, "Raj Patel")), iv("r2", date(2026, 11, 9), people=(jane,))
    )
    item = one(built, date(2026, 11, 10), "linkedin")
    assert (item.person, item.due) == ("Jane Doe", date(2026, 11, 3))
    assert "LinkedIn" in item.reason and "1 day" in item.reason
    built.followups["l"] = fu("l", "linkedin", "r1", "Jane Doe", date(2026, 11, 3), channel="linkedin")
    assert (
        items(journal_of(*built.interviews.values(), *built.followups.values()), date(2026, 11, 10), action="linkedin")
        == []
    )


def test_status_check_on_follow_up_on_date() -> None:
    built = journal_of(iv("r", date(2026, 11, 16), follow_up_on=date(2026, 12, 2), decision_by=date(2026, 11, 20)))
    item = one(built, date(2026, 11, 17), "status-check")
    assert item.due == date(2026, 12, 2) and "following up on Wed 2 Dec is fine" in item.reason


def test_status_check_goes_to_whoever_last_wrote() -> None:
    built = journal_of(
        iv("r", date(2026, 11, 16)),
        fu("reply", "reply", "r", "Sam Recruiter", date(2026, 11, 17)),
    )
    item = one(built, date(2026, 11, 17), "status-check")
    assert item.person == "Sam Recruiter"


def test_reply_restarts_the_clock() -> None:
    built = journal_of(
        iv("r", date(2026, 11, 2), next_steps="They will call"),
        fu("s1", "status-check", "r", "Jane Doe", date(2026, 11, 9)),
        fu("reply", "reply", "r", "Jane Doe", datetime(2026, 11, 11, 10, 0)),
    )
    item = one(built, date(2026, 11, 12), "status-check")
    assert item.due == date(2026, 11, 18), "5 business days after the reply on Wed 11 Nov"
    assert "after their last reply (Wed 11 Nov)" in item.reason and "0 of 2 nudges used" in item.reason


def test_next_status_check_waits_the_minimum_gap() -> None:
    built = journal_of(
        iv("r", date(2026, 11, 2), next_steps="x"),
        fu("s1", "status-check", "r", "Jane Doe", date(2026, 11, 9)),
        fu("s0", "status-check", "r", "Jane Doe", date(2026, 11, 8), status="draft"),
    )
    item = one(built, date(2026, 11, 10), "status-check")
    assert item.due == date(2026, 11, 16)
    assert "1 of 2 nudges used" in item.reason and "wait at least 7 days" in item.reason


def test_early_nudge_does_not_pull_the_next_before_the_promised_date() -> None:
    built = journal_of(
        iv("r", date(2026, 11, 2), decision_by=date(2026, 11, 25)),
        fu("s1", "status-check", "r", "Jane Doe", date(2026, 11, 4)),
    )
    assert one(built, date(2026, 11, 5), "status-check", THANKSGIVING).due == date(2026, 11, 30)


def test_budget_spent_means_mark_ghosted_not_another_nudge() -> None:
    built = journal_of(
        iv("r", date(2026, 10, 1), next_steps="x"),
        fu("s1", "status-check", "r", "Jane Doe", date(2026, 10, 9)),
        fu("s2", "check-in", "r", "Jane Doe", date(2026, 10, 16)),
    )
    assert items(built, date(2026, 11, 1), action="status-check") == []
    item = one(built, date(2026, 11, 1), "mark-ghosted")
    assert item.due == date(2026, 11, 15) and item.state == "upcoming"
    assert "2 of 2 nudges used" in item.reason and "30 days" in item.reason
    spent = budget(built, built.interviews["r"], Policy())
    assert str(spent) == "2 of 2 nudges used" and spent.spent
    assert [nudge.id for nudge in spent.unanswered] == ["s1", "s2"]


def test_closed_processes_get_no_nudges() -> None:
    for outcome in ("offer", "withdrawn", "ghosted", "rejected"):
        built = journal_of(iv("r", date(2026, 11, 2), next_steps="x", outcome=outcome))
        assert items(built, date(2026, 11, 20), action="status-check") == []
        assert items(built, date(2026, 11, 20), action="mark-ghosted") == []


def test_check_in_once_after_rejection() -> None:
    built = journal_of(
        iv("r1", date(2026, 10, 1), people=("Raj Patel",), outcome="next-round"),
        iv("r2", date(2026, 10, 8), people=("Jane Doe", "Raj Patel"), outcome="rejected"),
        fu("t", "thank-you", "r2", "Jane Doe", date(2026, 10, 8)),
        fu("t2", "thank-you", "r2", "Raj Patel", date(2026, 10, 8)),
        fu("t3", "thank-you", "r1", "Raj Patel", date(2026, 10, 1)),
        fu("no", "reply", "r2", "Jane Doe", date(2026, 10, 12)),
    )
    item = one(built, date(2026, 11, 1), "check-in")
    assert (item.person, item.due) == ("Jane Doe", date(2026, 11, 11))
    assert "after a rejection" in item.reason and "30 days" in item.reason and "Mon 12 Oct" in item.reason
    built.followups["c"] = fu("c", "check-in", "r2", "Jane Doe", date(2026, 11, 12))
    again = journal_of(*built.interviews.values(), *built.followups.values())
    assert items(again, date(2026, 12, 30), action="check-in") == [], "only once"


def test_keep_in_touch_check_ins() -> None:
    built = journal_of(
        iv("r", date(2026, 9, 1), people=("Jane Doe",), outcome="offer"),
        fu("t", "thank-you", "r", "Jane Doe", date(2026, 9, 1)),
        Person(id="jane-doe", name="Jane Doe", keep_in_touch=30),
        Person(id="sam", name="Sam Lee", keep_in_touch=0),
        Person(id="old", name="Old Friend", keep_in_touch=None),
        fu("c", "check-in", None, "Jane Doe", date(2026, 10, 1)),
    )
    found = {item.person_id: item for item in items(built, date(2026, 10, 5), action="check-in")}
    assert set(found) == {"jane-doe", "sam"}
    assert found["jane-doe"].due == date(2026, 10, 31) and "every 30 days" in found["jane-doe"].reason
    assert found["sam"].due == date(2026, 10, 5) and "every 90 days" in found["sam"].reason


# Snooze, states, holidays --------------------------------------------------------------------


def test_snooze_hides_an_interview_until_the_date() -> None:
    built = journal_of(iv("r", date(2026, 11, 2), snooze_until=date(2026, 11, 8)))
    assert items(built, date(2026, 11, 7)) == []
    assert {item.action for item in items(built, date(2026, 11, 8))} == {
        "record-next-steps",
        "thank-you",
        "status-check",
    }


def test_snoozed_rejection_gets_no_check_in() -> None:
    built = journal_of(iv("r", date(2026, 9, 2), outcome="rejected", snooze_until=date(2026, 12, 1)))
    assert items(built, date(2026, 11, 1), action="check-in") == []


def test_states_relative_to_as_of() -> None:
    built = journal_of(iv("r", date(2026, 11, 16), next_steps="x"))
    due = one(built, date(2026, 11, 16), "status-check").due
    assert one(built, due, "status-check").state == "today"
    assert one(built, date(2026, 11, 17), "status-check").state == "upcoming"
    assert one(built, date(2026, 12, 31), "status-check").state == "overdue"


def test_country_holidays_skip_us_thanksgiving() -> None:
    built = journal_of(iv("r", date(2026, 11, 20), decision_by=date(2026, 11, 25)))
    assert one(built, date(2026, 11, 21), "status-check").due == date(2026, 11, 27)
    us = Policy(holiday_countries=("US",))
    assert one(built, date(2026, 11, 21), "status-check", us).due == date(2026, 11, 30)


def test_custom_workdays() -> None:
    built = journal_of(iv("r", date(2026, 11, 16), next_steps="x"))
    six_days = Policy(workdays=(0, 1, 2, 3, 4, 5))
    assert one(built, date(2026, 11, 16), "status-check", six_days).due == date(2026, 11, 21)


def test_agenda_is_sorted_and_ids_are_stable() -> None:
    built = journal_of(
        iv("a", date(2026, 11, 16), company="Zeta", people=("Jane Doe", "Raj Patel")),
        iv("b", date(2026, 11, 2), company="Alpha"),
    )
    first = items(built, date(2026, 11, 20))
    assert first == sorted(first, key=lambda item: (item.due, item.id))
    assert [item.id for item in first] == [item.id for item in items(built, date(2026, 11, 20))]
    assert len({item.id for item in first}) == len(first)
    assert all(item.reason and item.reason[0].islower() or item.reason[0].isdigit() for item in first)
    assert first[0].as_json()["due"] == first[0].due.isoformat()


# Pestering guard ----------------------------------------------------------------------------


def test_guard_before_follow_up_on_and_decision_date() -> None:
    built = journal_of(iv("r", date(2026, 11, 16), follow_up_on=date(2026, 11, 30), decision_by=date(2026, 11, 25)))
    warnings = pestering_warnings(built, Policy(), "status-check", date(2026, 11, 20), interview="r")
    assert any("following up is fine from Mon 30 Nov" in warning for warning in warnings)
    assert any("decision by Wed 25 Nov" in warning for warning in warnings)
    assert pestering_warnings(built, Policy(), "status-check", date(2026, 11, 30), interview="r") == []
    assert pestering_warnings(built, Policy(), "thank-you", date(2026, 11, 17), interview="r") == []


def test_guard_min_gap_and_budget() -> None:
    built = journal_of(
        iv("r", date(2026, 10, 1), next_steps="x"),
        fu("s1", "status-check", "r", "Jane Doe", date(2026, 10, 9)),
        fu("s2", "status-check", "r", "Jane Doe", date(2026, 10, 16)),
    )
    warnings = pestering_warnings(built, Policy(), "status-check", date(2026, 10, 19), interview="r")
    assert any("only 3 days since your last unanswered nudge (Fri 16 Oct)" in w for w in warnings)
    assert any("2 of 2 nudges used" in w for w in warnings)
    backdated = pestering_warnings(built, Policy(), "status-check", date(2026, 10, 12), interview="r")
    assert any("dated before your last unanswered nudge (Fri 16 Oct)" in w for w in backdated)
    assert not any("-4 day" in w for w in backdated)
    editing = pestering_warnings(built, Policy(), "status-check", date(2026, 10, 16), interview="r", exclude="s2")
    assert editing == [], "the nudge being edited is not counted against itself"


def test_guard_for_a_person_only_check_in() -> None:
    built = journal_of(
        Person(id="jane-doe", name="Jane Doe", keep_in_touch=30),
        fu("c", "check-in", None, "Jane Doe", date(2026, 10, 1)),
    )
    warnings = pestering_warnings(built, Policy(), "check-in", date(2026, 10, 3), to="Jane Doe")
    assert warnings and "Jane Doe" in warnings[0] and "Thu 1 Oct" in warnings[0]
    assert pestering_warnings(built, Policy(), "check-in", date(2026, 10, 1), to="Jane Doe", exclude="c") == []
    assert pestering_warnings(built, Policy(), "check-in", date(2026, 10, 9), to="Jane Doe") == []


@pytest.mark.parametrize("kind", ["status-check", "check-in"])
def test_guard_is_quiet_when_all_is_well(kind: str) -> None:
    built = journal_of(iv("r", date(2026, 11, 2), decision_by=date(2026, 11, 6)))
    assert pestering_warnings(built, Policy(), kind, date(2026, 11, 10), interview="r") == []
