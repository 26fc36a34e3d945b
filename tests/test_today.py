"""Today is an input (issue 20, item 1): every command takes --today (and
$CAREERPLAN_TODAY), read in one place, so that no plan, status or test depends on the date
the computer's clock gives."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from careerplan import clock

FIXTURE = Path(__file__).parent / "fixtures" / "mentor" / "new-md-six-months.yaml"
CAREERPLAN = Path(__file__).parents[1] / "careerplan"


def test_every_command_takes_today():
    from careerplan.cli.commands import leaf_commands

    leaves = leaf_commands()
    assert len(leaves) >= 14  # assess, plan, review, status, summary, catalogue …, profile …
    missing = [
        path
        for path, command in leaves.items()
        if not any("--today" in p.opts for p in command.params)
    ]
    assert missing == []


def _plan(cli, *args: str) -> dict:
    result = cli("plan", FIXTURE, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_suite_runs_on_a_pinned_day(cli):
    assert clock.today() == dt.date(2026, 12, 3)
    assert _plan(cli)["generated_on"] == "2026-12-03"


@pytest.mark.parametrize("form", ["2027-01-18", "18/01/2027", "18 Jan 2027", "18 January 2027"])
def test_today_option_in_british_forms_dates_the_plan(cli, form):
    plan = _plan(cli, "--today", form)
    assert plan["generated_on"] == "2027-01-18"
    # The fixture starts on 1 Dec 2026: seven weeks before that "today", so the plan says so.
    assert any("before today (18 Jan 2027)" in note["text"] for note in plan["notes"])


def test_the_environment_variable_and_the_option_agree_and_the_option_wins(cli, monkeypatch):
    monkeypatch.setenv("CAREERPLAN_TODAY", "18 Jan 2027")
    from_env = _plan(cli)
    assert from_env["generated_on"] == "2027-01-18"
    assert _plan(cli, "--today", "2027-01-18") == from_env
    assert _plan(cli, "--today", "2026-12-03")["generated_on"] == "2026-12-03"


def test_the_computers_clock_is_not_read_when_today_is_pinned(cli, monkeypatch):
    class FarFuture(dt.date):
        @classmethod
        def today(cls):
            return cls(2031, 6, 1)

    pinned = _plan(cli)
    monkeypatch.setattr(clock.dt, "date", FarFuture)
    assert _plan(cli) == pinned


def test_only_the_clock_module_asks_the_computer_for_the_date():
    callers = [
        f"{path.relative_to(CAREERPLAN)}:{n}"
        for path in CAREERPLAN.rglob("*.py")
        if path.name != "clock.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bdate\.today\(\)|\bdatetime\.now\(\)\.date\(\)", line)
    ]
    assert callers == []


@pytest.mark.parametrize("value", ["next monday", "31/02/2027", "2300-01-01"])
def test_a_bad_today_is_one_line_and_exit_code_2(cli, value):
    result = cli("status", "nothing.yaml", "--today", value)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"careerplan: --today: {value}") or line.startswith(
        f"careerplan: --today: '{value}' is not a date"
    )
    assert "Traceback" not in result.stderr


def test_a_bad_environment_date_names_the_variable(cli, monkeypatch):
    monkeypatch.setenv("CAREERPLAN_TODAY", "tomorrow")
    result = cli("plan", FIXTURE)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "careerplan: $CAREERPLAN_TODAY: 'tomorrow' is not a date; give one such as "
        "4 Jan 2027, 4/1/2027 or 2027-01-04"
    )
