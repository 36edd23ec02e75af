"""Today's dialogs at 80x24 and 120x36 (update with --snapshot-update after a look)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_snapshots import keys, steady, to_item
from tui_helpers import ACME, AS_OF, GLOBEX

from tui.app import FollowupApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


def _early(root: Path) -> None:
    path = root / "interviews" / f"{ACME}.md"
    path.write_text(path.read_text().replace("decision_by: 2026-11-25", "decision_by: 2026-11-27"))


def _snoozed(root: Path) -> None:
    path = root / "interviews" / f"{ACME}.md"
    path.write_text(path.read_text().replace("outcome: pending", "outcome: pending\nsnooze_until: 2026-12-01"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("setup", "steps"),
    [
        pytest.param(_early, (to_item(f"status-check:{ACME}"), keys("d")), id="guard"),
        pytest.param(None, (to_item(f"status-check:{GLOBEX}"), keys("s")), id="snooze"),
        pytest.param(_snoozed, (keys("z"),), id="snoozed"),
    ],
)
def test_dialog(setup: Any, steps: Any, size: tuple[int, int], journal_dir: Path, snap_compare: Any) -> None:
    if setup is not None:
        setup(journal_dir)
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    assert snap_compare(app, terminal_size=size, run_before=steady(*steps))
