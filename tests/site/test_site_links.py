"""A LinkedIn link is printed "LinkedIn" only when it goes to LinkedIn.

A profile link whose host only looks like LinkedIn (`lіnkedin.com` with a Cyrillic і,
`linkedin.com.evil.example`, `linkedin.com@evil.example`, a port, punycode) is printed with the
host it really goes to, in ASCII. The browser's own reading of each link is checked in
`test_site_browser.py`; here, the pages and the rules.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_helpers import parse, tree

from journal.store import init_journal
from site_builder.build import build_site
from site_builder.safe import lookalike_host, safe_web_url, web_host

AS_OF = date(2026, 11, 25)
LINKS = [
    # (the linkedin value, the link text on the interview page, the href)
    ("https://www.linkedin.com/in/jane", "LinkedIn", "https://www.linkedin.com/in/jane"),
    ("www.linkedin.com/in/jane", "LinkedIn", "https://www.linkedin.com/in/jane"),
    ("HTTPS://LinkedIn.COM/in/jane", "LinkedIn", "https://LinkedIn.COM/in/jane"),
    ("https://linkedin.com:443/in/jane", "LinkedIn", "https://linkedin.com:443/in/jane"),
    ("http://linkedin.com/in/jane", "LinkedIn", "http://linkedin.com/in/jane"),
    ("https://l\u0456nkedin.com/in/jane", "LinkedIn? (xn--lnkedin-rog.com)", "https://l\u0456nkedin.com/in/jane"),
    ("https://linkedin.com.evil.example/in/jane", "LinkedIn? (linkedin.com.evil.example)", None),
    ("https://x@linkedin.com/in/jane", "LinkedIn? (linkedin.com)", None),
    ("https://linkedin.com@evil.example/in/jane", "LinkedIn? (evil.example)", None),
    ("https://www.linkedin.com:443@evil.example/", "LinkedIn? (evil.example)", None),
    ("https://evil.example\\@linkedin.com/in/jane", "LinkedIn? (evil.example)", None),
    ("https://linkedin.com:8080/in/jane", "LinkedIn? (linkedin.com:8080)", None),
    ("https://xn--lnkedin-rog.com/in/jane", "LinkedIn? (xn--lnkedin-rog.com)", None),
    ("https://linkedin.com%2eevil.example/in/jane", "LinkedIn? (linkedin.com.evil.example)", None),
    ("https://linkedin.com./in/jane", "LinkedIn? (linkedin.com.)", None),
    ("https:evil.example/in/jane", "LinkedIn? (evil.example)", "https://evil.example/in/jane"),
    ("https:\\\\\\evil.example/in/jane", "LinkedIn? (evil.example)", "https://evil.example/in/jane"),
    ("https://\u202emoc.elpmaxe.live\u202c/in", "LinkedIn? (%E2%80%AEmoc.elpmaxe.live%E2%80%AC)", None),
    ("https://\u2067moc.elpmaxe.live\u2069/in", "LinkedIn? (xn--moc-nx0a.elpmaxe.xn--live-em7a)", None),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("links")
    root = tmp / "journal"
    init_journal(root, owner="Alex Example", title="Links")
    people = "".join(f"- name: Person {n}\n  linkedin: {json.dumps(url)}\n" for n, (url, _, _) in enumerate(LINKS))
    (root / "interviews" / "2026-11-20-acme-onsite.md").write_text(
        "---\ncompany: Acme\nrole: Engineer\nstage: onsite\ndate: 2026-11-20\n"
        f"interviewers:\n{people}- name: No Host\n  linkedin: 'https://'\n---\nNotes.\n",
        encoding="utf-8",
    )
    result = build_site(root, out=tmp / "out", as_of=AS_OF)
    assert result.problems == []
    return tree(result.out)


def linkedin_links(html: bytes) -> list[tuple[str | None, str]]:
    """(href, text) of every profile link on a page, in order."""
    text = html.decode()
    return [
        (re.sub(r"&amp;", "&", m.group(1)), re.sub(r"<[^>]+>", "", m.group(2)))
        for m in re.finditer(r'<a href="([^"]*)" rel="noopener noreferrer"[^>]*>(.*?)</a>', text)
    ]


def test_the_interview_page_names_the_real_host_of_every_lookalike(site: dict[str, bytes]) -> None:
    links = linkedin_links(site["interviews/2026-11-20-acme-onsite.html"])
    assert [text for _href, text in links] == [text for _url, text, _href in LINKS]
    for (href, _text), (_url, _shown, expected) in zip(links, LINKS, strict=True):
        if expected is not None:
            assert href == expected


def test_a_person_page_shows_the_real_host_too(site: dict[str, bytes]) -> None:
    for n, (url, text, _href) in enumerate(LINKS):
        links = linkedin_links(site[f"people/person-{n}.html"])
        assert [shown for _href, shown in links] == [url.replace("&", "&amp;") if text == "LinkedIn" else text], url


def test_a_lookalike_link_says_where_it_goes_when_hovered(site: dict[str, bytes]) -> None:
    page = site["interviews/2026-11-20-acme-onsite.html"].decode()
    assert 'title="this link goes to evil.example, not to linkedin.com">LinkedIn? (evil.example)</a>' in page
    assert "l\u0456nkedin" not in parse(page).text  # the Cyrillic host is in the href only, never shown


def test_a_link_without_a_host_is_not_a_link(site: dict[str, bytes]) -> None:
    page = site["interviews/2026-11-20-acme-onsite.html"].decode()
    assert '<span class="unsafe-link" title="not a web address; not linked">https://</span>' in page
    assert safe_web_url("https://") is None and safe_web_url("https://user@/in/x") is None
    assert safe_web_url("https:///") is None


HOST_PARTS = st.sampled_from(
    ["linkedin", "www.", ".com", ".", "evil", ".example", "l\u0456nkedin", "xn--lnkedin-rog", "\uff4c", "\u0131",
     "\u0130", "\u212a", "\u00df", "\u200b", "\u200d", "\u00ad", "\u3002", "\uff0e", "@", ":", "443", "8080", "0",
     "%2e", "%40", "%6c", "%", "\\", "/", "?", "#", "[", "]", "::1", "-", "_", " ", "\t", "\x00", "\u202e", "LINKEDIN"]
)  # fmt: skip
PREFIXES = st.sampled_from(["https://", "http://", "HTTPS://", "https:", "https:/", "https:///", "https:\\\\", ""])


@settings(max_examples=500, deadline=None)
@given(PREFIXES, st.lists(HOST_PARTS, max_size=12), st.sampled_from(["", "/in/jane", "?x", "#y"]))
def test_a_link_is_plain_linkedin_only_with_a_linkedin_host_and_never_shows_a_lookalike(
    prefix: str, parts: list[str], path: str
) -> None:
    href = safe_web_url(prefix + "".join(parts) + path)
    if href is None:
        return
    assert href.startswith(("http://", "https://")) and href[href.index("//") + 2] not in "/\\"
    shown, userinfo = web_host(href)
    assert re.fullmatch(r"[!-~]+", shown), shown  # printable ASCII: no Cyrillic, no bidi control, no space
    host = lookalike_host(href)
    if host is None:
        assert shown in ("linkedin.com", "www.linkedin.com") and not userinfo
    else:
        assert host == shown


def test_a_port_is_shown_as_the_browser_reads_it() -> None:
    """`:0443` is port 443 to a browser: the default of https, so not shown; 443 on http is."""
    assert web_host("https://evil.example:0443/in/x") == ("evil.example", False)
    assert web_host("http://linkedin:0443/") == ("linkedin:443", False)
    assert lookalike_host("https://www.linkedin.com:00443/in/jane") is None
