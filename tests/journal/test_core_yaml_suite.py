"""Every case of the YAML test suite as an interview's front matter: a record or a named problem.

Never an exception and never a hang; where the suite gives the expected data (`in.json`)
and it is a mapping of plain scalars, nothing may be silently changed. PyYAML's C and
pure-Python loaders must agree on every case.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from core_helpers import make_journal, put

import journal
from journal.frontmatter import FrontMatterError, parse

SUITE = Path(__file__).resolve().parent.parent / "data" / "yaml-test-suite"
CASES = sorted(path.parent for path in SUITE.rglob("in.yaml"))
_MARKER = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)
PARSER_DIVERGENCES = {
    "4ABK": "libyaml refuses a flow mapping entry without ': ' that pure PyYAML accepts",
    "WZ62": "pure PyYAML refuses a tagged empty flow key (`!!str : bar`) that libyaml accepts",
    "X4QW": "libyaml accepts '>#comment' (a suite error case) that pure PyYAML refuses",
}
"""Where the two PyYAML parsers themselves disagree: each still gives data or a located error."""
YAML_1_1_KEYS = {"652Z": "PyYAML (YAML 1.1) reads '?foo' in a flow mapping as the key 'foo'"}


def case_name(case: Path) -> str:
    return case.relative_to(SUITE).as_posix().replace("/", "-")


def as_file(case: Path) -> bytes:
    text = (case / "in.yaml").read_bytes()
    return b"---\n" + text + (b"" if text.endswith(b"\n") else b"\n") + b"---\nBody.\n"


def outcome(raw: bytes, pure: bool) -> tuple[str, Any]:
    try:
        return "data", parse(raw, pure=pure).data
    except FrontMatterError as exc:
        return "error", (exc.line, exc.message)


def test_the_suite_is_there() -> None:
    assert len(CASES) > 300


def test_every_case_loads_or_is_a_named_problem(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    names = {}
    for case in CASES:
        rel = f"interviews/{case_name(case).lower()}.md"
        put(root, rel, as_file(case))
        names[rel] = case
    put(root, "interviews/zz-good.md", "---\ncompany: A\nrole: R\ndate: 2026-11-20\n---\n")
    loaded = journal.load(root, use_cache=False)
    assert "zz-good" in loaded.interviews
    by_path: dict[str, list[journal.Problem]] = {}
    for problem in loaded.problems:
        by_path.setdefault(problem.path, []).append(problem)
    loaded_paths = {record.source.path for record in loaded.interviews.values() if record.source}
    for rel in names:
        problems = by_path.get(rel, [])
        assert rel in loaded_paths or problems, f"{rel}: neither a record nor a problem"
        for problem in problems:
            assert problem.line >= 1 and problem.message, f"{rel}: {problem!r}"
            assert str(problem).startswith(f"{rel}:{problem.line}")


@pytest.mark.parametrize("case", CASES, ids=case_name)
def test_c_and_pure_loaders_agree(case: Path) -> None:
    raw = as_file(case)
    fast, slow = outcome(raw, pure=False), outcome(raw, pure=True)
    if case.name in PARSER_DIVERGENCES:
        for kind, value in (fast, slow):
            assert kind == "data" or value[0] >= 1
        return
    assert fast[0] == slow[0], "libyaml and pure PyYAML disagree"
    if fast[0] == "data":
        assert fast == slow


def _plain_mapping(case: Path) -> dict[str, Any] | None:
    """The expected data when it is one mapping of scalars and the YAML has no document markers."""
    json_path = case / "in.json"
    if not json_path.exists() or (case / "error").exists() or case.name in YAML_1_1_KEYS:
        return None
    text = (case / "in.yaml").read_text(encoding="utf-8")
    if _MARKER.search(text) or "%" in text.split("\n", 1)[0]:
        return None
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None  # several documents
    if not isinstance(data, dict) or not data:
        return None
    if not all(isinstance(value, str | int | float | bool) or value is None for value in data.values()):
        return None
    return data


PLAIN = [case for case in CASES if _plain_mapping(case) is not None]


def test_there_are_plain_mapping_cases() -> None:
    assert len(PLAIN) >= 20


@pytest.mark.parametrize("case", PLAIN, ids=case_name)
def test_plain_scalars_are_not_silently_changed(case: Path) -> None:
    expected = _plain_mapping(case)
    assert expected is not None
    kind, data = outcome(as_file(case), pure=False)
    if kind == "error":
        return  # refused with a line is allowed (tags, aliases beyond the cap, …)
    assert set(data) == set(expected)
    for key, value in expected.items():
        got = data[key]
        if isinstance(value, str):
            assert got == value, f"{key!r}: text changed"
        elif value is None:
            assert got is None or got == "", f"{key!r}: null read as {got!r}"
        else:
            assert isinstance(got, str), f"{key!r}: a scalar must stay the text as written"
            if isinstance(value, bool):
                assert got.lower() in ("true", "false")
            else:
                assert float(got.replace("_", "")) == pytest.approx(float(value)), f"{key!r}: {got!r} != {value!r}"


@pytest.mark.parametrize("case", CASES, ids=case_name)
def test_a_walk_that_skips_anchors_and_tags_absent_from_the_text_reads_the_same(case: Path) -> None:
    """The walker skips alias counting without a `&` in the text and tag checks without a `!`
    (neither can be written otherwise): every case reads as a walk that checks everything."""
    from journal import yamlnodes

    text, restore = yamlnodes.shield((case / "in.yaml").read_text(encoding="utf-8", errors="replace"))
    try:
        node = yamlnodes.compose(text, False, restore)
    except FrontMatterError:
        return
    if not isinstance(node, yaml.MappingNode):
        return
    walked = []
    for given in (text, None):
        walker = yamlnodes.Walker(restore=restore, text=given)
        try:
            walked.append(("data", walker.mapping(node, ()), walker.positions, walker.shared))
        except FrontMatterError as exc:
            walked.append(("error", exc.line, exc.col, exc.message))
    assert walked[0] == walked[1]
