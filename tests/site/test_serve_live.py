"""`followup serve` with the real builder on a real journal, and one test in Chromium."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import eventually, open_events, read_event, request
from watchdog.events import FileSystemEvent

from journal.store import init_journal
from site_builder.serve import Preview

ACME = "2026-11-20-acme-corp-backend-engineer-onsite"
GLOBEX = "2026-11-18-globex-data-engineer-phone-screen"
INTERVIEW = """---
company: {company}
role: {role}
stage: onsite
date: 2026-11-20
---
{body}
"""


def write_interview(
    root: Path, name: str, body: str, company: str = "Acme Corp", role: str = "Backend Engineer"
) -> Path:
    path = root / "interviews" / f"{name}.md"
    path.write_text(INTERVIEW.format(company=company, role=role, body=body))
    return path


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    root = tmp_path / "journal"
    init_journal(root, owner="Alex Example", title="Live")
    write_interview(root, ACME, "Talked about the queue migration.")
    write_interview(root, GLOBEX, "Pipelines and dbt.", company="Globex", role="Data Engineer")
    return root


@pytest.fixture
def preview(journal: Path) -> Iterator[Preview]:
    with Preview(journal, port=0, quiet=0.03, report=lambda line: None) as running:
        yield running


def served(preview: Preview, path: str) -> str:
    assert preview.server is not None
    return request(int(preview.server.server_address[1]), path).text


def test_a_page_whose_file_breaks_stays_as_it_was_under_a_banner_naming_the_cause(
    preview: Preview, journal: Path
) -> None:
    page = f"/interviews/{ACME}.html"
    assert "queue migration" in served(preview, page)
    (journal / "interviews" / f"{ACME}.md").write_text("---\ncompany: Acme Corp\nrole: [half typed\n---\n")
    eventually(lambda: "followup-serve-problems" in served(preview, page))
    shown = served(preview, page)
    assert "queue migration" in shown, "the page as it was, not a Not found"
    banner = shown[shown.index('<aside class="followup-serve-problems"') :]
    assert banner.index(f"interviews/{ACME}.md:4:1") < banner.index("The site was built from the other files")
    write_interview(journal, ACME, "Fixed again.")
    eventually(
        lambda: "Fixed again." in served(preview, page) and "followup-serve-problems" not in served(preview, page)
    )


def test_editing_an_interview_changes_its_served_page(preview: Preview, journal: Path) -> None:
    page = f"/interviews/{ACME}.html"
    assert "queue migration" in served(preview, page)
    write_interview(journal, ACME, "They want someone to own the **billing** rewrite.")
    eventually(lambda: "billing</strong> rewrite" in served(preview, page))
    assert '<script src="/__followup/reload.js" defer></script>' in served(preview, page)


def test_an_atomic_rename_save_is_announced_to_open_pages(preview: Preview, journal: Path) -> None:
    assert preview.site is not None
    stream = open_events(preview, preview.site.token())
    temp = journal / "interviews" / f".{GLOBEX}.md.tmp"
    temp.write_text(INTERVIEW.format(company="Globex", role="Data Engineer", body="Saved by rename."))
    os.replace(temp, journal / "interviews" / f"{GLOBEX}.md")
    event = read_event(stream)
    changed = event["changed"]
    assert isinstance(changed, list) and f"interviews/{GLOBEX}.html" in changed
    assert f"interviews/{ACME}.html" not in changed
    assert "Saved by rename." in served(preview, f"/interviews/{GLOBEX}.html")


def test_a_bad_file_mid_session_shows_on_every_page_and_the_rest_still_updates(preview: Preview, journal: Path) -> None:
    (journal / "interviews" / "2026-11-21-bad.md").write_text("---\ncompany: Bad\nrole: [x\n---\n")
    eventually(lambda: "interviews/2026-11-21-bad.md:4:1: error: invalid YAML" in served(preview, "/index.html"))
    assert "followup-serve-problems" in served(preview, f"/interviews/{ACME}.html")
    write_interview(journal, ACME, "Edited while another file is broken.")
    eventually(lambda: "Edited while another file is broken." in served(preview, f"/interviews/{ACME}.html"))
    (journal / "interviews" / "2026-11-21-bad.md").unlink()
    eventually(lambda: "followup-serve-problems" not in served(preview, "/index.html"))


def test_delete_and_recreate_within_the_window_never_publishes_a_404(journal: Path) -> None:
    with Preview(journal, port=0, quiet=0.3, report=lambda line: None) as preview:
        assert preview.server is not None
        port = int(preview.server.server_address[1])
        statuses: list[int] = []
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                statuses.append(request(port, f"/interviews/{ACME}.html").status)
                time.sleep(0.01)

        poller = threading.Thread(target=watch)
        poller.start()
        source = journal / "interviews" / f"{ACME}.md"
        source.unlink()
        time.sleep(0.05)
        write_interview(journal, ACME, "Back after the checkout.")
        eventually(lambda: "Back after the checkout." in served(preview, f"/interviews/{ACME}.html"))
        done.set()
        poller.join()
    assert statuses and set(statuses) == {200}


def test_a_site_never_built_or_built_another_day_is_built_before_any_thread_and_misses_no_edit(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import site_builder.build

    real = site_builder.build.build_site
    threads_then: list[set[str]] = []
    initech = "2026-11-25-initech-sre-onsite"

    def build_then_edit(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        threads_then.append({thread.name for thread in threading.enumerate()})
        if len(threads_then) == 1:  # the first build, after it read the journal: edits it cannot have seen
            write_interview(journal, ACME, "Edited while the site was first built.")
            write_interview(journal, initech, "Added meanwhile.", company="Initech", role="SRE")
            (journal / "interviews" / f"{GLOBEX}.md").unlink()
        return result

    monkeypatch.setattr(site_builder.build, "build_site", build_then_edit)
    with Preview(journal, port=0, quiet=0.03, report=lambda line: None) as preview:
        assert not threads_then[0] & {"followup-http", "followup-watch"}  # so its pages may render in a pool
        eventually(lambda: "Edited while the site was first built." in served(preview, f"/interviews/{ACME}.html"))
        eventually(lambda: "Added meanwhile." in served(preview, f"/interviews/{initech}.html"))
        assert preview.server is not None
        eventually(lambda: request(int(preview.server.server_address[1]), f"/interviews/{GLOBEX}.html").status == 404)
    builds = len(threads_then)
    with Preview(journal, port=0, quiet=0.03, report=lambda line: None):  # built today: served while it builds
        assert "followup-http" in threads_then[builds]
    real(journal, as_of=date.today() - timedelta(days=1))  # built yesterday: every page shows another day
    builds = len(threads_then)
    with Preview(journal, port=0, quiet=0.03, report=lambda line: None) as preview:
        assert not threads_then[builds] & {"followup-http", "followup-watch"}, "built before the threads, on a pool"
        assert date.today().isoformat() in served(preview, "/agenda.html")


class Silent:
    """No events at all: the changes below are 'lost' until a rescan."""

    def start(self, emit: Callable[[FileSystemEvent], None], rescan: Callable[[], None]) -> None:
        pass

    def stop(self) -> None:
        pass


def test_a_rescan_after_lost_events_rebuilds_exactly_what_changed(journal: Path) -> None:
    """The pages announced after the edits are those of the three files changed, never the fourth.

    They may come in two builds: the files were written just before serve started, so its
    catch-up for edits made during the first build reads them again, and can meet the first
    edit before the rescan meets the others."""
    names = [f"2026-11-0{day}-initech-qa-engineer-onsite" for day in range(1, 5)]
    for name in names:
        write_interview(journal, name, "first", company="Initech", role="QA Engineer")
    expected = {f"interviews/{name}.html" for name in names[:3]}
    announced: set[str] = set()
    with Preview(journal, port=0, quiet=0.01, source=Silent(), report=lambda line: None) as preview:
        assert preview.site is not None and preview.watcher is not None
        stream = open_events(preview, preview.site.token())
        for name in names[:3]:
            write_interview(journal, name, f"changed {name}", company="Initech", role="QA Engineer")
        preview.watcher.request_rescan()
        while not expected <= announced:  # read_event fails after 10 s without an event
            changed = read_event(stream)["changed"]
            assert isinstance(changed, list)
            announced |= {path for path in changed if path.startswith("interviews/")}
    assert announced == expected


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (skipped without it, except in CI)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_kill_or_closing_the_terminal_stops_serve_as_ctrl_c_does(journal: Path, signal_name: str) -> None:
    """`kill`, or the terminal `followup serve` runs in being closed, ends it as Ctrl+C does:
    exit 0, and the build state saved, so the next build renders only what changed since."""
    import signal
    import subprocess
    import sys

    from site_builder import state as site_state

    command = [sys.executable, "-m", "tui.cli", "-C", str(journal), "serve", "--port", "0", "--no-open"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = journal / "_site" / "interviews" / f"{ACME}.html"
        eventually(lambda: page.is_file(), timeout=60)  # an edit from now on is seen, by the watcher or the catch-up
        write_interview(journal, ACME, "Edited while serving.")
        eventually(lambda: b"Edited while serving." in page.read_bytes(), timeout=30)
        process.send_signal(getattr(signal, signal_name))
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "Stopping." in out
    assert site_state.load(journal, journal / "_site") is not None, "the state of the last rebuild is saved"


def test_serve_killed_outright_after_edits_leaves_the_next_build_incremental(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL (or a crash, or a power cut) cannot be caught: serve saves its state a few seconds
    after the last rebuild instead, so the next build renders only what changed since, not every page."""
    import signal
    import subprocess
    import sys

    import site_builder.render as render_module
    from site_builder import state as site_state
    from site_builder.build import build_site

    out = journal / "_site"
    command = [sys.executable, "-m", "tui.cli", "-C", str(journal), "serve", "--port", "0", "--no-open"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(process.stderr or ()), daemon=True).start()
    try:
        eventually(lambda: any(line.startswith("built in") for line in said), timeout=60)
        write_interview(journal, ACME, "Edited while serving.")
        page = out / "interviews" / f"{ACME}.html"
        eventually(lambda: b"Edited while serving." in page.read_bytes(), timeout=30)
        eventually(lambda: any(line.startswith("rebuilt in") for line in said), timeout=30)  # manifest saved
        eventually(lambda: site_state.load(journal, out) is not None, timeout=30)  # a state that matches it
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    rendered: list[object] = []
    real = render_module.render_bytes
    monkeypatch.setattr(
        render_module, "render_bytes", lambda *args: rendered.append(args[1].get("page_title")) or real(*args)
    )
    write_interview(journal, GLOBEX, "Edited after serve was killed.", company="Globex", role="Data Engineer")
    result = build_site(journal)
    assert f"interviews/{GLOBEX}.html" in result.written
    assert not any("Acme" in str(title) for title in rendered), rendered


@pytest.mark.browser
def test_the_open_page_reloads_by_itself_after_an_edit(preview: Preview, journal: Path, browser: Any) -> None:
    page = browser.new_page()
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda item: requests.append(item.url))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.goto(f"{preview.url}interviews/{ACME}.html")
    assert "queue migration" in page.inner_text("body")
    page.evaluate("window.__stillTheSamePage = true")
    write_interview(journal, ACME, "Reloaded without touching the browser.")
    page.wait_for_function(
        "() => document.body.innerText.includes('Reloaded without touching the browser.')", timeout=10_000
    )
    assert page.evaluate("window.__stillTheSamePage") is None  # a real reload, not a DOM patch

    (journal / "interviews" / "2026-11-21-bad.md").write_text("---\ncompany: Bad\nrole: [x\n---\n")
    banner = page.locator(".followup-serve-problems")
    banner.wait_for(state="visible", timeout=10_000)
    assert "2026-11-21-bad.md:4:1" in banner.inner_text()
    assert all(url.startswith(preview.url) for url in requests), requests
    assert not [line for line in console if "Content Security Policy" in line], console


def test_a_storm_of_50_edits_and_one_bad_file_publishes_the_50_and_names_the_bad_one(
    preview: Preview, journal: Path
) -> None:
    names = [f"2026-10-{day:02d}-hooli-role-{number}-onsite" for number, day in enumerate(range(1, 51))]
    for number, name in enumerate(names):
        write_interview(journal, name, f"Storm edit {number}.", company="Hooli", role=f"Role {number}")
    (journal / "interviews" / "2026-11-22-bad.md").write_text("---\ncompany: Bad\nrole: x\n  stage: onsite\n---\n")
    eventually(
        lambda: all(f"Storm edit {n}." in served(preview, f"/interviews/{name}.html") for n, name in enumerate(names))
    )
    eventually(
        lambda: (
            "interviews/2026-11-22-bad.md:4:8: error: invalid YAML: mapping values" in served(preview, "/index.html")
        )
    )
    assert preview.watcher is not None and preview.watcher.failures == 0


def test_the_edited_page_is_announced_before_the_rest_of_the_site(preview: Preview, journal: Path) -> None:
    """The edited records' pages first (here only the round's changed), then the journal-wide files."""
    assert preview.site is not None
    stream = open_events(preview, preview.site.token())
    write_interview(journal, ACME, "Second thoughts on the queue.")
    events = [read_event(stream)]
    while not any(path.startswith("search/") for path in events[-1]["changed"] or []):  # the body is searchable
        events.append(read_event(stream))
    assert events[0]["changed"] == [f"interviews/{ACME}.html"]
    assert len(events) >= 2
    seen = [path for event in events for path in event["changed"] or []]  # type: ignore[union-attr]
    assert len(seen) == len(set(seen)), "no page is announced twice for one edit"
    assert preview.last_first is not None


def test_after_a_session_with_edits_the_next_build_is_incremental(journal: Path) -> None:
    from site_builder import state as site_state
    from site_builder.build import build_site

    with Preview(journal, port=0, quiet=0.03, report=lambda line: None) as running:
        assert running.out is not None
        write_interview(journal, ACME, "Edited while serving.")
        eventually(lambda: running._rebuilt)
        out = running.out
    assert site_state.load(journal, out) is not None, "the last build's state matches the site on disk"
    write_interview(journal, GLOBEX, "Edited after serving.", company="Globex", role="Data Engineer")
    result = build_site(journal)
    assert f"interviews/{GLOBEX}.html" in result.written
    assert f"interviews/{ACME}.html" not in result.written


@pytest.mark.browser
def test_seven_tabs_load_share_one_connection_and_all_reload(preview: Preview, journal: Path, browser: Any) -> None:
    """Browsers open six connections per host: a stream per tab left the seventh tab loading forever."""
    context = browser.new_context()
    streams: list[str] = []
    context.on("request", lambda item: streams.append(item.url) if "/__followup/events" in item.url else None)
    tabs = []
    for number in range(7):
        tab = context.new_page()
        tab.goto(f"{preview.url}interviews/{ACME}.html", timeout=5_000)  # the seventh loads too
        tab.wait_for_load_state("load", timeout=5_000)
        tab.evaluate(f"window.__tab = {number}")
        tabs.append(tab)
    eventually(lambda: len(streams) >= 1)
    time.sleep(0.5)
    assert len(streams) == 1, streams  # one tab listens for the browser
    write_interview(journal, ACME, "Every tab sees this.")
    for tab in tabs:
        tab.wait_for_function("() => document.body.innerText.includes('Every tab sees this.')", timeout=10_000)
        assert tab.evaluate("window.__tab") is None  # reloaded
    tabs[0].close()  # the listening tab goes: another one takes over
    write_interview(journal, ACME, "Still live after the first tab closed.")
    for tab in tabs[1:]:
        tab.wait_for_function("() => document.body.innerText.includes('after the first tab closed')", timeout=10_000)


def test_a_build_that_lands_while_a_page_is_read_is_news_to_that_page(
    preview: Preview, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's token is taken before its file is read: a build published in between is reported to it."""
    assert preview.site is not None
    page = f"interviews/{ACME}.html"
    real = Path.read_bytes
    site = preview.site

    def read_then_build(self: Path) -> bytes:
        data = real(self)
        if self.name == f"{ACME}.html":
            site.publish([page], [])  # the rebuild finishes just after the old bytes were read
        return data

    monkeypatch.setattr(Path, "read_bytes", read_then_build)
    assert preview.server is not None
    port = preview.server.server_address[1]
    body = request(port, f"/{page}").body
    monkeypatch.setattr(Path, "read_bytes", real)
    token = body.decode().split('name="followup-serve" content="', 1)[1].split('"', 1)[0]
    answer = request(port, f"/__followup/changes?since={token}")
    assert answer.status == 200 and page in json.loads(answer.body)["changed"]
