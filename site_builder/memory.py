"""Keeping a long-running `followup serve` small: glibc's allocator tuned, freed memory given back.

Python hands blocks over 512 bytes (page texts, the timeline, the search index) to glibc,
which raises its mmap threshold to the largest block freed so far (tens of megabytes for a
big timeline) and then keeps such blocks in the heap after they are freed. Fixing the
threshold, and trimming the heap after each build, returns them to the system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any

MMAP_THRESHOLD = 1 << 20
"""Blocks from this size are mapped on their own and go straight back to the system when freed."""
M_MMAP_THRESHOLD = -3


@cache
def _libc() -> Any:
    if sys.platform != "linux":
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def tune_malloc() -> None:
    """Fix glibc's mmap threshold (which also stops its dynamic raise); nothing elsewhere."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def return_free_memory() -> None:
    """Give the heap freed by a build back to the system (glibc keeps it otherwise)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
