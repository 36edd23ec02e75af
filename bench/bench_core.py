"""How fast is the core on a big journal? Prints figures; asserts nothing.

    python bench/bench_core.py [--interviews 10000] [--runs 3] [--keep DIR]

Generates a synthetic journal (10,000 interviews, ~30,000 follow-ups by default), then
times `followup due` and `followup check` as fresh processes: cold (no `.followup/`
cache) and warm (cache in place), with each child's peak memory (maxrss from wait4).
Targets from issue 2: cold <= 3 s, warm <= 0.5 s, peak < 300 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import generate

TARGETS = {"cold": 3.0, "warm": 0.5}
PEAK_MB = 300
AS_OF = "2026-11-25"


def command() -> list[str]:
    script = Path(sys.executable).parent / "followup"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from tui.cli import main; raise SystemExit(main())"]


def run(args: list[str]) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds, peak MB and exit code of one child process, and its first output line."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    peak_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    first = output.decode(errors="replace").strip().splitlines()[:1]
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, peak_mb, child.returncode, first[0][:100] if first else ""


def measure(root: Path, name: str, extra: list[str], runs: int) -> None:
    base = [*command(), "-C", str(root), *extra]
    for mode in ("cold", "warm"):
        times, cpus, peaks = [], [], []
        code, first = 0, ""
        for _ in range(runs):
            if mode == "cold":
                shutil.rmtree(root / ".followup", ignore_errors=True)
            else:
                run(base)  # make sure the cache is in place and settled
            elapsed, cpu, peak, code, first = run(base)
            times.append(elapsed)
            cpus.append(cpu)
            peaks.append(peak)
        median = statistics.median(times)
        verdict = "ok" if median <= TARGETS[mode] and max(peaks) < PEAK_MB else "MISSED"
        print(
            f"{name:<6} {mode:<5} wall median {median:5.2f} s (min {min(times):.2f}, max {max(times):.2f})  "
            f"cpu {statistics.median(cpus):5.2f} s  peak {max(peaks):4.0f} MB  exit {code}  "
            f"target <= {TARGETS[mode]} s, < {PEAK_MB} MB: {verdict}"
        )
        if code not in (0, 1):
            print(f"         output: {first}")


def main(argv: list[str] | None = None) -> int:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children keep their bytecode, as on a user's machine
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="generate into (and keep) this folder")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="followup-bench-"))
    try:
        root = folder / "journal"
        if not (root / "journal.yaml").exists():
            started = time.perf_counter()
            generate(root, args.interviews, seed=1, today=date.fromisoformat(AS_OF))
            print(f"generated in {time.perf_counter() - started:.1f} s", end="; ")
            time.sleep(2.1)  # let the files age past the cache's racy window, as real files have
        counts = {sub: len(os.listdir(root / sub)) for sub in ("interviews", "followups", "people")}
        print(", ".join(f"{count} {sub}" for sub, count in counts.items()), end="; ")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        measure(root, "due", ["due", "--as-of", AS_OF, "--json"], args.runs)
        measure(root, "check", ["check"], args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
