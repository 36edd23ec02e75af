"""`followup init`, `new`, `due` and `check`, run in-process the way a user types them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import TODAY, Run

from journal import load
from journal.agenda import agenda

LUMEN = "2026-11-09-lumen-labs-platform-engineer-onsite"
NORTHWIND = "2026-11-21-northwind-analytics-senior-data-engineer-onsite"
BLUEFIN = "2026-11-24-bluefin-health-product-engineer-technical"
ACME = "2026-11-25-acme-robotics-backend-engineer-phone-screen"


def test_init_creates_a_journal_with_git_and_is_safe_to_rerun(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "search"
    first = run("init", target, "--owner", "Kim Lee")
    assert first.code == 0
    assert "journal.yaml" in first.out and ".gitattributes" in first.out
    assert (target / ".git").is_dir()
    assert "owner: Kim Lee" in (target / "journal.yaml").read_text()
    assert "*.md text eol=lf" in (target / ".gitattributes").read_text()
    for folder in ("interviews", "followups", "people", "templates"):
        assert (target / folder).is_dir()
    again = run("init", target)
    assert again.code == 0 and "nothing changed" in again.out and "git" not in again.out
    assert "owner: Kim Lee" in (target / "journal.yaml").read_text()


def test_init_inside_a_repository_does_not_nest_one(run: Run, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = run("init", tmp_path / "notes" / "jobs")
    assert result.code == 0
    assert (tmp_path / "notes" / "jobs" / "journal.yaml").is_file()
    assert not (tmp_path / "notes" / "jobs" / ".git").exists()
    assert "inside one already" in result.out


def test_new_interview_writes_the_file_it_prints(run: Run, empty: Path) -> None:
    result = run(
        "-C", empty, "new", "interview", "--company", "Acme Corp", "--role", "Backend Engineer",
        "--stage", "onsite", "--format", "video", "--date", "2026-11-20T14:00",
        "--interviewer", "Jane Doe (Engineering Manager) <jane@acme.example>", "--interviewer", "Raj Patel",
    )  # fmt: skip
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    path = path if path.is_absolute() else Path.cwd() / path
    assert path == empty / "interviews" / "2026-11-20-acme-corp-backend-engineer-onsite.md"
    interview = load(empty).interviews[path.stem]
    assert (interview.company, interview.role, interview.stage, interview.format) == (
        "Acme Corp", "Backend Engineer", "onsite", "video"
    )  # fmt: skip
    assert [(p.name, p.title, p.email) for p in interview.interviewers] == [
        ("Jane Doe", "Engineering Manager", "jane@acme.example"),
        ("Raj Patel", None, None),
    ]


def test_new_interview_defaults_to_today_and_never_overwrites(run: Run, empty: Path) -> None:
    first = run("-C", empty, "new", "interview", "--company", "Beta", "--role", "QA")
    second = run("-C", empty, "new", "interview", "--company", "Beta", "--role", "QA")
    assert first.code == second.code == 0
    assert first.out != second.out and second.out.strip().endswith("-2.md")
    assert len(load(empty).interviews) == 2


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["--company", "A", "--role", "B", "--date", "2026-02-30"], "--date"),
        (["--company", "A", "--role", "B", "--date", "20/11/2026"], "YYYY-MM-DD"),
        (["--company", "A", "--role", "B", "--stage", "lunch"], "invalid choice: 'lunch'"),
        (["--company", "A", "--role", "B", "--interviewer", "Jane <not-an-email>"], "not an e-mail"),
        (["--company", "   ", "--role", "B"], "--company"),
        (["--role", "B"], "--company"),
    ],
)
def test_new_interview_bad_input_is_one_line_and_exit_2(run: Run, empty: Path, argv: list[str], mentions: str) -> None:
    result = run("-C", empty, "new", "interview", *argv)
    assert result.code == 2
    assert mentions in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert load(empty).interviews == {}


def test_new_followup_with_template_is_a_draft_citing_the_talking_points(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you", "--to", "Tom Becker",
                 "--template", "--date", "2026-11-25T09:00")  # fmt: skip
    assert result.code == 0, result.err
    created = load(demo).followups[Path(result.out.strip()).stem]
    assert (created.status, created.to, created.interview) == ("draft", "Tom Becker", BLUEFIN)
    assert created.subject == "Thank you — Product Engineer interview"
    assert created.body.startswith("Hi Tom,")
    assert "our conversation about your feature-flag cleanup tooling." in created.body, "Tom's own point"
    assert "patient-intake" not in created.body, "never Aisha's point"
    assert "pairs across time zones" not in created.body, "a shared point only when he has none of his own"
    assert "speak with me yesterday" in created.body, "drafted the day after the interview"


def test_logging_a_thank_you_removes_it_from_the_agenda(run: Run, demo: Path) -> None:
    before = {item.id for item in agenda(load(demo), load(demo).settings.policy, TODAY)}
    assert any(item.startswith("thank-you:") and "tom-becker" in item for item in before)
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you", "--to", "Tom Becker",
                 "--date", "2026-11-24T18:00", "--body", "Hi Tom, thank you!")  # fmt: skip
    assert result.code == 0 and result.err == ""
    journal = load(demo)
    after = {item.id for item in agenda(journal, journal.settings.policy, TODAY)}
    assert before - after == {f"thank-you:{BLUEFIN}:tom-becker"}


def test_pestering_guard_warns_on_stderr_but_never_blocks(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", LUMEN, "--kind", "status-check", "--to", "Grace Kim",
                 "--date", "2026-11-20")  # fmt: skip
    assert result.code == 0
    assert result.err.startswith("warning: ") and "wait at least 7" in result.err
    assert Path(result.out.strip()).stem in load(demo).followups
    early = run("-C", demo, "new", "followup", "--interview", NORTHWIND, "--kind", "status-check",
                "--to", "Priya Nair", "--date", "2026-11-26", "--template")  # fmt: skip
    assert early.code == 0
    assert "promised a decision by Mon 30 Nov" in early.err
    calm = run("-C", demo, "new", "followup", "--interview", ACME, "--kind", "status-check", "--date", "2026-12-02")
    assert calm.code == 0 and calm.err == ""


def test_new_followup_unknown_interview_exits_2_with_a_hint(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", "2026-11-24-bluefin-health", "--kind", "thank-you")
    assert result.code == 2
    assert f"did you mean {BLUEFIN}" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_thank_you_to_a_panel_needs_to_name_the_person(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you")
    assert result.code == 2
    assert "'Aisha Rahman'" in result.err and "'Tom Becker'" in result.err


def test_check_in_outside_any_process_goes_to_a_person(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--kind", "check-in", "--to", "Maya Johnson", "--date", "2026-11-25")
    assert result.code == 0 and result.err == ""
    journal = load(demo)
    created = journal.followups[Path(result.out.strip()).stem]
    assert (created.interview, created.to, created.status) == (None, "Maya Johnson", "sent")
    items = agenda(journal, journal.settings.policy, TODAY)
    maya = next(item for item in items if item.id == "check-in:maya-johnson")
    assert maya.due.isoformat() == "2027-01-24"  # 60 days after today's check-in
    soon = run("-C", demo, "new", "followup", "--kind", "check-in", "--to", "Maya Johnson", "--date", "2026-11-27")
    assert soon.code == 0 and "you were last in touch with Maya Johnson on Wed 25 Nov" in soon.err
    assert run("-C", demo, "new", "followup", "--kind", "check-in").code == 2


def test_reply_is_received_and_inbound(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", LUMEN, "--kind", "reply", "--to", "Grace Kim",
                 "--date", "2026-11-24T10:00")  # fmt: skip
    assert result.code == 0
    reply = load(demo).followups[Path(result.out.strip()).stem]
    assert (reply.direction, reply.status) == ("in", "received")


def test_due_json_has_exactly_the_documented_shape(run: Run, demo: Path) -> None:
    result = run("-C", demo, "due", "--as-of", "2026-11-25", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert list(data) == ["as_of", "items"] and data["as_of"] == "2026-11-25"
    keys = ["id", "action", "due", "state", "interview", "company", "role", "person", "reason"]
    assert data["items"] and all(list(item) == keys for item in data["items"])
    assert data["items"] == sorted(data["items"], key=lambda item: (item["due"], item["id"]))
    assert {item["state"] for item in data["items"]} == {"overdue", "today", "upcoming"}
    ghosted = next(item for item in data["items"] if item["action"] == "mark-ghosted")
    assert ghosted["company"] == "Quartz Payments" and ghosted["due"] == "2026-11-17" and ghosted["person"] is None


def test_due_table_groups_by_state_with_reasons(run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = run("-C", demo, "due", "--as-of", "2026-11-25")
    assert result.code == 0
    out = result.out
    assert out.index("Overdue (") < out.index("Due today (") < out.index("Upcoming (")
    assert "Sofia Alvarez · Northwind Analytics — Senior Data Engineer" in out
    assert "no thank-you to Sofia Alvarez is logged" in " ".join(out.split())  # reasons wrap to the terminal
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "mark-ghosted" in out and "record-next-steps" in out


def test_due_on_an_empty_journal_says_nothing_is_due(run: Run, empty: Path) -> None:
    result = run("-C", empty, "due")
    assert result.code == 0 and "Nothing is due" in result.out


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", "2026-11-25T10:00", ""])
def test_due_bad_as_of_is_exit_2(run: Run, demo: Path, bad: str) -> None:
    result = run("-C", demo, "due", "--as-of", bad)
    assert result.code == 2
    assert "--as-of" in result.err and len(result.err.strip().splitlines()) == 1


def test_check_on_a_clean_journal_exits_0(run: Run, demo: Path) -> None:
    result = run("-C", demo, "check")
    assert result.code == 0
    assert result.out.strip().splitlines()[-1].endswith("no problems")


def test_check_reports_path_line_col_and_exits_1_on_errors(run: Run, demo: Path) -> None:
    (demo / "interviews" / "bad.md").write_text("---\ncompany: Acme\ncompany: Beta\nrole: X\ndate: 2026-11-20\n---\n")
    (demo / "followups" / "orphan.md").write_text("---\ninterview: nowhere\nkind: thank-you\n---\n")
    result = run("-C", demo, "check")
    assert result.code == 1
    lines = result.out.strip().splitlines()
    assert any(
        line.startswith("interviews/bad.md:3:") and ": error: " in line and "duplicate" in line for line in lines
    )
    assert any(line.startswith("followups/orphan.md:2") and "names no interview" in line for line in lines)
    assert "2 errors" in lines[-1]
    data = json.loads(run("-C", demo, "check", "--json").out)
    assert data["errors"] == 2 and {p["path"] for p in data["problems"]} == {"interviews/bad.md", "followups/orphan.md"}


def test_check_with_only_warnings_exits_0(run: Run, demo: Path) -> None:
    config = demo / "journal.yaml"
    config.write_text(config.read_text() + "colour: blue\n")
    result = run("-C", demo, "check")
    assert result.code == 0
    assert "journal.yaml:" in result.out and "warning" in result.out and "0 errors, 1 warning" in result.out


def test_bad_files_leave_the_rest_of_the_agenda_working(run: Run, demo: Path) -> None:
    (demo / "interviews" / "broken.md").write_bytes(b"---\ncompany: \xff\n---\n")
    result = run("-C", demo, "due", "--as-of", "2026-11-25", "--json")
    assert result.code == 0
    assert len(json.loads(result.out)["items"]) >= 10
    assert "run 'followup check'" in result.err


def test_hostile_names_stay_inside_the_journal(run: Run, empty: Path) -> None:
    result = run("-C", empty, "new", "interview", "--company", "../../etc", "--role", "CON",
                 "--interviewer", "Robert'); DROP TABLE <bobby@example.com>")  # fmt: skip
    assert result.code == 0
    created = Path(result.out.strip())
    created = created if created.is_absolute() else Path.cwd() / created
    assert created.resolve().parent == (empty / "interviews").resolve()
    interview = load(empty).interviews[created.stem]
    assert interview.company == "../../etc" and interview.interviewers[0].name == "Robert'); DROP TABLE"
    reply = run("-C", empty, "new", "followup", "--interview", created.stem, "--kind", "reply", "--to", "/etc/passwd")
    assert reply.code == 0
    followup = Path(reply.out.strip())
    followup = followup if followup.is_absolute() else Path.cwd() / followup
    assert followup.resolve().parent == (empty / "followups").resolve()


def test_linkedin_note_from_the_template_fits_and_goes_by_linkedin(run: Run, demo: Path) -> None:
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "linkedin", "--to", "Tom Becker",
                 "--template")  # fmt: skip
    note = load(demo).followups[Path(result.out.strip()).stem]
    assert note.channel == "linkedin" and note.status == "draft" and 0 < len(note.body.strip()) <= 200
    left = 200 - len(note.body.strip())
    assert result.code == 0 and result.err == f"note: LinkedIn note: {200 - left} of 200 characters, {left} left\n"
    long = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "linkedin", "--to", "Tom Becker",
               "--body", "x" * 201)  # fmt: skip
    assert long.code == 0 and "warning: LinkedIn note: 201 of 200 characters: 1 too many" in long.err


def test_an_unreadable_own_template_is_named_and_the_builtin_used(run: Run, demo: Path) -> None:
    (demo / "templates").mkdir(exist_ok=True)
    (demo / "templates" / "thank-you.md").write_bytes(b"Hi \xff$first_name\n")
    result = run("-C", demo, "new", "followup", "--interview", BLUEFIN, "--kind", "thank-you", "--to", "Tom Becker",
                 "--template", "--date", "2026-11-25T09:00")  # fmt: skip
    assert result.code == 0
    assert "warning: templates/thank-you.md: not valid UTF-8; the built-in template was used" in result.err
    created = load(demo).followups[Path(result.out.strip()).stem]
    assert created.body.startswith("Hi Tom,")
