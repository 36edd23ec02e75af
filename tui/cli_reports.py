"""`followup due`, `check` and `export`: reading the journal, never changing it."""

from __future__ import annotations

import argparse
import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.heap import Retained
from journal.layout import CONFIG, FOLDERS
from journal.records import fmt
from journal.words import counted
from tui.cli_common import load_journal, today, write_output

if TYPE_CHECKING:
    from journal.items import Item

STATES = (
    ("overdue", "Overdue"),
    ("today", "Due today"),
    ("upcoming", "Upcoming"),
    ("missed", "Missed"),
    ("snoozed", "Snoozed"),
)
OPTIONAL_STATES = ("missed", "snoozed")
"""Listed by `due --all` only, and counted in the heading only when there are some."""


def cmd_due(args: argparse.Namespace, root: Path) -> int:
    """The agenda: what to send, to whom, by when, and why."""
    from journal.agenda import agenda

    journal = load_journal(root)
    as_of = args.as_of or today(journal)
    items = agenda(journal, journal.settings.policy, as_of, missed=args.all, snoozed=args.all)
    if args.json:
        print(
            json.dumps(
                {"as_of": as_of.isoformat(), "items": [item.as_json() for item in items]}, ensure_ascii=False, indent=2
            )
        )
        return 0
    print(render_due(items, as_of, shutil.get_terminal_size((100, 24)).columns))
    return 0


def render_due(items: list[Item], as_of: date, width: int = 100) -> str:
    """The agenda as a readable table grouped overdue / today / upcoming, reasons under each row."""
    counts = {state: sum(1 for item in items if item.state == state) for state, _ in STATES}
    shown_states = [state for state, _ in STATES if state not in OPTIONAL_STATES or counts[state]]
    head = f"As of {fmt(as_of)} {as_of.year}: " + ", ".join(f"{counts[state]} {state}" for state in shown_states)
    if not items:
        return head + "\nNothing is due. Log a new interview with 'followup new interview'."
    width = max(60, min(width, 120))
    action_width = max(len(item.action) for item in items)
    days = {item.due: fmt(item.due, as_of) for item in items}
    day_width = max(10, *(len(day) for day in days.values()))
    indent = " " * (day_width + 4)
    lines = [head]
    for state, title in STATES:
        group = [item for item in items if item.state == state]
        if not group:
            continue
        lines += ["", f"{title} ({len(group)})"]
        for item in group:
            what = " · ".join(part for part in (item.person, _process(item)) if part)
            lines.append(f"  {days[item.due]:<{day_width}}  {item.action:<{action_width}}  {what}")
            lines += [indent + part for part in _wrap(item.reason, width - 1 - len(indent))]
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (textwrap is too slow for the thousands of rows of a big journal)."""
    parts = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        if cut <= 0:
            cut = width
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


def _process(item: Item) -> str:
    return f"{item.company} — {item.role}" if item.company else ""


def cmd_check(args: argparse.Namespace, root: Path) -> int:
    """Validate every file; exit 1 when any has an error."""
    from journal.loader import load
    from tui.gitsync import setup_warning

    journal = Retained.keep(load(root))
    found = list(journal.problems)
    if (unset := setup_warning(root)) is not None:
        found.append(unset)
    errors = sum(1 for problem in found if problem.severity == "error")
    warnings = len(found) - errors
    files = _count_files(root)
    if args.json:
        problems = [
            {
                "path": p.path,
                "line": p.line,
                "col": p.col,
                "severity": p.severity,
                "message": p.message,
                "field": p.field,
            }
            for p in found
        ]
        report = {"files": files, "errors": errors, "warnings": warnings, "problems": problems}
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for problem in found:
            print(problem)
        verdict = "no problems" if not found else f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
        print(f"{counted(files, 'file')} checked in {root}: {verdict}")
    return 1 if errors else 0


def _count_files(root: Path) -> int:
    count = 1 if (root / CONFIG).is_file() else 0
    for folder in FOLDERS:
        try:
            count += sum(
                1 for name in os.listdir(root / folder) if name.endswith(".md") and not name.startswith((".", "~"))
            )
        except OSError:
            continue
    return count


def cmd_export(args: argparse.Namespace, root: Path) -> int:
    """The journal as JSON, CSV (one row per interview) or iCalendar, to stdout or --out."""
    from journal import exports
    from journal.agenda import agenda

    journal = load_journal(root)
    as_of = args.as_of or today(journal)
    if args.format == "csv":
        data = exports.to_csv(journal).encode()
    else:
        items = agenda(journal, journal.settings.policy, as_of)
        if args.format == "json":
            payload = exports.to_json_data(journal, items, as_of)
            data = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode()
        else:
            data = exports.to_ics(journal, items, as_of)
    write_output(data, args.out)
    return 0


def register(subparsers: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `due`, `check` and `export` to the command line."""
    from journal.arguments import day_arg

    due = subparsers.add_parser("due", parents=[common], help="what to send today, and why")
    due.add_argument("--as-of", type=day_arg, metavar="YYYY-MM-DD", help="the day to plan for (default: today)")
    due.add_argument("--json", action="store_true", help="machine-readable output")
    due.add_argument(
        "--all",
        action="store_true",
        help="also list thank-yous too late to send (state missed) and items whose draft is dated ahead (snoozed)",
    )
    due.set_defaults(func=cmd_due, one_shot=True)

    check = subparsers.add_parser("check", parents=[common], help="validate every file (exit 1 on errors)")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=cmd_check, one_shot=True)

    export = subparsers.add_parser("export", parents=[common], help="the journal as JSON, CSV or iCalendar")
    export.add_argument(
        "format", choices=("json", "csv", "ics"), help="json: everything; csv: one row per interview; ics: a calendar"
    )
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    export.add_argument("--as-of", type=day_arg, metavar="YYYY-MM-DD", help="the day the agenda is computed for")
    export.set_defaults(func=cmd_export, one_shot=True)
