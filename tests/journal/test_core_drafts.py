"""Personal drafts (SPEC 4): whose talking point is whose, single-line paragraphs, the owner's
signature (never a placeholder) and LinkedIn notes within the journal's limit."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from core_helpers import make_journal, put

import journal
from journal.records import OUTBOUND_KINDS
from journal.talking import owner_of, points_for
from journal.templates import fill, note_count, note_length

PANEL = """---
company: Acme Corp
role: Backend Engineer
stage: onsite
date: 2026-11-20T14:00
interviewers:
  - name: Maya Chen
    title: Engineering Manager
  - name: Raj Patel
    title: Staff Engineer
    linkedin: https://www.linkedin.com/in/raj
  - name: Li Wei
  - name: Ana Souza
---
## Talking points
- Maya Chen: the hiring plan for next year.
- Raj — how the team runs on-call.
- Li: their move from cron jobs to an event queue.
- The Kafka cut-over I described.
- Maya: her mentoring programme for new managers.
## Notes
Not a talking point.
"""

NAMES = ["Maya Chen", "Raj Patel", "Li Wei", "Ana Souza"]


@pytest.fixture
def panel(tmp_path: Path) -> journal.Journal:
    root = make_journal(tmp_path / "j", owner="Alex Example")
    put(root, "interviews/acme.md", PANEL)
    loaded = journal.load(root, use_cache=False)
    assert loaded.problems == []
    return loaded


# Whose point is whose -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("point", "owner", "text"),
    [
        ("Maya Chen: the hiring plan", 0, "the hiring plan"),
        ("maya chen : the hiring plan", 0, "the hiring plan"),
        ("Maya: the hiring plan", 0, "the hiring plan"),
        ("Raj — on-call", 1, "on-call"),
        ("Raj—on-call", 1, "on-call"),
        ("Raj Patel – on-call", 1, "on-call"),
        ("Raj - on-call", 1, "on-call"),
        ("**Raj Patel**: on-call", 1, "on-call"),
        ("**Raj:** on-call", 1, "on-call"),
        ("Raj's on-call rotation", 1, "your on-call rotation"),
        ("Raj’s on-call rotation", 1, "your on-call rotation"),
        ("Maya: her mentoring programme", 0, "your mentoring programme"),
        ("Ma\u0301ya: decomposed accents are matched", None, "Ma\u0301ya: decomposed accents are matched"),
        ("Rajesh: someone else", None, "Rajesh: someone else"),
        ("Raj-style on-call", None, "Raj-style on-call"),
        ("The hiring plan Maya described", None, "The hiring plan Maya described"),
    ],
)
def test_a_point_belongs_to_whoever_it_starts_with(point: str, owner: int | None, text: str) -> None:
    found = owner_of(point, NAMES)
    assert found.owners == (() if owner is None else (owner,))
    assert found.text == unicodedata.normalize("NFC", text)
    assert found.exact


def test_a_name_in_nfd_is_the_same_name() -> None:
    assert owner_of("Zoe\u0308: the roadmap", ["Zoë Martin"]).owners == (0,)


def test_a_first_name_two_people_share_names_both_and_a_full_name_tells_them_apart() -> None:
    names = ["Raj Patel", "Raj Singh", "Ana Souza"]
    assert owner_of("Raj: on-call", names).owners == (0, 1)
    assert owner_of("Raj Singh: on-call", names).owners == (1,)


def test_a_point_that_names_someone_without_the_colon_is_theirs_but_not_quotable() -> None:
    found = owner_of("Raj asked about my Kafka work", NAMES)
    assert found.owners == (1,) and not found.exact
    assert owner_of("grace period for the offer", ["Grace Kim"]).owners == ()


def test_each_interviewer_gets_only_their_own_points(panel: journal.Journal) -> None:
    interview = panel.interviews["acme"]
    bodies = {name: fill(panel, "thank-you", interview, name).body for name in NAMES}
    maya, raj, li, ana = (bodies[name] for name in NAMES)
    assert "the hiring plan for next year" in maya and "your mentoring programme for new managers" in maya
    assert "how the team runs on-call" in raj
    assert "their move from cron jobs to an event queue" in li
    for name, body in bodies.items():
        assert "Maya Chen:" not in body and "Raj —" not in body and "Li:" not in body, "never the name prefix"
        others = [text for who, text in (
            ("Maya Chen", "hiring plan"), ("Maya Chen", "mentoring"), ("Raj Patel", "on-call"),
            ("Li Wei", "cron jobs"),
        ) if who != name]  # fmt: skip
        assert not any(text in body for text in others), f"{name}'s note cites someone else's point"
    assert "The Kafka cut-over I described" not in maya + raj + li, "a shared point only for those with none"
    assert "the Kafka cut-over I described." in ana, "Ana has no point of her own: she gets the shared ones"


def test_all_of_a_persons_points_are_woven_into_sentences(panel: journal.Journal) -> None:
    body = fill(panel, "thank-you", panel.interviews["acme"], "Maya Chen").body
    assert (
        "I especially enjoyed our conversation about the hiring plan for next year. "
        "I was also glad we talked about your mentoring programme for new managers." in body
    )
    assert "\n- " not in body, "points are woven in, not listed"


def test_talking_points_in_front_matter_belong_to_that_interviewer(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    text = PANEL.replace(
        "  - name: Ana Souza\n",
        "  - name: Ana Souza\n    talking_points:\n      - Ana: the design review ritual\n      - pairing on incidents\n",
    )
    put(root, "interviews/acme.md", text)
    loaded = journal.load(root, use_cache=False)
    assert loaded.problems == []
    interview = loaded.interviews["acme"]
    assert interview.interviewers[3].talking_points == ("Ana: the design review ritual", "pairing on incidents")
    assert points_for(interview, "Ana Souza").points == ("the design review ritual", "pairing on incidents")
    body = fill(loaded, "thank-you", interview, "Ana Souza").body
    assert "about the design review ritual. I was also glad we talked about pairing on incidents." in body
    assert "Kafka" not in body, "she has points of her own now"
    assert "design review" not in fill(loaded, "thank-you", interview, "Raj Patel").body


def test_talking_points_in_front_matter_survive_a_save_and_a_new_file(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(
        root,
        "interviews/acme.md",
        PANEL.replace("  - name: Li Wei\n", "  - name: Li Wei\n    talking_points: [queues]\n"),
    )
    loaded = journal.load(root, use_cache=False)
    interview = loaded.interviews["acme"]
    saved = journal.save(root, replace(interview, next_steps="Decision on Friday."))
    assert saved.written
    again = journal.load(root, use_cache=False).interviews["acme"]
    assert again.interviewers[2].talking_points == ("queues",) and again.next_steps == "Decision on Friday."
    people = list(again.interviewers)
    people[0] = replace(people[0], talking_points=("the hiring plan", "Q3: budget"))
    journal.save(root, replace(again, interviewers=tuple(people)))
    reloaded = journal.load(root, use_cache=False).interviews["acme"]
    assert reloaded.interviewers[0].talking_points == ("the hiring plan", "Q3: budget")
    created = journal.create(root, replace(reloaded, id="copy", source=None))
    assert journal.load(root, use_cache=False).interviews["copy"].interviewers == created.interviewers


def test_an_unclear_point_is_left_out_and_the_draft_says_so(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/a.md", PANEL.replace("  - name: Li Wei\n", "  - name: Raj Singh\n"))
    loaded = journal.load(root, use_cache=False)
    draft = fill(loaded, "thank-you", loaded.interviews["a"], "Raj Singh")
    assert "on-call" not in draft.body, "'Raj — …' could be Raj Patel's"
    assert any("left out 'Raj — how the team runs on-call'" in note for note in draft.notes)


# Paragraphs and the signature --------------------------------------------------------------


@pytest.mark.parametrize("kind", OUTBOUND_KINDS)
def test_built_in_paragraphs_are_single_lines(kind: str) -> None:
    text = resources.files("journal").joinpath("builtin_templates", f"{kind}.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    paragraphs = body.strip().split("\n\n")
    for paragraph in paragraphs:
        if paragraph.startswith("Best regards,"):
            assert paragraph == "Best regards,\n$owner"
        else:
            assert "\n" not in paragraph, f"{kind}: a hard-wrapped paragraph: {paragraph!r}"


@pytest.mark.parametrize("kind", OUTBOUND_KINDS)
def test_without_an_owner_a_draft_has_no_signature_line(tmp_path: Path, kind: str) -> None:
    root = make_journal(tmp_path / "j", owner="Your Name")  # what an old `followup init` wrote
    put(root, "interviews/acme.md", PANEL)
    loaded = journal.load(root, use_cache=False)
    assert loaded.settings.owner is None
    draft = fill(loaded, kind, loaded.interviews["acme"], "Raj Patel")
    assert "Your Name" not in draft.body and "$owner" not in draft.body
    assert draft.unsigned and any("not signed" in note for note in draft.notes)
    assert not draft.body.rstrip("\n").endswith("\n"), "no empty signature line"
    assert all(line == line.rstrip() for line in draft.body.splitlines())
    if kind == "linkedin":
        assert draft.body.rstrip().endswith("stay in touch.")
    else:
        assert draft.body.rstrip().endswith("Best regards,")


def test_with_an_owner_every_draft_is_signed(panel: journal.Journal) -> None:
    for kind in OUTBOUND_KINDS:
        draft = fill(panel, kind, panel.interviews["acme"], "Raj Patel")
        assert draft.body.rstrip().endswith("Alex Example") and not draft.unsigned


@pytest.mark.parametrize(
    ("today", "said"),
    [
        (date(2026, 11, 20), "speak with me today about"),
        (date(2026, 11, 21), "speak with me yesterday about"),
        (date(2026, 11, 24), "speak with me on Friday about"),
        (date(2026, 11, 30), "speak with me on 20 November about"),
        (date(2027, 1, 4), "speak with me on 20 November 2026 about"),
    ],
)
def test_the_interview_day_is_said_as_the_reader_would_on_the_day_of_the_draft(
    panel: journal.Journal, today: date, said: str
) -> None:
    assert said in fill(panel, "thank-you", panel.interviews["acme"], "Raj Patel", today=today).body


def test_status_check_names_the_round_in_words(panel: journal.Journal) -> None:
    body = fill(panel, "status-check", panel.interviews["acme"], "Raj Patel").body
    assert "follow up on my onsite interview for the Backend Engineer role at Acme Corp." in body


# LinkedIn ------------------------------------------------------------------------------------


def test_note_length_counts_characters_as_a_person_sees_them() -> None:
    assert note_length("Caf\u00e9") == note_length("Cafe\u0301") == 4
    assert note_length("Thanks 😀") == 8
    assert note_length("  padded\n") == 6
    assert note_count("x" * 150, 200) == "150 of 200 characters, 50 left"
    assert note_count("x" * 210, 200) == "210 of 200 characters: 10 too many for a LinkedIn note"


def test_linkedin_notes_fit_the_journals_limit_and_say_what_is_left(tmp_path: Path) -> None:
    long_point = "- Raj: " + "the way the platform team " * 12 + "\n"
    for limit in (200, 300):
        root = make_journal(tmp_path / str(limit), extra_config=f"policy:\n  linkedin_note_limit: {limit}\n")
        put(root, "interviews/acme.md", PANEL.replace("- Raj — how the team runs on-call.\n", long_point))
        loaded = journal.load(root, use_cache=False)
        draft = fill(loaded, "linkedin", loaded.interviews["acme"], "Raj Patel")
        assert note_length(draft.body) <= limit and draft.body.startswith("Hi Raj,")
        assert draft.characters_left == limit - note_length(draft.body)
        assert f"LinkedIn note: {note_length(draft.body)} of {limit} characters, {draft.characters_left} left" in (
            draft.notes
        )


def test_a_long_point_is_cut_at_its_first_clause_before_it_is_dropped(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/acme.md", PANEL.replace(
        "- Raj — how the team runs on-call.", "- Raj — how the team runs on-call; I described my pager rota at length"
    ))  # fmt: skip
    loaded = journal.load(root, use_cache=False)
    body = fill(loaded, "linkedin", loaded.interviews["acme"], "Raj Patel").body
    assert "I enjoyed talking about how the team runs on-call and would like to stay in touch." in body
    assert note_length(body) <= 200


def test_the_default_limit_is_a_free_accounts() -> None:
    assert journal.Policy().linkedin_note_limit == 200
