"""`followup import KIND …`: one `import` command whose first word picks the importer.

`IMPORTS` is the table: each kind names its help, the file suffixes that imply it (so
`followup import sheet.csv` works without the word `csv`), a function adding its arguments
and its handler. A new importer is one more entry.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui import cli_mail, cli_records


@dataclass(frozen=True)
class Importer:
    help: str
    suffixes: tuple[str, ...]
    """`import FILE` with one of these suffixes means this kind."""
    arguments: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace, Path], int]


def _csv_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="columns such as Company, Role, Date, Stage, Interviewers, Notes")


IMPORTS: dict[str, Importer] = {
    "csv": Importer(
        "a spreadsheet of applications/interviews", (".csv", ".tsv"), _csv_arguments, cli_records.cmd_import
    ),
    "mail": Importer(
        "replies and sent mail (.eml files, an mbox, a Maildir), idempotent by Message-ID",
        (".eml", ".mbox"),
        cli_mail.add_arguments,
        cli_mail.cmd_import_mail,
    ),
}


class _Kinds(dict[str, Any]):
    """The importers' parsers by name, where a file name with a known suffix is "in" too (see `_KindAction`)."""

    def kind_of(self, word: str) -> str | None:
        if dict.__contains__(self, word):
            return word
        return next((kind for kind, spec in IMPORTS.items() if word.lower().endswith(spec.suffixes)), None)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.kind_of(word) is not None


class _KindAction(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Subcommands of `import`, where a file name stands for its kind: `import a.csv` is `import csv a.csv`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = self._name_parser_map = _Kinds()

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        words = list(values or [])
        assert isinstance(self.choices, _Kinds)
        if words and words[0] not in IMPORTS:
            words.insert(0, self.choices.kind_of(words[0]))
        super().__call__(parser, namespace, words, option_string)


def register(subparsers: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `import KIND …` (and `import FILE.csv`, `import FILE.eml`) to the command line."""
    names = "|".join(IMPORTS)
    imp = subparsers.add_parser(
        "import",
        parents=[common],
        help=f"bring in records from other tools ({names})",
        description="; ".join(f"{kind}: {spec.help}" for kind, spec in IMPORTS.items()),
    )
    kinds = imp.add_subparsers(title="what", dest="format", metavar=names, required=True, action=_KindAction)
    for kind, spec in IMPORTS.items():
        sub = kinds.add_parser(kind, parents=[common], help=spec.help, description=spec.help)
        spec.arguments(sub)
        sub.set_defaults(func=spec.handler, one_shot=True)
