"""Reading mail files: headers, charsets, parts and attachments, and `emails:` / `message_id:` in the journal."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from journal import FollowUp, load, store
from journal.mail import (
    Mail,
    Unreadable,
    local_moment,
    maildir_messages,
    mbox_messages,
    message_key,
    read_mail,
)
from journal.mail_html import html_to_text
from journal.mail_trim import trim
from journal.settings import read_settings

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def _read(name: str) -> Mail:
    mail = read_mail((MAIL / name).read_bytes(), name)
    assert isinstance(mail, Mail), mail
    return mail


def test_multipart_alternative_keeps_the_plain_part_and_the_thread() -> None:
    mail = _read("gmail-reply.eml")
    assert mail.sender.name == "Jane Doe" and mail.sender.email == "jane@acme.example"
    assert [str(item) for item in mail.recipients] == ["Alex Example <alex@example.org>"]
    assert mail.thread == ("thanks-jane-20261120@example.org",)
    assert mail.sent == datetime(2026, 11, 24, 10, 15, 2, tzinfo=timezone(timedelta(hours=1)))
    assert "wrote:" not in mail.text and "&#39;" not in mail.text and mail.text.endswith("Best,\nJane")


def test_encoded_words_and_latin1_bodies_decode() -> None:
    mail = _read("latin1-encoded-words.eml")
    assert mail.sender.name == "Thomas Müller"
    assert mail.subject == "Einladung zum zweiten Gespräch – München (Büro)"  # =96 is Windows' en dash
    assert "für das angenehme Gespräch" in mail.text


def test_html_only_mail_becomes_readable_text() -> None:
    mail = _read("outlook-html-reply.eml")
    assert mail.text.startswith("Hi Alex,\n\nThanks for coming in on Saturday. We’d like")
    assert html_to_text("<p>One</p><p>Two &amp; <b>three</b></p><style>p{}</style>") == "One\n\nTwo & three"
    assert html_to_text("<ul><li>a</li><li>b</li></ul>") == "- a\n- b"


def test_attachments_are_named_including_rfc2231_names() -> None:
    assert _read("multipart-attachment.eml").attachments == ("offer-letter.pdf", "Gehaltsübersicht 2027.xlsx")


def test_malformed_messages_say_why() -> None:
    assert isinstance(read_mail(b"just some text\nwith no headers\n", "x.eml"), Unreadable)
    no_date = read_mail(b"From: a@b.example\nSubject: hi\n\nbody\n", "y.eml")
    assert isinstance(no_date, Unreadable) and "no date" in no_date.reason and no_date.where == "y.eml"
    no_sender = read_mail(b"Date: Tue, 24 Nov 2026 10:00:00 +0000\n\nbody\n", "z.eml")
    assert isinstance(no_sender, Unreadable) and "no sender" in no_sender.reason


def test_a_message_without_message_id_gets_a_stable_stand_in() -> None:
    raw = b"From: a@b.example\nDate: Tue, 24 Nov 2026 10:00:00 +0000\n\nhello\n"
    first, second = read_mail(raw, "a"), read_mail(raw, "b")
    other = read_mail(raw.replace(b"hello", b"bye"), "c")
    assert isinstance(first, Mail) and isinstance(second, Mail) and isinstance(other, Mail)
    assert first.message_id == second.message_id != other.message_id
    assert first.message_id.endswith("@no-message-id.invalid>")


def test_an_unknown_charset_falls_back_instead_of_failing() -> None:
    raw = (
        b"From: a@b.example\nDate: Tue, 24 Nov 2026 10:00:00 +0000\n"
        b"Content-Type: text/plain; charset=x-unheard-of\n\nGr\xc3\xbc\xc3\x9fe\n"
    )
    mail = read_mail(raw, "a")
    assert isinstance(mail, Mail) and mail.text == "Grüße"


def test_times_are_written_in_the_journal_timezone() -> None:
    sent = datetime(2026, 11, 30, 11, 5, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert local_moment(sent, ZoneInfo("Europe/Berlin")) == datetime(2026, 11, 30, 17, 5)
    assert message_key(" <AbC@x.example> ") == "abc@x.example"


def test_mbox_and_maildir_are_read_in_order_with_labels() -> None:
    labels = [where for where, _ in mbox_messages(MAIL / "sent.mbox")]
    assert labels == [f"sent.mbox: message {n}" for n in range(1, 7)]
    folder = [where for where, _ in maildir_messages(MAIL / "inbox")]
    assert len(folder) == 5 and folder[0] == "inbox: message 1 (1764004502.M102P2201.mx.example.org)"


def test_emails_setting_is_checked_like_the_others() -> None:
    settings, problems = read_settings(b"owner: Alex\nemails: [Alex@Example.org, not-an-address]\n")
    assert settings.emails == ("alex@example.org",)
    assert [(problem.line, problem.field) for problem in problems] == [(2, "emails")]
    assert "'not-an-address' in 'emails' is not an email address" in problems[0].message


def test_message_id_is_written_and_survives_an_edit_with_unknown_keys(tmp_path: Path) -> None:
    store.init_journal(tmp_path, owner="Alex")
    made = store.create(
        tmp_path,
        FollowUp(id="2026-11-24-reply-jane", kind="reply", to="Jane", direction="in", status="received",
                 date=datetime(2026, 11, 24, 10, 15), message_id="<abc@mail.example>"),
    )  # fmt: skip
    path = tmp_path / "followups" / "2026-11-24-reply-jane.md"
    assert "message_id: <abc@mail.example>\n" in path.read_text()
    path.write_text(
        path.read_text().replace("---\n", "x_label: keep me\n---\n", 2).replace("x_label: keep me\n", "", 1)
    )
    loaded = load(tmp_path).followups[made.id]
    assert loaded.message_id == "<abc@mail.example>"
    store.save(tmp_path, replace(loaded, subject="Re: hi"))
    text = path.read_text()
    assert "x_label: keep me\n" in text and "message_id: <abc@mail.example>\n" in text and "subject: 'Re: hi'" in text


def test_crlf_files_read_as_lf_ones() -> None:
    raw = (MAIL / "gmail-reply.eml").read_bytes()
    crlf = read_mail(raw.replace(b"\n", b"\r\n"), "crlf.eml")
    assert isinstance(crlf, Mail) and crlf.text == _read("gmail-reply.eml").text and "\r" not in crlf.text


_PIECES = ["<", ">", "</", "<!", "<![", "<!--", "-->", "&#x", "<div>", "<p class=MsoNormal>", "</p>", "<br>", '"', "=",
           "a", "\n", " ", "<![if !supportLists]>", "<pre>", "<blockquote type=cite>", "On Tue wrote:", "> ", "-- ",
           "From: x", "Sent: y", "To: z", "=?utf-8?b?", "?=", "boundary=", "--b", "charset=", ";", "\r\n"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_no_html_or_body_text_breaks_the_reader(text: str) -> None:
    """Whatever a message holds, reading it gives text or a reason, never an exception (`<![` once did)."""
    assert isinstance(html_to_text(text), str)
    assert isinstance(trim(text), str)
    raw = ("From: a@b.example\nDate: Tue, 24 Nov 2026 10:00:00 +0000\nContent-Type: text/html\n\n" + text).encode()
    assert isinstance(read_mail(raw, "x.eml"), Mail | Unreadable)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_no_bytes_break_the_reader(data: bytes) -> None:
    assert isinstance(
        read_mail(b"From: a@b.example\nDate: Tue, 24 Nov 2026 10:00:00 +0000\n" + data, "y"), Mail | Unreadable
    )
    assert isinstance(read_mail(data, "z"), Mail | Unreadable)


def test_format_flowed_paragraphs_are_one_line_again() -> None:
    """Thunderbird and Apple Mail wrap plain text at 72 columns with soft breaks; the journal keeps paragraphs."""
    raw = (
        b"From: Raj Patel <raj@acme.example>\nDate: Tue, 24 Nov 2026 10:00:00 +0100\n"
        b"Content-Type: text/plain; charset=utf-8; format=flowed\n\n"
        b"Hi Alex,\n\nthank you for the questions about the on-call \nrotation; we share it across \n"
        b"eight people.\n\n-- \nRaj\n"
    )
    mail = read_mail(raw, "flowed.eml")
    assert isinstance(mail, Mail)
    assert (
        mail.text
        == "Hi Alex,\n\nthank you for the questions about the on-call rotation; we share it across eight people."
    )


def test_an_empty_plain_part_gives_way_to_the_html_one() -> None:
    raw = (
        b"From: a@b.example\nDate: Tue, 24 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/alternative; boundary="b"\n\n--b\nContent-Type: text/plain\n\n\n'
        b"--b\nContent-Type: text/html\n\n<p>The real text.</p>\n--b--\n"
    )
    mail = read_mail(raw, "a")
    assert isinstance(mail, Mail) and mail.text == "The real text."
