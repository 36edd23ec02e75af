"""Generate a realistic synthetic journal, for benchmarks and for tests that need volume.

    python bench/generate.py OUT_DIR --interviews N [--seed S] [--today YYYY-MM-DD] [--hand-share F]

Companies and roles form processes of 1-4 rounds with 1-3 interviewers each; every round
gets a debrief with `## Talking points`, and about three follow-ups (thank-yous, LinkedIn
requests, status checks, replies). Dates spread over the year before `today`. The same
seed and `today` give the same bytes. Files are written with plain writes (speed matters
more than crash safety here).

A benchmark of files only in the product's own style would let a figure be won by a path
that only that style takes (the product once had two such fast parsers). So about a third of the files (`--hand-share`, by default 1/3) are written the way people
write by hand (`bench/handwritten.py`: comments, quoting, block scalars, flow mappings,
richer Markdown, …), each meaning what its product-style twin would (`bench/product_style.py`
holds both the facts and that style). The facts come from one generator and the style of each
file from its own, so the records are the same whatever the share, and those of the journal
this script wrote before it wrote anything by hand. It prints how many files got each style.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.handwritten import hand_text
from bench.product_style import Record, Section, Value, product_text
from journal.slug import slugify

COMPANIES = (
    "Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Stark Industries", "Wayne Enterprises",
    "Tyrell Systems", "Cyberdyne", "Soylent Foods", "Massive Dynamic", "Aperture Labs", "Black Mesa",
    "Vandelay Industries", "Pied Piper", "Dunder Mifflin", "Oscorp", "Wonka Confections", "Nakatomi Trading",
    "Gringotts Bank", "Monarch Solutions", "Blue Sun", "Weyland-Yutani", "Virtucon", "Zorg Industries",
    "Octan Energy", "Sirius Cybernetics", "Ollivanders", "Bluth Company", "Prestige Worldwide", "Krusty Krab",
    "Los Pollos Hermanos", "Spacely Sprockets", "Cogswell Cogs", "Gekko & Co", "Rekall", "Omni Consumer Products",
    "Yoyodyne", "Tessier-Ashpool", "Sterling Cooper", "Genco Pura", "Ewing Oil", "Buy n Large", "InGen",
    "Kwik-E-Mart Tech", "Duff Analytics", "Mom's Friendly Robots", "Planet Express", "Atlas Data", "Nordlicht GmbH",
    "Société Générale de Logiciel", "Müller & Söhne", "Sakura Robotics", "São Paulo Fintech", "Zürich Cloud AG",
)  # fmt: skip
ROLES = (
    "Backend Engineer", "Senior Backend Engineer", "Staff Engineer", "Frontend Engineer", "Full-Stack Developer",
    "Site Reliability Engineer", "Data Engineer", "Machine Learning Engineer", "Platform Engineer",
    "Engineering Manager", "Product Engineer", "Mobile Developer", "Security Engineer", "DevOps Engineer",
    "Software Engineer II", "Principal Engineer", "QA Automation Engineer", "Solutions Architect",
)  # fmt: skip
FIRST = (
    "Jane", "Raj", "Maria", "Chen", "Fatima", "Lukas", "Amara", "Diego", "Priya", "Tom", "Sofia", "Kenji", "Olga",
    "Kwame", "Léa", "Noah", "Aisha", "Mateo", "Ingrid", "Yusuf", "Hannah", "Wei", "Zoë", "Björn", "Carmen", "Ravi",
)  # fmt: skip
LAST = (
    "Doe", "Patel", "García", "Li", "Khan", "Schmidt", "Okafor", "Fernández", "Sharma", "Nguyen", "Rossi", "Tanaka",
    "Ivanova", "Mensah", "Dubois", "Cohen", "Ali", "Silva", "Larsen", "Yılmaz", "Müller", "Zhang", "O'Brien",
)  # fmt: skip
TITLES = (
    "Engineering Manager", "Staff Engineer", "Senior Engineer", "Recruiter", "Technical Recruiter",
    "Head of Engineering", "Product Manager", "Tech Lead", "Director of Engineering", "CTO",
)  # fmt: skip
STAGES = ("phone-screen", "technical", "onsite", "final")
FORMATS = {"phone-screen": "phone", "technical": "video", "onsite": "in-person", "final": "video"}
LOCATIONS = ("Zoom", "Google Meet", "Microsoft Teams", "Phone", "Office, 3rd floor", "HQ, Room 12")
TOPICS = (
    "their migration from cron jobs to an event queue; I described the Kafka cut-over",
    "on-call load and how they keep pages under two a week",
    "the monolith split: they are carving out billing first",
    "code review culture — small PRs, reviewed within a day",
    "how the team measures impact beyond velocity",
    "a system design exercise on rate limiting with a sliding window",
    "their Postgres-to-Aurora move and the replication lag they hit",
    "mentoring juniors; I talked about pairing sessions at my last job",
    "the roadmap for the public API and versioning strategy",
    "testing strategy: contract tests between services",
    "remote work rituals across three time zones",
    "the incident last spring and their blameless post-mortem",
    "hiring plans: the team doubles next year",
    "observability: moving from logs to traces with OpenTelemetry",
)  # fmt: skip
NOTES = (
    "Went well overall. I stumbled on one question about consistency models.",
    "Friendly panel; they asked a lot about trade-offs.",
    "Long day, but I liked the team. Salary range not discussed yet.",
    "Interviewer was late by ten minutes; rushed at the end.",
    "They seemed keen. Asked about my notice period.",
    "Whiteboard-heavy. I should practise drawing sequence diagrams.",
)  # fmt: skip
NEXT_STEPS = (
    "Recruiter calls by Friday with a decision.",
    "They will schedule the next round within a week.",
    "Decision after all candidates are seen, about two weeks.",
    "Hiring manager will reach out next week.",
)  # fmt: skip
TAGS = ("python", "remote", "go", "rust", "hybrid", "startup", "fintech", "relocation", "kubernetes", "typescript")


HAND_SHARE = 1 / 3
"""The share of files written by hand (`bench/handwritten.py`) rather than in the product's style."""


@dataclass
class Tally:
    """The files written, by style (paths relative to the journal root, in the order written)."""

    product: list[str] = field(default_factory=list)
    hand: list[str] = field(default_factory=list)

    def summary(self) -> str:
        total = len(self.product) + len(self.hand)
        share = len(self.hand) / total if total else 0.0
        return f"{total} files: {len(self.product)} in the product's style, {len(self.hand)} hand-written ({share:.0%})"


@dataclass
class _Writer:
    root: Path
    rng: random.Random
    seed: int
    hand_share: float
    taken: dict[str, set[str]] = field(default_factory=lambda: {"interviews": set(), "followups": set()})
    people: dict[str, str] = field(default_factory=dict)
    """Person name -> company, of everyone met (for people/ files)."""
    followups: int = 0
    tally: Tally = field(default_factory=Tally)

    def unique(self, folder: str, base: str) -> str:
        taken = self.taken[folder]
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        return candidate

    def write(self, record: Record) -> None:
        """Write one record in the style its own seed picks, so the facts never depend on the style.

        The style and every hand-writing choice come from a generator seeded by the journal's
        seed and the file's path, not from `self.rng`: the records stay those of any other
        share of hand-written files (0 gives every file in the product's style).
        """
        path = f"{record.folder}/{record.ident}.md"
        style = random.Random(f"{self.seed}/{path}")
        if style.random() < self.hand_share:
            text = hand_text(record, style)
            self.tally.hand.append(path)
        else:
            text = product_text(record)
            self.tally.product.append(path)
        (self.root / path).write_text(text, encoding="utf-8", newline="\n")


def _when(moment: datetime | date) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M") if isinstance(moment, datetime) else moment.isoformat()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _business_after(day: date, days: int) -> date:
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _round(w: _Writer, company: str, role: str, stage: str, when: datetime | date, outcome: str, today: date) -> None:
    rng = w.rng
    day = when.date() if isinstance(when, datetime) else when
    ident = w.unique("interviews", f"{day.isoformat()}-{slugify(company)}-{slugify(role)}-{stage}")
    panel = [_person(rng) for _ in range(rng.randint(1, 3))]
    fields: list[tuple[str, Value]] = [
        ("company", company),
        ("role", role),
        ("stage", stage),
        ("date", _when(when)),
        ("format", FORMATS[stage]),
        ("location", rng.choice(LOCATIONS)),
    ]
    interviewers: list[dict[str, str]] = []
    for name in panel:
        w.people.setdefault(name, company)
        handle = slugify(name)
        entry = {"name": name, "title": rng.choice(TITLES)}
        if rng.random() < 0.6:
            entry["email"] = f"{handle.replace('-', '.')}@{slugify(company)}.example"
        if rng.random() < 0.5:
            entry["linkedin"] = f"https://www.linkedin.com/in/{handle}"
        interviewers.append(entry)
    fields.append(("interviewers", interviewers))
    decision = None
    if rng.random() < 0.7:
        fields.append(("next_steps", rng.choice(NEXT_STEPS)))
    if rng.random() < 0.5:
        decision = _business_after(day, rng.randint(3, 10))
        fields.append(("decision_by", decision.isoformat()))
    elif rng.random() < 0.2:
        fields.append(("follow_up_on", _business_after(day, rng.randint(5, 12)).isoformat()))
    fields.append(("outcome", outcome))
    fields.append(("interest", str(rng.randint(1, 5))))
    if rng.random() < 0.6:
        fields.append(("tags", rng.sample(TAGS, rng.randint(1, 3))))
    points = rng.sample(TOPICS, rng.randint(2, 4))
    sections = [
        Section("Talking points", tuple(f"{point[0].upper()}{point[1:]}." for point in points), bullets=True),
        Section("Notes", (rng.choice(NOTES),)),
    ]
    if rng.random() < 0.3:
        sections.append(Section("Questions I asked", ("What does success look like after six months?",), True))
    w.write(Record("interviews", ident, tuple(fields), tuple(sections)))
    _followups(w, ident, company, role, when, panel, outcome, decision, today)


def _followups(
    w: _Writer,
    interview: str,
    company: str,
    role: str,
    when: datetime | date,
    panel: list[str],
    outcome: str,
    decision: date | None,
    today: date,
) -> None:
    """About three per round: thank-yous, sometimes LinkedIn, a status check, a reply."""
    rng = w.rng
    start = when if isinstance(when, datetime) else datetime.combine(when, datetime.min.time()).replace(hour=17)
    for name in panel:
        if rng.random() < 0.9:
            sent = start + timedelta(hours=rng.randint(2, 30), minutes=rng.choice((0, 15, 30, 45)))
            status = "sent" if sent.date() <= today else "draft"
            first = name.split()[0]
            body = (
                f"Hi {first},\n\nThank you for taking the time to talk with me about the {role} role at {company}. "
                f"I especially enjoyed our conversation and came away even more excited about the team.\n\n"
                "Best regards,\nAlex\n"
            )
            _followup(w, interview, "thank-you", name, "email", status, sent, f"Thank you — {role} interview", body)
        if rng.random() < 0.4:
            sent = start + timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
            note = f"Hi {name.split()[0]}, great talking with you about {company}. I'd like to stay in touch."
            _followup(
                w,
                interview,
                "linkedin",
                name,
                "linkedin",
                "sent" if sent.date() <= today else "draft",
                sent,
                None,
                note + "\n",
            )
    recruiter = _person(rng)
    w.people.setdefault(recruiter, company)
    check_day = decision + timedelta(days=2) if decision else _business_after(start.date(), 5)
    if outcome in ("pending", "rejected", "ghosted", "offer") and rng.random() < 0.6 and check_day <= today:
        check = datetime.combine(check_day, datetime.min.time()).replace(hour=rng.randint(8, 11))
        body = f"Hi {recruiter.split()[0]},\n\nI wanted to check in on the {role} process. Is there an update?\n\nBest,\nAlex\n"
        _followup(w, interview, "status-check", recruiter, "email", "sent", check, f"Checking in — {role}", body)
        if outcome != "ghosted" and rng.random() < 0.7:
            reply = check + timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 6))
            if reply.date() <= today:
                text = "Thanks for your patience — we expect to decide by the end of next week.\n"
                _followup(
                    w, interview, "reply", recruiter, "email", "received", reply, f"Re: Checking in — {role}", text
                )


def _followup(
    w: _Writer,
    interview: str,
    kind: str,
    to: str,
    channel: str,
    status: str,
    when: datetime,
    subject: str | None,
    body: str,
) -> None:
    ident = w.unique("followups", f"{when.date().isoformat()}-{kind}-{slugify(to)}")
    fields: list[tuple[str, Value]] = [("interview", interview), ("kind", kind), ("to", to)]
    if kind == "reply":
        fields.append(("direction", "in"))
    fields += [("channel", channel), ("status", status), ("date", _when(when))]
    if subject:
        fields.append(("subject", subject))
    w.write(Record("followups", ident, tuple(fields), (Section(None, tuple(body.rstrip("\n").split("\n\n"))),)))
    w.followups += 1


def _process(w: _Writer, rounds: int, today: date) -> None:
    rng = w.rng
    company, role = rng.choice(COMPANIES), rng.choice(ROLES)
    start = today - timedelta(days=rng.randint(0, 364))
    moments: list[datetime | date] = []
    day = start
    for _ in range(rounds):
        while day.weekday() >= 5:
            day += timedelta(days=1)
        if rng.random() < 0.8:
            moments.append(
                datetime.combine(day, datetime.min.time()).replace(hour=rng.randint(9, 17), minute=rng.choice((0, 30)))
            )
        else:
            moments.append(day)
        day += timedelta(days=rng.randint(4, 14))
    recent = (today - start).days < 30
    final = (
        rng.choice(("pending", "next-round"))
        if recent
        else rng.choice(("rejected", "rejected", "offer", "withdrawn", "ghosted", "pending"))
    )
    stages = STAGES[4 - rounds :] if rounds < 4 else STAGES
    if rounds == 1:
        stages = (rng.choice(STAGES[:2]),)
    for index, (stage, when) in enumerate(zip(stages, moments, strict=True)):
        _round(w, company, role, stage, when, final if index == rounds - 1 else "next-round", today)


def generate(
    root: Path, interviews: int, seed: int = 1, *, today: date | None = None, hand_share: float = HAND_SHARE
) -> Tally:
    """Write a journal with `interviews` interview rounds (and ~3 follow-ups each) into `root`.

    About `hand_share` of the record files are written by hand (`bench/handwritten.py`), the
    rest in the product's style; the records they load to do not depend on the share.
    """
    today = today or date.today()
    rng = random.Random(seed)
    root = Path(root)
    for sub in ("interviews", "followups", "people", "templates"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "journal.yaml").write_text(
        "owner: Alex Example\nsite_title: Alex's job search\ntimezone: Europe/Berlin\n"
        "policy:\n  max_unanswered_nudges: 2\n  holidays: [2026-12-25, 2026-12-31]\n",
        encoding="utf-8",
    )
    (root / ".gitignore").write_text("_site/\n.followup/\n", encoding="utf-8")
    w = _Writer(root, rng, seed, hand_share)
    left = interviews
    while left > 0:
        rounds = min(left, rng.choice((1, 1, 2, 2, 3, 4)))
        _process(w, rounds, today)
        left -= rounds
    for name, company in sorted(w.people.items())[:: max(1, len(w.people) // max(1, interviews // 20))]:
        fields: list[tuple[str, Value]] = [
            ("name", name),
            ("company", company),
            ("relationship", rng.choice(("recruiter", "interviewer", "hiring-manager", "peer"))),
        ]
        if rng.random() < 0.5:
            fields.append(("keep_in_touch", str(rng.choice((30, 60, 90)))))
        body = f"Met at {company}. Likes talking about {rng.choice(TOPICS).split(';')[0]}."
        w.write(Record("people", slugify(name), tuple(fields), (Section(None, (body,)),)))
    return w.tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write the journal into (created if missing)")
    parser.add_argument("--interviews", type=int, default=100, help="number of interview rounds (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="end of the date range (default today)")
    parser.add_argument(
        "--hand-share",
        type=float,
        default=HAND_SHARE,
        help=f"share of files written by hand, 0 to 1 (default {HAND_SHARE:.2f})",
    )
    args = parser.parse_args(argv)
    tally = generate(args.out, args.interviews, args.seed, today=args.today, hand_share=args.hand_share)
    print(f"wrote {args.interviews} interviews to {args.out}: {tally.summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
