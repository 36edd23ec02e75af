"""Bodies as people write them by hand: the same words, in the Markdown they reach for.

The product's own bodies are plain paragraphs, `#` headings and `- ` lists. Here a body
keeps the record's text (the talking points word for word, so drafts quote the same points)
and adds what a person's notes have: emphasis, links, inline code, a fenced block, a table
or a nested list of the panel, a quote of what the company said, headings of several
levels; messages get emphasis, a hard line break and a link in the signature, and a reply
is pasted as a block quote. Everything added comes from the record's own facts (its
panel, date, place, tags), so no new facts appear.
"""

from __future__ import annotations

import random

from bench.product_style import Record, product_body

STRESSED = ("especially", "even more excited", "check in", "stay in touch", "an update", "patience", "great talking")
"""Words a person emphasises in a message, the first one found."""
SITE = "https://alex.example"


def emphasis(text: str, rng: random.Random) -> str:
    marker = rng.choice(("*", "**", "_"))
    return f"{marker}{text}{marker}"


def stress(paragraph: str, rng: random.Random) -> str:
    """The paragraph with one phrase emphasised (the whole paragraph when none of STRESSED is in it)."""
    for phrase in STRESSED:
        at = paragraph.find(phrase)
        if at >= 0:
            return paragraph[:at] + emphasis(phrase, rng) + paragraph[at + len(phrase) :]
    return emphasis(paragraph, rng)


def _first_clause(note: str, rng: random.Random) -> str:
    """`*Went well overall.* I stumbled …`: the first sentence or clause emphasised."""
    cut = min((at for at in (note.find(". "), note.find("; ")) if at >= 0), default=len(note) - 1)
    return emphasis(note[: cut + 1], rng) + note[cut + 1 :]


def _panel(entries: list[dict[str, str]], rng: random.Random) -> list[str]:
    """The interviewers as a table or as a nested list, with links and addresses."""

    def contact(entry: dict[str, str]) -> list[str]:
        found = []
        if "linkedin" in entry:
            found.append(f"[LinkedIn]({entry['linkedin']})")
        if "email" in entry:
            found.append(f"`{entry['email']}`")
        return found

    if rng.random() < 0.5:
        rows = ["| Name | Title | Contact |", rng.choice(("| --- | --- | --- |", "|:-----|:------|:--------|"))]
        rows += [f"| {e['name']} | {e.get('title', '')} | {', '.join(contact(e)) or '—'} |" for e in entries]
        return rows
    lines = []
    for entry in entries:
        lines.append(f"- **{entry['name']}**, {entry.get('title', '')}".rstrip(", "))
        lines += [f"  - {item}" for item in contact(entry)]
    return lines


def _interview(record: Record, rng: random.Random) -> str:
    points, notes, *asked = record.sections
    h1 = rng.random() < 0.5
    blocks: list[str] = []
    if h1:
        blocks.append(f"# {record.text('company')} — {record.text('role')}")
    marker = rng.choice("-*+")
    heading = rng.choice(("## Talking points", "## Talking Points", "### Talking points"))
    talking = "\n".join([heading, *(f"{marker} {item}" for item in points.items)])
    noted = "\n".join(["## Notes", *(_first_clause(item, rng) for item in notes.items)])
    blocks += [talking, noted] if rng.random() < 0.6 else [noted, talking]
    entries = record.value("interviewers")
    if isinstance(entries, list) and entries and rng.random() < 0.6:
        blocks.append("\n".join(["### Panel", *_panel(entries, rng)]))
    if record.text("next_steps") and rng.random() < 0.6:
        blocks.append(f"### What they said\n> {record.text('next_steps')}")
    if rng.random() < 0.35:
        where = f"{record.text('location')} ({record.text('format')})"
        blocks.append(f"#### Logistics\n```text\n{record.text('date').replace('T', ' ')}  {where}\n```")
    words = record.value("tags")
    if isinstance(words, list) and words and rng.random() < 0.5:
        blocks.append("Stack: " + ", ".join(f"`{word}`" for word in words))
    for section in asked:
        lines = [f"## {section.heading}"]
        for item in section.items:
            lines.append(f"- {item}")
            if rng.random() < 0.5:
                lines.append(f"  - {emphasis('ask again in the next round', rng)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _message(record: Record, rng: random.Random) -> str:
    (section,) = record.sections
    paragraphs = list(section.items)
    if record.text("kind") == "reply":
        quoted = "\n".join(f"> {line}" for line in "\n\n".join(paragraphs).split("\n"))
        prefix = [emphasis(f"{record.text('to')} wrote:", rng)] if rng.random() < 0.5 else []
        return "\n\n".join([*prefix, quoted]) + "\n"
    main = 1 if len(paragraphs) > 2 else 0
    paragraphs[main] = stress(paragraphs[main], rng)
    last = paragraphs[-1]
    if main != len(paragraphs) - 1 and "\n" in last:
        if rng.random() < 0.5:
            last = last.replace("\n", rng.choice(("  \n", "\\\n")), 1)
        if rng.random() < 0.4:
            last += f"\n[{SITE.removeprefix('https://')}]({SITE})"
        paragraphs[-1] = last
    return "\n\n".join(paragraphs) + "\n"


def _person(record: Record, rng: random.Random) -> str:
    company = record.text("company")
    text = product_body(record)
    text = text.replace(company, f"**{company}**", 1) if company else stress(text.rstrip("\n"), rng) + "\n"
    if rng.random() < 0.3:
        text = "## Notes\n\n" + text
    return text


def hand_body(record: Record, rng: random.Random) -> str:
    """The record's body in hand-written Markdown; never plain enough for the fast renderer."""
    if record.folder == "interviews":
        return _interview(record, rng)
    if record.folder == "followups":
        return _message(record, rng)
    return _person(record, rng)
