"""The merge driver's file merge (SPEC 2.6): base / ours / theirs / expected, as files.

Each case is three versions of one file and the file the merge must write. Edits that git
would call a conflict because they sit on adjacent lines merge cleanly; a field both sides
changed is left with markers around that key's lines only.
"""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.frontmatter import parse
from journal.gitmerge import merge_file

BASE = """\
---
company: Acme Corp   # where Jane works
role: 'Backend Engineer'
date: 2026-11-20 14:00
stage: onsite
outcome: pending
interest: 3
decision_by: 2026-11-27
next_steps: "they decide this week"
tags: [python]
interviewers:
  - name: Jane Doe
    title: Engineering Manager
---
## Notes
Good talk.

Asked about on-call.
"""


def case(path: str, base: str, ours: str, theirs: str, expected: str, conflicts: list[str], name: str) -> object:
    return pytest.param(path, base, ours, theirs, expected, conflicts, id=name)


def sub(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


OUTCOME = ("outcome: pending", "outcome: next-round")
INTEREST = ("interest: 3", "interest: 5")
NEXT = ('next_steps: "they decide this week"', 'next_steps: "call on Friday"')
NEXT_WRITTEN = ('next_steps: "they decide this week"', "next_steps: call on Friday")
"""Theirs' edit as the merge writes it: a field taken from theirs is written in the product's style."""
DECISION = ("decision_by: 2026-11-27", "decision_by: 2026-12-02")
RAJ = ("    title: Engineering Manager\n", "    title: Engineering Manager\n  - name: Raj Patel\n")
PRIYA = (
    "    title: Engineering Manager\n",
    "    title: Engineering Manager\n  - name: Priya Shah\n    title: Recruiter\n",
)

CASES = [
    case("interviews/acme.md", BASE, sub(BASE, OUTCOME), sub(BASE, INTEREST), sub(BASE, OUTCOME, INTEREST), [],
         "adjacent-fields"),
    case("interviews/acme.md", BASE, sub(BASE, DECISION), sub(BASE, NEXT), sub(BASE, DECISION, NEXT_WRITTEN), [],
         "decision-by-and-next-steps"),
    case("interviews/acme.md", BASE, sub(BASE, ("company: Acme Corp   # where Jane works", "company: Acme Inc   # where Jane works")),
         sub(BASE, ("role: 'Backend Engineer'", "role: 'Staff Engineer'")),
         sub(BASE, ("company: Acme Corp   # where Jane works", "company: Acme Inc   # where Jane works"),
             ("role: 'Backend Engineer'", "role: Staff Engineer")), [], "ours-comments-kept-theirs-in-house-style"),
    case("interviews/acme.md", BASE, sub(BASE, ("tags: [python]", "tags: [python, remote]")),
         sub(BASE, ("tags: [python]", "tags: [python, onsite]")),
         sub(BASE, ("tags: [python]", "tags: [python, remote, onsite]")), [], "tags-a-set"),
    case("interviews/acme.md", BASE, sub(BASE, RAJ), sub(BASE, PRIYA),
         sub(BASE, ("    title: Engineering Manager\n",
                    "    title: Engineering Manager\n  - name: Priya Shah\n    title: Recruiter\n  - name: Raj Patel\n")),
         [], "an-interviewer-added-on-each-side"),
    case("interviews/acme.md", BASE, sub(BASE, ("tags: [python]\n", "tags: [python]\nlocation: Berlin\n")),
         sub(BASE, ("tags: [python]\n", "tags: [python]\nformat: video\n")),
         sub(BASE, ("tags: [python]\n", "tags: [python]\nlocation: Berlin\n"),
             ("    title: Engineering Manager\n", "    title: Engineering Manager\nformat: video\n")), [],
         "a-key-added-on-each-side"),
    case("interviews/acme.md", BASE, sub(BASE, ("decision_by: 2026-11-27\n", "")), sub(BASE, INTEREST),
         sub(BASE, ("decision_by: 2026-11-27\n", ""), INTEREST), [], "a-key-deleted-on-one-side"),
    case("interviews/acme.md", BASE, sub(BASE, ("Good talk.", "Good talk, long.")),
         sub(BASE, ("Asked about on-call.", "Asked about on-call and pay.")),
         sub(BASE, ("Good talk.", "Good talk, long."), ("Asked about on-call.", "Asked about on-call and pay.")), [],
         "body-lines-apart"),
    case("interviews/acme.md", BASE, sub(BASE, OUTCOME), sub(BASE, ("outcome: pending", "outcome: rejected"), INTEREST),
         sub(BASE, ("outcome: pending\n", "<<<<<<< ours\noutcome: next-round\n=======\noutcome: rejected\n>>>>>>> theirs\n"),
             INTEREST), ["outcome"], "one-true-conflict-marked-at-its-key"),
    case("interviews/acme.md", BASE, sub(BASE, ("Good talk.", "Good talk!")), sub(BASE, ("Good talk.", "Great talk.")),
         sub(BASE, ("Good talk.\n", "<<<<<<< ours\nGood talk!\n=======\nGreat talk.\n>>>>>>> theirs\n")), ["body"],
         "a-body-line-both-changed"),
    case("journal.yaml", "owner: Alex Kim\nsite_title: My search\npolicy:\n  linkedin_after_days: 1\n  ghosted_after_days: 21\n",
         "owner: Alex Kim\nsite_title: Alex's search\npolicy:\n  linkedin_after_days: 1\n  ghosted_after_days: 21\n",
         "owner: Alex Kim\nsite_title: My search\npolicy:\n  linkedin_after_days: 1\n  ghosted_after_days: 30\n",
         "owner: Alex Kim\nsite_title: Alex's search\npolicy:\n  linkedin_after_days: 1\n  ghosted_after_days: 30\n", [],
         "journal-yaml-lines-apart"),
    case("journal.yaml", "# settings\nowner: Alex Kim\ntimezone: Europe/Berlin\n",
         "# settings\nowner: Alex Kim  # me\ntimezone: Europe/Berlin\n",
         "# settings\nowner: Alex Kim\ntimezone: Europe/Paris\n",
         "# settings\nowner: Alex Kim  # me\ntimezone: Europe/Paris\n", [], "journal-yaml-adjacent-keys"),
    case("journal.yaml", "owner: Alex Kim\npolicy:\n  linkedin_after_days: 1\n",
         "owner: Alex Kim\npolicy:\n  linkedin_after_days: 2\n",
         "owner: Alex Kim\npolicy:\n  linkedin_after_days: 3\n",
         "owner: Alex Kim\npolicy:\n<<<<<<< ours\n  linkedin_after_days: 2\n=======\n  linkedin_after_days: 3\n>>>>>>> theirs\n",
         ["policy"], "journal-yaml-conflict"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "base", "ours", "theirs", "expected", "conflicts"), CASES)
def test_merge(path: str, base: str, ours: str, theirs: str, expected: str, conflicts: list[str]) -> None:
    merged = merge_file(path, base.encode(), ours.encode(), theirs.encode())
    assert merged.data.decode() == expected
    assert [what for _line, what in merged.conflicts] == conflicts
    lines = merged.data.decode().splitlines()
    assert [line for line, _what in merged.conflicts] == [
        n for n, text in enumerate(lines, 1) if text.startswith("<<<<<<<")
    ]


def test_status_only_moves_forward() -> None:
    draft = "---\ninterview: acme\nkind: status-check\nto: Jane Doe\nstatus: draft\n---\nHi Jane.\n"
    sent = draft.replace("status: draft", "status: sent\ndate: 2026-12-01 09:00")
    scheduled = draft.replace("status: draft", "status: scheduled\ndate: 2026-12-01 09:00")
    merged = merge_file("followups/check.md", draft.encode(), scheduled.encode(), sent.encode())
    assert merged.clean
    assert "status: sent\n" in merged.data.decode()
    assert "date: 2026-12-01 09:00\n" in merged.data.decode()


def test_a_clean_merge_is_one_line_of_diff_per_merged_field() -> None:
    ours, theirs = sub(BASE, OUTCOME), sub(BASE, INTEREST, NEXT)
    merged = merge_file("interviews/acme.md", BASE.encode(), ours.encode(), theirs.encode()).data.decode()
    changed = [line for line in difflib.unified_diff(ours.splitlines(), merged.splitlines(), lineterm="", n=0)
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]  # fmt: skip
    assert changed == [
        "-interest: 3",
        "+interest: 5",
        '-next_steps: "they decide this week"',
        "+next_steps: call on Friday",
    ]


@pytest.mark.parametrize("style", ["crlf", "bom", "bom+crlf"])
def test_crlf_and_bom_files_keep_ours_bytes(style: str) -> None:
    def styled(text: str) -> bytes:
        data = text.replace("\n", "\r\n") if "crlf" in style else text
        return ("\ufeff" if "bom" in style else "").encode() + data.encode()

    merged = merge_file("interviews/acme.md", styled(BASE), styled(sub(BASE, OUTCOME)), styled(sub(BASE, INTEREST)))
    assert merged.clean
    assert merged.data == styled(sub(BASE, OUTCOME, INTEREST))


def test_a_file_with_an_error_is_merged_by_lines_as_git_would() -> None:
    broken = "---\ncompany: [unclosed\n---\n"
    merged = merge_file("interviews/acme.md", broken.encode(), broken.encode(), sub(BASE, OUTCOME).encode())
    assert merged.data.decode() == sub(BASE, OUTCOME)
    both = merge_file("interviews/acme.md", b"a\nb\n", b"a\nc\n", b"a\nd\n")
    assert not both.clean
    assert both.data == b"a\n<<<<<<< ours\nc\n=======\nd\n>>>>>>> theirs\n"


def test_other_files_merge_by_lines() -> None:
    merged = merge_file(
        "templates/thank-you.md", b"Hi {name}\n\nThanks\n", b"Hello {name}\n\nThanks\n", b"Hi {name}\n\nThanks!\n"
    )
    assert merged.clean and merged.data == b"Hello {name}\n\nThanks!\n"


EDITS = st.sampled_from([OUTCOME, INTEREST, NEXT, DECISION, RAJ, ("Good talk.", "Good talk, long."),
                         ("tags: [python]", "tags: [python, remote]"), ("stage: onsite", "stage: final")])  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(EDITS, unique=True, max_size=4), st.lists(EDITS, unique=True, max_size=4))
def test_edits_of_different_fields_never_conflict(mine: list[tuple[str, str]], theirs: list[tuple[str, str]]) -> None:
    """Any two sets of edits that share no field merge cleanly into a file that has all of them."""
    theirs = [edit for edit in theirs if edit[0].split(":")[0] not in {m[0].split(":")[0] for m in mine}]
    theirs = [edit for edit in theirs if not (edit[0] == RAJ[0] and any(m[0] == RAJ[0] for m in mine))]
    merged = merge_file("interviews/acme.md", BASE.encode(), sub(BASE, *mine).encode(), sub(BASE, *theirs).encode())
    assert merged.clean
    text = merged.data.decode()
    parse(merged.data)
    for _old, new in [*mine, *theirs]:
        assert new.replace('"', "") in text.replace('"', "")
