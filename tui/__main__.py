"""`python -m tui`: the `followup` command, as git's merge driver runs it (no PATH needed)."""

from tui.cli import run

run()
