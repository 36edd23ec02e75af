"""Fixtures for the command-line tests: a demo journal on a fixed day and an in-process runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from journal.demo import write_demo
from tui import gitsync
from tui.cli import main

TODAY = date(2026, 11, 25)
"""A Wednesday; every demo test plans for this day unless it says otherwise."""


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """`run("due", "--json")` runs `followup due --json` in-process and captures its output."""

    def runner(*argv: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(arg) for arg in argv])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return runner


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "journal"
    write_demo(root, TODAY)
    gitsync.setup(root)  # as `followup demo` leaves it: the record merge driver configured
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo journal written for TODAY (tests may change it)."""
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root, symlinks=True, ignore=shutil.ignore_patterns(".followup"))
    return root


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    from journal.store import init_journal

    root = tmp_path / "empty"
    init_journal(root, owner="Alex Example", title="Test search")
    gitsync.setup(root)  # as `followup init` leaves it
    return root
