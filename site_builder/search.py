"""The search index: a script file that sets a global, so search works from `file://`.

Browsers refuse `fetch` of a local JSON file; a `<script src>` loads fine. The JSON is
written with `<`, `>`, `&` and the JavaScript line separators escaped, so no value can
end the script or change its meaning.
"""

from __future__ import annotations

import json
from typing import Any

from journal.model import Journal
from site_builder.views import Views, when_text

BODY_CHARS = 1500
"""Enough of a body to find a debrief by a phrase in it, small enough for a 10,000-round journal."""

_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value: Any) -> str:
    """JSON safe to embed in a script: no `</script>`, no `<!--`, no line separators."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(_ESCAPES)


def entries(journal: Journal, views: Views) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for iv_id, interview in sorted(journal.interviews.items()):
        people = " ".join(w.name for w in interview.interviewers)
        rows.append({
            "t": interview.title,
            "u": views.names.interview[iv_id],
            "k": "interview",
            "d": when_text(interview.date),
            "s": people,
            "x": " ".join([interview.company, interview.role, people, " ".join(interview.tags), interview.location or "",
                           interview.next_steps or "", interview.body[:BODY_CHARS]]),
        })  # fmt: skip
    for pid, person in journal.people.items():
        record = person.record
        rows.append({
            "t": person.name,
            "u": views.names.person[pid],
            "k": "person",
            "d": "",
            "s": " · ".join(x for x in (person.title, person.company) if x),
            "x": " ".join(x for x in (person.name, person.company, person.title, person.email, record.body[:BODY_CHARS] if record else "") if x),
        })  # fmt: skip
    for key, url in views.names.company.items():
        name = views.names.company_name[key]
        rows.append({"t": name, "u": url, "k": "company", "d": "", "s": "", "x": name})
    for fu_id, item in sorted(journal.followups.items()):
        round_ = journal.interviews.get(item.interview or "")
        if round_ is not None:
            url = f"{views.names.interview[round_.id]}#fu-{fu_id}"
        else:
            url = f"{views.names.person.get(journal.person_of(item.to or ''), 'people.html')}#fu-{fu_id}"
        rows.append({
            "t": item.subject or f"{item.kind}: {item.to or ''}".strip(),
            "u": url,
            "k": item.kind,
            "d": when_text(item.date),
            "s": " · ".join(x for x in (item.to, round_.company if round_ else None) if x),
            "x": " ".join(x for x in (item.subject, item.to, item.kind, round_.company if round_ else None, item.body[:BODY_CHARS]) if x),
        })  # fmt: skip
    return rows


def index_script(rows: list[dict[str, str]]) -> bytes:
    return f"window.FOLLOWUP_SEARCH = {script_json(rows)};\n".encode()
