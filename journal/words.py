"""How the product says a count: `1 file`, `2 files`.

One pair of functions for the app, the command line and the site (a Jinja filter there), so no
message says `1 file(s)` where another says `1 file`.
"""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """The noun for `count` of it: `file` for one, `files` otherwise; `many` for a noun that does
    not take an s (`reply`, `replies`)."""
    return noun if count == 1 else many or noun + "s"


def counted(count: int, noun: str, many: str | None = None) -> str:
    """`1 file`, `2 files`, `0 files`."""
    return f"{count} {plural(count, noun, many)}"
