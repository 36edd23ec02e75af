"""`build` and `serve` on the command line: registration, lazy imports, arguments."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from site_builder import cli
from site_builder.writer import manifest_path


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    code = (
        "import sys, tui.cli, site_builder.cli, site_builder.unchanged; "
        "heavy = ('jinja2', 'markdown_it', 'watchdog', 'icalendar', 'textual', 'yaml', 'multiprocessing', "
        "'concurrent.futures', 'subprocess', 'journal.cache', 'journal.loader'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
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


@pytest.mark.parametrize("bad", ["\u0668\u0660\u0660\u0660", "8_000", "+8000", " 8000", "8000\n", "9" * 5000])
def test_serve_port_takes_ascii_digits_only(bad: str) -> None:
    """`int()` reads Arabic-Indic digits, underscores, a sign and spaces; a port is none of those."""
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    assert parser.parse_args(["serve", "--port", "8123"]).port == 8123
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["serve", "--port", bad])
    assert exc.value.code == 2


def test_the_console_script_prints_and_writes_everything_before_it_leaves(tmp_path: Path) -> None:
    """`followup build` leaves without tearing its heap down: its output must still be whole."""
    import shutil

    journal = tmp_path / "journal"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "site_small", journal)
    (journal / "followups" / "broken.md").write_text("---\nkind: [\n---\n")
    out = tmp_path / "site"
    command = [sys.executable, "-m", "tui.cli", "-C", str(journal), "build", "--out", str(out), "--as-of", "2026-11-25"]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}  # a pipe buffers output
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1, result.stderr  # the broken file is an error
    assert result.stdout == f"Built 20 pages (28 written) in {out}\n"
    assert "followups/broken.md:3: error: invalid YAML" in result.stderr and "1 problem;" in result.stderr
    assert (out / "index.html").read_text().rstrip().endswith("</html>")
    assert manifest_path(journal, out).is_file()  # saved before the process left
