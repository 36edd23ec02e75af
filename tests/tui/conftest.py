"""Fixtures for the terminal-app tests: a copy of the fixture journal and a settled app."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import AS_OF, DATA, SIZE, git, settle

from tui.app import FollowupApp


@pytest.fixture
def journal_dir(tmp_path: Path) -> Path:
    """A private copy of tests/data/tui_journal (not a git repository)."""
    root = tmp_path / "journal"
    shutil.copytree(DATA, root)
    return root


@pytest.fixture
def repo_dir(journal_dir: Path) -> Path:
    """The fixture journal committed in a fresh git repository."""
    git(journal_dir, "init", "-q")
    git(journal_dir, "config", "user.email", "test@example.com")
    git(journal_dir, "config", "user.name", "Test")
    git(journal_dir, "add", "-A")
    git(journal_dir, "commit", "-q", "-m", "Start")
    return journal_dir


@pytest.fixture
async def desk(journal_dir: Path) -> AsyncIterator[tuple[FollowupApp, Pilot[object]]]:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        yield app, pilot
