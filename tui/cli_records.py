"""`followup new interview|followup` and `followup import csv`: commands that add records.

`import` itself (its kinds and their arguments) is `tui.cli_import`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.arguments import day_arg, when_arg
from journal.layout import FOLLOWUPS, INTERVIEWS
from journal.problems import Problem
from journal.records import (
    CHANNELS,
    FORMATS,
    KINDS,
    OUTBOUND_KINDS,
    OUTCOMES,
    STAGES,
    STATUSES,
    FollowUp,
    Interview,
    day_of,
)
from journal.words import counted, plural
from tui.cli_common import OWNER_HINT, UsageError, load_journal, now, shown, today

if TYPE_CHECKING:
    from journal.model import Journal


def cmd_new_interview(args: argparse.Namespace, root: Path) -> int:
    """Log an interview round; prints the file created."""
    from journal import store

    try:
        from journal.exports import parse_person

        interviewers = tuple(parse_person(text) for text in args.interviewer)
    except ValueError as exc:
        raise UsageError(f"--interviewer: {exc}") from None
    for name in ("company", "role"):
        if not getattr(args, name).strip():
            raise UsageError(f"--{name} must not be empty")
    draft = Interview(
        id="",
        company=args.company.strip(),
        role=args.role.strip(),
        date=args.date if args.date is not None else now(root).date(),
        stage=args.stage,
        format=args.format,
        location=args.location,
        interviewers=interviewers,
        next_steps=args.next_steps,
        decision_by=args.decision_by,
        follow_up_on=args.follow_up_on,
        outcome=args.outcome,
        tags=tuple(args.tag),
    )
    record = store.create(root, replace(draft, id=store.interview_id(root, draft)))
    print(shown(root / INTERVIEWS / f"{record.id}.md"))
    return 0


def cmd_new_followup(args: argparse.Namespace, root: Path) -> int:
    """Log (or draft) a message; warns on stderr when a nudge may read as pestering."""
    from journal import store
    from journal.agenda import pestering_guard

    journal = load_journal(root)
    interview = find_interview(journal, args.interview)
    if interview is None and not args.to:
        raise UsageError("give --interview ID, or --to NAME for a check-in outside any interview process")
    to = args.to or _sole_interviewer(interview, args.kind)
    direction = "in" if args.kind == "reply" else "out"
    status = args.status or ("received" if direction == "in" else "draft" if args.template else "sent")
    when = args.date if args.date is not None else now(journal)
    subject, body = args.subject, (args.body or "")
    notes: list[str] = []
    if args.template:
        if args.kind not in OUTBOUND_KINDS:
            raise UsageError(f"--template: no template for kind {args.kind!r} (one of {', '.join(OUTBOUND_KINDS)})")
        from journal.templates import fill

        draft = fill(journal, args.kind, interview, to, today=day_of(when))
        if draft.warning:
            notes.append(f"warning: {draft.warning}")
        for note in draft.notes if not args.body else ():
            hint = f"; {OWNER_HINT.format(where=shown(root))}" if note.startswith("not signed") else ""
            notes.append(f"note: {note}{hint}")
        subject, body = subject or draft.subject or None, args.body or draft.body
    if args.kind == "linkedin" and args.body:
        from journal.templates import note_count, note_length

        limit = journal.settings.policy.linkedin_note_limit
        severity = "warning" if note_length(body) > limit else "note"
        notes.append(f"{severity}: LinkedIn note: {note_count(body, limit)}")
    who = to or (interview.company if interview else args.kind)
    record = FollowUp(
        id=store.followup_id(root, args.kind, day_of(when).isoformat(), who),
        kind=args.kind,
        interview=interview.id if interview else None,
        to=to,
        direction=direction,
        channel=args.channel or ("linkedin" if args.kind == "linkedin" else None),
        status=status,
        date=when,
        subject=subject,
        body=body if not body or body.endswith("\n") else body + "\n",
    )
    guard = pestering_guard(journal, journal.settings.policy, record, day_of(when))
    for line in [f"warning: {reason}" for reason in guard] + notes:
        print(line, file=sys.stderr)
    created = store.create(root, record)
    print(shown(root / FOLLOWUPS / f"{created.id}.md"))
    return 0


def find_interview(journal: Journal, wanted: str | None) -> Interview | None:
    """The interview `--interview ID` names (a unique prefix will do); a usage error with suggestions if none."""
    if wanted is None:
        return None
    key = wanted.strip().removesuffix(".md").rsplit("/", 1)[-1]
    if key in journal.interviews:
        return journal.interviews[key]
    close = [known for known in journal.interviews if known.startswith(key)][:3]
    import difflib

    close = close or difflib.get_close_matches(key, list(journal.interviews), n=3, cutoff=0.75)
    hint = (
        f"; did you mean {' or '.join(close)}?" if close else "; 'followup due' and the interviews/ folder list the ids"
    )
    raise UsageError(f"no interview {wanted!r} in {journal.root / INTERVIEWS}{hint}")


def _sole_interviewer(interview: Interview | None, kind: str) -> str | None:
    """Who a message goes to when --to is not given: the only interviewer, if there is one."""
    if interview is None or not interview.interviewers:
        return None
    if len(interview.interviewers) == 1:
        return interview.interviewers[0].name
    if kind in ("thank-you", "linkedin", "reply"):
        names = ", ".join(repr(person.name) for person in interview.interviewers)
        raise UsageError(f"--to: which interviewer is this {kind} for? one of {names}")
    return None


def cmd_import(args: argparse.Namespace, root: Path) -> int:
    """Create interview files from a spreadsheet; bad rows are reported and skipped."""
    from journal import imports
    from journal.agenda import agenda

    path = Path(args.file).expanduser()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{args.file}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{args.file}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the spreadsheet as 'CSV UTF-8'"
        ) from None
    journal = load_journal(root)
    try:
        found = imports.read_csv(text, path.name, journal.interviews.values())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    created: list[Interview] = []
    problems = list(found.problems)
    stopped: imports.ImportStopped | None = None
    try:
        for line, outcome in imports.create_interviews(root, found.new, path.name):
            if isinstance(outcome, Problem):
                problems.append(outcome)
                continue
            created.append(outcome)
            print(f"{path.name}:{line}: created {shown(root / INTERVIEWS / f'{outcome.id}.md')}")
    except imports.ImportStopped as exc:
        stopped = exc
    except KeyboardInterrupt:
        print(_stop_note(root, path.name, created, len(found.new), "interrupted"), file=sys.stderr)
        raise
    for line, why in found.skipped:
        print(f"{path.name}:{line}: skipped: {why}")
    for problem in sorted(problems, key=lambda p: p.line):
        where = f"{problem.field}: " if problem.field else ""
        print(f"{problem.path}:{problem.line}: error: {where}{problem.message}; row skipped", file=sys.stderr)
    if found.ignored_columns:
        ignored = plural(len(found.ignored_columns), "column")
        print(f"note: ignored {ignored}: {', '.join(found.ignored_columns)}", file=sys.stderr)
    if stopped is not None:
        print(f"{path.name}:{stopped.line}: error: {stopped.reason}", file=sys.stderr)
        print(_stop_note(root, path.name, created, len(found.new), f"stopped at line {stopped.line}"), file=sys.stderr)
    print(
        f"imported {counted(len(created), 'interview')}; {len(found.skipped)} already in the journal; "
        f"{counted(len(problems), 'bad row')}"
    )
    if created:
        # The journal as loaded plus what was just written: the same as loading it again, without reading every file.
        fresh = replace(journal, interviews={**journal.interviews, **{record.id: record for record in created}})
        due = sum(1 for item in agenda(fresh, fresh.settings.policy, today(fresh)) if item.state != "upcoming")
        print(f"{counted(due, 'follow-up action')} due now; see 'followup due'")
    return 1 if problems or stopped is not None else 0


def _stop_note(root: Path, name: str, created: list[Interview], rows: int, why: str) -> str:
    """How far an import got, naming what it created, and that running it again is safe."""
    files = [shown(root / INTERVIEWS / f"{record.id}.md") for record in created]
    named = ", ".join(files) if len(files) <= 3 else f"{files[0]} … {files[-1]}, each listed above"
    made = f"{counted(len(created), 'interview')} created ({named})" if created else "no interview created"
    return (
        f"import {why}: {made}; {counted(rows - len(created), 'row')} of {name} not imported. Every file written is "
        f"complete. Fix the cause and run the same import again: the rows already imported are skipped."
    )


def register(subparsers: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `new interview` and `new followup` to the command line (`import csv` is in `tui.cli_import`)."""
    new = subparsers.add_parser("new", parents=[common], help="log an interview or a follow-up")
    kinds = new.add_subparsers(title="what", dest="record", metavar="interview|followup", required=True)

    iv = kinds.add_parser("interview", parents=[common], help="log an interview round")
    iv.add_argument("--company", required=True)
    iv.add_argument("--role", required=True)
    iv.add_argument("--date", type=when_arg, metavar="D", help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: today)")
    iv.add_argument("--stage", choices=STAGES)
    iv.add_argument("--format", choices=FORMATS)
    iv.add_argument("--location")
    iv.add_argument(
        "--interviewer", action="append", default=[], metavar='"NAME <EMAIL>"', help="repeat for each interviewer"
    )
    iv.add_argument("--next-steps", metavar="TEXT", help="what they said happens next")
    iv.add_argument("--decision-by", type=day_arg, metavar="D", help="the date they said they would decide")
    iv.add_argument("--follow-up-on", type=day_arg, metavar="D", help="the date they said following up is fine")
    iv.add_argument("--outcome", choices=OUTCOMES, default="pending")
    iv.add_argument("--tag", action="append", default=[], help="repeat for each tag")
    iv.set_defaults(func=cmd_new_interview, one_shot=True)

    fu = kinds.add_parser("followup", parents=[common], help="log or draft a message")
    fu.add_argument("--interview", metavar="ID", help="the interview it belongs to (its file name without .md)")
    fu.add_argument("--kind", required=True, choices=KINDS)
    fu.add_argument("--to", metavar="NAME", help="the person (for a reply: who wrote to you)")
    fu.add_argument("--channel", choices=CHANNELS)
    fu.add_argument(
        "--status",
        choices=STATUSES,
        help="default: sent (received for a reply, draft with --template); skipped: decided not to send",
    )
    fu.add_argument("--date", type=when_arg, metavar="D", help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now)")
    fu.add_argument("--subject")
    fu.add_argument("--body", metavar="TEXT", help="the message text")
    fu.add_argument("--template", action="store_true", help="fill the body from the template for this kind")
    fu.set_defaults(func=cmd_new_followup, one_shot=True)
