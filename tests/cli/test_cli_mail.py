"""`followup import mail`: real message files in, follow-ups on disk, nothing guessed, nothing twice."""

from __future__ import annotations

import io
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Run

from journal import FollowUp, load
from journal.agenda import agenda

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"
ACME = "2026-11-20-acme-corp-backend-engineer-onsite"
NORTHWIND = "2026-11-21-northwind-analytics-senior-data-engineer-onsite"
GLOBEX_PHONE = "2026-11-16-globex-platform-engineer-phone-screen"
PRIYA = MAIL / "inbox" / "cur" / "1764090000.M104P2201.mx.example.org"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the mail test journal: Acme, Globex (two processes), Northwind, Müller GmbH; drafts to Raj and Daniel."""
    target = tmp_path / "journal"
    shutil.copytree(MAIL / "journal", target)
    return target


def _followups(root: Path) -> dict[str, FollowUp]:
    journal = load(root)
    assert not journal.errors, journal.errors
    return journal.followups


def _by_message(root: Path, message_id: str) -> FollowUp:
    found = [item for item in _followups(root).values() if item.message_id == message_id]
    assert len(found) == 1, found
    return found[0]


def _status_check(root: Path, interview: str, as_of: date) -> date:
    journal = load(root)
    items = agenda(journal, journal.settings.policy, as_of)
    return next(item.due for item in items if item.action == "status-check" and item.interview == interview)


def test_a_gmail_reply_becomes_a_received_reply_with_only_the_new_text(run: Run, root: Path) -> None:
    before = set(_followups(root))
    result = run("-C", root, "import", "mail", MAIL / "gmail-reply.eml")
    assert result.code == 0, result.err
    assert (
        "gmail-reply.eml: created" in result.out
        and "it answers followups/2026-11-20-thank-you-jane-doe.md" in result.out
    )
    (new,) = set(_followups(root)) - before
    reply = _followups(root)[new]
    assert (reply.kind, reply.direction, reply.status, reply.channel) == ("reply", "in", "received", "email")
    assert reply.interview == ACME and reply.to == "Jane Doe"
    assert reply.date == datetime(2026, 11, 24, 10, 15)  # the Date header, in the journal's Europe/Berlin
    assert reply.subject == "Re: Thank you — Backend Engineer interview"
    assert reply.message_id == "<CAJx7Yq2Fh0v+Jn5kQ@mail.gmail.com>"
    assert reply.body == (
        "Hi Alex,\n\nThanks for the kind note — it was great talking to you too. The team meets on Monday and "
        "I'll get back to you with next steps right after.\n\nBest,\nJane\n"
    )


def test_a_reply_imported_moves_the_status_check_at_once(run: Run, root: Path) -> None:
    assert _status_check(root, ACME, date(2026, 11, 24)) == date(2026, 11, 27)  # 5 business days after Fri 20 Nov
    assert run("-C", root, "import", "mail", MAIL / "gmail-reply.eml").code == 0
    assert _status_check(root, ACME, date(2026, 11, 24)) == date(2026, 12, 1)  # 5 business days after the reply


def test_importing_the_same_mail_again_creates_nothing(run: Run, root: Path) -> None:
    first = run("-C", root, "import", "mail", MAIL / "gmail-reply.eml", "--maildir", MAIL / "inbox")
    files = sorted(path.read_bytes() for path in (root / "followups").iterdir())
    # the Maildir holds the Gmail reply too: one follow-up for the two copies, at the first run already
    assert "skipped: already in the journal" in first.out
    again = run("-C", root, "import", "mail", MAIL / "gmail-reply.eml", "--maildir", MAIL / "inbox")
    assert sorted(path.read_bytes() for path in (root / "followups").iterdir()) == files
    assert ": created " not in again.out and again.out.count("skipped: already in the journal") == 4
    assert "imported 0 messages" in again.out


def test_an_outlook_html_only_reply_is_converted_to_text(run: Run, root: Path) -> None:
    result = run("-C", root, "import", "mail", MAIL / "outlook-html-reply.eml")
    assert result.code == 0, result.err
    reply = _by_message(root, "<AM9PR07MB77311E2F3A4B5C6D7E8F9A0B1C2D3@AM9PR07MB7731.eurprd07.prod.outlook.com>")
    assert reply.interview == NORTHWIND and reply.to == "Daniel Okafor"  # by his address (its thread is unknown)
    assert reply.body == (
        "Hi Alex,\n\nThanks for coming in on Saturday. We’d like to invite you to a final conversation with our "
        "CTO next week – Maya will send times.\n\nKind regards,\nDaniel\n"
    )
    assert reply.date == datetime(2026, 11, 25, 17, 42)
    assert "<" not in reply.body and "From:" not in reply.body


def test_a_latin1_message_with_encoded_word_headers_reads_right(run: Run, root: Path) -> None:
    assert run("-C", root, "import", "mail", MAIL / "latin1-encoded-words.eml").code == 0
    reply = _by_message(root, "<000001db3f2a$5c1e7a20$145b6e60$@mueller-gmbh.example>")
    assert reply.to == "Thomas Müller" and reply.interview == "2026-11-19-muller-gmbh-softwareentwickler-phone-screen"
    assert reply.subject == "Einladung zum zweiten Gespräch – München (Büro)"
    assert reply.body.startswith("Guten Tag Herr Example,\n\nvielen Dank für das angenehme Gespräch")
    assert reply.body.endswith("Mit freundlichen Grüßen\nThomas Müller\n")
    assert "Ursprüngliche Nachricht" not in reply.body and "Tel." not in reply.body


def test_attachments_are_listed_by_name_and_not_stored(run: Run, root: Path) -> None:
    result = run("-C", root, "import", "mail", MAIL / "multipart-attachment.eml")
    assert result.code == 0, result.err
    assert "attachments not stored: offer-letter.pdf, Gehaltsübersicht 2027.xlsx" in result.out
    reply = _by_message(root, "<20261130160500.4F2A1@mail.northwind.example>")
    assert reply.to == "Maya Johnson" and reply.interview == NORTHWIND  # "Johnson, Maya", by her people/ file
    assert reply.body.endswith(
        "Best regards,\nMaya Johnson\n\nAttachments (not stored): offer-letter.pdf, Gehaltsübersicht 2027.xlsx\n"
    )
    assert "+1 212" not in reply.body  # the plain part was kept, its signature block trimmed
    written = [path for path in root.rglob("*") if path.is_file() and ".followup" not in path.parts]
    assert [path.name for path in written if path.suffix != ".md"] == ["journal.yaml"]  # no attachment saved


def test_sent_mail_marks_its_draft_sent_and_the_rest_is_listed(run: Run, root: Path) -> None:
    raj = root / "followups" / "2026-11-21-thank-you-raj-patel.md"
    old = raj.read_text()
    run("-C", root, "import", "mail", MAIL / "gmail-reply.eml")
    result = run("-C", root, "import", "mail", "--mbox", MAIL / "sent.mbox")
    assert result.code == 1  # some messages were not imported
    # Raj's draft: same person, kind and interview; only status, date and message_id change on disk
    assert raj.read_text() == old.replace("status: draft", "status: sent").replace(
        "subject: Thank you — Backend Engineer interview\n",
        "subject: Thank you — Backend Engineer interview\ndate: 2026-11-21T09:12\n"
        "message_id: <a8c1f0e2-5b7d-4e1a-9c3f-2d6e8b4a7f10@example.org>\n",
    )
    # the draft composed with a Message-ID: found by it
    daniel = _followups(root)["2026-11-22-thank-you-daniel-okafor"]
    assert daniel.status == "sent" and daniel.date == datetime(2026, 11, 22, 9, 0)
    # an answer to Jane's reply: a new sent follow-up of the process, kind other (not guessed a nudge)
    answer = _by_message(root, "<f1e2d3c4-0001-4abc-8def-1234567890ab@example.org>")
    assert (answer.kind, answer.direction, answer.status, answer.interview, answer.to) == (
        "other", "out", "sent", ACME, "Jane Doe"
    )  # fmt: skip
    assert answer.body == "Thanks Jane, looking forward to hearing from you.\n\nAlex\n"
    # the message without a sender: a problem naming the file and its index; the others were imported
    assert "sent.mbox: message 3: error: no sender" in result.err
    assert "sent.mbox: message 5: not imported (unmatched)" in result.out
    assert "no person or interviewer has the address careers@initech.example" in result.out
    assert "no company is known at initech.example" in result.out
    assert "sent.mbox: message 6: not imported (ambiguous)" in result.out
    assert "priya@globex.example (Priya Shah) is in 2 processes" in result.out and "--interview ID" in result.out
    assert not [item for item in _followups(root).values() if item.to == "Priya Shah" or "initech" in (item.to or "")]


def test_a_maildir_matches_by_domain_and_lists_the_unmatched(run: Run, root: Path) -> None:
    result = run("-C", root, "import", "mail", "--maildir", MAIL / "inbox")
    assert result.code == 1
    talent = _by_message(root, "<sched-7781@northwind.example>")
    assert talent.interview == NORTHWIND and talent.to == "Northwind Talent"
    assert "northwind.example is Northwind Analytics's domain" in result.out
    iphone = _by_message(root, "<2B8F3C1A-77D2-4E1B-9A0C-5D6E7F8091A2@acme.example>")
    assert iphone.body == "Hi Alex, we'd like you to meet our VP next week. Recruiting will send times.\n"
    lines = [line for line in result.out.splitlines() if "not imported" in line]
    assert len(lines) == 2
    assert "(1764072000.M103P2201.mx.example.org): not imported (unmatched): from Bob <bob@nowhere.example>" in lines[0]
    assert "(1764090000.M104P2201.mx.example.org): not imported (ambiguous)" in lines[1]
    assert "imported 3 messages: 3 received" in result.out


def test_interview_settles_an_ambiguous_message(run: Run, root: Path) -> None:
    assert "ambiguous" in run("-C", root, "import", "mail", PRIYA).out
    result = run("-C", root, "import", "mail", PRIYA, "--interview", GLOBEX_PHONE)
    assert result.code == 0, result.out + result.err
    reply = _by_message(root, "<1764090000.priya@zoho.globex.example>")
    assert reply.interview == GLOBEX_PHONE and reply.to == "Priya Shah"
    assert reply.body == "Hi Alex,\n\nAny language is fine, Python preferred.\n\nRegards,\nPriya\n"  # Zoho's quote cut
    bad = run("-C", root, "import", "mail", PRIYA, "--interview", "2026-11-99-nope")
    assert bad.code == 2 and "no interview '2026-11-99-nope'" in bad.err


def test_standard_input_takes_a_message_or_an_mbox(run: Run, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO((MAIL / "sent.mbox").read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin())
    result = run("-C", root, "import", "mail", "-")
    assert "stdin: message 1: marked" in result.out and "stdin: message 3: error: no sender" in result.err
    Stdin.buffer = io.BytesIO((MAIL / "outlook-html-reply.eml").read_bytes())
    assert "stdin: created" in run("-C", root, "import", "mail", "-").out


def test_bad_sources_are_usage_errors_and_nothing_is_written(run: Run, root: Path, tmp_path: Path) -> None:
    before = sorted((root / "followups").iterdir())
    missing = run("-C", root, "import", "mail", MAIL / "gmail-reply.eml", tmp_path / "nope.eml")
    assert missing.code == 2 and "nope.eml" in missing.err
    not_maildir = run("-C", root, "import", "mail", "--maildir", tmp_path)
    assert not_maildir.code == 2 and "not a Maildir folder" in not_maildir.err
    assert run("-C", root, "import", "mail").code == 2
    not_mbox = run("-C", root, "import", "mail", "--mbox", MAIL / "gmail-reply.eml")
    assert not_mbox.code == 2 and "is not an mbox file" in not_mbox.err
    assert sorted((root / "followups").iterdir()) == before


def test_without_emails_every_message_counts_as_received(run: Run, root: Path) -> None:
    config = root / "journal.yaml"
    config.write_text(config.read_text().replace("emails: [alex@example.org, Alex.Example@gmail.com]\n", ""))
    before = {path.name: path.read_bytes() for path in (root / "followups").iterdir()}
    result = run("-C", root, "import", "mail", "--mbox", MAIL / "sent.mbox")
    assert "has no 'emails:'" in result.err
    assert result.out.count("'Alex Example', your name, and journal.yaml has no 'emails:'") == 5
    assert {path.name: path.read_bytes() for path in (root / "followups").iterdir()} == before  # no reply from yourself


def test_import_csv_keeps_working_with_and_without_the_word(run: Run, tmp_path: Path) -> None:
    from journal.store import init_journal

    root = tmp_path / "sheet-journal"
    init_journal(root, owner="Alex Example")
    sheet = tmp_path / "applications.csv"
    sheet.write_text("Company,Role,Date\nAcme Corp,Backend Engineer,2026-11-20\n")
    assert run("-C", root, "import", sheet).code == 0  # `import FILE.csv`: the suffix says csv
    again = run("-C", root, "import", "csv", sheet)
    assert again.code == 0 and "1 already in the journal" in again.out
    assert run("-C", root, "import", tmp_path / "notes.txt").code == 2


def test_a_mail_file_needs_no_word_and_an_mbox_is_recognised_as_one(run: Run, root: Path) -> None:
    """`import FILE.eml` and `import FILE.mbox` mean `import mail`; an mbox given as FILE is read as an mbox."""
    assert "outlook-html-reply.eml: created" in run("-C", root, "import", MAIL / "outlook-html-reply.eml").out
    result = run("-C", root, "import", "mail", MAIL / "sent.mbox")
    assert "sent.mbox: message 1: marked" in result.out and "sent.mbox: message 3: error" in result.err
    assert "sent.mbox: message 1: skipped" in run("-C", root, "import", MAIL / "sent.mbox").out


def _sent_mail(tmp_path: Path, name: str, to: str, subject: str, date_header: str, body: str = "Hello.\n") -> Path:
    """A message as a mail client's Sent folder holds it, from the journal's owner."""
    path = tmp_path / name
    path.write_text(
        f"From: Alex Example <alex@example.org>\nTo: {to}\nSubject: {subject}\nDate: {date_header}\n"
        f"Message-ID: <{name}@example.org>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}"
    )
    return path


def test_a_thank_you_sent_from_the_mail_client_clears_its_agenda_item(run: Run, root: Path, tmp_path: Path) -> None:
    def thanks_due() -> list[str]:
        journal = load(root)
        return [item.person or "" for item in agenda(journal, journal.settings.policy, date(2026, 11, 20))
                if item.action == "thank-you"]  # fmt: skip

    assert "Thomas Müller" in thanks_due()
    mail = _sent_mail(tmp_path, "danke.eml", "t.mueller@mueller-gmbh.example", "Danke für das Gespräch",
                      "Thu, 19 Nov 2026 17:02:00 +0100", "Sehr geehrter Herr Müller, vielen Dank für Ihre Zeit.\n")  # fmt: skip
    result = run("-C", root, "import", "mail", mail)
    assert result.code == 0 and "as thank-you (the subject thanks them)" in result.out
    sent = _by_message(root, "<danke.eml@example.org>")
    assert (sent.kind, sent.direction, sent.status, sent.to) == ("thank-you", "out", "sent", "Thomas Müller")
    assert "Thomas Müller" not in thanks_due()


def test_a_nudge_marked_sent_goes_through_the_pestering_guard(run: Run, root: Path, tmp_path: Path) -> None:
    from journal import store

    for day in (23, 25):
        store.create(root, FollowUp(id=f"2026-11-{day}-status-check-jane-doe", kind="status-check", interview=ACME,
                                    to="Jane Doe", channel="email", status="sent", date=datetime(2026, 11, day, 9, 0)))  # fmt: skip
    store.create(root, FollowUp(id="2026-11-27-status-check-jane-doe", kind="status-check", interview=ACME,
                                to="Jane Doe", channel="email", status="draft", subject="Checking in"))  # fmt: skip
    mail = _sent_mail(tmp_path, "nudge.eml", "jane@acme.example", "Checking in", "Fri, 27 Nov 2026 09:00:00 +0100")
    result = run("-C", root, "import", "mail", mail)
    assert "marked" in result.out and "2026-11-27-status-check-jane-doe.md sent" in result.out
    assert "warning: 2 of 2 nudges used already and none answered" in result.err
    assert _followups(root)["2026-11-27-status-check-jane-doe"].status == "sent"  # a warning, never a block


def test_an_unsent_draft_file_marks_nothing_sent(run: Run, root: Path, tmp_path: Path) -> None:
    """An `.eml` written for the mail client (`X-Unsent: 1`) is not a message anyone sent."""
    draft = tmp_path / "draft.eml"
    draft.write_text(
        "From: Alex Example <alex@example.org>\nTo: daniel@northwind.example\nSubject: Thank you for Saturday\n"
        "Date: Sun, 22 Nov 2026 08:00:00 +0100\nMessage-ID: <composed-daniel-1@example.org>\nX-Unsent: 1\n\nHi\n"
    )
    result = run("-C", root, "import", "mail", draft)
    assert result.code == 0 and "skipped: an unsent draft (X-Unsent: 1)" in result.out
    assert _followups(root)["2026-11-22-thank-you-daniel-okafor"].status == "draft"
