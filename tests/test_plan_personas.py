"""The plans of ten personas (tests/personas/*.yaml): what each must and must not contain,
and the rules every plan keeps (limits, dates, phases, reasons, determinism)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from plan_factory import repeats_support

from careerplan import wording
from careerplan.engine import calendar
from careerplan.engine.planner import STEER_SOURCE, UNSPENT_SOURCE, build_plan
from careerplan.engine.shortfall import (
    FIRST_GOAL_SOURCE,
    OTHER_GOAL_SOURCE,
    ROOM_SOURCE,
    YEARS_SOURCE,
)
from careerplan.model.plan import Plan
from careerplan.store.catalogue import load_catalogue
from careerplan.store.planfile import plan_json
from careerplan.store.profiles import load_profile

TODAY = dt.date(2026, 12, 3)
PERSONAS = Path(__file__).parent / "personas"
NAMES = sorted(p.stem for p in PERSONAS.glob("*.yaml"))


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(today=TODAY)


@pytest.fixture(scope="module")
def plans(catalogue) -> dict[str, Plan]:
    out = {}
    for name in NAMES:
        profile = load_profile(PERSONAS / f"{name}.yaml", catalogue.vocab.ids(), TODAY)
        out[name] = build_plan(profile, catalogue, today=TODAY)
    return out


def ids(plan: Plan) -> list[str]:
    return [i.id for i in plan.items]


def item(plan: Plan, id_: str):
    return next(i for i in plan.items if i.id == id_)


def month_of(plan: Plan, day: dt.date) -> int:
    return calendar.month_of(plan.start, day, plan.horizon_months)


def monthly_hours(plan: Plan) -> list[float]:
    """Hours of personal development time in each month (study leave apart)."""
    load = [0.0] * plan.horizon_months
    for i in plan.items:
        a, b = month_of(plan, i.start), month_of(plan, i.target_date)
        for m in range(a, b + 1):
            load[m] += i.hours_per_month or 0.0
    return load


def personal_hours(i) -> float:
    """The person's own hours: study leave and work time released by the employer apart."""
    if i.personal_hours is not None:
        return i.personal_hours
    return float(i.hours) - (i.leave_days or 0) * 7.5


# ------------------------------------------------------------------------ coverage of cases


def test_personas_cover_every_stage_and_organisation_type(plans, catalogue):
    assert len(plans) >= 8
    assert {p.stage for p in plans.values()} == set(catalogue.vocab.ids()["stages"])
    assert {p.profile.organisation for p in plans.values()} == set(
        catalogue.vocab.ids()["organisations"]
    )
    profiles = [p.profile for p in plans.values()]
    assert any(p.constraints.budget_gbp == 0 for p in profiles)
    assert any(p.constraints.hours_per_month <= 1 for p in profiles)
    assert any(p.constraints.apprenticeship_levy for p in profiles)
    assert any(p.clinical_days_per_week >= 3 for p in profiles)
    assert any(p.clinical_days_per_week == 0 for p in profiles)
    assert any(len(p.support_in_place) == 4 for p in profiles)


# ------------------------------------------------------------------- rules for every plan


@pytest.mark.parametrize("name", NAMES)
def test_limits_hold(plans, name):
    plan = plans[name]
    c = plan.profile.constraints
    total = sum(personal_hours(i) for i in plan.items)
    assert total <= c.hours_per_month * c.horizon_months + 1e-6
    assert plan.totals.hours == pytest.approx(total)
    assert max(monthly_hours(plan), default=0) <= c.hours_per_month + 1e-6
    assert max(plan.totals.hours_by_month, default=0) <= c.hours_per_month + 1e-6
    leave = sum(i.leave_days or 0 for i in plan.items)
    assert leave == pytest.approx(plan.totals.leave_days or 0)
    assert leave <= c.study_leave_days * c.horizon_months / 12 + 1e-6
    for i in plan.items:
        if i.time_shape == "block":  # a block of leave sits in one plan month
            assert month_of(plan, i.start) == month_of(plan, i.target_date), i.id
        if c.budget_gbp == 0:  # at £0 only free or centrally funded items
            assert i.cost_route in ("free", "central", "employer"), i.id
    counted = sum(i.cost_counted or 0 for i in plan.items)
    assert counted <= c.budget_gbp + 1e-6
    assert plan.totals.cost == pytest.approx(counted)
    for i in plan.items:
        if i.cost_counted is None:  # unknown: flagged, never silently zero
            assert i.id in plan.totals.cost_unknown
            assert "ask the provider" in (i.cost_note or "")


@pytest.mark.parametrize("name", NAMES)
def test_dates_phases_and_prerequisites(plans, name, catalogue):
    plan = plans[name]
    assert plan.end == calendar.month_end(plan.start, plan.horizon_months - 1)
    assert (plan.end + dt.timedelta(days=1)).day == 1  # the last day of a calendar month
    starts = {i.id: i.start for i in plan.items}
    for i in plan.items:
        assert plan.start <= i.start <= i.target_date <= plan.end
        days = [i.start, i.target_date, *([i.first_step_by] if i.first_step_by else [])]
        assert all(calendar.is_working_day(d) for d in days), (i.id, days)
        m = month_of(plan, i.start)
        kind_phase = catalogue.advice.kind_plan(i.kind).phase
        if i.phase == 1:
            assert m < 3 and kind_phase != "long"
        elif i.phase == 2:
            assert m >= 3 and kind_phase != "long"
        else:
            assert kind_phase == "long"
        for pre in catalogue.opportunities[i.id].prerequisites:
            assert pre in starts and starts[pre] < i.start
    assert plan.reviews[-1] == calendar.working_day(plan.end)  # the last working day
    assert plan.reviews == sorted(plan.reviews)


@pytest.mark.parametrize("name", NAMES)
def test_every_item_is_explained_for_this_person(plans, name, catalogue):
    plan = plans[name]
    vocab = catalogue.vocab
    p = plan.profile
    personal = [vocab.label("areas", a).lower() for a in p.ratings]
    personal += [vocab.label("goals", g) for g in p.goals]
    personal += [vocab.label("stages", plan.stage).lower()]
    # What it asks of this person's time, or their clinical work, is personal too.
    personal += ["a month you have", "study leave (you have", "You keep"]
    for i in plan.items:
        assert plan.stage in catalogue.opportunities[i.id].stages
        text = " ".join(i.reasons)
        assert any(word in text for word in personal), (i.id, i.reasons)
        assert i.arithmetic and f"= {i.score:g}"[:4] in i.arithmetic
        assert i.why is not None
        assert i.action.startswith("By ")
        assert f"{i.target_date.day} {i.target_date:%b %Y}" in i.action
        assert i.evidence.strip()
    for n in plan.notes:  # the report's advice, or why the plan is not fuller
        assert n.source.startswith(("Report:", "Funding rule:")) or n.source in (
            ROOM_SOURCE,
            STEER_SOURCE,
            FIRST_GOAL_SOURCE,
            OTHER_GOAL_SOURCE,
            YEARS_SOURCE,
            UNSPENT_SOURCE,
        )
        assert n.kind is not None


@pytest.mark.parametrize("name", NAMES)
def test_support_in_place_is_acknowledged_not_repeated(plans, name, catalogue):
    plan = plans[name]
    assert not [i.id for i in plan.items if repeats_support(i, plan.profile, catalogue)]
    assert [a.support for a in plan.acknowledged] == plan.profile.support_in_place


@pytest.mark.parametrize("name", NAMES)
def test_big_unmet_priorities_are_explained(plans, name, catalogue):
    plan = plans[name]
    threshold = catalogue.weights.scoring.unmet_threshold
    built = {a for i in plan.items for a in i.areas}
    unmet = {u.area for u in plan.unmet}
    for p in plan.priorities:
        if p.need >= threshold:
            assert p.area in built or p.area in unmet, p.area


def _with_hours(profile, hours: float):
    constraints = profile.constraints.model_copy(update={"hours_per_month": hours})
    return profile.model_copy(update={"constraints": constraints})


@pytest.mark.parametrize("name", NAMES)
def test_more_hours_advice_is_true(plans, name, catalogue):
    """An entry left out for want of hours names the extra hours a month that would let it
    in (LeftOut.more_hours): planned again with them, it is in the plan. A need nothing in
    the plan serves says the same of its best entry (Unmet.best): with Unmet.more_hours,
    Unmet.hours_per_month a month in all."""
    plan = plans[name]
    own = plan.profile.constraints.hours_per_month
    offers = [(x.id, own + x.more_hours) for x in plan.left_out if x.change == "more-hours"]
    assert all(x.more_hours for x in plan.left_out if x.change == "more-hours")
    for u in plan.unmet:
        if u.change == "more-hours" and u.best is not None:
            assert u.more_hours and u.hours_per_month, u
            offers.append((u.best, u.hours_per_month))
    for opp_id, hours in offers:
        again = build_plan(_with_hours(plan.profile, hours), catalogue, today=TODAY)
        assert opp_id in ids(again), (opp_id, hours)


MONTHS = [wording.month(dt.date(2027, m, 1)).split()[0] for m in range(1, 13)]  # Jan ...


@pytest.mark.parametrize("name", NAMES)
def test_action_dates_match_the_item_dates(name, catalogue):
    """A plan starting on the 30th: its months run across calendar months, and every
    month or date an action names for doing the work lies within the item's start and
    target dates."""
    profile = load_profile(PERSONAS / f"{name}.yaml", catalogue.vocab.ids(), TODAY)
    profile = profile.model_copy(
        update={
            "constraints": profile.constraints.model_copy(update={"start": dt.date(2027, 1, 30)})
        }
    )
    plan = build_plan(profile, catalogue, today=TODAY)
    months_seen = 0
    for i in plan.items:
        then = i.action[i.action.index(" Then ") :]
        named = [
            dt.date(int(y), MONTHS.index(m) + 1, 1)
            for m, y in re.findall(r"\b(" + "|".join(MONTHS) + r") (\d{4})\b", then)
        ]
        first = i.start.replace(day=1)
        for month in named:
            assert first <= month <= i.target_date, (i.id, i.start, i.target_date, then)
        assert str(i.target_date.day) in then, then
        for m, y in re.findall(r"\bin (" + "|".join(MONTHS) + r") (\d{4})\b", then):
            month = (int(y), MONTHS.index(m) + 1)  # 'in January': all of it in January
            assert (i.start.year, i.start.month) == month, (i.start, then)
            assert (i.target_date.year, i.target_date.month) == month, (i.target_date, then)
        months_seen += len(named)
    assert months_seen, "no month named in any action: the month pattern is out of date"


@pytest.mark.parametrize("name", NAMES)
def test_same_input_same_plan(plans, name, catalogue):
    profile = plans[name].profile
    again = build_plan(profile, catalogue, today=TODAY)
    assert plan_json(again) == plan_json(plans[name])
    later = build_plan(profile, catalogue, today=TODAY + dt.timedelta(days=9))
    a, b = json.loads(plan_json(again)), json.loads(plan_json(later))
    assert a.pop("generated_on") != b.pop("generated_on")
    assert a == b


def test_json_has_every_field_design_names(plans):
    data = json.loads(plan_json(plans["new-md-nhs-trust"]))
    for key in (
        "version",
        "generated_on",
        "profile",
        "stage",
        "priorities",
        "items",
        "totals",
        "reviews",
        "notes",
        "sources",
    ):
        assert key in data
    for key in ("area", "rating", "weight", "why"):
        assert key in data["priorities"][0]
    for key in (
        "id",
        "title",
        "kind",
        "provider",
        "url",
        "phase",
        "start",
        "target_date",
        "hours",
        "cost",
        "funding",
        "areas",
        "goals",
        "reasons",
        "action",
        "evidence",
        "status",
    ):
        assert key in data["items"][0]
    assert {"hours", "cost"} <= data["totals"].keys()


# ------------------------------------------------------------------------ each persona


def test_new_md_gets_peer_support_early_and_board_development(plans):
    plan = plans["new-md-nhs-trust"]
    assert plan.stage == "new-md"
    assert item(plan, "md-action-learning-set").phase == 1  # the report's first advice
    finance = [i for i in plan.items if "finance" in i.areas]
    assert any(i.id == "board-development-training" for i in finance)
    assert "protected-clinical-time-job-plan" in ids(plan)  # keeps a clinical day
    assert "mentoring" not in ids(plan)  # has a mentor already
    assert plan.priorities[0].area == "finance"
    notes = " ".join(n.text for n in plan.notes)
    assert "first few months" in notes and "two horses" in notes
    first = item(plan, "board-development-training")
    assert any("finance literacy 1 of 4" in r for r in first.reasons)


def test_consultant_gets_introductions_not_executive_items(plans, catalogue):
    plan = plans["consultant-aspiring"]
    assert plan.stage == "aspiring"
    assert {"fmlm-medical-directors-role-guide", "mentoring"} <= set(ids(plan))
    assert not [i for i in plan.items if i.kind in ("qualification", "stretch-role")]
    assert plan.totals.cost == 0  # no budget
    notes = " ".join(n.text for n in plan.notes)
    assert "two horses" not in notes and "job plan" in notes


def test_clinical_director_grows_the_directorate(plans):
    plan = plans["clinical-director-independent"]
    assert plan.stage == "emerging"
    # The NHS Staff Survey covers NHS organisations only: not offered in the independent sector.
    assert "staff-survey-diversity-review" not in ids(plan)
    assert [i for i in plan.items if "develop-directorate" in i.goals]
    notes = " ".join(n.text for n in plan.notes)
    assert "independent sector" in notes  # outside the NHS, the report's limits
    assert "levy no longer funds" in notes  # the January 2026 rule, as data


def test_tiny_hours_says_what_more_time_would_allow(plans):
    plan = plans["clinical-lead-voluntary-tiny-hours"]
    assert plan.totals.hours <= 12
    assert len(plan.items) >= 1
    unmet = {u.area: u for u in plan.unmet}
    assert "population-health" in unmet
    # at £0 the paid course is not offered, and the plan says what would let it in
    need = unmet["population-health"]
    assert need.best == "population-health-course"
    assert need.reason == "no-budget" and need.change == "more-budget"
    assert "your budget is £0" in need.message
    # what it costs (its band's top), not 'paid (or its price is unknown)'
    assert "it costs up to £1,180 and your budget is £0" in need.message
    assert "paid (or" not in need.message


def test_deputy_builds_board_skills_without_md_only_items(plans):
    plan = plans["deputy-provider-collaborative"]
    assert plan.stage == "deputy"
    assert "board-development-training" in ids(plan)
    assert "md-action-learning-set" not in ids(plan)
    assert "mentoring" not in ids(plan)
    assert plan.horizon_months == 18


def test_established_md_with_coach_and_peer_group(plans):
    plan = plans["established-md-other"]
    assert not [i for i in plan.items if i.kind in ("coaching", "peer-network")]
    assert {a.support for a in plan.acknowledged} == {"coach", "peer-group"}
    assert any("population-health" in i.areas for i in plan.items)
    assert "shadowing-across-settings" in ids(plan)  # look outwards, see other settings


def test_experienced_md_aiming_for_chief_executive(plans):
    plan = plans["experienced-md-chief-executive"]
    assert plan.stage == "experienced-md"
    assert {"conversations-with-senior-leaders", "shadowing-across-settings"} <= set(ids(plan))
    assert not [i for i in plan.items if i.kind == "guide"]  # no introductory resources
    assert any(i.phase == 3 for i in plan.items)
    notes = " ".join(n.text for n in plan.notes)
    assert "career possibilities" in notes and "support is missing" in notes


def test_associate_md_protects_clinical_time(plans):
    plan = plans["associate-md-clinical-balance"]
    assert plan.stage == "deputy"
    assert item(plan, "protected-clinical-time-job-plan").phase == 1
    assert plan.totals.cost == 0
    assert "two horses" in " ".join(n.text for n in plan.notes)


def test_new_md_with_every_support_gets_no_repeat(plans, catalogue):
    plan = plans["new-md-independent-all-support"]
    assert plan.horizon_months == 6
    assert not [i.id for i in plan.items if repeats_support(i, plan.profile, catalogue)]
    assert len(plan.acknowledged) == 4
    assert "new-md-first-months-support-plan" in ids(plan)


def test_academic_md_gets_a_research_role_across_the_plan(plans):
    plan = plans["established-md-academic"]
    lead = item(plan, "research-innovation-lead")
    assert lead.phase == 3
    assert (lead.target_date - lead.start).days >= 364  # a year's realistic commitment
    assert (lead.hours_per_month or 0) >= 2
    assert [a.support for a in plan.acknowledged] == ["peer-group"]


def test_a_long_mostly_empty_plan_says_why_and_uses_some_room(catalogue):
    """A consultant with 8 hours a month over 24 months, whose support already covers the
    peer and mentoring kinds: the plan holds more than a handful of early items, says how
    full it is, why, and what would change it. (With 3 hours a month each year's work now
    fills the plan.)"""
    profile = load_profile(PERSONAS / "consultant-aspiring.yaml", catalogue.vocab.ids(), TODAY)
    profile = profile.model_copy(
        update={
            "goals": ["clinical-balance"],
            "support_in_place": ["mentor", "peer-group", "action-learning-set"],
            "constraints": profile.constraints.model_copy(
                update={"horizon_months": 24, "hours_per_month": 8}
            ),
        }
    )
    plan = build_plan(profile, catalogue, today=TODAY)
    room = next(n.text for n in plan.notes if n.source == ROOM_SOURCE)
    assert f"uses {plan.totals.hours:g} of the 192 hours" in room
    assert "for other stages than aspiring leaders" in room
    assert "support in place covers" in room
    assert "paid or unpriced, and your budget is £0" in room
    assert "What would change it:" in room and "a budget" in room
    fillers = [i for i in plan.items if i.filler]
    assert fillers and all(i.title in room for i in fillers)


def test_a_full_plan_has_no_room_note(plans):
    for name, plan in plans.items():
        has_note = any(n.source == ROOM_SOURCE for n in plan.notes)
        half = plan.totals.hours >= 0.5 * plan.totals.hours_available
        fillers = any(i.filler for i in plan.items)
        assert has_note == (not half or fillers) or plan.totals.hours_available == 0, name


def test_without_the_hours_what_if_the_plan_is_the_same(plans, catalogue):
    """Summaries plan without the 'N more hours' advice (it plans again); nothing else in
    the plan changes."""
    advised = 0
    for name in NAMES:
        profile = load_profile(PERSONAS / f"{name}.yaml", catalogue.vocab.ids(), TODAY)
        quick = build_plan(profile, catalogue, today=TODAY, what_if_hours=False)
        full = plans[name]
        assert ids(quick) == ids(full)
        assert [x.id for x in quick.left_out] == [x.id for x in full.left_out]
        advised += sum(1 for x in full.left_out if x.change == "more-hours")
        assert not any(
            x.change in ("more-hours", "more-budget", "more-leave") for x in quick.left_out
        )
    assert advised
