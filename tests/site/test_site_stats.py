"""stats.html's numbers mean what their definitions say (SPEC 7)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.model import Journal
from journal.records import STAGES, FollowUp, Interview, Interviewer
from site_builder.stats import compute

AS_OF = date(2026, 11, 25)


def _round(
    ident: str, company: str, when: date | datetime, stage: str | None = "technical", people: int = 1
) -> Interview:
    return Interview(
        id=ident,
        company=company,
        role="Engineer",
        date=when,
        stage=stage,
        interviewers=tuple(Interviewer(name=f"Person {company} {n}") for n in range(people)),
    )


def _note(ident: str, interview: Interview, kind: str, when: datetime, direction: str = "out", n: int = 0) -> FollowUp:
    status = "received" if direction == "in" else "sent"
    to = f"Person {interview.company} {n}"
    return FollowUp(id=ident, kind=kind, interview=interview.id, to=to, direction=direction, status=status, date=when)


def _journal(tmp_path: Path, rounds: list[Interview], notes: list[FollowUp]) -> Journal:
    return Journal(root=tmp_path, interviews={r.id: r for r in rounds}, followups={f.id: f for f in notes})


def test_a_thank_you_still_inside_its_window_is_not_late(tmp_path: Path) -> None:
    yesterday = _round("r1", "Acme", datetime(2026, 11, 24, 15, 0), people=2)  # due by the end of tomorrow
    old = _round("r2", "Globex", datetime(2026, 11, 10, 10, 0), people=2)
    notes = [
        _note("t1", yesterday, "thank-you", datetime(2026, 11, 24, 18, 0)),  # one sent, one still to write
        _note("t2", old, "thank-you", datetime(2026, 11, 10, 16, 0)),  # on time
        _note("t3", old, "thank-you", datetime(2026, 11, 14, 9, 0), n=1),  # late
    ]
    thanks = compute(_journal(tmp_path, [yesterday, old], notes), AS_OF)["thanks"]
    assert (thanks["owed"], thanks["open"], thanks["due"]) == (4, 1, 3)
    assert (thanks["on_time"], thanks["late"], thanks["missing"]) == (2, 1, 0)
    assert thanks["share"] == "67%"  # 2 of the 3 already due, not 2 of 4


def test_replies_count_for_the_message_they_answer(tmp_path: Path) -> None:
    r = _round("r1", "Acme", datetime(2026, 11, 2, 10, 0))
    notes = [
        _note("a", r, "thank-you", datetime(2026, 11, 2, 12, 0)),
        _note("b", r, "reply", datetime(2026, 11, 4, 9, 0), direction="in"),  # answers the thank-you
        _note("c", r, "status-check", datetime(2026, 11, 12, 9, 0)),  # unanswered: you wrote again first
        _note("d", r, "status-check", datetime(2026, 11, 19, 9, 0)),
        _note("e", r, "reply", datetime(2026, 11, 20, 9, 0), direction="in"),  # answers the second nudge
    ]
    replies = compute(_journal(tmp_path, [r], notes), AS_OF)["replies"]
    assert (replies["messages"], replies["messages_replied"], replies["messages_rate"]) == (3, 2, "67%")
    assert (replies["nudges"], replies["replied"], replies["rate"]) == (2, 1, "50%")
    assert replies["median_days"] == "1.5"  # 2 days and 1 day
    by_speed = dict(
        (label, (whole, part))
        for label, whole, part in compute(_journal(tmp_path, [r], notes), AS_OF)["by_speed"]["rows"]
    )
    assert by_speed["within 4 hours"] == (1, 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*STAGES, None]), min_size=1, max_size=4), max_size=12))
def test_the_funnel_only_narrows_and_counts_each_process_at_each_stage_it_passed(
    processes: list[list[str | None]],
) -> None:
    rounds = [
        _round(f"p{p}-r{n}", f"Co{p}", date(2026, 10, 1 + n), stage)
        for p, stages in enumerate(processes)
        for n, stage in enumerate(stages)
    ]
    funnel = compute(_journal(Path("."), rounds, []), AS_OF)["stages"]["rows"]
    counts = [count for _label, count in funnel]
    assert counts == sorted(counts, reverse=True)
    ladder = [s for s in STAGES if s != "other"]
    reached = sum(1 for stages in processes if any(s in ladder for s in stages))
    assert (counts[0] if counts else 0) == reached
