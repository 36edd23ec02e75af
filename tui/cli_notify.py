"""`followup notify [--install]`: the digest of `journal.notify`, delivered by the desktop's notifier.

`notify-send` (Linux) or `osascript` (macOS) when found on PATH, else printed, so cron's
`MAILTO=` mails it. `--install` prints, and never installs, a crontab line, a systemd user
timer with its service, and a launchd agent for this journal.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.arguments import when_arg
from tui.cli_common import load_journal, now, shown

if TYPE_CHECKING:
    from journal.notify import Digest

APP_NAME = "Follow-up Journal"
LABEL = "org.followup-journal.notify"
EVERY_MINUTES = 30


def cmd_notify(args: argparse.Namespace, root: Path) -> int:
    if args.install:
        print(install_text(root.resolve()))
        return 0
    from journal.agenda import agenda
    from journal.notify import digest, quiet, read_state, write_state

    journal = load_journal(root)
    at = _moment(args.now) if args.now is not None else now(journal)
    if quiet(at.time(), journal.settings.quiet_hours):
        return 0  # nothing is marked: what is due comes at the first run after the quiet hours
    state = read_state(root)
    found, after = digest(agenda(journal, journal.settings.policy, at.date()), state, at)
    if found is not None:
        deliver(found, force_print=args.print)
    write_state(root, after)
    return 0


def _moment(when: date | datetime) -> datetime:
    """`--now`: a date alone counts as its noon (outside any quiet hours people set)."""
    return when.replace(tzinfo=None) if isinstance(when, datetime) else datetime.combine(when, time(12))


def deliver(found: Digest, *, force_print: bool = False) -> str:
    """Show the digest with the desktop's notifier; print it when there is none or it fails. Returns how."""
    if not force_print:
        send = shutil.which("notify-send")
        if send is not None and _ran([send, f"--app-name={APP_NAME}", found.title, found.body]):
            return "notify-send"
        script = shutil.which("osascript")
        if script is not None:
            line = f"display notification {_applescript(found.body)} with title {_applescript(found.title)}"
            if _ran([script, "-e", line]):
                return "osascript"
    print(found.title)
    for line in found.lines:
        print(f"  {line}")
    sys.stdout.flush()
    return "print"


def _ran(command: list[str]) -> bool:
    """Whether the notifier showed it (under cron, notify-send without a session bus fails: then we print)."""
    import subprocess

    try:
        return subprocess.run(command, capture_output=True, timeout=20, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def command_line(root: Path) -> list[str]:
    """How a scheduler runs `followup notify` for this journal (the installed script, else this Python)."""
    script = shutil.which("followup")
    base = [script] if script else [sys.executable, "-m", "tui.cli"]
    return [*base, "-C", str(root), "notify"]


def _systemd_quote(word: str) -> str:
    word = word.replace("%", "%%")
    if word and not any(char in word for char in " \t\"'\\;$"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def install_text(root: Path) -> str:
    """The crontab line, the systemd user units and the launchd agent, each with where it goes."""
    import plistlib

    from journal.notify import state_path

    argv = command_line(root)
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus " if hasattr(os, "getuid") else ""
    plist = plistlib.dumps(
        {
            "Label": LABEL,
            "ProgramArguments": argv,
            "StartInterval": EVERY_MINUTES * 60,
            "RunAtLoad": True,
            "StandardOutPath": str(root / ".followup" / "notify.log"),
            "StandardErrorPath": str(root / ".followup" / "notify.log"),
        }
    ).decode()
    execstart = " ".join(_systemd_quote(word) for word in argv)
    return f"""\
# followup notify: run every {EVERY_MINUTES} minutes; one of these is enough. Nothing was installed.
# What it remembers: {shown(state_path(root))} (git-ignored). Quiet hours: quiet_hours in journal.yaml.

## cron (crontab -e): the bus lets notify-send reach your desktop; without one the digest is mailed (MAILTO=)
*/{EVERY_MINUTES} * * * * {bus}{shlex.join(argv)}

## systemd user timer: save as ~/.config/systemd/user/followup-notify.service
[Unit]
Description=Follow-up Journal: announce what is newly due

[Service]
Type=oneshot
ExecStart={execstart}

## ... and as ~/.config/systemd/user/followup-notify.timer, then:
##   systemctl --user daemon-reload && systemctl --user enable --now followup-notify.timer
[Unit]
Description=Run followup notify every {EVERY_MINUTES} minutes (and once after a boot that missed a run)

[Timer]
OnCalendar=*:0/{EVERY_MINUTES}
Persistent=true

[Install]
WantedBy=timers.target

## launchd (macOS): save as ~/Library/LaunchAgents/{LABEL}.plist, then:
##   launchctl bootstrap gui/$(id -u) ~/Library/LaunchAgents/{LABEL}.plist
{plist}"""


def register(subparsers: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "notify",
        parents=[common],
        help="one digest of what is newly due or overdue (for cron, systemd timers, launchd)",
        description="Announce what became due or overdue since the last run: one notification, never the same "
        "item twice a day, silent during quiet_hours (journal.yaml). Uses notify-send or osascript when found, "
        "else prints (so cron mails it).",
    )
    parser.add_argument("--install", action="store_true", help="print (not install) cron, systemd and launchd setups")
    parser.add_argument("--print", action="store_true", help="print the digest instead of a desktop notification")
    parser.add_argument("--now", type=when_arg, metavar="YYYY-MM-DDTHH:MM", help="act as if it were then")
    parser.set_defaults(func=cmd_notify, one_shot=True)
