"""What `followup build` keeps of its memo for the next run (`site_builder.kept`): after an edit
the next build makes again only the values of what the edit reached, in another process too,
and writes the site a full build writes; a kept file that is damaged, planted, moved or made by
other code is never used."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from site_helpers import copy_fixture, tree

from site_builder import kept, stats
from site_builder.build import build_site

AS_OF = date(2026, 11, 25)
ACME = ("acme corp", "backend engineer")
LINKEDIN = "followups/2026-11-21-linkedin-jane-doe.md"
KEPT = Path(".followup") / kept.KEPT_FILE


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture("site_small", tmp_path)


@pytest.fixture
def tallied(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The processes whose stats a build counts again (the stats of the others are kept)."""
    made: list[tuple[str, str]] = []
    real = stats.tally

    def tally(journal, rounds, as_of):  # type: ignore[no-untyped-def]
        made.append(rounds[-1].process_key)
        return real(journal, rounds, as_of)

    monkeypatch.setattr(stats, "tally", tally)
    return made


def _edit(root: Path) -> None:
    path = root / LINKEDIN
    path.write_text(path.read_text().replace("yesterday", "on Friday"))


def _full(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a first build of a copy of the journal writes (nothing kept, nothing resumed)."""
    alone = tmp_path / "alone"
    shutil.copytree(root, alone, ignore=shutil.ignore_patterns(".followup", "_site"))
    return tree(build_site(alone, out=tmp_path / "full", as_of=AS_OF).out)


def test_the_next_build_makes_again_only_what_the_edit_reached(
    root: Path, tmp_path: Path, tallied: list[tuple[str, str]]
) -> None:
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    assert len(tallied) == 3 and (root / KEPT).is_file()
    tallied.clear()
    _edit(root)
    result = build_site(root, out=out, as_of=AS_OF)
    assert tallied == [ACME]
    assert "interviews/2026-11-20-acme-corp-backend-engineer-onsite.html" in result.written
    assert tree(out) == _full(root, tmp_path)


def test_what_is_kept_is_used_by_another_process(root: Path, tmp_path: Path) -> None:
    """Two runs of the command, each with its own hash seed (set and dict orders differ), and holidays
    in the policy (a set): the second counts the edited process's stats only."""
    config = root / "journal.yaml"
    config.write_text(config.read_text().replace("[2026-11-26]", "[2026-11-26, 2026-11-27, 2026-12-24, 2026-12-25]"))
    script = textwrap.dedent(f"""
        import sys
        from datetime import date
        from pathlib import Path
        sys.path[:0] = {[str(Path(__file__).resolve().parents[2])]!r}
        from site_builder import stats
        from site_builder.build import build_site
        made = []
        real = stats.tally
        stats.tally = lambda journal, rounds, as_of: made.append(rounds[-1].process_key) or real(journal, rounds, as_of)
        build_site(Path({str(root)!r}), out=Path({str(tmp_path / "out")!r}), as_of=date(2026, 11, 25))
        print(len(made))
    """)

    def run(seed: str) -> int:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        return int(done.stdout.split()[-1])

    assert run("1") == 3
    _edit(root)
    assert run("2") == 1
    assert tree(tmp_path / "out") == _full(root, tmp_path)


def _planted(root: Path) -> None:
    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {root / 'pwned'}",))

    (root / KEPT).write_bytes(pickle.dumps({"where": None, "code": None, "subjects": Boom()}))


def _moved(root: Path) -> None:
    """The cache folder copied and put back where it was: the same files, another folder on disk."""
    folder = root / ".followup"
    shutil.copytree(folder, root / "copied")
    shutil.rmtree(folder)
    (root / "copied").rename(folder)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda root: (root / KEPT).write_bytes(b"\x80\x05garbage"), id="damaged"),
        pytest.param(lambda root: (root / KEPT).write_bytes(b""), id="empty"),
        pytest.param(_planted, id="planted"),
        pytest.param(_moved, id="moved"),
    ],
)
def test_a_kept_file_not_made_here_is_never_used(
    root: Path, tmp_path: Path, tallied: list[tuple[str, str]], spoil: object
) -> None:
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    tallied.clear()
    spoil(root)  # type: ignore[operator]
    _edit(root)
    build_site(root, out=out, as_of=AS_OF)
    assert len(tallied) == 3, "every process counted again"
    assert not (root / "pwned").exists()
    assert tree(out) == _full(root, tmp_path)


def test_values_made_by_other_code_are_made_again(
    root: Path, tmp_path: Path, tallied: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    tallied.clear()
    monkeypatch.setattr(kept, "code", lambda: "another version of the program")
    build_site(root, out=out, as_of=date(2026, 11, 26))  # another day: the site is built again
    assert len(tallied) == 3


def test_the_code_digest_moves_with_a_source_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade or a local change to the rules (any module of `journal` or `site_builder`) makes
    every kept value again."""
    before = kept.code()
    here = Path(kept.__file__).resolve().parent.parent
    copy = tmp_path / "program"
    for package in ("journal", "site_builder"):
        shutil.copytree(here / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    assert kept.code_of(copy) == before
    rules = copy / "journal" / "agenda.py"
    rules.write_text(rules.read_text() + "\n# a change\n")
    assert kept.code_of(copy) != before


GLOBEX = "interviews/2026-11-16-globex-data-engineer-phone-screen.md"


JANE_EDITS = [
    pytest.param(
        ("followups/2026-11-20-thank-you-jane-doe.md", "event queue.", "event queue and more."),
        [ACME],
        id="a note to Jane",
    ),
    pytest.param(
        (LINKEDIN, "status: sent", "status: draft"),
        [ACME, ("globex", "data engineer")],
        id="her LinkedIn request unsent",
    ),
]


@pytest.mark.parametrize("serve", [False, True], ids=["run after run", "serve"])
@pytest.mark.parametrize(("edit", "reached"), JANE_EDITS)
def test_an_edit_to_someone_reaches_the_other_processes_naming_them_only_through_what_they_show(
    root: Path,
    tmp_path: Path,
    tallied: list[tuple[str, str]],
    edit: tuple[str, str, str],
    reached: list[object],
    serve: bool,
) -> None:
    """Jane is in two processes: a note to her is shown on her page and its round's, not in the other
    process; a LinkedIn request unsent comes back as an item in both. So say the kept values'
    digests run after run (`journal.memo.digests`), and the live journal's memo in serve (`reach`)."""
    from journal.refresh import LiveJournal

    globex = root / GLOBEX
    globex.write_text(
        globex.read_text().replace("  - name: Maria Lopez\n", "  - name: Jane Doe\n  - name: Maria Lopez\n")
    )
    out = tmp_path / "out"
    live = LiveJournal(root) if serve else None
    options = {"journal": live.journal, "memo": live.memo} if live is not None else {}
    state = build_site(root, out=out, as_of=AS_OF, **options).state  # type: ignore[arg-type]
    tallied.clear()
    path = root / edit[0]
    path.write_text(path.read_text().replace(edit[1], edit[2]))
    if live is not None:
        options = {"journal": live.refresh([edit[0]]), "memo": live.memo, "previous": state}
    build_site(root, out=out, as_of=AS_OF, **options)  # type: ignore[arg-type]
    assert sorted(tallied) == sorted(reached)
    assert tree(out) == _full(root, tmp_path)


def test_serve_starts_from_what_the_last_build_kept(root: Path, tallied: list[tuple[str, str]]) -> None:
    """`followup build` today, then `followup serve`: the site is current, so serve's first build
    derives nothing, and the first edit derives again only what it reached, not every process."""
    from serve_helpers import eventually, request

    from site_builder.serve import Preview

    build_site(root, as_of=date.today())
    tallied.clear()
    lines: list[str] = []
    with Preview(root, port=0, quiet=0.03, report=lines.append) as preview:
        assert tallied == []
        _edit(root)
        assert preview.server is not None
        port = int(preview.server.server_address[1])
        page = "/interviews/2026-11-20-acme-corp-backend-engineer-onsite.html"
        eventually(lambda: "on Friday" in request(port, page).body.decode())
        eventually(lambda: any(line.startswith("rebuilt") for line in lines))
    assert tallied == [ACME]


def test_what_serve_derived_is_kept_when_it_stops(root: Path, tallied: list[tuple[str, str]]) -> None:
    """After a session of `followup serve` with edits, the next `followup build` starts from what it derived."""
    from serve_helpers import eventually

    from site_builder.serve import Preview

    build_site(root, as_of=date.today())
    lines: list[str] = []
    with Preview(root, port=0, quiet=0.03, report=lines.append):
        _edit(root)
        eventually(lambda: any(line.startswith("rebuilt") for line in lines))
    tallied.clear()
    globex = root / "interviews/2026-11-16-globex-data-engineer-phone-screen.md"
    globex.write_text(globex.read_text() + "\nA line of notes.\n")
    build_site(root, as_of=date.today())
    assert tallied == [("globex", "data engineer")]


def test_a_page_made_from_kept_values_signs_as_the_same_page_made_afresh(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two edits of notes, each built by a new run: index.html shows neither, so neither renders it,
    though its processes' cards come from what was kept, some made afresh, and shared otherwise."""
    from site_builder import render

    out = tmp_path / "out"
    build_site(root, out=out, as_of=AS_OF)
    rendered: list[str] = []
    real = render.render_text
    monkeypatch.setattr(render, "render_text", lambda name, context: rendered.append(name) or real(name, context))
    for rel, old, new in [(LINKEDIN, "yesterday", "on Friday"), (GLOBEX, "Maria Lopez\n", "Maria Lopez\n")]:
        path = root / rel
        path.write_text(path.read_text().replace(old, new) + "\nA line of notes.\n")
        build_site(root, out=out, as_of=AS_OF)
    assert "index.html" not in rendered
    assert tree(out) == _full(root, tmp_path)
