"""Templates (SPEC 4): built-ins per outbound kind, filled from the journal; user overrides."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from core_helpers import make_journal, put
from hypothesis import given
from hypothesis import strategies as st

import journal
from journal.records import OUTBOUND_KINDS
from journal.templates import LINKEDIN_LIMIT, blanks, fill, talking_points, unfilled

INTERVIEW = """---
company: Acme Corp
role: Backend Engineer
stage: onsite
date: 2026-11-20T14:00
interviewers:
  - name: Jane Doe
    linkedin: https://www.linkedin.com/in/jane
next_steps: Recruiter calls by Friday.
---
## Talking points
- Their migration from cron jobs to an event queue; I described the Kafka cut-over.
- Kafka consumer lag alerts.
## Notes
Not a talking point.
"""


@pytest.fixture
def loaded(tmp_path: Path) -> journal.Journal:
    root = make_journal(tmp_path / "j", owner="Alex Example")
    put(root, "interviews/acme.md", INTERVIEW)
    result = journal.load(root, use_cache=False)
    assert result.problems == []
    return result


def test_talking_points_are_the_bullets_of_that_section() -> None:
    assert talking_points(INTERVIEW.split("---\n", 2)[2]) == [
        "Their migration from cron jobs to an event queue; I described the Kafka cut-over",
        "Kafka consumer lag alerts",
    ]
    assert talking_points("## Notes\n- not this\n") == []


@pytest.mark.parametrize("kind", OUTBOUND_KINDS)
def test_every_outbound_kind_has_a_filled_built_in(loaded: journal.Journal, kind: str) -> None:
    draft = fill(loaded, kind, loaded.interviews["acme"], "Jane Doe")
    text = draft.subject + "\n" + draft.body
    assert "$" not in text, "no placeholder is left unfilled"
    assert draft.body.startswith("Hi Jane") and draft.body.endswith("\n")
    assert "Alex Example" in draft.body, "signed by the journal's owner"
    assert draft.subject and draft.warning is None
    if kind != "check-in":
        assert "Backend Engineer" in text


def test_thank_you_cites_the_conversation(loaded: journal.Journal) -> None:
    draft = fill(loaded, "thank-you", loaded.interviews["acme"], "Jane Doe")
    assert "our conversation about their migration from cron jobs to an event queue" in draft.body
    assert "Acme Corp" in draft.body and "on Friday" in draft.body
    assert draft.subject == "Thank you — Backend Engineer interview"


def test_proper_nouns_keep_their_capital(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/a.md", INTERVIEW.replace("- Their migration", "- Kafka and the migration"))
    result = journal.load(root, use_cache=False)
    assert "about Kafka and the migration" in fill(result, "thank-you", result.interviews["a"], "Jane Doe").body


def test_without_interview_or_person_still_reads(loaded: journal.Journal) -> None:
    draft = fill(loaded, "check-in", None, None)
    assert draft.body.startswith("Hi there,") and "$" not in draft.body


def test_user_template_overrides_the_built_in(loaded: journal.Journal) -> None:
    put(
        loaded.root,
        "templates/thank-you.md",
        "---\nsubject: Thanks, $first_name!\n---\nDear $name — ${role} at $company. {braces} $$5 $unknown\n",
    )
    draft = fill(loaded, "thank-you", loaded.interviews["acme"], "Jane Doe")
    assert draft.subject == "Thanks, Jane!"
    assert draft.body == "Dear Jane Doe — Backend Engineer at Acme Corp. {braces} $5 $unknown\n"


def test_user_template_without_front_matter_is_all_body(loaded: journal.Journal) -> None:
    put(loaded.root, "templates/status-check.md", "Any news on $role, $first_name?\n")
    draft = fill(loaded, "status-check", loaded.interviews["acme"], "Jane Doe")
    assert (draft.subject, draft.body) == ("", "Any news on Backend Engineer, Jane?\n")


def test_unreadable_user_template_falls_back_with_a_warning(loaded: journal.Journal) -> None:
    put(loaded.root, "templates/next-steps.md", b"Hi \xff\n")
    draft = fill(loaded, "next-steps", loaded.interviews["acme"], "Jane Doe")
    assert draft.warning is not None and "templates/next-steps.md" in draft.warning
    assert "Could you tell me what the" in draft.body


@pytest.mark.parametrize(
    ("person", "company", "role", "point"),
    [
        ("Jane Doe", "Acme Corp", "Backend Engineer", "short"),
        ("Maximiliane " + "Von-Und-Zu-" * 30 + "Hohenlohe", "Acme Corp", "Backend Engineer", "x"),
        ("Jane", "A" * 400, "R" * 400, "p" * 400),
        ("J" * 500, "Acme", "Dev", "point"),
        ("Jane Doe", "Acme", "Dev", "word " * 200),
    ],
    ids=["normal", "long-name", "long-company-role", "unbroken-name", "long-point"],
)
def test_linkedin_note_fits_the_limit(tmp_path: Path, person: str, company: str, role: str, point: str) -> None:
    root = make_journal(tmp_path / "j", owner="Alexandra " + "Long " * 30 + "Name")
    put(
        root,
        "interviews/a.md",
        f"---\ncompany: {company}\nrole: {role}\ndate: 2026-11-20\ninterviewers: [{person}]\n---\n## Talking points\n- {point}\n",
    )
    result = journal.load(root, use_cache=False)
    draft = fill(result, "linkedin", result.interviews["a"], person)
    assert len(draft.body.rstrip("\n")) <= LINKEDIN_LIMIT
    assert draft.body.startswith("Hi ")


def test_linkedin_note_is_unchanged_when_it_fits(loaded: journal.Journal) -> None:
    draft = fill(loaded, "linkedin", loaded.interviews["acme"], "Jane Doe")
    assert "their migration" in draft.body and draft.body.rstrip().endswith("Alex Example")


def test_unknown_kind_is_refused(loaded: journal.Journal) -> None:
    with pytest.raises(ValueError, match="no template"):
        fill(loaded, "reply", None, None)


def test_when_uses_the_written_day(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/a.md", INTERVIEW.replace("2026-11-20T14:00", "2026-11-20T23:30-08:00"))
    result = journal.load(root, use_cache=False)
    assert result.interviews["a"].date == datetime.fromisoformat("2026-11-20T23:30-08:00")
    assert "on Friday" in fill(result, "thank-you", result.interviews["a"], "Jane Doe").body


def test_a_check_in_says_what_is_left_to_fill_in(loaded: journal.Journal) -> None:
    draft = fill(loaded, "check-in", loaded.interviews["acme"], "Jane Doe")
    assert "[link]" in draft.body  # only the sender knows what goes there
    assert "message still to fill in: [link] (line 3)" in draft.notes
    assert not unfilled(draft.subject, draft.body.replace("[link]", "https://example.com/post"))


def test_a_placeholder_the_template_did_not_know_is_left_to_fill_in(loaded: journal.Journal) -> None:
    put(
        loaded.root,
        "templates/thank-you.md",
        "---\nsubject: Thanks, $frist_name\n---\nHi $first_name,\nUS$5, Ca$h, $$5.\n",
    )
    draft = fill(loaded, "thank-you", loaded.interviews["acme"], "Jane Doe")
    assert draft.notes == ("subject still to fill in: $frist_name",)  # a price or a name with $ in it is text


LINE = st.text(st.characters(blacklist_characters="[]$`~\n", blacklist_categories=("Cs",)), max_size=30)
LABEL = st.text(st.characters(blacklist_characters="[]$`\n", blacklist_categories=("Cs",)), min_size=1, max_size=30)


def test_code_is_not_a_blank() -> None:
    text = "The bug was in `cache[key]` and ``$HOME``:\n```\nrows[index] = $value\n```\nHere: [link]\n"
    assert blanks(text) == [(5, "[link]")]


@given(
    before=st.lists(LINE, max_size=5),
    label=LABEL,
    url=st.from_regex(r"https://[a-z]{1,12}\.example/[a-z0-9/]{0,12}", fullmatch=True),
)
def test_a_markdown_link_is_never_a_blank(before: list[str], label: str, url: str) -> None:
    text = "\n".join([*before, f"See [{label}]({url}) and [{label}][1].", f"[1]: {url}"])
    assert blanks(text) == []


@given(
    before=st.lists(LINE, max_size=5),
    word=st.from_regex(r"[A-Za-zÀ-ÿ]{2,12}( [a-zà-ÿ]{1,8})?", fullmatch=True),
    after=LINE,
)
def test_a_bracketed_blank_is_found_on_its_line(before: list[str], word: str, after: str) -> None:
    text = "\n".join([*before, f"{after} [{word}]."])
    assert blanks(text) == [(len(before) + 1, f"[{word}]")]
