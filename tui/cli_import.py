"""`followup import KIND …`: one `import` command whose first word picks the importer.

`IMPORTS` is the table: each kind names its help, the file suffixes that imply it (so
`followup import sheet.csv` works without the word `csv`), a function adding its arguments
and its handler, imported only when that import runs. A new importer is one more entry.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from journal.records import STAGES
from tui.cli_common import Handler, later


@dataclass(frozen=True)
class Importer:
    help: str
    suffixes: tuple[str, ...]
    """`import FILE` with one of these suffixes means this kind."""
    arguments: Callable[[argparse.ArgumentParser], None]
    handler: Handler


def _csv_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="columns such as Company, Role, Date, Stage, Interviewers, Notes")


def _mail_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="message files (.eml), mbox files, or - for stdin")
    parser.add_argument("--mbox", action="append", default=[], metavar="FILE", help="an mbox file (repeatable)")
    parser.add_argument("--maildir", action="append", default=[], metavar="DIR", help="a Maildir folder (repeatable)")
    parser.add_argument(
        "--interview", metavar="ID", help="the interview every message belongs to (settles unmatched or ambiguous ones)"
    )


def _invite_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="an .ics file, or an .eml holding a text/calendar part")
    parser.add_argument("--company", help="default: from the organizer's address (recruiting@acme.example: Acme)")
    parser.add_argument("--role", help="the job (asked on a terminal when not given)")
    parser.add_argument("--stage", choices=STAGES, help="default: from the invite's title, when it names one")


IMPORTS: dict[str, Importer] = {
    "csv": Importer(
        "a spreadsheet of applications/interviews",
        (".csv", ".tsv"),
        _csv_arguments,
        later("tui.cli_records:cmd_import"),
    ),
    "mail": Importer(
        "replies and sent mail (.eml files, an mbox, a Maildir), idempotent by Message-ID",
        (".eml", ".mbox"),
        _mail_arguments,
        later("tui.cli_mail:cmd_import_mail"),
    ),
    "invite": Importer(
        "a calendar invite (.ics, or an .eml holding one: say 'invite') becomes a round, its attendees the interviewers",
        (".ics",),
        _invite_arguments,
        later("tui.cli_invites:cmd_import_invite"),
    ),
}


def with_kind(argv: Sequence[str]) -> list[str]:
    """`import FILE.csv` as `import csv FILE.csv`: a file whose suffix names its kind needs no word."""
    argv = list(argv)
    index, with_value = 0, ("-C", "--journal")
    while index < len(argv) and argv[index].startswith("-"):  # the options before the command
        index += 2 if argv[index] in with_value else 1
    if index >= len(argv) or argv[index] != "import":
        return argv
    rest = index + 1
    while rest < len(argv) and argv[rest] in with_value:
        rest += 2
    if rest < len(argv) and not argv[rest].startswith("-") and argv[rest] not in IMPORTS:
        kind = next((kind for kind, spec in IMPORTS.items() if argv[rest].lower().endswith(spec.suffixes)), None)
        if kind is not None:
            return [*argv[:rest], kind, *argv[rest:]]
    return argv


def register(subparsers: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `import KIND …` (and `import FILE.csv`, `import FILE.eml`) to the command line."""
    names = "|".join(IMPORTS)
    imp = subparsers.add_parser(
        "import",
        parents=[common],
        help=f"bring in records from other tools ({names})",
        description="; ".join(f"{kind}: {spec.help}" for kind, spec in IMPORTS.items()),
    )
    kinds = imp.add_subparsers(title="what", dest="format", metavar=names, required=True)
    for kind, spec in IMPORTS.items():
        sub = kinds.add_parser(kind, parents=[common], help=spec.help, description=spec.help)
        spec.arguments(sub)
        sub.set_defaults(func=spec.handler, one_shot=True)
