"""Settings: journal.yaml as a form, checked at the field as `check` would, saved key by key;
the theme remembered in the user's config folder, never in the journal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_helpers import AS_OF, SIZE, git, press_button, settle, wait_for

from journal.settings import load_settings
from tui.app import FollowupApp
from tui.screens.settings import SettingsScreen, field_id


async def open_settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("comma")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


def error_at(screen: SettingsScreen, key: tuple[str, ...]) -> str:
    return str(screen.query_one(f"#err-{field_id(key)}", Static).render())


async def type_into(pilot, screen: SettingsScreen, key: tuple[str, ...], text: str) -> None:  # type: ignore[no-untyped-def]
    field = screen.query_one(f"#{field_id(key)}", Input)
    field.focus()
    await pilot.pause()
    await pilot.press("ctrl+a", "ctrl+k", *text) if text else await pilot.press("ctrl+a", "ctrl+k")
    await pilot.pause()


async def test_a_policy_value_is_edited_checked_at_the_field_and_saved_alone(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot)
        assert screen.query_one(f"#{field_id(('owner',))}", Input).value == "Alex Example"
        assert screen.query_one(f"#{field_id(('policy', 'holidays'))}", Input).value == "2026-11-26"
        key = ("policy", "min_days_between_nudges")
        await type_into(pilot, screen, key, "1O")
        message = error_at(screen, key)
        _, problems = load_settings_with(repo_dir, "policy:\n  min_days_between_nudges: 1O\n")
        assert message == problems[0].message  # the very words `followup check` would say
        assert "'policy.min_days_between_nudges' must be a whole number from 0 to 3650" in message
        assert screen.query_one(f"#err-{field_id(key)}", Static).region.height >= 1  # on screen at 80x24
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert git(repo_dir, "status", "--porcelain") == "", "a bad value writes nothing"
        await type_into(pilot, screen, key, "10")
        assert error_at(screen, key) == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert git(repo_dir, "diff", "--unified=0", "--no-prefix").splitlines()[-1:] == [
            "+  min_days_between_nudges: 10"
        ]
        assert git(repo_dir, "diff", "--numstat") == "1\t0\tjournal.yaml\n"
        assert app.journal is not None and app.journal.settings.policy.min_days_between_nudges == 10  # reloaded
        assert not screen.dirty
        await pilot.press("escape")
        assert not isinstance(app.screen, SettingsScreen)


def load_settings_with(root: Path, text: str):  # type: ignore[no-untyped-def]
    path = root.parent / "other" / "journal.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return load_settings(path)


async def test_timezone_workdays_and_holidays_with_country_codes(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot)
        await type_into(pilot, screen, ("timezone",), "Europe/Berln")
        assert "unknown timezone 'Europe/Berln'" in error_at(screen, ("timezone",))
        await type_into(pilot, screen, ("timezone",), "Europe/Berlin")
        await type_into(pilot, screen, ("policy", "workdays"), "mon, tue, wed, thu, frei")
        assert "unknown weekday 'frei'" in error_at(screen, ("policy", "workdays"))
        await type_into(pilot, screen, ("policy", "workdays"), "mon, tue, wed, thu")
        await type_into(pilot, screen, ("policy", "holidays"), "2026-11-26, DE-BY, ZZ")
        assert "no public holidays known for 'ZZ'" in error_at(screen, ("policy", "holidays"))
        await type_into(pilot, screen, ("policy", "holidays"), "2026-11-26, DE-BY")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = (repo_dir / "journal.yaml").read_text()
        assert text == (
            "owner: Alex Example\nsite_title: Alex's job search\npolicy:\n  holidays: [2026-11-26, DE-BY]\n"
            "  workdays: [mon, tue, wed, thu]\ntimezone: Europe/Berlin\n"
        )
        settings, problems = load_settings(repo_dir / "journal.yaml")
        assert problems == [] and settings.policy.holiday_countries == ("DE-BY",)


async def test_what_check_says_about_other_keys_is_shown_and_they_are_kept(journal_dir: Path) -> None:
    path = journal_dir / "journal.yaml"
    path.write_text(path.read_text() + "colour: blue  # mine\n")
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot)
        others = str(screen.query_one("#settings-others", Static).render())
        assert others == "journal.yaml:5: unknown setting 'colour' is ignored"
        await type_into(pilot, screen, ("site_title",), "Alex's search")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert path.read_text().endswith(
        "site_title: Alex's search\npolicy:\n  holidays: [2026-11-26]\ncolour: blue  # mine\n"
    )


async def test_a_setting_changed_on_disk_meanwhile_is_asked_about(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot)
        await type_into(pilot, screen, ("site_title",), "Mine")
        path = repo_dir / "journal.yaml"
        path.write_text(path.read_text().replace("Alex's job search", "Theirs"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        from tui.dialogs.confirm import ChoiceDialog

        assert isinstance(app.screen, ChoiceDialog)
        assert "site_title changed on disk since you opened the settings" in app.screen.question
        assert "Theirs" in path.read_text(), "nothing written while asking"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen) and screen.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        await press_button(pilot, "#mine")
        await settle(pilot)
        assert "site_title: Mine" in path.read_text() and not screen.dirty


async def test_the_theme_is_remembered_in_the_config_folder_not_the_journal(
    journal_dir: Path, config_home: Path
) -> None:
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
    saved = config_home / "followup" / "config.toml"
    assert saved.read_text().splitlines()[-1] == 'theme = "nord"'
    assert "nord" not in (journal_dir / "journal.yaml").read_text()
    again = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_a_broken_preferences_file_is_said_and_the_app_starts(journal_dir: Path, config_home: Path) -> None:
    (config_home / "followup").mkdir()
    (config_home / "followup" / "config.toml").write_text("theme = \n")
    app = FollowupApp(journal_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: any("config.toml" in str(n.message) for n in app._notifications))
        assert app.theme == "textual-dark"


async def test_settings_open_from_the_palette_and_tests_never_touch_the_real_config(desk, config_home: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.command import CommandPalette

    from tui.preferences import config_dir

    assert config_dir() == config_home / "followup"  # the autouse fixture: never ~/.config
    app, pilot = desk
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*"settings")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, SettingsScreen)
    await pilot.press("comma")  # typed into the field, not a second settings screen
    await pilot.pause()
    assert len([screen for screen in app.screen_stack if isinstance(screen, SettingsScreen)]) == 1


async def test_your_addresses_and_quiet_hours_are_settings_too(repo_dir: Path) -> None:
    app = FollowupApp(repo_dir, as_of=AS_OF, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot)
        await type_into(pilot, screen, ("emails",), "alex@example.org, alex at work")
        assert "'alex at work' in 'emails' is not an email address" in error_at(screen, ("emails",))
        await type_into(pilot, screen, ("emails",), "alex@example.org, Alex@Work.example")
        await type_into(pilot, screen, ("quiet_hours",), "21:00, 8")
        assert "'quiet_hours' must be two times" in error_at(screen, ("quiet_hours",))
        await type_into(pilot, screen, ("quiet_hours",), "21:00, 08:00")
        assert error_at(screen, ("quiet_hours",)) == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
    added = [
        line for line in git(repo_dir, "diff", "--unified=0").splitlines() if line.startswith("+") and "+++" not in line
    ]
    assert added == ["+emails: [alex@example.org, Alex@Work.example]", "+quiet_hours: ['21:00', '08:00']"]
    settings, problems = load_settings(repo_dir / "journal.yaml")
    assert problems == []
    assert settings.emails == ("alex@example.org", "alex@work.example")
    assert settings.quiet_hours is not None and settings.quiet_hours[0].hour == 21
