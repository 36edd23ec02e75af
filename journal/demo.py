"""A realistic sample journal, dated relative to a given day, for `followup demo`.

Seven processes chosen so that every agenda action appears on `today`, overdue, due today
and upcoming: a loop still waiting on a promised decision (with one thank-you missing),
a phone screen this morning with no next steps yet, a round yesterday still to thank, an
onsite tomorrow to prepare for, an unanswered status check (and a thank-you missed), a
ghosting, a rejection, and a recruiter to keep in touch with. Talking points name their
owner (`- Victor: the SLO rollout`), so each interviewer's draft cites only their own.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from journal import layout, store
from journal.atomic import atomic_write
from journal.loader import load
from journal.records import FollowUp, Interview, Interviewer, Person, When, day_of
from journal.templates import fill

MARKER = "# Follow-up Journal demo: a sample journal made by `followup demo`."
OWNER = "Sam Rivera"

CONFIG = f"""\
{MARKER}
# Every file here is plain Markdown with YAML front matter; edit freely, it is yours.
owner: {OWNER}
site_title: Sam's job search (demo)
policy:
  thank_you_within_hours: 24
  status_check_after_business_days: 5
  min_days_between_nudges: 7
  max_unanswered_nudges: 2
  ghosted_after_days: 30
  keep_in_touch_days: 90
"""


def is_demo(folder: Path) -> bool:
    """Whether `folder` holds a journal that `write_demo` made (so it may be reopened)."""
    try:
        return (folder / layout.CONFIG).read_text(encoding="utf-8").startswith(MARKER)
    except (OSError, UnicodeDecodeError):
        return False


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _person(spec: str) -> Interviewer:
    """`Name | Title | email | linkedin-handle` (the last three may be empty)."""
    name, title, email, handle = (part.strip() or None for part in (spec.split("|") + ["", "", ""])[:4])
    linkedin = f"https://www.linkedin.com/in/{handle}" if handle else None
    return Interviewer(name=name or "", title=title, email=email, linkedin=linkedin)


class _Writer:
    """Creates records through the product's own store, so files look as the app writes them."""

    def __init__(self, root: Path, today: date) -> None:
        self.root = root
        self.today = today
        self.interviews: dict[str, Interview] = {}

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def workday(self, offset: int) -> date:
        """The day `offset` days away, moved to the next Monday if it falls on a weekend."""
        day = self.day(offset)
        return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day

    def interview(self, key: str, **values: object) -> Interview:
        draft = Interview(id="", **values)  # type: ignore[arg-type]
        record = replace(draft, id=store.interview_id(self.root, draft))
        self.interviews[key] = record
        store.create(self.root, record)
        return record

    def followup(self, kind: str, about: Interview | None, to: str, when: When, body: str, **values: object) -> None:
        who = to or (about.company if about else "")
        record_id = store.followup_id(self.root, kind, day_of(when).isoformat(), who)
        status = values.pop("status", "received" if kind == "reply" else "sent")
        fields: dict[str, object] = {"channel": "email", **values}
        record = FollowUp(
            id=record_id,
            kind=kind,
            interview=about.id if about else None,
            to=to,
            direction="in" if kind == "reply" else "out",
            status=str(status),
            date=when,
            body=body.strip() + "\n",
            **fields,  # type: ignore[arg-type]
        )
        store.create(self.root, record)

    def thanks(self, about: Interview, details: dict[str, str], when: When) -> None:
        """A sent thank-you to each person, citing what that person talked about."""
        for name, detail in details.items():
            first = name.split()[0]
            body = (
                f"Hi {first},\n\nThank you for your time today. I enjoyed our conversation about {detail} "
                f"and I am even more excited about the {about.role} role at {about.company}.\n\n"
                f"Best regards,\n{OWNER}"
            )
            self.followup("thank-you", about, name, when, body, subject=f"Thank you — {about.role} interview")

    def linkedin(self, about: Interview, name: str, when: When) -> None:
        body = f"Hi {name.split()[0]}, great to meet you in the {about.role} interview. I'd like to stay in touch. — {OWNER.split()[0]}"
        self.followup("linkedin", about, name, when, body, channel="linkedin")


def write_demo(folder: Path, today: date) -> None:
    """Write the sample journal into `folder` (empty or new) with dates around `today`."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / layout.CONFIG, CONFIG.encode(), exclusive=True)
    store.init_journal(folder, owner=OWNER, title="Sam's job search (demo)")
    w = _Writer(folder, today)
    for section in (_northwind, _acme_and_bluefin, _tidewater, _lumen, _quartz, _cobalt, _recruiter):
        section(w)
    _drafts(folder, w)
    _commit(folder)


def _northwind(w: _Writer) -> None:
    priya = _person("Priya Nair | Technical Recruiter | priya.nair@northwind.example | priyanair")
    marcus = _person("Marcus Chen | Staff Data Engineer | marcus.chen@northwind.example | marcuschen")
    elena = _person("Elena Petrova | Engineering Manager, Data Platform | elena.petrova@northwind.example |")
    daniel = _person("Daniel Okafor | Director of Data | daniel.okafor@northwind.example | danielokafor")
    sofia = _person("Sofia Alvarez | Senior Data Engineer | |")
    common = {
        "company": "Northwind Analytics",
        "role": "Senior Data Engineer",
        "tags": ("data", "python", "hybrid"),
        "interest": 5,
    }
    screen = w.interview(
        "nw1", stage="phone-screen", date=_at(w.day(-21), 9, 30), format="phone", interviewers=(priya,),
        next_steps="Technical round with two engineers next week.", outcome="next-round", **common,
        body="## Talking points\n- Priya: the team's move from batch jobs to streaming.\n"
        "- Priya: how my dbt migration could carry over to their stack.\n",
    )  # fmt: skip
    w.thanks(screen, {"Priya Nair": "the move from batch jobs to streaming"}, _at(w.day(-21), 13, 5))
    w.linkedin(screen, "Priya Nair", _at(w.day(-20), 8, 40))
    tech = w.interview(
        "nw2", stage="technical", date=_at(w.day(-14), 10), format="video", location="Google Meet",
        interviewers=(marcus, elena), next_steps="Onsite loop invitation within a week.", outcome="next-round",
        body="## Talking points\n- Marcus: designing idempotent Kafka consumers.\n- Elena's on-call rotation redesign.\n"
        "## Notes\nLive SQL exercise went well; I over-explained the window functions.\n", **common,
    )  # fmt: skip
    w.thanks(
        tech, {"Marcus Chen": "idempotent Kafka consumers", "Elena Petrova": "your on-call rotation redesign"},
        _at(w.day(-14), 17, 20),
    )  # fmt: skip
    w.linkedin(tech, "Marcus Chen", _at(w.day(-13), 9))
    onsite = w.interview(
        "nw3", stage="onsite", date=_at(w.day(-4), 13), format="in-person", location="Northwind HQ, 4th floor",
        interviewers=(elena, daniel, sofia), next_steps="Priya will call with a decision by the date below.",
        decision_by=w.workday(3), outcome="pending", **common,
        body="## Talking points\n- Daniel's plan to retire the legacy warehouse in Q2.\n"
        "- Sofia: her data-quality checks in CI and how they caught the schema drift last spring.\n"
        "- Elena — how on-call is shared between the platform and analytics teams.\n"
        "## Notes\nLunch with the team. Strong signals from Elena. Ask about the on-call load.\n",
    )  # fmt: skip
    w.thanks(
        onsite, {"Elena Petrova": "how on-call is shared between the teams", "Daniel Okafor": "retiring the legacy warehouse"},
        _at(w.day(-4), 19, 45),
    )  # fmt: skip
    w.followup(
        "linkedin", onsite, "Daniel Okafor", w.day(-3), "Daniel only connects with people he has worked with.",
        channel="linkedin", status="skipped",
    )  # fmt: skip
    w.followup(
        "reply", onsite, "Priya Nair", _at(w.day(-2), 11, 15),
        "Hi Sam, thanks for coming in! The team meets on Friday and I'll be in touch right after. Priya",
        subject="Re: Thank you — Senior Data Engineer interview",
    )  # fmt: skip


def _acme_and_bluefin(w: _Writer) -> None:
    jordan = _person("Jordan Lee | Recruiter | jordan.lee@acme-robotics.example | jordanlee")
    w.interview(
        "acme", company="Acme Robotics", role="Backend Engineer", stage="phone-screen", date=_at(w.today, 9, 30),
        format="phone", interviewers=(jordan,), outcome="pending", interest=3, tags=("robotics", "go"),
        body="## Talking points\n- Jordan: the Go rewrite of the fleet telemetry pipeline.\n"
        "- Jordan: how on-call works for the robot fleet.\n"
        "## Notes\nForgot to ask about next steps — record them once Jordan replies.\n",
    )  # fmt: skip
    aisha = _person("Aisha Rahman | Engineering Lead | aisha@bluefin-health.example |")
    tom = _person("Tom Becker | Senior Engineer | tom.becker@bluefin-health.example | tombecker")
    w.interview(
        "bluefin", company="Bluefin Health", role="Product Engineer", stage="technical", date=w.day(-1),
        format="video", location="Zoom", interviewers=(aisha, tom), outcome="pending", interest=4,
        next_steps="The hiring manager decides next week; Aisha said a follow-up after that is welcome.",
        follow_up_on=w.day(7), tags=("healthtech", "typescript"),
        body="## Talking points\n- Aisha: the patient-intake form rewrite and its accessibility audit.\n"
        "- Tom's feature-flag cleanup tooling.\n- How the team pairs across time zones.\n",
    )  # fmt: skip


def _tidewater(w: _Writer) -> None:
    """An onsite still ahead: tomorrow (today, when tomorrow is a weekend day), to prepare for."""
    lena = _person("Lena Ortiz | Recruiter | lena.ortiz@tidewater.example | lenaortiz")
    kwame = _person("Kwame Mensah | Head of Data Platform | kwame.mensah@tidewater.example |")
    common = {"company": "Tidewater Logistics", "role": "Data Platform Engineer", "tags": ("data", "logistics")}
    screen = w.interview(
        "tw1", stage="phone-screen", date=_at(w.day(-6), 15), format="phone", interviewers=(lena,),
        next_steps="Onsite with the platform team; Lena sends the invite.", outcome="next-round", interest=4,
        body="## Talking points\n- Lena: the new routing-data platform and the team it is hiring for.\n", **common,
    )  # fmt: skip
    w.thanks(screen, {"Lena Ortiz": "the new routing-data platform"}, _at(w.day(-6), 18, 30))
    w.linkedin(screen, "Lena Ortiz", _at(w.day(-5), 9, 15))
    ahead = w.day(1) if w.day(1).weekday() < 5 or w.today.weekday() >= 5 else w.today
    w.interview(
        "tw2", stage="onsite", date=_at(ahead, 10 if ahead != w.today else 16), format="in-person",
        location="Tidewater, 2 Harbour Street", interviewers=(lena, kwame), outcome="pending", interest=4,
        body="## Questions to ask\n- How is on-call shared across the data teams?\n", **common,
    )  # fmt: skip


def _lumen(w: _Writer) -> None:
    grace = _person("Grace Kim | Hiring Manager | grace.kim@lumenlabs.example | gracekim")
    omar = _person("Omar Haddad | Senior SRE | omar.haddad@lumenlabs.example |")
    onsite = w.interview(
        "lumen", company="Lumen Labs", role="Platform Engineer", stage="onsite", date=_at(w.day(-16), 14),
        format="video", location="Zoom", interviewers=(grace, omar), outcome="pending", interest=4,
        next_steps="Decision within a week.", decision_by=w.day(-10), tags=("kubernetes", "remote"),
        body="## Talking points\n- Grace: the multi-region failover project.\n- Omar — per-team cost dashboards.\n"
        "## Notes\nNever sent Omar a thank-you: his address bounced and I forgot to find the right one.\n",
    )  # fmt: skip
    w.thanks(onsite, {"Grace Kim": "the multi-region failover project"}, _at(w.day(-16), 18))
    w.linkedin(onsite, "Grace Kim", _at(w.day(-15), 10))
    w.followup(
        "status-check", onsite, "Grace Kim", _at(w.day(-7), 9, 10),
        "Hi Grace, I hope your week is going well. I wanted to check in on the Platform Engineer role — "
        "I remain very interested and happy to share anything else that helps. Best, Sam",
        subject="Checking in — Platform Engineer",
    )  # fmt: skip


def _quartz(w: _Writer) -> None:
    hannah = _person("Hannah Schmidt | Talent Partner | hannah.schmidt@quartzpay.example |")
    ben = _person("Ben Wallace | Engineering Manager | ben.wallace@quartzpay.example |")
    common = {"company": "Quartz Payments", "role": "Software Engineer", "tags": ("fintech",), "interest": 2}
    screen = w.interview(
        "qz1", stage="phone-screen", date=w.day(-75), format="phone", interviewers=(hannah,), outcome="next-round",
        next_steps="Technical interview with Ben.", **common,
    )  # fmt: skip
    w.thanks(screen, {"Hannah Schmidt": "the payments reliability team"}, _at(w.day(-75), 16))
    tech = w.interview(
        "qz2", stage="technical", date=_at(w.day(-62), 15), format="video", interviewers=(ben, hannah),
        outcome="pending", next_steps="They will be in touch within two weeks.", decision_by=w.day(-50), **common,
        body="## Talking points\n- Ledger reconciliation at scale.\n",
    )  # fmt: skip
    w.thanks(
        tech, {"Ben Wallace": "ledger reconciliation at scale", "Hannah Schmidt": "ledger reconciliation at scale"},
        _at(w.day(-62), 19),
    )  # fmt: skip
    for when, text in (
        (w.day(-48), "checking in on the Software Engineer role"),
        (w.day(-38), "following up once more"),
    ):
        w.followup(
            "status-check", tech, "Hannah Schmidt", _at(when, 10),
            f"Hi Hannah, {text}. I'm still interested and glad to answer any questions. Best, Sam",
            subject="Software Engineer — checking in",
        )  # fmt: skip


def _cobalt(w: _Writer) -> None:
    nora = _person("Nora Feld | Recruiter | nora.feld@cobalt.example |")
    victor = _person("Victor Lindqvist | SRE Manager | victor@cobalt.example | victorlindqvist")
    common = {"company": "Cobalt Systems", "role": "Site Reliability Engineer", "tags": ("sre",)}
    screen = w.interview(
        "cb1", stage="phone-screen", date=w.day(-45), format="phone", interviewers=(nora,), outcome="next-round",
        next_steps="Technical round with Victor.", interest=4, **common,
    )  # fmt: skip
    w.thanks(screen, {"Nora Feld": "the incident-review culture"}, _at(w.day(-45), 15))
    tech = w.interview(
        "cb2", stage="technical", date=_at(w.day(-33), 11), format="video", interviewers=(victor,), outcome="rejected",
        next_steps="Nora will let me know within a week.", interest=4, **common,
        body="## Talking points\n- Victor: the SLO rollout across forty services.\n## Notes\nThe Terraform question threw me.\n",
    )  # fmt: skip
    w.thanks(tech, {"Victor Lindqvist": "rolling out SLOs across forty services"}, _at(w.day(-33), 16))
    w.linkedin(tech, "Victor Lindqvist", _at(w.day(-32), 9))
    w.followup(
        "reply", tech, "Nora Feld", _at(w.day(-25), 14),
        "Hi Sam, thank you for your time with the team. We have decided to move forward with other candidates "
        "for this role. Victor asked me to pass on that he enjoyed the conversation. Best, Nora",
        subject="Your application at Cobalt Systems",
    )  # fmt: skip


def _recruiter(w: _Writer) -> None:
    maya = Person(
        id="maya-johnson", name="Maya Johnson", company="Talentbridge", title="Senior Tech Recruiter",
        email="maya@talentbridge.example", linkedin="https://www.linkedin.com/in/mayajohnson",
        relationship="recruiter", keep_in_touch=60,
        body="Agency recruiter for data and platform roles in the city. Prefers short e-mails; "
        "send her the article about streaming costs next time.\n",
    )  # fmt: skip
    store.create(w.root, maya)
    w.followup(
        "check-in", None, "Maya Johnson", _at(w.day(-55), 9),
        "Hi Maya, a quick hello — I'm looking at senior data roles again. Anything on your desk? Sam",
        subject="Hello again",
    )  # fmt: skip
    w.followup("reply", None, "Maya Johnson", _at(w.day(-54), 12), "Hi Sam! Great to hear. I'll keep you in mind. Maya")


def _drafts(root: Path, w: _Writer) -> None:
    """Drafts the product itself would make: a thank-you from the template, not yet sent."""
    journal = load(root, use_cache=False)
    for key, name in (("acme", "Jordan Lee"), ("bluefin", "Aisha Rahman")):
        interview = w.interviews[key]
        draft = fill(journal, "thank-you", interview, name, today=w.today)
        w.followup("thank-you", interview, name, w.today, draft.body, subject=draft.subject, status="draft")


def _commit(folder: Path) -> None:
    """Commit the sample so the user's first edit shows up in `git diff` (when git is here)."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)

    try:
        top = git("rev-parse", "--show-toplevel")
    except OSError:
        return  # no git: the journal works without it
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != folder.resolve():
        return  # inside someone else's repository: leave committing to them
    for key, value in (("user.name", OWNER), ("user.email", "sam@example.com")):
        if git("config", key).returncode != 0:
            git("config", "--local", key, value)
    git("add", "-A", ".")
    git("commit", "-q", "-m", "Start the demo journal")
