"""People you keep in touch with: create and edit people/ files, draft a check-in, see a person's thread."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static
from tui_helpers import AS_OF, GLOBEX, SIZE, edit_on_disk, git, settle

from journal import load
from tui.app import FollowupApp
from tui.dialogs.history import HistoryDialog
from tui.screens.followup_editor import FollowupEditor
from tui.screens.people import PeopleScreen
from tui.screens.person_editor import PersonEditor


async def open_people(pilot) -> PeopleScreen:  # type: ignore[no-untyped-def]
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PeopleScreen)
    return pilot.app.screen


def names_of(screen: PeopleScreen) -> list[str]:
    table = screen.query_one("#people", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def open_row(pilot, name: str, key: str = "enter"):  # type: ignore[no-untyped-def]
    screen = await open_people(pilot)
    await pilot.press("ctrl+home")  # the highlighted person stays highlighted when the screen comes back
    for _ in range(names_of(screen).index(name)):
        await pilot.press("down")
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


def row_of(screen: PeopleScreen, name: str) -> list[str]:
    table = screen.query_one("#people", DataTable)
    return [str(cell) for cell in table.get_row_at(names_of(screen).index(name))]


async def test_a_new_person_is_written_and_kept_in_touch_with(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_people(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, PersonEditor)
        await pilot.press(
            *"Dana Scully", "tab", *"Bureau Labs", "tab", *"Staff Engineer", "tab", *"dana@bureau.example"
        )
        await pilot.press("tab", "tab")  # past LinkedIn, onto the relationship
        await pilot.press(
            "enter", "down", "down", "down", "down", "enter"
        )  # blank, recruiter, hiring-manager, interviewer, peer
        await settle(pilot)
        assert editor.query_one("#f-relationship", Select).value == "peer"
        await pilot.press("tab", *"4O")
        await pilot.pause()
        message = str(editor.query_one("#err-keep_in_touch", Static).render())
        assert message == "'keep_in_touch' must be a whole number from 1 to 3650 (got '4O')"  # check's own words
        await pilot.press("backspace", "0")
        await pilot.pause()
        assert str(editor.query_one("#err-keep_in_touch", Static).render()) == ""
        editor.query_one("#body").focus()
        await pilot.press(*"Met at PyCon.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        path = repo_dir / "people" / "dana-scully.md"
        assert path.read_text() == (
            "---\nname: Dana Scully\ncompany: Bureau Labs\ntitle: Staff Engineer\nemail: dana@bureau.example\n"
            "relationship: peer\nkeep_in_touch: 40\n---\nMet at PyCon.\n"
        )
        assert git(repo_dir, "status", "--porcelain") == "?? people/dana-scully.md\n"
        editor.query_one("#f-name").focus()  # out of the notes (where Esc is the text area's own)
        await pilot.press("escape")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        assert row_of(people, "Dana Scully")[:5] == ["Dana Scully", "Bureau Labs", "peer", "", AS_OF.isoformat()]
        for _ in range(names_of(people).index("Dana Scully")):
            await pilot.press("down")
        await pilot.press("c")  # met in no round: a check-in outside any process
        await settle(pilot)
        draft = app.screen
        assert isinstance(draft, FollowupEditor) and draft.new
        assert draft.query_one("#f-interview", Select).value == Select.NULL
        assert "going well at Bureau Labs" in draft.query_one("#body").text  # type: ignore[attr-defined]


async def test_someone_known_from_a_round_gets_a_file_of_their_own_not_a_second_person(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        people = await open_people(pilot)
        assert row_of(people, "Sam Carter")[2] == "recruiter"  # their title in the round says so
        assert row_of(people, "Raj Patel")[2] == "interviewer"
        editor = await open_row(pilot, "Sam Carter")
        assert isinstance(editor, PersonEditor)
        company = editor.query_one("#f-company", Input)
        assert company.value == "" and company.placeholder == "Globex (from the rounds)"
        editor.query_one("#f-keep_in_touch", Input).focus()
        await pilot.press(*"30", "ctrl+s")
        await settle(pilot)
        path = repo_dir / "people" / "sam-carter.md"
        assert path.read_text() == "---\nname: Sam Carter\nkeep_in_touch: 30\n---\n", "only what was typed"
        await pilot.press("escape")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        assert names_of(people).count("Sam Carter") == 1
        assert row_of(people, "Sam Carter")[1:3] == ["Globex", "recruiter"]
        assert row_of(people, "Sam Carter")[5:] == ["1", "1"], "the round and the thank-you are still his"
        assert row_of(people, "Sam Carter")[4] == "2026-12-16"  # 30 days after the last contact


async def test_a_new_person_who_has_a_file_already_is_refused_at_the_name(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    await open_people(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*"priya  nair", "ctrl+s")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, PersonEditor)
    assert "already in People (people/priya-nair.md)" in str(editor.query_one("#err-name", Static).render())
    assert sorted(path.name for path in (journal_dir / "people").iterdir()) == ["priya-nair.md"]


async def test_editing_a_file_changes_only_that_line_and_merges_a_change_on_disk(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_row(pilot, "Priya Nair")
        assert isinstance(editor, PersonEditor)
        assert editor.query_one("#f-keep_in_touch", Input).value == "60"
        editor.query_one("#f-company", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"Umbrella Corp")
        path = repo_dir / "people" / "priya-nair.md"
        edit_on_disk(path, "Met at a meetup.", "Met at a meetup in Lisbon.")  # someone else, meanwhile
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert path.read_text() == (
            "---\nname: Priya Nair\ncompany: Umbrella Corp\nrelationship: recruiter\nkeep_in_touch: 60\n---\n"
            "Met at a meetup in Lisbon.\n"
        )
        assert git(repo_dir, "diff", "--numstat") == "2\t2\tpeople/priya-nair.md\n"
        assert "took notes from the file on disk" in str(editor.query_one("#disk-note", Static).render())


async def test_a_check_in_is_drafted_from_a_person(desk, journal_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app, pilot = desk
    draft = await open_row(pilot, "Bill Lumbergh", key="c")
    assert isinstance(draft, FollowupEditor) and draft.new
    assert draft.query_one("#f-kind", Select).value == "check-in"
    assert draft.query_one("#f-to", Input).value == "Bill Lumbergh"
    body = draft.query_one("#body").text  # type: ignore[attr-defined]
    assert body.startswith("Hi Bill,") and "Initech" in body and body.rstrip().endswith("Alex Example")
    await pilot.press("ctrl+s")
    await settle(pilot)
    written = journal_dir / "followups" / f"{AS_OF.isoformat()}-check-in-bill-lumbergh.md"
    assert "kind: check-in\nto: Bill Lumbergh" in written.read_text() and "status: draft" in written.read_text()
    draft.query_one("#f-to").focus()
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, PeopleScreen) and app.screen.current() == "bill-lumbergh"  # still highlighted
    editor = await open_row(pilot, "Bill Lumbergh")
    assert isinstance(editor, PersonEditor)
    await pilot.press("ctrl+n")  # from the person editor: the same draft, not a second one
    await settle(pilot)
    assert isinstance(app.screen, FollowupEditor) and not app.screen.new
    assert app.screen.record.source is not None and app.screen.record.source.path == f"followups/{written.name}"


async def test_a_persons_thread_runs_across_processes(journal_dir: Path) -> None:
    (journal_dir / "followups" / "2026-11-24-check-in-jane-doe.md").write_text(
        f"---\ninterview: {GLOBEX}\nkind: check-in\nto: Jane Doe\nstatus: sent\ndate: 2026-11-24\n"
        "subject: Globex referral\n---\nHi Jane\n"
    )
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        editor = await open_row(pilot, "Jane Doe")
        assert isinstance(editor, PersonEditor)
        table = editor.query_one("#thread", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert [(row[0], row[2], row[3]) for row in rows] == [
            ("2026-11-20T14:00", "onsite", "Acme Corp — Backend Engineer"),
            ("2026-11-20T18:30", "thank-you", "Acme Corp — Backend Engineer"),
            ("2026-11-24", "check-in", "Globex — Platform Engineer"),
        ]
        table.focus()
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowupEditor)
        assert app.screen.query_one("#f-subject", Input).value == "Globex referral"
        app.screen.query_one("#f-subject").focus()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryDialog)
    assert load(journal_dir, use_cache=False).people["jane-doe"].record is None, "looking writes nothing"


async def test_tab_leaves_a_persons_notes_as_it_leaves_every_editor_body(desk) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import TextArea

    app, pilot = desk
    await open_people(pilot)
    editor = await open_row(pilot, "Sam Carter")
    assert isinstance(editor, PersonEditor)
    body = editor.query_one("#body", TextArea)
    body.focus()
    await pilot.pause()
    before = body.text
    await pilot.press("tab")
    await pilot.pause()
    assert app.focused is not body, "Tab moves on to the next field"
    assert body.text == before, "and types no tab into the notes"
