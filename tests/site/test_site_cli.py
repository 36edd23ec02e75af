"""`build` and `serve` on the command line: registration, lazy imports, arguments."""

from __future__ import annotations

import argparse
import subprocess
import sys
import types
from pathlib import Path

import pytest

from site_builder import cli


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    code = (
        "import sys, tui.cli, site_builder.cli; "
        "heavy = [m for m in ('jinja2', 'markdown_it', 'watchdog', 'icalendar', 'textual') if m in sys.modules]; "
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_serve_is_registered_and_calls_the_server_lazily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Path, int, bool, Path | None]] = []
    fake = types.ModuleType("site_builder.serve")

    def serve(root: Path, port: int = 8000, open_browser: bool = True, out: Path | None = None) -> int:
        calls.append((root, port, open_browser, out))
        return 0

    fake.serve = serve  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "site_builder.serve", fake)
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["serve", "--port", "8123", "--no-open"])
    assert args.func(args, tmp_path) == 0
    assert calls == [(tmp_path, 8123, False, None)]
    args = parser.parse_args(["serve"])
    assert args.func(args, tmp_path) == 0 and calls[-1] == (tmp_path, 8000, True, None)


@pytest.mark.parametrize(
    "argv", [["serve", "--port", "http"], ["serve", "--port", "70000"], ["build", "--as-of", "2026-13-01"]]
)
def test_bad_arguments_are_usage_errors(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(argv)
    assert exc.value.code == 2
