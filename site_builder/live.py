"""The HTTP side of `followup serve`: the built folder, to this machine only, with live reload.

`LiveSite` is the state the watcher publishes after each build (generation, changed files,
problems); `Handler` serves files from the output folder only (no listings, no traversal,
no symlink out, no foreign Host), adds the reload script and the problem banner to HTML at
serve time, and streams build events at `/__followup/events`.
"""

from __future__ import annotations

import hashlib
import html
import json
import mimetypes
import re
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple, cast
from urllib.parse import parse_qs, quote, unquote

from journal.problems import Problem

PREFIX = "/__followup/"
HEARTBEAT = 15.0
"""Seconds between SSE comments, so the thread of a closed tab notices and ends."""
DEFAULT_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)
"""For responses that carry no policy of their own (assets, the not-found page)."""
SECURITY_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

SERVE_ASSETS = Path(__file__).parent / "serve_assets"
RELOAD_JS = (SERVE_ASSETS / "reload.js").read_bytes()
"""Reloads a page when a rebuild rewrote it: one tab per browser listens, the others are told."""
SERVE_CSS = (SERVE_ASSETS / "serve.css").read_bytes()
"""The problem banner's style."""
ASSETS = {"reload.js": (RELOAD_JS, TYPES[".js"]), "serve.css": (SERVE_CSS, TYPES[".css"])}
NOT_FOUND = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="robots" content="noindex, nofollow"><title>{title}</title></head>'
    '<body><main class="followup-serve-missing"><h1>{title}</h1><p>{text}</p></main></body></html>'
)


class Token(NamedTuple):
    """Where a page's reload stream starts: the server run that served it and the build it saw."""

    epoch: str
    generation: int


_TOKEN = re.compile(r"([0-9a-f]{1,16})-([0-9]{1,18})")
"""`LiveSite.token()`: ASCII only (`int()` also takes '٣'), and a number `int()` converts quickly."""
_PORT = re.compile(r":[0-9]{1,5}")


def read_token(text: str) -> Token | None:
    """The token a page sends back (`?since=` or `Last-Event-ID`), or None when it is not one we wrote."""
    match = _TOKEN.fullmatch(text)
    return Token(match.group(1), int(match.group(2))) if match else None


class LiveSite:
    """What the last build left: shared by the watcher thread (writer) and HTTP threads (readers)."""

    def __init__(self, out: Path, history: int = 512) -> None:
        self.out = Path(out).resolve()
        self.epoch = format(time.time_ns() // 1_000_000, "x")
        """Tells a page served by an earlier run of the server to reload."""
        self.generation = 0
        self.problems: tuple[Problem, ...] = ()
        self.digest = ""
        self.closed = False
        self._history: deque[tuple[int, frozenset[str]]] = deque(maxlen=history)
        self._cond = threading.Condition()

    def publish(self, written: Iterable[str], problems: Sequence[Problem]) -> None:
        with self._cond:
            self.generation += 1
            self.problems = tuple(problems)
            text = "\n".join(str(problem) for problem in self.problems)
            self.digest = hashlib.sha1(text.encode()).hexdigest()[:12] if text else ""
            self._history.append((self.generation, frozenset(path.replace("\\", "/") for path in written)))
            self._cond.notify_all()

    def token(self) -> str:
        return f"{self.epoch}-{self.generation}"

    def state(self) -> tuple[str, str, tuple[Problem, ...]]:
        """The token, the problems' digest and the problems, read together."""
        with self._cond:
            return self.token(), self.digest, self.problems

    def changes_since(self, token: Token) -> tuple[int, list[str] | None]:
        """The current generation and what changed after `token`; None means reload everything."""
        with self._cond:
            since = token.generation
            if token.epoch != self.epoch or since > self.generation:
                return self.generation, None  # a page from an earlier run of the server
            if since == self.generation:
                return since, []
            if not self._history or self._history[0][0] > since + 1:
                return self.generation, None
            changed: set[str] = set()
            for generation, paths in self._history:
                if generation > since:
                    changed |= paths
            return self.generation, sorted(changed)

    def wait_after(self, generation: int, timeout: float) -> None:
        with self._cond:
            if self.generation == generation and not self.closed:
                self._cond.wait(timeout)

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def host_allowed(value: str | None) -> bool:
    """Only names of this machine: a page on evil.example rebinding its DNS to us is refused."""
    if not value:
        return False
    host = value.strip().lower()
    if host.startswith("["):
        name, bracket, rest = host[1:].partition("]")
        allowed = bracket == "]" and name == "::1"
    else:
        name, _, rest = host.partition(":")
        rest = ":" + rest if _ else ""
        allowed = name.removesuffix(".") in ("localhost", "127.0.0.1")
    return allowed and (rest == "" or _PORT.fullmatch(rest) is not None)


def locate(out: Path, url_path: str) -> Path | str | None:
    """The file to send for a URL path, a redirect target (str) for a folder without `/`, or None."""
    try:
        decoded = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or decoded.startswith("//") or "\\" in decoded or "\x00" in decoded:
        return None
    parts = decoded.split("/")[1:]
    folder = parts[-1] == ""
    parts = parts[:-1] if folder else parts
    if any(part.strip(" .") == "" or part.startswith(".") for part in parts):
        return None  # "..", ".", "..%20", empty segments and hidden files such as .git
    try:
        real = out.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(out):
        return None  # a symbolic link out of the site
    if real.is_dir():
        if not folder and parts:
            return "/" + "/".join(quote(part) for part in parts) + "/"
        return locate(out, "/" + "/".join(quote(part) for part in [*parts, "index.html"]))
    return real if real.is_file() and not folder else None


_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_CSP = re.compile(r"""http-equiv\s*=\s*["']?content-security-policy\b""", re.IGNORECASE)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def allow_self(policy: str) -> str:
    """The page's policy, also letting it load the reload script and open the event stream."""
    directives: list[tuple[str, list[str]]] = []
    for chunk in policy.split(";"):
        words = chunk.split()
        if words:
            directives.append((words[0].lower(), words[1:]))
    found = dict(directives)
    for name in ("script-src", "script-src-elem", "style-src", "style-src-elem", "connect-src"):
        values = found.get(name)
        if values is None:
            if name.endswith("-elem") or "default-src" not in found:
                continue  # absent and unrestricted, or falls back to a directive patched here
            values = [value for value in found["default-src"]]
            directives.append((name, values))
            found[name] = values
        values[:] = [value for value in values if value.lower() != "'none'"]
        if "'self'" not in (value.lower() for value in values):
            values.append("'self'")
    return "; ".join(" ".join([name, *values]) for name, values in directives)


def prepare_html(
    raw: bytes, site: LiveSite, status: int = 200, seen: tuple[str, str, tuple[Problem, ...]] | None = None
) -> tuple[bytes, str]:
    """The page with the live-reload tags and problem banner, and the policy to send with it.

    `seen` is `site.state()` taken before the page was read from disk (default: now)."""
    token, digest, problems = seen if seen is not None else site.state()
    text = raw.decode("utf-8", errors="replace")
    head_end = _HEAD_END.search(text)
    policy = DEFAULT_POLICY
    for meta in _META.finditer(text, 0, head_end.start() if head_end else len(text)):
        content = _CONTENT.search(meta.group())
        if _CSP.search(meta.group()) and content:
            policy = allow_self(html.unescape(content.group(1) or content.group(2) or ""))
            tag = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'
            text = text[: meta.start()] + tag + text[meta.end() :]
            break
    tags = (
        f'<meta name="followup-serve" content="{token}" data-problems="{digest}" data-status="{status}">'
        f'<link rel="stylesheet" href="{PREFIX}serve.css"><script src="{PREFIX}reload.js" defer></script>'
    )
    head_end = _HEAD_END.search(text)
    at = head_end.start() if head_end else 0
    text = text[:at] + tags + text[at:]
    if problems:
        body = _BODY.search(text)
        at = body.end() if body else len(text)
        text = text[:at] + problems_banner(problems) + text[at:]
    return text.encode("utf-8"), policy


def problems_banner(problems: Sequence[Problem], limit: int = 50) -> str:
    """The HTML of the banner: the first error first (its file and line), then the others.

    Errors lead: a broken round also warns at each of its follow-ups (left out until it is fixed),
    and those sort before it by path, but what to fix is the round."""
    problems = sorted(problems, key=lambda problem: problem.severity != "error")  # stable: by path within each
    count = len(problems)
    first = html.escape(str(problems[0]))
    rest = "".join(f"<li><code>{html.escape(str(problem))}</code></li>" for problem in problems[1:limit])
    if count > limit:
        rest += f"<li>… and {count - limit} more (run <code>followup check</code>)</li>"
    more = f"<ul>{rest}</ul>" if rest else ""
    others = f" and {count - 1} more" if count > 1 else ""
    return (
        '<aside class="followup-serve-problems" role="alert">'
        f"<p><strong><code>{first}</code></strong></p>"
        f"<p>The site was built from the other files{others and ' (' + others.strip() + ' below)'}; "
        f"fix this and the page reloads.</p>{more}</aside>"
    )


class QuietServer(ThreadingHTTPServer):
    """One thread per request, none outliving the process; a closed tab is not an error."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD for the built site, the two serve-time assets and the event stream."""

    timeout = 60

    def version_string(self) -> str:
        return "followup"

    @property
    def site(self) -> LiveSite:
        return cast(LiveSite, self.server.site)  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows builds and problems, not every request."""

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:  # which one would a proxy in front have checked? (RFC 9112 3.2: 400)
            return self.plain(HTTPStatus.BAD_REQUEST, "Bad request: more than one Host header.", send_body)
        if not host_allowed(hosts[0] if hosts else None):
            return self.plain(HTTPStatus.MISDIRECTED_REQUEST, "This preview answers to localhost only.", send_body)
        if not self.path.startswith("/"):
            return self.plain(HTTPStatus.BAD_REQUEST, "Bad request.", send_body)
        path, _, query = self.path.partition("#")[0].partition("?")
        if path == PREFIX + "changes":  # answered at once: what changed since a page was served
            token = self.since(query)
            if token is None:
                return self.plain(HTTPStatus.BAD_REQUEST, "Bad request: not a live-reload token.", send_body)
            generation, changed = self.site.changes_since(token)
            data = json.dumps({"build": generation, "changed": changed, "problems": self.site.digest}).encode()
            return self.send(HTTPStatus.OK, data, TYPES[".json"], DEFAULT_POLICY, send_body)
        if path == PREFIX + "events":
            token = self.since(query)
            if token is None:
                return self.plain(HTTPStatus.BAD_REQUEST, "Bad request: not a live-reload token.", send_body)
            return self.events(token) if send_body else self.plain(HTTPStatus.OK, "", False)
        if path.startswith(PREFIX) and path[len(PREFIX) :] in ASSETS:
            asset, kind = ASSETS[path[len(PREFIX) :]]
            return self.send(HTTPStatus.OK, asset, kind, DEFAULT_POLICY, send_body)
        found = locate(self.site.out, path)
        if isinstance(found, str):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", found)
            self.common_headers(DEFAULT_POLICY)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        seen = self.site.state()  # before the read: a build that lands meanwhile is news to the page
        try:
            body = found.read_bytes() if found is not None else b""
        except OSError:
            found = None  # deleted between the lookup and the read
        if found is None:
            return self.missing(path, send_body)
        kind = TYPES.get(found.suffix.lower()) or mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        policy = DEFAULT_POLICY
        if found.suffix.lower() in (".html", ".htm"):
            body, policy = prepare_html(body, self.site, seen=seen)
        return self.send(HTTPStatus.OK, body, kind, policy, send_body)

    def missing(self, path: str, send_body: bool) -> None:
        if self.site.generation == 0:
            title, text = "Building the site…", "This page loads by itself when the first build is done."
        elif path == "/" and not (self.site.out / "index.html").exists():
            title, text = "The site has not been built", "The first build wrote no timeline; see the problems above."
        else:
            title = "Not found"
            text = f'No page at <code>{html.escape(unquote(path))}</code>. <a href="/">Back to the timeline</a>'
        page = NOT_FOUND.format(title=title, text=text).encode()
        body, policy = prepare_html(page, self.site, status=404)
        self.send(HTTPStatus.NOT_FOUND, body, TYPES[".html"], policy, send_body)

    def plain(self, status: HTTPStatus, text: str, send_body: bool) -> None:
        self.send(status, text.encode(), TYPES[".txt"], DEFAULT_POLICY, send_body)

    def common_headers(self, policy: str) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.send_header("Content-Security-Policy", policy)

    def send(self, status: HTTPStatus, body: bytes, kind: str, policy: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.common_headers(policy)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def since(self, query: str) -> Token | None:
        """Where the stream starts: the browser's `Last-Event-ID` on a reconnect, else the page's
        `?since=`, else now; None for anything else (an empty, repeated or malformed token)."""
        given = self.headers.get_all("Last-Event-ID") or parse_qs(query, keep_blank_values=True).get("since")
        if given is None:
            return Token(self.site.epoch, self.site.generation)
        return read_token(given[0]) if len(given) == 1 else None

    def events(self, token: Token) -> None:
        """Server-Sent Events: one `build` event per finished build, replaying what a page missed."""
        site = self.site
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.common_headers(DEFAULT_POLICY)
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not site.closed:
                generation, changed = site.changes_since(token)
                if changed is None or changed:
                    token = Token(site.epoch, generation)
                    data = json.dumps({"build": generation, "changed": changed, "problems": site.digest})
                    self.wfile.write(f"id: {site.epoch}-{generation}\nevent: build\ndata: {data}\n\n".encode())
                else:
                    self.wfile.write(b": waiting\n\n")
                self.wfile.flush()
                site.wait_after(generation, HEARTBEAT)
        except (ConnectionError, TimeoutError):
            return
