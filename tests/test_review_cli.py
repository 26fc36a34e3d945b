"""`careerplan review` and `careerplan status` through the CLI, scripted and interactive."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from careerplan.review.progress import find_item
from careerplan.store.catalogue import load_catalogue
from careerplan.store.planfile import load_plan

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "plan.yaml"
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"
pytestmark = pytest.mark.usefixtures("key_bindings_built_once")  # tests/conftest.py


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(FIXTURE, path)
    return path


def loaded(path: Path):
    return load_plan(path, load_catalogue().vocab.ids())


def test_scripted_complete_then_status(cli, plan_file):
    result = cli(
        "review",
        plan_file,
        "--item",
        "mentoring",
        "--status",
        "complete",
        "--note",
        "Met four times",
        "--date",
        "1/3/2027",  # British, day first, as assess takes it
        "--today",
        "15 Mar 2027",
    )
    assert result.exit_code == 0, result.stderr
    assert "proposed → complete on 1 Mar 2027" in result.stdout
    item = find_item(loaded(plan_file), "mentoring")
    assert item.status == "complete" and item.history[-1].note == "Met four times"

    result = cli("status", plan_file, "--today", "2027-03-15")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Overall" in out and "1/5 complete" in out
    assert "Items: 4 proposed, 1 complete." in out
    assert "1 Mar 2027  Find a mentor to bounce ideas off: Met four times" in out
    assert "10 of 53 hours of your own time spent" in out
    assert "Overdue (1)" in out and "new-md-first-months-support-plan" in out
    assert "17 days ago" in out
    assert "Next review: 5 Apr 2027" in out


def test_scripted_errors_are_one_line_and_leave_the_file_alone(cli, plan_file):
    before = plan_file.read_bytes()
    cases = [
        (["--item", "mentoring", "--status", "dropped"], "needs a reason"),
        (["--item", "nope", "--status", "agreed"], "the plan has no item 'nope'"),
        (["--status", "agreed"], "need --item ID"),
        (["--item", "mentoring", "--status", "complete", "--date", "2030-01-01"], "in the future"),
        (
            ["--item", "mentoring", "--status", "complete", "--date", "3/31/2027"],
            "--date: '3/31/2027' is not a date; give one such as 4 Jan 2027",
        ),
    ]
    for args, message in cases:
        result = cli("review", plan_file, *args, "--today", "2027-03-15")
        assert result.exit_code == 2, args
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert plan_file.read_bytes() == before


def test_completing_a_dropped_item_through_the_cli(cli, plan_file):
    assert (
        cli(
            "review",
            plan_file,
            "--item",
            "mentoring",
            "--status",
            "dropped",
            "--note",
            "No mentor available",
            "--today",
            "2027-03-15",
        ).exit_code
        == 0
    )
    result = cli(
        "review", plan_file, "--item", "mentoring", "--status", "complete", "--today", "2027-03-16"
    )
    assert result.exit_code == 2
    assert "it was marked dropped on 15 Mar 2027 (No mentor available)" in result.stderr
    result = cli(
        "review",
        plan_file,
        "--item",
        "mentoring",
        "--status",
        "in-progress",
        "--reopen",
        "--note",
        "Found one",
        "--today",
        "2027-03-16",
    )
    assert result.exit_code == 0, result.stderr
    history = find_item(loaded(plan_file), "mentoring").history
    assert [h.status for h in history] == ["proposed", "dropped", "in-progress"]


def test_bad_plan_file_is_one_clear_line(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nname: not a plan\n")
    result = cli("status", bad)
    assert result.exit_code == 2
    assert "is not a careerplan plan" in result.stderr


def test_not_a_terminal_points_to_the_script_form(cli, plan_file):
    result = cli("review", plan_file)
    assert result.exit_code == 2
    assert "--item ID --status S" in result.stderr


def _interactive(cli, monkeypatch, plan_file, keys: str):
    monkeypatch.setattr("careerplan.cli.review.stdin_is_tty", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return cli("review", plan_file, "--today", "2027-03-15")


def test_interactive_walk_saves_each_answer(cli, monkeypatch, plan_file):
    keys = (
        DOWN
        + ENTER
        + "Agreed with my RO"
        + ENTER  # item 1: agreed, with a note
        + DOWN * 3
        + ENTER
        + ENTER
        + "Met four times"
        + ENTER  # item 2: complete, today
        + DOWN * 4
        + ENTER
        + ENTER  # item 3: dropped, no reason...
        + "No study leave"
        + ENTER  # ...asked again, then given
        + ENTER
        + ENTER  # item 4: leave, no note
        + DOWN * 5
        + ENTER  # item 5: stop
    )
    result = _interactive(cli, monkeypatch, plan_file, keys)
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "Saved 3 changes" in result.stdout
    plan = loaded(plan_file)
    statuses = {i.id: i.status for i in plan.items}
    assert statuses == {
        "new-md-first-months-support-plan": "agreed",
        "mentoring": "complete",
        "board-development-training": "dropped",
        "md-action-learning-set": "proposed",
        "conversations-with-senior-leaders": "proposed",
    }
    assert find_item(plan, "board-development-training").history[-1].note == "No study leave"
    assert str(find_item(plan, "mentoring").status_date) == "2027-03-15"


def test_ctrl_c_keeps_what_was_answered(cli, monkeypatch, plan_file):
    keys = DOWN + ENTER + ENTER + CTRL_C
    result = _interactive(cli, monkeypatch, plan_file, keys)
    assert result.exit_code == 130
    assert "1 change already saved" in result.stderr
    assert find_item(loaded(plan_file), "new-md-first-months-support-plan").status == "agreed"


def test_ctrl_c_at_once_changes_nothing(cli, monkeypatch, plan_file):
    before = plan_file.read_bytes()
    result = _interactive(cli, monkeypatch, plan_file, CTRL_C)
    assert result.exit_code == 130
    assert "nothing was changed" in result.stderr
    assert plan_file.read_bytes() == before


def test_review_and_status_on_a_plan_the_engine_made(cli, tmp_path):
    """The hand-made fixture keeps figures stable; this checks a real plan works the same."""
    profile = Path(__file__).parent / "fixtures" / "compare" / "2026.yaml"
    path = tmp_path / "plan.json"
    made = cli("plan", "--profile", profile, "--save", path, "--format", "json")
    assert made.exit_code == 0, made.stderr
    plan = loaded(path)
    first, second = plan.items[0], plan.items[1]
    assert cli("review", path, "--item", first.id, "--status", "complete").exit_code == 0
    assert cli("review", path, "--item", second.id, "--status", "in-progress").exit_code == 0
    assert path.read_text().startswith("{")  # still JSON
    result = cli("status", path, "--today", plan.start.isoformat())
    assert result.exit_code == 0, result.stderr
    hours = [i.own_hours for i in plan.items if i.own_hours is not None]
    spent = (first.own_hours or 0) + (second.own_hours or 0) / 2
    assert sum(hours) == plan.totals.hours  # the figure `plan` shows
    assert f"1/{len(plan.items)} complete" in result.stdout
    assert f"{spent:g} of {round(sum(hours), 1):g} hours of your own time spent" in result.stdout
    first = min(plan.reviews)
    assert f"Next review: {first.day} {first:%b %Y}" in result.stdout


def test_input_that_ends_is_treated_like_ctrl_c(cli, monkeypatch, plan_file):
    monkeypatch.setattr("careerplan.cli.review.stdin_is_tty", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(DOWN + ENTER + ENTER)  # item 1 agreed, then the input ends
        pipe.close()
        result = cli("review", plan_file, "--today", "2027-03-15")
    assert result.exit_code == 130, result.stdout
    assert "1 change already saved" in result.stderr
    assert "Traceback" not in result.stderr


def test_status_of_an_anonymous_plan_says_your_plan(cli, plan_file):
    result = cli("status", plan_file, "--today", "2027-03-15")
    assert "Progress of Dr A Example's plan (" in result.stdout
    text = plan_file.read_text()
    plan_file.write_text(text.replace("  name: Dr A Example\n", ""))
    result = cli("status", plan_file, "--today", "2027-03-15")
    assert result.exit_code == 0, result.stderr
    assert "Progress of your plan (" in result.stdout
    assert "this plan's" not in result.stdout


def test_status_carried_forward_is_one_plain_line(cli, plan_file):
    before = plan_file.read_bytes()
    result = cli("review", plan_file, "--item", "mentoring", "--status", "carried-forward")
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "╭" not in err and "Value error" not in err
    assert "carried-forward is set only by next year's plan" in err
    assert err.endswith("use one of: proposed, agreed, in-progress, complete, dropped")
    result = cli("review", plan_file, "--item", "mentoring", "--status", "complet")
    assert result.exit_code == 2 and "╭" not in result.stderr
    assert "unknown status 'complet'; did you mean 'complete'? Use one of: " in result.stderr
    assert plan_file.read_bytes() == before


def test_mistyped_item_reads_as_sentences(cli, plan_file):
    result = cli("review", plan_file, "--item", "board-development-trainin", "--status", "agreed")
    assert result.exit_code == 2
    assert (
        "the plan has no item 'board-development-trainin'; did you mean "
        "'board-development-training'? Its items are: "
    ) in result.stderr
    assert "?;" not in result.stderr
    result = cli("review", plan_file, "--item", "zzz", "--status", "agreed")
    assert "the plan has no item 'zzz'. Its items are: " in result.stderr
