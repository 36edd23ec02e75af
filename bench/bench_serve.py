"""How fast does `followup serve` put an edit on disk? Write -> changed page latency.

    python bench/bench_serve.py [--interviews 10000] [--edits 20] [--journal DIR]

Generates the synthetic journal (bench/generate.py) unless --journal is given, starts the
real serve machinery (watchdog, debounce, incremental build, HTTP server) on a free port,
then edits one interview file N times (alternating plain writes and editor-style atomic
renames) and times each write until the interview's page on disk holds the new text, and
until the served page does, and until every page is right again. Then, unless --no-hugo, the
same for `hugo server` (rendering to disk) on the same bodies as content pages: each write
until Hugo reports its rebuild done. Targets (issue 11): the edited page <= 100 ms median,
every page <= 300 ms median and <= 0.25x `hugo server`, peak memory <= 300 MB (this process).
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_site import hugo_binary, hugo_site
from bench.generate import generate
from site_builder.serve import Preview

TARGETS = {"write -> page on disk": 100.0, "write -> every page rebuilt": 300.0}
"""Milliseconds, median."""
PEAK_MB = 300.0


def wait_for(check: object, timeout: float = 30.0, step: float = 0.001) -> float:
    """Seconds until `check()` is true (polling every `step`), or raise after `timeout`."""
    assert callable(check)
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the edit never reached the page")
        time.sleep(step)
    return time.perf_counter() - started


def contains(path: Path, marker: bytes) -> bool:
    try:
        return marker in path.read_bytes()
    except OSError:
        return False


def edit(source: Path, original: str, marker: str, by_rename: bool) -> None:
    text = original.rstrip("\n") + f"\n\n{marker}\n"
    if by_rename:
        temp = source.with_name(f".{source.name}.tmp")
        temp.write_text(text)
        os.replace(temp, source)
    else:
        source.write_text(text)


def rebuilt(lines: list[str]) -> int:
    """How many rebuilds serve has reported so far."""
    return sum(1 for line in lines if line.startswith("rebuilt"))


def figures(name: str, samples: list[float]) -> str:
    ms = sorted(sample * 1000 for sample in samples)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return f"{name}: median {statistics.median(ms):.0f} ms, p90 {p90:.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms"


def run(root: Path, edits: int) -> dict[str, float]:
    lines: list[str] = []
    started = time.perf_counter()
    preview = Preview(root, port=0, report=lines.append)
    preview.start()
    try:
        print(f"first build (serve start): {time.perf_counter() - started:.2f} s  [{lines[0].splitlines()[0]}]")
        assert preview.out is not None and preview.site is not None
        source = sorted((root / "interviews").glob("*.md"))[len(list((root / "interviews").glob("*.md"))) // 2]
        page = preview.out / "interviews" / f"{source.stem}.html"
        original = source.read_text()
        url = f"{preview.url}interviews/{source.stem}.html"
        on_disk: list[float] = []
        served: list[float] = []
        waited: list[float] = []
        complete: list[float] = []
        for number in range(edits):
            marker = f"bench-edit-{number}-{time.time_ns()}"
            time.sleep(0.25)  # a pause between saves, as when a person edits
            builds = rebuilt(lines)
            written = time.perf_counter()
            edit(source, original, marker, by_rename=number % 2 == 1)
            expected = marker.encode()
            on_disk.append(wait_for(lambda: contains(page, expected)))  # noqa: B023 - called before the next edit
            served.append(on_disk[-1] + wait_for(lambda: expected in urllib.request.urlopen(url).read()))  # noqa: B023
            waited.append(preview.last_started - written)
            wait_for(lambda: rebuilt(lines) > builds)  # noqa: B023 - every page right again before the next save
            complete.append(time.perf_counter() - written)
        source.write_text(original)
        print(f"edited {source.name} {edits} times ({edits // 2} plain writes, {edits - edits // 2} atomic renames)")
        print(figures("write -> page on disk", on_disk))
        print(figures("write -> served page", served))
        print(figures("  of which write -> rebuild starts (inotify + debounce)", waited))
        print(
            figures(
                "  of which rebuild start -> page on disk (refresh, plan, the edited pages)",
                [a - b for a, b in zip(on_disk, waited, strict=True)],
            )
        )
        print(figures("write -> every page rebuilt (the whole incremental build)", complete))
        rebuilds = [line for line in lines[1:] if line.startswith("rebuilt")]
        if rebuilds:
            print(f"last rebuild: {rebuilds[-1].splitlines()[0]}")
        return {
            "write -> page on disk": statistics.median(on_disk) * 1000,
            "write -> every page rebuilt": statistics.median(complete) * 1000,
        }
    finally:
        preview.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def hugo_server(binary: str, journal: Path, scratch: Path, edits: int) -> float:
    """Median seconds from a write of one content page until `hugo server` reports its rebuild."""
    site = scratch / "hugo"
    hugo_site(journal, site)
    command = [binary, "server", "--source", str(site), "--destination", str(scratch / "hugo-public"),
               "--renderToDisk", "--port", str(free_port()), "--bind", "127.0.0.1", "--disableLiveReload"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said: list[tuple[float, str]] = []
    reader = threading.Thread(
        target=lambda: said.extend((time.perf_counter(), line) for line in process.stdout or ()), daemon=True
    )
    reader.start()
    try:
        wait_for(lambda: any("Web Server is available" in line for _, line in said), timeout=300, step=0.05)
        pages = sorted((site / "content" / "interviews").glob("*.md"))
        source = pages[len(pages) // 2]
        original = source.read_text()
        samples = []
        for number in range(edits):
            time.sleep(0.25)
            before = sum("Total in" in line for _, line in said)
            written = time.perf_counter()
            edit(source, original, f"hugo-edit-{number}-{time.time_ns()}", by_rename=number % 2 == 1)
            wait_for(lambda: sum("Total in" in line for _, line in said) > before)  # noqa: B023
            samples.append([at for at, line in said if "Total in" in line][-1] - written)
        print(figures("hugo server: write -> rebuilt (fast render, to disk)", samples))
        return statistics.median(samples)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children keep their bytecode, as on a user's machine
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--journal", type=Path, default=None, help="an existing journal (default: generate one)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the `hugo server` comparison")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="followup-bench-serve-") as scratch:
        root = args.journal
        if root is None:
            root = Path(scratch) / "journal"
            started = time.perf_counter()
            generate(root, args.interviews, seed=1)
            print(f"generated {args.interviews} interviews in {time.perf_counter() - started:.1f} s")
        medians = run(root.resolve(), args.edits)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before Hugo's output is read
        binary = None if args.no_hugo else hugo_binary()
        theirs = hugo_server(binary, root.resolve(), Path(scratch), args.edits) * 1000 if binary else None
    if theirs is not None:
        ratio = medians["write -> every page rebuilt"] / theirs
        print(
            f"every page rebuilt: {ratio:.2f}x hugo server (target <= 0.25x: {'met' if ratio <= 0.25 else 'NOT met'})"
        )
    print(f"peak memory: {peak:.0f} MB (target <= {PEAK_MB:.0f} MB: {'met' if peak <= PEAK_MB else 'NOT met'})")
    met = peak <= PEAK_MB
    for name, target in TARGETS.items():
        verdict = "met" if medians[name] <= target else "NOT met"
        met = met and medians[name] <= target
        print(f"target {name} median <= {target:.0f} ms: {verdict} ({medians[name]:.0f} ms)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
