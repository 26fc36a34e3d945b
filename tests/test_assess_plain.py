"""`careerplan assess --plain` (and TERM=dumb): questions line by line, answers typed.

The answers are worked out from the assessment data, one line each, and sent as standard
input through typer's CliRunner with the terminal check patched to say yes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from typer.testing import CliRunner

from careerplan.assess.fields import set_path, when_holds
from careerplan.assess.kinds import kind_of
from careerplan.cli import app
from careerplan.store.catalogue import load_catalogue

ASSESSMENT = load_catalogue().assessment
VOCAB = ASSESSMENT.vocabularies
TODAY = dt.date(2026, 12, 3)
ROLE = "medical-director"
GOALS = ["peer-support", "board-effectiveness"]


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERPLAN_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm")  # plain by --plain, or by TERM=dumb where said
    monkeypatch.chdir(tmp_path)
    import careerplan.cli.assess as assess_cli

    monkeypatch.setattr(assess_cli, "stdin_is_tty", lambda: True)


def number(qid: str, value, before: dict) -> str:
    """An option's number as the plain mode shows it: 1, 2, ... in the order offered."""
    q = next(q for q in ASSESSMENT.questions if q.id == qid)
    options = kind_of(q, ASSESSMENT, TODAY).options(before)
    return str([o.value for o in options].index(value) + 1)


def answers() -> list[str]:
    """A line for each question asked of a medical director, then Enter to save."""
    before = {"role": ROLE}
    lines = {
        "name": "Dr Plain",
        "role": number("role", ROLE, {}),
        "years-in-role": "6 months",
        "goals": " ".join(number("goals", g, before) for g in GOALS),
        "goal-order": "2 1",  # the second ticked (in list order) first
        "priority-areas": "none",
        "support": "1 2",
        "study-leave": "5 days",
        "start": "4/1/2027",
    }
    given = {"role": ROLE, "goals": GOALS}
    known: dict = {}  # the answers so far (Enter: the question's default), as `when` sees them
    out: list[str] = []
    for q in ASSESSMENT.questions:
        if not when_holds(q.when, known):
            continue
        if q.kind == "ratings":
            out += ["3" if n % 2 else "2" for n in range(len(VOCAB.areas))]
            continue
        out.append(lines.get(q.id, ""))
        value = given.get(q.id, q.default)
        if value is not None and q.kind != "order":
            set_path(known, q.field, value)
    return [*out, ""]  # save


def run(*args: str, lines: list[str], env: dict | None = None):
    return CliRunner().invoke(
        app, ["assess", "--today", "3 Dec 2026", *args], input="\n".join(lines) + "\n", env=env
    )


def test_plain_assessment_line_by_line(tmp_path):
    result = run("--plain", "--out", "p.yaml", lines=[*answers(), "2"])  # markdown? no
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert data["name"] == "Dr Plain" and data["role"] == ROLE
    assert data["years_in_role"] == 0.5
    ordered = [g for g in (t.id for t in VOCAB.goals) if g in GOALS]
    assert data["goals"] == [ordered[1], ordered[0]]
    assert set(data["ratings"].values()) == {2, 3}
    assert data["constraints"]["study_leave_days"] == 5
    assert data["constraints"]["start"] == dt.date(2027, 1, 4)
    out = result.output
    total = re.search(r"Question 1 of (\d+):", out).group(1)
    assert re.findall(r"Question \d+ of (\d+):", out) == [total] * out.count("Question ")
    assert "  1. Not yet: " in out and "  3. Confident: " in out  # levels numbered by value
    assert out.count("  3. Confident: ") == 1  # the scale in full once, then in a line
    assert "  Type 1 Not yet, 2 Developing, 3 Confident, 4 Strength or 5 Not sure." in out
    chosen = "; ".join(VOCAB.label("goals", g) for g in ordered)
    assert f"  Chosen: {chosen}." in out  # the boxes ticked, said in words
    assert "Understood as 5 days a year." in out
    for mark in "█░·─│":
        assert mark not in out.split("Saved your profile")[0]  # no block graphics
    assert "The plan has " in out and not re.search("[█░]", out)  # the plan after it too


def test_term_dumb_asks_plainly(tmp_path):
    result = run("--out", "p.yaml", lines=[*answers(), "2"], env={"TERM": "dumb"})
    assert result.exit_code == 0, result.output
    assert "Question 1 of " in result.output
    assert (tmp_path / "p.yaml").exists()


def test_a_wrong_number_is_asked_again_and_a_typed_name_replaces_the_offered_one(tmp_path):
    lines = answers()
    lines[1] = "99\n" + lines[1]  # the role: not on the list, then the right number
    result = run("--plain", lines=[*lines, "mine.yaml", "2"])
    assert result.exit_code == 0, result.output
    assert "Type a number from the list, 1 to " in result.output
    assert (tmp_path / "mine.yaml").exists()


def test_input_that_ends_keeps_the_answers(tmp_path):
    result = run("--plain", lines=["Dr Plain"])
    assert result.exit_code == 130
    assert "careerplan assess --resume" in result.output


def test_a_colleague_rates_plainly_too(tmp_path):
    lines = ["1"] + ["2"] * len(VOCAB.areas) + ["", "", ""]  # mentor; all 2; no comment
    result = CliRunner().invoke(
        app,
        ["assess", "--rater", "--for", "Dr A Example", "--plain", "--today", "3 Dec 2026"],
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Question 1 of " in result.output and "  1. Mentor: " in result.output
    saved = yaml.safe_load((tmp_path / "feedback-for-dr-a-example-2026-12-03.yaml").read_text())
    assert set(saved["ratings"].values()) == {2}
