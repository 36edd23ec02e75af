"""`followup notify` across simulated days, with a fake notify-send on PATH that logs what it was asked to show."""

from __future__ import annotations

import io
import json
import plistlib
import sys
from pathlib import Path

import pytest
from conftest import Run

from journal.notify import quiet
from journal.settings import read_settings

INVITE = Path(__file__).resolve().parents[1] / "data" / "mail" / "northwind-invite.ics"


@pytest.fixture
def journal(run: Run, empty: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Northwind round of Tue 24 Nov 16:00 (Berlin), imported from its invite; quiet from 21:00 to 08:00."""
    with (empty / "journal.yaml").open("a") as config:
        config.write('timezone: Europe/Berlin\nemails: [alex@example.org]\nquiet_hours: ["21:00", 08:00]\n')
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert run("-C", empty, "import", "invite", INVITE, "--role", "Data Engineer").code == 0
    return empty


@pytest.fixture
def shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake notify-send, alone on PATH: each call appends its arguments and a `--` line to the file returned."""
    log = tmp_path / "notifications.log"
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "notify-send"
    fake.write_text(f'#!/bin/sh\nfor word in "$@"; do printf \'%s\\n\' "$word" >> {log}; done\necho -- >> {log}\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return log


def _calls(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [block.strip("\n").split("\n") for block in log.read_text().split("--\n") if block.strip()]


def _notify(run: Run, root: Path, when: str) -> None:
    result = run("-C", root, "notify", "--now", when)
    assert result.code == 0 and not result.out, result.err  # delivered by the notifier: nothing printed


def test_notify_across_three_days_announces_each_item_once_and_catches_up(run: Run, journal: Path, shown: Path) -> None:
    _notify(run, journal, "2026-11-24T09:00")
    assert _calls(shown) == [
        [
            "--app-name=Follow-up Journal",
            "Follow-up Journal: 2 due today",
            "Ask next steps — Northwind, Data Engineer",
            "Record next steps — Northwind, Data Engineer",
        ]
    ]
    _notify(run, journal, "2026-11-24T09:30")
    assert len(_calls(shown)) == 1  # nothing new: no second notification

    _notify(run, journal, "2026-11-25T09:00")  # day 2: the thank-yous are due
    assert _calls(shown)[-1][1:] == [
        "Follow-up Journal: 1 overdue, 4 due today",
        "Record next steps — Northwind, Data Engineer (was due Tue 24 Nov)",
        "LinkedIn request to Priya Raman — Northwind, Data Engineer",
        "LinkedIn request to Tom Becker — Northwind, Data Engineer",
        "Thank-you note to Priya Raman — Northwind, Data Engineer",
        "Thank-you note to Tom Becker — Northwind, Data Engineer",
    ]
    _notify(run, journal, "2026-11-25T17:30")
    assert len(_calls(shown)) == 2  # the same items, later the same day: never twice

    _notify(run, journal, "2026-11-30T09:00")  # day 3, after four days off: what went overdue meanwhile, once
    assert _calls(shown)[-1][1:] == [
        "Follow-up Journal: 4 overdue (since Wed 25 Nov)",
        "LinkedIn request to Priya Raman — Northwind, Data Engineer (was due Wed 25 Nov)",
        "LinkedIn request to Tom Becker — Northwind, Data Engineer (was due Wed 25 Nov)",
        "Thank-you note to Priya Raman — Northwind, Data Engineer (was due Wed 25 Nov)",
        "Thank-you note to Tom Becker — Northwind, Data Engineer (was due Wed 25 Nov)",
    ]
    _notify(run, journal, "2026-11-30T12:00")
    assert len(_calls(shown)) == 3
    state = json.loads((journal / ".followup" / "notify.json").read_text())
    assert state["last_run"] == "2026-11-30T12:00"
    assert ".followup/" in (journal / ".gitignore").read_text().split()


def test_quiet_hours_hold_the_digest_until_they_end(run: Run, journal: Path, shown: Path) -> None:
    _notify(run, journal, "2026-11-23T22:00")  # quiet (21:00–08:00): nothing shown, nothing marked
    _notify(run, journal, "2026-11-24T07:59")
    assert _calls(shown) == []
    _notify(run, journal, "2026-11-24T08:00")
    assert [call[1] for call in _calls(shown)] == ["Follow-up Journal: 2 due today"]


def test_without_a_notifier_the_digest_is_printed_for_cron_mail(
    run: Run, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    first = run("-C", journal, "notify", "--now", "2026-11-25T09:00")
    assert first.code == 0
    assert first.out.splitlines()[:2] == [
        "Follow-up Journal: 1 overdue, 4 due today",
        "  Record next steps — Northwind, Data Engineer (was due Tue 24 Nov)",
    ]
    assert run("-C", journal, "notify", "--now", "2026-11-25T10:00").out == ""  # cron mails only what is new


def test_a_failing_notifier_falls_back_to_printing(run: Run, journal: Path, shown: Path) -> None:
    fake = Path(str(shown).replace("notifications.log", "bin/notify-send"))
    fake.write_text("#!/bin/sh\nexit 1\n")  # as under cron with no session bus
    result = run("-C", journal, "notify", "--now", "2026-11-24T09:00")
    assert result.out.startswith("Follow-up Journal: 2 due today\n")


def test_install_prints_cron_systemd_and_launchd_setups_and_installs_nothing(run: Run, journal: Path) -> None:
    result = run("-C", journal, "notify", "--install")
    assert result.code == 0
    text = result.out
    cron = next(line for line in text.splitlines() if line.startswith("*/30 * * * * "))
    assert cron.endswith(f"-C {journal.resolve()} notify")
    assert "OnCalendar=*:0/30\nPersistent=true" in text and "ExecStart=" in text
    assert "systemctl --user daemon-reload && systemctl --user enable --now followup-notify.timer" in text
    plist = plistlib.loads(text[text.index("<?xml") :].encode())
    assert plist["ProgramArguments"][-3:] == ["-C", str(journal.resolve()), "notify"]
    assert plist["StartInterval"] == 1800
    assert not (journal / ".followup" / "notify.json").exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b'quiet_hours: ["21:00", "08:00"]\n', None),
        (b"quiet_hours: [12:30, 13:30]\n", None),  # unquoted times stay times, never sexagesimal numbers
        (b'quiet_hours: "21:00"\n', "must be two times"),
        (b"quiet_hours: [25:00, 08:00]\n", "must be two times"),
    ],
)
def test_quiet_hours_are_validated(text: bytes, problem: str | None) -> None:
    settings, problems = read_settings(text)
    assert [p.field for p in problems if problem and problem in p.message] == (
        [] if problem is None else ["quiet_hours"]
    )
    assert (settings.quiet_hours is None) == (problem is not None)


def test_quiet_hours_may_span_midnight() -> None:
    from datetime import time

    night = (time(21), time(8))
    assert quiet(time(23, 59), night) and quiet(time(0), night) and quiet(time(7, 59), night)
    assert not quiet(time(8), night) and not quiet(time(20, 59), night)
    assert quiet(time(12, 30), (time(12), time(13))) and not quiet(time(13), (time(12), time(13)))
