"""Markdown bodies to HTML: raw HTML off, links on the scheme allowlist, no remote images.

One `MarkdownIt("js-default")` instance is shared by the whole build (creating one per body
costs more than rendering most bodies). Heading ids carry a prefix so a heading called
`location` or `__proto__` cannot clobber a DOM global.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from journal.slug import slugify
from site_builder.safe import is_remote, safe_url, visible_bidi


def _validate_link(url: str) -> bool:
    return safe_url(url, image=True) is not None


def _heading_ids(state: StateCore) -> None:
    prefix = str(state.env.get("id_prefix", "h-"))
    seen: set[str] = set()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        base = prefix + slugify(tokens[index + 1].content or "section")
        anchor, count = base, 1
        while anchor in seen:
            count += 1
            anchor = f"{base}-{count}"
        seen.add(anchor)
        token.attrSet("id", anchor)


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """A remote image becomes a plain link: loading it would tell a server the page was read."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if not src or is_remote(src):
        alt = self.renderInlineAsText(token.children or [], options, env) or "image"
        if not src or safe_url(src) is None:
            return f"[{_escape(alt)}]"
        return f'<a class="remote-image" href="{_escape(src)}" rel="noopener noreferrer">[image: {_escape(alt)}]</a>'
    return self.image(tokens, idx, options, env)


def _link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if is_remote(href):
        token.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def make_markdown() -> MarkdownIt:
    """The build's Markdown renderer (raw HTML, linkify and typographer off)."""
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.core.ruler.push("heading_ids", _heading_ids)
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    return md


class Renderer:
    """Renders bodies once per (prefix, text): a rebuild reuses the HTML of unchanged bodies."""

    def __init__(self, cache: dict[tuple[str, str], str] | None = None) -> None:
        self.md = make_markdown()
        self.cache: dict[tuple[str, str], str] = cache if cache is not None else {}
        self.used: dict[tuple[str, str], str] = {}

    def render(self, text: str, prefix: str = "h-") -> str:
        if not text.strip():
            return ""
        key = (prefix, text)
        html = self.used.get(key) or self.cache.get(key)
        if html is None:
            html = self.md.render(text, {"id_prefix": prefix})
            html = html if html.isascii() else visible_bidi(html)
        self.used[key] = html
        return html
