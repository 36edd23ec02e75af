"""The built site in a real browser (Debian's Chromium through Playwright), opened from file://.

No request may leave the machine: every non-file request is routed, recorded and aborted,
and the tests assert none happened.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from site_helpers import copy_fixture

from site_builder.build import build_site

pytestmark = pytest.mark.browser
AS_OF = date(2026, 11, 25)
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-gpu"]  # fmt: skip


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI must install Debian's chromium)")
        pytest.skip("chromium is not installed; apt-get install chromium to run the browser tests")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield instance
        instance.close()


class Session:
    """A browser page that records dialogs, console messages and any request that is not a local file."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.context.route(lambda url: not url.startswith("file:"), self._block)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))

    def _block(self, route: Any) -> None:
        self.requests.append(route.request.url)
        route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("browser-small")
    return build_site(copy_fixture("site_small", tmp), out=tmp / "site", as_of=AS_OF).out


@pytest.fixture
def session(browser: Any) -> Iterator[Session]:
    opened = Session(browser, viewport={"width": 1100, "height": 900})
    yield opened
    opened.close()


def visible_entries(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".timeline .entry",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.company + '|' + e.dataset.kind)",
    )


def test_search_as_you_type_finds_a_person(small_site: Path, session: Session) -> None:
    page = session.open(small_site / "index.html")
    page.fill("header form.search input", "jane")
    page.press("header form.search input", "Enter")
    page.wait_for_url("**/search.html?q=jane")
    results = page.locator("#search-results li")
    assert results.first.inner_text().startswith("person")
    assert "Jane Doe" in results.first.inner_text()
    page.fill("#search-input", "kafka cut-over")
    assert "Acme Corp — Backend Engineer (onsite)" in page.locator("#search-results").inner_text()
    page.fill("#search-input", "")  # every script's rows are in: the index is cut by process
    rows = sum(path.read_text().count('"k":') for path in (small_site / "search").glob("*.js"))
    assert len(list((small_site / "search").glob("*.js"))) > 1
    assert page.inner_text("#search-status") == f"{rows} records searchable." and rows == 19
    page.fill("#search-input", "Priy")
    page.get_by_role("link", name="Priya Shah", exact=True).click()
    page.wait_for_url("**/people/priya-shah.html")
    assert "Met at PyCon" in page.inner_text("main")
    assert session.requests == [] and session.dialogs == [] and session.console == []


def test_filtering_without_javascript_by_outcome_and_kind(browser: Any, small_site: Path) -> None:
    session = Session(browser, java_script_enabled=False)
    try:
        page = session.open(small_site / "index.html")
        everything = visible_entries(page)
        assert len(everything) == 10
        page.click(".filters a[href='#outcome-rejected']")
        rejected = visible_entries(page)
        assert rejected and all(entry.startswith("Initech|") for entry in rejected)
        assert page.locator(".process:visible").count() == 0  # no active process was rejected...
        page.click("details.closed summary")  # ...Initech's is among the closed ones
        assert page.locator(".closed-list li:visible").all_inner_texts() == [
            "Initech — SRE rejected · 1 round, the last Mon 12 Oct"
        ]
        page.click(".filters a[href='#kind-thank-you']")
        assert visible_entries(page) == ["Acme Corp|thank-you", "Acme Corp|thank-you"]
        page.click(".filters a[href='#all']")
        assert len(visible_entries(page)) == 10
        page.click(".filters a:text('Globex')")
        assert page.url.endswith("companies/globex.html")
        assert "Data Engineer" in page.inner_text("main")
        assert session.requests == []
    finally:
        session.close()


def test_typing_filters_the_timeline_by_company(small_site: Path, session: Session) -> None:
    page = session.open(small_site / "index.html")
    page.fill("#timeline-filter", "globex")
    assert visible_entries(page) == ["Globex|interview"]
    page.fill("#timeline-filter", "")
    assert len(visible_entries(page)) == 10


def test_hostile_journal_runs_no_script_and_sends_no_request(browser: Any, tmp_path: Path) -> None:
    site = build_site(copy_fixture("site_hostile", tmp_path), out=tmp_path / "site", as_of=AS_OF).out
    session = Session(browser)
    try:
        pages = sorted(site.rglob("*.html"))
        assert len(pages) >= 9
        for path in pages:
            page = session.open(path)
            assert page.evaluate("typeof window.FOLLOWUP_SEARCH") in ("undefined", "object")
        page = session.open(site / "search.html")
        page.fill("#search-input", "script")
        assert page.locator("#search-results li").count() >= 3
        page.locator("#search-results a").first.click()
        page.wait_for_load_state("load")
        assert session.dialogs == []
        assert session.requests == []
        # A missing local image (`\\evil.example/p.png` is a relative path) may 404; nothing else may log.
        noise = ("Content Security Policy", "net::ERR_FILE_NOT_FOUND")
        assert [line for line in session.console if not any(n in line for n in noise)] == []
        # The trap itself works: a navigation off the machine is caught and recorded.
        with pytest.raises(Exception, match="ERR_FAILED"):
            session.page.goto("https://tracker.example/pixel")
        assert session.requests == ["https://tracker.example/pixel"]
    finally:
        session.close()


@pytest.mark.parametrize(("name", "width", "scheme"), [("desktop-light", 1100, "light"), ("phone-dark", 390, "dark")])
def test_screenshots_fit_the_screen(small_site: Path, browser: Any, name: str, width: int, scheme: str) -> None:
    session = Session(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        for rel in (
            "index.html",
            "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html",
            "stats.html",
            "agenda.html",
        ):
            page = session.open(small_site / rel)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{rel} scrolls sideways at {width}px"
            shot = Path(os.environ.get("SCREENSHOTS", small_site.parent)) / f"{name}-{rel.replace('/', '_')}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        background = session.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(20, 23, 26)") == (scheme == "dark")
        assert session.requests == []
    finally:
        session.close()


LINKEDIN = frozenset({"linkedin.com", "www.linkedin.com"})
BASES = ["file:///home/alex/journal/_site/interviews/x.html", "http://127.0.0.1:8000/interviews/x.html"]
"""Where the page holding the link is opened: from disk, and from `followup serve`."""
URL_IN_CHROMIUM = """([href, base]) => {
  try { const u = new URL(href, base); return [u.hostname, u.port, u.username + u.password]; }
  catch (e) { return null; }
}"""


def test_a_linkedin_link_says_linkedin_only_when_chromium_goes_there(browser: Any) -> None:
    """Chromium's own URL parser is the judge: every link the page calls "LinkedIn" goes to
    linkedin.com or www.linkedin.com, and every other one names the host Chromium goes to."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from site_builder.safe import lookalike_host, safe_web_url, web_host

    page = browser.new_page()
    parts = st.sampled_from(
        ["linkedin", "www.", ".com", ".", "evil", ".example", "l\u0456nkedin", "xn--lnkedin-rog", "\uff4c", "\u0131",
         "\u0130", "\u212a", "\u24db", "\u200b", "\u00ad", "\ufe0f", "\u3002", "\uff0e", "\uff61", "@", ":", "443",
         "0443", "8080", "%2e", "%40", "%6c", "%", "\\", "/", "?", "#", "[", "]", "::1", "-", " ", "\t", "\x00",
         "\u202e", "LINKEDIN", "a"]
    )  # fmt: skip
    prefixes = st.sampled_from(["https://", "http://", "HTTPS://", "https:", "http:/", "https:///", "https:\\\\", ""])

    @settings(max_examples=400, deadline=None)
    @given(prefixes, st.lists(parts, max_size=10), st.sampled_from(["", "/in/jane", "?q", "#f"]))
    def check(prefix: str, chunks: list[str], path: str) -> None:
        href = safe_web_url(prefix + "".join(chunks) + path)
        if href is None:
            return
        host = lookalike_host(href)
        for base in BASES:
            went = page.evaluate(URL_IN_CHROMIUM, [href, base])
            if host is None:
                assert went is not None and went[0] in LINKEDIN and went[1:] == ["", ""], (href, base, went)
            elif went is not None and not re.fullmatch(r"[0-9.]+|\[.*\]", went[0]) and "%" not in web_host(href)[0]:
                # Addresses are normalised by Chromium (0.443 is 0.0.1.187); a name IDNA 2003 refuses
                # is shown percent-escaped: neither looks like LinkedIn, and every other one is exact.
                assert web_host(href)[0] == went[0] + (f":{went[1]}" if went[1] else ""), (href, base, went)

    try:
        check()
    finally:
        page.close()


def test_search_index_js_parses_in_chromium_to_the_text_with_bidi_controls_shown(browser: Any) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from site_builder.safe import visible_bidi
    from site_builder.search import index_script, row_json

    page = browser.new_page()
    pieces = [*'ab é"\\/\n\r\t\x00\x1f\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069',
              "</script>", "</SCRIPT ", "<!--", "-->", "<script>", "${x}", "`", "'", "\U0001f600", "\ufeff"]  # fmt: skip
    texts = st.lists(st.lists(st.sampled_from(pieces)).map("".join), min_size=7, max_size=7)

    @settings(max_examples=200, deadline=None)
    @given(texts)
    def check(values: list[str]) -> None:
        script = index_script([row_json(*values).encode()]).decode()
        parsed = page.evaluate(
            "src => { const w = {}; new Function('window', src)(w); return w.FOLLOWUP_SEARCH; }", script
        )
        assert parsed == [dict(zip("tukdsxi", [visible_bidi(v) for v in values], strict=True))]

    try:
        check()
    finally:
        page.close()


def test_a_search_result_shows_bidi_controls_instead_of_obeying_them(browser: Any, tmp_path: Path) -> None:
    site = build_site(copy_fixture("site_hostile", tmp_path), out=tmp_path / "site", as_of=AS_OF).out
    session = Session(browser)
    try:
        page = session.open(site / "search.html")
        page.fill("#search-input", "alert('company')")
        shown = page.locator("#search-results").inner_text()
        assert "[U+202E]" in shown and "\u202e" not in shown
        assert session.requests == [] and session.dialogs == []
    finally:
        session.close()


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any) -> Iterator[Session]:
    opened = Session(browser, viewport=PHONE)
    yield opened
    opened.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_the_first_screen_shows_what_to_do_now(browser: Any, small_site: Path, viewport: dict[str, int]) -> None:
    session = Session(browser, viewport=viewport)
    try:
        page = session.open(small_site / "index.html")
        heading = page.locator("#now-title").bounding_box()
        first = page.locator(".now .item").first.bounding_box()
        assert heading is not None and first is not None
        assert first["y"] + first["height"] <= viewport["height"], "the first thing to do is on the first screen"
        assert page.locator(".now .item").first.inner_text().startswith("Check-in with Priya Shah")
        assert page.locator("details.closed").get_attribute("open") is None  # closed processes folded
        assert not page.locator(".closed-list").is_visible()
        assert page.locator(".process-state").first.inner_text().startswith("Action due")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], "nothing sticks out"
        agenda = session.open(small_site / "agenda.html")
        sections = agenda.eval_on_selector_all(".agenda-group h2", "hs => hs.map(h => h.id)")
        assert sections == ["agenda-today", "agenda-overdue", "agenda-upcoming"]
        assert session.requests == [] and session.console == []
    finally:
        session.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from journal.demo import write_demo

    tmp = tmp_path_factory.mktemp("browser-demo")
    write_demo(tmp / "demo", AS_OF)
    return build_site(tmp / "demo", out=tmp / "site", as_of=AS_OF).out


def test_a_table_on_a_phone_scrolls_instead_of_breaking_words(phone: Session, demo_site: Path) -> None:
    page = phone.open(demo_site / "people.html")
    broken = page.eval_on_selector_all(
        "td",
        """cells => cells.filter(cell => {
            const longest = cell.textContent.trim().split(/\\s+/).reduce((a, b) => b.length > a.length ? b : a, "");
            const probe = document.createElement("span");
            probe.style.cssText = "position:absolute;white-space:nowrap;font:" + getComputedStyle(cell).font;
            probe.textContent = longest;
            document.body.appendChild(probe);  // measured outside the table, which it would widen
            const fits = probe.getBoundingClientRect().width <= cell.clientWidth;
            probe.remove();
            return !fits;
        }).map(cell => cell.textContent.trim())""",
    )
    assert broken == [], "a word split over lines"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("width", [1280, 820, 700])
def test_an_anchor_is_not_hidden_under_the_sticky_header(browser: Any, small_site: Path, width: int) -> None:
    session = Session(browser, viewport={"width": width, "height": 700})
    try:
        page = session.open(small_site / "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html")
        anchor = page.eval_on_selector("[id^='fu-']", "e => e.id")
        page.goto(page.url.split("#")[0] + "#" + anchor)
        header = page.locator("header.site").bounding_box()
        target = page.locator(f"#{anchor}").bounding_box()
        assert header is not None and target is not None
        covered = max(0.0, header["y"] + header["height"])  # a header scrolled away covers nothing
        assert target["y"] >= 0 and target["y"] >= covered - 1, "the message starts below the header, on screen"
    finally:
        session.close()


def test_filters_combine_live_in_the_url_and_say_when_nothing_matches(small_site: Path, session: Session) -> None:
    page = session.open(small_site / "index.html")
    assert len(visible_entries(page)) == 10
    page.click(".filters a[data-value='pending']")
    page.click(".filters a[data-value='thank-you']")
    assert visible_entries(page) == ["Acme Corp|thank-you", "Acme Corp|thank-you"]
    assert page.evaluate("document.activeElement.dataset.value") == "thank-you", "the focus stays on the chip"
    assert page.url.endswith("index.html?outcome=pending&kind=thank-you")
    assert "Showing 2 of 10 entries." in page.inner_text("#filter-status")
    assert page.locator(".month:visible").count() == 1, "months with nothing left are hidden"
    assert page.locator(".process:visible").count() == 2  # a kind chooses entries, not processes
    page.click(".filters a[data-value='Globex']")  # a company chip filters (with JavaScript) instead of leaving
    assert page.url.endswith("?outcome=pending&kind=thank-you&company=Globex")
    assert visible_entries(page) == [] and page.locator(".month:visible").count() == 0
    assert page.inner_text("#filter-status") == "No entries match these filters."
    page.reload()
    assert visible_entries(page) == [] and page.locator(".filters a.on").count() == 3, (
        "a filtered view can be bookmarked"
    )
    page.click(".filters a[data-value='thank-you']")
    page.click(".filters a[data-value='rejected']")  # two outcomes: either one
    assert sorted(visible_entries(page)) == ["Globex|interview"]
    page.click(".filters a.clear")
    assert len(visible_entries(page)) == 10 and page.url.endswith("index.html")
    assert session.requests == [] and session.console == []


@pytest.fixture(scope="module")
def unicode_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("browser-unicode")
    root = copy_fixture("site_small", tmp)
    (root / "interviews" / "2026-11-23-hauptstrasse-analyst-onsite.md").write_text(
        "---\ncompany: Hauptstraße Analytik\nrole: Analyst\nstage: onsite\ndate: 2026-11-23\n"
        "interviewers:\n  - name: Łukasz Yılmaz\noutcome: pending\n---\n"
        + "Long notes about the team. " * 80
        + "They asked about the Kafka migration and the on-call rota.\n",
        encoding="utf-8",
    )
    return build_site(root, out=tmp / "site", as_of=AS_OF).out


@pytest.mark.parametrize("typed", ["lukasz", "YILMAZ", "strasse", "hauptstrasse analytik"])
def test_search_folds_letters_as_people_type(unicode_site: Path, session: Session, typed: str) -> None:
    page = session.open(unicode_site / "search.html")
    page.fill("#search-input", typed)
    assert "Hauptstraße Analytik — Analyst (onsite)" in page.inner_text("#search-results"), typed


def test_search_covers_whole_bodies_with_a_snippet_and_ranks_recent_first(unicode_site: Path, session: Session) -> None:
    page = session.open(unicode_site / "search.html")
    page.fill("#search-input", "kafka")
    titles = page.eval_on_selector_all("#search-results li > a", "links => links.map(a => a.textContent)")
    assert titles[0] == "Hauptstraße Analytik — Analyst (onsite)", titles  # the most recent first
    first = page.locator("#search-results li").first
    assert first.locator("mark").inner_text() == "Kafka"  # found past the first 2,000 characters
    assert "They asked about the Kafka migration" in first.locator(".snippet").inner_text()
    page.press("#search-input", "ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == titles[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == titles[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.press("#search-input", "Enter")
    page.wait_for_url("**/interviews/2026-11-23-hauptstrasse-analyst-onsite.html")
    assert session.requests == [] and session.console == []


def _axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


def test_every_page_of_the_demo_site_passes_axe(browser: Any, demo_site: Path) -> None:
    """axe-core (vendored in axe-playwright-python, so nothing is downloaded) on every page at desktop
    width, and on each kind of page at phone width, with the JavaScript's additions in place."""
    pages = sorted(path.relative_to(demo_site).as_posix() for path in demo_site.rglob("*.html"))
    kinds = {path.split("/")[0] if "/" in path else path: path for path in pages}
    found: dict[str, list[str]] = {}
    for viewport, chosen in (({"width": 1280, "height": 900}, pages), (PHONE, sorted(kinds.values()))):
        session = Session(browser, viewport=viewport)
        try:
            for rel in chosen:
                page = session.open(demo_site / rel)
                violations = _axe_violations(page)
                if violations:
                    found[f"{rel} at {viewport['width']}px"] = violations
        finally:
            session.close()
    assert found == {}


def test_printing_shows_the_folded_parts_and_leaves_out_the_navigation(small_site: Path, session: Session) -> None:
    page = session.open(small_site / "index.html")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".closed-list").is_visible() and page.locator("details.folded .item").first.is_visible()
    assert not page.locator("header.site nav").is_visible() and not page.locator(".filters").is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert not page.locator(".closed-list").is_visible(), "folded again after printing"


def test_every_chart_reads_on_a_phone(phone: Session, demo_site: Path) -> None:
    """Every label and value of every chart at 12px or more at 390px wide, and inside the chart."""
    page = phone.open(demo_site / "stats.html")
    texts = page.eval_on_selector_all(
        "svg.chart text",
        """els => els.map(t => { const r = t.getBoundingClientRect(), s = t.ownerSVGElement.getBoundingClientRect();
            return [t.textContent, Math.round(parseFloat(getComputedStyle(t).fontSize) * s.width / t.ownerSVGElement.viewBox.baseVal.width),
                    r.left >= s.left - 1 && r.right <= s.right + 1]; })""",
    )
    assert texts and all(size >= 12 for _text, size, _inside in texts), [t for t in texts if t[1] < 12]
    assert all(inside for _text, _size, inside in texts), [t for t in texts if not t[2]]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
