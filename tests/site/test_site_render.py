"""Rendering escapes every printed value and makes bidi controls visible; writing stores whole files."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.templating import environment, render, render_bytes
from site_builder.writer import Writer


def _print(source: str, **context: object) -> str:
    return environment().from_string(source).render(context)


@pytest.mark.parametrize(
    "value, printed",
    [
        ("plain text", "plain text"),
        ('Gekko & Co <b>"O\'Brien"</b>', "Gekko &amp; Co &lt;b&gt;&#34;O&#39;Brien&#34;&lt;/b&gt;"),
        (None, ""),
        (3, "3"),
        ("", ""),
    ],
)
def test_printed_values_are_escaped_like_jinja_does(value: object, printed: str) -> None:
    assert _print("{{ v }}", v=value) == printed
    assert _print('<a title="{{ v }}">', v=value) == f'<a title="{printed}">'


STOCK = jinja2.Environment(autoescape=True).from_string("{{ v }}")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab &<>'\"é\u202e\n;#")))
def test_any_text_is_escaped_as_stock_jinja_escapes_it(text: str) -> None:
    assert _print("{{ v }}", v=text) == STOCK.render(v=text)


def test_marked_safe_html_and_macro_output_are_not_escaped_twice() -> None:
    assert _print("{{ v|safe }}", v="<p>a &amp; b</p>") == "<p>a &amp; b</p>"
    assert _print("{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m('<') }}") == "<i>&lt;</i>"


def test_missing_values_are_errors() -> None:
    with pytest.raises(jinja2.UndefinedError):
        _print("{{ d.missing }}", d={})
    with pytest.raises(jinja2.UndefinedError):
        _print("{{ nothing }}")


def test_bidi_controls_are_made_visible_in_bytes_as_in_text() -> None:
    for control in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":  # Bidi_Control
        context = {
            "site_title": f"x{control}y",
            "as_of": "2026-11-25",
            "rel": "",
            "page_title": "t",
            "section": "s",
            "scripts": ["search/people.js"],
        }
        data = render_bytes("search.html", context)
        assert data == render("search.html", context).encode()
        assert control.encode() not in data and f"[U+{ord(control):04X}]".encode() in data


def test_new_pages_are_written_whole_without_leftovers_and_never_through_a_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    secret = tmp_path / "secret.txt"
    secret.write_text("mine")
    writer = Writer(out, {}, manifest=tmp_path / "manifest.json")
    writer.claim()
    (out / "interviews").mkdir()
    (out / "interviews" / "b.html").symlink_to(secret)  # planted before the first build wrote it
    writer.write("interviews/a.html", b"<p>a</p>")
    writer.write("interviews/b.html", b"<p>b</p>")
    writer.finish()
    assert (out / "interviews" / "a.html").read_bytes() == b"<p>a</p>"
    assert not (out / "interviews" / "b.html").is_symlink()
    assert (out / "interviews" / "b.html").read_bytes() == b"<p>b</p>" and secret.read_text() == "mine"
    assert sorted(os.listdir(out / "interviews")) == ["a.html", "b.html"]
    mode = (out / "interviews" / "a.html").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
