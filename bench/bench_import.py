"""How long does `followup import csv` take on a big spreadsheet? Prints figures; asserts nothing.

    python bench/bench_import.py [--rows 20000] [--keep DIR]

The peer, timed in the same run: copying the files the import wrote (`shutil.copytree`, then
one `sync`), what merely creating that many files costs on this disk.

Writes a spreadsheet of `--rows` applications (distinct company, role and date; some rows
sharing a company and day, so ids collide and get `-2`, `-3`, …), then times
`followup import csv` on a new empty journal as a fresh process, and prints the seconds
and the child's peak memory. Target from issue 9: seconds, not minutes, for 20,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journal.store import init_journal

TARGET_S = 10.0
STAGES = ("Applied", "Phone screen", "Technical", "Onsite", "Final", "Rejected", "Offer", "Ghosted")
ROLES = ("Backend Engineer", "Data Engineer", "SRE", "Product Engineer", "Engineering Manager", "QA Engineer")
WORDS = ("Acme", "Northwind", "Lumen", "Bluefin", "Gamma", "Delta", "Orbit", "Cobalt", "Juniper", "Harbor")


def command() -> list[str]:
    script = Path(sys.executable).parent / "followup"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from tui.cli import main; raise SystemExit(main())"]


def write_sheet(path: Path, rows: int, seed: int = 1) -> None:
    """A spreadsheet as people keep them: loose headers, mixed date spellings, quoted notes."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Company", "Job Title", "Date Applied", "Status", "Interviewer(s)", "Rating", "Notes"])
        for number in range(rows):
            company = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {number // 3}"  # three rows per company
            day = start + timedelta(days=rng.randrange(900))
            spelled = day.isoformat() if rng.random() < 0.7 else day.strftime("%d.%m.%Y")
            notes = rng.choice(("", "Nice call", "Two lines\nof notes", "- asked about the team\n- salary range"))
            writer.writerow(
                [
                    company,
                    rng.choice(ROLES),
                    spelled,
                    rng.choice(STAGES),
                    rng.choice(("", "Jane Doe <jane@acme.example>", "Raj Patel; Ann Lee")),
                    rng.choice(("", "3", "5")),
                    notes,
                ]
            )


def main(argv: list[str] | None = None) -> int:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children keep their bytecode, as on a user's machine
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, default=None, help="work in (and keep) this folder")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="followup-bench-import-"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sheet = folder / "applications.csv"
        write_sheet(sheet, args.rows)
        root = folder / "journal"
        shutil.rmtree(root, ignore_errors=True)
        init_journal(root, owner="Alex Example", title="Import bench")
        print(f"{args.rows:,} rows ({sheet.stat().st_size / 1e6:.1f} MB); load average {os.getloadavg()[0]:.1f}")
        started = time.perf_counter()
        child = subprocess.Popen(
            [*command(), "-C", str(root), "import", "csv", str(sheet)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        out, err = child.communicate()
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the only child: the import
        created = len(os.listdir(root / "interviews"))
        summary = next((line for line in out.decode().splitlines() if line.startswith("imported")), "")
        verdict = "ok" if elapsed <= TARGET_S else "MISSED"
        print(f"import csv: {elapsed:.1f} s, peak {peak:.0f} MB, {created:,} files, exit {child.returncode}")
        print(f"  {summary}")
        copy = folder / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        started = time.perf_counter()
        shutil.copytree(root / "interviews", copy)
        os.sync()
        floor = time.perf_counter() - started
        print(f"peer, the same {created:,} files copied by shutil.copytree and synced: {floor:.1f} s")
        print(f"  ratio import / copy: {elapsed / floor:.1f}x")
        if child.returncode not in (0, 1):
            print(f"  stderr: {err.decode(errors='replace').strip()[:300]}")
        print(f"target <= {TARGET_S:.0f} s: {verdict}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
