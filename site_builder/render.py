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
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame

    class Generator(CodeGenerator):
        """Compiles `{{ x }}` to `_output(x)` and `a.b` to `_getattr(a, "b")`, module-level functions.

        `_getattr` looks `a.b` up as a dict key first: view models are dicts, and Jinja's default
        tries the attribute first, paying for an AttributeError on every access.
        """

        def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
            super().visit_Template(node, frame)
            self.writeline("_output, _getattr = environment.fast_output, environment.fast_getattr")

        def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
            if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
                super()._output_child_pre(node, frame, finalize)
            else:
                self.write("_output(")

        def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
            if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
                super()._output_child_post(node, frame, finalize)
            else:
                self.write(")")

        def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
            self.write("_getattr(")
            self.visit(node.node, frame)
            self.write(f", {node.attr!r})")

    class Environment(jinja2.Environment):
        code_generator_class = Generator

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
    escape = env.filters["escape"]
    generic = super(Environment, env).getattr

    def fast_getattr(obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return generic(obj, attribute)

    def output(value: Any) -> Any:
        """`escape(finalize(value))` for every `{{ … }}`, without a Markup object for plain text.

        A page prints thousands of values, most of them short strings with nothing to escape,
        and the generic path builds a Markup for each; the result goes straight into the page,
        where plain text and Markup print the same.
        """
        if type(value) is str:
            if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
                return escape(value)
            return value
        return "" if value is None else escape(value)

    env.fast_output = output  # type: ignore[attr-defined]
    env.fast_getattr = fast_getattr  # type: ignore[attr-defined]
    return env


def render(template: str, context: dict[str, Any]) -> str:
    """The page's HTML, with bidi controls anywhere in it (text, attributes, Markdown) made visible."""
    return visible_bidi(environment().get_template(template).render(context))


def static_files() -> dict[str, bytes]:
    """The site's own CSS and scripts, copied under `assets/`."""
    return {f"assets/{path.name}": path.read_bytes() for path in sorted(STATIC.iterdir()) if path.is_file()}
