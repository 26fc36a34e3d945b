"""Advice a mentor would give (issue 18 items 3-4, issue 24 item 2): protected study time
is never advised beyond what employers usually release (weights: max_protected_hours), a
qualification beyond it is said as what it takes with its ladder's first rung; an entry left
out for one-per-family says so, typed apart from one the plan's items already cover; and the
'more hours' what-if, bounded by the plans it makes again, gives the same answer as the
search that plans again at every value.

Four people unlike the other fixtures (tests/fixtures/advice/): a new clinical lead with
4 hours a month and £500, a consultant psychiatrist with 2 hours a month who wants an
academic path, an associate medical director with 20 hours a month protected, and a deputy
medical director with a 36-month plan and £15,000."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from careerplan.engine import whatif
from careerplan.engine.context import make_context
from careerplan.engine.planner import build_plan
from careerplan.engine.reasons import Change, ChangeKind, Kept
from careerplan.engine.score import family_of
from careerplan.engine.select import select
from careerplan.engine.shortfall import as_now
from careerplan.engine.time import shape_of
from careerplan.model.weights import Scoring
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile

TODAY = dt.date(2026, 12, 3)
CATALOGUE = load_catalogue(today=TODAY)
IDS = CATALOGUE.vocab.ids()
HERE = Path(__file__).parent
ADVICE = HERE / "fixtures" / "advice"
PEOPLE = sorted(ADVICE.glob("*.yaml"))
MOST = CATALOGUE.weights.scoring.max_protected_hours
CERT = "pgcert-healthcare-leadership"


def person(path: Path, **constraints):
    p = load_profile(path, IDS, TODAY)
    if constraints:
        p = p.model_copy(update={"constraints": p.constraints.model_copy(update=constraints)})
    return p


def test_the_ceiling_is_required_data_not_a_default_in_code():
    fields = CATALOGUE.weights.scoring.model_dump()
    del fields["max_protected_hours"]
    with pytest.raises(ValidationError):
        Scoring.model_validate(fields)
    with pytest.raises(ValidationError):
        Scoring.model_validate({**fields, "max_protected_hours": -1})


@pytest.mark.parametrize("path", PEOPLE, ids=lambda p: p.stem)
@pytest.mark.parametrize("hours", [None, 2, 12])
def test_no_protected_time_beyond_what_employers_usually_release_is_advised(path, hours):
    """Every left-out row's protected time is within the ceiling (or what the person has);
    a qualification said as its study load really needs more than the ceiling and the
    person's own hours together, and no protected time is offered for it."""
    p = person(path, hours_per_month=hours) if hours else person(path)
    plan = build_plan(p, CATALOGUE, today=TODAY)
    has = p.constraints.protected_study_hours_per_month
    for row in plan.left_out:
        assert (row.protected_hours or 0) <= max(MOST, has), row.message
        if row.change == "study-load":
            assert row.protected_hours is None
            assert row.study_hours > max(MOST, has) + p.constraints.hours_per_month
            assert row.study_months


def test_the_clinical_leads_masters_says_what_it_takes_and_its_first_rung():
    """The lead's case: 4 hours a month and £500 was told to ask for 65 hours a month of
    work time for the EMML; now the master's is said as its study load, with the ladder's
    first rung (the certificate) and what that takes."""
    plan = build_plan(person(ADVICE / "clinical-lead-4h.yaml"), CATALOGUE, today=TODAY)
    row = next(x for x in plan.left_out if x.id == "emml-bayes")
    assert (row.reason, row.change) == ("too-long", "study-load")
    assert (row.study_hours, row.study_months, row.first_rung) == (69.0, 24, CERT)
    assert row.horizon_months is None and row.protected_hours is None


def test_the_first_rungs_change_is_offered_only_when_planning_again_lets_it_in():
    """52 hours a month of her own and 10 protected: the master's (69 a month) is beyond 16
    protected and her hours together; the certificate (67) does not fit as it is, but with
    16 protected it does: that change is named for the first rung, typed, and applied and
    planned again (asking for it) it brings the certificate in."""
    p = person(ADVICE / "amd-20h-protected.yaml", hours_per_month=52)
    p = p.model_copy(
        update={
            "constraints": p.constraints.model_copy(update={"protected_study_hours_per_month": 10})
        }
    )
    ctx = whatif.asking_for(make_context(p, CATALOGUE), "emml-bayes")
    sel = select(ctx)
    opp = CATALOGUE.opportunities["emml-bayes"]
    why = sel.asked_out["emml-bayes"]
    change = whatif.change_for(opp, as_now(why, sel, ctx, opp.id), sel, ctx)
    assert change.kind == ChangeKind.STUDY_LOAD and change.first_rung == CERT
    first = change.first_change
    assert first is not None and first.verified and first.include
    assert first.kind == ChangeKind.PROTECTED_TIME and 10 < first.hours <= MOST
    again = select(whatif.widened(ctx, first, CATALOGUE.opportunities[CERT]))
    assert CERT in {c.opp.id for c in again.chosen}


def test_left_out_for_one_per_family_is_typed_apart_from_crowded():
    """'Board development training in this plan already serves that purpose' was false: it
    is only of the same kind. The row says 'family', and an item of its family is in the
    plan; 'crowded' rows are those the plan's items already build."""
    p = person(ADVICE / "clinical-lead-4h.yaml")
    plan = build_plan(p, CATALOGUE, today=TODAY)
    ctx = make_context(p, CATALOGUE)
    opps = CATALOGUE.opportunities
    row = next(x for x in plan.left_out if x.id == "case-investigator-manager-training")
    assert row.reason == "family"
    families = {family_of(opps[i.id], ctx) for i in plan.items if i.id in opps}
    for row in plan.left_out:
        if row.reason == "family":
            assert family_of(opps[row.id], ctx) in families, row.id


# ------------------------------------------------------------- the bounded hours what-if

FIXTURES = [
    *PEOPLE,
    *sorted((HERE / "personas").glob("*.yaml")),
    *sorted((HERE / "fixtures" / "situation").glob("*.yaml")),
]


def _reference(opp, sel, ctx, lower: int, most: int) -> Change:
    """The search before the bound: every value from `lower` up planned again (those that
    could fit an empty plan), up to advice_replans plans made again."""
    return whatif._first_that_takes_it(
        opp,
        sel,
        "hours",
        range(lower, most + 1),
        lambda more: replace(ctx, per_month=ctx.per_month + more),
        lambda more: Change(
            ChangeKind.MORE_HOURS, hours=more, per_month=ctx.per_month + more, verified=True
        ),
    )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(
    path=st.sampled_from(FIXTURES),
    hours=st.sampled_from([2, 4, 8, 12]),
    horizon=st.sampled_from([6, 12, 24]),
)
def test_the_bounded_hours_search_never_skips_the_smallest_change_that_works(path, hours, horizon):
    """Where planning again at every value finds the fewest extra hours that bring an entry
    in, the bounded search (jumping by the hours a plan made again says it is short of)
    finds the same number; and what it offers, applied and planned again, brings it in."""
    ctx = make_context(person(path, hours_per_month=hours, horizon_months=horizon), CATALOGUE)
    sel = select(ctx)
    for oid, why in list(sel.rejected.items()):
        opp = CATALOGUE.opportunities[oid]
        now = as_now(why, sel, ctx, oid)
        if now.kind not in (Kept.HOURS, Kept.MONTHS) or shape_of(opp, ctx).shape == (
            "qualification"
        ):
            continue
        bounds = whatif.hours_bounds(opp, sel, ctx)
        if isinstance(bounds, Change):
            continue
        got = whatif._hours_search(opp, sel, ctx, *bounds)
        ref = _reference(opp, sel, ctx, *bounds)
        if ref.kind == ChangeKind.MORE_HOURS:
            assert (got.kind, got.hours) == (ref.kind, ref.hours), (oid, got, ref)
        if got.kind == ChangeKind.MORE_HOURS:
            again = select(whatif.widened(ctx, got, opp))
            assert oid in {c.opp.id for c in again.chosen}, (oid, got)
