"""The benchmark journal is honest: about a third of it is written by hand, and it means the same.

`bench/generate.py` writes each file either in the product's style (what the product's own
writer writes) or by hand (`bench/handwritten.py`), chosen per file from the seed. A file is
*hand-written* when the generator says so (its `Tally`); the tests check that such files use
what people write (comments, quoting, flow and block styles), and that each loads to the
record its product-style twin loads to.
"""

from __future__ import annotations

import dataclasses
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import journal
from journal import validate
from journal.frontmatter import parse
from journal.talking import talking_points

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.generate import Tally, generate, main  # noqa: E402
from bench.handwritten import hand_text  # noqa: E402
from bench.product_style import Record, Section, product_text  # noqa: E402

TODAY = date(2026, 11, 25)
INTERVIEWS = 300


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tally, Path]:
    """The same seed written with the default share of hand-written files, and with none."""
    mixed, plain = tmp_path_factory.mktemp("mixed"), tmp_path_factory.mktemp("plain")
    tally = generate(mixed, INTERVIEWS, seed=11, today=TODAY)
    generate(plain, INTERVIEWS, seed=11, today=TODAY, hand_share=0)
    return mixed, tally, plain


def front_matter(raw: bytes) -> str:
    """The front matter as written, closing line included: never spelled as the product's writer spells it."""
    lines = raw.decode().split("\n")
    close = next(index for index in range(1, len(lines)) if lines[index] in ("---", "..."))
    return "\n".join(lines[: close + 1])


def test_the_generated_journal_loads_without_any_problem(twins: tuple[Path, Tally, Path]) -> None:
    mixed, tally, _plain = twins
    loaded = journal.load(mixed, use_cache=False)
    assert loaded.problems == []
    assert len(loaded.interviews) == INTERVIEWS
    assert len(loaded.interviews) + len(loaded.followups) + len(loaded.people_files) == len(tally.product + tally.hand)


def test_about_a_third_of_the_files_is_hand_written(twins: tuple[Path, Tally, Path]) -> None:
    mixed, tally, _plain = twins
    files = sorted(str(path.relative_to(mixed)) for path in mixed.glob("*/*.md"))
    assert sorted(tally.product + tally.hand) == files
    assert 0.25 <= len(tally.hand) / len(files) <= 0.45
    for folder in ("interviews", "followups", "people"):
        assert any(path.startswith(f"{folder}/") for path in tally.hand), folder


def test_hand_written_files_are_written_as_people_write(twins: tuple[Path, Tally, Path]) -> None:
    mixed, tally, plain = twins
    for path in tally.hand:
        raw = (mixed / path).read_bytes()
        assert front_matter(raw) != front_matter((plain / path).read_bytes()), path
        assert parse(raw, pure=True).data == parse(raw).data, path  # libyaml and PyYAML read it alike


def test_every_hand_written_file_loads_like_its_product_style_twin(twins: tuple[Path, Tally, Path]) -> None:
    """Same ids, same facts, same talking points and the same agenda; only the bodies' Markdown differs."""
    mixed, _tally, plain = twins
    ours, theirs = journal.load(mixed, use_cache=False), journal.load(plain, use_cache=False)
    for kind in ("interviews", "followups", "people_files"):
        mine, twin = getattr(ours, kind), getattr(theirs, kind)
        assert sorted(mine) == sorted(twin)
        for ident, record in mine.items():
            assert dataclasses.replace(record, body="") == dataclasses.replace(twin[ident], body=""), ident
    for ident, interview in ours.interviews.items():
        assert talking_points(interview.body) == talking_points(theirs.interviews[ident].body), ident
    policy = ours.settings.policy
    assert journal.agenda.agenda(ours, policy, TODAY) == journal.agenda.agenda(theirs, policy, TODAY)


TRICKY = [
    Record(
        "interviews",
        "2026-11-20-gekko-co-backend-engineer-onsite",
        (
            ("company", "Gekko & Co"),
            ("role", "Backend Engineer"),
            ("stage", "onsite"),
            ("date", "2026-11-20T14:00"),
            ("format", "in-person"),
            ("location", "Office, 3rd floor"),
            ("interviewers", [
                {"name": "Tom O'Brien", "title": "CTO", "email": "tom.o.brien@gekko-co.example",
                 "linkedin": "https://www.linkedin.com/in/tom-o-brien"},
                {"name": "Zoë Yılmaz", "title": "Head of Engineering"},
            ]),
            ("next_steps", "Decision after all candidates are seen, about two weeks."),
            ("decision_by", "2026-11-27"),
            ("outcome", "pending"),
            ("interest", "4"),
            ("tags", ["python", "remote"]),
        ),
        (
            Section("Talking points", ("The monolith split: they are carving out billing first.",), bullets=True),
            Section("Notes", ("Went well overall. I stumbled on one question about consistency models.",)),
            Section("Questions I asked", ("What does success look like after six months?",), bullets=True),
        ),
    ),
    Record(
        "followups",
        "2026-11-24-reply-tom-o-brien",
        (
            ("interview", "2026-11-20-gekko-co-backend-engineer-onsite"),
            ("kind", "reply"),
            ("to", "Tom O'Brien"),
            ("direction", "in"),
            ("channel", "email"),
            ("status", "received"),
            ("date", "2026-11-24T09:30"),
            ("subject", "Re: Checking in — Backend Engineer"),
        ),
        (Section(None, ("Thanks for your patience — we expect to decide by the end of next week.",)),),
    ),
    Record(
        "followups",
        "2026-11-21-thank-you-zoe-yilmaz",
        (
            ("interview", "2026-11-20-gekko-co-backend-engineer-onsite"),
            ("kind", "thank-you"),
            ("to", "Zoë Yılmaz"),
            ("channel", "email"),
            ("status", "sent"),
            ("date", "2026-11-21"),
            ("subject", "Thank you — Backend Engineer interview"),
        ),
        (Section(None, ("Hi Zoë,", "Thank you for taking the time.", "Best regards,\nAlex")),),
    ),
    Record(
        "people",
        "tom-o-brien",
        (("name", "Tom O'Brien"), ("company", "Gekko & Co"), ("relationship", "recruiter"), ("keep_in_touch", "60")),
        (Section(None, ("Met at Gekko & Co. Likes talking about on-call load.",)),),
    ),
]  # fmt: skip
VALIDATE: dict[str, Any] = {"interviews": validate.interview, "followups": validate.followup, "people": validate.person}


def read(record: Record, text: str) -> tuple[object, list[journal.Problem]]:
    path = f"{record.folder}/{record.ident}.md"
    parsed = parse(text.encode())
    loaded, problems = VALIDATE[record.folder](parsed, path, record.ident, "digest")
    return dataclasses.replace(loaded, body="", source=None), problems


@pytest.mark.parametrize("record", TRICKY, ids=[record.ident for record in TRICKY])
def test_one_record_written_both_ways_means_the_same(record: Record) -> None:
    """Apostrophes, `: `, commas, URLs and accents, through two hundred draws of the hand style."""
    expected, problems = read(record, product_text(record))
    assert problems == []
    for number in range(200):
        text = hand_text(record, random.Random(number))
        assert read(record, text) == (expected, []), text
        assert front_matter(text.encode()) != front_matter(product_text(record).encode()), text


def test_the_same_seed_gives_the_same_bytes_in_any_process(tmp_path: Path) -> None:
    """No dependence on dict or set order, string hashing or the clock: a child with another hash seed agrees."""
    here, there, other = tmp_path / "here", tmp_path / "there", tmp_path / "other"
    generate(here, 40, seed=2, today=TODAY)
    script = "from bench.generate import main; raise SystemExit(main())"
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", script, str(there), "--interviews", "40", "--seed", "2", "--today", "2026-11-25"]
    subprocess.run(command, check=True, env=environment, cwd=ROOT, capture_output=True)
    generate(other, 40, seed=3, today=TODAY)
    assert contents(here) == contents(there)
    assert contents(here) != contents(other)


def contents(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_the_command_line_says_how_many_files_of_each_style(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--interviews", "30", "--seed", "4", "--today", "2026-11-25"]) == 0
    said = capsys.readouterr().out
    assert "in the product's style" in said and "hand-written" in said
    assert main([str(tmp_path / "none"), "--interviews", "30", "--hand-share", "0"]) == 0
    assert ", 0 hand-written (0%)" in capsys.readouterr().out
