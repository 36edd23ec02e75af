"""A shortcut for the Markdown most bodies use: paragraphs, `#` headings and `- ` lists of plain text.

markdown-it-py needs close to a millisecond for a typical debrief; a 10,000-round journal
spends most of its Markdown time on text like "## Talking points" followed by three
bullets. For text made only of such blocks, with no inline syntax at all, this produces
byte for byte what `site_builder.markdown` would; for anything else it returns None and
the real parser runs. A property test compares the two on generated text.
"""

from __future__ import annotations

import re

from journal.slug import slugify

_BLOCK_START = re.compile(r"^[ =+\-*>\d]")
"""A paragraph line or list item starting like this may be another kind of block."""
_HEADING = re.compile(r"^(#{1,6}) (.+)$")
_SPECIAL = re.compile(r"[\\`*_\[\]<>|~\x00-\x09\x0b-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
"""What the shortcut leaves to the parser, found in one scan of a character class: characters
that may start inline syntax, and whitespace other than a space or a newline (tabs, CR,
Unicode spaces: everything `str.isspace` accepts)."""
_ENTITY = re.compile(r"&[A-Za-z0-9#]")
"""What may be a character reference (`&amp;`, `&#38;`); an `&` before anything else is text."""


_LINE_START_BLOCK = re.compile(r"^[ =+\-*>\d]", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n\n+")
_SLUGS: dict[str, str] = {}
"""Heading text -> slug: debriefs repeat a handful of headings thousands of times."""


def _slug(text: str) -> str:
    slug = _SLUGS.get(text)
    if slug is None:
        if len(_SLUGS) >= 10_000:
            _SLUGS.clear()
        slug = _SLUGS[text] = slugify(text)
    return slug


def _stray_hash(text: str) -> bool:
    """A `#` anywhere but in a heading's opening run (a closing run, `C#`)."""
    at = text.find("#")
    while at != -1:
        if at and text[at - 1] not in "#\n":
            return True
        at = text.find("#", at + 1)
    return False


def _plain(text: str) -> bool:
    """A line with no block syntax; the whole text has been checked for inline syntax already."""
    return bool(text) and not text.endswith(" ") and not _BLOCK_START.match(text)


def _same(text: str) -> str:
    return text


def _escape(text: str) -> str:
    return text.replace('"', "&quot;")


def _escape_amp(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;")


def fast_html(text: str, prefix: str = "h-") -> str | None:
    """markdown-it's HTML for simple text, or None when the text needs the real parser."""
    if _SPECIAL.search(text) or " \n" in text or text.endswith(" "):
        return None  # a line ending in a space is never `_plain`, nor a heading's text
    if "&" in text:
        if _ENTITY.search(text):
            return None
        escape = _escape_amp
    else:
        escape = _escape if '"' in text else _same
    if "#" not in text and not _LINE_START_BLOCK.search(text):  # paragraphs only: most messages
        paragraphs = _BLANK_LINES.split(text.strip("\n"))
        return "".join(["<p>" + escape(paragraph) + "</p>\n" for paragraph in paragraphs if paragraph])
    if _stray_hash(text):
        return None
    out: list[str] = []
    seen: set[str] = set()
    block = ""
    """"p" or "ul" while one is open, "h" right after a heading, "" after a blank line."""
    list_then_blank = False
    """A list ended at a blank line: another item now would make a loose list."""
    lines: list[str] = []

    def close() -> None:
        if block == "p":
            out.append("<p>" + escape("\n".join(lines)) + "</p>\n")
        elif block == "ul":
            out.append("<ul>\n<li>" + "</li>\n<li>".join(map(escape, lines)) + "</li>\n</ul>\n")
        lines.clear()

    for line in text.split("\n"):
        if not line:
            if block in ("p", "ul"):
                close()
                list_then_blank = block == "ul"
            block = ""
            continue
        if line.startswith("#"):
            heading = _HEADING.match(line)
            if heading is None or not _plain(heading.group(2)):
                return None
            close()  # a heading ends an open paragraph or list
            content = heading.group(2)
            anchor = base = prefix + _slug(content)
            count = 1
            while anchor in seen:
                count += 1
                anchor = f"{base}-{count}"
            seen.add(anchor)
            level = len(heading.group(1))
            out.append(f'<h{level} id="{anchor}">{escape(content)}</h{level}>\n')
            block = "h"
        elif line.startswith("- "):
            if block == "p" or (block == "" and list_then_blank) or not _plain(line[2:]):
                return None  # a list interrupting a paragraph, or a loose list: let the parser decide
            block = "ul"
            lines.append(line[2:])
        else:
            if block == "ul" or not _plain(line):
                return None  # a line right after a list item continues it lazily
            block = "p"
            lines.append(line)
        list_then_blank = False
    close()
    return "".join(out)
