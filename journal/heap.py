"""The heap of a process that builds tens of thousands of records at once.

CPython's cyclic collector runs again and again while a heap grows by many objects, walking
all of it each time; records hold no cycles, so while they are built it only slows the work
(it made reading the load cache five times slower). Standard library only, so the command
line can use it before it loads anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block; as it was, after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
