"""Three plans read as a mentor would (issue 11), as golden terminal views at 100 columns
and as rules: a consultant with no budget, a new medical director, and an experienced
medical director aiming at chief executive over two years.

A change in a golden file is a change users see: regenerate deliberately with
`python -m pytest tests/test_plan_mentor.py --regen-golden` and read the diff.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from careerplan.engine.planner import Overrides, build_plan
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile

TODAY = dt.date(2026, 12, 3)
MENTOR = Path(__file__).parent / "fixtures" / "mentor"
GOLDEN = Path(__file__).parent / "golden" / "terminal"
NAMES = sorted(p.stem for p in MENTOR.glob("*.yaml"))


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(today=TODAY)


def plan_of(name: str, catalogue):
    profile = load_profile(MENTOR / f"{name}.yaml", catalogue.vocab.ids(), TODAY)
    return build_plan(profile, catalogue, today=TODAY)


@pytest.mark.parametrize("name", NAMES)
def test_terminal_view_matches_golden_file(cli, monkeypatch, name, golden):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(MENTOR)  # the commands it suggests name the file as typed
    result = cli("plan", "--profile", f"{name}.yaml", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) <= 120
    golden(GOLDEN / f"{name}.txt", result.stdout)


def test_consultant_with_no_budget_gets_only_free_items(catalogue):
    plan = plan_of("consultant-no-budget", catalogue)
    assert plan.items
    assert all(i.cost_route in ("free", "central") for i in plan.items)
    assert plan.totals.cost == 0
    assert all((i.hours_per_month or 0) <= 4 for i in plan.items)
    assert plan.totals.hours >= 0.5 * plan.totals.hours_available  # uses its time


def test_new_md_gets_the_reports_first_choice_and_one_board_course(catalogue):
    plan = plan_of("new-md-trust", catalogue)
    ids = [i.id for i in plan.items]
    assert "md-action-learning-set" in ids  # the report's first recommendation
    assert "board-action-learning-set" not in ids  # not two action learning sets
    taught = [i for i in plan.items if i.kind in ("course", "programme", "qualification")]
    assert len(taught) == 1 and taught[0].time_shape == "block"
    support = next(i for i in plan.items if i.id == "new-md-first-months-support-plan")
    assert support.phase == 1 and support.start == plan.start  # in the first month
    assert plan.totals.hours >= 0.5 * plan.totals.hours_available


def test_experienced_md_serves_chief_executive_first(catalogue):
    plan = plan_of("experienced-md-to-ceo", catalogue)
    assert plan.horizon_months == 24
    assert any("chief-executive" in i.goals for i in plan.items)
    roles = [i for i in plan.items if i.time_shape == "role"]
    assert roles and all((i.hours_per_month or i.work_hours_per_month or 0) >= 2 for i in roles)
    assert not [i for i in plan.items if i.kind == "mentoring"]  # has a mentor
    assert plan.totals.leave_days is not None and plan.totals.leave_days <= 20


@pytest.mark.parametrize("name", NAMES)
def test_what_would_let_a_left_out_item_in_is_true(catalogue, name):
    # "A longer plan (--top N) would include it" is said only when planning again with
    # --top N does include it; otherwise the limit that really keeps it out is named.
    profile = load_profile(MENTOR / f"{name}.yaml", catalogue.vocab.ids(), TODAY)
    plan = build_plan(profile, catalogue, today=TODAY)
    for row in plan.left_out:
        promised = re.search(r"--top (\d+)\) would include it", row.message)
        if promised:
            top = int(promised[1])
            again = build_plan(profile, catalogue, today=TODAY, overrides=Overrides(top=top))
            assert row.id in {i.id for i in again.items}, row.message
        if row.reason == "top":
            assert "the most it shows" in row.message


PERSONAS = Path(__file__).parent / "personas"
EVERYONE = [MENTOR / f"{n}.yaml" for n in NAMES] + sorted(PERSONAS.glob("*.yaml"))


@pytest.mark.parametrize("path", EVERYONE, ids=lambda p: p.stem)
def test_a_first_step_comes_before_what_it_prepares(catalogue, path):
    # A course or shadowing day is asked for and its leave booked weeks ahead, not in
    # the month it happens; and the next steps are the earliest first steps.
    profile = load_profile(path, catalogue.vocab.ids(), TODAY)
    plan = build_plan(profile, catalogue, today=TODAY)
    for item in plan.items:
        assert item.first_step and item.first_step_by is not None
        assert item.action.startswith(item.first_step)
        assert plan.start <= item.first_step_by <= item.target_date
        ahead = item.time_shape == "block" or item.kind in ("programme", "course", "qualification")
        if ahead and item.start >= plan.start + dt.timedelta(weeks=8):
            assert item.first_step_by <= item.start - dt.timedelta(weeks=6), item.action


def test_the_next_three_steps_are_the_soonest(cli, catalogue):
    from careerplan import wording

    path = MENTOR / "new-deputy-md.yaml"
    profile = load_profile(path, catalogue.vocab.ids(), TODAY)
    plan = build_plan(profile, catalogue, today=TODAY)
    soonest = sorted((i.first_step_by for i in plan.items if i.first_step_by), reverse=False)[:3]
    out = cli("plan", path).stdout
    steps = out.split("Your next three steps", 1)[1]
    shown = re.findall(r"By (\d+ \w+ \d{4}):", steps)
    assert shown == [wording.date(d) for d in soonest]


def test_a_programme_of_released_work_time_takes_none_of_your_own_hours(catalogue):
    # The Aspiring Chief Executive programme is about a day a week released by the
    # employer: it is planned as work time, not as 30 of the doctor's own hours a month.
    plan = plan_of("experienced-md-to-ceo", catalogue)
    ace = next(i for i in plan.items if i.id == "nhsla-aspiring-chief-executive")
    assert ace.work_hours_per_month == 30 and not ace.hours_per_month
    assert ace.personal_hours == 0
    assert "in work time your employer releases" in (ace.time_text or "")
    assert plan.totals.hours <= plan.totals.hours_available
