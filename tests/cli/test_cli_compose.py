"""`followup compose ID`: a draft handed to the mail client as a mailto: link or an unsent .eml (parsed back)."""

from __future__ import annotations

import email
import io
import sys
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import Run

from journal import load
from journal.compose import MAILTO_LIMIT, mailto_link

INVITE = Path(__file__).resolve().parents[1] / "data" / "mail" / "northwind-invite.ics"


@pytest.fixture
def draft(run: Run, empty: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A journal with the Northwind round (from the invite) and a drafted thank-you to Priya Raman."""
    with (empty / "journal.yaml").open("a") as config:
        config.write("timezone: Europe/Berlin\nemails: [alex@example.org]\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    run("-C", empty, "import", "invite", INVITE, "--role", "Senior Data Engineer")
    (interview,) = load(empty).interviews
    made = run(
        "-C", empty, "new", "followup", "--interview", interview, "--kind", "thank-you", "--to", "Priya Raman",
        "--template", "--date", "2026-11-24T18:00",
    )  # fmt: skip
    return empty, Path(made.out.strip()).stem


def test_mailto_prints_a_link_encoded_per_rfc_6068(run: Run, draft: tuple[Path, str]) -> None:
    root, ident = draft
    result = run("-C", root, "compose", ident, "--mailto")
    assert result.code == 0, result.err
    link = result.out.strip()
    assert link.startswith("mailto:priya.raman@northwind.example?subject=Thank%20you%20%E2%80%94%20Senior")
    assert "+" not in link and " " not in link and "%0D%0A%0D%0A" in link
    query = parse_qs(urlsplit(link).query)
    followup = load(root).followups[ident]
    assert query["subject"] == [followup.subject]
    assert query["body"] == [followup.body.rstrip("\n").replace("\n", "\r\n")]
    assert run("-C", root, "compose", ident).out == result.out  # --mailto is the default


def test_a_link_too_long_for_mail_clients_is_refused_with_what_to_do(run: Run, draft: tuple[Path, str]) -> None:
    root, ident = draft
    path = root / "followups" / f"{ident}.md"
    path.write_text(path.read_text() + "PS. " + "A long story about the migration. " * 60 + "\n")
    result = run("-C", root, "compose", ident)
    assert result.code == 2 and not result.out
    assert "mail clients break above 1,800" in result.err and f"compose {ident} --eml FILE" in result.err
    with pytest.raises(ValueError, match="1,800"):
        mailto_link("a@b.example", "Hi", "x" * MAILTO_LIMIT)
    assert unquote(mailto_link("a b@c.example", "50% off", "line 1\nline 2")) == (
        "mailto:a b@c.example?subject=50% off&body=line 1\r\nline 2"
    )


def test_eml_writes_an_unsent_draft_and_keeps_its_message_id(run: Run, draft: tuple[Path, str], tmp_path: Path) -> None:
    root, ident = draft
    before = (root / "followups" / f"{ident}.md").read_text()
    out = tmp_path / "thanks.eml"
    result = run("-C", root, "compose", ident, "--eml", out)
    assert result.code == 0, result.err
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    followup = load(root).followups[ident]
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].addr_spec == "priya.raman@northwind.example"
    assert message["To"].addresses[0].display_name == "Priya Raman"
    assert str(message["From"]) == "Alex Example <alex@example.org>"
    assert message["Subject"] == followup.subject == "Thank you — Senior Data Engineer interview"
    assert message["Date"].datetime.utcoffset() is not None
    assert message["Message-ID"] == followup.message_id and message["Message-ID"].endswith("@example.org>")
    assert message.get_content() == followup.body
    after = (root / "followups" / f"{ident}.md").read_text()
    assert [line for line in after.splitlines() if line not in before.splitlines()] == [
        f"message_id: {followup.message_id}"
    ]  # the one line added; the rest of the file as it was
    run("-C", root, "compose", ident, "--eml", tmp_path / "again.eml")
    again = email.message_from_bytes((tmp_path / "again.eml").read_bytes(), policy=policy.default)
    assert again["Message-ID"] == followup.message_id  # the same draft keeps one id, so the reply threads
    assert (root / "followups" / f"{ident}.md").read_text() == after


def test_edit_opens_the_eml_in_the_editor(
    run: Run, draft: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, ident = draft
    seen = tmp_path / "seen.eml"
    editor = tmp_path / "editor"
    editor.write_text(f'#!/bin/sh\ncp "$1" {seen}\n')
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    result = run("-C", root, "compose", ident, "--edit")
    assert result.code == 0, result.err
    message = email.message_from_bytes(seen.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and "Hi Priya," in message.get_content()
    assert b"Content-Transfer-Encoding: 8bit" in seen.read_bytes()  # readable in the editor
    monkeypatch.delenv("VISUAL")
    monkeypatch.delenv("EDITOR", raising=False)
    assert "set $EDITOR" in run("-C", root, "compose", ident, "--edit").err


def test_only_a_draft_is_composed(run: Run, draft: tuple[Path, str]) -> None:
    root, ident = draft
    path = root / "followups" / f"{ident}.md"
    path.write_text(path.read_text().replace("status: draft", "status: sent"))
    result = run("-C", root, "compose", ident)
    assert result.code == 2 and "is sent, not a draft" in result.err
    assert "no follow-up 'nope'" in run("-C", root, "compose", "nope").err


def test_a_draft_with_a_blank_left_is_composed_with_a_note_naming_it(run: Run, draft: tuple[Path, str]) -> None:
    root, ident = draft
    path = root / "followups" / f"{ident}.md"
    path.write_text(path.read_text().replace("Hi Priya,", "Hi Priya,\n\nHere is the talk I mentioned: [link]."))
    result = run("-C", root, "compose", ident)
    assert result.code == 0 and result.out.startswith("mailto:")
    assert f"followups/{ident}.md: message still to fill in: [link] (line 3)" in result.err
    path.write_text(path.read_text().replace("[link]", "[the talk](https://example.org/talk)"))
    assert "still to fill in" not in run("-C", root, "compose", ident).err
