"""The search index: a script file that sets a global, so search works from `file://`.

Browsers refuse `fetch` of a local JSON file; a `<script src>` loads fine. The JSON is
written with `<`, `>`, `&` and the JavaScript line separators escaped, so no value can
end the script or change its meaning, and with bidi controls made visible (`[U+202E]`) as
on the pages, so a search result cannot reorder the text the user reads.
"""

from __future__ import annotations

import json
from functools import partial
from json.encoder import encode_basestring
from typing import Any

from journal.model import Journal
from journal.records import FollowUp, Interview
from site_builder.safe import visible_bidi
from site_builder.views import Views, texts_of, when_text

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""One encoder for every row: `json.dumps` with options builds a new one per call."""
_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(value: Any) -> str:
    """JSON safe to embed in a script: no `</script>`, no `<!--`, no line separators, no bidi controls."""
    return _script_safe(_ENCODER.encode(value))


def _script_safe(text: str) -> str:
    for char, escaped in _ESCAPES:  # str.replace scans in C; str.translate is slow on non-ASCII text
        if char in text:
            text = text.replace(char, escaped)
    return text if text.isascii() else visible_bidi(text)  # `[U+202E]` needs no escaping inside a JSON string


def row_json(t: str, u: str, k: str, d: str, s: str, x: str, i: str = "") -> str:
    """`script_json` of a row `{"t": t, "u": u, …}`, written directly: keys in sorted order, each text
    through the encoder's own string function. Forty thousand rows each building a dict and a
    JSON encoder cost more than the encoding itself."""
    e = encode_basestring
    return _script_safe(f'{{"d":{e(d)},"i":{e(i)},"k":{e(k)},"s":{e(s)},"t":{e(t)},"u":{e(u)},"x":{e(x)}}}')


def rows(journal: Journal, views: Views) -> list[bytes]:
    """The index rows as encoded JSON texts: interviews, people, companies, follow-ups.

    Each process's rows are kept in the memo (`journal.memo`), encoded, until an edit reaches
    it, so an edit encodes its own records' rows again, not forty thousand.
    """
    rounds_rows: dict[str, bytes] = {}
    followup_rows = _followup_rows(journal, views, journal.followups_by_interview.get(None, []))  # of no round: few
    for key, rounds in journal.processes.items():
        made = partial(_process_rows, journal, views, rounds)
        mine, theirs = views.memo.get("search rows", key, views.names_digest, made)
        rounds_rows.update(mine)
        followup_rows.update(theirs)
    out = list(map(rounds_rows.__getitem__, views.names.interview))  # every round, by id
    for pid, person in journal.people.items():
        record = person.record
        out.append(row_json(
            t=person.name,
            u=views.names.person[pid],
            k="person",
            d="",
            s=" · ".join(x for x in (person.title, person.company) if x),
            x=" ".join(x for x in (person.name, person.company, person.title, person.email, record.body if record else "") if x),
        ).encode())  # fmt: skip
    for company, url in views.names.company.items():
        name = views.names.company_name[company]
        out.append(row_json(t=name, u=url, k="company", d="", s="", x=name).encode())
    out.extend(map(followup_rows.__getitem__, sorted(journal.followups)))
    return out


def _process_rows(journal: Journal, views: Views, rounds: list[Interview]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """A process's rows: its rounds' and its follow-ups', by id."""
    mine = {interview.id: _interview_row(views, interview).encode() for interview in rounds}
    return mine, _followup_rows(journal, views, journal.process_followups(rounds[-1]))


def _followup_rows(journal: Journal, views: Views, items: list[FollowUp]) -> dict[str, bytes]:
    texts = {}
    for item in items:
        round_ = journal.interviews.get(item.interview or "")
        if round_ is not None:
            url = f"{views.names.interview[round_.id]}#fu-{item.id}"
        else:
            url = f"{views.names.person.get(journal.person_of(item.to or ''), 'people.html')}#fu-{item.id}"
        texts[item.id] = _followup_row(item, round_, url).encode()
    return texts


def _interview_row(views: Views, interview: Interview) -> str:
    people = " ".join(w.name for w in interview.interviewers)
    return row_json(
        t=interview.title,
        u=views.names.interview[interview.id],
        k="interview",
        d=when_text(interview.date),
        s=people,
        x=" ".join([interview.company, interview.role, people, " ".join(interview.tags), interview.location or "",
                    interview.next_steps or "", interview.body]),
        i=texts_of(interview.date)[1],
    )  # fmt: skip


def _followup_row(item: FollowUp, round_: Interview | None, url: str) -> str:
    company = round_.company if round_ else None
    return row_json(
        t=item.subject or f"{item.kind}: {item.to or ''}".strip(),
        u=url,
        k=item.kind,
        d=when_text(item.date),
        s=" · ".join(x for x in (item.to, company) if x),
        x=" ".join(x for x in (item.subject, item.to, item.kind, company, item.body) if x),
        i=texts_of(item.date)[1] if item.date is not None else "",
    )


def index_script(row_texts: list[bytes]) -> bytearray:
    """The script's bytes, put together row by row in one buffer: rows joined and then wrapped
    would make the index twice over (serve's peak)."""
    script = bytearray(b"window.FOLLOWUP_SEARCH = [")
    for number, text in enumerate(row_texts):
        if number:
            script += b","
        script += text
    script += b"];\n"
    return script
