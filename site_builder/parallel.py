"""Splitting a build's work between two processes, for a cold build of a large journal.

The pages are rendered from data already in memory, so the second process is a `fork`
of the first: nothing is pickled on the way in, and only the small results (hashes,
written paths, the timeline's fragments, the calendar's events) come back. Forking a
process that runs other threads can deadlock, so a caller with threads (such as `serve`)
always builds in one process.

The work is numbered jobs (the index, the calendar, chunks of pages...). Neither process
knows in advance which jobs it will do: the numbers wait in a pipe and each process takes
the next one when it is ready for more, so a process that is slowed down (by a heavy job,
or by other programs on the machine) simply does fewer, and both finish together.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from journal.parallel import can_fork
from site_builder.calendar import EventCache
from site_builder.search import RowCache

Claim = Callable[[int], bool]
"""Whether this process does job `n`; asked for every job, in any order, by every process."""

MAX_JOBS = 1000
"""The job numbers are written to the pipe before the second process starts, so they must fit in
its smallest buffer: one 4 KiB page, what Linux gives a user who holds too many pipes."""


@dataclass
class Share:
    """What one process did: page signatures, files (with hashes) and which of them it wrote."""

    signatures: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    markdown: dict[tuple[str, str], str] = field(default_factory=dict)
    fragments: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """The timeline's month fragments, from the process that made index.html."""
    calendar: EventCache | None = None
    """The calendar's events, from the process that made calendar.ics."""
    search: RowCache = field(default_factory=dict)
    stamp: str | None = None
    """The site's stat stamp (`unchanged.settled`), from the process that took it."""
    stamped: bool = False


class WorkerError(Exception):
    """The second build process failed; its error message is kept."""


class _Claims:
    """Job numbers read from the shared pipe: every number read here is this process's job.

    The pipe hands numbers out in increasing order, so once this process has read `n`, every
    job below `n` that it did not read belongs to the other process.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.mine: set[int] = set()
        self.seen = -1

    def __call__(self, job: int) -> bool:
        while self.seen < job:
            data = os.read(self.fd, 4)  # a pipe read is atomic: each number goes to one process
            if not data:
                self.seen = sys.maxsize  # every job is taken
                break
            self.seen = int.from_bytes(data, "little")
            self.mine.add(self.seen)
        return job in self.mine


def _everything(_job: int) -> bool:
    return True


def split(work: Callable[[Claim, bool], Share], workers: int, jobs: int) -> list[Share]:
    """Run `work(claim, first)` in this process and, with `workers=2`, in a forked child too.

    `claim(n)` says whether the calling process does job `n` (of `jobs`); each job is done by
    exactly one process. `first` is True in this process.
    """
    if workers < 2 or jobs < 2 or not can_fork():
        return [work(_everything, True)]
    if jobs > MAX_JOBS:
        raise ValueError(f"{jobs} jobs: at most {MAX_JOBS} fit in the pipe")
    jobs_fd, numbers_fd = os.pipe()
    os.write(numbers_fd, b"".join(n.to_bytes(4, "little") for n in range(jobs)))
    os.close(numbers_fd)  # no writer left: once the numbers run out, a read says so
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do its jobs, send the result, never return into the caller
        os.close(read_fd)
        code = 0
        try:
            payload = pickle.dumps(("ok", work(_Claims(jobs_fd), False)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
            payload, code = pickle.dumps(("error", f"{type(exc).__name__}: {exc}")), 1
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        os._exit(code)
    os.close(write_fd)
    try:
        mine = work(_Claims(jobs_fd), True)
    finally:
        os.close(jobs_fd)
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    status, result = pickle.loads(data) if data else ("error", "the second build process died")
    if status != "ok" or not isinstance(result, Share):
        raise WorkerError(f"build worker failed: {result}")
    return [mine, result]
