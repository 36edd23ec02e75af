"""`followup import invite`: calendar invites (tests/data/mail/) become rounds, updates update them in place."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Run

from journal import Interview, load
from journal.agenda import agenda
from journal.invites import company_from, is_robot

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"
INVITE, UPDATE, CANCEL = (MAIL / f"northwind-invite{tail}.ics" for tail in ("", "-update", "-cancel"))
ROLE = ("--role", "Senior Data Engineer")


@pytest.fixture
def journal(empty: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The empty journal in Berlin time, the owner's address known; stdin is not a terminal (as under cron).

    The clock reads the morning after the invite's round, so what an import prints does not
    depend on the day the suite runs: a week on, the thank-yous are too late to list.
    """
    with (empty / "journal.yaml").open("a") as config:
        config.write("timezone: Europe/Berlin\nemails: [alex@example.org]\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr("tui.cli_common.now", lambda journal=None: datetime(2026, 11, 25, 9, 0))
    return empty


def _only_round(root: Path) -> tuple[Path, Interview]:
    files = list((root / "interviews").glob("*.md"))
    assert len(files) == 1, files
    journal = load(root)
    return files[0], next(iter(journal.interviews.values()))


def _items(root: Path, day: date, action: str) -> set[str | None]:
    """Who the agenda of `day` has an item of this action for (the journal read back from disk)."""
    journal = load(root)
    return {item.person for item in agenda(journal, journal.settings.policy, day) if item.action == action}


def _thank_yous(root: Path, day: date) -> set[str | None]:
    return _items(root, day, "thank-you")


def test_an_invite_becomes_a_round_in_the_journals_time_with_its_interviewers(run: Run, journal: Path) -> None:
    result = run("-C", journal, "import", "invite", INVITE, *ROLE)
    assert result.code == 0, result.err
    path, interview = _only_round(journal)
    assert interview.company == "Northwind" and interview.role == "Senior Data Engineer"
    assert interview.date == datetime(2026, 11, 24, 16, 0)  # 10:00 New York
    assert interview.stage == "technical" and interview.format == "video"
    assert interview.location == "NYC-4-Hudson (6) — https://meet.google.com/abc-defg-hij"
    # Not the owner, not the room, not the recruiting mailbox that sent it:
    assert [(p.name, p.email) for p in interview.interviewers] == [
        ("Priya Raman", "priya.raman@northwind.example"),
        ("Tom Becker", "tom.becker@northwind.example"),
    ]
    text = path.read_text()
    assert "invite_uid: 7kq3v0m2c9d1northwind42@google.com\ninvite_sequence: 0\n" in text
    assert [p.linkedin for p in interview.interviewers] == [  # from the invite's "Your interviewers:" lines
        "https://www.linkedin.com/in/priya-raman-example",
        "https://www.linkedin.com/in/tombecker-example",
    ]
    assert _thank_yous(journal, date(2026, 11, 25)) == {"Priya Raman", "Tom Becker"}
    linkedin = _items(journal, date(2026, 11, 25), "linkedin")
    assert linkedin == {"Priya Raman", "Tom Becker"}  # a LinkedIn request to each, at once
    assert "Thank-you note to Priya Raman" in result.out and "LinkedIn request to Tom Becker" in result.out


def test_importing_the_same_invite_again_changes_nothing(run: Run, journal: Path) -> None:
    run("-C", journal, "import", "invite", INVITE, *ROLE)
    path, _ = _only_round(journal)
    before = path.read_bytes()
    again = run("-C", journal, "import", INVITE)  # a bare .ics is an invite too
    assert again.code == 0 and "already has this invite (SEQUENCE 0); nothing changed" in again.out
    assert path.read_bytes() == before and len(list((journal / "interviews").iterdir())) == 1


def test_an_updated_invite_updates_the_round_in_place_keeping_what_the_user_wrote(run: Run, journal: Path) -> None:
    run("-C", journal, "import", "invite", INVITE, *ROLE)
    path, _ = _only_round(journal)
    edited = path.read_text().replace(
        "  - name: Priya Raman\n", "  - name: Priya Raman\n    title: Data Platform Lead\n"
    )
    path.write_text(edited + "## Notes\nAsked about the streaming stack.\n")
    before = path.read_text()

    result = run("-C", journal, "import", "invite", UPDATE)
    assert result.code == 0, result.err
    assert "(invite SEQUENCE 0 → 1): date 2026-11-24 16:00 → 2026-11-25 15:00" in result.out
    assert "+ Lena Fischer; − Tom Becker" in result.out
    _, interview = _only_round(journal)
    assert interview.date == datetime(2026, 11, 25, 15, 0)
    assert interview.invite_sequence == 1 and (interview.location or "").startswith("Google Meet")
    assert [p.name for p in interview.interviewers] == ["Priya Raman", "Lena Fischer"]
    after = path.read_text()
    assert "  - name: Priya Raman\n    title: Data Platform Lead\n    email: priya.raman@northwind.example\n" in after
    assert after.endswith("## Notes\nAsked about the streaming stack.\n")
    changed = {line for line in after.splitlines() if line not in before.splitlines()}
    assert changed == {
        "date: 2026-11-25T15:00",
        "location: Google Meet — https://meet.google.com/abc-defg-hij",
        "  - name: Lena Fischer",
        "    email: lena.fischer@northwind.example",
        "invite_sequence: 1",
    }
    assert _thank_yous(journal, date(2026, 11, 26)) == {"Priya Raman", "Lena Fischer"}

    same = run("-C", journal, "import", "invite", UPDATE)
    older = run("-C", journal, "import", "invite", INVITE)
    assert "nothing changed" in same.out and "has a newer version of this invite (SEQUENCE 1 > 0)" in older.out
    assert path.read_text() == after


def test_an_interviewer_already_thanked_stays_when_an_update_drops_them(run: Run, journal: Path) -> None:
    run("-C", journal, "import", "invite", INVITE, *ROLE)
    _, interview = _only_round(journal)
    sent = run(
        "-C", journal, "new", "followup", "--interview", interview.id, "--kind", "thank-you", "--to", "Tom Becker",
        "--date", "2026-11-24T18:00", "--body", "Thank you, Tom.",
    )  # fmt: skip
    assert sent.code == 0, sent.err
    run("-C", journal, "import", "invite", UPDATE)
    _, interview = _only_round(journal)
    assert [p.name for p in interview.interviewers] == ["Priya Raman", "Lena Fischer", "Tom Becker"]


def test_a_cancelled_invite_is_reported_and_the_round_left_alone(run: Run, journal: Path) -> None:
    run("-C", journal, "import", "invite", INVITE, *ROLE)
    path, _ = _only_round(journal)
    before = path.read_bytes()
    result = run("-C", journal, "import", "invite", CANCEL)
    assert result.code == 0
    assert "the organizer cancelled 'Technical interview: Senior Data Engineer (Alex Example)'" in result.out
    assert "delete it if the round will not take place" in result.out
    assert path.read_bytes() == before
    path.unlink()
    gone = run("-C", journal, "import", "invite", CANCEL)
    assert "which is not in the journal; nothing to do" in gone.out


def test_an_eml_with_a_calendar_part_is_an_invite(run: Run, journal: Path) -> None:
    result = run("-C", journal, "import", "invite", MAIL / "kestrel-invite.eml", "--role", "Robotics Engineer")
    assert result.code == 0, result.err
    _, interview = _only_round(journal)
    assert interview.company == "Kestrel Robotics" and interview.stage == "phone-screen"
    assert interview.date == datetime(2026, 11, 23, 14, 30)  # 13:30 UTC
    assert interview.location == "Phone" and interview.format is None
    assert [(p.name, p.email) for p in interview.interviewers] == [
        ("Sofía Núñez", "sofia.nunez@kestrel-robotics.example")  # the no-reply bot and the owner left out
    ]
    assert _thank_yous(journal, date(2026, 11, 24)) == {"Sofía Núñez"}


def test_what_the_invite_cannot_say_is_asked_or_named_as_a_flag(
    run: Run, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    free_mail = tmp_path / "gmail.ics"
    free_mail.write_bytes(INVITE.read_bytes().replace(b"recruiting@northwind.example", b"priya.r@gmail.com"))
    no_role = run("-C", journal, "import", "invite", INVITE)
    assert no_role.code == 2 and "give --role ROLE" in no_role.err
    no_company = run("-C", journal, "import", "invite", free_mail, *ROLE)
    assert no_company.code == 2 and "give --company COMPANY" in no_company.err
    assert not list((journal / "interviews").glob("*.md"))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["Northwind Labs", "Data Engineer"])
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    asked = run("-C", journal, "import", "invite", free_mail)
    assert asked.code == 0, asked.err
    _, interview = _only_round(journal)
    assert (interview.company, interview.role) == ("Northwind Labs", "Data Engineer")


def test_an_unreadable_invite_is_one_line_naming_the_file(run: Run, journal: Path, tmp_path: Path) -> None:
    bad = tmp_path / "note.eml"
    bad.write_bytes(b"From: a@b.example\nSubject: hi\n\nno calendar here\n")
    result = run("-C", journal, "import", "invite", bad)
    assert result.code == 2 and "note.eml: neither an iCalendar file nor a mail with a text/calendar part" in result.err
    typo = tmp_path / "typo.ics"
    typo.write_bytes(
        INVITE.read_bytes().replace(b"TZID=America/New_York:20261124T100000", b"TZID=America/New_York:2026XX")
    )
    result = run("-C", journal, "import", "invite", typo, *ROLE)
    assert result.code == 2 and "typo.ics: the event 7kq3v0m2c9d1northwind42@google.com has a start" in result.err
    assert not list((journal / "interviews").glob("*.md"))


def test_the_csv_form_still_needs_no_word(run: Run, journal: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "apps.csv"
    sheet.write_text("Company,Role,Date\nAcme,Backend Engineer,2026-11-20\n")
    assert run("-C", journal, "import", sheet).code == 0
    assert run("import", "-C", journal, "csv", sheet).out.count("already in the journal") == 1


@pytest.mark.parametrize(
    ("address", "company"),
    [
        ("recruiting@northwind.example", "Northwind"),
        ("jobs@mail.acme-corp.co.uk", "Acme Corp"),
        ("talent@kestrel-robotics.example", "Kestrel Robotics"),
        ("someone@gmail.com", None),
        ("no-reply@calendly.com", None),
    ],
)
def test_the_company_comes_from_the_organizers_domain(address: str, company: str | None) -> None:
    assert company_from(address) == company


def test_robot_mailboxes_are_not_people() -> None:
    assert is_robot("noreply@x.example") and is_robot("calendar-notification@x.example")
    assert not is_robot("priya.raman@x.example")
