"""The agenda stays about now (SPEC 3): skipped items, missed thank-yous, ask-next-steps before a
round, nudges that count on the anchor's day, and the one pestering guard."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from test_core_agenda import fu, items, iv, journal_of, one

from journal import budget, pestering_guard
from journal.agenda import GUARD_TITLE, after_anchor, agenda, guard_text
from journal.policy import Policy
from journal.records import FollowUp, Interviewer, Person

# Skipped ----------------------------------------------------------------------------------


def test_a_skipped_thank_you_or_linkedin_request_answers_its_item() -> None:
    raj = Interviewer(name="Raj Patel", linkedin="https://www.linkedin.com/in/raj")
    round_ = iv("r", date(2026, 11, 16), next_steps="x", people=("Jane Doe", raj))
    built = journal_of(
        round_,
        fu("s1", "thank-you", "r", "Raj Patel", date(2026, 11, 17), status="skipped"),
        fu("s2", "linkedin", "r", "Raj Patel", date(2026, 11, 17), status="skipped"),
    )
    thanks = {item.person for item in items(built, date(2026, 11, 18), action="thank-you")}
    assert thanks == {"Jane Doe"}
    assert items(built, date(2026, 11, 18), action="linkedin") == []


def test_a_skipped_follow_up_is_neither_a_touch_nor_a_nudge() -> None:
    built = journal_of(
        iv("r", date(2026, 11, 2), next_steps="x"),
        fu("s", "status-check", "r", "Jane Doe", date(2026, 11, 10), status="skipped"),
    )
    assert budget(built, built.interviews["r"], Policy()).unanswered == ()
    assert built.people["jane-doe"].last_touch == date(2026, 11, 2), "the round, not the skip"
    assert pestering_guard(built, Policy(), built.followups["s"], date(2026, 11, 10)) == []


def test_a_skipped_check_in_after_a_rejection_answers_it() -> None:
    built = journal_of(
        iv("r", date(2026, 9, 2), outcome="rejected"),
        fu("c", "check-in", "r", "Jane Doe", date(2026, 10, 5), status="skipped"),
    )
    assert items(built, date(2026, 10, 10), action="check-in") == []


def test_a_skipped_keep_in_touch_check_in_moves_the_next_one_but_is_no_contact() -> None:
    built = journal_of(
        Person(id="maya", name="Maya", keep_in_touch=30),
        fu("c1", "check-in", None, "Maya", date(2026, 9, 1)),
        fu("c2", "check-in", None, "Maya", date(2026, 10, 3), status="skipped"),
    )
    item = one(built, date(2026, 10, 4), "check-in")
    assert item.due == date(2026, 11, 2) and "skipped the check-in of Sat 3 Oct" in item.reason
    assert built.people["maya"].last_touch == date(2026, 9, 1)


# Missed -----------------------------------------------------------------------------------


def test_a_thank_you_a_week_past_due_is_missed_and_leaves_the_agenda() -> None:
    built = journal_of(iv("r", date(2026, 11, 16), next_steps="x"))  # due Tue 17 Nov
    assert one(built, date(2026, 11, 24), "thank-you").state == "overdue", "7 days late: still worth sending"
    assert items(built, date(2026, 11, 25), action="thank-you") == []
    missed = [item for item in agenda(built, Policy(), date(2026, 11, 25), missed=True) if item.action == "thank-you"]
    assert [(item.state, item.due) for item in missed] == [("missed", date(2026, 11, 17))]
    assert missed[0].reason.startswith("missed: no thank-you to Jane Doe within 7 days of Tue 17 Nov")


def test_the_missed_threshold_is_a_policy_and_linkedin_and_check_ins_stay() -> None:
    linked = Interviewer(name="Jane Doe", linkedin="https://www.linkedin.com/in/jane")
    built = journal_of(iv("r", date(2026, 9, 1), outcome="rejected", people=(linked,)))
    policy = Policy(thank_you_missed_after_days=3)
    as_of = date(2026, 10, 5)
    assert {item.action for item in items(built, as_of, policy)} == {"linkedin", "check-in"}
    assert one(built, date(2026, 9, 4), "thank-you", policy).state == "overdue"
    assert items(built, date(2026, 9, 6), policy, action="thank-you") == []


# ask-next-steps ----------------------------------------------------------------------------


def test_ask_next_steps_shows_the_day_before_and_on_the_day_then_goes() -> None:
    built = journal_of(iv("r", datetime(2026, 11, 20, 14, 0), stage="onsite"))
    assert items(built, date(2026, 11, 18), action="ask-next-steps") == []
    before = one(built, date(2026, 11, 19), "ask-next-steps")
    assert (before.due, before.state, before.interview, before.person) == (date(2026, 11, 20), "upcoming", "r", None)
    assert before.reason == (
        "the onsite interview is tomorrow at 14:00: before you leave, ask what happens next and when a "
        "follow-up is welcome, and note the name and email of everyone you meet"
    )
    on_the_day = one(built, date(2026, 11, 20), "ask-next-steps")
    assert on_the_day.state == "today" and on_the_day.reason.startswith("the onsite interview is today at 14:00:")
    assert items(built, date(2026, 11, 21), action="ask-next-steps") == []


def test_ask_next_steps_follows_prepare_days_before_and_the_process() -> None:
    policy = Policy(prepare_days_before=3)
    ahead = iv("r2", date(2026, 11, 20), stage="final")
    assert one(journal_of(ahead), date(2026, 11, 17), "ask-next-steps", policy).reason.startswith(
        "the final interview is Fri 20 Nov:"
    )
    assert items(journal_of(ahead), date(2026, 11, 16), policy, "ask-next-steps") == []
    for outcome in ("rejected", "withdrawn", "offer", "ghosted"):
        assert (
            items(journal_of(iv("r", date(2026, 11, 20), outcome=outcome)), date(2026, 11, 19), None, "ask-next-steps")
            == []
        )
    snoozed = iv("r", date(2026, 11, 20), snooze_until=date(2026, 11, 21))
    assert items(journal_of(snoozed), date(2026, 11, 19), None, "ask-next-steps") == []
    earlier = iv("r1", date(2026, 11, 2), outcome="next-round", next_steps="onsite")
    both = journal_of(earlier, iv("r2", date(2026, 11, 20), outcome="next-round"))
    assert one(both, date(2026, 11, 19), "ask-next-steps").interview == "r2"


# Nudges on the anchor's day --------------------------------------------------------------


def test_a_nudge_logged_on_the_day_of_the_last_reply_counts_at_once() -> None:
    reply = fu("re", "reply", "r", "Jane Doe", datetime(2026, 11, 20, 11, 15))
    for sent in (date(2026, 11, 20), datetime(2026, 11, 20, 18, 30)):
        built = journal_of(
            iv("r", date(2026, 11, 10), next_steps="x"), reply, fu("n", "status-check", "r", "Jane Doe", sent)
        )
        spent = budget(built, built.interviews["r"], Policy())
        assert [item.id for item in spent.unanswered] == ["n"], sent
        assert "1 of 2 nudges used" in one(built, date(2026, 11, 20), "status-check").reason


def test_a_nudge_logged_on_the_interview_day_counts() -> None:
    built = journal_of(
        iv("r", datetime(2026, 11, 20, 14, 0), next_steps="x"),
        fu("n", "status-check", "r", "Jane Doe", date(2026, 11, 20)),
    )
    assert len(budget(built, built.interviews["r"], Policy()).unanswered) == 1


def test_a_nudge_earlier_that_day_than_the_reply_was_answered_by_it() -> None:
    assert not after_anchor(datetime(2026, 11, 20, 9, 0), datetime(2026, 11, 20, 11, 15))
    assert after_anchor(datetime(2026, 11, 20, 9, 0), date(2026, 11, 20))
    assert after_anchor(date(2026, 11, 20), datetime(2026, 11, 20, 11, 15))
    assert not after_anchor(date(2026, 11, 19), datetime(2026, 11, 20, 11, 15))


# The one guard ------------------------------------------------------------------------------


def _nudge(status: str = "sent", **fields: object) -> FollowUp:
    base: dict[str, object] = {
        "id": "new",
        "kind": "status-check",
        "interview": "r",
        "to": "Jane Doe",
        "status": status,
    }
    return FollowUp(**{**base, **fields})  # type: ignore[arg-type]


def test_the_guard_takes_the_record_about_to_be_written() -> None:
    built = journal_of(iv("r", date(2026, 11, 16), decision_by=date(2026, 11, 25)))
    early = date(2026, 11, 20)
    for status in ("draft", "scheduled", "sent"):
        assert any(
            "decision by Wed 25 Nov" in w for w in pestering_guard(built, Policy(), _nudge(status, date=early), early)
        )
    assert pestering_guard(built, Policy(), _nudge("draft"), early), "an undated draft is guarded for today"
    assert pestering_guard(built, Policy(), _nudge("draft"), date(2026, 11, 27)) == []
    for quiet in (
        _nudge("skipped", date=early),
        _nudge(kind="thank-you", date=early),
        _nudge(direction="in", date=early),
    ):
        assert pestering_guard(built, Policy(), quiet, early) == []


def test_the_guard_does_not_count_the_nudge_being_edited() -> None:
    built = journal_of(
        iv("r", date(2026, 10, 1), next_steps="x"), fu("s1", "status-check", "r", "Jane Doe", date(2026, 10, 9))
    )
    assert pestering_guard(built, Policy(), built.followups["s1"], date(2026, 10, 9)) == []
    again = _nudge(date=date(2026, 10, 12))
    assert any(
        "only 3 days since your last unanswered nudge" in w for w in pestering_guard(built, Policy(), again, again.date)
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("reasons", [[], ["a"], ["a", "b"]])
def test_the_guard_has_one_wording(reasons: list[str]) -> None:
    text = guard_text(reasons)
    assert text == ("" if not reasons else "\n".join([f"{GUARD_TITLE}:", *(f"- {r}" for r in reasons)]))
