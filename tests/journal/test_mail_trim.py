"""Trimming mail to its new text, measured on a corpus of bodies as mail clients write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.mail_html import html_to_text
from journal.mail_trim import trim

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail" / "trim" / "corpus.txt"
REQUIRED_SHARE = 0.9


def _cases() -> list[tuple[str, bool, str, str]]:
    """(name, is_html, body, expected) for each `=== NAME` block of the corpus."""
    cases = []
    text = CORPUS.read_text(encoding="utf-8")
    for block in text.split("\n=== ")[1:]:
        head, _, rest = block.partition("\n")
        body, _, expected = rest.partition("\n--- expected\n")
        name, _, kind = head.partition(" ")
        cases.append((name, kind == "html", body, expected.rstrip("\n")))
    return cases


def _kept(is_html: bool, body: str) -> str:
    return trim(html_to_text(body) if is_html else body)


def test_the_corpus_covers_the_clients_and_languages() -> None:
    names = [name for name, *_ in _cases()]
    assert len(names) >= 30 and len(set(names)) == len(names)
    for word in ("gmail", "outlook-desktop", "outlook-web", "apple", "ios", "android", "zoho"):
        assert any(word in name for name in names), word
    for language in ("de", "fr", "es", "it", "pt", "nl", "sv", "no", "da", "fi", "ru"):
        assert any(name.endswith(f"-{language}") for name in names), language


def test_most_messages_are_trimmed_exactly_right() -> None:
    """The share of corpus messages whose kept text is exactly the expected text (reported, and ≥ 90%)."""
    cases = _cases()
    wrong = [name for name, is_html, body, expected in cases if _kept(is_html, body) != expected]
    share = 1 - len(wrong) / len(cases)
    print(f"\ntrimmed exactly right: {len(cases) - len(wrong)} of {len(cases)} ({share:.0%}); wrong: {wrong}")
    assert share >= REQUIRED_SHARE, f"only {share:.0%} right; wrong: {wrong}"


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case[0])
def test_no_message_loses_its_first_line(case: tuple[str, bool, str, str]) -> None:
    """Whatever else a wrong trim does, it never drops the start of what the person wrote."""
    _name, is_html, body, expected = case
    assert _kept(is_html, body).split("\n")[0] == expected.split("\n")[0]


def test_a_message_that_is_all_history_keeps_its_text() -> None:
    body = "On Tue, Nov 24, 2026 at 10:02 AM Jane <jane@acme.example> wrote:\n> Hi\n"
    assert trim(body) == body.strip("\n")
