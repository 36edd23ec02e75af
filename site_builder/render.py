"""The Jinja2 environment: autoescape on, undefined variables are errors, bidi controls made visible.

Only the rendered-Markdown variables (`body_html`) are marked safe in the templates, and a test
greps the templates to keep it that way.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def _finalize(value: Any) -> Any:
    return "" if value is None else value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2

    class Environment(jinja2.Environment):
        """Looks `a.b` up as a dict key first: view models are dicts, and Jinja's default tries the
        attribute first, paying for an AttributeError on every access (a tenth of a cold build)."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    env = Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        auto_reload=False,
    )
    env.globals["csp"] = CSP
    return env


def render(template: str, context: dict[str, Any]) -> str:
    """The page's HTML, with bidi controls anywhere in it (text, attributes, Markdown) made visible."""
    return visible_bidi(environment().get_template(template).render(context))


def static_files() -> dict[str, bytes]:
    """The site's own CSS and scripts, copied under `assets/`."""
    return {f"assets/{path.name}": path.read_bytes() for path in sorted(STATIC.iterdir()) if path.is_file()}
