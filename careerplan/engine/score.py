"""An entry's value to this person, given what the plan already holds.

score = (needs met + goals served + stage fit + report recommendations + format fit)
        x family repeat x unknown-cost factor
needs met = sum over the entry's areas of need x the share of the area's gap it
            closes, with diminishing returns for areas the plan already builds
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from careerplan.engine.context import Context
from careerplan.engine.money import funding_routes, money, route_of
from careerplan.engine.reasons import CostWhy, Exclusion, Out
from careerplan.engine.situation import exclusion as situation_exclusion
from careerplan.model.advice import Recommendation
from careerplan.model.opportunity import UNKNOWN, Opportunity
from careerplan.model.weights import Scoring


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
    continues: str | None = None  # the programme step in the plan that this one follows
    step: float = 0.0  # the programme step's bonus (weights.yaml programme_step)
    cost_why: CostWhy | None = None  # why cost_factor is not 1
    cost_route: str | None = None  # ELIGIBLE_FREE: the funding route open to the person

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
    held: set[str] = field(default_factory=set)  # ids in the plan, carried forward or done
    # Scores already worked out against this state, by the entry's static signature
    # (entries alike in everything scored score alike); cleared when the state changes.
    totals: dict[tuple, float] = field(default_factory=dict, compare=False, repr=False)

    def copy(self) -> State:
        return State(
            dict(self.coverage),
            dict(self.families),
            dict(self.goals),
            dict(self.recs),
            set(self.held),
        )

    def continues(self, follows: str | None) -> bool:
        """Does a step following `follows` continue work the plan holds (or has done)?"""
        return follows is not None and follows in self.held

    def add(self, opp: Opportunity, ctx: Context) -> None:
        self.totals.clear()
        self.held.add(opp.id)
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


def empty_state(ctx: Context) -> State:
    """An empty plan's state, shared (with the totals worked out against it) by what
    scores entries on their own; never added to."""
    got = ctx.memo.get("empty-state")
    if got is None:
        got = ctx.memo["empty-state"] = State()
    return got


def _gain(k: Scoring, before: float, add: float) -> float:
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


def _fitting(opp: Opportunity, ctx: Context) -> tuple[Recommendation, ...]:
    """The person's recommendations that `opp` fits (recommendation_fits), in order; their
    tests prepared once for the plan (ids and kinds as sets), not looked up for each."""
    tests = ctx.memo.get("recommendation-tests")
    if tests is None:
        tests = ctx.memo["recommendation-tests"] = tuple(
            (r, frozenset(r.ids), frozenset(r.kinds), tuple(r.areas), r.min_strength)
            for r in ctx.recommendations
        )
    out = []
    areas = opp.areas
    for rec, ids, kinds, rec_areas, least in tests:
        if ids:
            if opp.id in ids:
                out.append(rec)
            continue
        if kinds and opp.kind not in kinds:
            continue
        if not rec_areas:
            out.append(rec)
            continue
        for a in rec_areas:
            if areas.get(a, 0) >= least:
                out.append(rec)
                break
    return tuple(out)


class _Static:
    """The parts of an entry's score that do not depend on the plan (kept in ctx.memo);
    a plain class with slots, made once for each entry of a catalogue."""

    __slots__ = (
        "areas",
        "depth",
        "goals",
        "stage_value",
        "stage_count",
        "fmt",
        "recs",
        "family",
        "repeat",
        "cost_factor",
        "follows",
        "cost_why",
        "cost_route",
        "sig",
    )

    def __init__(
        self,
        areas: tuple[tuple[str, float, int], ...],  # (area, need, strength), need > 0
        depth: float,
        goals: tuple[tuple[str, int, float], ...],  # (goal, position, rank weight)
        stage_value: float,
        stage_count: int,
        fmt: float,
        recs: tuple[Recommendation, ...],
        family: str,
        repeat: float,
        cost_factor: float,
        follows: str | None,  # the programme step it follows (programmes.yaml)
        cost_why: CostWhy | None = None,
        cost_route: str | None = None,
    ) -> None:
        self.areas = areas
        self.depth = depth
        self.goals = goals
        self.stage_value = stage_value
        self.stage_count = stage_count
        self.fmt = fmt
        self.recs = recs
        self.family = family
        self.repeat = repeat
        self.cost_factor = cost_factor
        self.follows = follows
        self.cost_why = cost_why
        self.cost_route = cost_route
        # Everything the score depends on besides the plan's state: entries alike in it
        # score alike against any one state (State.totals).
        self.sig = (
            areas,
            depth,
            goals,
            stage_value,
            stage_count,
            fmt,
            tuple(r.id for r in recs) if recs else (),
            family,
            repeat,
            cost_factor,
            follows,
        )


def _static(opp: Opportunity, ctx: Context) -> _Static:
    memo = ctx.memo.get("static")
    if memo is None:
        memo = ctx.memo["static"] = {}
    got = memo.get(opp.id)
    if got is None:
        got = memo[opp.id] = _make_static(opp, ctx)
    return got


def _make_static(opp: Opportunity, ctx: Context) -> _Static:
    k = ctx.k
    advice = ctx.catalogue.advice
    plan = advice.kind_plan(opp.kind)
    needs = ctx.needs
    areas = []
    for area, strength in sorted(opp.areas.items()):  # by area: each area once
        n = needs.get(area)
        if n is not None and n.need > 0:
            areas.append((area, n.need, strength))
    w = ctx.catalogue.weights
    goals = tuple(
        (goal, i, w.goal_rank[min(i, len(w.goal_rank) - 1)])
        for i, goal in enumerate(ctx.profile.goals)
        if goal in opp.goals
    )
    stage_count = len(opp.stages)
    stage_value = (
        k.stage_only
        if stage_count == 1
        else k.stage_specific
        if stage_count == 2
        else k.stage_general
    )
    prefs = ctx.profile.preferences.formats if plan.format_matters else []
    if prefs and opp.format in prefs:
        fmt = k.format_match
    elif prefs and opp.format != UNKNOWN:
        fmt = -k.format_mismatch
    else:
        fmt = 0.0
    factor, why, route = cost_factor(opp, ctx)
    return _Static(
        tuple(areas),
        plan.depth,
        goals,
        stage_value,
        stage_count,
        fmt,
        _fitting(opp, ctx),
        family_of(opp, ctx),
        plan.repeat if plan.repeat is not None else k.kind_repeat,
        factor,
        ctx.catalogue.programmes.follows(opp.id),
        why,
        route,
    )


def cost_factor(opp: Opportunity, ctx: Context) -> tuple[float, CostWhy | None, str | None]:
    """What the cost does to the score: an unpriced entry (no free route open) counts
    `unknown_cost` of its value; one free or funded through a route limited to people like
    this one, and open to them (a regional academy, the NHS coaching register, SAS
    development funding), counts `eligible_free`, so that it wins over an unpriced
    equivalent. Returns (factor, why, the route open to them)."""
    route, earned = route_of(opp, ctx)  # money(opp, ctx)'s route and eligible
    if route == "unknown":
        return ctx.k.unknown_cost, CostWhy.UNKNOWN, None
    eligible_free = route in ("free", "central") and earned is not None
    if eligible_free and ctx.k.eligible_free != 1:
        return ctx.k.eligible_free, CostWhy.ELIGIBLE_FREE, earned
    return 1.0, None, None


def total_of(opp: Opportunity, ctx: Context, state: State) -> float:
    """score(opp, ctx, state).total, computed the same way without its parts (for
    ranking many entries)."""
    memo = ctx.memo.get("static")
    st = memo.get(opp.id) if memo is not None else None
    if st is None:
        st = _static(opp, ctx)
    got = state.totals.get(st.sig)
    if got is None:
        got = state.totals[st.sig] = _total(st, ctx, state)
    return got


def score_total(opp: Opportunity, ctx: Context, state: State) -> float:
    """score(opp, ctx, state).total, to the last bit: `total_of` where the entry does not
    continue a programme step in the plan (its sum is then made in the same order), the
    full score where it does."""
    st = _static(opp, ctx)
    if state.continues(st.follows):
        return score(opp, ctx, state).total
    return total_of(opp, ctx, state)


class TotalOnly(NamedTuple):
    """An entry's total, for ranking where a Score's parts are not asked for: its
    bonuses only where a recommendation names the entry by id (named_by_report)."""

    total: float
    bonuses: tuple = ()


def score_for_ranking(opp: Opportunity, ctx: Context, state: State) -> Score | TotalOnly:
    """score(opp, ctx, state), or only its total (the same number) where no report
    recommendation names the entry by id: enough to rank the few best of a pool."""
    if any(r.ids for r in _static(opp, ctx).recs):
        return score(opp, ctx, state)
    return TotalOnly(score_total(opp, ctx, state))


def _total(st: _Static, ctx: Context, state: State) -> float:
    k = ctx.k
    depth = st.depth
    coverage = state.coverage
    cont = state.continues(st.follows)
    areas = sorted(
        (
            (-round(k.need * need * _gain(k, coverage.get(area, 0), strength * depth), 4), area)
            for area, need, strength in st.areas
        )
    )
    base = (
        sum(-v for v, _ in areas)
        + sum(
            round(k.goal * rank * k.goal_repeat ** (0 if cont else state.goals.get(goal, 0)), 4)
            for goal, _, rank in st.goals
        )
        + (k.programme_step if cont else 0.0)
        + st.stage_value
        + st.fmt
        + sum(
            round(r.bonus * k.recommendation_repeat ** state.recs.get(r.id, 0), 4) for r in st.recs
        )
    )
    kind_factor = 1.0 if cont else st.repeat ** state.families.get(st.family, 0)
    return round(max(0.0, base) * kind_factor * st.cost_factor, 2)


def score(opp: Opportunity, ctx: Context, state: State | None = None) -> Score:
    """The opportunity's value to this person, given what the plan already holds."""
    state = state or State()
    k = ctx.k
    st = _static(opp, ctx)
    depth = st.depth
    areas = []
    for area, need, strength in st.areas:
        before = state.coverage.get(area, 0)
        share = _gain(k, before, strength * depth)
        areas.append(
            AreaPart(
                area, need, strength, depth, share, round(k.need * need * share, 4), before > 0
            )
        )
    areas.sort(key=lambda a: (-a.value, a.area))
    cont = state.continues(st.follows)
    goals = []
    for goal, i, rank in st.goals:
        repeat = 0 if cont else state.goals.get(goal, 0)
        goals.append(GoalPart(goal, i, round(k.goal * rank * k.goal_repeat**repeat, 4), repeat))
    bonuses = tuple(
        (
            r,
            round(r.bonus * k.recommendation_repeat ** state.recs.get(r.id, 0), 4),
            state.recs.get(r.id, 0),
        )
        for r in st.recs
    )
    base = (
        sum(a.value for a in areas)
        + sum(g.value for g in goals)
        + st.stage_value
        + st.fmt
        + sum(b for _, b, _ in bonuses)
        + (k.programme_step if cont else 0.0)
    )
    count = 0 if cont else state.families.get(st.family, 0)
    kind_factor = st.repeat**count
    total = round(max(0.0, base) * kind_factor * st.cost_factor, 2)
    return Score(
        opp.id,
        total,
        round(base, 2),
        tuple(areas),
        tuple(goals),
        st.stage_value,
        st.stage_count,
        st.fmt,
        bonuses,
        kind_factor,
        count,
        st.cost_factor,
        st.follows if cont else None,
        k.programme_step if cont else 0.0,
        st.cost_why,
        st.cost_route,
    )


def exclusion(opp: Opportunity, ctx: Context) -> Exclusion | None:
    """Why an entry can never be in this person's plan, or None."""
    if opp.id in ctx.steer.done:
        return Exclusion(Out.DONE)
    if opp.id in ctx.steer.exclude:
        return Exclusion(Out.EXCLUDED)
    # The reasons in between are kept for the plans made again (_lasting_memo).
    memo = _lasting_memo(ctx)
    lasting = memo.get(opp.id, _UNKNOWN)
    if lasting is _UNKNOWN:
        lasting = memo[opp.id] = _lasting_exclusion(opp, ctx)
    if lasting is not None:
        return lasting
    if ctx.budget <= 0 and money(opp, ctx).paid and opp.id not in ctx.steer.include:
        return Exclusion(Out.NO_BUDGET)
    return None


def exclusions(opps: Iterable[Opportunity], ctx: Context) -> dict[str, Exclusion]:
    """{id: exclusion(o, ctx)} of the entries kept out, in the order given: the same
    answers, with what every entry's asks of the plan looked up once."""
    done, excluded = set(ctx.steer.done), set(ctx.steer.exclude)
    include = set(ctx.steer.include)
    memo = _lasting_memo(ctx)
    no_budget = ctx.budget <= 0
    out: dict[str, Exclusion] = {}
    for o in opps:
        oid = o.id
        if oid in done:
            out[oid] = Exclusion(Out.DONE)
        elif oid in excluded:
            out[oid] = Exclusion(Out.EXCLUDED)
        else:
            lasting = memo.get(oid, _UNKNOWN)
            if lasting is _UNKNOWN:
                lasting = memo[oid] = _lasting_exclusion(o, ctx)
            if lasting is not None:
                out[oid] = lasting
            elif no_budget and money(o, ctx).paid and oid not in include:
                out[oid] = Exclusion(Out.NO_BUDGET)
    return out


def _lasting_memo(ctx: Context) -> dict:
    """Where the reasons of `exclusion` that no what-if changes are kept: they depend on
    the person (and, for a post ending, on the entry's shape: the plan's length and the
    study time protected), not on what a what-if changes (hours, money, leave, the list's
    length, what is asked for), so the plans made again share them."""
    key: tuple = ("exclusion",)
    if ctx.situation.post_months is not None:  # situation.exclusion asks time.shape_of
        protected = float(ctx.profile.constraints.protected_study_hours_per_month)
        key = ("exclusion", ctx.horizon, protected)
    memo = ctx.memo.get(key)
    if memo is None:
        memo = ctx.memo[key] = {}
    return memo


_UNKNOWN = object()  # not worked out yet


def _lasting_exclusion(opp: Opportunity, ctx: Context) -> Exclusion | None:
    """The reasons of `exclusion` that a what-if cannot change."""
    if ctx.stage not in opp.stages:
        return Exclusion(Out.STAGE, stages=tuple(opp.stages))
    if (whom := _not_for_whom(opp, ctx)) is not None:
        return whom
    if (by_situation := situation_exclusion(opp, ctx)) is not None:
        return by_situation
    support = covering_support(opp, ctx)
    if support:
        return Exclusion(Out.COVERED, support=support)
    kinds, closed, _ = funding_routes(opp, ctx)
    if not kinds and closed is not None:  # money(opp, ctx).route == "closed"
        return Exclusion(Out.NOT_OPEN, closed=closed)
    return None


def _not_for_whom(opp: Opportunity, ctx: Context) -> Exclusion | None:
    """Whom the entry is not for: a role or stage, an organisation type, a region, those
    longer in post or with more clinical days."""
    who = ctx.memo.get("whom")
    if who is None:  # the person, as these checks see them: worked out once
        p = ctx.profile
        who = ctx.memo["whom"] = (
            p.role,
            p.organisation,
            p.known_region,
            p.known_grade,
            p.years_in_role_at_start,
            p.clinical_days_per_week,
        )
    role, organisation, region, grade, years, clinical_days = who
    not_for = opp.not_for
    if ctx.stage in not_for or role in not_for:
        return Exclusion(Out.NOT_FOR)
    organisations = opp.organisations
    if organisations and organisation not in organisations:
        return Exclusion(Out.ORGANISATION)
    if opp.regions is not None and region is not None and region not in opp.regions:
        return Exclusion(Out.REGION, regions=tuple(opp.regions))
    if opp.grades is not None and grade is not None and grade not in opp.grades:
        return Exclusion(Out.GRADE, grades=tuple(opp.grades))
    most = opp.max_years_in_role
    if most is not None and years > most:
        return Exclusion(Out.TIME_IN_POST, limit=most)
    most = opp.max_clinical_days
    if most is not None and clinical_days > most:
        return Exclusion(Out.CLINICAL_DAYS, limit=most)
    return None


def covering_support(opp: Opportunity, ctx: Context) -> str | None:
    """The support in place that makes this entry unnecessary: with the catalogue's
    `provides_support`, only the same type of support at the same (local) scope; else any
    support whose rule covers the entry's kind."""
    provides = opp.provides_support
    if provides is not None:
        if provides.type in ctx.profile.support_in_place and provides.scope == "local":
            return provides.type
        return None
    return ctx.covered.get(opp.kind)


def one_per_family(opp: Opportunity, ctx: Context) -> bool:
    """True when a second entry of this one's family should wait until nothing else
    serves (its family's repeat factor is below `one_per_family_below`)."""
    memo = ctx.memo.get("one-per-family")
    if memo is None:
        memo = ctx.memo["one-per-family"] = {}
    got = memo.get(opp.kind)
    if got is None:
        plan = ctx.catalogue.advice.kind_plan(opp.kind)
        repeat = plan.repeat if plan.repeat is not None else ctx.k.kind_repeat
        got = memo[opp.kind] = repeat < ctx.k.one_per_family_below
    return got


def family_of(opp: Opportunity, ctx: Context) -> str:
    memo = ctx.memo.get("family")
    if memo is None:
        memo = ctx.memo["family"] = {}
    got = memo.get(opp.kind)
    if got is None:
        got = memo[opp.kind] = ctx.catalogue.advice.family(opp.kind)
    return got
