"""The Jinja2 environment: autoescape on, undefined variables are errors, bidi controls made visible.

Only the rendered-Markdown variables (`body_html`) are marked safe in the templates, and a test
greps the templates to keep it that way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, MutableMapping
from contextlib import contextmanager
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
_BIDI_UTF8 = re.compile(rb"\xe2(?:\x80[\x8e\x8f\xaa-\xae]|\x81[\xa6-\xa9])|\xd8\x9c")
"""`site_builder.safe.BIDI_CONTROLS` (U+200E-200F, U+202A-202E, U+2066-2069, U+061C) in UTF-8."""


_reused: dict[tuple[Any, ...], tuple[object, Any]] | None = None
"""Macro output kept by `once` while `reuse()` is active: (macro, id(value), rel, *flags) -> (value, HTML)."""


@contextmanager
def reuse() -> Iterator[None]:
    """While active, `{{ once("macro", value, rel, *flags) }}` renders a macro once per value object.

    A build hands every round of a process the same process view, so its card is rendered
    once instead of once per round; the same goes for a process's list of what is due, each
    of its rounds in the list of rounds, and a follow-up shown on its company's and its
    person's page. The value is kept with its HTML and compared by identity, so a new object
    is always rendered afresh; everything kept is dropped on exit.
    """
    global _reused
    outer = _reused
    _reused = {} if outer is None else outer
    try:
        yield
    finally:
        _reused = outer


def _finalize(value: Any) -> Any:
    return "" if value is None else value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame
    from jinja2.idtracking import VAR_LOAD_RESOLVE
    from jinja2.runtime import Macro
    from jinja2.utils import missing

    class Generator(CodeGenerator):
        """Compiles `{{ x }}` to `_output(x)` and `a.b` to `_getattr(a, "b")`, module-level functions.

        `_getattr` looks `a.b` up as a dict key first: view models are dicts, and Jinja's default
        tries the attribute first, paying for an AttributeError on every access.
        """

        def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
            super().visit_Template(node, frame)
            self.writeline("_output, _getattr = environment.fast_output, environment.fast_getattr")
            self.writeline("_once, _call, _concat = environment.globals['once'], environment.fast_call, ''.join")

        def blockvisit(self, body: Iterable[nodes.Node], frame: Frame) -> None:
            """A `{% block %}` collects its output in a list and yields it once, joined.

            Unbuffered, each piece of a page's main block would pass up through the generators
            of the page template and of `base.html`; Jinja's macros are buffered the same way.
            """
            if not frame.block_frame or frame.buffer is not None:
                super().blockvisit(body, frame)
                return
            frame.buffer = "_block_buffer"
            self.writeline("_block_buffer = []")
            super().blockvisit(body, frame)
            self.writeline("yield _concat(_block_buffer)")
            frame.buffer = None

        def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
            """A call with positional arguments only goes through `_call`, `once(…)` straight to it.

            `once` is the environment's global; a template or context can not shadow it.
            """
            if forward_caller or node.kwargs or node.dyn_args or node.dyn_kwargs:
                super().visit_Call(node, frame, forward_caller=forward_caller)
                return
            name = node.node
            if (
                isinstance(name, nodes.Name)
                and name.name == "once"
                and (frame.symbols.find_load(frame.symbols.ref("once")) or ("",))[0] == VAR_LOAD_RESOLVE
            ):
                self.write("_once(")
            else:
                self.write("_call(context, ")
                self.write("_loop_vars, " if frame.loop_frame else "None, ")
                self.write("_block_vars, " if frame.block_frame else "None, ")
                self.visit(name, frame)
                self.write(", " if node.args else "")
            for number, arg in enumerate(node.args):
                self.write(", " if number else "")
                self.visit(arg, frame)
            self.write(")")

        def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
            """One `yield` per run of text and `{{ … }}` between two tags, not one per piece.

            Every yield of a block passes through the generators of the page and of its base
            template; a page is a few hundred pieces. Joined with `str.join`, never `+`, which
            would let a Markup piece escape the text before it.
            """
            if frame.buffer is not None or frame.require_output_check or frame.eval_ctx.volatile:
                super().visit_Output(node, frame)
                return
            finalize = self._make_finalize()
            body: list[list[str] | nodes.Expr] = []
            for child in node.nodes:
                try:
                    if not (finalize.const or isinstance(child, nodes.TemplateData)):
                        raise nodes.Impossible()
                    const = self._output_child_to_const(child, frame, finalize)
                except Exception:  # noqa: BLE001 - evaluated at run time, as Jinja does
                    body.append(child)
                    continue
                if body and isinstance(body[-1], list):
                    body[-1].append(const)
                else:
                    body.append([const])
            if len(body) < 2:
                super().visit_Output(node, frame)
                return
            self.writeline("yield _concat((")
            self.indent()
            for item in body:
                if isinstance(item, list):
                    self.writeline(self._output_const_repr(item) + ",")
                else:
                    self.newline(item)
                    self._output_child_pre(item, frame, finalize)
                    self.visit(item, frame)
                    self._output_child_post(item, frame, finalize)
                    self.write(",")
            self.outdent()
            self.writeline("))")

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

        def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
            """A plain dict, not a ChainMap: every render copies the globals and every `{% from %}`
            compares their keys, both slow on a ChainMap. The globals are set before any template loads."""
            return {**self.globals, **(d or {})}

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
        cache_size=-1,  # a plain dict: the LRU cache's bookkeeping shows in every page's `{% extends %}`
    )
    env.globals["csp"] = CSP
    escape = env.filters["escape"]
    markup = type(escape(""))

    def output(value: Any) -> Any:
        """`escape(finalize(value))` for every `{{ … }}`, without a Markup object for plain text.

        A page prints thousands of values, most of them short strings with nothing to escape,
        and the generic path builds a Markup for each; the result goes straight into the page,
        where plain text and Markup print the same. Text that needs escaping is escaped here as
        Jinja's escape does, the same five characters the same way (a test prints both).
        """
        if type(value) is str:
            if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
                return (
                    value.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("'", "&#39;")
                    .replace('"', "&#34;")
                )
            return value
        if type(value) is markup:  # macro output, `|safe`: escape() would only copy it
            return value
        return "" if value is None else escape(value)

    def plain_arguments(function: Any, args: tuple[Any, ...]) -> list[Any] | None:
        """What `Macro.__call__` hands a macro without `caller`, `varargs` or `kwargs` after matching
        the arguments (which costs more than most macros' own work); None for anything else."""
        if type(function) is Macro and not (function.caller or function.catch_kwargs or function.catch_varargs):
            missing_count = function._argument_count - len(args)
            if missing_count >= 0:
                return [*args, *(missing,) * missing_count]
        return None

    def once(name: str, value: object, rel: str, *flags: object) -> Any:
        kept = _reused
        if kept is not None:
            hit = kept.get((name, id(value), rel, *flags))
            if hit is not None and hit[0] is value:
                return hit[1]
        macro = getattr(env.get_template("_macros.html").module, name)
        arguments = plain_arguments(macro, (value, rel, *flags))
        html = macro(value, rel, *flags) if arguments is None else macro._invoke(arguments, macro._default_autoescape)
        if kept is not None:
            kept[(name, id(value), rel, *flags)] = (value, html)
        return html

    def call(context: Any, loop_vars: Any, block_vars: Any, function: Any, *args: Any) -> Any:
        """`context.call(function, *args)`, a plain macro invoked directly (see `plain_arguments`)."""
        arguments = plain_arguments(function, args)
        if arguments is not None:
            try:
                return function._invoke(arguments, context.eval_ctx.autoescape)
            except StopIteration:
                return context.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        extra = {}
        if loop_vars is not None:
            extra["_loop_vars"] = loop_vars
        if block_vars is not None:
            extra["_block_vars"] = block_vars
        return context.call(function, *args, **extra)

    env.globals["once"] = once
    env.fast_call = call  # type: ignore[attr-defined]
    env.fast_output = output  # type: ignore[attr-defined]
    env.fast_getattr = env.getattr  # type: ignore[attr-defined]
    return env


def render(template: str, context: dict[str, Any]) -> str:
    """The page's HTML, with bidi controls anywhere in it (text, attributes, Markdown) made visible."""
    return visible_bidi(environment().get_template(template).render(context))


def render_bytes(template: str, context: dict[str, Any]) -> bytes:
    """`render`, encoded as UTF-8: the bidi controls are looked for in the bytes, ten times faster."""
    text = environment().get_template(template).render(context)
    data = text.encode()
    return visible_bidi(text).encode() if _BIDI_UTF8.search(data) else data


def static_files() -> dict[str, bytes]:
    """The site's own CSS and scripts, copied under `assets/`."""
    return {f"assets/{path.name}": path.read_bytes() for path in sorted(STATIC.iterdir()) if path.is_file()}
