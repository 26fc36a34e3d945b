"""The whole `careerplan assess` flow, typed through prompt_toolkit's pipe input.

Keystrokes go in through `create_pipe_input`, the screen goes to `DummyOutput`, both
inside `create_app_session`; the command runs through typer's CliRunner with the
terminal check patched to say yes.
"""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
import yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from careerplan import clock
from careerplan.assess.fields import when_holds
from careerplan.assess.kinds import kind_of
from careerplan.cli import app
from careerplan.store.catalogue import load_catalogue

DOWN, UP, BACKSPACE, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\x7f", "\r", " ", "\x03"
pytestmark = pytest.mark.usefixtures("key_bindings_built_once")


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERPLAN_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "xterm")  # not the suite's dumb terminal: that asks plainly
    monkeypatch.chdir(tmp_path)
    import careerplan.cli.assess as assess_cli

    monkeypatch.setattr(assess_cli, "stdin_is_tty", lambda: True)


def drive(keys: str, *args: str):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()  # a prompt the keys do not answer ends (EOF) instead of waiting
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(app, ["assess", *args])


def draft_file(tmp_path):
    return tmp_path / "state" / "assess-draft.json"


# Keystrokes for a medical director, question by question, worked out from the assessment
# data (so reordering a vocabulary or adding a question with a default does not break
# them). Selects start on their default (or the first choice); text questions show their
# default greyed in an empty field; a question not named here takes its default (Enter).
ASSESSMENT = load_catalogue().assessment
VOCAB = ASSESSMENT.vocabularies
MD = {"role": "medical-director"}
WIPE = BACKSPACE * 30  # clears what was typed (a refused answer stays in the field)


def position(qid: str, value, before=MD) -> int:
    """Where `value` stands among the options a question offers (given earlier answers)."""
    q = next(q for q in ASSESSMENT.questions if q.id == qid)
    options = kind_of(q, ASSESSMENT, clock.today()).options(before)
    return [o.value for o in options].index(value)


def move(qid: str, value, frm=None, before=MD) -> str:
    """Arrow keys from option `frm` (by value; None: the first option) to `value`."""
    start = 0 if frm is None else position(qid, frm, before)
    steps = position(qid, value, before) - start
    return (DOWN if steps > 0 else UP) * abs(steps)


ROLE = "medical-director"
GOALS_CHOSEN = ["peer-support", "board-effectiveness"]
AREAS = [t.id for t in VOCAB.areas]
LEVELS = [level.value for level in ASSESSMENT.scale]

ABOUT_YOU = (
    "Dr Pipe"
    + ENTER  # name
    + move("role", ROLE)
    + ENTER  # role
    + WIPE
    + "abc"
    + ENTER  # years in role: not a number, refused ...
    + WIPE
    + "0.5"
    + ENTER  # ... then 0.5
    + ENTER  # organisation: the default
    + ENTER  # region: the default, Rather not say
    + WIPE
    + "2"
    + ENTER  # clinical days: 2
)
GOALS = (
    ENTER  # nothing ticked: refused, "choose at least one"
    + move("goals", GOALS_CHOSEN[0])
    + SPACE
    + move("goals", GOALS_CHOSEN[1], GOALS_CHOSEN[0])
    + SPACE
    + ENTER
    + DOWN
    + ENTER  # which matters most: the second ticked (listed in vocabulary order)
)
HALF = len(AREAS) // 2
RATINGS_FIRST_HALF = ENTER * HALF  # the first half: the lowest level
RATINGS_SECOND_HALF = (DOWN + ENTER) * (len(AREAS) - HALF - 1) + DOWN * len(LEVELS) + ENTER
# ... the second half: the next level, and the last area "not sure"
SUPPORT, FORMAT = "mentor", "online"
START = clock.today() + dt.timedelta(days=40)  # always ahead, within the two years allowed
LATER = {  # question id -> keys; every other question: Enter
    "priority-areas": SPACE + ENTER,  # the first offered (an area rated lowest)
    "support": move("support", SUPPORT) + SPACE + ENTER,
    "formats": move("formats", FORMAT) + SPACE + ENTER,
    "budget": WIPE + "1,500" + ENTER,
    "horizon": move("horizon", 24, 12) + ENTER,
    "start": WIPE + f"{START.day}/{START.month}/{START.year}" + ENTER,  # British, day first
}


def asked_of_a_medical_director():
    """The questions asked, in order, of the medical director these keys describe."""
    answers = {
        "role": ROLE,
        "goals": GOALS_CHOSEN,
        "organisation": "nhs-trust",  # the default, taken with Enter
        "situation": {"interim": False, "leaving": False, "less_than_full_time": False},
    }
    return [q for q in ASSESSMENT.questions if when_holds(q.when, answers)]


_ASKED = [q.id for q in asked_of_a_medical_director()]
REST = "".join(LATER.get(qid, ENTER) for qid in _ASKED[_ASKED.index("priority-areas") :])
SAVE = ENTER  # review: "Save my profile"
ALL = ABOUT_YOU + GOALS + RATINGS_FIRST_HALF + RATINGS_SECOND_HALF + REST + SAVE


def check_saved(path):
    data = yaml.safe_load(path.read_text())
    assert data["name"] == "Dr Pipe"
    assert data["role"] == ROLE
    assert data["years_in_role"] == 0.5
    assert data["clinical_days_per_week"] == 2
    order = sorted(GOALS_CHOSEN, key=lambda g: position("goals", g))
    assert data["goals"] == [order[1], order[0]]
    assert [data["ratings"][a] for a in AREAS[:HALF]] == [LEVELS[0]] * HALF
    assert [data["ratings"][a] for a in AREAS[HALF:-1]] == [LEVELS[1]] * (len(AREAS) - HALF - 1)
    assert AREAS[-1] not in data["ratings"]  # "not sure"
    assert data["priority_areas"] == [AREAS[0]]
    assert data["support_in_place"] == [SUPPORT]
    assert data["preferences"] == {"formats": [FORMAT]}
    constraints = data["constraints"]
    assert constraints["hours_per_month"] == 6
    assert constraints["budget_gbp"] == 1500
    assert constraints["horizon_months"] == 24
    assert constraints["start"] == START
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_the_whole_assessment_with_keys_only(tmp_path):
    result = drive(ALL, "--out", "p.yaml")
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / "p.yaml")
    assert "short questions in 6 parts" in result.output
    assert "Check your answers" in result.output
    labels = [VOCAB.label("goals", g) for g in load_yaml_goals(tmp_path / "p.yaml")]
    assert f"Goals, most important first  1. {labels[0]}  2. {labels[1]}" in result.output
    echoed = f"Understood as {START:%A} {START.day} {START:%b %Y}."
    assert echoed in result.output  # the British date, echoed back
    assert "Saved your profile to p.yaml" in result.output
    assert "careerplan plan p.yaml --save plan.yaml" in result.output
    assert not draft_file(tmp_path).exists()  # a finished run removes its draft


def load_yaml_goals(path):
    return yaml.safe_load(path.read_text())["goals"]


def test_the_default_file_name_is_offered_and_can_be_kept(tmp_path):
    result = drive(ALL + ENTER)  # Enter keeps the offered name
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / f"profile-{clock.today().isoformat()}.yaml")


def test_an_existing_file_is_not_replaced_without_a_yes(tmp_path):
    (tmp_path / "p.yaml").write_text("keep me\n")
    keys = ALL + ENTER + ENTER  # replace? -> No (the default); then keep the offered name
    result = drive(keys, "--out", "p.yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.yaml").read_text() == "keep me\n"
    others = [p for p in tmp_path.glob("profile-*.yaml")]
    assert len(others) == 1
    check_saved(others[0])


def review_position(label: str) -> int:
    """Where an answer stands on the "change an answer" menu: each question asked of a
    medical director, the ratings once."""
    labels = [
        "Self-ratings" if q.kind == "ratings" else q.label for q in asked_of_a_medical_director()
    ]
    return labels.index(label)


def test_an_answer_can_be_changed_on_the_review_screen(tmp_path):
    change_budget = (
        DOWN
        + ENTER  # "Change an answer"
        + DOWN * (review_position("Budget") + 1)
        + ENTER  # the Budget entry of the menu (after "back to the summary")
        + WIPE
        + "250"
        + ENTER
        + ENTER
    )  # back at the review: save
    result = drive(ALL[:-1] + change_budget, "--out", "p.yaml")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert data["constraints"]["budget_gbp"] == 250
    assert result.output.count("Check your answers") == 2


def test_ctrl_c_keeps_the_answers_and_resume_carries_on(tmp_path):
    first = drive(ABOUT_YOU + GOALS + RATINGS_FIRST_HALF + CTRL_C, "--out", "p.yaml")
    assert first.exit_code == 130
    assert "Traceback" not in first.output
    assert "careerplan assess --resume" in first.output
    draft = draft_file(tmp_path)
    assert stat.S_IMODE(os.stat(draft).st_mode) == 0o600
    assert not (tmp_path / "p.yaml").exists()

    second = drive(RATINGS_SECOND_HALF + REST + SAVE, "--resume")
    assert second.exit_code == 0, second.output
    assert "Welcome back" in second.output
    check_saved(tmp_path / "p.yaml")  # --out was remembered; nothing was lost
    assert not draft.exists()


def test_ctrl_c_at_the_first_question_leaves_nothing_behind(tmp_path):
    result = drive(CTRL_C)
    assert result.exit_code == 130
    assert "stopped before any answers" in result.output
    assert not draft_file(tmp_path).exists()


def test_input_that_ends_mid_way_is_kept_like_ctrl_c(tmp_path):
    result = drive("Dr Pipe" + ENTER)
    assert result.exit_code == 130
    assert "Your 1 answer is saved" in result.output
    assert draft_file(tmp_path).exists()


def test_a_new_run_offers_the_unfinished_one(tmp_path):
    drive(ABOUT_YOU + CTRL_C, "--out", "p.yaml")
    assert draft_file(tmp_path).exists()
    # Offered to carry on: Enter says yes, and the assessment continues at the goals.
    result = drive(ENTER + GOALS + RATINGS_FIRST_HALF + RATINGS_SECOND_HALF + REST + SAVE)
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / "p.yaml")


def test_starting_again_discards_the_unfinished_one(tmp_path):
    drive(ABOUT_YOU + CTRL_C, "--out", "p.yaml")
    result = drive(DOWN + ENTER + ALL, "--out", "q.yaml")
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / "q.yaml")
    assert not draft_file(tmp_path).exists()


def test_resume_without_a_draft_says_so(tmp_path):
    result = drive("", "--resume")
    assert result.exit_code == 2
    assert "no unfinished assessment to resume" in result.output


def test_from_last_profile_enter_keeps_every_answer(tmp_path):
    assert drive(ALL, "--out", "last.yaml").exit_code == 0
    # Every default is last time's answer: Enter through it all (the order question
    # included), except the start date, which is not carried over.
    keys = "".join(
        ENTER * len(AREAS) if q.kind == "ratings" else LATER["start"] if q.id == "start" else ENTER
        for q in asked_of_a_medical_director()
    )
    keys += SAVE
    result = drive(keys, "--from", "last.yaml", "--out", "again.yaml")
    assert result.exit_code == 0, result.output
    assert "Last time's answers (last.yaml" in result.output
    check_saved(tmp_path / "again.yaml")


def test_after_saving_the_plan_is_shown_and_saved_as_markdown(tmp_path):
    result = drive(ALL + ENTER + ENTER, "--out", "p.yaml")  # markdown? yes; keep the name
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / "p.yaml")
    plan = tmp_path / f"plan-{clock.today().isoformat()}.md"
    assert plan.read_text().startswith("# Development plan")
    assert stat.S_IMODE(os.stat(plan).st_mode) == 0o600
    assert "Saved the plan to" in result.output
    assert "--out plan.md" not in result.output
    # markdown cannot be read back: the plan's data is kept beside it for review and status
    data = plan.with_suffix(".yaml")
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o600
    status = CliRunner().invoke(app, ["status", str(data)])
    assert status.exit_code == 0, status.output


def test_typing_replaces_a_suggested_answer_rather_than_adding_to_it(tmp_path):
    # A text question's default is shown, not typed in: "2" typed at a suggested 1 is 2,
    # not 12 (only a refused answer, left in the field to correct, needs clearing).
    about = (
        "Dr Pipe" + ENTER + move("role", ROLE) + ENTER
        + "abc" + ENTER + WIPE + "0.5" + ENTER
        + ENTER + ENTER + "2" + ENTER
    )  # fmt: skip
    keys = about + GOALS + RATINGS_FIRST_HALF + RATINGS_SECOND_HALF + REST.replace(WIPE, "")
    result = drive(keys + SAVE, "--out", "p.yaml")
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / "p.yaml")
    assert "kept: 6" in result.output  # Enter kept the suggested 6 hours a month


def test_a_typed_file_name_replaces_the_one_offered(tmp_path):
    # The offered name is greyed in the empty field, not typed into it.
    result = drive(ALL + "mine.yaml" + ENTER)
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / "mine.yaml")
    assert not list(tmp_path.glob("profile-*"))
    assert "Saved your profile to mine.yaml" in result.output


def digits(qid: str, values: list, before=MD) -> str:
    """The option numbers of `values` in a tick-box list (numbered 1 to 9, then 0)."""
    return "".join("1234567890"[position(qid, v, before)] for v in values)


def test_numbers_tick_and_untick_boxes(tmp_path):
    first, second = GOALS_CHOSEN
    goals = digits("goals", [first, second, first, first]) + ENTER + DOWN + ENTER
    keys = ABOUT_YOU + goals + RATINGS_FIRST_HALF + RATINGS_SECOND_HALF + REST + SAVE
    result = drive(keys, "--out", "p.yaml")  # ticked, ticked, unticked, ticked again
    assert result.exit_code == 0, result.output
    check_saved(tmp_path / "p.yaml")


def test_study_leave_can_be_typed_in_days_or_weeks(tmp_path):
    at = _ASKED.index("study-leave") - _ASKED.index("priority-areas")
    for typed, days in (("5 days", 5), ("2 weeks", 10)):
        rest = "".join(
            (WIPE + typed + ENTER) if i == at else LATER.get(qid, ENTER)
            for i, qid in enumerate(_ASKED[_ASKED.index("priority-areas") :])
        )
        keys = ABOUT_YOU + GOALS + RATINGS_FIRST_HALF + RATINGS_SECOND_HALF + rest + SAVE
        result = drive(keys, "--out", f"{days}.yaml", "--force")
        assert result.exit_code == 0, result.output
        data = yaml.safe_load((tmp_path / f"{days}.yaml").read_text())
        assert data["constraints"].get("study_leave_days", 10) == days  # 10: not written
        assert f"Understood as {days} days a year." in result.output
