"""Matching a mail to its process: by thread, by address, by domain (the round nearest by date), or not at all."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from journal import load
from journal.mail import Address, Mail
from journal.mail_match import Found, Unsettled, build_index, match
from journal.model import Journal

JOURNAL = Path(__file__).resolve().parents[1] / "data" / "mail" / "journal"
GLOBEX_PHONE = "2026-11-16-globex-platform-engineer-phone-screen"
GLOBEX_SRE = "2026-11-18-globex-site-reliability-engineer-technical"


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    import shutil

    root = tmp_path_factory.mktemp("mail") / "journal"
    shutil.copytree(JOURNAL, root)
    return load(root)


def _from(address: str, *, thread: tuple[str, ...] = ()) -> Mail:
    sender = Address("", address)
    return Mail("m.eml", "<m@x>", thread, sender, (Address("", "alex@example.org"),), "Hi", datetime.now(UTC), "Hi")


def _match(journal: Journal, mail: Mail, day: date) -> Found | Unsettled:
    return match(journal, build_index(journal), mail, [mail.sender], None, day)


def test_an_unknown_address_at_a_company_domain_takes_the_round_nearest_by_date(journal: Journal) -> None:
    after_phone = _match(journal, _from("hr@globex.example"), date(2026, 11, 17))
    after_sre = _match(journal, _from("hr@globex.example"), date(2026, 11, 20))
    assert isinstance(after_phone, Found) and after_phone.round is not None and after_phone.round.id == GLOBEX_PHONE
    assert isinstance(after_sre, Found) and after_sre.round is not None and after_sre.round.id == GLOBEX_SRE


def test_a_known_address_in_two_processes_is_ambiguous(journal: Journal) -> None:
    found = _match(journal, _from("priya@globex.example"), date(2026, 11, 20))
    assert isinstance(found, Unsettled) and found.action == "ambiguous"
    assert GLOBEX_PHONE in found.why and GLOBEX_SRE in found.why


def test_a_thread_wins_over_addresses(journal: Journal) -> None:
    found = _match(journal, _from("priya@globex.example", thread=("thanks-jane-20261120@example.org",)), date.today())
    assert isinstance(found, Found) and found.round is not None and found.round.company == "Acme Corp"
    assert found.thread_person == "Jane Doe"


def test_public_mail_domains_say_nothing(journal: Journal) -> None:
    found = _match(journal, _from("someone@gmail.com"), date(2026, 11, 20))
    assert isinstance(found, Unsettled) and found.action == "unmatched"
    assert (
        "no person or interviewer has the address someone@gmail.com" in found.why and "no company domain" in found.why
    )
