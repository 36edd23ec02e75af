"""Hostile text in every field and body never becomes markup, script or a dangerous link."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_helpers import copy_fixture, parse, tree

from journal.store import init_journal
from site_builder.build import build_site
from site_builder.markdown import make_markdown
from site_builder.safe import safe_url, safe_web_url, visible_bidi
from site_builder.search import index_script, row_json, script_json
from site_builder.templating import CSP, TEMPLATES, environment

AS_OF = date(2026, 11, 25)
ALLOWED_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Unicode's Bidi_Control characters: the Arabic letter mark, LRM, RLM, embeddings, overrides, isolates."""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("hostile")
    root = copy_fixture("site_hostile", tmp)
    result = build_site(root, out=tmp / "out", as_of=AS_OF)
    assert result.problems == []
    return tree(result.out)


def html_pages(site: dict[str, bytes]) -> dict[str, str]:
    return {rel: data.decode() for rel, data in site.items() if rel.endswith(".html")}


def test_no_script_or_event_handler_comes_from_content(hostile_site: dict[str, bytes]) -> None:
    pages = html_pages(hostile_site)
    assert len(pages) >= 8
    for rel, html in pages.items():
        parsed = parse(html)
        for tag, attrs in parsed.tags:
            assert not [key for key in attrs if key.startswith("on")], f"{rel}: event handler on <{tag}>"
            assert tag not in ("iframe", "object", "embed", "svg") or tag == "svg" and rel == "stats.html", (
                f"{rel}: <{tag}>"
            )
        scripts = parsed.all("script")
        allowed = (
            "assets/site.js",
            "../assets/site.js",
            *(path for path in hostile_site if path.startswith("search/")),
        )
        assert all(s.get("src") in allowed for s in scripts), rel
        assert len(re.findall(r"<script", html)) == len(scripts), f"{rel}: a <script from content"


def test_every_link_and_source_uses_an_allowed_scheme(hostile_site: dict[str, bytes]) -> None:
    seen = 0
    for rel, html in html_pages(hostile_site).items():
        for url in parse(html).urls():
            seen += 1
            scheme = urlsplit(url.strip()).scheme.lower()
            assert scheme in ("", "http", "https", "mailto") or ALLOWED_DATA.match(url), f"{rel}: {url!r}"
            assert "javascript:" not in url.lower() and "vbscript:" not in url.lower(), f"{rel}: {url!r}"
    assert seen > 50


def test_remote_images_are_links_not_loaded(hostile_site: dict[str, bytes]) -> None:
    page = hostile_site["interviews/2026-11-20-hostile.html"].decode()
    images = parse(page).all("img")
    assert images, "the inline data: image stays an image"
    for attrs in images:
        src = attrs["src"] or ""
        assert ALLOWED_DATA.match(src) or not urlsplit(src).scheme and not src.startswith(("//", "\\")), src
    assert 'href="https://evil.example/pixel.png"' in page


def test_template_syntax_and_bidi_controls_stay_inert_text(hostile_site: dict[str, bytes]) -> None:
    page = hostile_site["interviews/2026-11-20-hostile.html"].decode()
    assert "{{ 7*7 }}" in page and ">49<" not in page
    assert "\u202e" not in page and "[U+202E]" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_heading_ids_are_prefixed(hostile_site: dict[str, bytes]) -> None:
    parsed = parse(hostile_site["interviews/2026-11-20-hostile.html"])
    ids = [attrs["id"] for attrs in parsed.all("h1") if attrs.get("id")]
    assert {"h-constructor", "h-proto", "h-location"} <= set(ids)
    all_ids = [attrs["id"] for _tag, attrs in parsed.tags if attrs.get("id")]
    assert not {"constructor", "__proto__", "location"} & set(all_ids)


def test_every_page_has_csp_and_robots_meta(hostile_site: dict[str, bytes]) -> None:
    for rel, html in html_pages(hostile_site).items():
        metas = parse(html).all("meta")
        assert {"name": "robots", "content": "noindex, nofollow"} in metas, rel
        csp = [m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
        assert csp == [CSP], rel
    assert "unsafe-inline" not in CSP and "frame-ancestors" not in CSP
    assert "default-src 'none'" in CSP and "img-src 'self' data:" in CSP
    for rel, html in html_pages(hostile_site).items():
        assert not re.search(r"<style|style=", html), f"{rel}: inline style"
        assert not re.search(r"(src|href)=\"(https?:)?//", html.split("<main")[0]), f"{rel}: remote asset in head"


PREFIX, SUFFIX = "window.FOLLOWUP_SEARCH = (window.FOLLOWUP_SEARCH || []).concat(", ");\n"


def script_rows(script: str) -> list[dict[str, str]]:
    """The rows one search script adds, read as JSON (which its array must be)."""
    assert script.startswith(PREFIX) and script.endswith(SUFFIX)
    rows: list[dict[str, str]] = json.loads(script[len(PREFIX) : -len(SUFFIX)])
    return rows


def test_search_index_cannot_end_the_script(hostile_site: dict[str, bytes]) -> None:
    rows = []
    for rel in (rel for rel in hostile_site if rel.startswith("search/")):
        script = hostile_site[rel].decode()
        assert "<" not in script and ">" not in script and "&" not in script
        rows += script_rows(script)
    assert any("</script>" in row["t"] for row in rows), "the hostile company is searchable"
    assert script_json("</script>&\u2028") == '"\\u003c/script\\u003e\\u0026\\u2028"'


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from('ab é"\\/<>&\u2028\u2029\n\t\x00\x1f\U0001f600')), min_size=7, max_size=7)
)
def test_a_search_row_is_written_as_the_generic_encoder_would(texts: list[str]) -> None:
    row = dict(zip("tukdsxi", texts, strict=True))
    assert row_json(**row) == script_json(row)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*f'ab é"\\/<>&\u2028\u2029\n\x00{BIDI}\u200b\U0001f600', "</script>", "<!--", "-->",
                                  "]]>", "\u202eevil\u202c"])).map("".join),
        min_size=7, max_size=7,
    )
)  # fmt: skip
def test_search_rows_show_bidi_controls_and_cannot_end_a_script(texts: list[str]) -> None:
    script = index_script([row_json(*texts).encode(), row_json(*reversed(texts)).encode()]).decode()
    assert not re.search(f"[{BIDI}<>&\u2028\u2029]", script)
    rows = script_rows(script)
    shown = [visible_bidi(text) for text in texts]
    assert rows == [dict(zip("tukdsxi", shown, strict=True)), dict(zip("tukdsxi", shown[::-1], strict=True))]


def test_the_built_search_index_shows_every_bidi_control(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    init_journal(root, owner="Alex Example", title="Bidi")
    (root / "interviews" / "2026-11-20-bidi.md").write_text(
        f"---\ncompany: Acme {BIDI} Corp\nrole: Engineer\ndate: 2026-11-20\n---\nBody {BIDI} text.\n",
        encoding="utf-8",
    )
    out = build_site(root, out=tmp_path / "out", as_of=AS_OF).out
    script = "".join(path.read_text(encoding="utf-8") for path in sorted((out / "search").glob("*.js")))
    assert not re.search(f"[{BIDI}]", script)
    shown = "".join(f"[U+{ord(char):04X}]" for char in BIDI)
    assert f"Acme {shown} Corp" in script and f"Body {shown} text." in script
    for page in out.rglob("*.html"):
        assert not re.search(f"[{BIDI}]", page.read_text(encoding="utf-8")), page
    assert f"Acme {shown} Corp" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "  javascript:alert(1)", "\x01javascript:x",
     "vbscript:x", "file:///etc/passwd", "data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml;base64,PHN2Zz4="],
)  # fmt: skip
def test_dangerous_urls_are_refused(url: str) -> None:
    assert safe_url(url) is None
    assert safe_web_url(url) is None


def test_safe_urls_pass() -> None:
    assert safe_url("https://acme.example/x") == "https://acme.example/x"
    assert safe_url("mailto:a@b.example") == "mailto:a@b.example"
    assert safe_url("notes/x.html") == "notes/x.html"
    assert safe_web_url("www.linkedin.com/in/jane") == "https://www.linkedin.com/in/jane"


def test_environment_escapes_and_markdown_has_raw_html_off() -> None:
    env = environment()
    assert env.autoescape
    md = make_markdown()
    assert md.options["html"] is False
    assert "<script" not in md.render("<script>alert(1)</script>")


def test_safe_filter_is_confined_to_rendered_markdown() -> None:
    uses = []
    for path in sorted(TEMPLATES.glob("*.html")):
        for match in re.finditer(r"\{\{([^}]*)\|\s*safe", path.read_text()):
            uses.append((path.name, match.group(1).strip()))
    assert uses, "the Markdown output is marked safe somewhere"
    # Rendered Markdown (sanitised), a timeline entry and a company page's process: the output of
    # entry.html and company_section.html, autoescaped in this same environment, kept per record or
    # process so a month or a company is joined rather than rendered again.
    joined = {("month.html", "month.entries_html"), ("company.html", "sections_html")}
    assert all(var.endswith("body_html") or (name, var) in joined for name, var in uses), uses
    sources = "".join(p.read_text() for p in Path(TEMPLATES.parent).glob("*.py"))
    assert "Markup(" not in sources and "markupsafe" not in sources


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "body", ["*_" * 40000, '"' * 40000, '[]( "' * 4000, "".join("  " * i + "- x\n" for i in range(2000))]
)
def test_pathological_markdown_renders_quickly(body: str) -> None:
    md = make_markdown()
    started = time.perf_counter()
    md.render(body)
    assert time.perf_counter() - started < 2
