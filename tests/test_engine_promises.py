"""Promises the engine makes about a plan, checked over real catalogue entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_engine import TODAY, profile

from careerplan.engine.context import make_context
from careerplan.engine.planner import Overrides, build_plan
from careerplan.engine.reasons import Out
from careerplan.engine.score import exclusion, one_per_family
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile

PERSONAS = Path(__file__).parent / "personas"
SPREAD = {
    a: 1
    for a in (
        "finance",
        "system-partnership",
        "compassionate-leadership",
        "quality-safety",
        "quality-improvement",
        "medical-workforce",
        "strategy-vision",
        "career-landscape",
    )
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(today=TODAY)


def _new_md_no_budget(catalogue):
    return profile(
        catalogue,
        years_in_role=0.33,
        ratings={},
        priority_areas=[],
        constraints={"hours_per_month": 6, "budget_gbp": 0},
    )


def _independent_cd(catalogue, goals=("excel-in-role", "board-effectiveness")):
    return profile(
        catalogue,
        role="clinical-director",
        organisation="independent",
        years_in_role=2,
        goals=list(goals),
        ratings=SPREAD,
        priority_areas=[],
        constraints={"hours_per_month": 8},
    )


def _profiles(catalogue):
    yield _new_md_no_budget(catalogue)
    yield _independent_cd(catalogue)
    yield _independent_cd(catalogue, ("step-up-to-md", "system-leadership"))
    yield profile(catalogue, goals=["board-effectiveness", "peer-support"], ratings={})
    for path in sorted(PERSONAS.glob("*.yaml")):
        yield load_profile(path, catalogue.vocab.ids(), TODAY)


def _one_kind_twice(plan):
    """Kinds the plan holds twice at the same time; a step continuing a programme of work in
    the plan (a further rung of a ladder, the next step of the directorate's work) is
    progress, not a second item of its kind, and one that starts after the other has ended
    (a later year's stretch role) is one at a time."""
    kinds: dict[str, list] = {}
    for item in plan.items:
        if item.follows is None:
            kinds.setdefault(item.kind, []).append(item)
    return {
        kind: [i.id for i in items]
        for kind, items in kinds.items()
        if any(
            a.start <= b.target_date and b.start <= a.target_date
            for n, a in enumerate(items)
            for b in items[n + 1 :]
        )
    }


def test_never_two_of_one_kind_that_takes_one(catalogue):
    """'Never two of one kind' (two action learning sets): for kinds whose family takes one
    item, unless both were asked for with --include. The new medical director at £0 got
    the MD and the board action learning sets (one as the first goal's, one as the top
    priority's anchor)."""
    for p in _profiles(catalogue):
        ctx = make_context(p, catalogue)
        plan = build_plan(p, catalogue, today=TODAY, what_if_hours=False)
        once = {
            kind: ids
            for kind, ids in _one_kind_twice(plan).items()
            if one_per_family(catalogue.opportunities[ids[0]], ctx)
        }
        assert not once, (p.role, p.goals, once)


def test_an_included_item_keeps_its_kind_to_itself(catalogue):
    p = _new_md_no_budget(catalogue)
    plan = build_plan(
        p,
        catalogue,
        today=TODAY,
        what_if_hours=False,
        overrides=Overrides(include=("board-action-learning-set",)),
    )
    sets = [i.id for i in plan.items if i.kind == "action-learning-set"]
    assert sets == ["board-action-learning-set"]


def test_not_covered_never_says_a_good_score_adds_little(catalogue):
    """An entry scoring at least the score a place needs is not 'below' it: the sentence
    says what kept it out (here: the plan already has one of its family)."""
    said = []
    for p in _profiles(catalogue):
        plan = build_plan(p, catalogue, today=TODAY, what_if_hours=False)
        for u in plan.unmet:
            said.append(u.message)
            m = re.search(r"adds little \(score ([\d.]+), below the ([\d.]+)", u.message)
            if m:
                assert float(m.group(1)) < float(m.group(2)), u.message
    # Programmes of work (programmes.yaml) now bring in the further steps that one of its
    # family used to crowd out, so no profile here meets that case any more: the check
    # above still ran on every 'not covered' message.
    assert said


def test_an_included_item_that_cannot_fit_says_the_hours_really_left(catalogue):
    p = load_profile(PERSONAS / "experienced-md-chief-executive.yaml", catalogue.vocab.ids(), TODAY)
    plan = build_plan(
        p,
        catalogue,
        today=TODAY,
        what_if_hours=False,
        overrides=Overrides(include=("healthcare-leadership-masters",)),
    )
    assert "healthcare-leadership-masters" not in {i.id for i in plan.items}
    note = next(n.text for n in plan.notes if n.kind == "steer")
    m = re.search(r"the plan has ([\d.]+) of its ([\d.]+) hours left", note)
    assert m, note
    left, capacity = float(m.group(1)), float(m.group(2))
    assert capacity == plan.totals.hours_available
    assert left == pytest.approx(capacity - plan.totals.hours, abs=0.01), note


def test_the_nhs_coaching_register_is_for_nhs_staff(catalogue):
    cd = _independent_cd(catalogue)
    why = exclusion(catalogue.opportunities["nhs-coaching-register"], make_context(cd, catalogue))
    # Its only route, the NHS coaching register, is open only to NHS organisations.
    assert why is not None and why.kind == Out.NOT_OPEN and why.closed == "nhs-only"
    plan = build_plan(cd, catalogue, today=TODAY, what_if_hours=False)
    assert "nhs-coaching-register" not in {i.id for i in plan.items}


def test_a_qualification_too_big_for_the_plan_is_named_with_what_would_change_it(catalogue):
    """The master's needs far more hours than a two-year plan of 10 a month has: it is not
    silently absent but left out, and what would change it is found by planning again with
    more protected study time, never said without that check (issue 18: the old advice was
    false in every case tried)."""
    p = load_profile(PERSONAS / "experienced-md-chief-executive.yaml", catalogue.vocab.ids(), TODAY)
    plan = build_plan(p, catalogue, today=TODAY)
    row = next(x for x in plan.left_out if x.id == "healthcare-leadership-masters")
    assert row.reason == "hours" and row.more_hours is None
    if row.change == "protected-time":
        assert row.protected_hours
        hours = row.protected_hours
        more = p.model_copy(
            update={
                "constraints": p.constraints.model_copy(
                    update={
                        "protected_study_hours_per_month": hours,
                        "budget_gbp": p.constraints.budget_gbp + (row.more_budget or 0),
                    }
                )
            }
        )
        # The advice is checked asking for it (a lower rung may otherwise come first).
        assert row.include
        asked = Overrides(include=(row.id,))
        again = build_plan(more, catalogue, today=TODAY, what_if_hours=False, overrides=asked)
        assert "healthcare-leadership-masters" in {i.id for i in again.items}
    elif row.change == "study-load":
        # beyond the protected time employers usually release: what it takes, typed
        assert row.study_hours and row.study_months and row.protected_hours is None
    else:
        assert row.change == "nothing-small"
        assert "protected study time" in row.message


def test_protected_study_time_lets_a_masters_fit_a_two_year_plan(catalogue):
    """With the employer paying and protecting study time in work time, a part-time master's
    takes only study leave and the rest of its private study from the person's own hours:
    asked for, it fits a 24-month plan within every monthly limit. Without protected time
    the same request does not fit."""
    base = load_profile(
        PERSONAS / "experienced-md-chief-executive.yaml", catalogue.vocab.ids(), TODAY
    )
    constraints = base.constraints.model_copy(
        update={
            "employer_funds_qualification": "yes",
            "protected_study_hours_per_month": 70,
            "study_leave_days": 15,
            "horizon_months": 24,
        }
    )
    protected = base.model_copy(update={"constraints": constraints})
    ask = Overrides(include=("healthcare-leadership-masters",))
    plan = build_plan(protected, catalogue, today=TODAY, what_if_hours=False, overrides=ask)
    masters = next(i for i in plan.items if i.id == "healthcare-leadership-masters")
    assert masters.time_shape == "qualification"
    assert (masters.hours_per_month or 0) <= constraints.hours_per_month
    assert plan.totals.hours <= plan.totals.hours_available + 1e-6
    unprotected = base.model_copy(
        update={
            "constraints": constraints.model_copy(update={"protected_study_hours_per_month": 0})
        }
    )
    without = build_plan(unprotected, catalogue, today=TODAY, what_if_hours=False, overrides=ask)
    assert "healthcare-leadership-masters" not in {i.id for i in without.items}


def test_first_months_support_is_for_the_first_months(catalogue):
    # The catalogue says who an entry is for; a plan made seven months in has no plan
    # "for your first months", and says why if it is asked for.
    from careerplan.engine.sentences import exclusion_text

    entry = catalogue.opportunities["new-md-first-months-support-plan"]
    assert entry.max_years_in_role == 0.5
    new = profile(catalogue, years_in_role=0.1)
    later = profile(catalogue, years_in_role=0.6)
    assert exclusion(entry, make_context(new, catalogue)) is None
    out = exclusion(entry, make_context(later, catalogue))
    assert out is not None and out.kind is Out.TIME_IN_POST
    assert exclusion_text(out, make_context(later, catalogue)) == (
        "it is for your first 6 months in post"
    )
    plan = build_plan(later, catalogue, today=TODAY)
    assert "new-md-first-months-support-plan" not in {i.id for i in plan.items}


def test_protected_clinical_time_is_not_offered_to_a_mostly_clinical_doctor(catalogue):
    from careerplan.engine.sentences import exclusion_text

    entry = catalogue.opportunities["protected-clinical-time-job-plan"]
    clinical = profile(catalogue, clinical_days_per_week=4)
    ctx = make_context(clinical, catalogue)
    out = exclusion(entry, ctx)
    assert out is not None and out.kind is Out.CLINICAL_DAYS
    assert exclusion_text(out, ctx) == "it is for leaders with at most 3 clinical days a week"
    assert (
        exclusion(entry, make_context(profile(catalogue, clinical_days_per_week=1), catalogue))
        is None
    )
