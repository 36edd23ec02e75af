"""Malformed requests to `followup serve`, written byte for byte on a real socket: 400, never a traceback.

Two `Host` headers (which one would a proxy check?), and live-reload tokens that are not the
`<epoch>-<generation>` the server hands out: `int()` takes '٣' and '²' passes `str.isdigit()`
yet makes `int()` raise, and 5,000 digits exceed Python's conversion limit.
"""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from journal.store import init_journal
from site_builder.live import host_allowed
from site_builder.serve import Preview

INTERVIEW = "---\ncompany: Acme Corp\nrole: Backend Engineer\nstage: onsite\ndate: 2026-11-20\n---\nNotes.\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Preview, list[str]]]:
    root = tmp_path_factory.mktemp("serve-requests") / "journal"
    init_journal(root, owner="Alex Example", title="Requests")
    (root / "interviews" / "2026-11-20-acme-corp-backend-engineer-onsite.md").write_text(INTERVIEW)
    reports: list[str] = []
    with Preview(root, port=0, quiet=0.03, report=reports.append) as preview:
        yield preview, reports


@pytest.fixture
def preview(served: tuple[Preview, list[str]], capfd: pytest.CaptureFixture[str]) -> Iterator[Preview]:
    """The served journal; after the test, nothing was logged to stderr or reported."""
    preview, reports = served
    before = len(reports)
    yield preview
    assert "Traceback" not in capfd.readouterr().err
    assert reports[before:] == []


def send(preview: Preview, head: bytes) -> tuple[int, bytes]:
    """The request line and headers exactly as given; the status and, unless it is an event stream, the body."""
    assert preview.server is not None
    with socket.create_connection(("127.0.0.1", preview.server.server_address[1]), timeout=10) as sock:
        sock.sendall(head + b"\r\n\r\n")
        response = http.client.HTTPResponse(sock, method="GET")
        response.begin()
        streaming = (response.getheader("Content-Type") or "").startswith("text/event-stream")
        return response.status, b"" if streaming else response.read()


def events(since: str | None = None, last_event_id: bytes | None = None, host: bytes = b"localhost") -> bytes:
    path = "/__followup/events" + ("" if since is None else "?since=" + quote(since))
    head = f"GET {path} HTTP/1.1\r\n".encode() + b"Host: " + host
    if last_event_id is not None:
        head += b"\r\nLast-Event-ID: " + last_event_id
    return head


def short(value: object) -> str:
    text = ascii(value)
    return text if len(text) < 40 else f"{text[:20]}...({len(text)} chars)"


MALFORMED = ["{epoch}-\u0663", "{epoch}-\u00b2", "{epoch}-" + "9" * 5000, "{epoch}--1", "{epoch}-", "", "-1",
             "{epoch}-+1", "{epoch}- 1", "{epoch}-1_0", "{epoch}-1-1", "{epoch}", "{epoch}-1\x00", "\u0663-1"]  # fmt: skip


@pytest.mark.parametrize("token", MALFORMED, ids=short)
def test_a_malformed_reload_token_in_the_query_is_a_400(preview: Preview, token: str) -> None:
    assert preview.site is not None
    status, body = send(preview, events(since=token.format(epoch=preview.site.epoch)))
    assert status == 400 and b"live-reload token" in body


@pytest.mark.parametrize("token", MALFORMED, ids=short)
def test_a_malformed_last_event_id_is_a_400(preview: Preview, token: str) -> None:
    assert preview.site is not None
    value = token.format(epoch=preview.site.epoch)
    wire = value.encode("latin-1") if value.isascii() or value == f"{preview.site.epoch}-\u00b2" else value.encode()
    status, body = send(preview, events(last_event_id=wire))
    assert status == 400 and b"live-reload token" in body


def test_well_formed_tokens_open_the_stream(preview: Preview) -> None:
    assert preview.site is not None
    current = preview.site.token()
    assert send(preview, events())[0] == 200
    assert send(preview, events(since=current))[0] == 200
    assert send(preview, events(last_event_id=current.encode()))[0] == 200
    assert send(preview, events(since="1a2b3c-7"))[0] == 200  # a page served by an earlier run: it reloads
    assert send(preview, events(since=f"{preview.site.epoch}-123456789012345678"))[0] == 200


def test_two_tokens_are_a_400(preview: Preview) -> None:
    assert preview.site is not None
    current = preview.site.token()
    path = f"/__followup/events?since={current}&since={current}"
    assert send(preview, f"GET {path} HTTP/1.1\r\nHost: localhost".encode())[0] == 400
    twice = events(last_event_id=current.encode()) + b"\r\nLast-Event-ID: " + current.encode()
    assert send(preview, twice)[0] == 400


@pytest.mark.parametrize(
    "hosts", [[b"localhost", b"localhost"], [b"localhost", b"evil.example"], [b"evil.example", b"127.0.0.1"]]
)
def test_two_host_headers_are_a_400(preview: Preview, hosts: list[bytes]) -> None:
    head = b"GET / HTTP/1.1" + b"".join(b"\r\nHost: " + host for host in hosts)
    status, body = send(preview, head)
    assert status == 400 and b"Host" in body
    assert send(preview, b"GET / HTTP/1.1\r\nHost: localhost")[0] == 200


@pytest.mark.parametrize(
    "host", [b"localhost:\xb2", b"localhost:\xd9\xa3", b"localhost:" + b"9" * 5000, b"[::1]:\xb9"], ids=short
)
def test_a_port_that_is_not_ascii_digits_is_refused(preview: Preview, host: bytes) -> None:
    assert send(preview, b"GET / HTTP/1.1\r\nHost: " + host)[0] == 421


def test_host_and_token_rules() -> None:
    from site_builder.live import read_token

    assert host_allowed("localhost:8000") and host_allowed("[::1]:65535")
    assert not host_allowed("localhost:\u00b2") and not host_allowed("localhost:\u0663")
    assert not host_allowed("localhost:123456")
    assert read_token("1a2b-0") == ("1a2b", 0) and read_token("ff-42") == ("ff", 42)
    for bad in ["1a2b-\u0663", "1a2b-\u00b2", "1a2b-" + "1" * 19, "1A2B-1", "\uff11-1", "1a2b-1\n"]:
        assert read_token(bad) is None, bad
