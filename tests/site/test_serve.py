"""`followup serve` over real HTTP on port 0, with a stand-in builder: safety, headers, live reload."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_helpers import FakeBuilder, eventually, open_events, read_event, request

from journal.problems import Problem
from site_builder.live import allow_self, host_allowed, problems_banner
from site_builder.serve import Preview, serve


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    root = tmp_path / "journal"
    (root / "interviews").mkdir(parents=True)
    (root / "journal.yaml").write_text("owner: Alex\n")
    (root / "interviews" / "acme.md").write_text("Acme first version\n")
    (root / "interviews" / "globex.md").write_text("Globex notes\n")
    return root


@pytest.fixture
def builder() -> FakeBuilder:
    return FakeBuilder()


@pytest.fixture
def preview(journal: Path, builder: FakeBuilder) -> Iterator[Preview]:
    reports: list[str] = []
    with Preview(journal, port=0, builder=builder, quiet=0.02, report=reports.append) as running:
        yield running


def port_of(preview: Preview) -> int:
    assert preview.server is not None
    return int(preview.server.server_address[1])


def page(preview: Preview, path: str) -> str:
    return request(port_of(preview), path).text


def test_binds_the_loopback_address_only(preview: Preview) -> None:
    assert preview.server is not None
    assert preview.server.server_address[0] == "127.0.0.1"
    assert preview.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/..%20/x",
        "//evil.com/",
        "/\\evil.com/%2e%2e%2f",
        "/%5c%5cevil.com/",
        "/.git/config",
        "/interviews/acme.md",
        "/journal.yaml",
        "/interviews/%00acme.html",
        "/%ff%fe",
        "/index.html/",
        "/escape.html",
        "/escape-dir/passwd",
    ],
)
def test_traversal_and_sources_are_not_found(preview: Preview, path: str) -> None:
    assert preview.out is not None
    (preview.out / ".git").mkdir(exist_ok=True)
    (preview.out / ".git" / "config").write_text("[core]\n")
    (preview.out / "journal.yaml").unlink(missing_ok=True)
    if not (preview.out / "escape.html").is_symlink():
        (preview.out / "escape.html").symlink_to(preview.root / "journal.yaml")
        (preview.out / "escape-dir").symlink_to("/etc")
    reply = request(port_of(preview), path)
    assert reply.status == 404, (path, reply.status)
    assert reply.headers.get("Location") is None
    assert b"root:" not in reply.body and b"owner" not in reply.body and b"[core]" not in reply.body


def test_a_folder_redirects_on_host_and_never_lists(preview: Preview) -> None:
    assert preview.out is not None
    (preview.out / "empty").mkdir()
    (preview.out / "empty" / "secret.txt").write_text("x")
    moved = request(port_of(preview), "/interviews")
    assert moved.status == 301 and moved.headers["Location"] == "/interviews/"
    assert request(port_of(preview), "/interviews/").status == 404  # no index.html there: no listing
    assert b"secret.txt" not in request(port_of(preview), "/empty/").body
    assert request(port_of(preview), "/").status == 200
    assert request(port_of(preview), "/interviews/acme.html?x=1#y").status == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil", "[::2]", ""]
)
def test_a_foreign_host_header_is_refused(preview: Preview, host: str) -> None:
    reply = request(port_of(preview), "/", host=host)
    assert reply.status in (403, 421)
    assert b"Timeline" not in reply.body


@pytest.mark.parametrize(
    "host", ["localhost", "localhost.", "LOCALHOST:8000", "127.0.0.1", "127.0.0.1.:1234", "[::1]", "[::1]:80"]
)
def test_local_host_headers_are_served(preview: Preview, host: str) -> None:
    assert request(port_of(preview), "/", host=host).status == 200


def test_host_rules() -> None:
    assert not host_allowed(None)
    assert not host_allowed("localhost:80:80")
    assert not host_allowed("localhost:")
    assert not host_allowed("[::1]x")


def test_pages_carry_privacy_and_caching_headers(preview: Preview) -> None:
    reply = request(port_of(preview), "/interviews/acme.html")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Cache-Control"] == "no-store"
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', reply.text)
    assert meta is not None
    assert reply.headers["Content-Security-Policy"] == meta.group(1).replace("&#x27;", "'")
    assert "connect-src 'self'" in reply.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in reply.headers["Content-Security-Policy"]


def test_the_reload_script_is_added_when_served_only(preview: Preview) -> None:
    assert preview.out is not None
    served = page(preview, "/interviews/acme.html")
    assert '<script src="/__followup/reload.js" defer></script>' in served
    assert "Acme first version" in served
    assert "__followup" not in (preview.out / "interviews" / "acme.html").read_text()
    script = request(port_of(preview), "/__followup/reload.js")
    assert script.status == 200 and script.headers["Content-Type"].startswith("text/javascript")
    assert b"EventSource" in script.body
    assert request(port_of(preview), "/__followup/other.js").status == 404


def test_allow_self_keeps_the_policy_and_opens_only_our_own_origin() -> None:
    assert allow_self("default-src 'none'; img-src 'self' data:") == (
        "default-src 'none'; img-src 'self' data:; script-src 'self'; style-src 'self'; connect-src 'self'"
    )
    assert allow_self("script-src 'none'; connect-src https://x") == "script-src 'self'; connect-src https://x 'self'"
    assert allow_self("img-src 'self'") == "img-src 'self'"


def test_editing_a_file_changes_the_served_page(preview: Preview, journal: Path) -> None:
    (journal / "interviews" / "acme.md").write_text("Acme second version\n")
    eventually(lambda: "Acme second version" in page(preview, "/interviews/acme.html"))


def test_an_editor_save_by_rename_changes_the_served_page(preview: Preview, journal: Path) -> None:
    temp = journal / "interviews" / ".acme.md.swp"
    temp.write_text("Acme saved by rename\n")
    os.replace(temp, journal / "interviews" / "acme.md")
    eventually(lambda: "Acme saved by rename" in page(preview, "/interviews/acme.html"))


def test_a_build_event_names_the_changed_pages(preview: Preview, journal: Path) -> None:
    assert preview.site is not None
    stream = open_events(preview, preview.site.token())
    (journal / "interviews" / "globex.md").write_text("Globex, after the onsite\n")
    event = read_event(stream)
    assert event["changed"] == ["interviews/globex.html"]
    assert event["id"] == preview.site.token()
    stream.close()


def test_a_page_that_missed_builds_gets_them_on_connect(preview: Preview, journal: Path) -> None:
    assert preview.site is not None
    token = preview.site.token()
    generation = preview.site.generation
    (journal / "interviews" / "initech.md").write_text("Initech\n")
    eventually(lambda: preview.site is not None and preview.site.generation > generation)
    event = read_event(open_events(preview, token))
    assert event["changed"] == ["index.html", "interviews/initech.html"]
    assert read_event(open_events(preview, "18c2d4e5f60-1"))["changed"] is None  # a page from an earlier server run


def test_a_bad_file_mid_session_keeps_serving_and_shows_the_problem(preview: Preview, journal: Path) -> None:
    (journal / "interviews" / "bad.md").write_text("company: [\nBAD\n")
    eventually(lambda: "interviews/bad.md:3:7" in page(preview, "/interviews/acme.html"))
    served = page(preview, "/index.html")
    assert 'class="followup-serve-problems" role="alert"' in served
    assert "interviews/bad.md:3:7: error: mapping values are not allowed" in served
    (journal / "interviews" / "acme.md").write_text("Acme still editable\n")
    eventually(lambda: "Acme still editable" in page(preview, "/interviews/acme.html"))
    (journal / "interviews" / "bad.md").unlink()
    eventually(lambda: "followup-serve-problems" not in page(preview, "/interviews/acme.html"))


def test_the_banner_leads_with_the_error_to_fix_not_the_warnings_it_causes() -> None:
    broken = "interviews/acme.md:4:1: error: invalid YAML"
    problems = [
        Problem("followups/a-thank-you.md", 2, 0, "warning", "its round has an error; left out until it is fixed"),
        Problem("interviews/acme.md", 4, 1, "error", "invalid YAML"),
        Problem("people/zed.md", 1, 0, "warning", "unknown key 'nmae'"),
    ]
    banner = problems_banner(problems)
    lead = banner[: banner.index("The site was built from the other files")]
    assert broken in lead and "a-thank-you" not in lead
    assert banner.index("followups/a-thank-you.md:2") < banner.index("people/zed.md:1")  # the rest by path
    assert "(and 2 more below)" in banner


def test_a_crashing_builder_is_shown_and_the_next_build_recovers(
    preview: Preview, journal: Path, builder: FakeBuilder
) -> None:
    reports: list[str] = []
    assert preview.watcher is not None
    preview.watcher.report = reports.append
    builder.crash = RuntimeError("template exploded")
    (journal / "interviews" / "acme.md").write_text("Acme during the crash\n")
    eventually(lambda: "the build crashed" in page(preview, "/index.html"))
    assert "RuntimeError" in page(preview, "/interviews/acme.html")
    builder.crash = None
    (journal / "interviews" / "acme.md").write_text("Acme after the crash\n")
    # The pages are on disk before the build ends; the crash notice goes when it has ended.
    eventually(lambda: "Acme after the crash" in page(preview, "/interviews/acme.html"))
    eventually(lambda: "the build crashed" not in page(preview, "/index.html"))
    assert any("template exploded" in line for line in reports)


def test_a_missing_page_is_a_404_that_reloads_once_it_exists(preview: Preview, journal: Path) -> None:
    missing = request(port_of(preview), "/interviews/initech.html")
    assert missing.status == 404 and "/__followup/reload.js" in missing.text and "Not found" in missing.text
    (journal / "interviews" / "initech.md").write_text("Initech\n")
    eventually(lambda: request(port_of(preview), "/interviews/initech.html").status == 200)


def test_rebuilds_are_incremental(preview: Preview, builder: FakeBuilder, journal: Path) -> None:
    (journal / "interviews" / "acme.md").write_text("Acme incremental\n")
    eventually(lambda: len(builder.calls) >= 2)
    assert builder.calls[-1]["previous"] == {"index.html", "interviews/acme.html", "interviews/globex.html"}


def test_a_lost_event_rescan_reloads_the_journal_without_cache(preview: Preview, builder: FakeBuilder) -> None:
    assert preview.watcher is not None
    preview.watcher.request_rescan()
    eventually(lambda: len(builder.calls) >= 2)
    assert builder.calls[-1]["journal"].root == preview.root


def test_serve_refuses_to_serve_the_journal_itself(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert serve(journal, port=0, open_browser=False, out=journal, builder=FakeBuilder()) == 2
    assert "refusing to serve" in capsys.readouterr().err


def test_serve_passes_on_the_builders_refusal_of_a_foreign_folder(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = journal.parent / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"not ours")
    assert serve(journal, port=0, open_browser=False, out=other) == 2
    assert "holiday.jpg" in os.listdir(other)
    output = capsys.readouterr()
    assert "not empty" in output.err and "Serving" not in output.out  # never served, not even for a moment


def test_serve_reports_a_busy_port(preview: Preview, journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = serve(journal, port=port_of(preview), open_browser=False, out=journal / "other", builder=FakeBuilder())
    assert code == 1
    assert "already in use" in capsys.readouterr().err


def test_serve_runs_until_stopped_and_exits_0(journal: Path) -> None:
    stop = threading.Event()
    codes: list[int] = []
    worker = threading.Thread(target=lambda: codes.append(serve(journal, 0, False, builder=FakeBuilder(), stop=stop)))
    worker.start()
    eventually(lambda: (journal / "_site" / "index.html").exists())
    stop.set()
    worker.join(10)
    assert codes == [0]


@pytest.mark.parametrize("build_seconds", [0.0, 3.0], ids=["after-the-first-build", "during-the-first-build"])
def test_ctrl_c_exits_cleanly(journal: Path, build_seconds: float) -> None:
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]); from pathlib import Path; from serve_helpers import FakeBuilder;"
        "from site_builder.serve import serve; fake = FakeBuilder();"
        "slow = lambda *a, **k: (time.sleep(float(sys.argv[3])), fake(*a, **k))[1];"
        "sys.exit(serve(Path(sys.argv[1]), 0, False, builder=slow))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(journal), str(Path(__file__).parent), str(build_seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("Serving ") and "http://127.0.0.1:" in line
    process.send_signal(2)  # SIGINT, what Ctrl+C sends
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "Stopping." in out


def test_ctrl_c_while_the_server_thread_starts_stops_without_a_traceback(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C can land in `Thread.start`, which waits for the thread: the server is then stopped
    before its loop runs, and the loop, starting on a closed socket, must take that as "stop"."""
    preview = Preview(journal, port=0, builder=FakeBuilder(), report=lambda line: None)
    preview.listen(serving=False)
    held: list[threading.Thread] = []
    real_start = threading.Thread.start

    def interrupted(thread: threading.Thread) -> None:
        held.append(thread)  # the thread runs only later, as a slow start would
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", interrupted)
    with pytest.raises(KeyboardInterrupt):
        preview.serve_pages()
    monkeypatch.undo()
    preview.stop()
    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    real_start(held[0])
    held[0].join(5)
    assert not held[0].is_alive() and failures == []


def test_pages_of_an_earlier_build_are_served_while_the_first_build_runs(journal: Path) -> None:
    (journal / "_site").mkdir()
    (journal / "_site" / "index.html").write_text("<html><head></head><body>Yesterday's timeline</body></html>")
    preview = Preview(journal, port=0, builder=FakeBuilder(), report=lambda line: None)
    try:
        preview.listen()
        port = port_of(preview)
        assert "Yesterday's timeline" in request(port, "/").text
        waiting = request(port, "/interviews/acme.html")
        assert waiting.status == 404 and "Building the site" in waiting.text
        preview.watch()
        preview.build_first()
        assert "Acme first version" in request(port, "/interviews/acme.html").text
    finally:
        preview.stop()
