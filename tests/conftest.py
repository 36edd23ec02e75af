"""Shared fixtures and test ordering.

Browser tests (marker `browser`) run after everything else: pytest-playwright style
event loops must not be left running under the async Textual tests.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
YAML_SUITE = DATA / "yaml-test-suite"
"""A copy of ../shared/corpus/yaml-test-suite (MIT, see its LICENSE), so the suite runs anywhere."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def config_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test (and every app or command it starts) keeps its preferences in a folder of its own,
    never the real ~/.config: XDG_CONFIG_HOME points there."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def git_journal(tmp_path: Path) -> Path:
    """An empty journal folder inside a fresh git repository (real `git`)."""
    from journal.store import init_journal

    root = tmp_path / "journal"
    init_journal(root, owner="Alex Example", title="Test search")
    subprocess.run(["git", "-C", str(root), "config", "user.email", "test@example.com"], check=True)
    subprocess.run(["git", "-C", str(root), "config", "user.name", "Test"], check=True)
    return root
