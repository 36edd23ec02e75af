"""Slugs and record ids: stable, readable, and unable to leave the journal folder."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable

MAX_BYTES = 80
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "clock$"]
    + [f"{device}{digit}" for device in ("com", "lpt") for digit in "0123456789¹²³"]
)
"""Windows device names (superscript digits included: `COM¹` opens a port too)."""
_INVISIBLE = frozenset({"Cf", "Cc", "Cs", "Co", "Cn"})


def slugify(text: str, *, max_bytes: int = MAX_BYTES) -> str:
    """Lower-case letters and digits of any script, everything else folded to single hyphens.

    Never empty (falls back to a short hash of the text), at most `max_bytes` UTF-8 bytes,
    never a Windows-reserved device name, never `.`/`..` or anything with a separator.
    """
    normal = unicodedata.normalize("NFC", text)
    out: list[str] = []
    hyphen = False
    for char in normal.lower():
        category = unicodedata.category(char)
        if category in _INVISIBLE:
            continue  # zero-width and bidi controls vanish instead of splitting words
        if category[0] in "LN" and category != "Nl" or category == "Mn" or category == "Mc":
            if hyphen and out:
                out.append("-")
            hyphen = False
            out.append(char)
        else:
            hyphen = True
    slug = unicodedata.normalize("NFC", "".join(out))
    slug = _truncate(slug, max_bytes)
    if not slug:
        return "x-" + hashlib.sha256(normal.encode()).hexdigest()[:8]
    if slug in _RESERVED:
        slug += "-1"
    return slug


def _truncate(slug: str, max_bytes: int) -> str:
    encoded = slug.encode()
    if len(encoded) <= max_bytes:
        return slug
    cut = encoded[:max_bytes].decode("utf-8", errors="ignore")
    return cut.rstrip("-")


def unique(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`, … — the first that `taken` says is free.

    Comparison is up to the caller; callers pass a case-folding check so ids stay
    distinct on case-insensitive file systems.
    """
    if not taken(base):
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = _truncate(base, MAX_BYTES - len(suffix)) + suffix
        if not taken(candidate):
            return candidate
        number += 1


def unique_in(base: str, existing: Iterable[str]) -> str:
    """`unique` against a collection of ids, compared case-insensitively."""
    folded = {item.casefold() for item in existing}
    return unique(base, lambda candidate: candidate.casefold() in folded)


def person_id(name: str) -> str:
    """A person's id is the slug of their name."""
    return slugify(name)
