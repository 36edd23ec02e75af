"""`followup build` with nothing changed answers from file stats, without loading the journal."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from site_builder import load as load_stage
from site_builder import unchanged
from site_builder.build import build_site

DATA = Path(__file__).resolve().parent.parent / "data" / "site_small"
AS_OF = date(2026, 11, 25)
ONSITE = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(unchanged, "RACY_NS", 0)  # files written a moment ago count as settled
    target = tmp_path / "journal"
    shutil.copytree(DATA, target)
    (target / "followups" / "bad.md").write_text("---\nkind: [\n---\n")
    first = build_site(target, as_of=AS_OF)
    assert first.written and first.problems
    return target


def no_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the journal was loaded")

    monkeypatch.setattr(load_stage, "load", refuse)


def stamps_taken(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Every stamp taken from now on (None: the stats could not be trusted)."""
    taken: list[str | None] = []
    real = unchanged.stamp

    def counted(*args: object, **kwargs: object) -> str | None:
        taken.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return taken[-1]

    monkeypatch.setattr(unchanged, "stamp", counted)
    return taken


def test_nothing_changed_needs_no_load(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = build_site(root, as_of=AS_OF)  # the first no-change build records the stamp
    no_load(monkeypatch)
    again = build_site(root, as_of=AS_OF)
    assert again.written == [] and again.pages == expected.pages
    assert [str(p) for p in again.problems] == [str(p) for p in expected.problems]
    quick = unchanged.built(root, root / "_site", AS_OF)
    assert quick is not None and quick.pages == expected.pages
    strict = unchanged.built(root, root / "_site", AS_OF, strict=True)
    assert strict is not None and strict.aborted


def test_an_edit_another_day_or_a_damaged_site_builds_again(root: Path) -> None:
    build_site(root, as_of=AS_OF)
    out = root / "_site"
    assert unchanged.built(root, out, AS_OF) is not None
    assert unchanged.built(root, out, date(2026, 11, 26)) is None
    page = out / "interviews" / "2026-11-20-acme-corp-backend-engineer-onsite.html"
    page.unlink()
    assert unchanged.built(root, out, AS_OF) is None
    build_site(root, as_of=AS_OF)
    assert page.is_file()
    kept = page.with_name("kept.html")
    page.rename(kept)
    page.symlink_to(kept)  # the same bytes, through a link planted where the page was
    assert unchanged.built(root, out, AS_OF) is None
    page.unlink()
    shutil.rmtree(out / "people")
    assert unchanged.built(root, out, AS_OF) is None
    build_site(root, as_of=AS_OF)
    assert page.is_file() and not page.is_symlink() and (out / "people").is_dir()
    assert unchanged.built(root, out, AS_OF) is not None
    path = root / ONSITE
    path.write_text(path.read_text() + "\nA late note.\n")
    assert unchanged.built(root, out, AS_OF) is None
    result = build_site(root, as_of=AS_OF)
    assert "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html" in result.written
    assert b"A late note." in page.read_bytes()


def test_a_file_written_just_now_is_not_trusted(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unchanged, "RACY_NS", 2_000_000_000)
    (root / ONSITE).write_text((root / ONSITE).read_text())
    assert unchanged.stamp(root, AS_OF) is None


def test_files_too_new_at_the_start_are_checked_at_the_end(tmp_path: Path) -> None:
    import time

    from journal.loader import load

    root = tmp_path / "journal"
    shutil.copytree(DATA, root)  # just written: too new for a stamp
    since = time.time_ns()
    assert unchanged.stamp(root, AS_OF) is None
    journal = load(root, use_cache=False)
    later = time.time_ns() + 10 * 10**9  # as if the build took ten seconds
    stamp = unchanged.settled(root, AS_OF, journal, since, now_ns=later)
    assert stamp is not None and stamp == unchanged.stamp(root, AS_OF, now_ns=later)
    path = root / ONSITE
    path.write_text(path.read_text() + "\nWritten while the build ran.\n")
    assert unchanged.settled(root, AS_OF, journal, since, now_ns=later + 10**9) is None


def test_the_command_takes_the_stamp_once_and_the_next_build_stops_early(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`followup build` after an edit stats the journal once (before loading it) and saves that stamp."""
    from tui.cli import main

    build_site(root, as_of=AS_OF)
    path = root / ONSITE
    path.write_text(path.read_text() + "\nA late note.\n")
    taken = stamps_taken(monkeypatch)
    assert main(["-C", str(root), "build", "--as-of", AS_OF.isoformat()]) == 1  # bad.md is an error
    assert "(0 written)" not in capsys.readouterr().out
    assert len(taken) == 1 and taken[0] is not None
    no_load(monkeypatch)
    assert main(["-C", str(root), "build", "--as-of", AS_OF.isoformat()]) == 1
    assert "(0 written)" in capsys.readouterr().out
    assert len(taken) == 2
    assert (
        b"A late note."
        in (root / "_site" / "interviews" / "2026-11-20-acme-corp-backend-engineer-onsite.html").read_bytes()
    )


def test_a_build_right_after_an_edit_stats_the_journal_once(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit is too new to trust at the start of the build, and still at its end: no stamp is
    saved, and the journal's files are not stat'ed a second time to find that out."""
    monkeypatch.setattr(unchanged, "RACY_NS", 2_000_000_000)
    build_site(root, as_of=AS_OF)
    path = root / ONSITE
    path.write_text(path.read_text() + "\nA late note.\n")
    taken = stamps_taken(monkeypatch)
    result = build_site(root, as_of=AS_OF)
    assert "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html" in result.written
    assert taken == [None]
    assert unchanged.built(root, root / "_site", AS_OF) is None, "the next build looks at the files again"


def test_followup_build_right_after_an_edit_looks_at_the_files_once(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`followup build` looks at the site before it imports the builder; finding no stamp to be
    had there, the build does not stat the journal again to find the same."""
    from tui.cli import main

    monkeypatch.setattr(unchanged, "RACY_NS", 2_000_000_000)
    build_site(root, as_of=AS_OF)
    path = root / ONSITE
    path.write_text(path.read_text() + "\nA late note.\n")
    taken = stamps_taken(monkeypatch)
    main(["-C", str(root), "build", "--as-of", AS_OF.isoformat()])
    assert "(0 written)" not in capsys.readouterr().out
    assert taken == [None]
    assert (
        b"A late note."
        in (root / "_site" / "interviews" / "2026-11-20-acme-corp-backend-engineer-onsite.html").read_bytes()
    )


@pytest.mark.parametrize("name", [".2026-11-20-thank-you-jane-doe.md.tmp", ".tmp", ".x.tmp"])
def test_a_leftover_temp_file_gives_no_stamp(root: Path, name: str) -> None:
    """A save's temp file left behind is warned about by its age: the build must look at it."""
    build_site(root, as_of=AS_OF)
    assert unchanged.stamp(root, AS_OF) is not None
    (root / "followups" / name).write_text("half a save")
    assert unchanged.stamp(root, AS_OF) is None
    (root / "followups" / name).rename(root / "followups" / "x.tmp")  # not a save's: no dot first
    assert unchanged.stamp(root, AS_OF) is not None


def test_a_stamp_stops_at_the_first_file_too_new_to_trust(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Right after an edit there is no stamp to be had: the files after the edited one are not stat'ed."""
    import os
    import time

    monkeypatch.setattr(unchanged, "RACY_NS", 100_000_000)  # the folders, made by the fixture, are older
    monkeypatch.setattr(unchanged, "_CHUNK", 1)
    time.sleep(0.3)
    names = os.listdir(root / "interviews")
    path = root / "interviews" / names[0]
    path.write_text(path.read_text() + "\nJust now.\n")
    statted: list[object] = []
    real = os.stat

    def counted(*args: object, **kwargs: object) -> os.stat_result:
        statted.append(args[0])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    edited_ns = path.stat().st_mtime_ns
    monkeypatch.setattr(os, "stat", counted)
    assert unchanged.stamp(root, AS_OF, now_ns=edited_ns) is None  # as if taken as the edit was saved
    assert statted == [names[0]]
