"""The other cores: one kind of pool, `concurrent.futures` over forked processes.

A cold load of a large journal parses files on two cores, a warm one lists them while it
reads its cache, and a large build renders pages on two cores; all three use `pool`. Forking
is safe only in a program with no other threads (the terminal app has several: it does the
work in one process), so `pool` gives None there, on one core, and off Linux. The caller then
does the work itself, as it does when a worker fails.

What a worker needs is handed over by the fork (`state`), so nothing large is pickled on the
way in; only the answers come back, pickled by `concurrent.futures`.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_state: object = None
"""In a worker: what its pool was given."""


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a pool may start: Linux (elsewhere system libraries may not survive a fork), more
    than one core, and no other threads."""
    return sys.platform.startswith("linux") and cores() > 1 and threading.active_count() == 1


@contextmanager
def pool(state: object = None, workers: int = 1) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `workers` forked processes, each holding `state` (`workers.state()`); None when
    forking is unsafe here. Leaving the block waits for the workers to finish and go."""
    if not can_fork():
        yield None
        return
    import multiprocessing  # imported when used: most journals never need a pool
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_adopt, initargs=(state,)) as executor:
        yield executor


def state() -> object:
    """In a worker, the `state` its pool was started with."""
    return _state


def _adopt(given: object) -> None:
    global _state
    _state = given
