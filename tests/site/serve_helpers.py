"""A small stand-in builder and HTTP helpers for the `followup serve` tests."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal.atomic import atomic_write
from journal.problems import Problem
from site_builder.serve import Preview

POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'"
PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta http-equiv="Content-Security-Policy" content="{policy}">'
    "<title>{title}</title></head><body><main>{text}</main></body></html>"
)


@dataclass
class FakeResult:
    out: Path
    written: list[str]
    problems: list[Problem]
    state: Any
    aborted: bool = False
    removed: list[str] = field(default_factory=list)


class FakeBuilder:
    """One page per interview file (its text), an index; a file containing BAD is a problem."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.crash: Exception | None = None

    def __call__(self, root: Path, out: Path | None = None, **options: Any) -> FakeResult:
        self.calls.append(options)
        if self.crash is not None:
            raise self.crash
        out = out or root / "_site"
        out.mkdir(parents=True, exist_ok=True)
        pages: dict[str, str] = {}
        problems: list[Problem] = []
        for source in sorted((root / "interviews").glob("*.md")):
            text = source.read_text()
            if "BAD" in text:
                problems.append(Problem(f"interviews/{source.name}", 3, 7, "error", "mapping values are not allowed"))
                continue
            pages[f"interviews/{source.stem}.html"] = PAGE.format(policy=POLICY, title=source.stem, text=text)
        links = "".join(f'<a href="{path}">{path}</a>' for path in pages)
        pages["index.html"] = PAGE.format(policy=POLICY, title="Timeline", text=links)
        written = []
        for rel, text in pages.items():
            target = out / rel
            if not target.exists() or target.read_text() != text:
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(target, text.encode())
                written.append(rel)
        removed = []
        previous = options.get("previous") or set()
        for rel in sorted(set(previous) - set(pages)):
            (out / rel).unlink(missing_ok=True)
            removed.append(rel)
        return FakeResult(out, written, problems, set(pages), removed=removed)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(port: int, path: str, host: str | None = None, method: str = "GET") -> Reply:
    """A raw request: the path goes on the wire exactly as given, with any Host header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def eventually(check: Callable[[], bool], timeout: float = 10.0, message: str = "") -> None:
    """Poll until `check()` holds, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(message or f"still false after {timeout} s")
        time.sleep(0.02)


def read_event(stream: http.client.HTTPResponse) -> dict[str, object]:
    """The next `build` event of an SSE stream (skips comments and `retry`)."""
    fields: dict[str, str] = {}
    while True:
        line = stream.readline().decode().rstrip("\n")
        if line == "" and "data" in fields:
            return {"id": fields.get("id"), **json.loads(fields["data"])}
        if line and not line.startswith(":"):
            name, _, value = line.partition(": ")
            fields[name] = value


def open_events(preview: Preview, since: str) -> http.client.HTTPResponse:
    assert preview.server is not None
    connection = http.client.HTTPConnection("127.0.0.1", int(preview.server.server_address[1]), timeout=10)
    connection.request("GET", f"/__followup/events?since={since}", headers={"Host": "localhost"})
    response = connection.getresponse()
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/event-stream")
    return response
