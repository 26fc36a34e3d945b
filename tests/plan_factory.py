"""Hand-made plans for tests, built from real catalogue entries (no plan engine needed)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from careerplan.model.catalogue import Catalogue
from careerplan.model.plan import HistoryEntry, Plan, PlanItem, Priority, Source, Totals
from careerplan.model.profile import Profile
from careerplan.store.catalogue import load_catalogue

LABELS = {1: "First months", 2: "The main year", 3: "Looking ahead"}


@cache
def catalogue() -> Catalogue:
    return load_catalogue()


def profile(
    name: str | None = "Dr A Example",
    *,
    ratings=None,
    support=(),
    levy=False,
    goals=("peer-support", "board-effectiveness"),
    role="medical-director",
    years=0.5,
    assessed_on=dt.date(2026, 11, 26),
    hours=6,
    budget=1500,
    start=dt.date(2027, 1, 4),
) -> Profile:
    data = dict(
        version=1,
        assessed_on=assessed_on,
        role=role,
        years_in_role=years,
        organisation="nhs-trust",
        goals=list(goals),
        ratings=dict(ratings or {"finance": 1, "board-skills": 2}),
        support_in_place=list(support),
        constraints=dict(
            hours_per_month=hours,
            budget_gbp=budget,
            apprenticeship_levy=levy,
            horizon_months=12,
            start=start,
        ),
    )
    if name:
        data["name"] = name
    return Profile.model_validate(
        data, context={"vocabularies": catalogue().vocab.ids(), "today": dt.date.max}
    )


def item(
    opp_id: str,
    *,
    phase=1,
    start=dt.date(2027, 1, 4),
    target=None,
    status="proposed",
    status_date=None,
    history=(),
    cost=None,
    hours=None,
    funding=None,
) -> PlanItem:
    o = catalogue().opportunities[opp_id]
    return PlanItem(
        id=o.id,
        title=o.title,
        kind=o.kind,
        provider=o.provider,
        url=o.url,
        phase=phase,
        phase_label=LABELS[phase],
        start=start,
        target_date=target or start + dt.timedelta(days=90),
        hours=o.total_hours if hours is None else hours,
        hours_basis=o.time.basis,
        cost=(o.counted_cost if o.cost_is_band else o.cost) if cost is None else cost,
        funding=list(o.funding) if funding is None else funding,
        areas=list(o.areas),
        goals=list(o.goals)[:1],
        reasons=[f"Test item: builds {', '.join(o.areas)}."],
        action=o.action or "A first step.",
        evidence=o.evidence,
        source=o.source,
        status=status,
        status_date=status_date,
        history=[HistoryEntry(on=on, status=s, note=n) for on, s, n in history],
    )


def plan(
    person: Profile,
    items: list[PlanItem],
    *,
    priorities=(),
    mentor=None,
    generated_on=dt.date(2026, 11, 26),
) -> Plan:
    hours = sum(i.hours for i in items if not isinstance(i.hours, str))
    cost = sum(i.cost for i in items if not isinstance(i.cost, str))
    c = person.constraints
    return Plan(
        generated_on=generated_on,
        generator="careerplan tests (hand-made)",
        profile=person,
        stage="new-md",
        start=person.start,
        end=person.start + dt.timedelta(days=361),
        horizon_months=c.horizon_months,
        priorities=[
            Priority(
                area=a,
                label=a,
                rating=person.ratings.get(a),
                weight=w,
                need=(4 - person.ratings.get(a, 2)) * w,
                why="test",
            )
            for a, w in priorities
        ],
        items=items,
        totals=Totals(
            hours=hours,
            hours_available=c.hours_per_month * c.horizon_months,
            cost=cost,
            budget=c.budget_gbp,
            cost_unknown=[i.id for i in items if i.cost == "unknown"],
        ),
        reviews=[person.start + dt.timedelta(days=91 * k) for k in (1, 2, 3)],
        sources=[Source(title="report", publisher="NHS Confederation")],
        mentor=mentor,
    )


def repeats_support(item, profile, catalogue) -> bool:
    """Whether a plan item repeats support the person already has: where the entry says what
    support it is (`provides_support`), only the same type at the same (local) scope;
    otherwise any kind that support covers (advice.yaml)."""
    provides = catalogue.get(item.id).provides_support
    if provides is not None:
        return provides.type in profile.support_in_place and provides.scope == "local"
    covered = {k for s in profile.support_in_place for k in catalogue.advice.support_rule(s).covers}
    return item.kind in covered
