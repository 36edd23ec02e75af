"""The Jinja2 environment: autoescape on, undefined variables are errors, bidi controls made visible.

Only the rendered-Markdown variables (`body_html`) are marked safe in the templates, and a test
greps the templates to keep it that way.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.words import counted
from site_builder.safe import visible_bidi

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'"
)
"""Only the site's own files: no inline script or style, nothing from another host."""
_BIDI_UTF8 = tuple(map(re.compile, (rb"\xe2\x80[\x8e\x8f\xaa-\xae]", rb"\xe2\x81[\xa6-\xa9]", rb"\xd8\x9c")))
"""`site_builder.safe.BIDI_CONTROLS` (U+200E-200F, U+202A-202E, U+2066-2069, U+061C) in UTF-8: three
patterns, each starting with literal bytes, which the regular expression engine finds five times
faster in a large page than one pattern of alternatives."""


def _finalize(value: Any) -> Any:
    return "" if value is None else value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2

    class Environment(jinja2.Environment):
        """`a.b` looks `b` up as a key first when `a` is a dict: the templates' view models are dicts.

        Jinja's own `getattr` (the documented hook that `SandboxedEnvironment` overrides too)
        tries the attribute first and pays for an AttributeError on every one of the millions
        of lookups a large site makes. A view model never has a key named like a dict method.
        """

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    class Compiled(jinja2.FileSystemBytecodeCache):
        """Compiling the templates is a tenth of a build after one edit, so Jinja keeps their code
        in its per-user cache folder, by template and source. What it compiles also depends on
        the options below and on Jinja itself: the files are named by this module's source and
        Jinja's version. Best effort: a folder that cannot be written only costs the compiling."""

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with suppress(OSError):
                super().dump_bytecode(bucket)

    made_with = hashlib.blake2b(Path(__file__).read_bytes() + jinja2.__version__.encode(), digest_size=8).hexdigest()
    try:
        compiled: jinja2.BytecodeCache | None = Compiled(pattern=f"followup-{made_with}-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder to be had
        compiled = None
    env = Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        auto_reload=False,
        bytecode_cache=compiled,
    )
    env.globals["csp"] = CSP
    env.filters["words"] = words
    env.filters["counted"] = counted  # `{{ n|counted("round") }}`: 1 round, 2 rounds
    return env


WORDS = {"linkedin": "LinkedIn", "next-steps": "next steps", "status-check": "status check", "other": "message"}
"""Ids the journal uses, as a page says them; the rest read as they are, hyphens as spaces
unless the word is hyphenated in English (thank-you, check-in, phone-screen stays phone screen)."""
_HYPHENATED = ("thank-you", "check-in")


def words(value: object) -> str:
    """An id (`next-round`, `status-check`) as words (`next round`, `status check`)."""
    text = str(value)
    if text in WORDS:
        return WORDS[text]
    return text if text in _HYPHENATED else text.replace("-", " ")


def render(template: str, context: dict[str, Any]) -> str:
    """The page's HTML, with bidi controls anywhere in it (text, attributes, Markdown) made visible."""
    return visible_bidi(environment().get_template(template).render(context))


def render_bytes(template: str, context: dict[str, Any]) -> bytes:
    """`render`, encoded as UTF-8: the bidi controls are looked for in the bytes, ten times faster."""
    text = environment().get_template(template).render(context)
    data = text.encode()
    return visible_bidi(text).encode() if any(pattern.search(data) for pattern in _BIDI_UTF8) else data


@lru_cache(maxsize=1)
def templates_digest() -> str:
    """The hash of the builder's templates and assets: every page depends on them, so a build
    after an upgrade that changed them renders every page again."""
    digest = hashlib.sha256()
    for folder in (TEMPLATES, STATIC):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(f"{folder.name}/{path.name}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def static_files() -> dict[str, bytes]:
    """The site's own CSS and scripts, copied under `assets/`."""
    return {f"assets/{path.name}": path.read_bytes() for path in sorted(STATIC.iterdir()) if path.is_file()}
