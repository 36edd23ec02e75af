"""What Today does with an item the user will not send now: skip it, snooze it (one item or
its whole interview), see what is snoozed and lift it. Each write can be taken back with `u`."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from textual import work
from textual.widgets import DataTable

from journal import Interview, Item, Journal
from journal.agenda import agenda, fmt, guard_text, pestering_guard
from journal.atomic import sync_folder
from journal.holds import HOLDABLE
from journal.layout import FOLLOWUPS
from journal.records import FollowUp
from journal.store import Record, create, save, taken_in
from journal.words import counted
from tui.agenda_rows import Snoozed
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.snooze import SnoozedDialog, SnoozeDialog, future_day
from tui.dialogs.value import ValueDialog
from tui.drafts import SKIPPABLE, draft_for, existing_draft, sent_at, skip_for, still_to_fill
from tui.screens.base import ACTION_LABELS, JournalScreen
from tui.undo import Change


def item_words(item: Item) -> str:
    """`thank-you note to Raj Patel`: the item as a sentence names it."""
    return ACTION_LABELS.get(item.action, item.action).lower() + (f" to {item.person}" if item.person else "")


class TodayDeferrals(JournalScreen):
    """Today's table of items, and the keys that put an item off: skip, snooze, lift."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, Item] = {}
        self.undo_stack: list[Change] = []
        """What Today wrote since the app opened, latest last (`u` takes it back)."""
        self.selected: set[str] = set()
        """Items marked with space, for skipping several at once."""
        self.snoozed: list[Snoozed] = []
        """Every snooze (interviews and single items) and the items each holds back."""

    def _current_key(self) -> str | None:
        table = self.query_one("#agenda", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def ready(self) -> Journal | None:
        """The loaded journal; while the saved agenda is shown, say the journal is still loading."""
        journal = self.journal_app.journal
        if journal is None:
            self.notify("Still loading the journal; one moment…")
        return journal

    def current(self) -> Item | None:
        key = self._current_key()
        return self.items.get(key) if key else None

    def _remember(self, change: Change) -> None:
        self.undo_stack.append(change)

    # Skip ------------------------------------------------------------------------

    def action_skip(self) -> None:
        """Record a decision not to send (`status: skipped`): the item leaves like a sent one; `u` takes it back."""
        journal = self.ready()
        if journal is None:
            return
        chosen = [self.items[key] for key in self.selected if key in self.items] or [
            item for item in (self.current(),) if item is not None
        ]
        skippable = [item for item in chosen if item.action in SKIPPABLE]
        if not skippable:
            self.notify(
                "Only a thank-you, a LinkedIn request or a check-in can be skipped; "
                "snooze (s) a status check, or mark the process ghosted.",
                severity="warning",
            )
            return
        self._skip(journal, skippable)

    def action_skip_older(self) -> None:
        """Skip at once every thank-you, LinkedIn request and check-in due before a date (missed ones too)."""
        from journal.dates import parse_day

        journal = self.ready()
        if journal is None:
            return
        today = self.journal_app.as_of
        suggestion = (today - timedelta(days=journal.settings.policy.thank_you_missed_after_days)).isoformat()
        prompt = "Skip every thank-you, LinkedIn request and check-in due before (YYYY-MM-DD):"

        def chosen(text: str | None) -> None:
            if text:
                self._skip_before(parse_day(text.strip()))

        self.app.push_screen(ValueDialog(prompt, suggestion, parse_day), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="skip-older")
    def _skip_before(self, day: date) -> None:
        app = self.journal_app
        journal = app.journal
        if journal is None:
            return
        found = agenda(journal, journal.settings.policy, app.as_of, missed=True)
        items = [item for item in found if item.action in SKIPPABLE and item.due < day]
        app.call_from_thread(self._confirm_skip, journal, items, day)

    def _confirm_skip(self, journal: Journal, items: list[Item], day: date) -> None:
        if not items:
            self.notify(f"Nothing to skip: no thank-you, LinkedIn request or check-in is due before {fmt(day)}.")
            return
        missed = sum(item.state == "missed" for item in items)
        question = (
            f"Skip {counted(len(items), 'item')} due before {fmt(day)} ({missed} of them missed thank-yous)? "
            "Each is recorded as a follow-up with status skipped; u takes them all back."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self._skip(journal, items)

        self.app.push_screen(ConfirmDialog(question, yes=f"Skip {len(items)}"), answer)

    def _skip(self, journal: Journal, items: list[Item]) -> None:
        root, when = journal.root, sent_at(journal, self.journal_app.as_of)
        if len(items) == 1:
            item = items[0]
            done = f"Skipped {ACTION_LABELS[item.action].lower()}" + (f" to {item.person}" if item.person else "")
        else:
            done = f"Skipped {len(items)} items"

        def log() -> None:
            created: list[Record] = []
            taken = taken_in(root, FOLLOWUPS)
            try:
                for item in items:
                    created.append(create(root, skip_for(journal, item, when, taken), sync_folder=False))
            finally:
                sync_folder(root, FOLLOWUPS)
                if created:  # what was written can be taken back, even when a later file failed
                    self.app.call_from_thread(self._remember, Change(done, created=tuple(created)))

        self.selected.clear()
        self.write(log, f"{done} (u undoes)")

    # Snooze ----------------------------------------------------------------------

    def _template_warning(self, message: str) -> None:
        self.notify(message, title="Template", severity="warning", timeout=10)

    def action_snooze(self) -> None:
        """Snooze the item alone (its draft, dated that day) or its whole interview: tomorrow, in
        3 days, next week or a date, never the past; or lift the interview's snooze."""
        item, journal = self.current(), self.ready()
        if item is None or journal is None:
            return
        interview = journal.interviews.get(item.interview) if item.interview else None
        alone = item.action in HOLDABLE
        if interview is None and not alone:
            self.notify("This item cannot be snoozed; skip it (x) if you decided not to do it.", severity="warning")
            return
        today = self.journal_app.as_of
        check = future_day(today)

        def snooze(scope: str, day: date) -> None:
            if scope == "item":
                self._snooze_item(item, day)
            elif interview is not None:
                self._snooze_interview(interview, day)

        def chosen(choice: str | None) -> None:
            scope, _, when = (choice or "").partition(":")
            if choice == "lift" and interview is not None:
                self._snooze_interview(interview, None)
            elif when == "date":
                what = (
                    f"the {item_words(item)}"
                    if scope == "item"
                    else f"everything about {interview and interview.title}"
                )

                def typed(text: str | None) -> None:
                    if text:
                        snooze(scope, check(text))

                prompt = f"Snooze {what} until (YYYY-MM-DD, after today):"
                self.app.push_screen(ValueDialog(prompt, (today + timedelta(days=14)).isoformat(), check), typed)
            elif when:
                snooze(scope, date.fromisoformat(when))

        dialog = SnoozeDialog(
            interview.title if interview else None,
            today,
            interview.snooze_until if interview else None,
            item=item_words(item) if alone else None,
        )
        self.app.push_screen(dialog, chosen)

    def _snooze_item(self, item: Item, day: date) -> None:
        """Date the item's draft `day` (writing the draft from its template if there is none):
        the item waits until then. A nudge's draft goes through the pestering guard first."""
        journal = self.journal_app.journal
        if journal is None:
            return
        today = self.journal_app.as_of
        written = existing_draft(journal, item)
        if written is not None:
            record: FollowUp = dataclasses.replace(written, date=day)
        else:
            record = draft_for(journal, item, day, warn=self._template_warning)
        done = f"Snoozed the {item_words(item)} until {fmt(day, today)}: its draft is dated then"
        self.write_guarded(journal, written, record, done, "Snooze anyway")

    def write_guarded(
        self, journal: Journal, written: FollowUp | None, record: FollowUp, done: str, anyway: str
    ) -> None:
        """Write `record` (over the draft `written`, or as a new file) once the pestering guard
        has had its say: its reasons in a confirm dialog (`anyway` / Cancel), or nothing to say.
        The user's own draft logged as sent is asked about too if it still has a blank to fill in
        (a message made from the template just now is only a record of one sent elsewhere).
        The write goes on the undo stack."""
        root, today = journal.root, self.journal_app.as_of

        def log() -> Change:
            if written is not None:
                return Change(done, changed=((written, save(root, record).record),))
            return Change(done, created=(create(root, record),))

        pestering = pestering_guard(journal, journal.settings.policy, record, today)
        reasons = [guard_text(pestering)] if pestering else []
        if written is not None and record.status == "sent":
            reasons += still_to_fill(record.subject, record.body)
        if not reasons:
            self.write(log, f"{done} (u undoes)", self._remember)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.write(log, f"{done} (u undoes)", self._remember)

        dialog = ConfirmDialog("\n\n".join(reasons), yes=anyway, no="Cancel", default=False)
        self.app.push_screen(dialog, answer)

    def _snooze_interview(self, interview: Interview, day: date | None) -> None:
        """Set (or, with None, lift) the interview's `snooze_until`."""
        journal = self.journal_app.journal
        if journal is None:
            return
        current = journal.interviews.get(interview.id, interview)
        today = self.journal_app.as_of
        done = (
            f"Snoozed everything about {interview.title} until {fmt(day, today)}"
            if day
            else f"{interview.title} is no longer snoozed"
        )

        def log() -> Change:
            return Change(
                done, changed=((current, save(journal.root, dataclasses.replace(current, snooze_until=day)).record),)
            )

        self.write(log, f"{done} (u undoes)", self._remember)

    def action_snoozed(self) -> None:
        """List every snooze (until when, what it holds back); Enter on one lifts it."""
        journal = self.ready()
        if journal is None:
            return
        if not self.snoozed:
            self.notify("Nothing is snoozed.")
            return
        today = self.journal_app.as_of

        def lift(key: str | None) -> None:
            current = self.journal_app.journal
            kind, _, ident = (key or "").partition(":")
            if current is None:
                return
            if kind == "interview" and ident in current.interviews:
                self._snooze_interview(current.interviews[ident], None)
            elif kind == "draft" and ident in current.followups:
                draft = current.followups[ident]
                done = (
                    f"The {draft.kind.replace('-', ' ')} to {draft.to or 'them'} is due again: its draft is dated today"
                )

                def log() -> Change:
                    return Change(
                        done, changed=((draft, save(current.root, dataclasses.replace(draft, date=today)).record),)
                    )

                self.write(log, f"{done} (u undoes)", self._remember)

        self.app.push_screen(SnoozedDialog(self.snoozed, today), lift)
