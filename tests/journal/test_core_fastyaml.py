"""The fast path for simple front matter must read exactly what PyYAML reads, or step aside."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.fastyaml import parse_simple, simple_data
from journal.frontmatter import FrontMatterError, Parsed, Span, decode, parse, parse_yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import generate


def split(raw: bytes) -> tuple[str, list[str]]:
    lines = decode(raw).split("\n")
    close = next(index for index in range(1, len(lines)) if lines[index] in ("---", "..."))
    yaml_lines = lines[1:close]
    return "\n".join(yaml_lines) + "\n", yaml_lines


def both(raw: bytes) -> tuple[Parsed | None, Parsed | str]:
    """(fast result or None when it steps aside, YAML result or its error message)."""
    text, yaml_lines = split(raw)
    simple = parse_simple(text, yaml_lines)
    fast = parse(raw) if simple is not None else None
    try:
        slow: Parsed | str = parse_yaml(text, yaml_lines, "", "---")
    except FrontMatterError as exc:
        slow = exc.message
    return fast, slow


def assert_same(raw: bytes) -> bool:
    fast, slow = both(raw)
    if fast is None:
        return False
    assert isinstance(slow, Parsed), f"the fast path accepted what YAML refuses: {slow}"
    assert fast.data == slow.data
    assert fast.positions == slow.positions
    assert fast.spans == slow.spans
    for pure in (False, True):
        general = parse(raw, pure=True) if pure else slow
        assert general.data == fast.data
    return True


def test_generated_journal_takes_the_fast_path_and_agrees(tmp_path: Path) -> None:
    generate(tmp_path, 150, seed=5, today=date(2026, 11, 25))
    files = sorted(tmp_path.glob("*/*.md"))
    assert len(files) > 400
    assert all(assert_same(path.read_bytes()) for path in files)


SAMPLES = [
    "company: Acme\nrole: Dev\ndate: 2026-11-20\n",
    "company: \"Acme, Inc: the #1\"\nrole: 'Dev'\n",
    "tags: [python, remote, c++]\ntags2: []\nlist: [null, Null, x]\n",
    "linkedin: https://www.linkedin.com/in/jane\ndate: 2026-11-20T14:00+01:00\n",
    'interviewers:\n  - name: Jane Doe\n    title: Boss\n  - name: "Raj"\nnext: x\n',
    "interviewers:\n  - name: Jane\n",
    "a: null\nb: NULL\nc: nullx\nd: x null\n",
    "a: yes\nb: 01234\nc: 12:30\nd: 1.10\ne: NO\n",
    "a: x:y\nb: x: y\n",
    "a: x y:\n",
    "a: x # comment\n",
    "a: 'it''s'\n",
    'a: "esc\\n"\n',
    "a: x\na: y\n",
    "a:\nb: x\n",
    "a: x\n\nb: y\n",
    "a: x   \n",
    "a: &x y\nb: *x\n",
    "a: !!str x\n",
    "a: [x , y]\n",
    "a: [x,y]\n",
    "a: {b: c}\n",
    "a: - x\n",
    "a: x\n  continued\n",
    "interviewers:\n  - name: Jane\n      title: odd\n",
    "interviewers:\n  - Jane Doe\n",
    "interviewers:\n- name: Jane\n",
    "a: x\u2028y\n",
    "a: caf\u00e9 \u65e5\u672c \U0001f600\n",
    "a: \ufeffx\n",
    "a: x\x85y\n",
    "? a\n: b\n",
    "a : b\n",
    "a:b\n",
    "- a\n",
    "a: %x\n",
    "a: x\n...\n",
]


@pytest.mark.parametrize("front", SAMPLES)
def test_samples_agree_or_step_aside(front: str) -> None:
    raw = f"---\n{front}---\nbody\n".encode()
    assert_same(raw)


WORD = st.text(alphabet="abcXYZ019 -_.:/'\"#,[]{}&*!|>%@`\\", min_size=0, max_size=12)
KEY = st.sampled_from(["company", "role", "a", "b", "tags", "name"])


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        shape = draw(st.sampled_from(["plain", "double", "single", "flow", "block"]))
        key = draw(KEY)
        if shape == "plain":
            lines.append(f"{key}: {draw(WORD)}")
        elif shape == "double":
            lines.append(f'{key}: "{draw(WORD)}"')
        elif shape == "single":
            lines.append(f"{key}: '{draw(WORD)}'")
        elif shape == "flow":
            lines.append(f"{key}: [{', '.join(draw(st.lists(WORD, max_size=3)))}]")
        else:
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(0, 2))):
                lines.append(f"  - name: {draw(WORD)}")
                if draw(st.booleans()):
                    lines.append(f"    title: {draw(WORD)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(front_matter())
def test_random_front_matter_agrees_or_steps_aside(front: str) -> None:
    assert_same(f"---\n{front}---\n".encode())


def test_data_only_path_reads_what_the_full_fast_path_reads(tmp_path: Path) -> None:
    generate(tmp_path, 60, seed=9, today=date(2026, 11, 25))
    fronts = [split(path.read_bytes())[0] for path in sorted(tmp_path.glob("*/*.md"))]
    for front in fronts + [f"{sample}" for sample in SAMPLES]:
        lines = front.split("\n")[:-1]
        full = parse_simple(front, lines)
        assert simple_data(front) == (full[0] if full is not None else None), front


@settings(max_examples=400, deadline=None)
@given(front_matter())
def test_random_front_matter_data_only_agrees(front: str) -> None:
    full = parse_simple(front, front.split("\n")[:-1])
    assert simple_data(front) == (full[0] if full is not None else None)


def old_split(raw: bytes) -> tuple[tuple[str, ...], str, str]:
    """How files were split before the single-search splitter: (front-matter lines, body, closer)."""
    lines = decode(raw).split("\n")
    close = next(index for index in range(1, len(lines)) if re.match(r"(---|\.\.\.)[ \t]*\Z", lines[index]))
    return tuple(lines[1:close]), "\n".join(lines[close + 1 :]), lines[close].strip()


SHAPES = [
    "---\na: x\n---\nbody\n",
    "---\na: x\n---",
    "---\na: x\n--- \t\nbody",
    "---\r\na: x\r\n...\r\nbody\r\nmore\r\n",
    "---\n---\n",
    "---\n\n---\nbody\n",
    "--- \na: x\nb: ---x\n---\n\n\nbody\n---\n",
    "\ufeff---\na: [x, y]\ninterviewers:\n  - name: A\n    title: B\n...\n",
    "---\na: x\n  # odd\n---\n",
]


@pytest.mark.parametrize("text", SHAPES)
def test_files_split_and_parse_as_before(text: str) -> None:
    raw = text.encode()
    parsed = parse(raw)
    general = parse(raw, pure=True)
    assert (parsed.yaml_lines, parsed.body, parsed.closer) == old_split(raw)
    assert (general.yaml_lines, general.body, general.closer) == old_split(raw)
    assert (parsed.data, parsed.positions, parsed.spans) == (general.data, general.positions, general.spans)


def test_a_lazily_parsed_file_still_names_every_line() -> None:
    raw = b"---\ncompany: Acme\ninterviewers:\n  - name: A\n    title: B\ninterview: x\nrole: [a, b]\n---\nbody\n"
    parsed = parse(raw)
    assert [parsed.line_of(key) for key in ("company", "interview", "role", "missing")] == [2, 6, 7, 1]
    assert parsed.positions[("interviewers", 0, "title")] == (5, 5)
    assert [parsed.line_of(key) for key in ("company", "interview", "role", "missing")] == [2, 6, 7, 1]
    assert parsed.spans["interviewers"] == Span(1, 4, 12)
