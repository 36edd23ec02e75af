"""The search index: script files that fill a global, so search works from `file://`.

Browsers refuse `fetch` of a local JSON file; a `<script src>` loads fine. The index is cut
into scripts by process (`SHARDS`), each adding its rows to what the ones before it added,
so an edit rewrites one of them. The JSON is
written with `<`, `>`, `&` and the JavaScript line separators escaped, so no value can
end the script or change its meaning, and with bidi controls made visible (`[U+202E]`) as
on the pages, so a search result cannot reorder the text the user reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from json.encoder import encode_basestring
from typing import Any

from journal.memo import Process
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


SHARDS = 16
"""Scripts the processes' rows are spread over, by a hash of the process: an edit rewrites the
one its process is in (a megabyte at 10,000 interviews), not the whole index."""
PEOPLE_SCRIPT = "search/people.js"
"""The script of the people, the companies and the follow-ups of no round."""


def script_paths(journal: Journal) -> list[str]:
    """The journal's search scripts, in the order search.html loads them: those with a process, then people's."""
    used = {shard_of(key) for key in journal.processes}
    return [*(_shard_path(number) for number in sorted(used)), PEOPLE_SCRIPT]


def _shard_path(number: int) -> str:
    return f"search/{number:02}.js"


def shard_of(key: Process) -> int:
    """The script a process's rows are in: stable across builds and journals."""
    return int.from_bytes(hashlib.blake2b("\0".join(key).encode(), digest_size=4).digest(), "big") % SHARDS


@dataclass(frozen=True)
class Script:
    path: str
    signature: str | None
    """The digest of the rows it holds (None: made each time, and its bytes compared)."""
    make: Callable[[], bytearray]


def scripts(journal: Journal, views: Views) -> list[Script]:
    """The search index as scripts, each made only when asked (`make`): a rebuild makes those whose
    rows changed. Rows are interviews, then follow-ups, by id in each process script; people,
    companies and follow-ups of no round in the last.

    Each process's rows are kept in the memo (`journal.memo`), encoded, until an edit reaches it,
    so an edit encodes its own records' rows again, not forty thousand; a lasting memo keeps
    them packed (`Memo.pack`), so serve does not hold every note's text whole. A script is
    signed by its processes' row digests, kept apart ("search digest"): a `followup build` keeps
    those for the next one (`site_builder.kept`), which then encodes the rows of the one script
    an edit changed, not of them all.
    """
    shards: list[list[tuple[Process, str, list[Interview]]]] = [[] for _ in range(SHARDS)]
    for key, rounds in journal.processes.items():
        made = partial(_process_digest, journal, views, rounds)
        shards[shard_of(key)].append((key, views.memo.get("search digest", key, views.names_digest, made), rounds))
    found = []
    for number, shard in enumerate(shards):
        if not shard:
            continue
        shard.sort(key=lambda entry: entry[0])
        signature = hashlib.blake2b(repr([(key, digest) for key, digest, _rounds in shard]).encode()).hexdigest()
        processes = [rounds for *_, rounds in shard]
        found.append(Script(_shard_path(number), signature, partial(_shard_script, journal, views, processes)))
    found.append(Script(PEOPLE_SCRIPT, None, partial(_people_script, journal, views)))
    return found


ProcessRows = tuple[object, str]
"""A process's rows by id (its rounds', its follow-ups'), as the memo packs them (`Memo.pack`), and their digest."""


def _rows(journal: Journal, views: Views, rounds: list[Interview]) -> ProcessRows:
    made = partial(_process_rows, journal, views, rounds)
    return views.memo.get("search rows", rounds[-1].process_key, views.names_digest, made)


def _process_digest(journal: Journal, views: Views, rounds: list[Interview]) -> str:
    return _rows(journal, views, rounds)[1]


def _shard_script(journal: Journal, views: Views, processes: list[list[Interview]]) -> bytearray:
    rounds: dict[str, bytes] = {}
    followups: dict[str, bytes] = {}
    for process in processes:
        mine, theirs = views.memo.unpack(_rows(journal, views, process)[0])
        rounds.update(mine)
        followups.update(theirs)
    return index_script([*(rounds[i] for i in sorted(rounds)), *(followups[i] for i in sorted(followups))])


def _people_script(journal: Journal, views: Views) -> bytearray:
    out = []
    for pid, path in views.names.person.items():
        out.append(
            views.memo.get("search row", pid, (views.names_digest, path), partial(_person_row, journal, pid, path))
        )
    for company, url in views.names.company.items():
        name = views.names.company_name[company]
        out.append(row_json(t=name, u=url, k="company", d="", s="", x=name).encode())
    alone = _followup_rows(journal, views, journal.followups_by_interview.get(None, []))
    out.extend(alone[ident] for ident in sorted(alone))
    return index_script(out)


def _person_row(journal: Journal, pid: str, path: str) -> bytes:
    person = journal.people[pid]
    record = person.record
    return row_json(
        t=person.name,
        u=path,
        k="person",
        d="",
        s=" · ".join(x for x in (person.title, person.company) if x),
        x=" ".join(
            x for x in (person.name, person.company, person.title, person.email, record.body if record else "") if x
        ),
    ).encode()


def _process_rows(journal: Journal, views: Views, rounds: list[Interview]) -> ProcessRows:
    """A process's rows: its rounds' and its follow-ups', by id, and their digest."""
    mine = {interview.id: _interview_row(views, interview).encode() for interview in rounds}
    theirs = _followup_rows(journal, views, journal.process_followups(rounds[-1]))
    digest = hashlib.blake2b(digest_size=16)
    for rows in (mine, theirs):
        for ident in sorted(rows):
            digest.update(b"%s\0%s\0" % (ident.encode(), rows[ident]))
        digest.update(b"\1")
    return views.memo.pack((mine, theirs)), digest.hexdigest()


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
    """A script's bytes: it adds its rows to the index the scripts before it made, put together row
    by row in one buffer (rows joined and then wrapped would make them twice over)."""
    script = bytearray(b"window.FOLLOWUP_SEARCH = (window.FOLLOWUP_SEARCH || []).concat([")
    for number, text in enumerate(row_texts):
        if number:
            script += b","
        script += text
    script += b"]);\n"
    return script
