"""Modal dialogs: confirm, conflict, commit, single values, interviewers."""
