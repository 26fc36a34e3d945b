"""Programmes of work, pathways, qualification ladders, shared protected time, verified
advice and nothing left out in silence (issue 18 items 1, 3, 4), on four new people quite
unlike the fixtures, and as properties over random profiles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from careerplan.engine.context import make_context
from careerplan.engine.planner import build_plan
from careerplan.engine.score import State, score
from careerplan.engine.select import protected_of, select
from careerplan.model.programmes import Programmes
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile

TODAY = dt.date(2026, 12, 3)
CATALOGUE = load_catalogue(today=TODAY)
IDS = CATALOGUE.vocab.ids()
PEOPLE = Path(__file__).parent / "fixtures" / "engine-personas"


def person(name: str, **constraints):
    p = load_profile(PEOPLE / f"{name}.yaml", IDS, TODAY)
    if constraints:
        p = p.model_copy(update={"constraints": p.constraints.model_copy(update=constraints)})
    return p


def test_a_step_must_follow_an_earlier_step_of_its_programme():
    with pytest.raises(ValidationError, match="not an earlier step"):
        Programmes.model_validate(
            {
                "programmes": [
                    {
                        "id": "p",
                        "title": "P",
                        "source": "s",
                        "steps": [{"id": "a", "follows": "b"}, {"id": "b"}],
                    }
                ]
            }
        )


def test_a_ladder_gives_every_step_a_rung_lowest_first():
    with pytest.raises(ValidationError, match="lowest first"):
        Programmes.model_validate(
            {
                "programmes": [
                    {
                        "id": "p",
                        "title": "P",
                        "source": "s",
                        "steps": [{"id": "a", "rung": "masters"}, {"id": "b", "rung": "diploma"}],
                    }
                ]
            }
        )


def test_a_step_follows_the_one_before_it_by_default():
    p = CATALOGUE.programmes
    assert (
        p.follows("job-planning-medical-workforce-team") == "medical-directorate-structure-review"
    )
    assert p.next_steps("medical-directorate-structure-review") == [
        "job-planning-medical-workforce-team"
    ]
    assert p.follows("medical-directorate-structure-review") is None


def test_a_continuing_step_counts_as_progress_not_a_weaker_substitute():
    """With the step before it in the plan, the next step loses nothing to the repeat
    factors (goal, family) and gains the programme's step bonus."""
    ctx = make_context(person("group-cmo-two-directorates"), CATALOGUE)
    opps = CATALOGUE.opportunities
    nxt = opps["job-planning-medical-workforce-team"]
    other = State()
    for oid in ("staff-survey-diversity-review", "targeted-diversity-support"):
        other.add(opps[oid], ctx)  # two actions for the same goal, not its programme
    cont = other.copy()
    cont.add(opps["medical-directorate-structure-review"], ctx)
    lone = score(nxt, ctx, other)
    step = score(nxt, ctx, cont)
    assert step.continues == "medical-directorate-structure-review"
    assert step.kind_factor == 1.0 and all(g.repeat == 0 for g in step.goals)
    assert lone.kind_factor < 1.0
    assert step.total > lone.total


def test_the_group_cmo_gets_the_directorate_programme_in_order():
    """Harmonising two directorates: structure review, job planning, the competency
    framework, an OD lead and the investment case, each after the one before ends."""
    plan = build_plan(person("group-cmo-two-directorates"), CATALOGUE, today=TODAY)
    by_id = {i.id: i for i in plan.items}
    steps = [
        s.id for s in CATALOGUE.programmes.step("job-planning-medical-workforce-team")[0].steps
    ]
    held = [s for s in steps if s in by_id]
    assert len(held) >= 4, held
    for before, after in zip(held, held[1:], strict=False):
        assert by_id[after].follows == before
        assert by_id[after].start > by_id[before].target_date
        assert any("next step of" in r for r in by_id[after].reasons)
    assert plan.totals.hours >= 0.5 * plan.totals.hours_available


def _starts_by_year(plan) -> set[int]:
    return {
        (i.start.year - plan.start.year) * 12 + i.start.month - plan.start.month for i in plan.items
    }


@pytest.mark.parametrize("name", ["amd-dme-funded-masters", "cd-global-majority-stepping-up"])
def test_each_year_of_a_long_plan_has_its_own_work(name):
    plan = build_plan(person(name), CATALOGUE, today=TODAY)
    years = {m // 12 for m in _starts_by_year(plan)}
    assert years == set(range((plan.horizon_months + 11) // 12)), sorted(years)


def test_the_sas_doctor_with_no_budget_is_told_what_serves_each_goal():
    plan = build_plan(person("sas-doctor-no-budget"), CATALOGUE, today=TODAY)
    goals = [c for c in plan.coverage if c.kind == "goal"]
    assert [c.id for c in goals] == plan.profile.goals
    for c in plan.coverage:
        assert c.served_by or c.reason, c
    assert all(i.cost_counted in (None, 0, 0.0) for i in plan.items)


def test_every_item_names_its_runners_up_with_a_swap_command():
    plan = build_plan(person("cd-global-majority-stepping-up"), CATALOGUE, today=TODAY)
    named = [i for i in plan.items if i.runners_up]
    assert len(named) >= len(plan.items) // 2
    for item in named:
        assert 1 <= len(item.runners_up) <= 3
        ids = {i.id for i in plan.items}
        for r in item.runners_up:
            assert r.id not in ids and r.lost
            assert r.swap.endswith(f"--include {r.id} --exclude {item.id}")


def test_a_qualification_longer_than_the_plan_is_said_in_months():
    plan = build_plan(person("group-cmo-two-directorates"), CATALOGUE, today=TODAY)
    row = next(x for x in plan.left_out if x.id == "healthcare-leadership-masters")
    assert row.reason == "too-long" and "24 months" in row.message
    assert "hours of your own time" not in row.message


def _ladder_catalogue():
    """A hand-made ladder over copies of the shipped master's (test facts only)."""
    opps = dict(CATALOGUE.opportunities)
    base = opps["healthcare-leadership-masters"]
    for oid, months, hours in (("test-pgcert", 12, 25), ("test-pgdip", 12, 25)):
        time = base.time.model_copy(
            update={"months_": months, "study_hours_per_month": hours, "taught_days": 4}
        )
        opps[oid] = base.model_copy(update={"id": oid, "title": oid, "time": time})
    ladder = Programmes.model_validate(
        {
            "programmes": [
                {
                    "id": "test-ladder",
                    "title": "Test ladder",
                    "source": "test",
                    "steps": [
                        {"id": "test-pgcert", "rung": "certificate"},
                        {"id": "test-pgdip", "rung": "diploma"},
                    ],
                }
            ]
        }
    )
    return dataclasses.replace(CATALOGUE, opportunities=opps, programmes=ladder)


def test_protected_time_is_shared_never_counted_twice():
    """Two qualifications in the same months would each use the whole protected amount:
    the schedule never lets the months' protected study go over it."""
    cat = _ladder_catalogue()
    for name in ("amd-dme-funded-masters", "cd-global-majority-stepping-up"):
        p = person(name, protected_study_hours_per_month=30, employer_funds_qualification="yes")
        ctx = make_context(p, cat)
        sel = select(ctx)
        load = [0.0] * ctx.horizon
        for c in sel.chosen:
            w = sel.windows[c.opp.id]
            for m in range(w.start, w.start + w.months):
                load[m] += protected_of(c.shape)
        assert max(load) <= 30 + 1e-9


def test_a_ladder_rung_comes_after_the_one_below_it():
    cat = _ladder_catalogue()
    p = person("amd-dme-funded-masters", protected_study_hours_per_month=30)
    plan = build_plan(p, cat, today=TODAY, what_if_hours=False)
    by_id = {i.id: i for i in plan.items}
    # Three years with 30 hours a month protected: the certificate in year 1, then the
    # diploma as its next rung (not a second qualification crowded out by the first).
    assert {"test-pgcert", "test-pgdip"} <= set(by_id)
    assert by_id["test-pgdip"].start > by_id["test-pgcert"].target_date
    assert by_id["test-pgdip"].follows == "test-pgcert"
    assert any("next step of ‘Test ladder’" in r for r in by_id["test-pgdip"].reasons)
    # ... and without the ladder, a second qualification is never added beside the first
    alone = dataclasses.replace(cat, programmes=Programmes())
    plan = build_plan(p, alone, today=TODAY, what_if_hours=False)
    assert sum(i.kind == "qualification" for i in plan.items) <= 1


# ---------------------------------------------------------------------------- properties

NAMES = sorted(p.stem for p in PEOPLE.glob("*.yaml"))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(
    name=st.sampled_from(NAMES),
    hours=st.sampled_from([3, 6, 10, 16]),
    horizon=st.sampled_from([6, 12, 24, 36]),
    protected=st.sampled_from([0, 20, 60]),
    goals=st.lists(st.sampled_from(IDS["goals"]), unique=True, min_size=1, max_size=3),
)
def test_properties_of_every_plan(name, hours, horizon, protected, goals):
    """Every goal and top priority is served or explained; protected time never goes over
    its monthly amount; a year of a long plan with nothing starting has a full list or no
    time; advice of more hours or protected time is true when planned again."""
    p = person(
        name,
        hours_per_month=hours,
        horizon_months=horizon,
        protected_study_hours_per_month=protected,
    ).model_copy(update={"goals": goals})
    plan = build_plan(p, CATALOGUE, today=TODAY)
    assert [c.id for c in plan.coverage if c.kind == "goal"] == goals
    for c in plan.coverage:
        assert c.served_by or c.reason
    ctx = make_context(p, CATALOGUE)
    sel = select(ctx)
    load = [0.0] * ctx.horizon
    for c in sel.chosen:
        w = sel.windows[c.opp.id]
        for m in range(w.start, w.start + w.months):
            load[m] += protected_of(c.shape)
    assert max(load, default=0) <= protected + 1e-9
    for row in plan.left_out:
        if row.change == "more-hours" and row.more_hours:
            more = p.model_copy(
                update={
                    "constraints": p.constraints.model_copy(
                        update={"hours_per_month": hours + row.more_hours}
                    )
                }
            )
            again = build_plan(more, CATALOGUE, today=TODAY, what_if_hours=False)
            assert row.id in {i.id for i in again.items}, row.message


def test_an_old_plan_file_is_upgraded_once_on_load():
    """What older plans kept in `extra` moves to typed fields; notes get their kind."""
    from careerplan.model.plan import upgrade_plan_data

    old = {
        "extra": {
            "overrides": {"top": 3},
            "asked": {"include": ["mentoring"]},
            "previous_plan": {"source": "old.yaml", "generated_on": "2026-01-01"},
            "kept": 1,
        },
        "notes": [
            {"text": "t", "source": "Report: Key findings"},
            {"text": "t", "source": "How full this plan is"},
            {"text": "t", "source": "old.yaml"},
            {"text": "t", "source": "Somewhere else"},
        ],
    }
    new = upgrade_plan_data(old)
    assert new["overrides"] == {"top": 3} and new["asked"] == {"include": ["mentoring"]}
    assert new["previous_plan"]["source"] == "old.yaml"
    assert new["extra"] == {"kept": 1}
    assert [n["kind"] for n in new["notes"]] == ["report", "room", "carried", "other"]
    assert upgrade_plan_data(new) == new  # once: an upgraded plan stays as it is


def test_notes_are_typed_and_the_terminal_reads_the_kind():
    plan = build_plan(person("amd-dme-funded-masters"), CATALOGUE, today=TODAY)
    assert plan.notes and all(n.kind for n in plan.notes)
    assert any(n.kind == "report" for n in plan.notes)


def test_the_plan_files_enums_are_the_engines():
    """The plan file keeps the engine's decisions as enums: the same values on both sides."""
    from typing import get_args

    from careerplan.engine.reasons import ChangeKind, Kept, Out
    from careerplan.engine.time import BLOCK_KINDS  # noqa: F401  (the module of the shapes)
    from careerplan.model.plan import ChangeName, CostRoute, KeptReason, OutReason, TimeShape

    assert set(get_args(KeptReason)) == {k.value for k in Kept}
    assert set(get_args(OutReason)) == {o.value for o in Out}
    assert set(get_args(ChangeName)) == {c.value for c in ChangeKind} - {"none"}
    assert set(get_args(TimeShape)) == {
        "block",
        "sessions",
        "ongoing",
        "role",
        "qualification",
        "once",
    }
    plan = build_plan(person("group-cmo-two-directorates"), CATALOGUE, today=TODAY)
    assert {i.cost_route for i in plan.items} <= set(get_args(CostRoute))


def test_a_year_with_nothing_new_is_said_with_when_to_plan_it():
    """Four years for an established medical director: a year in which nothing new starts
    is never silent; the note names the year and the review at which to plan it."""
    p = load_profile(Path(__file__).parent / "personas" / "established-md-other.yaml", IDS, TODAY)
    for horizon in (36, 48):
        more = p.model_copy(
            update={"constraints": p.constraints.model_copy(update={"horizon_months": horizon})}
        )
        plan = build_plan(more, CATALOGUE, today=TODAY, what_if_hours=False)
        starts = {m // 12 for m in _starts_by_year(plan)}
        empty = sorted(set(range(horizon // 12)) - starts)
        notes = [n.text for n in plan.notes if n.kind == "years"]
        assert len(notes) == len(empty)
        for year, text in zip(empty, notes, strict=True):
            assert f"Nothing new starts in year {year + 1} of this plan" in text
            assert "--horizon 12" in text


@pytest.mark.parametrize("name", NAMES)
def test_a_crowded_entry_is_named_with_a_swap_that_is_true(name):
    """Entries the plan's own rules crowded out are named; the --include (and --exclude)
    offered brings each in when planned again so."""
    from careerplan.engine.planner import Overrides

    p = person(name)
    plan = build_plan(p, CATALOGUE, today=TODAY)
    for row in plan.left_out:
        if row.change != "swap":
            continue
        assert row.reason in ("family", "crowded")
        out = tuple(re.findall(r"--exclude ([a-z0-9-]+)", row.message))
        again = build_plan(
            p,
            CATALOGUE,
            today=TODAY,
            what_if_hours=False,
            overrides=Overrides(include=(row.id,), exclude=out),
        )
        assert row.id in {i.id for i in again.items}, row.message
