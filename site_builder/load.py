"""Stage 1 of a build: the journal, and what the last build left to start from.

A `followup build` with nothing changed stops here, from file stats alone
(`site_builder.unchanged`), or after loading when every input is what the site was built
from (the load cache makes loading cheap). Otherwise the stage hands on the journal, the
fingerprint of everything a page can depend on, and the last build's state: kept in memory
by `serve`, or read back from the cache folder while the site is exactly as that build left it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal.heap import Retained
from journal.loader import load
from journal.model import Journal
from journal.problems import Problem
from site_builder import state as site_state
from site_builder import unchanged
from site_builder.state import BuildResult, BuildState
from site_builder.writer import Writer, check_out, manifest_path, read_manifest_inputs

builder = unchanged.builder


@dataclass
class Source:
    """What the later stages build from."""

    root: Path
    out: Path
    as_of: date
    journal: Journal
    problems: list[Problem]
    inputs: str
    """The fingerprint of every input (`fingerprint`): the manifest keeps it for the next build."""
    old: BuildState
    """The last build's state (empty for a first build)."""
    persist: bool
    """Whether the new state is saved to the cache folder (not when `serve` keeps it in memory)."""
    stamp: str | None
    """The stat stamp taken before loading, when one was; `None` asks `write` to take it after."""
    loaded: bool
    """Whether this stage loaded the journal itself (rather than being handed one)."""
    started_ns: int


def source(
    root: Path,
    out: Path | None,
    as_of: date | None,
    strict: bool,
    previous: BuildState | None,
    journal: Journal | None,
    looked: unchanged.Looked | None = None,
) -> Source | BuildResult:
    """The journal and the state to build from, or the finished result when nothing is to be done.

    `looked`: the caller looked at the site before (`unchanged.look`), so it is not looked at again."""
    out = Path(out) if out is not None else root / "_site"
    check_out(out, root)
    as_of = as_of or date.today()
    stamp, loaded, started_ns = looked.stamp if looked else None, journal is None, time.time_ns()
    if (
        looked is None and journal is None and previous is None and unchanged.possible(root, out)
    ):  # nothing may have changed
        stamp = unchanged.stamp(root, as_of)
        found = unchanged.current(root, out, stamp)
        if found is not None:
            problems, pages, files = found
            state = BuildState(out, read_manifest_inputs(root, out)[1], files=files, pages=pages)
            aborted = strict and any(p.severity == "error" for p in problems)
            return BuildResult(out, [], problems, state, aborted=aborted, pages=0 if aborted else pages)
    journal = journal if journal is not None else Retained.keep(load(root))  # `followup build`: never freed
    problems = list(journal.problems)
    if strict and any(p.severity == "error" for p in problems):
        return BuildResult(out, [], problems, previous or BuildState(out), aborted=True)
    inputs = fingerprint(journal, as_of)
    old, persist, current = _resume(root, out, previous, inputs)
    if current:
        pages = old.pages or sum(1 for rel in old.files if rel.endswith(".html"))
        if stamp is None and loaded and previous is None:
            stamp = unchanged.settled(root, as_of, journal, started_ns)
        if stamp is not None:
            unchanged.save(root, out, stamp, problems, pages)
        return BuildResult(out, [], problems, old, pages=pages)
    return Source(root, out, as_of, journal, problems, inputs, old, persist, stamp, loaded, started_ns)


def fingerprint(journal: Journal, as_of: date) -> str:
    """Everything a page can depend on: every file's content hash, the settings, the problems, the day.

    The files enter as `Journal.sources_sum`, which a live journal keeps up to date by the files
    that changed, so a rebuild in `serve` does not hash every file's path again."""
    problems = [(str(p), p.field) for p in journal.problems]
    settings = dataclasses.asdict(journal.settings)
    text = json.dumps(
        [builder(), settings, problems, as_of.isoformat()], ensure_ascii=False, sort_keys=True, default=_plain
    )
    return hashlib.sha256(f"{text}\n{journal.sources_sum:x}".encode()).hexdigest()


def everything(journal: Journal, as_of: date) -> str:
    """What every page depends on: the settings, the day and the builder (`builder`)."""
    settings = dataclasses.asdict(journal.settings)
    text = json.dumps([builder(), settings, as_of.isoformat()], sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: object) -> object:
    """JSON for settings values: sets sorted (their order varies between runs), the rest as text."""
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else str(value)


def _resume(root: Path, out: Path, previous: BuildState | None, inputs: str) -> tuple[BuildState, bool, bool]:
    """Where this build starts from: (state, whether to save the new state, whether the site is current).

    An in-memory state (from `serve`) is used as is; otherwise the manifest says what the site
    was built from, and the saved state, if it still matches the manifest, allows an
    incremental build across `followup build` runs.
    """
    if previous is not None and previous.out != out:
        previous = None
    if previous is not None:
        if previous.inputs == inputs and manifest_path(root, out).is_file():
            return previous, False, True
        if previous.built:
            return previous, False, False
        resumed = dataclasses.replace(previous)  # a state from an early return: the rest is on disk
        intact = True
    else:
        files, built_from = read_manifest_inputs(root, out)
        resumed = BuildState(out, built_from, files=files)
        intact = Writer(out, files).complete()
        if intact and built_from == inputs:
            return resumed, False, True
    saved = site_state.load(root, out) if intact else None  # a damaged site is checked page by page
    if saved is not None:
        resumed.signatures, resumed.fragments, resumed.calendar = saved
    return resumed, True, False
