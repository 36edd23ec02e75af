"""Text and URL hygiene shared by every page: which links may exist, and which characters may not.

A URL from front matter or Markdown becomes a link only when its scheme is on the allowlist;
browsers ignore tabs and newlines inside a URL and leading control characters, so we do too
before looking at the scheme (`java&#09;script:` must not slip through).
"""

from __future__ import annotations

import hashlib
import re

from journal.slug import slugify

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_INSIDE = re.compile(r"[\t\n\r]")
_EMAIL = re.compile(r"^[^\s<>\"'@:/\\]+@[^\s<>\"'@:/\\]+$")
_SAFE_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Unicode's Bidi_Control characters (marks, embeddings, overrides, isolates): they reorder the text around them."""


def _clean(url: str) -> str:
    return _IGNORED_INSIDE.sub("", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \x7f"
    )


def scheme_of(url: str) -> str | None:
    """The URL's scheme, lower case, as a browser would read it; None for a relative URL."""
    match = _SCHEME.match(_clean(url))
    return match.group(1).lower() if match else None


def safe_url(url: str | None, *, image: bool = False) -> str | None:
    """The URL if it may become a link (http, https, mailto or relative), else None."""
    if not url or not url.strip():
        return None
    cleaned = _clean(url)
    scheme = scheme_of(cleaned)
    if scheme is None or scheme in SAFE_SCHEMES:
        return cleaned
    if image and _SAFE_IMAGE_DATA.match(cleaned):
        return cleaned
    return None


def safe_web_url(url: str | None) -> str | None:
    """A link to a web page (linkedin, links): http(s) only; `www.x` gets `https://`."""
    if not url or not url.strip():
        return None
    cleaned = _clean(url)
    scheme = scheme_of(cleaned)
    if scheme is None:
        if cleaned.startswith(("/", "\\", ".")) or " " in cleaned:
            return None
        return "https://" + cleaned
    return cleaned if scheme in ("http", "https") else None


def mailto(email: str | None) -> str | None:
    """`mailto:` link for a plain address, None for anything that is not one."""
    if not email:
        return None
    cleaned = email.strip()
    return f"mailto:{cleaned}" if _EMAIL.match(cleaned) else None


def is_remote(url: str) -> bool:
    """Whether loading the URL would leave the machine (absolute, or `//host` in any slash style)."""
    cleaned = _clean(url)
    if re.match(r"^[/\\]{2}", cleaned):
        return True
    scheme = scheme_of(cleaned)
    return scheme is not None and scheme not in ("data", "file")


def visible_bidi(text: str) -> str:
    """Bidi controls shown as `[U+202E]` so hostile text cannot reorder what the user reads."""
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def page_name(key: str, taken: set[str]) -> str:
    """A file name for a record or group: its slug, made unique (case-insensitively) with a hash."""
    name = slugify(key)
    if name.casefold() in taken:
        name = f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    taken.add(name.casefold())
    return name
