"""Helpers for the site builder tests: fixture journals, output trees and parsed HTML."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def copy_fixture(name: str, tmp_path: Path) -> Path:
    """A private copy of `tests/data/<name>`, so the load cache never lands in the repository."""
    root = tmp_path / name
    shutil.copytree(DATA / name, root, ignore=shutil.ignore_patterns(".followup", "_site"))
    return root


def tree(out: Path) -> dict[str, bytes]:
    """Every file under `out`, by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Parsed:
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]

    def urls(self) -> list[str]:
        return [
            value
            for _tag, attrs in self.tags
            for key, value in attrs.items()
            if key in ("href", "src", "action") and value is not None
        ]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parsed.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.parsed.text.append(data)


def parse(html: str | bytes) -> Parsed:
    collector = _Collector()
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    collector.close()
    return collector.parsed
