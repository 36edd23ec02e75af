"""The list of pages: one per interview, company and person, plus the journal-wide pages.

Each page is a template name and a plain context; the builder hashes the pair to decide
what to render again on an incremental rebuild.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from journal.memo import JOURNAL
from journal.model import Journal
from journal.records import FollowUp, Interview, moment
from site_builder.dashboard import of_closed_process, process_state
from site_builder.safe import mailto, page_name
from site_builder.search import script_paths
from site_builder.stats import compute
from site_builder.templating import environment
from site_builder.views import Context, Views, company_key, linkedin_view, when_text


@dataclass(frozen=True)
class Page:
    path: str
    """Relative to the output folder, forward slashes."""
    template: str
    context: Context


def _rel(path: str) -> str:
    return "../" * path.count("/")


def page(path: str, template: str, title: str, section: str, **context: Any) -> Page:
    return Page(path, template, {"rel": _rel(path), "page_title": title, "section": section, **context})


Mine = Callable[[str], bool]
"""Whether the build looks at the page at a path again (a rebuild looks only at an edit's reach)."""


def _everything(path: str) -> bool:
    return True


def record_pages(views: Views, mine: Mine = _everything) -> Iterator[Page]:
    """The interview, company and person pages, in `page_paths` order."""
    yield from interview_pages(views, mine)
    yield from company_pages(views, mine)
    yield from person_pages(views, mine)


def single_pages(views: Views, mine: Mine = _everything) -> Iterator[Page]:
    """The journal-wide pages but index.html and the timeline's (`site_builder.render` assembles those)."""
    singles: list[tuple[str, Callable[[Views], Page | None]]] = [
        ("people.html", people_page),
        ("agenda.html", agenda_page),
        ("companies.html", companies_page),
        ("stats.html", stats_page),
        ("search.html", search_page),
        ("problems.html", problems_page),
    ]
    for path, make in singles:
        if mine(path):
            made = make(views)
            if made is not None:
                yield made


def search_page(views: Views) -> Page:
    return page("search.html", "search.html", "Search", "search", scripts=script_paths(views.journal))


SINGLE_PAGES = ("people.html", "agenda.html", "companies.html", "stats.html", "search.html", "problems.html")


def page_paths(views: Views) -> list[str]:
    """The paths of the per-record pages (interviews, companies, people)."""
    names = views.names
    return [*names.interview.values(), *names.company.values(), *names.person.values()]


def broken_pages(journal: Journal, views: Views) -> list[str]:
    """The pages interviews with an error in their file had (they are left out until it is fixed)."""
    taken: set[str] | None = None
    found = []
    for problem in journal.problems:
        folder, _, name = problem.path.replace("\\", "/").partition("/")
        if problem.severity == "error" and folder == "interviews" and name.endswith(".md"):
            if taken is None:  # only when a round's file is broken: a journal without one pays nothing
                taken = {path.rsplit("/", 1)[-1][: -len(".html")].casefold() for path in views.names.interview.values()}
            found.append(f"interviews/{page_name(name[: -len('.md')], set(taken))}.html")
    return found


def page_count(views: Views) -> int:
    """How many HTML pages the site has (index.html included)."""
    names = views.names
    return len(names.interview) + len(names.company) + len(names.person) + 5 + (1 if views.journal.problems else 0) + 1


def interview_pages(views: Views, mine: Mine = _everything) -> Iterator[Page]:
    journal = views.journal
    for iv_id, path in views.names.interview.items():  # every round, by id
        if not mine(path):
            continue
        interview = journal.interviews[iv_id]
        rounds = journal.rounds_of(interview)
        thread = [views.followup_view(f) for f in journal.followups_by_interview.get(iv_id, [])]
        yield (page(
            path, "interview.html", interview.title, "timeline",
            interview={
                "id": iv_id,
                "company": views.company_link(interview.company),
                "role": interview.role,
                "stage": interview.stage,
                "when": when_text(interview.date),
                "format": interview.format,
                "location": interview.location,
                "interviewers": [views.interviewer_view(interview, i, w) for i, w in enumerate(interview.interviewers)],
                "next_steps": interview.next_steps,
                "decision_by": when_text(interview.decision_by) if interview.decision_by else None,
                "follow_up_on": when_text(interview.follow_up_on) if interview.follow_up_on else None,
                "snooze_until": when_text(interview.snooze_until) if interview.snooze_until else None,
                "outcome": interview.outcome,
                "interest": interview.interest,
                "tags": list(interview.tags),
                "body_html": views.md.render(interview.body, "h-"),
                "source": interview.source.path if interview.source else None,
            },
            process=views.process_view(rounds),
            state=process_state(views, rounds),
            here=views.round_link(interview),
            thread=thread,
            items=views.process_item_views(rounds),
        ))  # fmt: skip


def company_pages(views: Views, mine: Mine = _everything) -> Iterator[Page]:
    journal = views.journal
    by_company: dict[str, list[list[Interview]]] = defaultdict(list)
    for rounds in journal.processes.values():
        by_company[company_key(rounds[-1].company)].append(rounds)
    for key, processes in sorted(by_company.items()):
        path = views.names.company[key]
        if not mine(path):
            continue
        processes.sort(key=lambda rounds: (moment(rounds[0].date), rounds[0].id))
        sections = b"".join(zlib.decompress(company_section(views, rounds, _rel(path))) for rounds in processes)
        name = views.names.company_name[key]
        yield page(path, "company.html", name, "companies", company=name, sections_html=sections.decode())


def company_section(views: Views, rounds: list[Interview], rel: str) -> bytes:
    """One process on its company's page, as HTML for a page at `rel`, UTF-8 and compressed.

    It is kept in the memo with its process's values (`journal.memo`) until an edit reaches the
    process, so a company page shown again after an edit renders only that edit's process and
    joins the rest: a company of hundreds of processes costs one. Compressed, the sections of
    10,000 interviews keep 3 MB rather than 23 (a process's sections repeat the same markup),
    and a page unpacks its own in a millisecond."""
    extra = (views.names_digest, views.as_of, views.policy, tuple(views.process_items(rounds)), rel)
    return views.memo.get(
        "company section", rounds[-1].process_key, extra, partial(_company_section, views, rounds, rel)
    )


def _company_section(views: Views, rounds: list[Interview], rel: str) -> bytes:
    block = {
        "process": views.process_view(rounds),
        "state": process_state(views, rounds),
        "thread": [views.followup_view(f, with_body=False) for f in views.journal.process_followups(rounds[-1])],
        "due": views.process_item_views(rounds),
    }
    html = environment().get_template("company_section.html").render({"rel": rel, "block": block})  # autoescaped there
    return zlib.compress((html + "\n").encode(), 1)


def person_pages(views: Views, mine: Mine = _everything) -> Iterator[Page]:
    journal = views.journal
    for pid, path in views.names.person.items():  # in page order, as `page_paths` lists them
        if not mine(path):
            continue
        person = journal.people[pid]
        touches: list[tuple[Any, Context]] = []
        for iv_id in person.interviews:
            interview = journal.interviews[iv_id]
            touches.append(((moment(interview.date), 0, iv_id), views.round_touch(interview)))
        followups: list[FollowUp] = [journal.followups[f] for f in person.followups if f in journal.followups]
        for item in followups:
            key = (moment(item.date or date.max), 1, item.id)
            # The thread on the interview page shows the message; only a person-only one is shown here.
            touches.append((key, views.followup_view(item, with_body=item.interview is None)))
        touches.sort(key=lambda pair: pair[0])
        record = person.record
        yield (page(
            path, "person.html", person.name, "people",
            person={
                "id": pid,
                "name": person.name,
                "company": views.company_link(person.company) if person.company else None,
                "title": person.title,
                "email": person.email,
                "email_href": mailto(person.email),
                **linkedin_view(person.linkedin),
                "relationship": person.relationship,
                "keep_in_touch": person.keep_in_touch,
                "last_touch": when_text(person.last_touch) if person.last_touch else None,
                "body_html": views.md.render(record.body, "h-") if record else "",
                "source": record.source.path if record and record.source else None,
            },
            touches=[t for _k, t in touches],
            items=[views.item_view(item) for item in views.items_by_person.get(pid, [])],
        ))  # fmt: skip


def people_page(views: Views) -> Page:
    journal = views.journal
    coming: dict[str, Context] = {}
    """Each person's next check-in, as the agenda shows it (with its draft, if one is written)."""
    for pid in journal.people:
        check_ins = [item for item in views.items_by_person.get(pid, []) if item.action == "check-in"]
        if check_ins:
            coming[pid] = views.item_view(check_ins[0])
    # Made again only when someone, a check-in or a page name changed: an edit of notes changes none.
    extra = (views.names_digest, tuple(journal.people.values()), tuple(coming.items()))
    rows = views.memo.get("people page", JOURNAL, extra, partial(_people_rows, views, coming))
    return page("people.html", "people.html", "People", "people", people=rows)


def _people_rows(views: Views, coming: dict[str, Context]) -> list[Context]:
    rows: list[Context] = []
    for pid, person in views.journal.people.items():
        rows.append({
            "name": person.name,
            "url": views.names.person[pid],
            "company": views.company_link(person.company) if person.company else None,
            "relationship": person.relationship,
            "last_touch": person.last_touch.isoformat() if person.last_touch else None,
            "next": coming.get(pid),
            "interviews": len(person.interviews),
            "followups": len(person.followups),
        })  # fmt: skip
    rows.sort(key=lambda row: (str(row["name"]).casefold(), str(row["url"])))
    return rows


def agenda_page(views: Views) -> Page:
    groups = {"overdue": [], "today": [], "upcoming": [], "closed": []}  # type: dict[str, list[Context]]
    for item in views.items:
        late_and_closed = item.state == "overdue" and of_closed_process(views, item)
        groups["closed" if late_and_closed else item.state].append(views.item_view(item))
    return page("agenda.html", "agenda.html", "Agenda", "agenda", groups=groups)


def companies_page(views: Views) -> Page:
    counts: dict[str, int] = defaultdict(int)
    for (company, _role), rounds in views.journal.processes.items():  # a process's key is its company's
        counts[company] += len(rounds)
    extra = (views.names_digest, tuple(counts.items()))
    rows = views.memo.get("companies page", JOURNAL, extra, partial(_company_rows, views, counts))
    return page("companies.html", "companies.html", "Companies", "companies", companies=rows)


def _company_rows(views: Views, counts: dict[str, int]) -> list[Context]:
    rows = [
        {"name": views.names.company_name[key], "url": url, "rounds": counts[key]}
        for key, url in views.names.company.items()
    ]
    rows.sort(key=lambda row: (str(row["name"]).casefold(), str(row["url"])))
    return rows


def stats_page(views: Views) -> Page:
    return page("stats.html", "stats.html", "Stats", "stats", stats=compute(views.journal, views.as_of, views.memo))


def problems_page(views: Views) -> Page | None:
    problems = views.journal.problems
    if not problems:
        return None
    rows = [
        {"where": f"{p.path}:{p.line}", "severity": p.severity, "message": p.message, "field": p.field}
        for p in problems
    ]
    return page("problems.html", "problems.html", "Problems", "problems", problems=rows)
