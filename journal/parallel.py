"""Use the second core: a forked child parses part of a cold journal, or lists a warm one.

Only for many files, on Linux, with more than one CPU available and when the caller has
no other threads (forking a threaded program — the terminal app — is unsafe; it parses in
one process instead). The child sends back built-in values (`cache.encode_entry` rows)
through an in-memory file and leaves with `os._exit`, so nothing of the parent (buffers,
atexit) runs twice. Any failure of the child just means the parent does that work itself.
`detach` runs work nobody waits for (writing the load cache) in a child of its own;
`settle` waits for it.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TypeVar, cast

from journal import cache

Job = TypeVar("Job")
MINIMUM = 3000
"""Below this many files a fork costs more than it saves."""
CHILD_SHARE = 0.43
"""The share of the files the child parses (measured on the 10,000-interview journal)."""


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
    """`[parse(job) for job in jobs]`, a share of them in a forked child when worthwhile.

    The child takes every job whose turn comes up in `CHILD_SHARE` (spread evenly, so both
    get the same mix of interviews and follow-ups); the parent takes fewer, as it still
    has to decode what the child sends.
    """
    if len(jobs) < MINIMUM or not can_fork():
        return [parse(job) for job in jobs]
    theirs_at = [index for index in range(len(jobs)) if int((index + 1) * CHILD_SHARE) != int(index * CHILD_SHARE)]
    theirs = [jobs[index] for index in theirs_at]
    pending = start(lambda: [cache.encode_entry(parse(job)) for job in theirs])
    taken = set(theirs_at)
    results: list[cache.Entry | None] = [None if index in taken else parse(job) for index, job in enumerate(jobs)]
    rows = pending()
    try:
        if isinstance(rows, list) and len(rows) == len(theirs):
            for index, job, row in zip(theirs_at, theirs, rows, strict=True):
                results[index] = cache.decode_entry(rel_of(job), row)
            return cast(list[cache.Entry], results)
    except Exception:  # noqa: BLE001 - a garbled answer from the child: parse its jobs here instead
        pass
    for index, job in zip(theirs_at, theirs, strict=True):
        results[index] = parse(job)
    return cast(list[cache.Entry], results)


def start(work: Callable[[], object]) -> Callable[[], object | None]:
    """Run `work()` in a forked child while the caller goes on; the returned function waits for its result.

    `work` must return built-in values only (they are pickled and read back by the restricted
    unpickler). The child writes its answer into an anonymous in-memory file the parent
    reads when it is ready (a pipe would stall the child at every 64 KB until then), then
    says "done" through a pipe. The result is None when no child could do the work (forking
    unsafe or failed, the child died or answered garbage): the caller then does it itself.
    """
    if not can_fork():
        return nothing
    try:
        answer_fd = os.memfd_create("followup-answer", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        return nothing
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (read_end, write_end, answer_fd):
            os.close(fd)
        return nothing
    if pid == 0:  # the child: work, send, leave without running any of the parent's exit code
        status = 1
        try:
            os.close(read_end)
            view = memoryview(pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL))
            while view:
                view = view[os.write(answer_fd, view) :]
            os.write(write_end, DONE)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> object | None:
        try:
            done = os.read(read_end, len(DONE)) == DONE  # or nothing: the child died first
            os.waitpid(pid, 0)
            if not done:
                return None
            answer: object = cache.loads(os.pread(answer_fd, os.fstat(answer_fd).st_size, 0))
        except Exception:  # noqa: BLE001 - a garbled answer is no answer
            return None
        finally:
            os.close(read_end)
            os.close(answer_fd)
        return answer

    return result


DONE = b"done"
"""What the child says once its whole answer is written."""


def nothing() -> None:
    """No answer: what `start` gives when there is no child."""
    return None


BACKGROUND_NICENESS = 10
"""How much lower the priority of `detach`'s children is."""
_detached: list[tuple[int, Callable[[], object]]] = []
"""Children started by `detach` and not yet waited for, with their work."""


def detach(work: Callable[[], object]) -> bool:
    """Run `work()` in a forked child the caller does not wait for; False when it cannot (do it yourself).

    The child leaves the terminal's session and holds none of the caller's output (a pipe
    reader sees the end of the caller's output when the caller ends), so neither Ctrl-C
    nor the caller's exit stops it halfway. It runs at a lower priority: a caller that keeps
    both cores busy (the site build) goes first. `settle` waits for it.
    """
    if not can_fork():
        return False
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:
        status = 1
        try:
            os.setsid()
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            with suppress(OSError):
                os.nice(BACKGROUND_NICENESS)
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            work()
            status = 0
        finally:
            os._exit(status)
    _detached.append((pid, work))  # what it works on stays referenced until it is waited for
    return True


def settle() -> None:
    """Wait for every child `detach` started (what they write is then on disk)."""
    while _detached:
        pid, _work = _detached.pop()
        with suppress(ChildProcessError):  # already waited for elsewhere
            os.waitpid(pid, 0)
