"""Use the second core: a forked child parses half of a cold journal, or lists a warm one.

Only for many files, on Linux, with more than one CPU available and when the caller has
no other threads (forking a threaded program — the terminal app — is unsafe; it parses in
one process instead). The child sends back built-in values (`cache.encode_entry` rows) through a
pipe and leaves with `os._exit`, so nothing of the parent (buffers, atexit) runs twice.
Any failure of the child just means the parent does that work itself.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from journal import cache

Job = TypeVar("Job")
MINIMUM = 3000
"""Below this many files a fork costs more than it saves."""


def can_fork() -> bool:
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def parse_all(
    parse: Callable[[Job], cache.Entry], jobs: Sequence[Job], rel_of: Callable[[Job], str]
) -> list[cache.Entry]:
    """`[parse(job) for job in jobs]`, the second half in a forked child when worthwhile."""
    if len(jobs) < MINIMUM or not can_fork():
        return [parse(job) for job in jobs]
    half = len(jobs) // 2
    theirs = jobs[half:]
    pending = start(lambda: [cache.encode_entry(parse(job)) for job in theirs])
    mine = [parse(job) for job in jobs[:half]]
    rows = pending()
    try:
        if isinstance(rows, list) and len(rows) == len(theirs):
            return mine + [cache.decode_entry(rel_of(job), row) for job, row in zip(theirs, rows, strict=True)]
    except Exception:  # noqa: BLE001 - a garbled answer from the child: parse that half here instead
        pass
    return mine + [parse(job) for job in theirs]


def start(work: Callable[[], object]) -> Callable[[], object | None]:
    """Run `work()` in a forked child while the caller goes on; the returned function waits for its result.

    `work` must return built-in values only (they cross a pipe, read by the restricted
    unpickler). The result is None when no child could do the work (forking unsafe or
    failed, the child died or answered garbage): the caller then does it itself.
    """
    if not can_fork():
        return nothing
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return nothing
    if pid == 0:  # the child: work, send, leave without running any of the parent's exit code
        status = 1
        try:
            os.close(read_end)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> object | None:
        with os.fdopen(read_end, "rb") as incoming:
            data = incoming.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            return None
        try:
            answer: object = cache.loads(data)
        except Exception:  # noqa: BLE001 - a garbled answer is no answer
            return None
        return answer

    return result


def nothing() -> None:
    """No answer: what `start` gives when there is no child."""
    return None
