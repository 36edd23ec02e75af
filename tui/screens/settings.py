"""Settings: journal.yaml as a form (owner, site title, timezone, your addresses, quiet hours, every
policy rule, business days).

Each field is checked as it is typed by the function that reads the file (`setting_problems`),
so it says what `followup check` would say. A save writes only the settings that were changed
(`journal.settings_edit`), and one changed on disk meanwhile is asked about, never overwritten.
The theme is not here: it is this terminal's preference (the palette's "Change theme").
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Label, Static

from journal import ConflictError, JournalError, Policy
from journal.layout import CONFIG
from journal.settings import read_settings
from journal.settings_edit import POLICY_KEYS, Key, file_values, label, save_settings, setting_problems, shown, typed
from tui.commands import Command
from tui.journal_update import JournalUpdate
from tui.screens.base import JournalScreen
from tui.widgets.footer import FitFooter

POLICY_LABELS = {
    "thank_you_within_hours": "Thank-you within (hours)",
    "linkedin_after_days": "LinkedIn request after (days)",
    "status_check_after_business_days": "Status check after (business days)",
    "status_check_after_decision_business_days": "After a decision day (business days)",
    "min_days_between_nudges": "Days between nudges, at least",
    "max_unanswered_nudges": "Unanswered nudges, at most",
    "ghosted_after_days": "Ghosted after (days of silence)",
    "after_rejection_check_in_days": "Check-in after a rejection (days)",
    "keep_in_touch_days": "Keep in touch every (days)",
    "linkedin_note_limit": "LinkedIn note limit (characters)",
    "thank_you_missed_after_days": "Thank-you missed after (days)",
    "prepare_days_before": "Ask next steps (days before a round)",
    "workdays": "Workdays",
    "holidays": "Holidays (dates, country codes)",
}
"""Each rule in words; the key itself (`policy.…`) is the field's tooltip and what messages name."""
_DEFAULTS = Policy()
SECTIONS: tuple[tuple[str, tuple[tuple[Key, str, str], ...]], ...] = (
    (
        "You and the site",
        (
            (("owner",), "Your name (signs drafts)", "Your full name"),
            (("site_title",), "Site title", "Follow-up Journal"),
            (("timezone",), "Timezone", "e.g. Europe/Berlin"),
            (("emails",), "Your email addresses (import mail)", "e.g. alex@example.org, alex@work.example"),
            (("quiet_hours",), "Quiet hours (notify stays silent)", "e.g. 21:00, 08:00"),
        ),
    ),
    (
        "Follow-up policy (blank: the default)",
        tuple(
            (("policy", name), POLICY_LABELS.get(name, name), f"default {getattr(_DEFAULTS, name)}")
            for name in POLICY_KEYS
            if name not in ("workdays", "holidays")
        ),
    ),
    (
        "Business days",
        (
            (("policy", "workdays"), POLICY_LABELS["workdays"], "mon, tue, wed, thu, fri"),
            (("policy", "holidays"), POLICY_LABELS["holidays"], "e.g. 2026-12-24, US, DE-BY"),
        ),
    ),
)
KEYS: tuple[Key, ...] = tuple(key for _, rows in SECTIONS for key, _, _ in rows)


def field_id(key: Key) -> str:
    return "s-" + "-".join(key)


class SettingsScreen(JournalScreen):
    """journal.yaml's settings, each checked at its field, saved key by key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Back"),
    ]
    PALETTE: ClassVar[list[Command]] = [
        Command("Save settings", "Write the changed settings to journal.yaml (only their lines)", "save"),
        Command("Back", "Leave the settings (asks about unsaved changes)", "leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.base: dict[Key, object] = {}
        """What journal.yaml said when the form was filled (the base a save merges against)."""
        self.loaded: dict[Key, str] = {}
        """Each field's text as filled from the file."""
        self.problems: dict[Key, str] = {}
        """The message at each field that has one (errors and warnings alike)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield Static("", id="settings-note", classes="disk-note", markup=False)
            for title, rows in SECTIONS:
                yield Label(title, classes="section")
                for key, text, hint in rows:
                    with Horizontal(classes="setting"):
                        yield Label(text, classes="setting-label")
                        field = Input(id=field_id(key), placeholder=hint, compact=True, select_on_focus=False)
                        field.tooltip = f"{label(key)} in {CONFIG}"
                        yield field
                    yield Static("", id=f"err-{field_id(key)}", classes="setting-error", markup=False)
            yield Static("", id="settings-others", classes="warnings", markup=False)
            yield Static(
                f"Saved to {CONFIG} (only the settings you change). The theme is this terminal's own: "
                "ctrl+p, Change theme; it is remembered in your config folder.",
                classes="hint",
            )
        yield FitFooter()

    def prepare(self) -> None:
        self.title = "Settings"
        self.sub_title = CONFIG
        self.fill()
        self.query_one(f"#{field_id(KEYS[0])}", Input).focus()

    # The form ------------------------------------------------------------------------

    def read(self) -> dict[Key, object] | None:
        """What journal.yaml says now (None, with a message, when it cannot be read)."""
        try:
            raw = (self.journal_app.root / CONFIG).read_bytes()
        except FileNotFoundError:
            raw = b""
        except OSError as exc:
            self.note(f"{CONFIG} cannot be read ({exc.strerror}); nothing can be saved until it can.")
            return None
        try:
            values = file_values(raw)
        except JournalError as exc:
            self.note(f"{exc}. Fix it in an editor; `followup check` shows the same.")
            return None
        self.show_others(raw)
        return values

    def show_others(self, raw: bytes) -> None:
        """What `check` says about the rest of journal.yaml (keys this form does not edit), under the form."""
        fields = {label(key) for key in KEYS}
        others = [problem for problem in read_settings(raw)[1] if problem.field not in fields]
        box = self.query_one("#settings-others", Static)
        box.update("\n".join(f"{CONFIG}:{problem.line}: {problem.message}" for problem in others))
        box.display = bool(others)

    def fill(self, keys: tuple[Key, ...] = KEYS) -> None:
        values = self.read()
        if values is None:
            return
        self.base = {**self.base, **{key: values[key] for key in keys}} if self.base else values
        for key in keys:
            self.loaded[key] = shown(values[key])
            self.query_one(f"#{field_id(key)}", Input).value = self.loaded[key]
            self.check(key)
        self.changed()

    def text(self, key: Key) -> str:
        return self.query_one(f"#{field_id(key)}", Input).value

    def check(self, key: Key) -> bool:
        """Show what `check` says about this field's value; True when it is fine."""
        problems = setting_problems(key, typed(key, self.text(key)))
        error = self.query_one(f"#err-{field_id(key)}", Static)
        message = "; ".join(problem.message for problem in problems)
        error.update(message)
        error.display = bool(message)
        error.set_class(all(problem.severity == "warning" for problem in problems), "-warning")
        self.query_one(f"#{field_id(key)}", Input).set_class(bool(problems), "-invalid")
        if message:
            self.problems[key] = message
        else:
            self.problems.pop(key, None)
        return not problems

    def edits(self) -> dict[Key, str]:
        return {key: self.text(key) for key in KEYS if self.text(key).strip() != self.loaded.get(key, "").strip()}

    @property
    def dirty(self) -> bool:
        return bool(self.edits())

    def changed(self) -> None:
        if self.dirty:
            self.journal_app.dirty_editors.add(self)
        else:
            self.journal_app.dirty_editors.discard(self)
        self.sub_title = ("● unsaved — " if self.dirty else "") + CONFIG

    def on_input_changed(self, event: Input.Changed) -> None:
        key = next((key for key in KEYS if field_id(key) == event.input.id), None)
        if key is not None:
            self.check(key)
            self.changed()

    def on_unmount(self) -> None:
        self.journal_app.dirty_editors.discard(self)

    def note(self, text: str) -> None:
        box = self.query_one("#settings-note", Static)
        box.update(text)
        box.display = bool(text)

    # Saving ------------------------------------------------------------------------------

    def action_save(self, keep_mine: bool = False) -> None:
        edits = self.edits()
        if not edits:
            self.notify("No changes to save.")
            return
        bad = [key for key in edits if not self.check(key)]
        if bad:
            self.notify(f"Not saved: {label(bad[0])}: {self.problems[bad[0]]}", severity="error", timeout=8)
            self.query_one(f"#{field_id(bad[0])}", Input).focus()
            return
        changes = {key: typed(key, text) for key, text in edits.items()}
        self._save(changes, None if keep_mine else {key: self.base.get(key) for key in changes})

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, changes: dict[Key, object], base: dict[Key, object] | None) -> None:
        app = self.journal_app
        try:
            written = save_settings(app.root, changes, base)
        except ConflictError as exc:
            app.call_from_thread(self._ask_conflict, str(exc))
            return
        except (JournalError, OSError) as exc:
            app.call_from_thread(app.notify, str(exc), title="Not saved", severity="error", timeout=10)
            return
        app.call_from_thread(self._saved, tuple(changes), written)

    def _saved(self, keys: tuple[Key, ...], written: bool) -> None:
        self.fill(keys)
        self.note("")
        names = ", ".join(label(key) for key in keys)
        self.notify(f"Saved {names} in {CONFIG}." if written else "No changes to save.")
        self.journal_app.reload()  # journal.yaml changed: the whole journal is read again with it
        self.journal_app.refresh_git()

    def _ask_conflict(self, message: str) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        def choose(choice: str | None) -> None:
            if choice == "mine":
                self.action_save(keep_mine=True)
            elif choice == "theirs":
                self.fill()
                self.note("")
                self.notify(f"Took {CONFIG} as it is on disk; your edits there were dropped.")

        choices = [("mine", "Keep mine (write my values)"), ("theirs", "Take theirs"), ("cancel", "Cancel")]
        self.app.push_screen(ChoiceDialog(message, choices, default="cancel"), choose)

    def show_journal(self, update: JournalUpdate) -> None:
        if CONFIG not in update.changed or not self.is_mounted:
            return
        if not self.dirty:
            self.fill()
            self.notify(f"Reloaded {CONFIG}: it changed on disk.")
        else:
            self.note(
                f"{CONFIG} changed on disk. Saving keeps what changed there and asks about a setting you both changed."
            )

    def action_leave(self) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        if not self.dirty:
            self.app.pop_screen()
            return

        def choose(choice: str | None) -> None:
            if choice == "discard":
                self.journal_app.dirty_editors.discard(self)
                self.app.pop_screen()
            elif choice == "save":
                self.action_save()

        choices = [("save", "Save"), ("discard", "Discard"), ("cancel", "Keep editing")]
        self.app.push_screen(ChoiceDialog("You have unsaved settings.", choices, default="cancel"), choose)
