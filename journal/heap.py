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
from typing import ClassVar, TypeVar

T = TypeVar("T")


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


class Retained:
    """What a one-shot command keeps until it leaves with `os._exit` (see `tui.cli.run`).

    Freeing a 40,000-record journal object by object takes longer than computing an agenda
    from it (a tenth of a `followup build` after one edit); a process about to exit need not
    do it. In-process callers (tests, the app, `serve`) keep nothing.
    """

    enabled = False
    """Set by the console script, which leaves with `os._exit` after a one-shot command."""
    one_shot = False
    """A one-shot command is running: what it loads lives until the process leaves."""
    kept: ClassVar[list[object]] = []

    @classmethod
    def keep(cls, value: T) -> T:
        if cls.enabled and cls.one_shot:
            cls.kept.append(value)
        return value
