"""Text and URL hygiene shared by every page: which links may exist, and which characters may not.

A URL from front matter or Markdown becomes a link only when its scheme is on the allowlist;
browsers ignore tabs and newlines inside a URL and leading control characters, so we do too
before looking at the scheme (`java&#09;script:` must not slip through). A web link is read
as a browser reads it (WHATWG URL) to name the host it really goes to, so a LinkedIn link to
`lіnkedin.com` (Cyrillic і) or `linkedin.com@evil.example` is never printed as "LinkedIn".
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import quote, unquote

from journal.slug import slugify

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_INSIDE = re.compile(r"[\t\n\r]")
_EMAIL = re.compile(r"^[^\s<>\"'@:/\\]+@[^\s<>\"'@:/\\]+$")
_SAFE_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Unicode's Bidi_Control characters (marks, embeddings, overrides, isolates): they reorder the text around them."""
LINKEDIN_HOSTS = frozenset({"linkedin.com", "www.linkedin.com"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PORT = re.compile(r"[0-9]{1,9}")
"""ASCII digits a browser reads as a port (`0443` is 443); `int()` would also take '٤٤٣'."""
_AUTHORITY_END = re.compile(r"[/\\?#]")
_DOTS = re.compile("[.\u3002\uff0e\uff61]")
"""The full stops IDNA reads as a dot between labels."""
_IDNA_DEVIATIONS = re.compile("[\u00df\u03c2\u200c\u200d]")
"""ß, final sigma, ZWNJ, ZWJ: Python's IDNA 2003 codec maps them away, browsers' UTS 46 keeps them."""


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
    """A link to a web page (linkedin, links): http(s) with a host; `www.x` gets `https://`.

    `https:x`, `https:/x`, `https:\\\\x` and `https:////x` all go to host x in a browser (or, for
    `http:x` on a page served over http, to a path of that page): the link is written with
    exactly two slashes, so what the page says and where the browser goes never differ.
    """
    if not url or not url.strip():
        return None
    cleaned = _clean(url)
    scheme = scheme_of(cleaned)
    if scheme is None:
        if cleaned.startswith(("/", "\\", ".")) or " " in cleaned:
            return None
        scheme, rest = "https", cleaned
    elif scheme in ("http", "https"):
        rest = cleaned[len(scheme) + 1 :].lstrip("/\\")
    else:
        return None
    if _split_authority(rest)[1] == "":
        return None  # `https://`, `https://user@/x`: no web page to go to
    return f"{scheme}://{rest}"


def _split_authority(rest: str) -> tuple[bool, str, str]:
    """(has user info, host, port) of what follows `scheme://`, split where a browser splits it:
    the authority ends at `/`, `\\`, `?` or `#`; the host follows the last `@`."""
    authority = _AUTHORITY_END.split(rest, 1)[0]
    _userinfo, at, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]") + 1 or len(hostport)
        return bool(at), hostport[:end], hostport[end:].removeprefix(":")
    host, _, port = hostport.partition(":")
    return bool(at), host, port


def web_host(href: str) -> tuple[str, bool]:
    """Where a `safe_web_url` link really goes, as text a reader can trust, and whether it has user info.

    The host is percent-decoded and converted by IDNA, as a browser does, then shown in ASCII:
    punycode (`xn--lnkedin-rog.com`) for a name with a letter from another script, percent
    escapes for anything else that is not plain, `:port` unless it is the scheme's default (as a
    number, as the browser reads it: `:0443` is `:443`).
    """
    scheme, _, rest = href.partition("://")
    userinfo, host, port = _split_authority(rest)
    name = _idna(unquote(host))
    shown = quote(name.lower() if name.isascii() else name, safe="[]:")
    number = int(port) if _PORT.fullmatch(port) else None
    if port == "" or number == _DEFAULT_PORTS.get(scheme):
        return shown, userinfo
    return f"{shown}:{number if number is not None else quote(port, safe='')}", userinfo  # 0443 reads 443


def _idna(name: str) -> str:
    """The name in ASCII, as a browser converts it; unchanged (and so shown escaped) when that fails.

    Label by label, so an empty label (`。linkedin`) stays empty as in a browser instead of
    failing the whole name.
    """
    if name.isascii() or _IDNA_DEVIATIONS.search(name):
        return name
    try:
        return ".".join(part if part.isascii() else part.encode("idna").decode() for part in _DOTS.split(name))
    except UnicodeError:
        return name  # a label IDNA refuses: shown escaped


def lookalike_host(href: str | None, genuine: frozenset[str] = LINKEDIN_HOSTS) -> str | None:
    """None when the link goes to one of the `genuine` hosts, plainly; else the host it really goes to.

    Any user info makes a link suspect, even `https://x@linkedin.com`, which does go to LinkedIn:
    it is the trick behind `https://linkedin.com@evil.example`, and no profile link needs it.
    """
    if href is None:
        return None
    host, userinfo = web_host(href)
    return None if host in genuine and not userinfo else host


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


@lru_cache(maxsize=65536)
def _slug(key: str) -> str:
    """`slugify`, kept: every build names every page again, and a page's name changes only with its key."""
    return slugify(key)


def page_name(key: str, taken: set[str]) -> str:
    """A file name for a record or group: its slug, made unique (case-insensitively) with a hash."""
    name = _slug(key)
    if name.casefold() in taken:
        name = f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    taken.add(name.casefold())
    return name
