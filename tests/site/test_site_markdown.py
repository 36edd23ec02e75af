"""Markdown bodies: rendered once per text and reused, and the renderer's safety rules."""

from __future__ import annotations

from site_builder.markdown import Renderer


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
