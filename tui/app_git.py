"""Git from the app: the header's status, the commit dialog kept current, and `git init` only where it applies.

Everything that runs git (status, the committed versions the message is written from, commit,
init) runs in workers; the dialog hears about files changing while it is open through
`refresh_git`, which recomputes the list and the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from journal import Journal
from tui import gitops
from tui.commit_message import commit_message

if TYPE_CHECKING:
    from pathlib import Path


class GitActions(App[int]):
    """The App's git actions (a base class of `FollowupApp`, which provides `root` and `journal`)."""

    root: Path
    journal: Journal | None
    git: gitops.GitStatus | None

    def show_status(self) -> None:
        """Redraw the header's status line (override)."""

    def reload(self, changed: frozenset[str] = frozenset()) -> None:
        """Read the files at `changed` again through the live journal (override)."""

    def _commit_dialog(self) -> object | None:
        from tui.dialogs.commit import CommitDialog

        return next((screen for screen in self.screen_stack if isinstance(screen, CommitDialog)), None)

    def refresh_git(self, open_dialog: bool = False) -> None:
        """Read git's status; with the commit dialog open (or `open_dialog`), also write its message."""
        self._refresh_git(open_dialog or self._commit_dialog() is not None, open_dialog)

    @work(thread=True, exclusive=True, exit_on_error=False, group="git")
    def _refresh_git(self, with_message: bool, open_dialog: bool) -> None:
        state = gitops.status(self.root)
        message = None
        journal = self.journal
        if with_message and journal is not None and state.changes:
            message = commit_message(journal, state.changes, lambda rel: gitops.committed(self.root, rel))
        self.call_from_thread(self._git_known, state, message, open_dialog)

    def _git_known(self, state: gitops.GitStatus, message: str | None, open_dialog: bool) -> None:
        from tui.dialogs.commit import CommitDialog

        self.git = state
        self.show_status()
        dialog = self._commit_dialog()
        if isinstance(dialog, CommitDialog):
            dialog.show_changes(message or "", state.changes)
        elif open_dialog:
            if message is None:
                self.notify("Nothing to commit: the journal is clean.")
            else:
                self.push_screen(CommitDialog(message, state.changes), self._commit_with)

    def action_commit(self) -> None:
        if self.git is not None and not self.git.repo and not self.git.error:
            self._offer_init()
            return
        if self.journal is None:
            self.notify("Still loading the journal; one moment…")
            return
        self.refresh_git(open_dialog=True)

    def _commit_with(self, message: str | None) -> None:
        if message:
            self._commit(message)

    @work(thread=True, exclusive=True, exit_on_error=False, group="git-write")
    def _commit(self, message: str) -> None:
        try:
            head = gitops.commit(self.root, message)
        except gitops.GitError as exc:
            self.call_from_thread(self.notify, f"Commit failed: {exc}", severity="error")
        else:
            self.call_from_thread(self.notify, f"Committed {head}: {message.splitlines()[0]}")
        self.call_from_thread(self.refresh_git)

    def _offer_init(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        question = f"{self.root.name} is not a git repository. Run git init there?"

        def answer(yes: bool | None) -> None:
            if yes:
                self.action_git_init()

        self.push_screen(ConfirmDialog(question, yes="git init"), answer)

    @work(thread=True, exclusive=True, exit_on_error=False, group="git-write")
    def action_git_init(self) -> None:
        if gitops.status(self.root).repo:
            self.call_from_thread(self.notify, f"{self.root} is already in a git repository; nothing was changed.")
        else:
            try:
                gitops.init(self.root)
            except gitops.GitError as exc:
                self.call_from_thread(self.notify, f"git init failed: {exc}", severity="error")
            else:
                self.call_from_thread(self.notify, "Initialised a git repository for the journal.")
        self.call_from_thread(self.refresh_git)

    def action_sync(self) -> None:
        """F5: commit, fetch, rebase with the record merge driver, push (`followup sync`), in a worker."""
        if self.git is None or not self.git.repo:
            self.notify("The journal is not in a git repository; there is nothing to sync with.", severity="warning")
            return
        where = self.git.upstream or "the remote"
        self.notify(f"Syncing with {where}: commit, fetch, merge, push…", timeout=3)
        self.sub_title = f"syncing with {where}…"
        self._sync()

    @work(thread=True, exclusive=True, exit_on_error=False, group="git-write")
    def _sync(self) -> None:
        from tui import gitsync

        state = gitops.status(self.root)
        journal = self.journal
        message = None
        if state.changes and journal is not None:
            message = commit_message(journal, state.changes, lambda rel: gitops.committed(self.root, rel))
        try:
            result = gitsync.sync(self.root, message)
        except gitops.GitError as exc:
            self.call_from_thread(self.notify, f"Sync stopped: {exc}", title="Sync", severity="error", timeout=15)
        else:
            self.call_from_thread(self._synced, result)
        self.call_from_thread(self.refresh_git)

    def _synced(self, result: object) -> None:
        from tui.gitsync import SyncResult

        assert isinstance(result, SyncResult)
        if result.changed:
            self.reload(frozenset(result.changed))  # what the sync wrote, through the one live journal
        if not result.stopped:
            self.notify("\n".join(result.steps), title="Synced")
            return
        where = "\n".join(f"{path}:{line}" for path, line in result.conflicts[:8])
        self.notify(
            f"{where}\nBoth sides changed the same thing there. Keep one side in each file (Problems lists "
            "them), then finish with: git add -A && git commit --no-edit — or give up with: git merge --abort",
            title="Sync left conflicts",
            severity="error",
            timeout=30,
        )

    def git_applies(self, action: str) -> bool | None:
        """`git init` only outside a repository; a commit only with something to commit (None: the key is
        shown dimmed, the palette leaves it out). The palette and the keys both ask this."""
        if action == "git_init":
            return self.git is not None and not self.git.repo and not self.git.error
        if action == "commit" and self.git is not None and self.git.repo and not self.git.changes:
            return None
        if action == "sync":
            return self.git is not None and self.git.repo and self.git.remote
        return True
