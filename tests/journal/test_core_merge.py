"""The three-way merge of one record (SPEC 2.6): table-driven cases, then properties over any edits."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.merge import Conflict, merge
from journal.records import FollowUp, Interview, Interviewer, Person, Source

JANE = Interviewer(name="Jane Doe", title="Engineering Manager", email="jane@acme.example")
RAJ = Interviewer(name="Raj Patel", title="Staff Engineer")
BODY = "## Talking points\n- The event queue.\n- On-call.\n\n## Notes\nGood talk.\n"
BASE = Interview(
    id="acme",
    company="Acme Corp",
    role="Backend Engineer",
    date=datetime(2026, 11, 20, 14, 0),
    stage="onsite",
    interviewers=(JANE, RAJ),
    interest=3,
    tags=("python", "remote"),
    body=BODY,
    source=Source("interviews/acme.md", "base"),
)


def edit(record: Any, **changes: Any) -> Any:
    return dataclasses.replace(record, **changes)


CASES = [
    pytest.param(
        {"next_steps": "Call on Friday"}, {"interest": 5}, {"next_steps": "Call on Friday", "interest": 5}, [],
        id="different-fields",
    ),
    pytest.param({"role": "Staff Engineer"}, {"role": "Staff Engineer"}, {"role": "Staff Engineer"}, [], id="same-change"),
    pytest.param({"role": "Staff Engineer"}, {"role": "Senior Engineer"}, {"role": "Staff Engineer"}, ["role"],
                 id="both-changed-a-field"),
    pytest.param({"next_steps": "Call"}, {"next_steps": "Email"}, {"next_steps": "Call"}, ["next_steps"],
                 id="both-added-a-field-differently"),
    pytest.param({"decision_by": date(2026, 12, 1)}, {"decision_by": date(2026, 12, 1)}, {"decision_by": date(2026, 12, 1)},
                 [], id="both-added-a-field-alike"),
    pytest.param({"tags": ("python", "remote", "go")}, {"tags": ("python",)}, {"tags": ("python", "go")}, [],
                 id="tags-as-a-set"),
    pytest.param({"tags": ("remote", "python")}, {"tags": ("python", "remote", "rust")},
                 {"tags": ("remote", "python", "rust")}, [], id="tags-keep-mine-order"),
    pytest.param(
        {"interviewers": (edit(JANE, title="Director"), RAJ)},
        {"interviewers": (JANE, RAJ, Interviewer(name="Ada Lovelace"))},
        {"interviewers": (edit(JANE, title="Director"), RAJ, Interviewer(name="Ada Lovelace"))}, [],
        id="interviewers-edit-and-add",
    ),
    pytest.param(
        {"interviewers": (edit(JANE, title="Director"), RAJ)},
        {"interviewers": (edit(JANE, email="jane@acme.test"), RAJ)},
        {"interviewers": (edit(JANE, title="Director", email="jane@acme.test"), RAJ)}, [],
        id="interviewers-one-person-key-by-key",
    ),
    pytest.param(
        {"interviewers": (JANE,)}, {"interviewers": (edit(JANE, linkedin="https://www.linkedin.com/in/jd"), RAJ)},
        {"interviewers": (edit(JANE, linkedin="https://www.linkedin.com/in/jd"),)}, [],
        id="interviewers-removed-on-one-side",
    ),
    pytest.param(
        {"interviewers": (JANE,)}, {"interviewers": (JANE, edit(RAJ, title="Principal"))},
        {"interviewers": (JANE,)}, ["interviewers"], id="interviewers-removed-and-changed",
    ),
    pytest.param(
        {"interviewers": (edit(JANE, name="Jane Doe-Smith", person="jane-doe"), RAJ)},
        {"interviewers": (edit(JANE, title="VP"), RAJ)},
        {"interviewers": (edit(JANE, name="Jane Doe-Smith", person="jane-doe", title="VP"), RAJ)}, [],
        id="interviewers-keyed-by-person",
    ),
    pytest.param(
        {"interviewers": (RAJ, JANE)}, {"interviewers": (JANE, edit(RAJ, title="Principal"))},
        {"interviewers": (edit(RAJ, title="Principal"), JANE)}, [], id="interviewers-reordered-on-one-side",
    ),
    pytest.param(
        {"interviewers": (JANE, RAJ, Interviewer(name="Ada", email="ada@a.example"))},
        {"interviewers": (JANE, RAJ, Interviewer(name="Ada", email="ada@b.example"))},
        {"interviewers": (JANE, RAJ, Interviewer(name="Ada", email="ada@a.example"))}, ["interviewers"],
        id="interviewers-added-on-both-sides-differently",
    ),
    pytest.param(
        {"body": BODY.replace("- On-call.", "- On-call, humane.")}, {"body": BODY + "Salary: later.\n"},
        {"body": BODY.replace("- On-call.", "- On-call, humane.") + "Salary: later.\n"}, [], id="body-by-lines",
    ),
    pytest.param(
        {"body": BODY.replace("Good talk.", "Great talk.")}, {"body": BODY.replace("Good talk.", "Long talk.")},
        {"body": BODY.replace("Good talk.", "Great talk.")}, ["body"], id="body-overlapping-edits",
    ),
    pytest.param(
        {"body": "Line\u2028with a separator\n" + BODY}, {"body": BODY.replace("Good talk.", "Fine.")},
        {"body": "Line\u2028with a separator\n" + BODY.replace("Good talk.", "Fine.")}, [],
        id="body-lines-end-only-at-newline",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("mine", "theirs", "expected", "conflicts"), CASES)
def test_merge_of_an_interview(
    mine: dict[str, Any], theirs: dict[str, Any], expected: dict[str, Any], conflicts: list[str]
) -> None:
    merged = merge(BASE, edit(BASE, **mine), edit(BASE, **theirs, source=Source("interviews/acme.md", "disk")))
    assert [conflict.field for conflict in merged.conflicts] == conflicts
    assert merged.record == edit(BASE, **expected)
    assert merged.record.source == Source("interviews/acme.md", "disk")  # saved against the version on disk


def test_a_conflict_carries_base_mine_and_theirs_with_the_clean_parts_merged() -> None:
    mine_body = BODY.replace("Good talk.", "Great talk.").replace("- On-call.", "- On-call, humane.")
    mine = edit(BASE, role="Staff Engineer", body=mine_body)
    theirs = edit(BASE, role="Senior Engineer", body="Intro\n" + BODY.replace("Good talk.", "Long talk."))
    merged = merge(BASE, mine, theirs)
    role, body = merged.conflicts
    assert role == Conflict("role", "Backend Engineer", "Staff Engineer", "Senior Engineer")
    assert body.field == "body" and body.base == BODY
    assert body.mine == "Intro\n" + mine_body  # theirs' intro and my other line are in both
    assert body.theirs == "Intro\n" + mine_body.replace("Great talk.", "Long talk.")
    assert merged.record.role == "Staff Engineer" and merged.record.body == body.mine


FOLLOWUP = FollowUp(id="f", kind="thank-you", to="Jane Doe", status="draft", body="Hi Jane,\n")


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "expected", "conflicts"),
    [
        pytest.param("draft", "scheduled", "sent", "sent", [], id="forward-wins"),
        pytest.param("draft", "sent", "scheduled", "sent", [], id="forward-wins-either-side"),
        pytest.param("sent", "sent", "draft", "draft", [], id="one-side-alone-may-go-back"),
        pytest.param("draft", "sent", "skipped", "sent", ["status"], id="sent-or-skipped-is-a-conflict"),
        pytest.param("draft", "received", "received", "received", [], id="same"),
    ],
)
def test_a_followups_status_only_moves_forward(
    base: str, mine: str, theirs: str, expected: str, conflicts: list[str]
) -> None:
    merged = merge(edit(FOLLOWUP, status=base), edit(FOLLOWUP, status=mine), edit(FOLLOWUP, status=theirs))
    assert merged.record.status == expected
    assert [conflict.field for conflict in merged.conflicts] == conflicts


def test_a_person_merges_field_by_field() -> None:
    base = Person(id="jane-doe", name="Jane Doe", body="Met at the onsite.\n")
    merged = merge(base, edit(base, keep_in_touch=60), edit(base, email="jane@acme.example"))
    assert merged.record == edit(base, keep_in_touch=60, email="jane@acme.example") and not merged.conflicts


def test_unknown_interviewer_keys_merge_key_by_key() -> None:
    jane = edit(JANE, extra=(("pronouns", "she/her"),))
    base = edit(BASE, interviewers=(jane,))
    mine = edit(
        BASE,
        interviewers=(
            edit(
                jane,
                extra=(("pronouns", "she/her"), ("team", "Core")),
            ),
        ),
    )
    theirs = edit(BASE, interviewers=(edit(jane, extra=()),))
    merged = merge(base, mine, theirs)
    assert merged.record.interviewers == (edit(jane, extra=(("team", "Core"),)),) and not merged.conflicts


# Properties -------------------------------------------------------------------------------

NAMES = st.sampled_from(["Jane Doe", "Raj Patel", "Ada", "Sam Carter", "Jane  doe"])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
PEOPLE = st.lists(
    st.builds(
        Interviewer,
        name=NAMES,
        title=st.none() | st.sampled_from(["EM", "Staff", "VP"]),
        email=st.none() | st.sampled_from(["a@x.example", "b@x.example"]),
        person=st.none() | st.sampled_from(["jane-doe", "jd"]),
    ),
    max_size=4,
).map(tuple)
LINES = st.lists(st.sampled_from(["## Notes\n", "- a\n", "- b\n", "text\n", "", "\u2028\n", "last"]), max_size=8)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "company": TEXT.filter(str.strip),
    "role": TEXT.filter(str.strip),
    "date": st.dates(date(1990, 1, 1), date(2100, 12, 31)) | st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1)),
    "stage": st.none() | st.sampled_from(["onsite", "final"]),
    "format": st.none() | st.sampled_from(["video", "phone"]),
    "location": st.none() | TEXT,
    "interviewers": PEOPLE,
    "next_steps": st.none() | TEXT,
    "decision_by": st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    "follow_up_on": st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    "outcome": st.sampled_from(["pending", "offer", "rejected"]),
    "interest": st.none() | st.integers(1, 5),
    "snooze_until": st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    "tags": st.lists(st.sampled_from(["python", "remote", "go", "rust"]), max_size=4).map(tuple),
    "body": LINES.map("".join),
}
INTERVIEWS = st.fixed_dictionaries(VALUES).map(lambda values: Interview(id="acme", **values))


@settings(max_examples=300, deadline=None)
@given(base=INTERVIEWS, fields=st.permutations(sorted(VALUES)), split=st.integers(0, len(VALUES)), data=st.data())
def test_edits_to_disjoint_fields_merge_cleanly_to_their_union(
    base: Interview, fields: list[str], split: int, data: st.DataObject
) -> None:
    ours = {name: data.draw(VALUES[name], label=f"mine.{name}") for name in fields[:split] if data.draw(st.booleans())}
    other = {
        name: data.draw(VALUES[name], label=f"theirs.{name}") for name in fields[split:] if data.draw(st.booleans())
    }
    merged = merge(base, edit(base, **ours), edit(base, **other))
    assert merged.conflicts == ()
    assert merged.record == edit(base, **ours, **other)


@settings(max_examples=300, deadline=None)
@given(base=INTERVIEWS, other=INTERVIEWS)
def test_a_side_that_changed_nothing_gives_the_other_side(base: Interview, other: Interview) -> None:
    assert merge(base, other, base).record == other and merge(base, other, base).conflicts == ()
    assert merge(base, base, other).record == other and merge(base, base, other).conflicts == ()


@settings(max_examples=300, deadline=None)
@given(base=INTERVIEWS, mine=INTERVIEWS, theirs=INTERVIEWS)
def test_swapping_the_sides_swaps_the_conflicts(base: Interview, mine: Interview, theirs: Interview) -> None:
    forward, backward = merge(base, mine, theirs), merge(base, theirs, mine)
    assert [c.field for c in forward.conflicts] == [c.field for c in backward.conflicts]
    for ahead, back in zip(forward.conflicts, backward.conflicts, strict=True):
        assert unordered(ahead.mine) == unordered(back.theirs) and unordered(ahead.theirs) == unordered(back.mine)
        assert getattr(forward.record, ahead.field) == ahead.mine
        assert getattr(backward.record, back.field) == back.mine


def unordered(value: object) -> object:
    """Interviewers as a multiset: when both sides reordered the list, the side called mine sets the order."""
    return sorted(map(repr, value)) if isinstance(value, tuple) else value
