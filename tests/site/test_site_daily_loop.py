"""What the site shows of the daily loop: a skipped thank-you, missed ones in the stats, and the
ask-next-steps reminder inside a coming round's calendar event."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from icalendar import Calendar
from site_helpers import copy_fixture, write

from journal import Item, load
from journal.agenda import agenda
from journal.exports import to_ics
from site_builder.build import build_site

AS_OF = date(2026, 11, 25)
GLOBEX = "interviews/2026-11-16-globex-data-engineer-phone-screen"


def test_a_skipped_thank_you_shows_as_skipped(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    write(root, "followups/2026-11-17-thank-you-maria-lopez.md",
          f"---\ninterview: {GLOBEX.split('/')[1]}\nkind: thank-you\nto: Maria Lopez\nstatus: skipped\n"
          "date: 2026-11-17\n---\nShe said notes are not needed.\n")  # fmt: skip
    out = build_site(root, out=tmp_path / "out", as_of=AS_OF).out
    page = (out / f"{GLOBEX}.html").read_text(encoding="utf-8")
    assert '<span class="badge status-skipped">skipped</span>' in page
    assert '<span class="skipped">– Maria Lopez (skipped)</span>' in page
    stats = (out / "stats.html").read_text(encoding="utf-8")
    assert 'of which skipped (you decided not to send)</td><td class="num">1</td>' in stats
    assert 'of which missed (not sent within 7 days of the due day)</td><td class="num">1</td>' in stats


def test_a_round_still_ahead_carries_ask_next_steps_in_its_calendar_event(tmp_path: Path) -> None:
    root = copy_fixture("site_small", tmp_path)
    write(root, "interviews/2026-11-26-globex-data-engineer-technical.md",
          "---\ncompany: Globex\nrole: Data Engineer\nstage: technical\ndate: 2026-11-26T10:00\n"
          "interviewers:\n  - name: Maria Lopez\n---\n")  # fmt: skip
    out = build_site(root, out=tmp_path / "out", as_of=AS_OF).out
    agenda_page = (out / "agenda.html").read_text(encoding="utf-8")
    assert "the technical interview is tomorrow at 10:00: before you leave, ask what happens next" in agenda_page
    for data in ((out / "calendar.ics").read_bytes(), to_ics(load(root), _items(root), AS_OF)):
        events = Calendar.from_ical(data).walk("VEVENT")
        ahead = next(
            e for e in events if "2026-11-26-globex" in str(e["UID"]) and str(e["UID"]).startswith("interview-")
        )
        assert "Before you leave, ask what happens next" in str(ahead["DESCRIPTION"])
        assert not any(str(e["UID"]).startswith("agenda-ask-next-steps") for e in events), "in the round's own event"
        past = next(e for e in events if str(e["UID"]).startswith("interview-2026-11-20-acme"))
        assert "Before you leave" not in str(past["DESCRIPTION"])


def _items(root: Path) -> list[Item]:
    journal = load(root)
    return agenda(journal, journal.settings.policy, AS_OF)
