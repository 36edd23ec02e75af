"""How the product says a count: `1 file`, `2 files`, `no problems` is the caller's own wording.

One function for the app, the command line and the site (a Jinja filter there), so no message
says `1 file(s)` where another says `1 file`.
"""

from __future__ import annotations


def counted(count: int, noun: str, many: str | None = None) -> str:
    """`1 file`, `2 files`; `many` for a noun that does not take an s (`reply`, `replies`)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
