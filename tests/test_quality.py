"""The code stays linted, formatted, typed and layered: ruff over the tree, mypy --strict on every package,
import-linter's contracts on the imports between and inside the packages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["journal", "tui", "site_builder", "tests", "bench"]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def test_ruff_lint_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", *PACKAGES], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied() -> None:
    result = subprocess.run([_tool("ruff"), "format", "--check", *PACKAGES], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_every_package() -> None:
    """Plain `mypy`: strictness and the packages come from [tool.mypy] in pyproject.toml, the one list."""
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_are_kept() -> None:
    """The layering (tui over site_builder over journal) and no import cycles inside a package.

    The contracts are [tool.importlinter] in pyproject.toml; `--no-cache` leaves no cache folder behind.
    """
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
