"""Ids and slugs from hostile names (SPEC 2, RELIABILITY F): readable, unique, never outside the folder."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from core_helpers import make_journal
from hypothesis import given
from hypothesis import strategies as st

import journal
from journal import store
from journal.records import FollowUp, Interview
from journal.slug import MAX_BYTES, slugify

HOSTILE_NAMES = [
    "../../etc/passwd", "..", ".", "/absolute/path", "C:\\Windows\\system32", "c:", "\\\\server\\share\\x",
    "a/b\\c", "", "   ", "!!!", "日本", "😀", "CON", "nul", "COM1", "lpt9", "com¹", "Aux", "é" * 200, "-leading-",
    "Acme\u200b Corp", "\u202eevil\u202c", "line\nbreak", "NUL\x00byte", ".hidden", "~backup", "x" * 300,
]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_slug_is_safe(name: str) -> None:
    slug = slugify(name)
    assert slug and slug not in (".", "..")
    assert len(slug.encode()) <= MAX_BYTES
    assert not any(char in slug for char in "/\\:\0\n.~") and not slug.startswith("-") and not slug.endswith("-")
    assert slug.split("-")[0] not in ("con", "prn", "aux", "nul") or "-" in slug
    assert slug == unicodedata.normalize("NFC", slug) and slug == slug.lower()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Acme Corp", "acme-corp"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows", "c-windows"),
        ("日本の会社", "日本の会社"),
        ("CON", "con-1"),
        ("nul", "nul-1"),
        ("COM1", "com1-1"),
        ("com¹", "com¹-1"),
        ("Acme\u200b Corp", "acme-corp"),
        ("Ac\u200dme", "acme"),
        ("\u202eevil\u202c", "evil"),
        ("Café", "café"),
        (unicodedata.normalize("NFD", "Café"), "café"),
        ("C# dev #2", "c-dev-2"),
        ("Zoë  O'Brien", "zoë-o-brien"),
    ],
)
def test_slug_reads_well(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_empty_and_symbol_only_names_fall_back_to_a_short_hash() -> None:
    assert slugify("!!!").startswith("x-") and slugify("😀").startswith("x-")
    assert slugify("!!!") != slugify("???"), "different names get different fallbacks"
    assert slugify("!!!") == slugify("!!!"), "and the same name the same one"


def test_length_cap_is_in_bytes_and_never_splits_a_character() -> None:
    slug = slugify("é" * 200)
    assert slug == "é" * 40 and len(slug.encode()) == 80
    assert slugify("ab " * 100).endswith(("a", "b"))


def test_collisions_get_numbers_case_insensitively(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    ids = []
    for company in ("Acme", "acme", "ACME ", "Ａｃｍｅ", "a\u0301cme", "\u00e1cme"):
        record = Interview(id="", company=company, role="Dev", date=date(2026, 11, 20))
        ident = store.interview_id(root, record)
        store.create(root, Interview(id=ident, company=company, role="Dev", date=date(2026, 11, 20)))
        ids.append(ident)
    assert ids[:3] == ["2026-11-20-acme-dev", "2026-11-20-acme-dev-2", "2026-11-20-acme-dev-3"]
    assert ids[4] == "2026-11-20-ácme-dev" and ids[5] == "2026-11-20-ácme-dev-2", "NFD and NFC are the same name"
    assert len({ident.casefold() for ident in ids}) == len(ids)
    assert len(journal.load(root, use_cache=False).interviews) == 6


def test_collision_suffix_keeps_the_byte_cap(tmp_path: Path) -> None:
    root = make_journal(tmp_path / "j")
    for _ in range(3):
        ident = store.followup_id(root, "thank-you", "2026-11-20", "é" * 100)
        store.create(root, FollowUp(id=ident, kind="thank-you", to="x"))
        assert len(ident.encode()) <= MAX_BYTES
    assert ident.endswith("-3")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_created_file_stays_inside_its_folder(tmp_path: Path, name: str) -> None:
    root = make_journal(tmp_path / "j")
    company = name if name.strip() else "X"
    record = Interview(id="", company=company, role=company, date=date(2026, 11, 20), stage=None)
    ident = store.interview_id(root, record)
    created = store.create(root, Interview(id=ident, company=company, role=company, date=date(2026, 11, 20)))
    path = (root / created.source.path).resolve() if created.source else None
    assert path is not None and path.parent == (root / "interviews").resolve()
    followup = store.followup_id(root, "thank-you", "2026-11-20", name)
    assert (root / "followups" / f"{followup}.md").resolve().parent == (root / "followups").resolve()


@pytest.mark.parametrize("bad", ["../x", "a/b", "a\\b", ".hidden", ""])
def test_create_refuses_ids_that_could_escape(tmp_path: Path, bad: str) -> None:
    root = make_journal(tmp_path / "j")
    with pytest.raises(journal.RecordError):
        store.create(root, FollowUp(id=bad, kind="other", to="x"))
    assert not (tmp_path / "x.md").exists()


@given(st.text(max_size=120))
def test_any_text_gives_a_safe_slug(name: str) -> None:
    slug = slugify(name)
    assert slug and len(slug.encode()) <= MAX_BYTES
    assert "/" not in slug and "\\" not in slug and slug not in (".", "..") and "\0" not in slug
    assert slugify(slug) == slug, "a slug is its own slug"
