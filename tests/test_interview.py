"""The assessment's question logic, with the prompts replaced by a stub UI."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from careerplan.assess.drafts import interview_state, restore_interview
from careerplan.assess.fields import bounds
from careerplan.assess.interview import (
    MISSING,
    AnswerError,
    Interview,
    Prompt,
    ReviewRow,
    Step,
    conduct,
)
from careerplan.assess.sources import apply_answers_file, apply_set, field_paths
from careerplan.errors import InputError, ValidationFailed
from careerplan.model.profile import MAX_ITEMS, Profile
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile, profile_yaml
from careerplan.store.yamlio import parse_yaml

TODAY = dt.date(2026, 11, 26)  # a Thursday


@pytest.fixture(scope="module")
def assessment():
    return load_catalogue().assessment


@pytest.fixture
def iv(assessment) -> Interview:
    return Interview(assessment, today=TODAY)


class StubUI:
    """Answers each prompt from a dict by question id (or 'ratings.AREA'); anything not
    listed takes the prompt's default. Records what was asked."""

    def __init__(self, answers: dict[str, Any], review: list[Step | None] | None = None):
        self.answers = answers
        self.asked: list[Prompt] = []
        self.sections: list[str] = []
        self.reviews: list[list[ReviewRow]] = []
        self.review_choices = list(review or [])

    def section(self, title: str, number: int, total: int) -> None:
        self.sections.append(f"{title} {number}/{total}")

    def ask(self, prompt: Prompt) -> Any:
        self.asked.append(prompt)
        key = prompt.step.id
        if key in self.answers:
            value = self.answers[key]
            return value.pop(0) if isinstance(value, Seq) else value
        if prompt.default is MISSING and prompt.step.key is not None:
            return 3  # an unscripted rating
        if prompt.default is MISSING and prompt.kind == "checkbox":
            return []
        if prompt.default is MISSING:
            raise AssertionError(f"no answer scripted for {key} and no default")
        return prompt.default

    def review(self, rows: list[ReviewRow], stage: str | None) -> Step | None:
        self.reviews.append(rows)
        self.stage = stage
        return self.review_choices.pop(0) if self.review_choices else None

    def ids(self) -> list[str]:
        return [p.step.id for p in self.asked]


class Seq(list):
    """Answers given one after another to the same question (a rejected one, then a good
    one)."""


MD = {
    "name": "Dr Test",
    "role": "medical-director",
    "years-in-role": "0.5",
    "goals": ["peer-support", "board-effectiveness"],
    "goal-order": ["peer-support", "board-effectiveness"],
}


def run(iv: Interview, answers: dict[str, Any], review=None) -> StubUI:
    ui = StubUI(answers, review)
    saves: list[int] = []
    conduct(iv, ui, lambda i: saves.append(i.answered_count()))
    ui.saves = saves  # type: ignore[attr-defined]
    return ui


# -- the order and the conditions --------------------------------------------------------


def test_questions_are_asked_in_a_sensible_order(iv):
    ui = run(iv, {**MD, **{f"ratings.{a}": 2 for a in ("finance", "board-skills")}})
    order = [i for i in ui.ids() if not i.startswith("ratings.")]
    assert order == [
        "name",
        "role",
        "years-in-role",
        "organisation",
        "region",
        "clinical-days",
        "goals",
        "goal-order",
        "priority-areas",
        "support",
        "formats",
        # The situation: the follow-ups (post-ends, leaving-on, working-days) only after a yes.
        "interim",
        "leaving",
        "less-than-full-time",
        "caring",
        "cqc-rating",
        "warning-notice",
        "recovery-support",
        "roles-held",
        "characteristics",
        "hours-per-month",
        "budget",
        "study-leave",
        "employer-funds",
        "horizon",
        "start",
    ]
    ratings = [i for i in ui.ids() if i.startswith("ratings.")]
    assert len(ratings) == 16
    assert ui.sections == [
        "About you 1/6",
        "Your goals 2/6",
        "Your confidence 3/6",
        "Support and preferences 4/6",
        "Your situation 5/6",
        "Time and money 6/6",
    ]
    assert "stage" not in " ".join(ui.ids())  # stage is derived, never asked
    assert ui.stage == "New medical director"


def test_situation_follow_ups_are_asked_only_after_a_yes(iv):
    ui = run(
        iv,
        {
            **MD,
            "interim": True,
            "post-ends": "2027-03-31",
            "less-than-full-time": True,
            "working-days": "3",
        },
    )
    ids = ui.ids()
    assert ids.index("post-ends") == ids.index("interim") + 1
    assert ids.index("working-days") == ids.index("less-than-full-time") + 1
    assert "leaving-on" not in ids


def test_progress_counts_every_prompt(iv):
    ui = run(iv, MD)
    last = ui.asked[-1]
    assert last.number == last.total  # the last question asked is the last counted
    assert last.total >= len(ui.asked)  # a question ruled out is skipped, its number too
    numbers = [p.number for p in ui.asked]
    assert numbers == sorted(set(numbers))


CONSULTANT_STEPPING_UP = {
    "name": "Dr Up",
    "role": "clinical-director",
    "years-in-role": "2",
    "goals": ["step-up-to-md", "peer-support"],
    "board-goals": ["board-effectiveness"],
    "goal-order": ["step-up-to-md", "board-effectiveness", "peer-support"],
}


@pytest.mark.parametrize("answers", [MD, CONSULTANT_STEPPING_UP], ids=["md", "cd"])
def test_the_question_total_never_changes_mid_way(iv, answers):
    """Choosing two goals switches on the ordering question, and a role rules out the
    board-level goals: the total counted both from the start, and stays as it was."""
    ui = run(iv, answers)
    totals = {p.total for p in ui.asked}
    assert totals == {iv.planned_total()}
    assert ui.asked[-1].number == ui.asked[-1].total


def test_every_answer_is_autosaved(iv):
    ui = run(iv, MD)
    assert len(ui.saves) == len(ui.asked)
    assert ui.saves[-1] == len(ui.asked)


def test_consultant_is_not_offered_board_goals_in_the_main_question(iv):
    ui = run(iv, {**MD, "role": "consultant", "goals": ["peer-support"]})
    goals = next(p for p in ui.asked if p.step.id == "goals")
    offered = [o.value for o in goals.options]
    assert "board-effectiveness" not in offered and "chief-executive" not in offered
    assert "step-up-to-md" in offered
    assert "board-goals" not in ui.ids()
    assert "goal-order" not in ui.ids()  # one goal: nothing to order


def test_consultant_aiming_for_md_is_asked_about_board_goals(iv):
    ui = run(
        iv,
        {
            **MD,
            "role": "consultant",
            "goals": ["step-up-to-md", "peer-support"],
            "board-goals": ["board-effectiveness"],
            "goal-order": ["step-up-to-md", "board-effectiveness", "peer-support"],
        },
    )
    board = next(p for p in ui.asked if p.step.id == "board-goals")
    assert [o.value for o in board.options] == ["board-effectiveness", "chief-executive"]
    assert "up to one" in board.help
    assert iv.profile().goals == ["step-up-to-md", "board-effectiveness", "peer-support"]


def test_board_goals_question_is_skipped_when_three_goals_are_chosen(iv):
    ui = run(
        iv,
        {
            **MD,
            "role": "clinical-director",
            "goals": ["step-up-to-md", "peer-support", "excel-in-role"],
            "goal-order": ["step-up-to-md", "peer-support", "excel-in-role"],
        },
    )
    assert "board-goals" not in ui.ids()


def test_medical_director_is_not_offered_step_up_to_md(iv):
    ui = run(iv, MD)
    goals = next(p for p in ui.asked if p.step.id == "goals")
    offered = [o.value for o in goals.options]
    assert "step-up-to-md" not in offered
    assert "board-effectiveness" in offered


def test_a_condition_on_an_unanswered_field_does_not_hold(assessment):
    board = next(q for q in assessment.questions if q.id == "board-goals")
    from careerplan.assess.fields import when_holds

    assert not when_holds(board.when, {})
    assert not when_holds(board.when, {"role": "consultant"})
    assert when_holds(board.when, {"role": "consultant", "goals": ["step-up-to-md"]})
    assert not when_holds(board.when, {"role": "medical-director", "goals": ["step-up-to-md"]})
    assert not when_holds(board.when, {"role": "consultant", "goals": ["step-up-to-md", "a", "b"]})


def test_priority_areas_are_offered_weakest_first_with_the_rating(iv):
    ratings = {f"ratings.{a}": 4 for a in iv.vocab.ids()["areas"]}
    ratings["ratings.mental-health-law"] = 1
    ratings["ratings.finance"] = 2
    ui = run(iv, {**MD, **ratings})
    prio = next(p for p in ui.asked if p.step.id == "priority-areas")
    assert prio.options[0].value == "mental-health-law"
    assert prio.options[0].label == "Mental health law (1 Not yet)"
    assert prio.options[1].value == "finance"


def test_ratings_steps_show_the_area_help_and_the_scale(iv):
    ui = run(iv, MD)
    first = next(p for p in ui.asked if p.step.id == "ratings.finance")
    assert first.message == "Finance literacy"
    assert "budgets" in first.help
    assert first.note == "(area 1 of 16)"
    assert [(o.key, o.label) for o in first.options][:4] == [
        ("1", "Not yet"),
        ("2", "Developing"),
        ("3", "Confident"),
        ("4", "Strength"),
    ]  # the level is the key that picks it, from the data
    horizon = iv.kind(iv.question("horizon")).options({})
    assert [(o.key, o.label) for o in horizon][:2] == [("", "6 months"), ("", "12 months")]
    assert first.intro.startswith("How confident are you")
    second = next(p for p in ui.asked if p.step.id == "ratings.board-skills")
    assert second.intro == ""


def test_not_sure_leaves_an_area_unrated(iv):
    run(iv, {**MD, "ratings.finance": None, "ratings.board-skills": 3})
    profile = iv.profile()
    assert "finance" not in profile.ratings
    assert profile.ratings["board-skills"] == 3


# -- validation of one answer -----------------------------------------------------------


def test_a_number_out_of_range_says_what_is_allowed(iv):
    q = iv.question("clinical-days")
    with pytest.raises(AnswerError, match="enter a number from 0 to 5"):
        iv.check(q, "6", {})
    with pytest.raises(AnswerError, match="'two' is not a number"):
        iv.check(q, "two", {})
    assert iv.check(q, "1.5", {}) == 1.5
    assert iv.check(q, " 2 ", {}) == 2


def test_number_ranges_come_from_the_profile_format(iv):
    assert bounds("constraints.hours_per_month") == (0, 200)
    with pytest.raises(AnswerError, match="from 0 to 200"):
        iv.check(iv.question("hours-per-month"), "-1", {})
    assert iv.check(iv.question("budget"), "£1,500", {}) == 1500


def test_a_number_with_options_accepts_only_those(iv):
    q = iv.question("horizon")
    assert iv.check(q, "24", {}) == 24
    with pytest.raises(AnswerError, match="choose 6, 12, 24 or 36"):
        iv.check(q, "18", {})


def test_dates_must_be_real_and_not_in_the_past(iv):
    q = iv.question("start")
    assert iv.check(q, "2027-01-04", {}) == dt.date(2027, 1, 4)
    with pytest.raises(AnswerError, match="not a real date: enter one day first, such as 30 Nov"):
        iv.check(q, "2027-02-30", {})
    with pytest.raises(AnswerError, match="not a real date"):
        iv.check(q, "30/2/2027", {})
    with pytest.raises(AnswerError, match="not a real date"):
        iv.check(q, "next week", {})
    with pytest.raises(AnswerError, match="is in the past: choose today"):
        iv.check(q, "2026-11-25", {})
    with pytest.raises(AnswerError, match="more than 2 years ahead"):
        iv.check(q, "2030-01-01", {})


@pytest.mark.parametrize(
    "typed",
    [
        "1/12/2026",
        "01/12/2026",
        "1-12-2026",
        "1.12.2026",
        "1 Dec 2026",
        "1 December 2026",
        "1st December 2026",
        "Tuesday 1 Dec 2026",
        "2026-12-01",
    ],
)
def test_british_dates_are_read_day_first(iv, typed):
    q = iv.question("start")
    assert iv.check(q, typed, {}) == dt.date(2026, 12, 1)


def test_a_date_typed_in_another_form_is_echoed_back_and_iso_is_not(iv):
    kind = iv.kind(iv.question("start"))
    day = dt.date(2026, 12, 1)
    assert kind.understood("1/12/2026", day) == "Tuesday 1 Dec 2026"
    assert kind.understood("2026-12-01", day) is None
    assert kind.as_typed(day) == "1 Dec 2026"  # the default, as the person would type it
    assert iv.check(iv.question("start"), kind.as_typed(day), {}) == day


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        ("6 months", 0.5),
        ("18 months", 1.5),
        ("3 years", 3),
        ("1 year", 1),
        ("0.5", 0.5),
        ("12 months", 1),
    ],
)
def test_years_in_role_may_be_given_in_months(iv, typed, years):
    q = iv.question("years-in-role")
    assert iv.check(q, typed, {}) == years
    echoed = iv.kind(q).understood(typed, years)
    assert echoed == (None if typed == "0.5" else iv.show(q, years))


def test_months_are_shown_back_as_years(iv):
    q = iv.question("years-in-role")
    assert iv.show(q, 0.5) == "0.5 years"
    assert iv.show(q, 1) == "1 year"
    assert iv.kind(q).understood("6 months", 0.5) == "0.5 years"
    assert iv.kind(q).understood("0.5", 0.5) is None
    with pytest.raises(AnswerError, match="or months, such as 6 months"):
        iv.check(q, "six months", {})


def test_checkbox_limits(iv):
    q = iv.question("goals")
    before = {"role": "medical-director"}
    with pytest.raises(AnswerError, match="choose at most three goals \\(you chose 4\\)"):
        iv.check(q, ["peer-support", "academic", "excel-in-role", "system-leadership"], before)
    with pytest.raises(AnswerError, match="choose at least one goal"):
        iv.check(q, [], before)
    with pytest.raises(AnswerError, match="did you mean 'peer-support'"):
        iv.check(q, ["peer-suport"], before)
    assert MAX_ITEMS["goals"] == 3


def test_a_prompt_validator_returns_a_sentence(iv):
    prompt = iv.prompt(Step(iv.question("name")))
    assert prompt.validate("Dr Test") is None
    assert prompt.validate("x" * 300) == "Is 300 characters long; at most 200 allowed"


def test_an_answer_the_ui_did_not_validate_is_asked_again(iv):
    answers = dict(MD)
    answers["years-in-role"] = Seq(["sixty-one", "2"])
    ui = run(iv, answers)
    years = [p for p in ui.asked if p.step.id == "years-in-role"]
    assert len(years) == 2
    assert "is not a number" in years[1].help
    assert iv.profile().years_in_role == 2


# -- defaults -------------------------------------------------------------------------------


def test_defaults_when_nothing_is_known(iv):
    assert iv.default(Step(iv.question("organisation"))) == "nhs-trust"
    assert iv.default(Step(iv.question("hours-per-month"))) == 6
    assert iv.default(Step(iv.question("start"))) == dt.date(2026, 11, 30)  # next Monday
    assert iv.default(Step(iv.question("role"))) is MISSING
    assert iv.default(Step(iv.question("ratings"), "finance")) is MISSING


def _last_year(tmp_path, assessment) -> Profile:
    path = tmp_path / "last.yaml"
    path.write_text(
        "version: 1\nname: Dr Last\nassessed_on: 2025-11-26\nrole: medical-director\n"
        "years_in_role: 1.5\norganisation: independent\ngoals: [peer-support, finance-x]\n"
        "constraints: {hours_per_month: 4, budget_gbp: 900, start: 2025-12-01}\n".replace(
            "finance-x", "board-effectiveness"
        )
        + "ratings: {finance: 1}\nmentor: Dr Mentor\n"
    )
    return load_profile(path, assessment.vocabularies.ids(), TODAY)


def test_from_a_previous_profile_its_answers_are_the_defaults(iv, tmp_path, assessment):
    iv.use_prior(_last_year(tmp_path, assessment))
    ui = run(iv, {"role": "medical-director"})
    asked = {p.step.id: p for p in ui.asked}
    assert asked["name"].default == "Dr Last"
    assert asked["organisation"].default == "independent"
    assert asked["years-in-role"].default == 2.5  # a year on, same role
    assert asked["goals"].default == ["peer-support", "board-effectiveness"]
    assert asked["hours-per-month"].default == 4
    assert asked["ratings.finance"].default == 1
    assert asked["ratings.board-skills"].default is None  # unrated last time: "not sure"
    assert asked["start"].default == dt.date(2026, 11, 30)  # not last year's start
    profile = iv.profile()
    assert profile.assessed_on == TODAY
    assert profile.mentor == "Dr Mentor"
    assert profile.goals == ["peer-support", "board-effectiveness"]


def test_years_are_not_carried_over_to_a_new_role(iv, tmp_path, assessment):
    iv.use_prior(_last_year(tmp_path, assessment))
    ui = run(
        iv, {"role": "deputy-medical-director", "years-in-role": "0.5", "goals": ["peer-support"]}
    )
    years = next(p for p in ui.asked if p.step.id == "years-in-role")
    assert years.default == 1  # the catalogue's default, not 2.5


def test_an_old_answer_that_no_longer_fits_is_trimmed(iv, tmp_path, assessment):
    iv.use_prior(_last_year(tmp_path, assessment))
    ui = run(iv, {"role": "consultant", "years-in-role": "3"})
    goals = next(p for p in ui.asked if p.step.id == "goals")
    assert goals.default == ["peer-support"]  # board-effectiveness is not offered now


# -- the review screen ----------------------------------------------------------------------


def test_review_shows_every_answer_and_can_reopen_one(iv):
    role = Step(iv.question("role"))
    ui = StubUI({**MD, "ratings.finance": 2}, review=[role])
    conduct(iv, ui, lambda i: None)
    rows = {r.label: r.text for r in ui.reviews[0]}
    assert rows["Role"] == "Medical director or chief medical officer"
    assert rows["Years in role"] == "0.5 years"
    assert rows["Order of goals"] == "1. Find peer support  2. Be more effective at board"
    assert rows["Finance literacy"] == "2 Developing"
    assert rows["Budget"] == "£0"
    assert rows["Preferred formats"] == "any format"
    assert rows["Start date"] == "Monday 30 Nov 2026"
    assert len(ui.reviews) == 2  # reopened role, then reviewed again
    assert ui.ids().count("role") == 2


def test_changing_the_role_in_review_re_asks_goals_that_no_longer_fit(iv):
    ui = StubUI(dict(MD), review=[Step(iv.question("role"))])
    conduct(iv, ui, lambda i: None)
    ui.answers.update({"role": "consultant", "goals": ["peer-support"]})
    iv.reopen(Step(iv.question("role")))
    conduct(iv, ui, lambda i: None)
    goals = [p for p in ui.asked if p.step.id == "goals"]
    assert len(goals) == 2
    assert "no longer fits" in goals[1].intro
    assert iv.profile().goals == ["peer-support"]
    assert iv.profile().role == "consultant"


# -- answers from files and flags -----------------------------------------------------------


def test_set_accepts_fields_question_ids_and_ratings(iv):
    apply_set(iv, "role=clinical-lead")
    apply_set(iv, "budget=2,000")
    apply_set(iv, "constraints.hours_per_month=5")
    apply_set(iv, "goals=peer-support,academic")
    apply_set(iv, "ratings.finance=2")
    apply_set(iv, "study-leave=8")
    apply_set(iv, "employer-funds=yes")
    assert iv.given["role"] == "clinical-lead"
    assert iv.given["constraints.budget_gbp"] == 2000
    assert iv.given["constraints.hours_per_month"] == 5
    assert iv.given["goals"] == ["peer-support", "academic"]
    assert iv.given["ratings"] == {"finance": 2}
    assert iv.given["constraints.study_leave_days"] == 8
    assert iv.given["constraints.employer_funds_qualification"] == "yes"


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (
            "role=medical-directr",
            "--set role=medical-directr: 'medical-directr' is not a role "
            "offered here; did you mean 'medical-director'?",
        ),
        (
            "rol=consultant",
            "--set rol=consultant: not a profile field or question; did you mean 'role'?",
        ),
        (
            "ratings.finanse=2",
            "--set ratings.finanse=2: unknown area 'finanse'; did you mean 'finance'?",
        ),
        (
            "ratings.finance=5",
            "--set ratings.finance=5: '5' is not a rating: rate finance from 1 to 4",
        ),
        (
            "hours-per-month=-3",
            "--set hours-per-month=-3: -3 is out of range: enter a number from 0 to 200",
        ),
        ("role", "--set role: write it as key=value"),
    ],
)
def test_set_errors_name_the_flag_and_the_fix(iv, expr, message):
    with pytest.raises(InputError) as err:
        apply_set(iv, expr)
    assert str(err.value).startswith(message)


def test_given_fields_are_not_asked(iv):
    for expr in (
        "role=medical-director",
        "years_in_role=2",
        "goals=peer-support",
        "ratings.finance=2",
        "name=Dr Given",
    ):
        apply_set(iv, expr)
    ui = run(iv, {})
    ids = ui.ids()
    assert "role" not in ids and "goals" not in ids and "goal-order" not in ids
    assert "ratings.finance" not in ids and "ratings.board-skills" in ids
    rows = {r.label: (r.text, r.source) for r in ui.reviews[0]}
    assert rows["Role"][1] == "--set"
    profile = iv.profile()
    assert profile.name == "Dr Given" and profile.ratings["finance"] == 2


def test_answers_file_problems_have_lines(iv):
    doc = parse_yaml(
        "version: 1\nrole: consultnt\ngoals: [peer-support, nope]\n"
        "constraints:\n  hours_per_month: many\n  budgt: 3\n"
        "ratings: {finance: 7}\ncolour: blue\n",
        "answers.yaml",
    )
    with pytest.raises(ValidationFailed) as err:
        apply_answers_file(iv, doc)
    lines = err.value.lines()
    assert lines == [
        "answers.yaml:2: role: 'consultnt' is not a role offered here; did you mean 'consultant'?",
        "answers.yaml:3: goals: 'nope' is not a goal offered here; choose from: "
        "excel-in-role, step-up-to-md, board-effectiveness, system-leadership, "
        "chief-executive, regional-national, develop-directorate, health-inequalities, "
        "clinical-balance, academic, explore-next-role",
        "answers.yaml:5: constraints.hours_per_month: 'many' is not a number: enter a number "
        "from 0 to 200, such as 6",
        "answers.yaml:6: constraints.budgt: is not a field here; did you mean 'budget_gbp'?",
        "answers.yaml:7: ratings.finance: '7' is not a rating: rate finance from 1 to 4 "
        "(1 Not yet, 2 Developing, 3 Confident, 4 Strength)",
        "answers.yaml:8: colour: is not a profile field",
    ]


def test_answers_file_from_a_newer_careerplan_is_refused(iv):
    doc = parse_yaml("version: 2\nrole: consultant\n", "a.yaml")
    with pytest.raises(
        ValidationFailed, match="a.yaml:1: version: version 2 was written by a newer careerplan"
    ):
        apply_answers_file(iv, doc)


def test_a_complete_answers_file_needs_no_questions(iv, tmp_path):
    doc = parse_yaml(
        "version: 1\nassessed_on: 2020-01-01\nrole: medical-director\n"
        "years_in_role: 3\norganisation: nhs-trust\n"
        "goals: [board-effectiveness]\n"
        "constraints: {hours_per_month: 6, budget_gbp: 0}\n",
        "full.yaml",
    )
    apply_answers_file(iv, doc)
    assert iv.is_complete()
    profile = iv.profile()
    assert profile.assessed_on == TODAY  # a new assessment, dated today
    assert profile.constraints.start == dt.date(2026, 11, 30)


def test_missing_required_answers_name_the_question(iv):
    apply_set(iv, "role=consultant")
    with pytest.raises(ValidationFailed) as err:
        iv.profile()
    lines = err.value.lines()
    assert lines[0].startswith(
        "assess: constraints.budget_gbp: no answer to \u201cWhat budget is available"
    )
    assert any(
        "years_in_role: no answer to \u201cHow many years have you been in this "
        "role?\u201d; add `years_in_role` to the answers file or pass --set "
        "years_in_role=NUMBER" in line
        for line in lines
    )
    assert not any("name" in line.split(":")[1] for line in lines)  # optional


# -- drafts ---------------------------------------------------------------------------------


def test_state_survives_a_round_trip_through_json(iv, assessment):
    import json

    apply_set(iv, "organisation=voluntary")
    run(iv, {**MD, "start": "2027-01-04"})
    saved = json.loads(json.dumps(interview_state(iv)))
    again = Interview(assessment, today=TODAY)
    assert restore_interview(again, saved) == []
    assert again.profile() == iv.profile()
    assert profile_yaml(again.profile()) == profile_yaml(iv.profile())


def test_a_damaged_saved_answer_is_dropped_and_asked_again(iv, assessment):
    again = Interview(assessment, today=TODAY)
    dropped = restore_interview(
        again,
        {
            "answers": {"role": "medical-director", "start": "not-a-date", "gone": 1},
            "given": {"role": "nope"},
        },
    )
    assert sorted(dropped) == ["gone", "role", "start"]
    assert again.next_step().id == "name"


# -- the catalogue's questions fit the profile ------------------------------------------------


def test_every_question_fills_a_profile_field(assessment):
    from careerplan.assess.fields import _field_info

    for path in field_paths(assessment):
        _field_info(path)  # raises KeyError for a field the profile does not have
    required = {q.field for q in assessment.questions if q.required}
    model_required = {n for n, f in Profile.model_fields.items() if f.is_required()}
    assert model_required - {"version", "assessed_on", "constraints"} <= required
    assert {"constraints.hours_per_month", "constraints.budget_gbp"} <= required


def test_the_welcome_total_is_the_counter_total(iv):
    """The welcome's "about N questions" and the first prompt's "[1/N]" agree."""
    first = iv.next_step()
    assert iv.progress(first) == (1, iv.planned_total())
    assert iv.planned_total() > sum(1 for _ in iv.steps())  # conditional ones included


def test_the_readme_gives_the_counter_total(iv):
    """The README says how many questions there are at most, as the counter shows them."""
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    said = re.search(r"at most (\d+) short questions", readme)
    assert said, "the README's assess section should say how many questions at most"
    assert int(said.group(1)) == iv.planned_total()
