"""Every date option of the command line reads a day by one rule, the journal's own (`parse_day`).

`followup build --as-of` once used `date.fromisoformat`, which takes `20261120` and ISO week
dates (`2026-W47-5`) that `followup due --as-of` refuses: the same day typed to both commands
must give the same answer.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run

from tui.cli import build_parser

BAD_DAYS = ["20261120", "2026-W47-5", "2026W475", "2026-11-20T10:00", "2026-13-01", "2026-02-30", "", " ", "٢٠٢٦-١١-٢٠"]
"""Basic-format and week dates, a time, impossible days, nothing, and Arabic-Indic digits."""

COMMANDS = [
    ["due", "--as-of"],
    ["build", "--as-of"],
    ["export", "json", "--as-of"],
    ["new", "interview", "--company", "A", "--role", "B", "--decision-by"],
    ["new", "interview", "--company", "A", "--role", "B", "--follow-up-on"],
]


def options(parser: argparse.ArgumentParser, command: tuple[str, ...] = ()) -> Iterator[tuple[str, argparse.Action]]:
    """Every option of every (sub)command, as ("due --as-of", action)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from options(sub, (*command, name))
        for option in action.option_strings:
            yield " ".join((*command, option)), action


def test_every_day_option_uses_the_one_parser() -> None:
    from journal.arguments import day_arg

    types = {name: action.type for name, action in options(build_parser())}
    day_options = {name for name in types if name.endswith(("--as-of", "--decision-by", "--follow-up-on"))}
    assert {"due --as-of", "build --as-of", "export --as-of"} <= day_options
    assert {name: types[name] for name in day_options} == dict.fromkeys(day_options, day_arg)


@pytest.mark.parametrize("bad", BAD_DAYS)
def test_a_day_refused_by_one_command_is_refused_by_every_one_alike(
    run: Run, demo: Path, tmp_path: Path, bad: str
) -> None:
    messages = set()
    for command in COMMANDS:
        argv = [*command, bad] + (["--out", str(tmp_path / "site")] if command[0] == "build" else [])
        result = run("-C", demo, *argv)
        assert result.code == 2, (argv, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert f"argument {command[-1]}: " in result.err
        message = result.err.split(f"argument {command[-1]}: ", 1)[1]
        messages.add(message.split(" (see 'followup ", 1)[0])
    assert not (tmp_path / "site").exists()
    assert len(messages) == 1, messages
    assert messages.pop().startswith(f"{bad!r} is not a date (")


def test_build_takes_the_day_due_takes(run: Run, demo: Path, tmp_path: Path) -> None:
    due = run("-C", demo, "due", "--as-of", "2026-11-25", "--json")
    built = run("-C", demo, "build", "--out", tmp_path / "site", "--as-of", "2026-11-25")
    assert due.code == 0 and built.code == 0
    assert "Wed 25 Nov 2026" in (tmp_path / "site" / "agenda.html").read_text()
