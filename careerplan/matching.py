"""Matching: a person's needs, each opportunity's score, and a balanced portfolio.

All pure functions of (profile, catalogue): no clock, no I/O, ties broken by id, so the
same input always gives the same plan.

    need(area)   = (4 - rating) x importance(area)                 (weights.yaml)
    score(opp)   = (needs met + goals served + stage fit + report recommendations
                    + format fit) x kind repeat x unknown-cost factor
    needs met    = sum over the opportunity's areas of need x the share of the area's
                   gap it closes, with diminishing returns for areas the plan already builds

`select` then picks greedily, highest score first, re-scoring after every pick so that the
plan spreads across needs and kinds, and keeps every constraint: total hours, hours in
each month, budget (levy, free and NHS England funded routes excepted), prerequisites.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from careerplan.advice import Recommendation, applies
from careerplan.opportunity import UNKNOWN, Band, Opportunity
from careerplan.placeholders import resolve
from careerplan.schedule import Task, Window, fit
from careerplan.wording import num as _num
from careerplan.yamlio import no_gc

if TYPE_CHECKING:
    from careerplan.catalogue import Catalogue
    from careerplan.profile import Profile

ORDINALS = ("first", "second", "third", "fourth", "fifth")
FREE_ROUTES = ("free", "nhs-england-funded")


@dataclass(frozen=True)
class Constants:
    """The named constants of `scoring:` in weights.yaml (these defaults fill any gap)."""

    need: float = 1.0
    area_decay: float = 0.6
    goal: float = 2.0
    goal_repeat: float = 0.6
    stage_only: float = 2.0
    stage_specific: float = 1.0
    stage_general: float = 0.5
    format_match: float = 0.5
    format_mismatch: float = 1.0
    kind_repeat: float = 0.5
    recommendation_repeat: float = 0.5
    unknown_cost: float = 0.9
    unknown_cost_no_budget: float = 0.7
    unknown_hours: float = 12
    min_score: float = 2.0
    fill_min_score: float = 1.0
    fill_below: float = 0.5
    max_items: float = 7
    max_items_per_extra_year: float = 2
    max_items_cap: float = 12
    priorities_shown: float = 5
    priority_min_need: float = 1.5
    unmet_threshold: float = 4.0
    covered: float = 2.0
    early_months: float = 3
    review_every_months: float = 3
    max_notes: float = 5
    max_extra_hours: float = 30
    left_out_min: float = 3.0

    @classmethod
    def of(cls, scoring: dict[str, float]) -> Constants:
        return cls(**{k: v for k, v in scoring.items() if k in SCORING_KEYS})


SCORING_KEYS = tuple(f.name for f in fields(Constants))


# ---------------------------------------------------------------------------------- needs


@dataclass(frozen=True)
class Need:
    """How much one development area matters to this person, with the arithmetic."""

    area: str
    label: str
    rating: int | None
    counted_rating: int
    importance: float
    need: float
    parts: tuple[tuple[str, float], ...]
    named: bool
    why: str


def needs(profile: Profile, catalogue: Catalogue, stage: str) -> dict[str, Need]:
    """need = (4 - rating) x importance for every area, in vocabulary order."""
    w = catalogue.weights
    vocab = catalogue.vocab
    scale = catalogue.assessment
    out: dict[str, Need] = {}
    for term in vocab.areas:
        area = term.id
        parts: list[tuple[str, float]] = [("for every area", w.base)]
        for i, goal in enumerate(profile.goals):
            weight = w.goals.get(goal, {}).get(area, 0.0)
            if weight:
                rank = w.goal_rank[min(i, len(w.goal_rank) - 1)]
                parts.append(
                    (
                        f"from your {ORDINALS[i]} goal, ‘{vocab.label('goals', goal)}’"
                        f" ({weight:g} × {rank:g})",
                        weight * rank,
                    )
                )
        stage_weight = w.stages.get(stage, {}).get(area, 0.0)
        if stage_weight:
            parts.append((f"as {_a(vocab.label('stages', stage).lower())}", stage_weight))
        named = area in profile.priority_areas
        if named:
            parts.append(("because you named it a priority", w.priority_bonus))
        importance = round(sum(v for _, v in parts), 2)
        rating = profile.ratings.get(area)
        counted = rating if rating is not None else w.unrated
        need = round((4 - counted) * importance, 2)
        if rating is None:
            rated = (
                f"You did not rate it, so it counts as {counted} of 4 "
                f"({scale.scale_label(counted)})"
            )
        else:
            rated = f"You rated it {rating} of 4 ({scale.scale_label(rating)})"
        if counted >= 4:
            why = f"{rated}: no gap to close, so its need is 0."
        else:
            gap = 4 - counted
            listed = " + ".join(f"{_num(v)} {words}" for words, v in parts)
            why = (
                f"{rated}, a gap of {gap}. Its weight for you is {listed} = "
                f"{_num(importance)}. Need = gap {gap} × weight {_num(importance)} = "
                f"{_num(need)}."
            )
        out[area] = Need(
            area, term.label, rating, counted, importance, need, tuple(parts), named, why
        )
    return out


def top_priorities(all_needs: dict[str, Need], k: Constants) -> list[Need]:
    """The areas that matter most (need > 0), plus every area the person named."""
    order = list(all_needs)
    ranked = sorted(
        (n for n in all_needs.values() if n.need >= k.priority_min_need),
        key=lambda n: (-n.need, order.index(n.area)),
    )
    shown = ranked[: int(k.priorities_shown)]
    for n in all_needs.values():
        if n.named and n not in shown:
            shown.append(n)
    return sorted(shown, key=lambda n: (-n.need, order.index(n.area)))


# -------------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """Everything scoring needs to know about the person, computed once."""

    profile: Profile
    catalogue: Catalogue
    stage: str
    k: Constants
    needs: dict[str, Need]
    priorities: list[Need]
    recommendations: list[Recommendation]
    covered: dict[str, str]  # kind -> the support in place that covers it
    horizon: int
    per_month: float
    budget: float
    levy: bool
    top: int
    already: tuple[Opportunity, ...] = ()  # in the plan before selection (carried forward)

    @property
    def capacity(self) -> float:
        return self.per_month * self.horizon

    def facts(self) -> dict:
        return person_facts(self.profile, self.stage, self.priorities)


def person_facts(profile: Profile, stage: str, priorities: list[Need]) -> dict:
    """The person as `advice.applies` sees them."""
    return {
        "stage": stage,
        "role": profile.role,
        "organisation": profile.organisation,
        "goals": list(profile.goals),
        "needs": [n.area for n in priorities if n.need > 0],
        "support": list(profile.support_in_place),
        "clinical_days": profile.clinical_days_per_week,
        "levy": profile.constraints.apprenticeship_levy,
    }


def make_context(
    profile: Profile,
    catalogue: Catalogue,
    *,
    top: int | None = None,
    already: tuple[Opportunity, ...] = (),
) -> Context:
    """`already`: opportunities the plan holds before selection (items carried forward
    from last year); they count towards diminishing returns as if chosen."""
    stage = catalogue.assessment.stage_for(profile.role, profile.years_in_role)
    k = Constants.of(catalogue.weights.scoring)
    all_needs = needs(profile, catalogue, stage)
    prios = top_priorities(all_needs, k)
    facts = person_facts(profile, stage, prios)
    recs = [r for r in catalogue.advice.recommendations if applies(r.when, facts)]
    covered: dict[str, str] = {}
    for support in profile.support_in_place:
        rule = catalogue.advice.support_rule(support)
        for kind in rule.covers if rule else ():
            covered.setdefault(kind, support)
    c = profile.constraints
    if top is None:  # a longer plan holds a few more items
        extra_years = max(0, (c.horizon_months - 1) // 12)
        top = int(min(k.max_items_cap, k.max_items + k.max_items_per_extra_year * extra_years))
    return Context(
        profile,
        catalogue,
        stage,
        k,
        all_needs,
        prios,
        recs,
        covered,
        c.horizon_months,
        float(c.hours_per_month),
        float(c.budget_gbp),
        bool(c.apprenticeship_levy),
        top,
        tuple(already),
    )


# -------------------------------------------------------------------------- hours and money


def planned_hours(opp: Opportunity, k: Constants) -> tuple[float, str]:
    """(hours to plan for, basis): 'source', 'estimate', or 'allowance' when unknown."""
    # Shim for the new `time` shapes (catalogue branch): total hours and their basis.
    return float(opp.time.total_hours), opp.time.basis


@dataclass(frozen=True)
class Money:
    counted: float | None  # pounds counted against the budget; None: cannot be checked
    route: str  # levy, free, nhs-england-funded, unknown, band, known, open-band
    note: str


def money(opp: Opportunity, ctx: Context) -> Money:
    vocab = ctx.catalogue.vocab
    if ctx.levy and "apprenticeship-levy" in opp.funding:
        price = "Cost unknown" if opp.cost == UNKNOWN else _price(opp.cost, ctx)
        return Money(
            0.0,
            "levy",
            f"{price}, which can be paid from your organisation's "
            "apprenticeship levy (you said it can fund you); confirm with your "
            "apprenticeship lead. Not counted against your budget.",
        )
    cost = opp.cost
    if "nhs-england-funded" in opp.funding:
        return Money(
            0.0,
            "nhs-england-funded",
            "Funded by NHS England: not counted against "
            "your budget; check eligibility with the provider.",
        )
    if "free" in opp.funding or cost == 0 or cost == "free":
        if cost in (0, "free"):
            note = "Free."
        elif cost == UNKNOWN:
            note = (
                "Free by at least one route (the provider publishes no price for "
                "others): check with the provider that the free route applies to you. "
                "Not counted against your budget."
            )
        else:
            note = (
                f"Free by at least one route ({_price(cost, ctx)} otherwise): check "
                "with the provider that the free route applies to you. Not counted "
                "against your budget."
            )
        return Money(0.0, "free", note)
    member = (
        " It may be included in your organisation's membership of the provider."
        if "membership" in opp.funding
        else ""
    )
    if cost == UNKNOWN:
        check = (
            "so ask whether your employer will fund it before committing"
            if ctx.budget <= 0
            else "so confirm it fits your budget before committing"
        )
        return Money(
            None,
            "unknown",
            f"Cost unknown: check with the provider. Not counted in the total, {check}." + member,
        )
    if isinstance(cost, Band):  # shim: a band {min, max} counts at its upper end
        return Money(
            float(cost.max),
            "band",
            f"£{cost.min:,.0f} to £{cost.max:,.0f}: counted as £{cost.max:,.0f}, the upper "
            "end, against your budget; check the real price with the provider." + member,
        )
    if isinstance(cost, str):
        try:
            band = next(b for b in vocab.cost_bands if b.id == cost)
        except StopIteration:
            return Money(
                None, "unknown", f"Cost band '{cost}' is not known: check with the provider."
            )
        if band.max_gbp is None:
            return Money(
                None,
                "open-band",
                f"{band.label}, with no upper figure: check the "
                "price with the provider; it cannot be checked against a budget." + member,
            )
        return Money(
            float(band.max_gbp),
            "band",
            f"{band.label}: counted as £{band.max_gbp:,.0f}, the upper end, against "
            "your budget; check the real price with the provider." + member,
        )
    return Money(float(cost), "known", f"£{cost:,.0f}, counted against your budget." + member)


def _price(cost: float | str | Band, ctx: Context) -> str:
    """'£1,200' or a cost band's label."""
    if isinstance(cost, Band):
        return f"£{cost.min:,.0f} to £{cost.max:,.0f}"
    if isinstance(cost, str):
        return ctx.catalogue.vocab.label("cost_bands", cost)
    return f"£{cost:,.0f}"


# ---------------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class AreaPart:
    area: str
    need: float
    strength: int
    depth: float  # below 1 for light items such as a short guide
    share: float  # of the area's gap this closes, after what the plan already does
    value: float
    already: bool  # the plan already builds this area


@dataclass(frozen=True)
class GoalPart:
    goal: str
    rank: int  # 0 for the first goal
    value: float
    repeat: int  # items already in the plan serving it


@dataclass(frozen=True)
class Score:
    opp: str
    total: float
    base: float
    areas: tuple[AreaPart, ...]
    goals: tuple[GoalPart, ...]
    stage: float
    stage_count: int  # how many stages the opportunity is made for
    format: float
    bonuses: tuple[tuple[Recommendation, float, int], ...]  # (rec, bonus, times used before)
    kind_factor: float
    kind_count: int  # similar items (same family of kinds) already in the plan
    cost_factor: float

    @property
    def needs_value(self) -> float:
        return sum(a.value for a in self.areas)

    @property
    def goals_value(self) -> float:
        return sum(g.value for g in self.goals)


@dataclass
class State:
    """What the plan holds so far: how far each area is built; families, goals and
    report recommendations already used."""

    coverage: dict[str, float] = field(default_factory=dict)
    families: dict[str, int] = field(default_factory=dict)
    goals: dict[str, int] = field(default_factory=dict)
    recs: dict[str, int] = field(default_factory=dict)

    def copy(self) -> State:
        return State(dict(self.coverage), dict(self.families), dict(self.goals), dict(self.recs))

    def add(self, opp: Opportunity, ctx: Context) -> None:
        depth = ctx.catalogue.advice.kind_plan(opp.kind).depth
        for area, strength in opp.areas.items():
            self.coverage[area] = self.coverage.get(area, 0) + strength * depth
        family = ctx.catalogue.advice.family(opp.kind)
        self.families[family] = self.families.get(family, 0) + 1
        for goal in opp.goals:
            self.goals[goal] = self.goals.get(goal, 0) + 1
        for rec in ctx.recommendations:
            if recommendation_fits(rec, opp):
                self.recs[rec.id] = self.recs.get(rec.id, 0) + 1


def _gain(k: Constants, before: float, add: float) -> float:
    """Share of an area's gap closed by `add` points of strength on top of `before`:
    (1 - d^x) / (1 - d^3), so strength 3 alone closes it and more counts less and less."""
    d = k.area_decay
    if not 0 < d < 1:
        return min(add, max(0.0, 3 - before)) / 3
    full = 1 - d**3
    return ((1 - d ** (before + add)) - (1 - d**before)) / full


def recommendation_fits(rec: Recommendation, opp: Opportunity) -> bool:
    if rec.ids:
        return opp.id in rec.ids
    if rec.kinds and opp.kind not in rec.kinds:
        return False
    return not rec.areas or any(opp.areas.get(a, 0) >= rec.min_strength for a in rec.areas)


def score(opp: Opportunity, ctx: Context, state: State | None = None) -> Score:
    """The opportunity's value to this person, given what the plan already holds."""
    state = state or State()
    k = ctx.k
    advice = ctx.catalogue.advice
    depth = advice.kind_plan(opp.kind).depth
    areas = []
    for area, strength in sorted(opp.areas.items(), key=lambda kv: kv[0]):
        n = ctx.needs.get(area)
        if n is None or n.need <= 0:
            continue
        before = state.coverage.get(area, 0)
        share = _gain(k, before, strength * depth)
        areas.append(
            AreaPart(
                area, n.need, strength, depth, share, round(k.need * n.need * share, 4), before > 0
            )
        )
    areas.sort(key=lambda a: (-a.value, a.area))
    w = ctx.catalogue.weights
    goals = []
    for i, goal in enumerate(ctx.profile.goals):
        if goal in opp.goals:
            repeat = state.goals.get(goal, 0)
            rank = w.goal_rank[min(i, len(w.goal_rank) - 1)]
            goals.append(GoalPart(goal, i, round(k.goal * rank * k.goal_repeat**repeat, 4), repeat))
    stage_count = len(opp.stages)
    stage_value = (
        k.stage_only
        if stage_count == 1
        else k.stage_specific
        if stage_count == 2
        else k.stage_general
    )
    prefs = ctx.profile.preferences.formats if advice.kind_plan(opp.kind).format_matters else []
    if prefs and opp.format in prefs:
        fmt = k.format_match
    elif prefs and opp.format != UNKNOWN:
        fmt = -k.format_mismatch
    else:
        fmt = 0.0
    bonuses = tuple(
        (
            r,
            round(r.bonus * k.recommendation_repeat ** state.recs.get(r.id, 0), 4),
            state.recs.get(r.id, 0),
        )
        for r in ctx.recommendations
        if recommendation_fits(r, opp)
    )
    base = (
        sum(a.value for a in areas)
        + sum(g.value for g in goals)
        + stage_value
        + fmt
        + sum(b for _, b, _ in bonuses)
    )
    plan = advice.kind_plan(opp.kind)
    count = state.families.get(advice.family(opp.kind), 0)
    kind_factor = (plan.repeat if plan.repeat is not None else k.kind_repeat) ** count
    m = money(opp, ctx)
    cost_factor = 1.0
    if m.route == "unknown":
        cost_factor = k.unknown_cost_no_budget if ctx.budget <= 0 else k.unknown_cost
    total = round(max(0.0, base) * kind_factor * cost_factor, 2)
    return Score(
        opp.id,
        total,
        round(base, 2),
        tuple(areas),
        tuple(goals),
        stage_value,
        stage_count,
        fmt,
        bonuses,
        kind_factor,
        count,
        cost_factor,
    )


def exclusion(opp: Opportunity, ctx: Context) -> str | None:
    """Why an opportunity cannot be in this person's plan at all, or None."""
    vocab = ctx.catalogue.vocab
    if ctx.stage not in opp.stages:
        stages = ", ".join(vocab.label("stages", s).lower() for s in opp.stages)
        return f"it is meant for other stages ({stages})"
    if opp.kind in ctx.covered:
        support = vocab.label("support", ctx.covered[opp.kind]).lower()
        return f"you already have {support}"
    return None


# ------------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Chosen:
    opp: Opportunity
    score: Score
    hours: float
    hours_basis: str
    money: Money
    before: tuple[str, ...]  # prerequisites (in the plan, placed first)
    filler: bool = False  # chosen to use room in a long, mostly empty plan


@dataclass
class Selection:
    chosen: list[Chosen]
    windows: dict[str, Window]
    rejected: dict[str, str]  # id -> why a wanted opportunity did not fit
    rejected_scores: dict[str, float]  # id -> its score when it was turned away
    excluded: dict[str, str]  # id -> why it could never be in this plan
    state: State
    replans: dict[int, set[str]] = field(default_factory=dict)  # see hours_that_would_fit
    check_hours: bool = True  # False: no 'N more hours' advice (it plans again)


def tasks_for(chosen: list[Chosen], ctx: Context) -> list[Task]:
    """Scheduling tasks, early kinds first, then main, then long; prerequisites first."""
    advice = ctx.catalogue.advice
    early = int(ctx.k.early_months)
    order = {"early": 0, "main": 1, "long": 2}
    rows = []
    for i, c in enumerate(chosen):
        plan = advice.kind_plan(c.opp.kind)
        start = 0 if plan.phase == "early" or ctx.horizon <= early else early
        months = plan.months
        if plan.phase == "long":  # long items run across the rest of the plan
            months = max(months, ctx.horizon - start)
        rows.append((order[plan.phase], i, Task(c.opp.id, c.hours, start, months, 0, c.before)))
    rows.sort(key=lambda r: (r[0], r[1]))
    tasks = [t for _, _, t in rows]
    # Stable topological order: a task waits until everything it comes after is placed.
    placed: list[Task] = []
    done: set[str] = set()
    pending = list(tasks)
    while pending:
        for t in pending:
            if all(a in done or a not in {x.id for x in tasks} for a in t.after):
                placed.append(t)
                done.add(t.id)
                pending.remove(t)
                break
        else:  # a cycle cannot pass catalogue validation; keep going regardless
            placed.extend(pending)
            break
    return placed


def _prerequisites(opp: Opportunity, ctx: Context, chosen_ids: set[str]) -> list[Opportunity] | str:
    """Prerequisites still to add (deepest first), or why they cannot be."""
    out: list[Opportunity] = []
    seen: set[str] = set()

    def visit(o: Opportunity) -> str | None:
        for pre_id in o.prerequisites:
            if pre_id in chosen_ids or pre_id in seen:
                continue
            pre = ctx.catalogue.opportunities.get(pre_id)
            if pre is None:
                return f"it needs '{pre_id}' first, which is not in the catalogue"
            why = exclusion(pre, ctx)
            if why:
                return f"it builds on {pre.title}, which is not in your plan ({why})"
            seen.add(pre_id)
            problem = visit(pre)
            if problem:
                return problem
            out.append(pre)
        return None

    problem = visit(opp)
    return problem if problem else out


def select(ctx: Context) -> Selection:
    """A balanced portfolio: best score first, re-scored after each pick, within limits."""
    # Scoring makes many short-lived, acyclic objects; with a large catalogue in memory the
    # cyclic collector's passes over it would make planning grow faster than linearly.
    with no_gc():
        return _select(ctx)


def _select(ctx: Context) -> Selection:
    opps = [ctx.catalogue.opportunities[i] for i in sorted(ctx.catalogue.opportunities)]
    excluded = {o.id: why for o in opps if (why := exclusion(o, ctx))}
    held = {o.id for o in ctx.already}
    candidates = [o for o in opps if o.id not in excluded and o.id not in held]
    state = State()
    for o in ctx.already:  # carried-forward items count as already chosen
        state.add(o, ctx)
    chosen: list[Chosen] = []
    windows: dict[str, Window] = {}
    rejected: dict[str, str] = {}
    at_rejection: dict[str, float] = {}
    hours_used = 0.0
    cost_used = 0.0
    ranking = _Ranking(candidates, ctx, ctx.k.min_score)
    filler = False
    while True:
        ids = {c.opp.id for c in chosen}
        left = max(0.0, ctx.capacity - hours_used)
        considered = ranking.ranked(state, left, lambda i, ids=ids: i in ids or i in rejected)
        picked = finished = False
        # A rejection changes neither the state nor the hours left, so the order of the rest
        # stands: walk on down the ranking, which changes only after a pick (ranking again
        # after every rejection made planning quadratic in catalogue size).
        for s, opp in considered:
            at_rejection[opp.id] = s.total
            attempt = _attempt(opp, ctx, state, ids, hours_used, cost_used)
            if isinstance(attempt, str):
                rejected[opp.id] = attempt
                continue
            new, trial_state, add_hours, add_cost = attempt
            if filler:
                new = [replace(c, filler=True) for c in new]
            if len(chosen) + len(new) > ctx.top:
                full = (
                    f"the plan already holds {len(chosen)} items, the most it shows "
                    f"(--top {ctx.top})"
                )
                rejected[opp.id] = full
                if len(chosen) >= ctx.top:
                    for other_score, other in considered:  # the rest, in order
                        at_rejection.setdefault(other.id, other_score.total)
                        why = _attempt(other, ctx, state, ids, hours_used, cost_used)
                        rejected.setdefault(other.id, why if isinstance(why, str) else full)
                    finished = True
                    break
                continue
            trial = tasks_for([*chosen, *new], ctx)
            placed = fit(trial, ctx.horizon, ctx.per_month)
            if placed is None:
                rejected[opp.id] = (
                    f"its hours{bundle_words(opp, ctx, ids)} do not fit "
                    f"within {_num(ctx.per_month)} hours a month alongside "
                    "the rest of the plan"
                )
                continue
            chosen.extend(new)
            windows = placed
            state = trial_state
            hours_used += add_hours
            cost_used += add_cost
            ranking.version += 1
            picked = True
            break
        if not finished and not picked and not filler and needs_filling(ctx, hours_used):
            # A long plan left mostly empty: let lesser items use some of the room.
            filler = True
            ranking = _Ranking(candidates, ctx, min(ctx.k.min_score, ctx.k.fill_min_score))
            continue
        if finished or not picked:
            break
    scores = {i: at_rejection[i] for i in rejected}
    return Selection(chosen, windows, rejected, scores, excluded, state)


def needs_filling(ctx: Context, hours_used: float) -> bool:
    """A plan longer than a year whose chosen items use less than `fill_below` of its
    hours (then items scoring at least `fill_min_score` may use some of the room)."""
    return ctx.horizon > 12 and ctx.capacity > 0 and hours_used < ctx.k.fill_below * ctx.capacity


class _Ranking:
    """The candidates in the order select() considers them: highest rank first (see _rank),
    then by id; only those scoring at least `threshold`.

    Scored lazily when it is safe: a score only falls as the plan fills (every repeat factor
    is at most 1, an area's gain shrinks as it is covered) and so does the time left, so a
    rank computed earlier is an upper bound. Candidates wait in a heap under their last rank;
    one whose rank is out of date is scored again only when it reaches the top. The order is
    exactly that of scoring every candidate and sorting, at a fraction of the cost for a
    large catalogue. Otherwise (a factor over 1, or no time left) everything is scored.
    """

    def __init__(self, candidates: list[Opportunity], ctx: Context, threshold: float):
        self.ctx = ctx
        self.threshold = threshold  # the least score considered (min_score, or lower to
        #                              fill a long, mostly empty plan)
        self.candidates = candidates
        self.version = 0
        k = ctx.k
        self.lazy = (
            max(k.goal_repeat, k.kind_repeat, k.recommendation_repeat) <= 1
            and min(k.need, k.goal, *ctx.catalogue.weights.goal_rank) >= 0
            and all(r.bonus >= 0 for r in ctx.recommendations)
        )
        # (minus the rank, id, version scored at, score, opportunity); never scored: top.
        self.heap: list[tuple] = [(-math.inf, o.id, -1, None, o) for o in candidates]

    def ranked(
        self, state: State, left: float, skip: Callable[[str], bool]
    ) -> Iterator[tuple[Score, Opportunity]]:
        ctx, k = self.ctx, self.ctx.k
        if not self.lazy or left <= 0:
            pool = [o for o in self.candidates if not skip(o.id)]
            scored = sorted(
                ((score(o, ctx, state), o) for o in pool),
                key=lambda so: (-_rank(so[0], so[1], left, k), so[1].id),
            )
            yield from ((s, o) for s, o in scored if s.total >= self.threshold)
            return
        heap = self.heap
        while heap:
            _, oid, version, s, opp = heapq.heappop(heap)
            if skip(oid):
                continue
            if version != self.version:
                s = score(opp, ctx, state)
                if s.total >= self.threshold:  # below it now, below it for good
                    heapq.heappush(heap, (-_rank(s, opp, left, k), oid, self.version, s, opp))
                continue
            yield s, opp


def _attempt(
    opp: Opportunity, ctx: Context, state: State, ids: set[str], hours_used: float, cost_used: float
) -> tuple[list[Chosen], State, float, float] | str:
    """`opp` (after any prerequisites not yet in the plan) as new plan items, or why the
    hours or the budget cannot take it."""
    bundle = _prerequisites(opp, ctx, ids)
    if isinstance(bundle, str):
        return bundle
    trial_state = state.copy()
    new: list[Chosen] = []
    for o in [*bundle, opp]:
        hours, basis = planned_hours(o, ctx.k)
        new.append(
            Chosen(
                o, score(o, ctx, trial_state), hours, basis, money(o, ctx), tuple(o.prerequisites)
            )
        )
        trial_state.add(o, ctx)
    add_hours = sum(c.hours for c in new)
    if hours_used + add_hours > ctx.capacity + 1e-9:
        return (
            f"it needs about {_num(add_hours)} hours"
            f"{bundle_words(opp, ctx, ids)} and your plan has "
            f"{_num(max(0.0, ctx.capacity - hours_used))} of its {_num(ctx.capacity)} "
            "hours left"
        )
    if any(c.money.route == "open-band" for c in new):
        return "its price has no upper figure, so it cannot be checked against your budget"
    add_cost = sum(c.money.counted or 0.0 for c in new)
    if cost_used + add_cost > ctx.budget + 1e-9:
        return (
            f"it would cost up to £{add_cost:,.0f} and £"
            f"{max(0.0, ctx.budget - cost_used):,.0f} of your £{ctx.budget:,.0f} budget "
            "is left"
        )
    return new, trial_state, add_hours, add_cost


def _rank(s: Score, opp: Opportunity, hours_left: float, k: Constants) -> float:
    """Order of consideration: the score, a little less for an item that would use much of
    the time left (so that one large item does not crowd out several valuable ones)."""
    if s.total < k.min_score:
        return s.total
    hours = planned_hours(opp, k)[0]
    if hours_left <= 0:
        return s.total
    return s.total / (1 + hours / hours_left)


# --------------------------------------------------------------------------- what-if help


def hours_that_would_fit(
    ctx: Context,
    chosen: list[Chosen],
    extra: Opportunity,
    replans: dict[int, set[str]] | None = None,
) -> int | None:
    """The fewest extra whole hours a month with which the plan, made again, includes
    `extra` (and whatever it builds on), or None if no more than `max_extra_hours` do.

    The answer is checked by selecting again with the larger monthly limit, so the advice
    is true: with that many hours a month the item is in the plan. The search starts where
    the item and its prerequisites first fit alongside the present plan (a cheap lower
    bound) and tries a few more; `replans` keeps the plans made again, by extra hours, for
    the next item's question."""
    replans = {} if replans is None else replans
    ids = {c.opp.id for c in chosen}
    bundle = _prerequisites(extra, ctx, ids)
    if isinstance(bundle, str):
        return None
    adds = [
        Chosen(
            o,
            score(o, ctx),
            *planned_hours(o, ctx.k),
            money(o, ctx),
            tuple(p for p in o.prerequisites if p in ids or p in {b.id for b in bundle}),
        )
        for o in [*bundle, extra]
    ]
    total = sum(c.hours for c in chosen) + sum(c.hours for c in adds)
    most = int(ctx.k.max_extra_hours)
    trial = tasks_for([*chosen, *adds], ctx)
    lower = max(1, math.ceil(total / ctx.horizon - ctx.per_month - 1e-9))
    lower = next(
        (
            m
            for m in range(lower, most + 1)
            if fit(trial, ctx.horizon, ctx.per_month + m) is not None
        ),
        None,
    )
    if lower is None:
        return None
    for more in range(lower, min(most, lower + VERIFY_TRIES - 1) + 1):
        if more not in replans:
            wider = replace(ctx, per_month=ctx.per_month + more)
            replans[more] = {c.opp.id for c in select(wider).chosen}
        if extra.id in replans[more]:
            return more
    return None


VERIFY_TRIES = 3  # plans made again, at most, to confirm 'N more hours would allow it'


def why_not_with_more_hours(ctx: Context, chosen: list[Chosen], extra: Opportunity) -> str:
    """Why no number of extra hours up to `max_extra_hours` is offered for `extra`."""
    ids = {c.opp.id for c in chosen}
    bundle = _prerequisites(extra, ctx, ids)
    needed = sum(
        planned_hours(o, ctx.k)[0] for o in [extra, *([] if isinstance(bundle, str) else bundle)]
    )
    if needed > (ctx.per_month + ctx.k.max_extra_hours) * ctx.horizon / 2:
        return (
            " It would need a much longer horizon and far more time each month than "
            "this plan has; check the real commitment with the provider."
        )
    return (
        " A few more hours a month would not bring it in: planned again with more "
        "time, the plan takes other items that suit you better first."
    )


def bundle_words(opp: Opportunity, ctx: Context, chosen_ids: set[str]) -> str:
    """' (with X, N hours, which it builds on and which must come first)' for the
    prerequisites of `opp` not yet in the plan; '' when there are none."""
    bundle = _prerequisites(opp, ctx, chosen_ids)
    if isinstance(bundle, str) or not bundle:
        return ""
    parts = [f"{o.title}, {_num(planned_hours(o, ctx.k)[0])} hours" for o in bundle]
    return (
        f" (including {' and '.join(parts)}, which it builds on and which would have to come first)"
    )


# ------------------------------------------------------------------------------- wording


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def ordinal(i: int) -> str:
    return ORDINALS[i] if i < len(ORDINALS) else f"number {i + 1}"


def years_text(years: float) -> str:
    if years < 1:
        months = round(years * 12)
        if months <= 0:
            return "just started"
        return f"{months} month{'s' if months != 1 else ''} in post"
    return f"{_num(years)} year{'s' if years != 1 else ''} in post"


def days_text(days: float) -> str:
    return f"{_num(days)} day{'s' if days != 1 else ''}"


# ------------------------------------------------------------------------------- reasons

STRENGTH_WORDS = {1: "in part", 2: "well", 3: "strongly"}


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def fill(text: str, ctx: Context) -> str:
    """Fill an advice text's placeholders for this person."""
    vocab = ctx.catalogue.vocab
    areas = [f"‘{_lower(n.label)}’" for n in ctx.priorities[:3] if n.need > 0]
    top = (
        (", ".join(areas[:-1]) + " and " + areas[-1])
        if len(areas) > 1
        else (areas[0] if areas else "your goals")
    )
    text = resolve(text, ctx.profile, ctx.catalogue.wording)  # {ask}, {org}, {when_new}
    return text.format(
        top_areas=top,
        first_goal=f"‘{vocab.label('goals', ctx.profile.goals[0])}’",
        stage=_lower(vocab.label("stages", ctx.stage)),
        clinical_days=days_text(ctx.profile.clinical_days_per_week),
    )


def _goal_link(area: str, ctx: Context) -> str:
    """Words linking an area to the person's goals or stage, where the link is strong."""
    vocab = ctx.catalogue.vocab
    w = ctx.catalogue.weights
    for i, goal in enumerate(ctx.profile.goals):
        if w.goals.get(goal, {}).get(area, 0) >= 1:
            return f"it matters for your {ordinal(i)} goal, ‘{vocab.label('goals', goal)}’"
    if w.stages.get(ctx.stage, {}).get(area, 0) >= 1:
        return f"it matters for {_a(_lower(vocab.label('stages', ctx.stage)))}"
    return ""


def _rated(n: Need) -> str:
    if n.rating is None:
        return f"you did not rate {_lower(n.label)}"
    return f"you rated {_lower(n.label)} {n.rating} of 4"


def reasons(
    c: Chosen,
    ctx: Context,
    *,
    comes_before: list[str] | None = None,
    builds_on: list[str] | None = None,
) -> list[str]:
    """Sentences saying why this item is in this person's plan, numbers included."""
    vocab = ctx.catalogue.vocab
    scale = ctx.catalogue.assessment
    s = c.score
    opp = c.opp
    out: list[str] = []
    priority_areas = {n.area for n in ctx.priorities}
    if s.areas and (s.areas[0].area in priority_areas or s.areas[0].value >= 2):
        top = s.areas[0]
        n = ctx.needs[top.area]
        first = _rated(n)
        if n.rating is not None:
            first += f" ({scale.scale_label(n.rating)})"
        if n.named:
            first += " and named it a priority"
        link = _goal_link(top.area, ctx)
        sentence = first[:1].upper() + first[1:] + (f"; {link}" if link else "") + "."
        sentence += f" This builds it {STRENGTH_WORDS[top.strength]} ({top.strength} of 3)."
        others = [a for a in s.areas[1:3]]
        if others:
            bits = []
            for a in others:
                m = ctx.needs[a.area]
                rated = f"rated {m.rating} of 4" if m.rating is not None else "not rated"
                bits.append(f"{_lower(m.label)} ({rated})")
            sentence += " It also builds " + " and ".join(bits) + "."
        out.append(sentence)
    if s.goals:
        named = [
            f"your {ordinal(g.rank)}"
            + (" goal" if i == 0 else "")
            + f", ‘{vocab.label('goals', g.goal)}’"
            for i, g in enumerate(s.goals)
        ]
        out.append("It serves " + ", and ".join(named) + ".")
    for rec, _, _ in s.bonuses:
        out.append(fill(rec.reason, ctx).strip())
    stage_label = _lower(vocab.label("stages", ctx.stage))
    years = years_text(ctx.profile.years_in_role)
    if s.stage_count <= 2:
        fits = " and ".join(_lower(vocab.label("stages", x)) + "s" for x in opp.stages)
        out.append(f"It is made for {fits}, and you are {_a(stage_label)} ({years}).")
    else:
        out.append(f"It suits your stage, {stage_label} ({years}), among others.")
    for title in builds_on or []:
        out.append(f"It builds on {title}, which comes earlier in this plan.")
    for title in comes_before or []:
        out.append(f"It comes first because {title}, later in this plan, builds on it.")
    prefs = ctx.profile.preferences.formats
    fmt = _lower(vocab.label("formats", opp.format)) if opp.format != UNKNOWN else None
    if s.format > 0 and fmt:
        out.append(f"It is {fmt}, a way of learning you prefer.")
    elif s.format < 0 and fmt:
        chosen = " or ".join(_lower(vocab.label("formats", f)) for f in prefs)
        out.append(
            f"It is {fmt} rather than {chosen}, which you prefer, so it counts a little less."
        )
    if c.filler:
        out.append(
            f"It scores below the {_num(ctx.k.min_score)} a place usually needs, but "
            "this plan is long and was less than half full without it, so it uses some "
            "of the room."
        )
    if c.hours_basis == "allowance":
        out.append(
            f"Its hours are not known: the plan allows {_num(c.hours)} hours; check "
            "with the provider."
        )
    out.append(arithmetic(s, ctx))
    return out


def arithmetic(s: Score, ctx: Context) -> str:
    """The score in words: every number that went into it."""
    vocab = ctx.catalogue.vocab
    terms = []
    if s.areas:
        parts = []
        for a in s.areas:
            light = f" (× {_num(a.depth)} for a light item)" if a.depth != 1 else ""
            less = ", less as the plan already builds it" if a.already else ""
            parts.append(
                f"{_lower(vocab.label('areas', a.area))} need {_num(a.need)} × "
                f"{a.share:.2f} for strength {a.strength} of 3{light}{less}"
            )
        terms.append(f"needs met {_num(s.needs_value)} ({'; '.join(parts)})")
    if s.goals:
        parts = []
        for g in s.goals:
            again = (
                f", less as {g.repeat} item already serves it"
                if g.repeat == 1
                else f", less as {g.repeat} items already serve it"
                if g.repeat
                else ""
            )
            parts.append(f"{ordinal(g.rank)} goal {_num(g.value)}{again}")
        terms.append(f"goals {_num(s.goals_value)} ({'; '.join(parts)})")
    terms.append(f"stage fit {_num(s.stage)}")
    for _, bonus, used in s.bonuses:
        again = (
            f", less as {used} item already follows it"
            if used == 1
            else f", less as {used} items already follow it"
            if used
            else ""
        )
        terms.append(f"report recommendation {_num(bonus)}{again}")
    if s.format:
        terms.append(f"format {'+' if s.format > 0 else '−'}{_num(abs(s.format))}")
    text = "Score: " + " + ".join(terms).replace("+ format −", "− format ")
    text += f" = {_num(s.base)}"
    if s.kind_factor != 1:
        kind = ctx.catalogue.opportunities[s.opp].kind
        plan = ctx.catalogue.advice.kind_plan(kind)
        family = plan.family_label or _lower(vocab.label("kinds", kind))
        similar = "a similar item" if s.kind_count == 1 else f"{s.kind_count} similar items"
        text += f"; × {_num(s.kind_factor)} as the plan already has {similar} ({family})"
    if s.cost_factor != 1:
        text += f"; × {_num(s.cost_factor)} as the cost is unknown"
    if s.kind_factor != 1 or s.cost_factor != 1:
        text += f"; = {_num(s.total)}"
    return text + "."
