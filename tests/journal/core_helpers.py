"""Small builders shared by the core's tests: write record files, load, find problems."""

from __future__ import annotations

from pathlib import Path

import journal
from journal.problems import Problem

GOOD_INTERVIEW = b"""---
company: Acme Corp
role: Backend Engineer
date: 2026-11-20T14:00
---
## Talking points
- The event queue.
"""


def make_journal(root: Path, owner: str = "Alex Example", extra_config: str = "") -> Path:
    """A bare journal folder (no git) with a journal.yaml."""
    for sub in ("interviews", "followups", "people", "templates"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "journal.yaml").write_text(f"owner: {owner}\n{extra_config}", encoding="utf-8")
    return root


def put(root: Path, rel: str, content: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def problems_of(loaded: journal.Journal, rel: str) -> list[Problem]:
    return [problem for problem in loaded.problems if problem.path == rel]


def load_one(tmp_path: Path, content: bytes | str, name: str = "x") -> tuple[journal.Journal, list[Problem]]:
    """Load a journal with one interview file (plus a good one) and return that file's problems."""
    root = make_journal(tmp_path / "j")
    put(root, "interviews/good.md", GOOD_INTERVIEW)
    rel = f"interviews/{name}.md"
    put(root, rel, content)
    loaded = journal.load(root, use_cache=False)
    assert "good" in loaded.interviews, "one bad file must never stop the others from loading"
    return loaded, problems_of(loaded, rel)
