"""What every `followup` subcommand shares: bad-input errors, "today" and writing output.

Date arguments are `journal.arguments`, shared with the site builder's `build`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from journal.heap import Retained
from journal.layout import CONFIG
from journal.problems import files_with_errors
from journal.words import counted

if TYPE_CHECKING:
    from journal.model import Journal

OWNER_HINT = 'drafts are left unsigned until you give your name: followup init {where} --owner "Your Name"'
"""How to set `owner`, said the same way by `init` and by every command that drafts."""


class UsageError(Exception):
    """Bad input from the command line: one line on stderr and exit code 2."""


Handler = Callable[[argparse.Namespace, Path], int]


def later(target: str) -> Handler:
    """The handler `module:function`, imported when its command runs.

    Parsing the command line then loads none of the work: `followup build` with nothing to do
    does not read in mail, calendar or YAML code it will not use.
    """
    module, name = target.split(":")

    def run(args: argparse.Namespace, root: Path) -> int:
        handler: Handler = getattr(import_module(module), name)
        return handler(args, root)

    run.__qualname__ = run.__name__ = name
    return run


def today(journal: Journal | None = None) -> date:
    """Today in the journal's configured timezone (else the machine's)."""
    return now(journal).date()


def now(journal: Journal | Path | None = None) -> datetime:
    """The current local time, to the minute, in the journal's timezone when one is set.

    Given a folder instead of a loaded journal, only its journal.yaml is read.
    """
    if isinstance(journal, Path):
        from journal.settings import load_settings

        zone_name = load_settings(journal / CONFIG)[0].timezone
    else:
        zone_name = journal.settings.timezone if journal is not None else None
    current = datetime.now()
    if zone_name:
        try:
            from zoneinfo import ZoneInfo

            current = datetime.now(ZoneInfo(zone_name)).replace(tzinfo=None)
        except (ValueError, KeyError, OSError):
            pass  # `followup check` reports a bad timezone; the machine's clock is a fine fallback
    return current.replace(second=0, microsecond=0)


def load_journal(root: Path) -> Journal:
    """Load the journal, and say on stderr (once) when some files could not be read."""
    from journal.loader import load

    journal = Retained.keep(load(root))
    if journal.errors:
        count = files_with_errors(journal.errors)
        print(f"note: {counted(count, 'file')} with errors left out; run 'followup check'", file=sys.stderr)
    return journal


def shown(path: Path) -> str:
    """A path as the user can paste it: relative to the current folder when below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def write_output(data: bytes, out: str | None) -> None:
    """Write to `--out FILE` atomically, or to stdout."""
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from journal.atomic import atomic_write

    target = Path(out).expanduser()
    if target.is_dir():
        raise UsageError(f"--out {out}: is a folder; give a file name")
    if not target.parent.is_dir():
        raise UsageError(f"--out {out}: the folder {target.parent} does not exist")
    atomic_write(target, data)
    print(f"wrote {shown(target)} ({len(data):,} bytes)", file=sys.stderr)
