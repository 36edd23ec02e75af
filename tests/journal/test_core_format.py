"""The file format (SPEC 2, 2.5): what is read as written, and every bad file named by line."""

from __future__ import annotations

import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from core_helpers import load_one, make_journal, put

import journal
from journal.frontmatter import FrontMatterError, parse


def interview(extra: str = "", *, company: str = "Acme Corp", body: str = "Notes\n") -> str:
    return f"---\ncompany: {company}\nrole: Backend Engineer\ndate: 2026-11-20\n{extra}---\n{body}"


def error_at(tmp_path: Path, content: bytes | str) -> tuple[int, int, str]:
    loaded, problems = load_one(tmp_path, content)
    assert "x" not in loaded.interviews
    errors = [problem for problem in problems if problem.severity == "error"]
    assert errors, "a bad file must be reported"
    first = errors[0]
    assert str(first).startswith(f"interviews/x.md:{first.line}")
    return first.line, first.col, first.message


def test_front_matter_must_start_at_byte_zero(tmp_path: Path) -> None:
    line, _, message = error_at(tmp_path, "\n" + interview())
    assert line == 1 and "must start with a '---' line" in message
    line, _, message = error_at(tmp_path, " " + interview())
    assert line == 1


def test_bom_and_crlf_are_read(tmp_path: Path) -> None:
    content = "\ufeff" + interview("stage: onsite\n", body="Line one\nLine two\n").replace("\n", "\r\n")
    loaded, problems = load_one(tmp_path, content.encode())
    assert problems == []
    record = loaded.interviews["x"]
    assert record.company == "Acme Corp" and record.stage == "onsite"
    assert record.body == "Line one\nLine two\n"


@pytest.mark.parametrize("text", ["NO", "yes", "12:30", "01234", "1.10", "on", "~x", "0x1F", "1e3", "null!"])
def test_text_fields_stay_text_as_written(tmp_path: Path, text: str) -> None:
    loaded, problems = load_one(tmp_path, interview(f"location: {text}\nnext_steps: {text}\n", company=text))
    assert problems == []
    record = loaded.interviews["x"]
    assert (record.company, record.location, record.next_steps) == (text, text, text)


def test_dates_are_never_shifted_and_offsets_are_kept(tmp_path: Path) -> None:
    content = "---\ncompany: A\nrole: R\ndate: 2026-11-20T23:30-08:00\ndecision_by: 2026-11-27\n---\n"
    loaded, problems = load_one(tmp_path, content)
    assert problems == []
    record = loaded.interviews["x"]
    assert record.date == datetime(2026, 11, 20, 23, 30, tzinfo=timezone(timedelta(hours=-8)))
    assert record.day == date(2026, 11, 20), "the calendar day as written, not converted to UTC"
    assert record.decision_by == date(2026, 11, 27)


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    line, col, message = error_at(tmp_path, "---\ncompany: A\nrole: R\ncompany: B\ndate: 2026-11-20\n---\n")
    assert (line, col) == (4, 1)
    assert "duplicate key 'company'" in message and "line 4" in message and "line 2" in message


def test_tab_is_reported_with_line_and_column(tmp_path: Path) -> None:
    line, col, message = error_at(tmp_path, "---\ncompany: A\nrole:\tR\ndate: 2026-11-20\n---\n")
    assert (line, col) == (3, 6) and "tab" in message


def test_alias_bomb_is_refused_fast_with_bounded_memory(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 9):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    content = "---\n" + "\n".join(levels) + "\n---\n"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        line, _, message = error_at(tmp_path, content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 20 * 1024 * 1024
    assert "aliases" in message and line >= 2


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure"])
@pytest.mark.parametrize("shape", ["flow", "block"])
def test_deep_nesting_is_an_error_with_both_loaders(shape: str, pure: bool) -> None:
    if shape == "flow":
        raw = ("---\na: " + "[" * 3000 + "]" * 3000 + "\n---\n").encode()
    else:
        raw = ("---\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(200)) + "---\n").encode()
    with pytest.raises(FrontMatterError) as caught:
        parse(raw, pure=pure)
    assert caught.value.line >= 2
    assert "nest" in caught.value.message or "deep" in caught.value.message


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
        ("---\njust text\n---\n", 2, "must be a mapping"),
        ("---\ncompany: A\nrole: R\n", 1, "never closed"),
        (b"---\ncompany: Caf\xe9\nrole: R\ndate: 2026-11-20\n---\n", 2, "UTF-8"),
        (b"---\ncompany: A\nrole: R\x00\ndate: 2026-11-20\n---\n", 3, "NUL"),
        (
            "---\n<<<<<<< HEAD\ncompany: A\n=======\ncompany: B\n>>>>>>> theirs\nrole: R\ndate: 2026-11-20\n---\n",
            2,
            "conflict",
        ),
        (interview(body="Notes\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b\n"), 7, "conflict"),
        ("---\ncompany: !!python/object/apply:os.system ['true']\nrole: R\ndate: 2026-11-20\n---\n", 2, "tag"),
        ("---\ncompany: !!python/name:os.system\nrole: R\ndate: 2026-11-20\n---\n", 2, "tag"),
        ("---\n? [a, b]\n: c\ncompany: A\n---\n", 2, "plain text"),
        ("---\ncompany: [A\nrole: R\n---\n", 3, "invalid YAML"),
    ],
    ids=[
        "list",
        "scalar",
        "unclosed",
        "latin1",
        "nul",
        "conflict-fm",
        "conflict-body",
        "python-apply",
        "python-name",
        "complex-key",
        "broken-flow",
    ],
)
def test_bad_files_name_file_line_and_reason(tmp_path: Path, content: str | bytes, line: int, words: str) -> None:
    got_line, _, message = error_at(tmp_path, content)
    assert got_line == line
    assert words in message


def test_non_utf8_column_points_at_the_byte(tmp_path: Path) -> None:
    _, col, message = error_at(tmp_path, b"---\ncompany: Caf\xe9\nrole: R\ndate: 2026-11-20\n---\n")
    assert col == 13 and "0xe9" in message


def test_huge_front_matter_is_refused(tmp_path: Path) -> None:
    content = interview("location: " + "x" * 100_000 + "\n")
    line, _, message = error_at(tmp_path, content)
    assert line == 1 and "too large" in message


def test_huge_body_is_fine(tmp_path: Path) -> None:
    loaded, problems = load_one(tmp_path, interview(body="word " * 200_000))
    assert problems == [] and len(loaded.interviews["x"].body) == 1_000_000


def test_missing_and_wrong_type_fields_name_the_key_line(tmp_path: Path) -> None:
    loaded, problems = load_one(tmp_path, "---\nrole: R\ncompany: [A, B]\ndate: someday\ninterest: 9\n---\n")
    by_field = {problem.field: problem for problem in problems}
    assert by_field["company"].line == 3 and "expected text" in by_field["company"].message
    assert by_field["date"].line == 4 and "someday" in by_field["date"].message
    assert by_field["interest"].line == 5


def test_missing_required_key_is_reported_at_line_one(tmp_path: Path) -> None:
    _, problems = load_one(tmp_path, "---\nrole: R\ndate: 2026-11-20\n---\n")
    assert [(p.line, p.field) for p in problems] == [(1, "company")]


def test_dangling_interview_link_is_reported_at_its_line(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "followups/f.md", "---\nkind: thank-you\nto: Jane\ninterview: nowhere\n---\nHi\n")
    loaded = journal.load(root, use_cache=False)
    assert "f" not in loaded.followups
    [problem] = loaded.problems
    assert (problem.path, problem.line, problem.field) == ("followups/f.md", 4, "interview")
    assert "nowhere" in problem.message


def test_one_bad_file_among_many_good_ones(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    for number in range(20):
        put(root, f"interviews/good-{number}.md", interview(company=f"Company {number}"))
    put(root, "interviews/bad.md", b"---\ncompany: \xff\n---\n")
    put(root, "interviews/.hidden.md.1234.tmp", "garbage")
    put(root, "interviews/.#lock.md", "garbage")
    loaded = journal.load(root, use_cache=False)
    assert len(loaded.interviews) == 20
    assert [problem.path for problem in loaded.problems] == ["interviews/bad.md"]


def test_bad_journal_yaml_keeps_defaults_and_names_the_line(tmp_path: Path) -> None:
    root = make_journal(
        tmp_path / "j", extra_config="policy:\n  max_unanswered_nudges: lots\n  holidays: [2026-13-01]\n"
    )
    put(root, "interviews/a.md", interview())
    loaded = journal.load(root, use_cache=False)
    assert "a" in loaded.interviews
    assert loaded.settings.policy.max_unanswered_nudges == 2
    lines = sorted((p.path, p.line) for p in loaded.problems)
    assert lines == [("journal.yaml", 3), ("journal.yaml", 4)]


def test_many_small_aliases_and_many_values_are_refused() -> None:
    aliases = ("---\na: &a x\n" + "".join(f"k{i}: *a\n" for i in range(100)) + "---\n").encode()
    with pytest.raises(FrontMatterError, match="too many anchors/aliases"):
        parse(aliases)
    values = ("---\na: [" + ",".join(["x"] * 25_000) + "]\n---\n").encode()
    for pure in (False, True):
        with pytest.raises(FrontMatterError, match="too many values"):
            parse(values, pure=pure)
