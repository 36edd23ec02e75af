"""HTML mail as the text a reader sees, with the standard library's `html.parser`.

Blocks end lines, `<br>` and spacing paragraphs make blank ones, styles and scripts vanish,
and the quoted history mail clients mark in HTML (Gmail's `gmail_quote`, Apple's
`<blockquote type="cite">`, Outlook's `divRplyFwdMsg`, Yahoo's and Zoho's containers) is left
out before the text is trimmed like any plain one.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)
_HIDDEN = frozenset({"head", "style", "script", "title", "template"})
_QUOTE_CLASSES = ("gmail_quote", "gmail_extra", "yahoo_quoted", "zmail_extra", "moz-forward-container")
_HISTORY_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")
"""Outlook's markers: everything after them is the message being answered."""


class _HtmlText(HTMLParser):
    """HTML mail as the text a reader sees: blocks on their own lines, quoted history left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []
        """Tags whose content is left out (the tag names, innermost last)."""
        self.stopped = False
        self.pre = 0
        self.word = False
        """Outlook (Word) HTML: its `MsoNormal` paragraphs are lines, its empty ones the blank lines."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        values = {name: (value or "") for name, value in attrs}
        classes = values.get("class", "").lower()
        if values.get("id", "").lower() in _HISTORY_IDS:
            self.stopped = True
            return
        quoted = (tag == "blockquote" and values.get("type", "").lower() == "cite") or any(
            name in classes for name in _QUOTE_CLASSES
        )
        if self.skipping or tag in _HIDDEN or quoted:
            if tag not in ("br", "hr", "img", "meta", "link", "input", "col", "area", "wbr"):
                self.skipping.append(tag)
            return
        if tag == "pre":
            self.pre += 1
        if tag == "br":
            self.out.append("\n")
        elif tag == "p":
            self.word = self.word or "msonormal" in classes
            self._break(1 if self.word else 2)
        elif tag in _BLOCKS:
            self._break(1)
        if tag == "li":
            self.out.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if self.stopped:
            return
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCKS and tag != "br":
            self._break(2 if tag == "p" and not self.word else 1)

    def _break(self, lines: int) -> None:
        """End the current line (`lines=2`: and leave a blank one), unless the text already does.

        Block elements nest (`<div><div>`): each ends a line, and only `<br>` and spacing
        paragraphs add blank ones. Outlook's `MsoNormal` paragraphs are lines, not paragraphs.
        """
        text = "".join(self.out[-8:]).rstrip(" ")
        if text:
            self.out.append("\n" * max(0, lines - (len(text) - len(text.rstrip("\n")))))

    def handle_data(self, data: str) -> None:
        if self.stopped or self.skipping:
            return
        if self.pre:
            self.out.append(data)
        elif "\xa0" in data and not data.strip():
            self.out.append("\xa0")  # `<p>&nbsp;</p>`: a line of its own, which whitespace between tags is not
        else:
            self.out.append(re.sub(r"[ \t\r\n\f\xa0]+", " ", data))


def html_to_text(html: str) -> str:
    """The readable text of an HTML mail: paragraphs and line breaks kept, markup, styles and quoted history dropped."""
    try:
        text = _parse_html(html)
    except AssertionError:  # html.parser gives up on a malformed `<![…`: read it as text, then the tags alone
        try:
            text = _parse_html(html.replace("<![", "&lt;!["))
        except AssertionError:
            text = unescape(re.sub(r"<[^>]*>?", "\n", html))
    lines = [line.strip(" \xa0") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _parse_html(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)
