"""The core stands alone: importing and using `journal` never loads a front end or a heavy library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import journal

FORBIDDEN = ("textual", "watchdog", "jinja2", "markdown_it", "tui", "site_builder", "rich", "pygments")
FIXTURE = """
import json, sys
from datetime import date
from pathlib import Path
import journal
from journal import store, templates
root = Path(sys.argv[1])
store.init_journal(root, owner="Alex")
Path(root, "interviews", "a.md").write_text("---\\ncompany: A\\nrole: R\\ndate: 2026-11-20\\ninterviewers: [Jane Doe]\\n---\\n")
loaded = journal.load(root)
items = journal.agenda.agenda(loaded, loaded.settings.policy, date(2026, 11, 21))
templates.fill(loaded, "thank-you", loaded.interviews["a"], "Jane Doe")
assert items and not loaded.problems
print(json.dumps(sorted(sys.modules)))
"""


def test_core_imports_no_front_end_or_heavy_library(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", FIXTURE, str(tmp_path / "j")], capture_output=True, text=True, check=True
    )
    modules = json.loads(result.stdout)
    loaded = sorted(name for name in modules if name.split(".")[0] in FORBIDDEN)
    assert loaded == []


def test_core_sources_do_not_import_front_ends() -> None:
    core = Path(__file__).resolve().parents[2] / "journal"
    for source in core.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        libraries = ("tui", "site_builder", "textual", "jinja2", "markdown_it")
        if source.name != "watch.py":  # the one watcher of the live journal; `import journal` never loads it
            libraries += ("watchdog",)
        for name in libraries:
            assert f"import {name}" not in text and f"from {name}" not in text, f"{source.name} imports {name}"


PARSE_ONLY = """
import json, sys

from tui import cli
cli.build_parser().parse_args(["build", "--as-of", "2026-12-01"])
print(json.dumps(sorted(sys.modules)))
"""
WORK = ("yaml", "journal.loader", "journal.agenda", "journal.model", "journal.mail", "journal.invites", "jinja2")


def test_reading_the_command_line_loads_none_of_the_work() -> None:
    """`followup build` with nothing to do answers from file stats: reading its arguments must not
    load YAML, the loader, the rules, mail or calendars (the package's names come when first used)."""
    result = subprocess.run([sys.executable, "-c", PARSE_ONLY], capture_output=True, text=True, check=True)
    modules = set(json.loads(result.stdout))
    assert sorted(modules & set(WORK)) == []


def test_the_package_names_resolve_when_first_used() -> None:
    """Each public name of `journal` comes from its module on first use; `journal.agenda` is the rules' module."""
    for name in journal.__all__:
        assert getattr(journal, name) is not None, name
    assert sorted(journal.__all__) == sorted(journal._HOME_OF)
    from journal.agenda import agenda

    assert journal.agenda.agenda is agenda
