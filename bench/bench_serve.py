"""How fast does `followup serve` put an edit on disk? Write -> changed page latency.

    python bench/bench_serve.py [--interviews 10000] [--edits 20] [--journal DIR]

Generates the synthetic journal (bench/generate.py) unless --journal is given, starts
`followup serve` as its own process, as a user runs it, on a free port, then edits one interview file N times (alternating plain writes and editor-style atomic
renames) and times each write until the interview's page on disk holds the new text, and
until the served page does, and until every page is right again. Then, unless --no-hugo, the
same for `hugo server` (rendering to disk) on the same bodies as content pages: each write
until Hugo reports its rebuild done. Targets (issue 11): the edited page <= 100 ms median,
every page <= 300 ms median and <= 0.25x `hugo server`, peak memory <= 300 MB (serve's process).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_site import followup, hugo_binary, hugo_site
from bench.generate import generate

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


def figures(name: str, samples: list[float]) -> str:
    ms = sorted(sample * 1000 for sample in samples)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return f"{name}: median {statistics.median(ms):.0f} ms, p90 {p90:.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms"


class Said:
    """A child's output lines as they come, each with the moment it was read."""

    def __init__(self, stream: Iterable[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream: Iterable[str]) -> None:
        self.lines.extend((time.perf_counter(), line.rstrip("\n")) for line in stream)

    def starting(self, prefix: str) -> list[tuple[float, str]]:
        return [(at, line) for at, line in self.lines if line.startswith(prefix)]


def run(root: Path, edits: int) -> tuple[dict[str, float], float]:
    """The medians, and the peak memory (MB) of `followup serve`, run as its own process as a user
    runs it: the polling here shares no interpreter with it, as a browser shares none."""
    port = free_port()
    started = time.perf_counter()
    child = subprocess.Popen(
        [*followup(root, "serve", "--port", str(port), "--no-open")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    said = Said(child.stderr)
    try:
        wait_for(lambda: said.starting("built in") or child.poll() is not None, timeout=600, step=0.01)
        if child.poll() is not None:
            raise SystemExit("followup serve stopped:\n" + "\n".join(line for _at, line in said.lines))
        first = said.starting("built in")[0][1]
        print(f"first build (serve start): {time.perf_counter() - started:.2f} s  [{first}]")
        sources = sorted((root / "interviews").glob("*.md"))
        source = sources[len(sources) // 2]
        page = root / "_site" / "interviews" / f"{source.stem}.html"
        original = source.read_text()
        url = f"http://127.0.0.1:{port}/interviews/{source.stem}.html"
        on_disk: list[float] = []
        served: list[float] = []
        waited: list[float] = []
        complete: list[float] = []
        for number in range(edits):
            marker = f"bench-edit-{number}-{time.time_ns()}"
            time.sleep(0.25)  # a pause between saves, as when a person edits
            builds = len(said.starting("rebuilt"))
            written = time.perf_counter()
            edit(source, original, marker, by_rename=number % 2 == 1)
            expected = marker.encode()
            on_disk.append(wait_for(lambda: contains(page, expected)))  # noqa: B023 - called before the next edit
            served.append(on_disk[-1] + wait_for(lambda: expected in urllib.request.urlopen(url).read()))  # noqa: B023
            wait_for(lambda: len(said.starting("rebuilt")) > builds)  # noqa: B023 - every page right before the next save
            at, line = said.starting("rebuilt")[-1]
            complete.append(at - written)
            waited.append(at - written - took(line))
        builds = len(said.starting("rebuilt"))
        source.write_text(original)
        wait_for(lambda: len(said.starting("rebuilt")) > builds)
        print(f"edited {source.name} {edits} times ({edits // 2} plain writes, {edits - edits // 2} atomic renames)")
        print(figures("write -> page on disk", on_disk))
        print(figures("write -> served page", served))
        print(figures("write -> every page rebuilt (serve says it is done)", complete))
        print(figures("  of which write -> rebuild starts (inotify, debounce; less the rebuild's own time)", waited))
        print(f"last rebuild: {said.starting('rebuilt')[-1][1]}")
        medians = {
            "write -> page on disk": statistics.median(on_disk) * 1000,
            "write -> every page rebuilt": statistics.median(complete) * 1000,
        }
    finally:
        child.send_signal(signal.SIGINT)  # Ctrl+C: serve saves its state and stops
        _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("followup serve did not stop cleanly:\n" + "\n".join(line for _at, line in said.lines))
    return medians, usage.ru_maxrss / 1024


def took(line: str) -> float:
    """The seconds a rebuild took, from serve's own line ("rebuilt in 145 ms: ...")."""
    return float(line.split()[2]) / 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def to_disk(binary: str) -> list[str]:
    """The flag that makes `hugo server` write its pages to disk, as serve does: older releases
    render to memory unless given `--renderToDisk`; newer ones write to disk by default and
    refuse that flag (0.168 does)."""
    shown = subprocess.run([binary, "server", "--help"], capture_output=True, text=True, check=False).stdout
    return ["--renderToDisk"] if "--renderToDisk" in shown else []


def hugo_server(binary: str, journal: Path, scratch: Path, edits: int) -> float:
    """Median seconds from a write of one content page until `hugo server` reports its rebuild."""
    site = scratch / "hugo"
    hugo_site(journal, site)
    command = [binary, "server", "--source", str(site), "--destination", str(scratch / "hugo-public"),
               *to_disk(binary), "--port", str(free_port()), "--bind", "127.0.0.1", "--disableLiveReload"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said: list[tuple[float, str]] = []
    reader = threading.Thread(
        target=lambda: said.extend((time.perf_counter(), line) for line in process.stdout or ()), daemon=True
    )
    reader.start()
    try:
        wait_for(
            lambda: any("Web Server is available" in line for _, line in said) or process.poll() is not None, 300, 0.05
        )
        if process.poll() is not None:
            reader.join(timeout=5)
            raise RuntimeError("hugo server stopped before serving: " + "".join(line for _, line in said)[-2000:])
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
        medians, peak = run(root.resolve(), args.edits)
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
