"""`followup build` and `followup serve`: argument parsing only; the work is imported when run.

Importing this module stays cheap (no jinja2, markdown_it or watchdog), so `followup due`
starts fast.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from journal.arguments import day_arg
from journal.words import counted


def _port(text: str) -> int:
    """ASCII digits only: `int()` would also take '٨٠٠٠', '8_000', '+80' and spaces around them."""
    if not re.fullmatch(r"[0-9]{1,5}", text):
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range 0-65535: {port}")
    return port


def register(subparsers: Any, common: argparse.ArgumentParser | None = None) -> None:
    """Add `build` and `serve` to the `followup` command line; `common` holds options every command takes."""
    parents = [common] if common is not None else []
    build = subparsers.add_parser(
        "build", parents=parents, help="write the private static site (default <journal>/_site)"
    )
    build.add_argument("--out", type=Path, default=None, help="output folder (default <journal>/_site)")
    build.add_argument(
        "--as-of", type=day_arg, default=None, dest="as_of", help="the day the agenda is computed for (default today)"
    )
    build.add_argument("--strict", action="store_true", help="write nothing when the journal has problems")
    build.set_defaults(func=run_build, one_shot=True)

    serve = subparsers.add_parser(
        "serve", parents=parents, help="build, serve on 127.0.0.1, rebuild and reload on change"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.add_argument("--no-open", action="store_false", dest="open_browser", help="do not open a browser")
    serve.add_argument("--out", type=Path, default=None, help="output folder (default <journal>/_site)")
    serve.set_defaults(func=run_serve)


def run_build(args: argparse.Namespace, root: Path) -> int:
    from site_builder.unchanged import Current, look
    from site_builder.writer import OutputError, check_out

    out = args.out if args.out is not None else root / "_site"
    try:
        check_out(out, root)
        result: Any = look(root, out, args.as_of or date.today(), args.strict)  # before importing the builder
        if not isinstance(result, Current):
            from site_builder.build import build_site

            result = build_site(root, out=args.out, as_of=args.as_of, strict=args.strict, looked=result)
    except OutputError as exc:
        print(f"followup build: {exc}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(f"{problem.path}:{problem.line}: {problem.severity}: {problem.message}", file=sys.stderr)
    errors = sum(1 for p in result.problems if p.severity == "error")
    if result.aborted:
        print(f"--strict: {counted(errors, 'problem')} found; nothing was written to {result.out}", file=sys.stderr)
        return 1
    print(f"Built {result.pages} pages ({len(result.written)} written) in {result.out}")
    if result.problems:
        print(f"{counted(len(result.problems), 'problem')}; see {result.out / 'problems.html'}", file=sys.stderr)
    return 1 if errors else 0


def run_serve(args: argparse.Namespace, root: Path) -> int:
    from site_builder.serve import serve

    return serve(root, port=args.port, open_browser=args.open_browser, out=args.out)
