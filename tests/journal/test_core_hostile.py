"""What users paste and type, in every YAML style: loading never raises, every problem names
its line, and a save changes only what it edits and always loads back as edited (SPEC 2.5)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from core_helpers import load_one, make_journal, problems_of, put
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import journal
from journal import exports, store
from journal.frontmatter import FrontMatterError, parse
from journal.records import FollowUp, Interview, Interviewer, Person
from journal.serialize import as_written

SEPARATORS = ["\u2028", "\u2029", "\x85", "\r"]

# -- 1. Line and paragraph separators are text -------------------------------------------


@pytest.mark.parametrize("separator", SEPARATORS, ids=["LS", "PS", "NEL", "CR"])
@pytest.mark.parametrize(
    "written",
    ['"Acme{s}Corp"', "'Acme{s}Corp'", "Acme{s}Corp", "|-\n  Acme{s}Corp"],
    ids=["double", "single", "plain", "literal"],
)
def test_a_separator_is_text_and_lines_still_count(tmp_path: Path, separator: str, written: str) -> None:
    value = written.format(s=separator)
    text = f"---\ncompany: {value}\nrole: Dev\ndate: 2026-11-20\nstage: lunch\n---\nbody{separator}end\n"
    loaded, problems = load_one(tmp_path, text)
    record = loaded.interviews["x"]
    assert record.company == f"Acme{separator}Corp"
    assert record.body == f"body{separator}end\n"
    stage_line = text.split("\n").index("stage: lunch") + 1
    assert [(p.line, p.field) for p in problems] == [(stage_line, "stage")]


@pytest.mark.parametrize("separator", SEPARATORS, ids=["LS", "PS", "NEL", "CR"])
@pytest.mark.parametrize("key", ["company", "stage", "outcome"], ids=["before", "after", "last"])
def test_saving_around_a_separator_rewrites_only_that_key(tmp_path: Path, separator: str, key: str) -> None:
    root = make_journal(tmp_path / "j")
    original = f'---\ncompany: "Acme{separator}Corp"\nrole: Dev\nlocation: a{separator}b\nstage: onsite\noutcome: pending\n---\nx\n'
    original = original.replace("role: Dev\n", "role: Dev\ndate: 2026-11-20\n")
    path = put(root, "interviews/x.md", original)
    record = journal.load(root, use_cache=False).interviews["x"]
    new_value = {"company": "Globex", "stage": "final", "outcome": "offer"}[key]
    edited = dataclasses.replace(record, **{key: new_value})
    store.save(root, edited)
    again = journal.load(root, use_cache=False)
    assert again.problems == [] and again.interviews["x"] == edited
    old_lines, new_lines = original.split("\n"), path.read_bytes().decode().split("\n")
    changed = [index for index, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert changed == [next(i for i, line in enumerate(old_lines) if line.startswith(f"{key}:"))]


# -- 2. Dates the calendar cannot hold ---------------------------------------------------


@pytest.mark.parametrize("year", ["0226", "0001", "9999", "1899", "2200"])
@pytest.mark.parametrize("key", ["date", "decision_by", "follow_up_on", "snooze_until"])
def test_a_year_outside_1900_2199_is_an_error_and_keeps_the_record_out(tmp_path: Path, year: str, key: str) -> None:
    lines = {"company": "Acme", "role": "Dev", "date": "2026-11-20", key: f"{year}-11-20"}
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\n"
    loaded, problems = load_one(tmp_path, text)
    assert "x" not in loaded.interviews
    line = text.split("\n").index(f"{key}: {year}-11-20") + 1
    assert [(p.line, p.field, p.severity) for p in problems] == [(line, key, "error")]
    assert f"year {year} is outside 1900–2199 — a typo?" in problems[0].message


@pytest.mark.parametrize("when", ["1900-01-01", "2199-12-31", "2199-12-31T23:59+14:00", "1900-01-01T00:00-12:00"])
def test_the_edges_of_the_range_load_and_plan(tmp_path: Path, when: str) -> None:
    loaded, problems = load_one(tmp_path, f"---\ncompany: Acme\nrole: Dev\ndate: {when}\n---\n")
    assert problems == [] and "x" in loaded.interviews
    for as_of in (date(1900, 1, 1), date(2199, 12, 31)):
        items = journal.agenda.agenda(loaded, loaded.settings.policy, as_of)
        exports.to_ics(loaded, items, as_of)
        json.dumps(exports.to_json_data(loaded, items, as_of))
    exports.to_csv(loaded)


def test_a_follow_up_dated_in_year_0226_is_left_out(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/a.md", "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n")
    put(root, "followups/f.md", "---\ninterview: a\nkind: thank-you\nstatus: sent\ndate: 0226-11-21\n---\n")
    loaded = journal.load(root, use_cache=False)
    assert loaded.followups == {}
    assert [(p.line, p.field) for p in problems_of(loaded, "followups/f.md")] == [(5, "date")]


# -- 3. Values the writer cannot write back in the file's own style ----------------------


def test_a_text_ending_in_newlines_keeps_the_keys_after_it(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    record = Interview(
        id="x", company="Acme", role="Dev", date=date(2026, 11, 20), next_steps="Friday\n\n", tags=("a",)
    )
    created = store.create(root, record)
    assert created == record
    loaded = journal.load(root, use_cache=False)
    assert loaded.problems == [] and loaded.interviews["x"] == record
    edited = dataclasses.replace(loaded.interviews["x"], next_steps="Monday\n", location="Zoom\n\n\n")
    store.save(root, edited)
    assert journal.load(root, use_cache=False).interviews["x"] == edited


def test_a_flow_mapping_keeps_every_key_and_comment_outside_it(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(
        root, "interviews/x.md", "---\n# mine\n{company: Acme, role: Dev, date: 2026-11-20,\n  x-note: kept}\n---\nb\n"
    )
    record = journal.load(root, use_cache=False).interviews["x"]
    edited = dataclasses.replace(record, stage="final", location="Zoom")
    store.save(root, edited)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# mine\ncompany: Acme\nrole: Dev\ndate: 2026-11-20\nx-note: kept\n")
    assert parse(text.encode()).data["x-note"] == "kept"
    assert journal.load(root, use_cache=False).interviews["x"] == edited


def test_editing_an_anchored_value_keeps_what_its_aliases_meant(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", "---\ncompany: &c Acme\nrole: *c\ndate: 2026-11-20\nstage: onsite\n---\n")
    record = journal.load(root, use_cache=False).interviews["x"]
    store.save(root, dataclasses.replace(record, company="Globex"))
    again = journal.load(root, use_cache=False)
    assert again.problems == []
    assert (again.interviews["x"].company, again.interviews["x"].role) == ("Globex", "Acme")
    assert path.read_text(encoding="utf-8").endswith("date: 2026-11-20\nstage: onsite\n---\n"), "other lines kept"


def test_editing_the_interviewers_keeps_the_comments_after_them(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    head = "---\ncompany: Acme\nrole: Dev\ndate: 2026-11-20\ninterviewers:\n  - name: Jane\n"
    tail = "  # Raj joined late\n\n# decision next week\noutcome: pending\n---\n"
    path = put(root, "interviews/x.md", head + tail)
    record = journal.load(root, use_cache=False).interviews["x"]
    edited = dataclasses.replace(record, interviewers=(*record.interviewers, Interviewer(name="Raj Patel")))
    store.save(root, edited)
    assert path.read_text(encoding="utf-8").endswith(tail)
    assert journal.load(root, use_cache=False).interviews["x"] == edited


def test_changing_only_the_kind_of_a_reply_keeps_it_received(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/a.md", "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n")
    put(root, "followups/r.md", "---\ninterview: a\nkind: reply\nto: Jane\ndate: 2026-11-21\n---\nThanks!\n")
    reply = journal.load(root, use_cache=False).followups["r"]
    assert (reply.direction, reply.status) == ("in", "received")
    edited = dataclasses.replace(reply, kind="other")
    store.save(root, edited)
    again = journal.load(root, use_cache=False).followups["r"]
    assert again == edited and (again.direction, again.status) == ("in", "received")


def test_a_nul_in_the_text_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    path = put(root, "interviews/x.md", "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\nline one\n")
    record = journal.load(root, use_cache=False).interviews["x"]
    with pytest.raises(journal.SaveError, match=r"interviews/x\.md: line 2 of the text holds a NUL character"):
        store.save(root, dataclasses.replace(record, body="line one\nbad\0byte\n"))
    assert path.read_text() == "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\nline one\n"
    with pytest.raises(journal.SaveError, match="NUL"):
        store.create(root, dataclasses.replace(record, id="y", body="\0"))
    assert sorted(os.listdir(root / "interviews")) == ["x.md"]


# -- 6, 7. Conflict markers and folders that lead outside --------------------------------


def test_seven_angle_brackets_alone_are_a_quote_not_a_conflict(tmp_path: Path) -> None:
    body = "> one\n>>>>>>> a deeply nested quote\n"
    loaded, problems = load_one(tmp_path, "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n" + body)
    assert problems == [] and loaded.interviews["x"].body == body


@pytest.mark.parametrize(
    "body",
    ["<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n", "mine\n=======\ntheirs\n>>>>>>> main\n"],
    ids=["whole", "opening-line-lost"],
)
def test_conflict_markers_are_reported_at_their_line(tmp_path: Path, body: str) -> None:
    _, problems = load_one(tmp_path, "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\nintro\n" + body)
    assert [(p.line, p.severity) for p in problems] == [(7 if body.startswith("<") else 8, "error")]
    assert "merge conflict" in problems[0].message


def test_conflict_markers_in_journal_yaml_are_a_merge_conflict_at_their_line(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    (root / "journal.yaml").write_text("owner: Alex\n<<<<<<< HEAD\ntimezone: UTC\n=======\ntimezone: CET\n>>>>>>> b\n")
    loaded = journal.load(root, use_cache=False)
    assert [(p.path, p.line) for p in loaded.problems] == [("journal.yaml", 2)]
    assert "merge conflict" in loaded.problems[0].message


NEW_RECORD = {
    "interviews": Interview(id="n", company="A", role="R", date=date(2026, 11, 20)),
    "followups": FollowUp(id="n", kind="other", to="N"),
    "people": Person(id="n", name="N"),
}


@pytest.mark.parametrize("folder", ["interviews", "followups", "people"])
def test_a_record_folder_linked_outside_the_journal_is_ignored_with_a_warning(tmp_path: Path, folder: str) -> None:
    root = make_journal(tmp_path / "j")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("---\ncompany: A\nrole: R\ndate: 2026-11-20\nname: N\nkind: other\nto: N\n---\n")
    os.rmdir(root / folder)
    (root / folder).symlink_to(outside, target_is_directory=True)
    for use_cache in (False, True, True):
        loaded = journal.load(root, use_cache=use_cache)
        assert (loaded.interviews, loaded.followups, loaded.people_files) == ({}, {}, {})
        assert [(p.path, p.severity) for p in loaded.problems] == [(folder, "warning")]
    assert journal.loader.read_file(root, f"{folder}/x.md") is None
    with pytest.raises(journal.SaveError, match="outside the journal"):
        store.create(root, NEW_RECORD[folder])
    assert not (outside / "n.md").exists()


def test_a_record_folder_linked_inside_the_journal_is_read(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    os.rmdir(root / "interviews")
    (root / "archive").mkdir()
    put(root, "archive/x.md", "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n")
    (root / "interviews").symlink_to(root / "archive", target_is_directory=True)
    loaded = journal.load(root, use_cache=False)
    assert list(loaded.interviews) == ["x"] and loaded.problems == []


# -- The property: random front matter in every style, random edits ----------------------

PIECES = [*SEPARATORS, "\n", "#", ": ", " #", "'", '"', "\\", "&a", "*a", "{", "[", "- ", "é", "ß", "NO", "12:30"]
TEXT = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"), st.sampled_from(PIECES)),
    max_size=12,
).map("".join)
"""Text as people paste it into a file: any script, separators, YAML's special characters."""
TYPED = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(PIECES)), max_size=12).map(
    "".join
)
"""Text typed into the app: anything at all, control characters too (the writer escapes them)."""
LINE_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.()/@+\u2028\u2029\x85\r-]*[A-Za-z0-9.)]\Z|[A-Za-z0-9]\Z")
WHEN = st.one_of(
    st.dates(date(1900, 1, 1), date(2199, 12, 31)).map(date.isoformat),
    st.dates(date(1850, 1, 1), date(2250, 12, 31)).map(date.isoformat),
    st.datetimes(datetime(1899, 1, 1), datetime(2201, 1, 1)).map(lambda moment: moment.isoformat(timespec="minutes")),
    st.sampled_from(["2026-11-20T14:00+01:00", "2026-02-30", "0226-11-20", "2026-11-20 09:30", "20261120", "soon"]),
)


def _scalar(value: str, style: str) -> str:
    """`value` written in a YAML style that holds it (else double-quoted, as JSON writes it)."""
    if style == "plain" and LINE_SAFE.match(value):
        return value
    if style == "single" and "\n" not in value and value.strip() == value and value:
        return "'" + value.replace("'", "''") + "'"
    if style == "literal" and value.strip(" ") and "\n" in value and not value.startswith((" ", "\n")):
        lines = value.split("\n")
        chomp = "+" if value.endswith("\n") else "-"
        if not any(line.startswith(" ") for line in lines) and not value.endswith("\n\n\n"):
            return (
                f"|{chomp}\n"
                + "".join(f"  {line}\n" if line else "\n" for line in lines[:-1])
                + (f"  {lines[-1]}" if lines[-1] else "")
            )
    return json.dumps(value, ensure_ascii=False)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Interview front matter as people write it: any quoting, comments, anchors, flow style."""
    styles = st.sampled_from(["plain", "single", "double", "literal"])
    fields: list[tuple[str, str]] = [
        ("company", _scalar(draw(TEXT.filter(str.strip)), draw(styles))),
        ("role", _scalar(draw(TEXT.filter(str.strip)), draw(styles))),
        ("date", draw(WHEN)),
    ]
    for key in draw(
        st.lists(st.sampled_from(["location", "next_steps", "x_note", "stage", "decision_by"]), unique=True)
    ):
        if key == "decision_by":
            fields.append((key, draw(WHEN)))
        elif key == "stage":
            fields.append((key, draw(st.sampled_from(["onsite", "final", "lunch"]))))
        else:
            fields.append((key, _scalar(draw(TEXT), draw(styles))))
    if draw(st.booleans()) and "\n" not in fields[0][1]:
        fields[0] = ("company", "&a " + fields[0][1])
        fields.append(("location", "*a") if all(key != "location" for key, _ in fields) else ("x_alias", "*a"))
    lines: list[str] = []
    for key, value in fields:
        if draw(st.booleans()):
            lines.append("# " + draw(TEXT).replace("\n", " ").replace("\r", " "))
        lines.append(f"{key}: {value}")
    if draw(st.booleans()):
        lines += [
            "interviewers:",
            "  - name: Jane Doe",
            "    # she leads the team",
            "  - Raj Patel",
            "# after the list",
        ]
    block = "\n".join(lines) + "\n"
    if draw(st.booleans()):  # the same values in one flow mapping
        try:
            data = parse(f"---\n{block}---\n".encode()).data
        except FrontMatterError:
            return block
        items = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
        return "{" + ",\n ".join(items) + "}\n"
    return block


EDITS = st.one_of(
    st.tuples(st.sampled_from(["company", "role"]), TYPED.filter(str.strip)),
    st.tuples(st.sampled_from(["location", "next_steps", "stage_text", "body"]), TYPED),
    st.tuples(st.just("date"), st.dates(date(1900, 1, 1), date(2199, 12, 31))),
    st.tuples(st.just("decision_by"), st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2199, 12, 31)))),
    st.tuples(st.just("interest"), st.one_of(st.none(), st.integers(1, 5))),
    st.tuples(st.just("tags"), st.lists(TYPED.filter(str.strip), max_size=3).map(tuple)),
    st.tuples(
        st.just("interviewers"),
        st.lists(TEXT.map(str.strip).filter(bool).map(lambda name: Interviewer(name=name)), max_size=2).map(tuple),
    ),
)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(front=front_matter(), body=TEXT, edits=st.lists(EDITS, min_size=1, max_size=3))
def test_any_front_matter_loads_or_says_where_and_any_save_reads_back(
    tmp_path: Path, front: str, body: str, edits: list[tuple[str, Any]]
) -> None:
    root = make_journal(Path(tempfile.mkdtemp(dir=tmp_path)))
    original = f"---\n{front}---\n{body}"
    path = put(root, "interviews/x.md", original)
    loaded = journal.load(root, use_cache=False)
    lines = original.split("\n")
    for problem in loaded.problems:
        assert problem.path == "interviews/x.md" and 1 <= problem.line <= len(lines), problem
    items = journal.agenda.agenda(loaded, loaded.settings.policy, date(2026, 12, 1))
    exports.to_ics(loaded, items, date(2026, 12, 1))
    exports.to_csv(loaded)
    record = loaded.interviews.get("x")
    event("loaded" if record is not None else "left out")
    event("flow" if front.startswith("{") else "block")
    if record is None:
        assert any(problem.severity == "error" for problem in loaded.problems)
        return
    for key, value in edits:
        key = "stage" if key == "stage_text" else key
        if key == "stage":
            value = "final" if record.stage != "final" else None
        edited = dataclasses.replace(record, **{key: value})
        before = path.read_bytes()
        parsed = parse(before)
        if key == "body" and "\0" in value:
            with pytest.raises(journal.SaveError, match="NUL character"):
                store.save(root, edited)
            assert path.read_bytes() == before
            continue
        saved = store.save(root, edited)
        event("written" if saved.written else "unchanged")
        again = journal.load(root, use_cache=False)
        assert again.interviews.get("x") == saved.record, (path.read_text(encoding="utf-8"), again.problems)
        assert saved.record in (edited, as_written(edited, record)), "it reads back as the user entered it"
        span = parsed.spans.get(key)
        if saved.written and span is not None and key not in parsed.together:
            old = parsed.yaml_lines
            new = parse(path.read_bytes()).yaml_lines
            assert new[: span.start] == old[: span.start], "lines before the edited key are unchanged"
            rest = old[span.end :]
            assert any(new[at : at + len(rest)] == rest for at in range(span.start, len(new) - len(rest) + 1)), (
                "lines after the edited key are unchanged"
            )
        record = again.interviews["x"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["reply", "thank-you", "check-in", "other"]),
    to_kind=st.sampled_from(["reply", "thank-you", "other"]),
    explicit=st.booleans(),
    text=TEXT,
)
def test_a_follow_up_edit_never_changes_what_was_implied(
    tmp_path: Path, kind: str, to_kind: str, explicit: bool, text: str
) -> None:
    root = make_journal(Path(tempfile.mkdtemp(dir=tmp_path)))
    put(root, "interviews/a.md", "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n")
    extra = "direction: in\nstatus: received\n" if explicit and kind == "reply" else ""
    put(root, "followups/f.md", f"---\ninterview: a\nkind: {kind}\nto: Jane\n{extra}date: 2026-11-21\n---\n")
    record = journal.load(root, use_cache=False).followups["f"]
    edited = dataclasses.replace(record, kind=to_kind, subject=text or None)
    store.save(root, edited)
    assert journal.load(root, use_cache=False).followups["f"] == as_written(edited, record)


def test_the_newest_moment_a_journal_may_hold_still_plans(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    put(root, "interviews/a.md", "---\ncompany: A\nrole: R\ndate: 2199-12-31T23:59+14:00\n---\n")
    put(root, "followups/f.md", "---\ninterview: a\nkind: status-check\nstatus: sent\ndate: 2199-12-31\n---\n")
    loaded = journal.load(root, use_cache=False)
    assert loaded.problems == [] and isinstance(loaded.followups["f"], FollowUp)
    as_of = date(2199, 12, 31)
    items = journal.agenda.agenda(loaded, loaded.settings.policy, as_of)
    assert b"BEGIN:VCALENDAR" in exports.to_ics(loaded, items, as_of)


@pytest.mark.parametrize("value", ["٣", "²", "1_0", "+3", "३"])
def test_a_number_is_ascii_digits_only(tmp_path: Path, value: str) -> None:
    loaded, problems = load_one(tmp_path, f"---\ncompany: A\nrole: R\ndate: 2026-11-20\ninterest: '{value}'\n---\n")
    assert loaded.interviews["x"].interest is None
    assert [(p.line, p.field) for p in problems] == [(5, "interest")] and "whole number" in problems[0].message


@pytest.mark.parametrize("value", ["٢٠٢٦-١١-٢٠", "２０２６-11-20", "2026-11-20T１４:00"])
def test_a_date_is_ascii_digits_only(tmp_path: Path, value: str) -> None:
    _, problems = load_one(tmp_path, f"---\ncompany: A\nrole: R\ndate: {value}\n---\n")
    assert [(p.line, p.field) for p in problems] == [(4, "date")] and "use YYYY-MM-DD" in problems[0].message
