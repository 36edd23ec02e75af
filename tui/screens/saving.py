"""Saving an editor's record by SPEC 2.5, and living with a disk that others write to.

A save goes through `journal.store` (minimal diff, refused when the file changed since it was
loaded). Refused, it reads the file again and merges field by field (`journal.merge`, base =
the version the editor loaded): what only the other side changed is taken silently and the
editor says which fields it took; what both changed is shown side by side to pick from, and
the losing version is kept under `.followup/conflicts/`. A file on disk that no longer parses
can be fixed in `$EDITOR`, or the edits kept as a copy. A clean editor reloads silently.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType

from journal import ConflictError, JournalError, SaveError
from journal.merge import Merged, merge
from journal.store import create, save
from tui.disk import OnDisk, copy_path, keep_copy, mine_as_bytes, read_disk, read_record
from tui.journal_update import JournalUpdate
from tui.screens.editing import Record, RecordEditor, State
from tui.screens.external import editor_name, open_in_editor

if TYPE_CHECKING:
    from tui.dialogs.merge import Picks

ATTEMPTS = 3
"""Merges in a row before giving up on a file that keeps changing under the save."""


def differing(mine: Record, other: object) -> tuple[str, ...]:
    """The fields whose values differ between two versions of a record."""
    return tuple(
        item.name
        for item in dataclasses.fields(mine)
        if item.name not in ("id", "source") and getattr(mine, item.name) != getattr(other, item.name)
    )


class SavingEditor(RecordEditor):
    """An editor that saves, merges with changes made on disk, and asks before losing anything."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *RecordEditor.BINDINGS,
        Binding("f4", "open_in_editor", "Open in $EDITOR", show=False),
    ]

    def __init__(self, record: Record, new: bool) -> None:
        super().__init__(record, new)
        self._asked_about: tuple[str | None] | None = None
        """The disk version (digest, or None for deleted) the user was already asked about."""

    def new_id(self, record: Any) -> str:
        raise NotImplementedError

    def after_save(self, record: Record) -> None:
        """Hook for subclasses (e.g. open the next thing)."""

    def names(self, fields: tuple[str, ...]) -> str:
        labels = [self.label_of(name) for name in fields]
        return ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else labels[0]

    # Saving -----------------------------------------------------------------------------

    def action_save(self) -> None:
        record = self.build()
        if record is None:
            first = next(iter(self.errors))
            self.notify(f"Not saved: {first.replace('_', ' ')}: {self.errors[first]}", severity="error")
            self.query_one(f"#f-{first}").focus()
            return
        self._save(record, self.state(), self.record, self.new)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, mine: Record, shown: State, base: Record, new: bool) -> None:
        """Write `mine`, built from the form when it showed `shown` (keys typed meanwhile stay unsaved)
        and edited from `base`, the version the editor loaded."""
        app, root = self.journal_app, self.journal_app.root
        try:
            if new:
                created: Record = create(root, dataclasses.replace(mine, id=self.new_id(mine)))
                message = f"Created {created.source.path if created.source else created.id}"
                app.call_from_thread(self._saved, created, shown, message, (), False)
            else:
                self._save_merging(mine, shown, base, mine)
        except (JournalError, OSError) as exc:
            app.call_from_thread(app.notify, str(exc), title="Not saved", severity="error", timeout=8)

    def _save_merging(self, mine: Record, shown: State, base: Record, record: Record, kept: str = "") -> None:
        """(In the save worker.) Save `record`; when the file changed on disk, merge `mine` with it and go on."""
        app, root = self.journal_app, self.journal_app.root
        assert base.source is not None
        rel = base.source.path
        for _ in range(ATTEMPTS):
            try:
                saved = save(root, record)
            except ConflictError:
                disk = read_disk(root, rel)
                if disk.raw is None:
                    app.call_from_thread(self._ask_gone, mine, shown, base)
                    return
                if disk.record is None:
                    app.call_from_thread(self._ask_broken, mine, shown, base, disk)
                    return
                merged = merge(base, mine, disk.record)
                if merged.conflicts:
                    app.call_from_thread(self._ask_merge, mine, shown, base, merged, disk.raw)
                    return
                record = merged.record
                continue
            taken = differing(mine, saved.record)
            message = f"Saved {rel}" if saved.written else "No changes to save"
            if taken:
                message += f"; took {self.names(taken)} from the file on disk, changed there while you edited"
            if kept:
                message += f"; the version not kept is in {kept}"
            app.call_from_thread(self._saved, saved.record, shown, message, taken, bool(taken or kept))
            return
        raise SaveError(f"{rel} keeps changing on disk; nothing was saved, save again in a moment")

    def _saved(self, record: Record, shown: State, message: str, taken: tuple[str, ...], merged: bool) -> None:
        """Show what the file holds now: the fields `taken` from disk replace what the form had."""
        self.new = False
        self.show(record, taken, shown)
        self.note(message + "." if merged else "")
        self.notify(message, timeout=10 if merged else 3)
        self.journal_app.reload()
        self.journal_app.refresh_git()
        self.after_save(record)

    # When the file changed on disk -------------------------------------------------------

    def _ask_merge(self, mine: Record, shown: State, base: Record, merged: Merged[Any], theirs: bytes) -> None:
        from tui.dialogs.merge import MergeDialog

        assert base.source is not None

        def chosen(picks: Picks | None) -> None:
            if not picks:
                self.notify("Not saved; the file on disk is as it was, your edits are still here.")
                return
            final = dataclasses.replace(
                merged.record, **{c.field: c.theirs for c in merged.conflicts if picks[c.field] == "theirs"}
            )
            self._save_picked(mine, shown, base, final, theirs, tuple(sorted(set(picks.values()))))

        self.app.push_screen(MergeDialog(base.source.path, merged.conflicts, self.label_of), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save_picked(
        self, mine: Record, shown: State, base: Record, final: Record, theirs: bytes, sides: tuple[str, ...]
    ) -> None:
        """Keep a copy of each version that lost a pick (before writing anything else), then save."""
        app, root = self.journal_app, self.journal_app.root
        try:
            kept = []
            if "theirs" in sides:  # some of mine lost
                kept.append(keep_copy(root, mine.id, "mine", mine_as_bytes(mine)))
            if "mine" in sides:  # some of theirs is overwritten
                kept.append(keep_copy(root, mine.id, "theirs", theirs))
            self._save_merging(mine, shown, base, final, " and ".join(kept))
        except (JournalError, OSError) as exc:
            app.call_from_thread(app.notify, str(exc), title="Not saved", severity="error", timeout=8)

    def _ask_gone(self, mine: Record, shown: State, base: Record) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        assert base.source is not None

        def choose(choice: str | None) -> None:
            if choice == "copy":
                self._save(dataclasses.replace(mine, source=None), shown, base, True)

        question = f"{base.source.path} was deleted or renamed on disk since you opened it; nothing was saved."
        choices = [("copy", "Save mine as a new record"), ("cancel", "Cancel")]
        self.app.push_screen(ChoiceDialog(question, choices, default="cancel"), choose)

    def _ask_broken(self, mine: Record, shown: State, base: Record, disk: OnDisk) -> None:
        """The file on disk no longer parses: offer what can work (never an overwrite that would fail)."""
        from tui.dialogs.confirm import ChoiceDialog

        assert base.source is not None
        rel, data = base.source.path, mine_as_bytes(mine)
        editor = editor_name()

        def choose(choice: str | None) -> None:
            if choice == "keep-copy":
                self.write(
                    lambda: keep_copy(self.journal_app.root, mine.id, "mine", data),
                    "",
                    lambda kept: self.notify(f"Your version is kept in {kept}; {rel} is unchanged.", timeout=10),
                )
            elif choice == "edit":
                self.fix_in_editor(rel)

        question = (
            f"{rel} changed on disk and cannot be read now:\n{disk.problem}\nNothing was saved. "
            f'"Save mine as a copy" writes your version to {copy_path(mine.id, "mine", data)}; '
            f"or fix the file in {editor}, and the save goes on when you close it."
        )
        choices = [("keep-copy", "Save mine as a copy"), ("edit", f"Open it in {editor}"), ("cancel", "Cancel")]
        self.app.push_screen(ChoiceDialog(question, choices, default="cancel"), choose)

    def fix_in_editor(self, rel: str) -> None:
        """Hand the terminal to `$VISUAL`/`$EDITOR` on the broken file, then save again (merging with the fix)."""
        path = self.journal_app.root / rel
        if not open_in_editor(self, rel, reload=False):
            return
        try:
            self._asked_about = (hashlib.sha256(path.read_bytes()).hexdigest(),)  # the save below handles it
        except OSError:
            self._asked_about = (None,)
        self.action_save()

    def action_open_in_editor(self) -> None:
        """This record's file in `$EDITOR`; refused with unsaved edits here, so neither version is lost."""
        source = self.record.source
        if self.new or source is None:
            self.notify("This record is not saved yet: save it (ctrl+s) to open its file in your editor.")
            return
        if self.dirty:
            self.notify(
                f"You have unsaved edits here: save them (ctrl+s) or undo them before opening {source.path} "
                "in your editor, so that neither version is lost.",
                title="Not opened",
                severity="warning",
                timeout=8,
            )
            return
        open_in_editor(self, source.path)  # the reload shows what the editor wrote (this editor is clean)

    def show_journal(self, update: JournalUpdate) -> None:
        source = self.record.source
        if self.new or source is None or source.path not in update.changed:
            return
        disk = read_record(self.journal_app.root, source.path)
        digest = disk.source.digest if disk is not None and disk.source is not None else None
        if digest == source.digest or (self.dirty and self._asked_about == (digest,)):
            return  # our own save, a touch without a change, or a change we already asked about
        if self._saving():
            return  # the save under way merges with what the disk holds, and says so when it is done
        if not self.dirty:
            if disk is None:
                self.notify(f"{source.path} was deleted or broken on disk; saving will ask first.", severity="warning")
                return
            self.show(disk)
            self._asked_about = None
            self.notify(f"Reloaded {source.path}: it changed on disk.")
            return
        self._asked_about = (digest,)
        self._ask_keep_or_take(disk)

    def _saving(self) -> bool:
        """Whether a save of this record is under way (a reload may read the file it just wrote)."""
        return any(
            worker.node is self and worker.group == "save" and not worker.is_finished for worker in self.app.workers
        )

    def _ask_keep_or_take(self, disk: Record | None) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        assert self.record.source is not None
        path = self.record.source.path
        gone = disk is None

        def choose(choice: str | None) -> None:
            if choice == "theirs" and disk is not None:
                mine = self.build() or self.record
                kept = keep_copy(self.journal_app.root, mine.id, "mine", mine_as_bytes(mine))
                self.show(disk)
                self._asked_about = None
                self.notify(f"Took the version on disk; yours is kept in {kept}.", timeout=10)
            else:
                self.notify("Kept your edits; saving merges them with the file on disk.")

        what = "was deleted or broken" if gone else "changed"
        question = f"{path} {what} on disk while you have unsaved edits here."
        keep = [("theirs", "Take theirs (keep mine in .followup/conflicts/)")]
        self.app.push_screen(ChoiceDialog(question, [("mine", "Keep mine"), *([] if gone else keep)], "mine"), choose)

    def action_leave(self) -> None:
        from tui.dialogs.confirm import ChoiceDialog

        if not self.dirty:
            self.dismiss_editor()
            return

        def choose(choice: str | None) -> None:
            if choice == "discard":
                self.journal_app.dirty_editors.discard(self)
                self.dismiss_editor()
            elif choice == "save":
                self.action_save()

        choices = [("save", "Save"), ("discard", "Discard"), ("cancel", "Keep editing")]
        self.app.push_screen(ChoiceDialog("You have unsaved changes.", choices, default="cancel"), choose)

    def dismiss_editor(self) -> None:
        self.app.pop_screen()
