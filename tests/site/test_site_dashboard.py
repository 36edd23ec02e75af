"""The top of index.html: what to do now, each process in one state, the closed ones folded, and
the timeline's earlier months on pages of their own (SPEC 7)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from site_helpers import copy_fixture, write

from site_builder.build import build_site

AS_OF = date(2026, 11, 25)

ROUND = """---
company: {company}
role: Engineer
stage: technical
date: {day}
interviewers:
  - name: Ann {company}
decision_by: 2026-12-20
outcome: {outcome}
---
Notes.
"""
MESSAGE = """---
interview: {interview}
kind: {kind}
to: Ann {company}
direction: {direction}
status: {status}
date: {day}
---
Text.
"""


def _round(root: Path, company: str, day: str, outcome: str = "pending") -> str:
    ident = f"{day}-{company.lower()}-engineer-technical"
    write(root, f"interviews/{ident}.md", ROUND.format(company=company, day=day, outcome=outcome))
    return ident


def _message(root: Path, interview: str, company: str, kind: str, day: str, direction: str = "out") -> None:
    status = "received" if direction == "in" else "sent"
    write(
        root,
        f"followups/{day}-{kind}-{company.lower()}.md",
        MESSAGE.format(interview=interview, kind=kind, company=company, direction=direction, status=status, day=day),
    )


def _states(index: str) -> dict[str, str]:
    """Each active card's title -> its state line, as the page says them."""
    cards = re.findall(
        r'<article class="process.*?<a href="[^"]*">(.*?)</a>.*?<p class="process-state">(.*?)</p>', index, re.S
    )
    return {title: re.sub(r"<[^>]+>", "", state) for title, state in cards}


def test_every_process_is_in_one_state_in_words(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    waiting = _round(root, "Waitco", "2026-11-18")
    _message(root, waiting, "Waitco", "thank-you", "2026-11-19")
    answered = _round(root, "Answerco", "2026-11-18")
    _message(root, answered, "Answerco", "thank-you", "2026-11-18")
    _message(root, answered, "Answerco", "reply", "2026-11-24", direction="in")
    ahead = _round(root, "Aheadco", "2026-12-01")
    _round(root, "Offerco", "2026-11-10", outcome="offer")
    quiet = (
        "---\ncompany: Phoneco\nrole: Engineer\nstage: phone-screen\ndate: 2026-11-20\ndecision_by: 2026-12-20\n---\n"
    )
    write(root, "interviews/2026-11-20-phoneco-engineer-phone-screen.md", quiet)
    index = build_site(root, out=tmp_path / "out", as_of=AS_OF).out.joinpath("index.html").read_text()
    states = _states(index)
    assert states["Waitco — Engineer"] == "Waiting 6 days — since your thank-you note on Thu 19 Nov"
    assert states["Answerco — Engineer"] == "Answered — Ann Answerco wrote Tue 24 Nov"
    assert states["Aheadco — Engineer"] == "Waiting — for the technical on Tue 1 Dec"
    assert states["Phoneco — Engineer"] == "Waiting 5 days — since the phone screen on Fri 20 Nov"  # words, not ids
    assert states["Acme Corp — Backend Engineer"].startswith("Action due — Thank-you note to Raj Patel, overdue since")
    assert ahead and "Offerco" not in "".join(states) and "Initech" not in "".join(states)
    closed = index[index.index('<details class="closed">') :]
    assert 'Offerco — Engineer</a> <span class="badge outcome-offer">offer</span>' in closed
    assert 'Initech — SRE</a> <span class="badge outcome-rejected">rejected</span>' in closed
    order = [index.index(f"{name} — Engineer</a>\n") for name in ("Answerco", "Waitco")]
    assert index.index("Acme Corp — Backend Engineer</a>\n") < order[0] < order[1], "action due, answered, waiting"


def test_to_do_comes_first_in_words_and_links_the_draft(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    index = build_site(root, out=tmp_path / "out", as_of=AS_OF).out.joinpath("index.html").read_text()
    main = index[index.index("<main") :]
    assert main.index('id="now-title"') < main.index('id="processes-title"') < main.index('id="timeline-title"')
    now = main[main.index('id="now-title"') : main.index('id="processes-title"')]
    shown = re.sub(r"<[^>]+>", "", now)
    for raw in ("record-next-steps", "mark-ghosted", "linkedin", "status-check", "check-in "):
        assert raw not in shown, raw
    assert (
        "Record next steps" in shown
        and "Thank-you note to Raj Patel" in shown
        and "Status check to Maria Lopez" in shown
    )
    # Priya's check-in has a draft: the item links to it, in the thread where it is written.
    assert (
        '<a class="draft-link" href="people/priya-shah.html#fu-2026-11-24-check-in-priya-shah">open the draft</a>'
        in now
    )
    # Bill's check-in after Initech's rejection is overdue: folded away, not in the list itself.
    folded = now[now.index('<details class="folded">') :]
    assert "Bill Lumbergh" in folded and "Bill Lumbergh" not in now[: now.index('<details class="folded">')]


def test_earlier_months_have_pages_of_their_own(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    for month in ("2026-05", "2026-06", "2026-07"):
        _round(root, f"Old{month[-1]}", f"{month}-10", outcome="rejected")
    result = build_site(root, out=tmp_path / "out", as_of=AS_OF)
    index = (result.out / "index.html").read_text()
    shown = re.findall(r'<section class="month" id="m-([0-9-]+)">', index)
    assert shown == ["2026-11", "2026-10", "2026-07"]
    for month, label in (("2026-06", "June 2026"), ("2026-05", "May 2026")):
        assert f'<a href="timeline/{month}.html">{label}</a> (1)' in index
        page = (result.out / "timeline" / f"{month}.html").read_text()
        assert f"<h1>{label}" in page and 'href="../interviews/' in page and 'href="../assets/style.css"' in page
    june = (result.out / "timeline/2026-06.html").read_text()
    assert '<a href="../index.html#m-2026-07">← July 2026</a>' in june
    assert '<a href="../timeline/2026-05.html">May 2026 →</a>' in june
    pages = sorted(p.relative_to(result.out).as_posix() for p in result.out.rglob("*.html"))
    assert result.pages == len(pages), "the count printed is the pages written"
    assert [p for p in pages if p.startswith("timeline/")] == ["timeline/2026-05.html", "timeline/2026-06.html"]
    # A new round in the newest month moves nothing but that month: the old pages are kept as they are.
    _round(root, "Newco", "2026-11-24")
    again = build_site(root, out=tmp_path / "out", as_of=AS_OF, previous=result.state)
    assert not any(path.startswith("timeline/") for path in again.written), again.written


def test_today_comes_first_and_a_long_overdue_list_is_folded(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    for n in range(12):  # a round with nothing recorded after it: its next steps are overdue
        day = f"2026-{1 + n % 9:02d}-{10 + n:02d}"
        text = f"---\ncompany: Late{n:02d}\nrole: Engineer\nstage: technical\ndate: {day}\noutcome: pending\n---\n"
        write(root, f"interviews/{day}-late{n:02d}-engineer-technical.md", text)
    index = build_site(root, out=tmp_path / "out", as_of=AS_OF).out.joinpath("index.html").read_text()
    now = index[index.index('id="now-title"') : index.index('id="processes-title"')]
    listed = now[: now.index("<details")]
    states = re.findall(r'<li class="item state-(\w+)">', listed)
    assert states[0] == "today" and states.count("overdue") == 10, states  # today's work, then ten overdue
    days = re.findall(r'<span class="due state-overdue"[^>]*>.*?<time datetime="([0-9-]+)">', listed)
    assert days == sorted(days, reverse=True), "the most recent overdue first"
    older = now[now.index('<details class="folded older-overdue">') :]
    assert re.search(r"<summary>\d+ more overdue items, older</summary>", older)
