"""Splitting a build's pages between two processes, for a cold build of a large journal.

The pages are rendered from data already in memory, so the second process is a `fork`
of the first: nothing is pickled on the way in, and only the small per-page results
(hashes, written paths, rendered Markdown) come back. Forking a process that runs other
threads can deadlock, so a caller with threads (such as `serve`) always builds in one process.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Share:
    """What one worker did: page signatures, files (with hashes) and which of them it wrote."""

    signatures: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    markdown: dict[tuple[str, str], str] = field(default_factory=dict)
    calendar: dict[str, str] = field(default_factory=dict)


class WorkerError(Exception):
    """The second build process failed; its error message is kept."""


def _picker(index: int, count: int) -> Callable[[str], bool]:
    return lambda path: zlib.crc32(path.encode()) % count == index


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def split(work: Callable[[Callable[[str], bool], bool], Share], workers: int) -> list[Share]:
    """Run `work(mine, first)` in this process and, with `workers=2`, in a forked child too."""
    if workers < 2 or not can_fork():
        return [work(lambda _path: True, True)]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render its share, send the result, never return into the caller
        os.close(read_fd)
        code = 0
        try:
            payload = pickle.dumps(("ok", work(_picker(1, 2), False)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
            payload, code = pickle.dumps(("error", f"{type(exc).__name__}: {exc}")), 1
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        os._exit(code)
    os.close(write_fd)
    try:
        mine = work(_picker(0, 2), True)
    finally:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    status, result = pickle.loads(data) if data else ("error", "the second build process died")
    if status != "ok" or not isinstance(result, Share):
        raise WorkerError(f"build worker failed: {result}")
    return [mine, result]
