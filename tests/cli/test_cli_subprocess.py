"""The installed `followup` console script, run as a user runs it: real processes, real exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = shutil.which("followup", path=str(Path(sys.executable).parent)) or shutil.which("followup")
pytestmark = pytest.mark.skipif(
    SCRIPT is None, reason="the followup console script is not installed (pip install -e .)"
)


def followup(
    *argv: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    assert SCRIPT is not None
    environment = {key: value for key, value in os.environ.items() if key != "FOLLOWUP_JOURNAL"}
    environment.update(env or {})
    return subprocess.run(
        [SCRIPT, *map(str, argv)], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


def test_demo_then_due_json_then_check(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    made = followup("demo", demo, "--no-tui")
    assert made.returncode == 0, made.stderr
    due = followup("due", "--json", cwd=demo / "interviews")  # found from a sub-folder
    assert due.returncode == 0 and due.stderr == ""
    data = json.loads(due.stdout)
    assert {item["action"] for item in data["items"]} == {
        "ask-next-steps", "record-next-steps", "thank-you", "linkedin", "status-check", "mark-ghosted", "check-in",
    }  # fmt: skip
    checked = followup("check", env={"FOLLOWUP_JOURNAL": str(demo)}, cwd=tmp_path)
    assert checked.returncode == 0 and "no problems" in checked.stdout
    (demo / "interviews" / "tabs.md").write_text("---\ncompany: A\n\trole: B\n---\n")
    broken = followup("-C", demo, "check")
    assert broken.returncode == 1
    assert any(line.startswith("interviews/tabs.md:3") for line in broken.stdout.splitlines())


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "--as-of", "next tuesday"],
        ["new", "followup", "--interview", "nope", "--kind", "thank-you"],
        ["new", "interview", "--company", "A", "--role", "B", "--format", "carrier-pigeon"],
        ["export", "pdf"],
        ["import", "csv", "/nonexistent/file.csv"],
        ["frobnicate"],
        ["new"],
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_traceback(tmp_path: Path, argv: list[str]) -> None:
    assert followup("init", tmp_path / "j").returncode == 0
    result = followup("-C", tmp_path / "j", *argv)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("followup")


def test_missing_journal_is_exit_2(tmp_path: Path) -> None:
    result = followup("due", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no journal found" in result.stderr


def test_pestering_guard_goes_to_stderr_and_the_path_to_stdout(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    followup("demo", demo, "--no-tui")
    interview = next(
        path.stem for path in (demo / "interviews").glob("*northwind-analytics-senior-data-engineer-onsite.md")
    )
    result = followup("-C", demo, "new", "followup", "--interview", interview, "--kind", "status-check", "--template")
    assert result.returncode == 0
    assert result.stderr.startswith("warning: they promised a decision by ")
    created = Path(result.stdout.strip())
    assert created.is_absolute() and created.parent == demo / "followups" and created.is_file()


def test_help_lists_every_command() -> None:
    result = followup("--help")
    assert result.returncode == 0
    for command in ("init", "demo", "new", "due", "check", "export", "import"):
        assert command in result.stdout


def test_the_command_line_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys, tui.cli; tui.cli.build_parser(); "
        "heavy = [m for m in ('textual', 'jinja2', 'markdown_it', 'watchdog', 'icalendar') if m in sys.modules]; "
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_piping_into_head_is_quiet(tmp_path: Path) -> None:
    assert SCRIPT is not None
    demo = tmp_path / "demo"
    followup("demo", demo, "--no-tui")
    pipeline = subprocess.run(
        f"'{SCRIPT}' -C '{demo}' export json | head -c 10", shell=True, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in pipeline.stderr and pipeline.stdout == '{\n  "as_of'


def test_a_reader_that_left_gives_exit_1_and_no_traceback(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert followup("demo", demo, "--no-tui").returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `followup due | head -0`: nobody reads
    try:
        assert SCRIPT is not None
        done = subprocess.run([SCRIPT, "-C", str(demo), "due"], stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
