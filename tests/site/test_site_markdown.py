"""Markdown bodies: the plain-text shortcut agrees with markdown-it, and the renderer's safety rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.fastmd import fast_html
from site_builder.markdown import Renderer, make_markdown

MD = make_markdown()
ALPHABET = st.sampled_from(
    list("ab Z1.-:,'\"\n\n\n*_#>=+|`~[]<&!\t\u00a0\u3000é\u202e")
    + ["1. ", "- ", "\n- ", "  ", "    ", "## ", "\n# ", "\n###### ", "####### ", "Talking points", "- item\n"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_the_shortcut_agrees_with_markdown_it(text: str) -> None:
    fast = fast_html(text)
    if fast is not None:
        assert fast == MD.render(text)


def test_ordinary_messages_and_debriefs_take_the_shortcut() -> None:
    body = 'Hi Jane,\n\nThank you for the "event queue" talk today - it was great.\nBest,\nAlex\n'
    debrief = "## Talking points\n- The monolith split.\n- Code review — small PRs.\n\n## Notes\nWent well.\n## Notes\n"
    company = "Hi Kenji,\n\nThank you for the DevOps role at Gekko & Co.\n\n## R & D\n- Q & A\n"
    for text in (body, debrief, company):
        assert fast_html(text) is not None and fast_html(text) == MD.render(text)
    for text in (
        "- a\n\n- b",
        "para\n- item",
        "- item\nlazy",
        "C# dev",
        "# Title #",
        "1. one",
        "**bold**",
        "Q&A",
        "&#38;",
    ):
        assert fast_html(text) is None, text


def test_bodies_are_rendered_once_per_build_and_reused_by_the_next() -> None:
    first = Renderer()
    html = first.render("**bold** text")
    assert html == "<p><strong>bold</strong> text</p>\n"
    second = Renderer(first.used)
    assert second.render("**bold** text") is html
    assert second.render("   ") == ""


def test_heading_ids_are_prefixed_and_unique() -> None:
    html = Renderer().render("# Notes\n\n## Notes\n\n# location", "h-fu-1-")
    assert 'id="h-fu-1-notes"' in html and 'id="h-fu-1-notes-2"' in html and 'id="h-fu-1-location"' in html


def test_links_and_images() -> None:
    html = Renderer().render(
        "[ok](https://x.example) [bad](javascript:alert(1)) ![p](https://x.example/p.png) ![d](data:image/png;base64,AA==)"
    )
    assert '<a href="https://x.example" rel="noopener noreferrer">ok</a>' in html
    assert "[bad](javascript:alert(1))" in html
    assert '<a class="remote-image" href="https://x.example/p.png" rel="noopener noreferrer">[image: p]</a>' in html
    assert '<img src="data:image/png;base64,AA==" alt="d">' in html
