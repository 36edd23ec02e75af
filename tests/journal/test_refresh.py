"""`LiveJournal.refresh` gives exactly what a full `load` gives, reading only the changed files."""

from __future__ import annotations

import os
import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from core_helpers import put
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import loader
from journal.agenda import agenda
from journal.loader import load
from journal.refresh import LiveJournal

DATA = Path(__file__).resolve().parent.parent / "data" / "site_small"
ONSITE = "interviews/2026-11-20-acme-corp-backend-engineer-onsite.md"
THANKS = "followups/2026-11-20-thank-you-jane-doe.md"
FOLLOWUP = """---
interview: {interview}
kind: thank-you
to: Jane Doe
direction: out
channel: email
status: sent
date: 2026-11-21
---
Thanks again.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "journal"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def live(root: Path) -> LiveJournal:
    return LiveJournal(root)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed after this fixture is set up."""
    seen: list[str] = []
    real = loader.parse_entry

    def counting(rel: str, *args: object, **kwargs: object) -> object:
        seen.append(rel)
        return real(rel, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "parse_entry", counting)
    return seen


def check(live: LiveJournal, root: Path, *paths: str) -> None:
    assert live.journal.sources_sum >= 0  # made, as a build makes it: the refresh updates it by the edit
    refreshed = live.refresh(paths)
    fresh = load(root, use_cache=False)
    assert refreshed == fresh
    assert refreshed.sources_sum == fresh.sources_sum  # the files' fingerprint: the same as hashing them all
    assert refreshed.indexes() == fresh.indexes()  # carried over an edit, patched, or made again: the same
    assert refreshed.followups_by_interview == fresh.followups_by_interview
    assert list(refreshed.interviews) == list(fresh.interviews)  # same order: ties in the rules depend on it
    assert list(refreshed.followups) == list(fresh.followups)
    assert [str(p) for p in refreshed.problems] == [str(p) for p in fresh.problems]


def test_an_edit_reads_only_that_file(live: LiveJournal, root: Path, parsed: list[str]) -> None:
    path = root / ONSITE
    path.write_text(path.read_text().replace("onsite", "final", 1) + "\nA new line.\n")
    live.refresh([ONSITE])
    assert parsed == [ONSITE]
    assert [change.rel for change in live.changes] == [ONSITE]
    check(live, root, ONSITE)
    assert live.full_loads == 1
    assert live.journal.interviews[ONSITE[11:-3]].body.endswith("A new line.\n")


def test_an_unchanged_file_changes_nothing(live: LiveJournal, root: Path) -> None:
    before = live.journal
    os.utime(root / ONSITE)
    assert live.refresh([ONSITE]) is before
    assert live.changes == []


def test_creation_deletion_and_a_dangling_link(live: LiveJournal, root: Path) -> None:
    new = "followups/2026-11-21-thank-you-jane-doe-again.md"
    (root / new).write_text(FOLLOWUP.format(interview=ONSITE[11:-3]))
    check(live, root, new)
    (root / ONSITE).unlink()  # its follow-ups now name no interview: reported, left out
    check(live, root, ONSITE)
    assert any("names no interview" in p.message for p in live.journal.problems)
    shutil.copy(DATA / ONSITE, root / ONSITE)  # restored: the follow-ups are back
    check(live, root, ONSITE)
    assert THANKS[10:-3] in live.journal.followups


def test_follow_ups_logged_at_once_take_their_places_in_name_order(live: LiveJournal, root: Path) -> None:
    """New files keep the journal in the order a load makes (ties in the rules depend on it),
    wherever their names sort: first, last, or just before a name they extend ("x-2.md" < "x.md")."""
    last = sorted((root / "followups").glob("*.md"))[-1].stem
    body = "---\nkind: check-in\nto: Jane Doe\nstatus: sent\ndate: 2026-11-20\n---\nHello.\n"
    names = ["0000-first.md", f"{last}-2.md", "zzzz-last.md", "zzzz-last-2.md"]
    for name in names:
        put(root, f"followups/{name}", body)
    check(live, root, *(f"followups/{name}" for name in names))
    assert list(live.journal.followups)[0] == "0000-first"
    assert list(live.journal.followups)[-2:] == ["zzzz-last-2", "zzzz-last"]


def test_a_rename_is_a_deletion_and_a_creation(live: LiveJournal, root: Path) -> None:
    old = root / ONSITE
    renamed = "interviews/2026-11-21-acme-corp-backend-engineer-onsite.md"
    os.replace(old, root / renamed)
    check(live, root, ONSITE, renamed)


def test_the_files_changed_since_a_moment_are_found_without_events(live: LiveJournal, root: Path) -> None:
    time.sleep(1.1)  # change times come from a coarse clock: a second before the moment counts too
    moment = time.time_ns()
    assert live.changed_since(moment) == set()
    (root / ONSITE).write_text((root / ONSITE).read_text() + "\nWritten while nobody watched.\n")
    (root / THANKS).unlink()
    os.replace(root / "people" / "priya-shah.md", root / "people" / "priya-s.md")
    new = "followups/2026-11-22-thank-you-jane-doe-again.md"
    (root / new).write_text(FOLLOWUP.format(interview=ONSITE[11:-3]))
    (root / "interviews" / ".notes.md.swp").write_text("noise")
    (root / "interviews" / "notes.txt").write_text("not a record")
    found = live.changed_since(moment)
    assert found == {ONSITE, THANKS, "people/priya-shah.md", "people/priya-s.md", new}
    check(live, root, *found)
    (root / "journal.yaml").write_text((root / "journal.yaml").read_text() + "\n")
    assert "journal.yaml" in live.changed_since(moment)


def test_a_bad_file_read_again_unchanged_changes_nothing(root: Path) -> None:
    for rel in (ONSITE, THANKS, "people/priya-shah.md"):
        (root / rel).write_text("---\ncompany: Café Zürich 🍵\nrole: [half typed\n---\n")
    live = LiveJournal(root)
    before = live.journal
    assert live.refresh([ONSITE, THANKS, "people/priya-shah.md"]) is before  # serve's catch-up reads them again
    assert live.changes == []


def test_bad_files_come_and_go(live: LiveJournal, root: Path) -> None:
    path = root / THANKS
    good = path.read_text()
    path.write_text("---\nkind: [unclosed\n---\n")
    check(live, root, THANKS)
    assert any(p.path == THANKS and p.severity == "error" for p in live.journal.problems)
    path.write_text(good.replace("status: sent", "status: maybe"))
    check(live, root, THANKS)
    path.write_text(good)
    check(live, root, THANKS)
    assert not any(p.path == THANKS for p in live.journal.problems)


def test_a_journal_loaded_with_problems_is_indexed_right(root: Path) -> None:
    (root / THANKS).write_text(FOLLOWUP.format(interview="no-such-round"))
    (root / "people" / "bad.md").write_text("---\nname: [\n---\n")
    live = LiveJournal(root)
    (root / THANKS).write_text(FOLLOWUP.format(interview=ONSITE[11:-3]))
    check(live, root, THANKS)
    (root / "people" / "bad.md").write_text("---\nname: Fixed Person\n---\n")
    check(live, root, "people/bad.md")


def test_a_symbolic_link_out_of_the_journal_is_a_warning(live: LiveJournal, root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(FOLLOWUP.format(interview=ONSITE[11:-3]))
    link = "followups/2026-11-22-linked.md"
    (root / link).symlink_to(outside)
    check(live, root, link)
    assert any(p.path == link and "outside the journal" in p.message for p in live.journal.problems)


def test_noise_and_other_paths_are_ignored(live: LiveJournal, root: Path, parsed: list[str]) -> None:
    before = live.journal
    (root / "notes.txt").write_text("not a record")
    (root / "interviews" / ".draft.md.swp").write_text("swap")
    assert live.refresh(["notes.txt", "interviews/.draft.md.swp", "interviews/sub/x.md"]) is before
    assert parsed == []


def test_settings_or_a_folder_change_loads_everything(live: LiveJournal, root: Path) -> None:
    config = root / "journal.yaml"
    config.write_text(config.read_text() + "\nsite_title: Renamed\n")
    check(live, root, "journal.yaml")
    assert live.full_loads == 2
    shutil.rmtree(root / "people")
    check(live, root, "people")
    assert live.full_loads == 3
    assert live.refresh([], rescan=True) == load(root, use_cache=False)
    assert live.full_loads == 4


DAYS = st.dates(date(2026, 9, 1), date(2026, 12, 31)).map(date.isoformat)
MOMENTS = st.one_of(DAYS, st.builds(lambda d, h: f"{d}T{h:02d}:30", DAYS, st.integers(8, 18)))
NAMES = st.sampled_from(["Jane Doe", "Raj Patel", "Priya Shah", "Bill Lumbergh", "Sam Recruiter", "Ann Other"])
ROUNDS = sorted(p.stem for p in (DATA / "interviews").glob("*.md"))
EDITS = st.one_of(
    st.tuples(st.just("interviews"), st.sampled_from(["date"]), MOMENTS),
    st.tuples(
        st.just("interviews"), st.sampled_from(["company"]), st.sampled_from(["Acme Corp", "Globex", "acme corp "])
    ),
    st.tuples(
        st.just("interviews"), st.sampled_from(["role"]), st.sampled_from(["Backend Engineer", "SRE", "Data Engineer"])
    ),
    st.tuples(st.just("interviews"), st.sampled_from(["outcome"]), st.sampled_from(["pending", "rejected", "offer"])),
    st.tuples(st.just("interviews"), st.just("  - name"), NAMES),
    st.tuples(
        st.just("interviews"),
        st.just("  - name"),
        NAMES.map(lambda name: f"{name}\n    linkedin: https://linkedin.com/in/x"),
    ),
    st.tuples(st.just("interviews"), st.just("    title"), st.sampled_from(["Recruiter", "CTO"])),
    st.tuples(st.just("followups"), st.sampled_from(["date"]), MOMENTS),
    st.tuples(st.just("followups"), st.just("to"), NAMES),
    st.tuples(st.just("followups"), st.just("status"), st.sampled_from(["draft", "sent", "skipped", "received"])),
    st.tuples(st.just("followups"), st.just("interview"), st.sampled_from(ROUNDS)),
    st.tuples(
        st.just("people"),
        st.sampled_from(["name", "company", "keep_in_touch"]),
        st.sampled_from(["Priya Shah", "Initech", "14"]),
    ),
    st.tuples(st.sampled_from(["interviews", "followups", "people"]), st.just("body"), st.text(max_size=20)),
    st.tuples(st.just("followups"), st.just("delete"), st.just("")),
    st.tuples(
        st.just("followups"),
        st.just("new"),
        st.builds(
            lambda round_, to, status, when: (
                f"interview: {round_}\nkind: thank-you\nto: {to}\nstatus: {status}\ndate: {when}\n"
                if round_
                else f"kind: check-in\nto: {to}\nstatus: {status}\ndate: {when}\n"
            ),
            st.sampled_from([*ROUNDS, ""]),
            NAMES,
            st.sampled_from(["draft", "sent", "skipped"]),
            MOMENTS,
        ),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10), EDITS), min_size=1, max_size=6))
def test_any_edit_keeps_the_indexes_a_full_load_makes(
    root: Path, edits: list[tuple[int, tuple[str, str, str]]]
) -> None:
    """The indexes (processes, follow-up order, people) are carried over an edit that leaves what
    they read alone, patched when follow-ups come, go or change, and made again otherwise: either
    way, what a fresh load makes. And the agenda
    made with a memo kept from edit to edit (as the app and `serve` keep one) is the agenda."""
    live = LiveJournal(root)
    for pick, (folder, key, value) in edits:
        files = sorted((root / folder).glob("*.md"))
        if key == "new":  # a follow-up logged by another program, its name sorting anywhere among the others
            names = [
                f"2026-12-{pick + 1:02d}-new",
                "0000-first",
                "zzzz-last",
                files[pick % len(files)].stem if files else "a",
            ]
            path = root / folder / f"{names[pick % len(names)]}-{len(files)}.md"
            path.write_text(f"---\n{value}---\nLogged.\n")
        elif not files:
            continue
        elif key == "delete":
            path = files[pick % len(files)]
            path.unlink()
        else:
            path = files[pick % len(files)]
            text = path.read_text()
            if key == "body":
                edited = text.rstrip("\n") + "\n" + value.replace("\r", "").replace("---", "- - -") + "\n"
            else:
                line = f"{key}: {value}"
                edited = re.sub(rf"(?m)^{key}: .*$", lambda _match: line, text, count=1)  # noqa: B023 - used at once
            path.write_text(edited)
        check(live, root, path.relative_to(root).as_posix())
        fresh = load(root, use_cache=False)
        for as_of, missed in ((date(2026, 11, 25), False), (date(2026, 12, 20), True)):
            kept = agenda(live.journal, fresh.settings.policy, as_of, missed=missed, memo=live.memo)
            assert kept == agenda(fresh, fresh.settings.policy, as_of, missed=missed), "the memo's agenda is the agenda"


def test_a_memo_sees_an_edit_outside_the_process(live: LiveJournal, root: Path) -> None:
    """Jane meets Globex too; her LinkedIn request, logged under Acme, settles the item in both.
    Unsending it brings the item back in Globex, whose own files did not change."""
    globex = root / "interviews/2026-11-16-globex-data-engineer-phone-screen.md"
    globex.write_text(
        globex.read_text().replace(
            "  - name: Maria Lopez\n",
            "  - name: Jane Doe\n    linkedin: https://www.linkedin.com/in/janedoe\n  - name: Maria Lopez\n",
        )
    )
    memo, as_of = live.memo, date(2026, 11, 25)
    journal = live.refresh([globex.relative_to(root).as_posix()])
    linkedin = [
        item for item in agenda(journal, journal.settings.policy, as_of, memo=memo) if item.action == "linkedin"
    ]
    assert "linkedin:jane-doe" not in [item.id for item in linkedin]
    request = root / "followups/2026-11-21-linkedin-jane-doe.md"
    request.write_text(request.read_text().replace("status: sent", "status: draft"))
    journal = live.refresh([request.relative_to(root).as_posix()])
    again = {item.id: item for item in agenda(journal, journal.settings.policy, as_of, memo=memo)}
    assert again["linkedin:jane-doe"].interview == globex.stem  # met there first, so due there first
    assert list(again.values()) == agenda(load(root, use_cache=False), journal.settings.policy, as_of)


def test_a_memo_sees_follow_ups_leave_with_their_round(tmp_path: Path) -> None:
    """Rita is the first interviewer of a rejected process, and was written to in another one. When
    that other round's file is deleted, the message leaves with it (it names no interview now), so
    her last contact, and the check-in the rejected process asks for, move back."""
    root = tmp_path / "journal"
    for folder, name, text in (
        ("interviews", "a", "company: A\nrole: R\ndate: 2026-11-01\ninterviewers:\n  - name: Zed\n"),
        (
            "interviews",
            "b",
            "company: B\nrole: R\ndate: 2026-10-01\ninterviewers:\n  - name: Rita\noutcome: rejected\n",
        ),
        ("followups", "to-rita", "interview: a\nkind: other\nto: Rita\nstatus: sent\ndate: 2026-11-10\n"),
    ):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / f"{name}.md").write_text(f"---\n{text}---\n")
    live, as_of = LiveJournal(root), date(2026, 11, 25)
    policy = live.journal.settings.policy
    check_in = {item.id: item for item in agenda(live.journal, policy, as_of, memo=live.memo)}["check-in:rita"]
    (root / "interviews" / "a.md").unlink()
    journal = live.refresh(["interviews/a.md"])
    again = {item.id: item for item in agenda(journal, policy, as_of, memo=live.memo)}["check-in:rita"]
    assert again.due < check_in.due
    assert list(agenda(journal, policy, as_of, memo=live.memo)) == agenda(load(root, use_cache=False), policy, as_of)


def test_a_journal_says_itself_in_one_line(live: LiveJournal) -> None:
    """Textual's workers spell their arguments' reprs on the UI thread: a journal's must not be its records."""
    shown = repr(live.journal)
    assert "\n" not in shown and len(shown) < 200
    assert (
        f"{len(live.journal.interviews)} interviews" in shown and f"{len(live.journal.followups)} follow-ups" in shown
    )
