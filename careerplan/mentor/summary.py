"""What a directorate needs, from many people's plans (pure): a business case in figures.

- Areas of greatest need: for each area, how many people rate themselves in the lower
  half of the scale (1 Not yet, 2 Developing), the spread of ratings (the heat map), and
  the total need: the sum of each plan's priority `need`, (top of the scale - rating) x
  weight, over the plans that have the area among their priorities (a plan lists its
  top few areas only, so an area outside them adds 0 for that person whatever the
  rating). Sorted by total need, greatest first.
- Demand per opportunity: how many plans include it (not dropped, not complete), with
  advice where enough people want the same thing (a group booking, an in-house cohort).
- Hours and cost by NHS financial-year quarter (April to March), each item counted in
  the quarter it starts; known costs summed, cost bands as a range, unknowns counted.
- What the apprenticeship levy could fund: items with a route of the levy kind.
- People without peer support (a peer group or action learning set) or a mentor.
- How others' ratings differ from people's own, per area (plans made with raters'
  feedback): how many over-rate themselves (others see a blind spot) and under-rate
  themselves (others see a hidden strength). Only areas where at least three people have
  others' ratings are shown, so no one's gap can be told apart.

Individual ratings and names appear only when `named` is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from careerplan import wording
from careerplan.model.advice import Advice
from careerplan.model.assessment import Vocabularies
from careerplan.model.plan import Plan, PlanItem


@dataclass(frozen=True)
class Money:
    """Known pounds, plus a band range, plus how many items have no price."""

    known: float = 0.0
    band_low: float = 0.0
    band_high: float | None = 0.0  # None: a band with no upper limit
    unknown: int = 0

    def add(self, cost: float | str, bands: Mapping[str, tuple[float, float | None]]) -> Money:
        if isinstance(cost, (int, float)):
            return Money(self.known + cost, self.band_low, self.band_high, self.unknown)
        if cost in bands:
            low, high = bands[cost]
            top = None if self.band_high is None or high is None else self.band_high + high
            return Money(self.known, self.band_low + low, top, self.unknown)
        return Money(self.known, self.band_low, self.band_high, self.unknown + 1)

    def text(self) -> str:
        parts = []
        if self.known or not (self.band_low or self.band_high or self.unknown):
            parts.append(wording.money(self.known))
        if self.band_low or self.band_high:
            high = "no upper limit" if self.band_high is None else wording.money(self.band_high)
            parts.append(f"{wording.money(self.band_low)}-{high} (price bands)")
        if self.unknown:
            parts.append(f"{self.unknown} unknown")
        return " + ".join(parts)

    def sentence(self) -> str:
        """The same in words, e.g. '£2,400 known, and 3 items of unknown cost'."""
        parts = [f"{wording.money(self.known)} known"]
        if self.band_low or self.band_high:
            high = "no upper limit" if self.band_high is None else wording.money(self.band_high)
            parts.append(f"{wording.money(self.band_low)} to {high} for items priced in bands")
        if self.unknown:
            parts.append(f"{wording.plural(self.unknown, 'item')} of unknown cost")
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


@dataclass(frozen=True)
class AreaNeed:
    area: str
    label: str
    counts: dict[int, int]  # rating -> people
    unrated: int
    need: float

    @property
    def low(self) -> int:
        return sum(self.counts[r] for r in self.low_levels)

    @property
    def low_levels(self) -> list[int]:
        """The lower half of the assessment's rating scale (1 and 2 when its top is 4)."""
        return sorted(self.counts)[: len(self.counts) // 2]

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        return (sum(r * n for r, n in self.counts.items()) / self.rated) if self.rated else None


@dataclass(frozen=True)
class Demand:
    id: str
    title: str
    kind: str
    people: list[str]
    hours_each: float | str
    cost: Money
    advice: str | None

    @property
    def count(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class Quarter:
    label: str
    start: dt.date
    items: int
    hours: float
    hours_unknown: int
    cost: Money


@dataclass(frozen=True)
class Person:
    name: str
    ratings: dict[str, int]
    has_peer_support: bool
    has_mentor: bool
    levy: bool
    plans_peer_support: bool = False  # the plan has a peer group or action learning set
    plans_mentor: bool = False  # the plan has mentoring


@dataclass(frozen=True)
class RatingGap:
    """How one area's self-ratings compare with others' across a directorate."""

    area: str
    label: str
    people: int  # with both their own rating and others'
    over: int  # rate themselves higher than others do (a blind spot)
    under: int  # rate themselves lower than others do (a hidden strength)
    mean_gap: float  # own minus others, on average


GAP_MIN_PEOPLE = 3
"""The fewest people whose gaps in an area are shown together."""


def rating_gaps(plans: list[tuple[str, Plan]], vocab: Vocabularies) -> list[RatingGap]:
    """Areas people most over- or under-rate, from plans with others' ratings; most over-
    rated first."""
    out = []
    for term in vocab.areas:
        seen = [
            a
            for _, plan in plans
            if plan.feedback is not None
            for a in plan.feedback.areas
            if a.area == term.id and a.own is not None
        ]
        if len(seen) < GAP_MIN_PEOPLE:
            continue
        gap = round(sum((a.own or 0) - a.others for a in seen) / len(seen), 1)
        over = sum(1 for a in seen if a.view == "blind-spot")
        under = sum(1 for a in seen if a.view == "hidden-strength")
        out.append(RatingGap(term.id, term.label, len(seen), over, under, gap))
    return sorted(out, key=lambda g: (-g.mean_gap, g.area))


@dataclass
class Summary:
    people: list[Person]
    areas: list[AreaNeed]  # greatest need first
    demand: list[Demand]  # most wanted first
    quarters: list[Quarter]
    levy_items: list[Demand]
    levy_cost: Money
    levy_people_with_access: int
    total_hours: float
    total_cost: Money
    items: int
    named: bool
    left_out: list[str] = field(default_factory=list)  # files that could not be read
    scale: dict[int, str] = field(default_factory=dict)  # rating level -> label
    gaps: list[RatingGap] = field(default_factory=list)  # self against others, by area

    @property
    def without_peer_support(self) -> list[Person]:
        return [p for p in self.people if not p.has_peer_support]

    @property
    def without_mentor(self) -> list[Person]:
        return [p for p in self.people if not p.has_mentor]

    @property
    def without_either(self) -> list[Person]:
        return [p for p in self.people if not p.has_mentor and not p.has_peer_support]


def financial_quarter(day: dt.date) -> tuple[str, dt.date]:
    """NHS financial-year quarter of `day`: ('2027/28 Q1 (Apr-Jun 2027)', 2027-04-01)."""
    fy = day.year if day.month >= 4 else day.year - 1
    q = ((day.month - 4) % 12) // 3 + 1
    start_month = (q - 1) * 3 + 4
    year = fy if start_month <= 12 else fy + 1
    start_month = start_month if start_month <= 12 else start_month - 12
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    span = f"{months[start_month - 1]}-{months[start_month + 1]} {year}"
    return f"{fy}/{str(fy + 1)[-2:]} Q{q} ({span})", dt.date(year, start_month, 1)


def _live(plan: Plan) -> list[PlanItem]:
    """Items still to be funded: not dropped, not already complete."""
    return [i for i in plan.items if i.status not in ("dropped", "complete")]


def _display_names(plans: list[tuple[str, Plan]]) -> list[str]:
    names = []
    for source, plan in plans:
        name = plan.profile.name or source
        if name in names:
            name = f"{name} ({source})"
        names.append(name)
    return names


def peer_kinds(advice: Advice) -> frozenset[str]:
    """Kinds of opportunity that are peer support (advice.yaml: summary.peer_family)."""
    return frozenset(k.kind for k in advice.kinds if k.family == advice.summary.peer_family)


def peer_support(advice: Advice) -> frozenset[str]:
    """Support in place that is peer support: it covers a peer kind (advice.yaml)."""
    kinds = peer_kinds(advice)
    return frozenset(rule.support for rule in advice.support if set(rule.covers) & kinds)


def _people(names: list[str], plans: list[tuple[str, Plan]], advice: Advice) -> list[Person]:
    peer_in_place, peer_planned = peer_support(advice), peer_kinds(advice)
    people = []
    for name, (_, plan) in zip(names, plans, strict=True):
        support = set(plan.profile.support_in_place)
        people.append(
            Person(
                name=name,
                ratings=dict(plan.profile.ratings),
                has_peer_support=bool(support & peer_in_place),
                # plan.mentor is who the plan was agreed with, not a mentor
                has_mentor="mentor" in support,
                levy=plan.profile.constraints.apprenticeship_levy,
                plans_peer_support=any(i.kind in peer_planned for i in _live(plan)),
                plans_mentor=any(i.kind == "mentoring" for i in _live(plan)),
            )
        )
    return people


def summarise(
    plans: list[tuple[str, Plan]],
    vocab: Vocabularies,
    *,
    advice: Advice,
    scale: dict[int, str],
    levy_routes: frozenset[str],
    named: bool = False,
    left_out: list[str] | None = None,
) -> Summary:
    """Aggregate plans (each with the file it came from) for a directorate; `scale` is
    the rating scale (the assessment's, level -> label), `advice` what to suggest
    (advice.yaml), `levy_routes` the ids of the apprenticeship-levy funding routes
    (funding.yaml)."""
    bands = {b.id: (b.min_gbp, b.max_gbp) for b in vocab.cost_bands}
    names = _display_names(plans)
    people = _people(names, plans, advice)

    areas = []
    for term in vocab.areas:
        counts = dict.fromkeys(sorted(scale), 0)
        unrated = 0
        need = 0.0
        for _, plan in plans:
            rating = plan.profile.ratings.get(term.id)
            if rating is None:
                unrated += 1
            else:
                counts[rating] += 1
            need += sum(p.need for p in plan.priorities if p.area == term.id)
        areas.append(AreaNeed(term.id, term.label, counts, unrated, round(need, 2)))
    # greatest total need first; then most people rating 1-2, lowest mean rating, id
    areas.sort(key=lambda a: (-a.need, -a.low, a.mean if a.mean is not None else 5, a.area))

    wanted: dict[str, list[tuple[str, PlanItem]]] = {}
    for name, (_, plan) in zip(names, plans, strict=True):
        for item in _live(plan):
            wanted.setdefault(item.id, []).append((name, item))
    demand = []
    for item_id, rows in wanted.items():
        first = rows[0][1]
        money = Money()
        for _, item in rows:
            money = money.add(item.cost, bands)
        cohort = advice.summary
        suggestion = (
            cohort.cohort_advice.get(first.kind) if len(rows) >= cohort.cohort_min_people else None
        )
        demand.append(
            Demand(
                item_id,
                first.title,
                first.kind,
                [n for n, _ in rows],
                "unknown" if first.own_hours is None else first.own_hours,
                money,
                suggestion,
            )
        )
    demand.sort(key=lambda d: (-d.count, d.title))

    quarters: dict[str, dict] = {}
    total_hours = 0.0
    total_cost = Money()
    n_items = 0
    for _, plan in plans:
        for item in _live(plan):
            label, start = financial_quarter(item.start)
            q = quarters.setdefault(
                label, {"start": start, "items": 0, "hours": 0.0, "unknown": 0, "cost": Money()}
            )
            q["items"] += 1
            n_items += 1
            hours = item.own_hours  # the figure plan and status give (study leave apart)
            if hours is None:
                q["unknown"] += 1
            else:
                q["hours"] += hours
                total_hours += hours
            q["cost"] = q["cost"].add(item.cost, bands)
            total_cost = total_cost.add(item.cost, bands)
    quarter_list = sorted(
        (
            Quarter(label, q["start"], q["items"], q["hours"], q["unknown"], q["cost"])
            for label, q in quarters.items()
        ),
        key=lambda q: q.start,
    )

    levy_items = [d for d in demand if _funding(plans, d.id) & levy_routes]
    levy_cost = Money()
    for d in levy_items:
        levy_cost = Money(
            levy_cost.known + d.cost.known,
            levy_cost.band_low + d.cost.band_low,
            None
            if levy_cost.band_high is None or d.cost.band_high is None
            else levy_cost.band_high + d.cost.band_high,
            levy_cost.unknown + d.cost.unknown,
        )
    levy_people = {n for d in levy_items for n in d.people}
    with_access = sum(1 for p in people if p.name in levy_people and p.levy)

    return Summary(
        people=people,
        areas=areas,
        demand=demand,
        quarters=quarter_list,
        levy_items=levy_items,
        levy_cost=levy_cost,
        levy_people_with_access=with_access,
        total_hours=total_hours,
        total_cost=total_cost,
        items=n_items,
        named=named,
        left_out=list(left_out or []),
        scale=dict(scale),
        gaps=rating_gaps(plans, vocab),
    )


def _funding(plans: list[tuple[str, Plan]], item_id: str) -> set[str]:
    routes: set[str] = set()
    for _, plan in plans:
        for item in plan.items:
            if item.id == item_id:
                routes.update(item.funding)
    return routes
