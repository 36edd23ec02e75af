"""What one generated file means, and how the product's own writer would spell it.

`bench/generate.py` decides the facts of every record (a `Record`) before it decides how
the file is written: in this style, the one `journal.serialize` writes, or by hand
(`bench/handwritten.py`).
Keeping the facts apart from the spelling is what lets a hand-written file and its
product-style twin be checked to load to the same record.
"""

from __future__ import annotations

from dataclasses import dataclass

Value = str | list[str] | list[dict[str, str]]
"""A front-matter value as YAML gives it to the product: text, a list of text, or interviewer mappings."""

QUOTED = frozenset({"company", "role", "location", "next_steps", "to", "subject", "name", "title"})
"""Keys whose text the product's style always double-quotes (names and free text); the rest are plain words."""
DATE_KEYS = frozenset({"date", "decision_by", "follow_up_on"})


@dataclass(frozen=True)
class Section:
    """One block of a body: an optional `## heading`, then bullets or paragraphs."""

    heading: str | None
    items: tuple[str, ...]
    bullets: bool = False


@dataclass(frozen=True)
class Record:
    """One file's folder, id, front matter (in the product's key order) and body."""

    folder: str
    ident: str
    fields: tuple[tuple[str, Value], ...]
    sections: tuple[Section, ...]

    def value(self, key: str) -> Value | None:
        return next((value for name, value in self.fields if name == key), None)

    def text(self, key: str) -> str:
        """A text field's value, or "" when the record has none."""
        value = self.value(key)
        return value if isinstance(value, str) else ""


def quote(text: str) -> str:
    """A YAML double-quoted scalar: safe for any name (apostrophes, colons, accents)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _scalar(key: str, text: str) -> str:
    return quote(text) if key in QUOTED else text


def product_body(record: Record) -> str:
    """The body as the generator always wrote it: sections apart by a blank line, one final newline."""
    blocks = []
    for section in record.sections:
        lines = [f"## {section.heading}"] if section.heading else []
        if section.bullets:
            lines += [f"- {item}" for item in section.items]
        else:
            lines.append("\n\n".join(section.items))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def product_text(record: Record) -> str:
    """The whole file in the product's style: `key: value` lines, flow lists, quoted names."""
    lines = ["---"]
    for key, value in record.fields:
        if isinstance(value, str):
            lines.append(f"{key}: {_scalar(key, value)}")
        elif key == "interviewers":
            lines.append(f"{key}:")
            for entry in value:
                assert isinstance(entry, dict)
                for number, (name, text) in enumerate(entry.items()):
                    lines.append(f"{'  - ' if number == 0 else '    '}{name}: {_scalar(name, text)}")
        else:
            lines.append(f"{key}: [{', '.join(str(word) for word in value)}]")
    lines.append("---")
    return "\n".join(lines) + "\n" + product_body(record)
