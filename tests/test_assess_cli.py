"""`careerplan assess` without a terminal: scripts, answers files and --set."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from careerplan import clock
from careerplan.cli import app

ENV = {"NO_COLOR": "1", "COLUMNS": "100"}

FULL = """\
version: 1
name: Dr Script
assessed_on: 2025-06-01
role: associate-medical-director
years_in_role: 2
organisation: nhs-trust
clinical_days_per_week: 3
goals: [step-up-to-md, board-effectiveness]
ratings: {finance: 1, board-skills: 2}
priority_areas: [finance]
support_in_place: [coach]
preferences: {formats: [online]}
constraints:
  hours_per_month: 5
  budget_gbp: 800
  apprenticeship_levy: false
  horizon_months: 24
mentor: Dr Mentor
"""


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERPLAN_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)


def run(*args: str, input: str | None = "", cwd=None) -> subprocess.CompletedProcess:
    """`careerplan assess` in-process, its standard input not a terminal (as in a script),
    in the test's folder (the fixture above); the result as a finished process's."""
    assert cwd is None or str(cwd) == os.getcwd()
    result = CliRunner().invoke(app, ["assess", *args], input=input, env=ENV)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def test_no_terminal_fails_fast_with_a_pointer_to_the_flags(tmp_path):
    """The real program, its standard input a pipe: one line, nothing written."""
    result = subprocess.run(
        [sys.executable, "-m", "careerplan", "assess"],
        input="\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, **ENV},
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("careerplan: assess asks its questions in a terminal")
    assert "--answers FILE" in lines[0] and "--no-input" in lines[0] and "--set" in lines[0]
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing written, no draft


def test_answers_file_and_no_input_write_the_profile(tmp_path):
    (tmp_path / "answers.yaml").write_text(FULL)
    result = run("--answers", "answers.yaml", "--no-input", "--out", "p.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Saved the profile to p.yaml" in result.stderr
    out = tmp_path / "p.yaml"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    data = yaml.safe_load(out.read_text())
    assert data["assessed_on"] == clock.today()
    assert data["goals"] == ["step-up-to-md", "board-effectiveness"]
    assert data["mentor"] == "Dr Mentor"
    assert data["constraints"]["horizon_months"] == 24
    check = CliRunner().invoke(app, ["profile", "validate", "p.yaml"])
    assert check.exit_code == 0, check.stderr


def test_an_old_profile_with_the_levy_answer_is_carried_forward_with_a_note(tmp_path):
    """The levy question is no longer asked (the Level 7 rule of January 2026): an older
    profile's answer is kept, and the plan says why it no longer counts on it."""
    (tmp_path / "answers.yaml").write_text(
        FULL.replace("apprenticeship_levy: false", "apprenticeship_levy: true")
    )
    result = run("--answers", "answers.yaml", "--no-input", "--out", "p.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert data["constraints"]["apprenticeship_levy"] is True
    plan = CliRunner().invoke(app, ["plan", "p.yaml", "--to", "json"])
    assert plan.exit_code == 0, plan.stderr
    levy = [n["text"] for n in json.loads(plan.stdout)["notes"] if n["kind"] == "levy"]
    assert len(levy) == 1 and "Since January 2026" in levy[0]


def test_a_complete_answers_file_needs_no_no_input_flag(tmp_path):
    (tmp_path / "answers.yaml").write_text(FULL)
    result = run("--answers", "answers.yaml", "--out", "p.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_set_fills_in_and_overrides_answers(tmp_path):
    (tmp_path / "answers.yaml").write_text(FULL)
    result = run(
        "--answers",
        "answers.yaml",
        "--set",
        "budget=1500",
        "--set",
        "ratings.finance=3",
        "--set",
        "role=medical-director",
        "--no-input",
        "--out",
        "p.yaml",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert data["constraints"]["budget_gbp"] == 1500
    assert data["ratings"] == {"finance": 3, "board-skills": 2}
    assert data["role"] == "medical-director"


def test_set_alone_is_enough_for_a_minimal_profile(tmp_path):
    result = run(
        "--set",
        "role=consultant",
        "--set",
        "years_in_role=4",
        "--set",
        "organisation=independent",
        "--set",
        "goals=step-up-to-md",
        "--set",
        "hours_per_month=4",
        "--set",
        "budget_gbp=0",
        "--no-input",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    saved = tmp_path / f"profile-{clock.today().isoformat()}.yaml"
    assert yaml.safe_load(saved.read_text())["role"] == "consultant"


def test_set_takes_british_dates_and_months_and_says_what_it_understood(tmp_path):
    start = clock.today() + dt.timedelta(days=40)
    british = f"{start.day}/{start.month}/{start.year}"
    result = run(
        "--set",
        "role=consultant",
        "--set",
        "years_in_role=18 months",
        "--set",
        "organisation=independent",
        "--set",
        "goals=step-up-to-md",
        "--set",
        "hours_per_month=4",
        "--set",
        "budget_gbp=0",
        "--set",
        f"start={british}",
        "--no-input",
        "--out",
        "p.yaml",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    saved = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert saved["years_in_role"] == 1.5
    assert saved["constraints"]["start"] == start
    assert "--set years_in_role=18 months: understood as 1.5 years" in result.stderr
    shown = f"{start:%A} {start.day} {start:%b %Y}"
    assert f"--set start={british}: understood as {shown}" in result.stderr


def test_a_us_order_date_is_refused_not_misread(tmp_path):
    result = run("--set", "start=12/31/2027", "--no-input", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a real date: enter one day first" in result.stderr


def test_no_input_with_a_missing_answer_names_the_question(tmp_path):
    result = run("--set", "role=consultant", "--no-input", "--out", "p.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "constraints.budget_gbp: no answer to \u201cWhat budget is available for the whole "
        "plan, in pounds?\u201d; add `constraints.budget_gbp` to the answers file or pass "
        "--set constraints.budget_gbp=NUMBER" in result.stderr
    )
    assert "goals: no answer to" in result.stderr
    assert "name:" not in result.stderr  # optional
    assert not (tmp_path / "p.yaml").exists()


def test_partial_answers_without_a_terminal_or_no_input_is_refused(tmp_path):
    result = run("--set", "role=consultant", cwd=tmp_path)
    assert result.returncode == 2
    assert "input is not a terminal and these answers are missing: years_in_role" in result.stderr
    assert "--no-input" in result.stderr


def test_bad_answers_are_reported_with_file_and_line(tmp_path):
    (tmp_path / "answers.yaml").write_text(
        FULL.replace("budget_gbp: 800", "budget_gbp: -5").replace(
            "role: associate-medical-director", "role: associate-md"
        )
    )
    result = run("--answers", "answers.yaml", "--no-input", "--out", "p.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "answers.yaml:4: role: 'associate-md' is not a role offered here" in result.stderr
    assert (
        "answers.yaml:15: constraints.budget_gbp: -5 is out of range: enter a number from "
        "0 to 1,000,000" in result.stderr
    )


def test_an_existing_profile_is_not_replaced_without_force(tmp_path):
    (tmp_path / "answers.yaml").write_text(FULL)
    (tmp_path / "p.yaml").write_text("precious\n")
    result = run("--answers", "answers.yaml", "--no-input", "--out", "p.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "p.yaml: already exists; use --force" in result.stderr
    assert (tmp_path / "p.yaml").read_text() == "precious\n"
    forced = run(
        "--answers", "answers.yaml", "--no-input", "--out", "p.yaml", "--force", cwd=tmp_path
    )
    assert forced.returncode == 0, forced.stderr
    assert "Dr Script" in (tmp_path / "p.yaml").read_text()


def test_the_default_name_never_overwrites(tmp_path):
    (tmp_path / "answers.yaml").write_text(FULL)
    for _ in range(2):
        assert run("--answers", "answers.yaml", "--no-input", cwd=tmp_path).returncode == 0
    today = clock.today().isoformat()
    assert (tmp_path / f"profile-{today}.yaml").exists()
    assert (tmp_path / f"profile-{today}-2.yaml").exists()


def test_an_out_folder_that_does_not_exist_fails_before_any_question(tmp_path):
    result = run("--set", "role=consultant", "--no-input", "--out", "nowhere/p.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "the folder nowhere does not exist" in result.stderr


def test_a_broken_from_profile_is_reported(tmp_path):
    (tmp_path / "last.yaml").write_text("version: 1\nrole: [\n")
    result = run("--from", "last.yaml", "--no-input", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("last.yaml:3: YAML syntax error")
    assert result.stderr.endswith("careerplan: 1 problem found; fix it and run again\n")


def test_from_and_no_input_reuses_last_years_answers(tmp_path):
    (tmp_path / "last.yaml").write_text(FULL)
    result = run("--from", "last.yaml", "--no-input", "--out", "p.yaml", cwd=tmp_path)
    # --from gives defaults for questions, not answers: a script must still say them.
    assert result.returncode == 2
    assert "role: no answer to" in result.stderr


def test_cli_runner_stdin_is_not_a_terminal(tmp_path):
    result = CliRunner().invoke(app, ["assess"], env=ENV)
    assert result.exit_code == 2
    assert "--no-input" in result.output


class _FakeUI:
    def __init__(self, target):
        self.target = target
        self.asked: list[str] = []

    def confirm(self, message, *, default=False, help=""):
        self.asked.append(message)
        return True

    def ask_path(self, default, message=""):
        self.asked.append(f"{message} [{default}]")
        return self.target


def _outcome(tmp_path, ui):
    from careerplan.assess.session import Outcome
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.profiles import load_profile

    (tmp_path / "p.yaml").write_text(
        FULL.replace("assessed_on: 2025-06-01", "assessed_on: 2026-01-05")
    )
    cat = load_catalogue()
    profile = load_profile(tmp_path / "p.yaml", cat.vocab.ids())
    return Outcome(tmp_path / "p.yaml", profile, cat, interactive=True, ui=ui)


def _console():
    from rich.console import Console

    return Console(record=True, width=100, color_system=None)


def test_after_saving_the_plan_is_shown_and_offered_as_markdown(tmp_path, monkeypatch):
    import careerplan.render.export
    from careerplan.assess.session import after_save

    shown = []

    def show_plan(profile, catalogue, out):
        shown.append(profile.role)
        out.print("THE PLAN")
        return "plan"

    written = []
    monkeypatch.setattr(
        careerplan.render.export,
        "export_plan",
        lambda plan, out, **kw: written.append((plan, out, kw["to"])),
    )
    import careerplan.store.planfile

    monkeypatch.setattr(
        careerplan.store.planfile,
        "save_plan",
        lambda plan, out, **kw: written.append((plan, out, "data")),
    )
    ui = _FakeUI(tmp_path / "plan.md")
    console = _console()
    after_save(_outcome(tmp_path, ui), console, show_plan)
    text = console.export_text()
    assert shown == ["associate-medical-director"]
    assert "THE PLAN" in text
    assert written == [
        ("plan", tmp_path / "plan.md", "md"),
        ("plan", tmp_path / "plan.yaml", "data"),
    ]
    assert ui.asked[0] == "Save this plan as markdown, for your mentor or appraisal?"
    assert ui.asked[1] == "Save the plan as [plan-2026-01-05.md]"
    assert "Saved the plan to" in text
    assert "--out plan.md" not in text  # done already
