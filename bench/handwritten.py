"""Files as people write them by hand, with the meaning the product's own style would give.

Journals are not only files this product wrote: people type them in an editor, paste from
mail and copy older notes. `hand_text` writes a `Record` the way they do, so that the
benchmarks also pay for everything PyYAML and markdown-it meet in real files, on a
realistic share of the journal:

- front matter: full-line and trailing comments; plain, single- and double-quoted text;
  folded (`>-`) and literal (`|-`) block scalars; block and flow lists (`[a, b]`,
  `[ 'a', "b" ]`); interviewers as flow mappings (`- {name: Jane Doe, title: CTO}`) or
  indented other ways; keys in another order, values aligned; blank lines; dates with a
  `T`, a space or seconds, quoted or not; keys the product implies left out (`outcome:
  pending`, a reply's `direction: in`), or written out (`direction: out`); the `...` closer
  (SPEC 2.5 accepts it);
- bodies (`bench/handmarkdown.py`): emphasis, links, inline code, fenced code, tables,
  nested lists, headings of several levels, block quotes.

Every choice keeps the record: a value reads back to the same text (`>-` and `|-` drop the
final newline a bare `>` or `|` would add, so they are the only block scalars used), a date
to the same date or moment, a left-out key to the value it implies. Every front matter also
holds at least one construct the fast path steps aside for (a comment when nothing else
was drawn), so a hand-written file is really read by PyYAML. All choices come from the
`rng` given, which `generate.py` seeds per file: the same seed gives the same bytes.
"""

from __future__ import annotations

import random
import re

from bench.handmarkdown import hand_body
from bench.product_style import DATE_KEYS, Record, Value

_PLAIN = re.compile(r"\w[^\n]*\Z")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}:#]")
_NULLS = frozenset({"null", "Null", "NULL", "~"})

ORDERS = {
    "interviews": (
        ("company", "role", "date", "stage", "format", "location", "interviewers", "next_steps", "decision_by",
         "follow_up_on", "interest", "outcome", "tags"),
        ("date", "company", "role", "stage", "outcome", "interest", "tags", "format", "location", "next_steps",
         "decision_by", "follow_up_on", "interviewers"),
    ),
    "followups": (
        ("date", "kind", "to", "channel", "direction", "status", "subject", "interview"),
        ("kind", "to", "date", "subject", "status", "channel", "direction", "interview"),
    ),
    "people": (("name", "relationship", "company", "keep_in_touch"),),
}  # fmt: skip
"""Key orders people use besides the product's: the date first, the interview id last, …"""

TRAILING = {
    "stage": ("round {n}", "the big one", "per the recruiter"),
    "date": ("local time", "moved once", "as in my calendar"),
    "format": ("as agreed", "confirmed by mail"),
    "location": ("per the invite", "check the day before"),
    "outcome": ("update after the call", "as of today"),
    "interest": ("out of 5", "gut feeling"),
    "decision_by": ("they promised", "their words"),
    "follow_up_on": ("ok to nudge from here",),
    "kind": ("the usual", "logged late"),
    "status": ("double-check the outbox", "done"),
    "channel": ("their preference",),
    "keep_in_touch": ("days", "roughly"),
    "relationship": ("met through the process",),
}
"""Trailing comments people leave after a value ({n} is filled with a small number)."""
HEADERS = {
    "interviews": ("# Debrief written the same evening", "# copied from my notes app", "# TODO: tidy this up"),
    "followups": ("# pasted from my outbox", "# logged by hand", "# TODO: check the date"),
    "people": ("# someone to stay in touch with", "# TODO: tidy this up"),
}
"""Full-line comments people open a file with."""
INNER = ("# dates they gave me", "# the panel", "# how it went", "# --", "# see the notes below")


def plain_ok(text: str, flow: bool = False) -> bool:
    """Whether `text` reads back as itself written plain (conservatively: when in doubt, quote)."""
    if not text or not _PLAIN.match(text) or text != text.strip() or text in _NULLS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "  " in text:
        return False
    return not (flow and _FLOW_UNSAFE.search(text))


def scalar(text: str, rng: random.Random, flow: bool = False) -> str:
    """Text as plain, 'single' or "double" quoted, as a person might type it."""
    draw = rng.random()
    if draw < 0.5 and plain_ok(text, flow):
        return text
    if draw < 0.75:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def when(text: str, rng: random.Random) -> tuple[str, bool]:
    """A date or a date-time spelled another way with the same meaning; True when the fast path declines it."""
    if "T" in text:
        day, clock = text.split("T")
        text = f"{day}{rng.choice(('T', ' ', ' '))}{clock}{':00' if rng.random() < 0.2 else ''}"
    draw = rng.random()
    if draw < 0.2:
        return f"'{text}'", False
    if draw < 0.35:
        return f'"{text}"', False
    return text, " " in text


def folded(key: str, text: str, rng: random.Random) -> list[str] | None:
    """`key: >-` over several short lines, or `key: |-` on one: the same text, no final newline."""
    if not plain_ok(text) or text[0] in "#-?":
        return None
    if rng.random() < 0.4:
        return [f"{key}: |-", f"  {text}"]
    lines, line = [f"{key}: >-"], ""
    for word in text.split(" "):
        if line and len(line) + len(word) > 24:
            lines.append(f"  {line}")
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, f"  {line}"]


def interviewers(entries: list[dict[str, str]], rng: random.Random) -> tuple[list[str], bool]:
    """The panel as a block list (indented two, zero or four spaces), flow mappings, or a mix."""
    style = rng.choice(("block", "block", "zero", "deep", "flow", "flow", "mixed"))
    lines = ["interviewers:"]
    for entry in entries:
        keys = list(entry)
        if rng.random() < 0.3:
            rng.shuffle(keys)
        if style == "flow" or (style == "mixed" and rng.random() < 0.5):
            pairs = ", ".join(f"{key}: {scalar(entry[key], rng, flow=True)}" for key in keys)
            lines.append(f"  - {{{pairs}}}")
            continue
        dash, more = {"zero": ("- ", "  "), "deep": ("    - ", "      ")}.get(style, ("  - ", "    "))
        for number, key in enumerate(keys):
            lines.append(f"{dash if number == 0 else more}{key}: {scalar(entry[key], rng)}")
    return lines, style != "block"


def tags(words: list[str], rng: random.Random) -> tuple[list[str], bool]:
    """Tags as a flow list (maybe spaced or quoted) or a block list."""
    draw = rng.random()
    if draw < 0.35:
        return [f"tags: [{', '.join(words)}]"], False
    if draw < 0.5:
        return [f"tags: [ {', '.join(words)} ]"], True
    if draw < 0.65:
        quoted = [rng.choice(("{}", "'{}'", '"{}"')).format(word) for word in words]
        return [f"tags: [{', '.join(quoted)}]"], True
    dash = rng.choice(("  - ", "- "))
    return ["tags:", *(f"{dash}{word}" for word in words)], True


def _implied(record: Record, fields: list[tuple[str, Value]], rng: random.Random) -> list[tuple[str, Value]]:
    """Drop keys whose value the product implies, or spell out one it implies, now and then."""
    if record.folder == "interviews" and record.text("outcome") == "pending" and rng.random() < 0.4:
        return [(key, value) for key, value in fields if key != "outcome"]
    if record.folder == "followups":
        if record.text("kind") == "reply" and rng.random() < 0.5:
            return [(key, value) for key, value in fields if key not in ("direction", "status")]
        if record.text("direction") == "" and record.text("kind") != "reply" and rng.random() < 0.2:
            return [*fields, ("direction", "out")]
    return fields


def _order(record: Record, fields: list[tuple[str, Value]], rng: random.Random) -> list[tuple[str, Value]]:
    draw = rng.random()
    if draw < 0.4:
        return fields
    if draw < 0.8:
        order = rng.choice(ORDERS[record.folder])
        return sorted(fields, key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
    shuffled = list(fields)
    rng.shuffle(shuffled)
    return shuffled


def front_matter(record: Record, rng: random.Random) -> list[str]:
    """The front matter lines (without the `---` lines): always with something the fast path declines."""
    declines = False
    entries: list[tuple[str, list[str]]] = []
    fields = _order(record, _implied(record, list(record.fields), rng), rng)
    width = max(len(key) for key, _ in fields) + 2 if rng.random() < 0.15 else 0
    for key, value in fields:
        if isinstance(value, list) and key == "interviewers":
            lines, odd = interviewers(value, rng)
        elif isinstance(value, list):
            lines, odd = tags([str(word) for word in value], rng)
        elif key in DATE_KEYS:
            text, odd = when(value, rng)
            lines = [f"{(key + ':').ljust(width)} {text}"]
        else:
            block = folded(key, value, rng) if key in ("next_steps", "subject") and rng.random() < 0.35 else None
            lines, odd = (block, True) if block else ([f"{(key + ':').ljust(width)} {scalar(value, rng)}"], False)
        if len(lines) == 1 and key in TRAILING and rng.random() < 0.12:
            comment = rng.choice(TRAILING[key]).format(n=rng.randint(2, 4))
            lines, odd = [f"{lines[0]}{rng.choice(('  ', ' '))}# {comment}"], True
        entries.append((key, lines))
        declines = declines or odd
    out: list[str] = []
    if rng.random() < 0.3:
        out.append(rng.choice(HEADERS[record.folder]))
    for number, (_key, lines) in enumerate(entries):
        if number and rng.random() < 0.08:
            out.append("")
        elif number and rng.random() < 0.06:
            out.append(rng.choice(INNER))
        out += lines
    declines = declines or len(out) > sum(len(lines) for _key, lines in entries)
    if not declines:
        out.insert(0, rng.choice(HEADERS[record.folder]))
    return out


def hand_text(record: Record, rng: random.Random) -> str:
    """The whole file written by hand: front matter the fast path declines, a body in richer Markdown."""
    lines = front_matter(record, rng)
    closer = "..." if rng.random() < 0.15 else "---"
    return "---\n" + "\n".join(lines) + f"\n{closer}\n" + hand_body(record, rng)
