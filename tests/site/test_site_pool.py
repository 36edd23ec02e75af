"""A large first build from the command line renders its per-record pages in a pool of processes:
the site it writes is the one a single process writes, byte for byte, manifest included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from site_helpers import copy_fixture, tree

SCRIPT = """
import sys
from datetime import date
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
import concurrent.futures
from site_builder import render
from site_builder.build import build_site

submitted = []

class Counting(ProcessPoolExecutor):
    def submit(self, *args, **kwargs):
        submitted.append(args[1])
        return super().submit(*args, **kwargs)

render.POOL_MIN_PAGES = int(sys.argv[3])
concurrent.futures.ProcessPoolExecutor = Counting
result = build_site(Path(sys.argv[1]), out=Path(sys.argv[2]), as_of=date(2026, 11, 25))
print(len(submitted), sum(map(len, submitted)), result.pages, len(result.written))
"""


def _build(root: Path, out: Path, pool_from: int) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), str(out), str(pool_from)], capture_output=True, text=True, check=True
    )
    return [int(word) for word in done.stdout.split()]


def test_the_pooled_build_writes_the_single_process_site(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    parts, pages, total, written = _build(root, tmp_path / "pooled", 1)
    # Every per-record page went to the pool; index.html and the five journal-wide pages (it has no
    # problems page) are rendered at home, where they are signed for the next build.
    assert parts > 1 and pages == total - 6, "every per-record page went to the pool"
    assert _build(root, tmp_path / "single", 10**9)[0] == 0
    assert tree(tmp_path / "pooled") == tree(tmp_path / "single")
    assert written == len(tree(tmp_path / "single")), "every file is in what was written"
