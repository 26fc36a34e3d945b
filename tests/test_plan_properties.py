"""Properties over random valid profiles: no crash, limits always hold, every item is
explained, and every big priority is covered or said to be unmet."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_factory import repeats_support

from careerplan.engine import calendar
from careerplan.engine.planner import build_plan
from careerplan.render.plan_terminal import plan_view
from careerplan.store.catalogue import load_catalogue
from careerplan.store.planfile import plan_json
from careerplan.store.profiles import validate_profile
from careerplan.store.yamlio import YamlDoc

TODAY = dt.date(2026, 12, 3)
CATALOGUE = load_catalogue(today=TODAY)
IDS = CATALOGUE.vocab.ids()
THRESHOLD = CATALOGUE.weights.scoring.unmet_threshold

# The budget rules are also tried against an organisation's folder of priced entries: known
# prices, bands {min, max}, levy and NHS England funded routes.
PRICED_DIR = Path(tempfile.mkdtemp(prefix="careerplan-priced-"))
PRICES = [
    (300, "[employer]"),
    (1200, "[employer, self]"),
    ("{min: 500, max: 2000}", "[employer]"),
    ("{min: 2000, max: 10000}", "[apprenticeship-levy, employer]"),
    ("{min: 10000, max: 20000}", "[employer]"),
    (4000, "[nhs-england-funded]"),
    ("{min: 0, max: 500}", "[self]"),
    (8000, "[apprenticeship-levy]"),
]
(PRICED_DIR / "priced.yaml").write_text(
    "version: 1\nopportunities:\n"
    + "".join(
        f"""  - id: priced-{n}
    title: Priced programme {n}
    kind: {("programme", "course", "qualification", "coaching")[n % 4]}
    provider: Test provider
    summary: A priced test entry.
    stages: [{", ".join(IDS["stages"][n % 6 :] + IDS["stages"][: n % 6][:2])}]
    areas: {{{IDS["areas"][n * 2 % 16]}: 3, {IDS["areas"][(n * 2 + 1) % 16]}: 2}}
    goals: [{IDS["goals"][n % 12]}, {IDS["goals"][(n + 5) % 12]}]
    format: online
    time: {{shape: once, hours: {6 + 4 * n}, basis: estimate}}
    cost: {cost}
    cost_basis: published
    price_source: {{title: Test price list, url: "https://example.org/prices"}}
    price_checked: 2026-11-01
    price_for: 2026/27
    funding: {funding}
    evidence: A certificate.
    source: Test
    last_reviewed: 2026-11-01
"""
        for n, (cost, funding) in enumerate(PRICES)
    )
)
PRICED = load_catalogue([PRICED_DIR], today=TODAY)


@st.composite
def profiles(draw):
    areas = IDS["areas"]
    rated = draw(st.lists(st.sampled_from(areas), unique=True, max_size=len(areas)))
    data = {
        "version": 1,
        "assessed_on": draw(st.dates(dt.date(2025, 1, 1), TODAY)).isoformat(),
        "role": draw(st.sampled_from(IDS["roles"])),
        "years_in_role": draw(st.sampled_from([0, 0.25, 0.5, 0.9, 1, 2, 4.9, 5, 8, 20])),
        "organisation": draw(st.sampled_from(IDS["organisations"])),
        "clinical_days_per_week": draw(st.sampled_from([0, 0.5, 1, 2, 3, 4.5, 5])),
        "goals": draw(st.lists(st.sampled_from(IDS["goals"]), unique=True, min_size=1, max_size=3)),
        "ratings": {a: draw(st.integers(1, 4)) for a in rated},
        "priority_areas": draw(st.lists(st.sampled_from(areas), unique=True, max_size=3)),
        "support_in_place": draw(st.lists(st.sampled_from(IDS["support"]), unique=True)),
        "preferences": {"formats": draw(st.lists(st.sampled_from(IDS["formats"]), unique=True))},
        "constraints": {
            "hours_per_month": draw(st.sampled_from([0, 0.5, 1, 2, 3.5, 6, 10, 25, 80])),
            "budget_gbp": draw(st.sampled_from([0, 100, 1500, 10_000, 100_000])),
            "apprenticeship_levy": draw(st.booleans()),
            "study_leave_days": draw(st.sampled_from([0, 2, 10, 30])),
            "horizon_months": draw(st.sampled_from([1, 2, 3, 6, 12, 18, 24, 36, 60])),
            "start": draw(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))).isoformat(),
        },
    }
    return validate_profile(data, YamlDoc("random.yaml", data), IDS, TODAY)


def month_of(plan, day):
    return calendar.month_of(plan.start, day, plan.horizon_months)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_constraints_always_hold(profile):
    plan = build_plan(profile, CATALOGUE, today=TODAY)
    c = profile.constraints
    personal = sum(i.personal_hours or 0 for i in plan.items)
    assert personal <= c.hours_per_month * c.horizon_months + 1e-6
    load = [0.0] * c.horizon_months
    leave = [0.0] * ((c.horizon_months + 11) // 12)
    for item in plan.items:
        assert plan.start <= item.start <= item.target_date <= plan.end
        a, b = month_of(plan, item.start), month_of(plan, item.target_date)
        for m in range(a, b + 1):
            load[m] += item.hours_per_month or 0.0
        if item.time_shape == "block":  # a block of study leave sits in one month
            assert a == b, item.id
            leave[a // 12] += item.leave_days or 0
        else:
            for m in range(a, b + 1):
                leave[m // 12] += (item.leave_days or 0) / (b - a + 1)
        if c.budget_gbp == 0:  # at £0 no paid item, and no item of unknown price
            assert item.cost_route in ("free", "central", "employer"), item.id
        opp = CATALOGUE.opportunities[item.id]
        assert plan.stage in opp.stages
        for pre in opp.prerequisites:
            assert any(i.id == pre and i.start < item.start for i in plan.items)
        assert item.reasons and item.action and item.evidence
    assert max(load, default=0) <= c.hours_per_month + 1e-6
    for y, days in enumerate(leave):  # within study leave, year by year (a part year pro rata)
        assert days <= c.study_leave_days * min(12, c.horizon_months - 12 * y) / 12 + 1e-6
    assert sum(i.cost_counted or 0 for i in plan.items) <= c.budget_gbp + 1e-6
    assert len(plan.items) <= CATALOGUE.weights.scoring.max_items_cap
    if c.horizon_months <= 12:
        assert len(plan.items) <= CATALOGUE.weights.scoring.max_items
    # Support in place rules out only the same support at the same (local) scope.
    assert not [i for i in plan.items if repeats_support(i, profile, CATALOGUE)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_budget_holds_with_priced_entries(profile):
    plan = build_plan(profile, PRICED, today=TODAY)
    c = profile.constraints
    counted = 0.0
    for item in plan.items:
        opp = PRICED.opportunities[item.id]
        if "nhs-england-funded" in opp.funding or "free" in opp.funding or opp.cost in (0, "free"):
            assert item.cost_counted == 0
        elif item.cost_counted == 0:
            # Free only by a free or central route in funding.yaml (one open to this person,
            # such as the NHS coaching register for an NHS doctor), or a funded qualification.
            kinds = {PRICED.funding.get(r).kind for r in opp.funding if PRICED.funding.get(r)}
            employer = opp.kind == "qualification" and "employer" in kinds
            assert kinds & {"free", "central"} or employer, (item.id, opp.funding)
        elif opp.cost == "unknown":
            assert item.cost_counted is None and item.id in plan.totals.cost_unknown
        else:  # a price, or a band counted at its upper end
            assert item.cost_counted == opp.counted_cost
        counted += item.cost_counted or 0
    assert counted <= c.budget_gbp + 1e-6
    assert plan.totals.cost == round(counted, 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_big_priorities_are_covered_or_explained(profile):
    plan = build_plan(profile, CATALOGUE, today=TODAY)
    built = {a for i in plan.items for a in i.areas}
    unmet = {u.area for u in plan.unmet}
    for p in plan.priorities:
        if p.need >= THRESHOLD:
            assert p.area in built or p.area in unmet, (p.area, p.need)
    for u in plan.unmet:
        assert u.message


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_deterministic_and_renderable(profile):
    from rich.console import Console

    a = build_plan(profile, CATALOGUE, today=TODAY)
    b = build_plan(profile, CATALOGUE, today=TODAY)
    assert plan_json(a) == plan_json(b)
    console = Console(width=80, no_color=True, record=True, file=io.StringIO())
    scale = {level.value: level.label for level in CATALOGUE.assessment.scale}
    console.print(plan_view(a, CATALOGUE.vocab, scale_labels=scale, phase_help={}, width=80))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_the_first_goal_is_served_whenever_the_catalogue_can(profile):
    """If an entry serving the first goal is open to the person, worth a place, and fits
    the limits on its own, the plan serves the first goal."""
    from careerplan.engine.context import make_context
    from careerplan.engine.reasons import Rejection
    from careerplan.engine.score import State, exclusion, score
    from careerplan.engine.select import attempt

    plan = build_plan(profile, CATALOGUE, today=TODAY)
    ctx = make_context(plan.profile, CATALOGUE)
    goal = profile.goals[0]
    can = any(
        goal in o.goals
        and exclusion(o, ctx) is None
        and score(o, ctx).total >= ctx.k.min_score
        and not isinstance(attempt(o, ctx, State(), [], "first-goal", False), Rejection)
        for o in CATALOGUE.opportunities.values()
    )
    if can:
        assert any(goal in i.goals for i in plan.items)
    else:
        assert any(goal in i.goals for i in plan.items) or any(
            n.source == "Your first goal" for n in plan.notes
        )
