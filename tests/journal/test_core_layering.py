"""The core stands alone: importing and using `journal` never loads a front end or a heavy library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
items = journal.agenda(loaded, loaded.settings.policy, date(2026, 11, 21))
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
