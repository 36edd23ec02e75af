"""Building against real folders: output safety, bad files, --strict, the command line, incremental rebuilds."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from site_helpers import copy_fixture, tree, write

from site_builder import state as site_state
from site_builder.build import OutputError, build_site
from site_builder.search import shard_of
from site_builder.writer import LEGACY_MANIFEST, Writer, manifest_path, read_manifest, safe_join
from tui.cli import main

AS_OF = date(2026, 11, 25)
ONSITE = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html"
ACME_SEARCH = f"search/{shard_of(('acme corp', 'backend engineer')):02}.js"
"""The search script holding the rows of the Acme process (and of no other process here)."""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture("site_small", tmp_path)


# -- the output folder ----------------------------------------------------------------------


def test_refuses_the_journal_or_a_folder_containing_it(root: Path) -> None:
    for out in (root, root.parent, root / ".." / root.name):
        with pytest.raises(OutputError, match="contain the journal"):
            build_site(root, out=out, as_of=AS_OF)
    assert not (root / "index.html").exists() and not list((root / ".followup").glob("site-manifest-*"))


def test_refuses_a_folder_with_someone_elses_files(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write(out, "thesis.tex", "years of work")
    with pytest.raises(OutputError, match="not written by 'followup build'"):
        build_site(root, out=out, as_of=AS_OF)
    assert tree(out) == {"thesis.tex": b"years of work"}


def test_deletes_only_files_it_wrote(root: Path) -> None:
    out = build_site(root, as_of=AS_OF).out
    assert out == root / "_site"
    write(out, "notes-i-keep.txt", "mine")
    write(out, "interviews/mine.html", "mine too")
    (root / "interviews/2026-10-12-initech-sre-technical.md").unlink()
    result = build_site(root, as_of=AS_OF)
    assert "interviews/2026-10-12-initech-sre-technical.html" in result.removed
    assert not (out / "interviews/2026-10-12-initech-sre-technical.html").exists()
    assert (out / "notes-i-keep.txt").read_text() == "mine"
    assert (out / "interviews/mine.html").read_text() == "mine too"


def test_the_site_folder_holds_nothing_but_the_site(root: Path, tmp_path: Path) -> None:
    """The manifest lives in the journal's cache folder; a site built before keeps working and loses its own."""
    out = tmp_path / "out"
    first = build_site(root, out=out, as_of=AS_OF)
    assert not [rel for rel in tree(out) if rel.startswith(".")]
    assert manifest_path(root, out).is_file() and manifest_path(root, out).parent == root / ".followup"
    # A site from before: the manifest inside it, none in the cache. It is recognised, and moved out.
    saved = manifest_path(root, out).read_bytes()
    manifest_path(root, out).unlink()
    (out / LEGACY_MANIFEST).write_bytes(saved)
    write(out, "notes-i-keep.txt", "mine")
    (root / "interviews/2026-10-12-initech-sre-technical.md").unlink()
    again = build_site(root, out=out, as_of=AS_OF)
    assert "interviews/2026-10-12-initech-sre-technical.html" in again.removed  # the old manifest was read
    assert not (out / LEGACY_MANIFEST).exists() and manifest_path(root, out).is_file()
    assert (out / "notes-i-keep.txt").read_text() == "mine" and first.pages == again.pages + 2
    # The cache removed: the folder is still known as ours by its pages, and nothing is deleted.
    import shutil

    shutil.rmtree(root / ".followup")
    build_site(root, out=out, as_of=AS_OF)
    assert (out / "notes-i-keep.txt").read_text() == "mine"


def test_a_tampered_manifest_never_deletes_outside_the_folder(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    victim = write(tmp_path, "victim.txt", "precious")
    manifest = json.loads(manifest_path(root, out).read_text())
    manifest["files"]["../victim.txt"] = "0" * 64
    manifest["files"][str(victim)] = "0" * 64
    manifest_path(root, out).write_text(json.dumps(manifest))
    build_site(root, out=out, as_of=AS_OF)
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("damage", [5, None, ["x"], {"x": 1}])
def test_a_manifest_entry_that_is_not_a_hash_is_left_out(root: Path, tmp_path: Path, damage: object) -> None:
    """The rest of the manifest still counts."""
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    manifest = json.loads(manifest_path(root, out).read_text())
    manifest["files"]["people.html"] = damage
    manifest_path(root, out).write_text(json.dumps(manifest))
    files = read_manifest(root, out)
    assert "people.html" not in files and "index.html" in files


@pytest.mark.parametrize("rel", ["../x.html", "/etc/passwd", "a/../../x", "a\\..\\x", "C:/x", ""])
def test_paths_outside_the_folder_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(OutputError):
        safe_join(tmp_path, rel)


def test_a_symlink_planted_in_the_output_is_not_written_through(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    secret = write(tmp_path, "secret.txt", "do not touch")
    (out / "people.html").unlink()
    (out / "people.html").symlink_to(secret)
    build_site(root, out=out, as_of=AS_OF)
    assert secret.read_text() == "do not touch"
    assert not (out / "people.html").is_symlink() and "People" in (out / "people.html").read_text()
    (out / "evil").symlink_to(tmp_path)
    with pytest.raises(OutputError, match="outside"):
        Writer(out).write("evil/x.html", b"x")


def test_a_crashed_first_build_can_be_rebuilt_over(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    Writer(out, manifest=manifest_path(root, out)).claim()
    write(out, "index.html", "half written")
    build_site(root, out=out, as_of=AS_OF)
    assert "Active processes" in (out / "index.html").read_text()


# -- bad files and --strict -------------------------------------------------------------------

BAD = "---\ncompany: Broken\nrole: x\n\tdate: 2026-11-01\n---\n"


def test_a_bad_file_among_good_ones_still_builds_every_good_page(root: Path, tmp_path: Path) -> None:
    write(root, "interviews/broken.md", BAD)
    write(root, "interviews/conflict.md", "---\n<<<<<<< HEAD\ncompany: A\n=======\ncompany: B\n>>>>>>> x\n---\n")
    result = build_site(root, out=tmp_path / "out", as_of=AS_OF)
    paths = {p.path for p in result.problems}
    assert {"interviews/broken.md", "interviews/conflict.md"} <= paths
    site = tree(result.out)
    assert ONSITE in site and "interviews/broken.html" not in site
    problems = site["problems.html"].decode()
    assert "interviews/broken.md:4" in problems and "interviews/conflict.md:2" in problems
    assert " in the journal: <a href" in site["index.html"].decode()


def test_strict_writes_nothing_when_there_are_problems(root: Path, tmp_path: Path) -> None:
    write(root, "interviews/broken.md", BAD)
    out = tmp_path / "out"
    result = build_site(root, out=out, as_of=AS_OF, strict=True)
    assert result.aborted and result.written == [] and not out.exists()


def test_build_command_prints_problems_and_exits_1(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["-C", str(root), "build", "--out", str(out), "--as-of", "2026-11-25"]) == 0
    printed = capsys.readouterr().out
    assert printed == f"Built 19 pages (27 written) in {out}\n"
    assert main(["-C", str(root), "build", "--out", str(out), "--as-of", "2026-11-25"]) == 0
    assert "(0 written)" in capsys.readouterr().out
    write(root, "interviews/broken.md", BAD)
    assert main(["-C", str(root), "build", "--out", str(out), "--as-of", "2026-11-25"]) == 1
    err = capsys.readouterr().err
    assert "interviews/broken.md:4: error: " in err
    before = tree(out)
    assert main(["-C", str(root), "build", "--out", str(out), "--strict"]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert tree(out) == before


def test_build_command_refuses_a_bad_output_folder(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(root), "build", "--out", str(root)]) == 2
    assert "contain the journal" in capsys.readouterr().err
    assert main(["-C", str(root), "build", "--as-of", "soon"]) == 2


# -- incremental --------------------------------------------------------------------------------


def test_no_change_rebuild_writes_nothing(root: Path, tmp_path: Path) -> None:
    first = build_site(root, out=tmp_path / "out", as_of=AS_OF)
    again = build_site(root, out=tmp_path / "out", as_of=AS_OF, previous=first.state)
    assert again.written == [] and again.state is first.state


def test_one_edited_followup_rewrites_only_the_pages_it_affects(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_site(root, out=out, as_of=AS_OF)
    mtimes = {rel: os.stat(out / rel).st_mtime_ns for rel in tree(out)}
    followup = root / "followups/2026-11-21-linkedin-jane-doe.md"
    followup.write_text(followup.read_text().replace("Great to meet you yesterday.", "Great to meet you on Friday."))
    second = build_site(root, out=out, as_of=AS_OF, previous=first.state)
    # Only the body changed: the page that shows that body (the round's thread), and the search index.
    assert sorted(second.written) == sorted([ONSITE, ACME_SEARCH])
    assert "Great to meet you on Friday." in (out / ONSITE).read_text()
    untouched = [
        "interviews/2026-10-12-initech-sre-technical.html",
        "people/priya-shah.html",
        "stats.html",
        "agenda.html",
    ]
    for rel in untouched:
        assert os.stat(out / rel).st_mtime_ns == mtimes[rel], f"{rel} was rewritten"
    full = tree(build_site(root, out=tmp_path / "full", as_of=AS_OF).out)
    assert tree(out) == full


def test_a_status_change_reaches_the_agenda_timeline_and_calendar(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_site(root, out=out, as_of=AS_OF)
    followup = root / "followups/2026-11-21-linkedin-jane-doe.md"
    followup.write_text(followup.read_text().replace("status: sent", "status: draft"))
    second = build_site(root, out=out, as_of=AS_OF, previous=first.state)
    written = set(second.written)
    assert {
        "agenda.html",
        "index.html",
        "calendar.ics",
        "companies/acme-corp.html",
        "people/jane-doe.html",
        ONSITE,
    } <= written
    assert "stats.html" in written  # one message fewer sent: the reply rate of every message moves
    assert not written & {"interviews/2026-10-12-initech-sre-technical.html", "people/priya-shah.html"}
    assert (
        'LinkedIn request</strong> to <a href="people/jane-doe.html">Jane Doe</a>' in (out / "agenda.html").read_text()
    )


ACME = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"
EDITS = {
    "thank Raj": lambda root: write(root, "followups/2026-11-21-thank-you-raj-patel.md",
        "---\ninterview: 2026-11-20-acme-corp-backend-engineer-onsite\nkind: thank-you\nto: Raj Patel\n"
        "status: sent\ndate: 2026-11-21\n---\nThanks Raj.\n"),
    "delete a round with follow-ups": lambda root: (root / "interviews/2026-10-12-initech-sre-technical.md").unlink(),
    "rename a company": lambda root: _replace(root, "interviews/2026-11-16-globex-data-engineer-phone-screen.md", "Globex", "Globex Inc"),
    "rename an interviewer": lambda root: _replace(root, ACME, "Raj Patel", "Rajesh Patel"),
    "reject a process": lambda root: _replace(root, ACME, "outcome: pending", "outcome: rejected"),
    "edit a people file": lambda root: _replace(root, "people/priya-shah.md", "keep_in_touch: 60", "keep_in_touch: 7"),
    "break a file": lambda root: _replace(root, ACME, "role: Backend Engineer", "role: [unclosed"),
}  # fmt: skip


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text().replace(old, new))


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_incremental_rebuild_equals_a_full_build(root: Path, tmp_path: Path, edit: str) -> None:
    out = tmp_path / "out"
    first = build_site(root, out=out, as_of=AS_OF)
    EDITS[edit](root)
    second = build_site(root, out=out, as_of=AS_OF, previous=first.state)
    assert second.written, "the edit shows somewhere"
    full = tree(build_site(root, out=tmp_path / "full", as_of=AS_OF).out)
    assert tree(out) == full
    third = build_site(root, out=out, as_of=AS_OF, previous=second.state)
    assert third.written == []


def test_followup_build_is_incremental_across_runs(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    command = ["-C", str(root), "build", "--out", str(out), "--as-of", "2026-11-25"]
    assert main(command) == 0
    _replace(root, "followups/2026-11-21-linkedin-jane-doe.md", "yesterday", "on Friday")
    assert main(command) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Built 19 pages (2 written) in {out}"
    (root / ".followup" / "site-state.json").write_text('{"version": 1, "out": "garbage"')
    _replace(root, "followups/2026-11-21-linkedin-jane-doe.md", "on Friday", "on Monday")
    assert main(command) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Built 19 pages (2 written) in {out}"
    assert "on Monday" in (out / ONSITE).read_text()


@pytest.mark.parametrize(
    ("key", "damage"),
    [
        ("signatures", []),
        ("fragments", {"2026-11": ["signature", "not base64!"]}),
        ("fragments", {"2026-11": 5}),
        ("calendar", None),
    ],
)
def test_a_damaged_build_state_is_ignored(root: Path, tmp_path: Path, key: str, damage: object) -> None:
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    state_file = root / ".followup" / "site-state.json"
    assert site_state.load(root, out) is not None
    saved = json.loads(state_file.read_text())
    saved[key] = damage
    state_file.write_text(json.dumps(saved))
    assert site_state.load(root, out) is None
    _replace(root, "followups/2026-11-21-linkedin-jane-doe.md", "yesterday", "on Friday")
    assert ONSITE in build_site(root, out=out, as_of=AS_OF).written


def test_a_fast_path_state_still_rebuilds_incrementally(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    thin = build_site(root, out=out, as_of=AS_OF)  # nothing changed: stops early
    assert thin.written == []
    _replace(root, "followups/2026-11-21-linkedin-jane-doe.md", "yesterday", "on Friday")
    assert build_site(root, out=out, as_of=AS_OF, previous=thin.state).written == sorted([ONSITE, ACME_SEARCH])


def test_a_rebuild_renders_only_what_an_edit_can_change(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import site_builder.render as build_module

    rendered: list[str] = []
    real = build_module.render_bytes

    def counting(template: str, context: dict[str, object]) -> bytes:
        rendered.append(f"{template}:{context.get('page_title')}")
        return real(template, context)

    monkeypatch.setattr(build_module, "render_bytes", counting)
    out = tmp_path / "out"
    state = build_site(root, out=out, as_of=AS_OF).state
    everything = len(rendered)
    rendered.clear()
    _replace(root, "followups/2026-10-20-reply-bill-lumbergh.md", "candidates.", "candidates. Thanks.")  # Initech
    state = build_site(root, out=out, as_of=AS_OF, previous=state).state
    assert any("Initech" in page for page in rendered), rendered
    assert not any("Acme" in page or "Globex" in page for page in rendered), rendered
    # A people file: only the pages that show the person (hers, and the lists of people and items).
    _replace(root, "people/priya-shah.md", "Priya", "Priya A.")
    rendered.clear()
    result = build_site(root, out=out, as_of=AS_OF, previous=state)
    assert "person.html:Priya A. Shah" in rendered and len(rendered) < everything / 2, rendered
    fresh = build_site(root, out=tmp_path / "fresh", as_of=AS_OF)
    for rel in fresh.state.files:
        assert (out / rel).read_bytes() == (fresh.out / rel).read_bytes(), rel
    assert result.state.files == fresh.state.files


def test_a_changed_template_renders_the_journal_wide_pages_again(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that changed a template, no page is kept from what the old one made."""
    import site_builder.unchanged as unchanged_module

    out = tmp_path / "out"
    first = build_site(root, out=out, as_of=AS_OF)
    monkeypatch.setattr(unchanged_module, "templates_digest", lambda: "another version of the templates")
    again = build_site(root, out=out, as_of=AS_OF, previous=first.state)
    assert {"agenda.html", "stats.html", "index.html"} <= set(again.state.signatures)
    assert all(
        again.state.signatures[p] != first.state.signatures[p] for p in ("agenda.html", "stats.html", "index.html")
    )
    assert all(again.state.signatures[p] != first.state.signatures[p] for p in first.state.signatures)


def test_notes_the_timeline_does_not_show_leave_its_months_unrendered(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month of the timeline is rendered again when one of its entries changes (an outcome, say),
    not when a round's notes do: the timeline does not show them."""
    import site_builder.render as build_module

    months: list[str] = []
    real = build_module.render_bytes

    def counting(template: str, context: dict[str, object]) -> bytes:
        if template in ("month.html", "month_page.html"):
            months.append(template)
        return real(template, context)

    monkeypatch.setattr(build_module, "render_bytes", counting)
    out = tmp_path / "out"
    rel = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"
    state = build_site(root, out=out, as_of=AS_OF).state
    assert months, "the first build renders every month"
    months.clear()
    (root / rel).write_text((root / rel).read_text() + "\nThey liked the caching answer.\n")
    result = build_site(root, out=out, as_of=AS_OF, previous=state)
    assert ONSITE in result.written and months == [], "the notes are on the round's page, not on the timeline"
    thanks = root / "followups/2026-11-20-thank-you-jane-doe.md"
    thanks.write_text(thanks.read_text() + "\nP.S. the link to my repository.\n")
    result = build_site(root, out=out, as_of=AS_OF, previous=result.state)
    assert result.written and months == [], "nor are a follow-up's words"
    _replace(root, rel, "outcome: pending", "outcome: offer")
    result = build_site(root, out=out, as_of=AS_OF, previous=result.state)
    assert "month.html" in months and "index.html" in result.written, "the entry shows the outcome"
    fresh = build_site(root, out=tmp_path / "fresh", as_of=AS_OF)
    for page in fresh.state.files:
        assert (out / page).read_bytes() == (fresh.out / page).read_bytes(), page
