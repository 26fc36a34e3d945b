"""`careerplan profile validate | show | schema`, with one fixture per validation rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerplan.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "profiles"
ENV = {"NO_COLOR": "1", "COLUMNS": "100"}


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch):
    monkeypatch.chdir(FIXTURES)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def test_a_valid_profile_passes():
    result = invoke("profile", "validate", "valid.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "valid.yaml: valid profile (Medical director or chief medical "
        "officer, stage new-md, 2 goals, 3 of 16 areas rated)\n"
    )


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (
            "unknown-role.yaml",
            "unknown-role.yaml:5: role: unknown role 'medical-directr'; did you mean "
            "'medical-director'?",
        ),
        (
            "unknown-goal.yaml",
            "unknown-goal.yaml:9: goals: unknown goal 'peer-suport'; did you mean 'peer-support'?",
        ),
        (
            "unknown-area.yaml",
            "unknown-area.yaml:10: ratings.finanse: unknown area 'finanse'; did you mean 'finance'?",
        ),
        (
            "rating-too-high.yaml",
            "rating-too-high.yaml:10: ratings.system-partnership: 5 is too large: the highest "
            "allowed is 4",
        ),
        (
            "rating-zero.yaml",
            "rating-zero.yaml:10: ratings.board-skills: 0 is too small: the lowest allowed is 1",
        ),
        (
            "too-many-goals.yaml",
            "too-many-goals.yaml:9: goals: has 4 items; at most 3 allowed, most important first",
        ),
        (
            "negative-hours.yaml",
            "negative-hours.yaml:15: constraints.hours_per_month: -2 is too small: the lowest "
            "allowed is 0",
        ),
        (
            "future-assessed-on.yaml",
            "future-assessed-on.yaml:4: assessed_on: 1 Jan 2999 is in the future; use the date the "
            "assessment was made",
        ),
        (
            "missing-version.yaml",
            "missing-version.yaml:1: version: is missing; add `version: 1` at the top",
        ),
        (
            "newer-version.yaml",
            "newer-version.yaml:2: version: version 2 was written by a newer careerplan; upgrade "
            "careerplan (this one reads version 1)",
        ),
    ],
)
def test_each_rule_names_the_line_and_field(name, line):
    result = invoke("profile", "validate", name)
    assert result.exit_code == 2
    assert result.stderr == f"{line}\ncareerplan: 1 problem found; fix it and run again\n"
    assert result.stdout == ""


def test_every_problem_is_reported_in_one_pass():
    result = invoke("profile", "validate", "several-problems.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "several-problems.yaml:3: role: unknown role 'clinical-directer'; did you mean "
        "'clinical-director'?",
        "several-problems.yaml:6: goals: has 4 items; at most 3 allowed, most important first",
        "several-problems.yaml:6: goals: unknown goal 'academc'; did you mean 'academic'?",
        "several-problems.yaml:8: ratings.finance: 9 is too large: the highest allowed is 4",
        "several-problems.yaml:9: ratings.board-skils: unknown area 'board-skils'; did you "
        "mean 'board-skills'?",
        "several-problems.yaml:11: constraints.hours_per_month: -1 is too small: the lowest "
        "allowed is 0",
        "careerplan: 6 problems found; fix them and run again",
    ]


def test_several_files_at_once():
    result = invoke("profile", "validate", "valid.yaml", "negative-hours.yaml", "unknown-role.yaml")
    assert result.exit_code == 2
    assert "valid.yaml: valid profile" in result.stdout
    assert "negative-hours.yaml:15" in result.stderr and "unknown-role.yaml:5" in result.stderr


def test_a_missing_file_is_one_clear_line():
    result = invoke("profile", "validate", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "nope.yaml: no such file; check the path\n"
        "careerplan: 1 problem found; fix it and run again\n"
    )


def test_a_profile_written_by_assess_is_valid(tmp_path):
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.profiles import load_profile, profile_yaml

    cat = load_catalogue()
    profile = load_profile(FIXTURES / "valid.yaml", cat.vocab.ids())
    out = tmp_path / "again.yaml"
    out.write_text(profile_yaml(profile))
    assert "goals: [peer-support, board-effectiveness]" in out.read_text()
    assert "assessed_on: 2026-01-05\n" in out.read_text()  # a date, not a quoted string
    assert load_profile(out, cat.vocab.ids()) == profile
    assert invoke("profile", "validate", str(out)).exit_code == 0


def test_show_renders_the_answers_and_a_bar_chart():
    result = invoke("profile", "show", "valid.yaml")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Dr A Example  assessed 5 Jan 2026")
    assert "Career stage" in out and "New medical director (from role and years)" in out
    assert "1. Find peer support  2. Be more effective at board" in out
    bars = {line.split()[0]: line for line in out.splitlines() if "█" in line or "····" in line}
    assert "█████░░░░░░░░░░░░░░░  1 Not yet  (priority)" in bars["Finance"]
    assert "██████████░░░░░░░░░░  2 Developing" in bars["Board"]
    assert "███████████████░░░░░  3 Confident" in bars["System"]
    assert "not rated" in bars["Mental"]
    assert "3 of 16 areas rated" in out


def test_show_of_a_broken_profile_reports_it():
    result = invoke("profile", "show", "unknown-role.yaml")
    assert result.exit_code == 2
    assert "unknown-role.yaml:5: role" in result.stderr


def test_schema_lists_the_vocabularies_for_completion(tmp_path):
    result = invoke("profile", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    props = schema["properties"]
    assert "medical-director" in props["role"]["enum"]
    assert "peer-support" in props["goals"]["items"]["enum"]
    assert props["goals"]["maxItems"] == 3
    assert "finance" in props["ratings"]["propertyNames"]["enum"]
    assert props["ratings"]["additionalProperties"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 4,
    }
    assert set(schema["required"]) >= {"version", "role", "goals", "constraints"}


def test_at_60_columns_the_ratings_keep_their_bars_and_numbers():
    result = CliRunner().invoke(
        app, ["profile", "show", "valid.yaml"], env={"NO_COLOR": "1", "COLUMNS": "60"}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line.rstrip()) <= 60 for line in lines), lines
    assert "…" not in result.stdout
    rated = [line for line in lines if "█" in line]
    assert len(rated) == 3  # valid.yaml rates three areas
    assert all(
        line.rstrip().endswith(("Not yet", "Developing", "Confident", "Strength"))
        or "(priority)" in line
        for line in rated
    )
    assert sum("not rated" in line and "····" in line for line in lines) == 13
