"""The saved agenda that lets Today draw before the journal is loaded."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tui_helpers import AS_OF

from journal import load
from journal.agenda import agenda
from tui.agenda_rows import SNAPSHOT, agenda_rows, read_snapshot, write_snapshot


def test_snapshot_round_trip_and_restating_for_a_later_day(journal_dir: Path) -> None:
    journal = load(journal_dir)
    rows = agenda_rows(journal, tuple(agenda(journal, journal.settings.policy, AS_OF)))
    write_snapshot(journal_dir, AS_OF, rows)
    assert read_snapshot(journal_dir, AS_OF) == rows
    later = read_snapshot(journal_dir, date(2026, 11, 30))
    assert later is not None
    status = next(row for row in later if row.id.startswith("status-check:2026-11-20"))
    assert status.state == "today"  # upcoming on the 25th, due on the 30th
    assert read_snapshot(journal_dir, AS_OF + timedelta(days=8)) is None  # too old to show
    assert read_snapshot(journal_dir, AS_OF - timedelta(days=1)) is None  # from the future: a clock change


def test_a_foreign_or_broken_snapshot_is_ignored(journal_dir: Path) -> None:
    path = journal_dir / SNAPSHOT
    path.parent.mkdir(exist_ok=True)
    for text in ("not json", '{"version": 3, "as_of": "2026-11-25", "rows": [[1, 2]]}', "[]", '{"version": 3}'):
        path.write_text(text)
        assert read_snapshot(journal_dir, AS_OF) is None
