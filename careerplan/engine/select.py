"""Choosing the plan's items, in the order that serves the person:

1. entries the person asked to include (`--include`);
2. the best-fitting entry for the first goal;
3. the best-fitting entry for the top priority area, unless already built well;
4. then the rest, highest score first, re-scored after every pick, one item of a family
   (one taught course, one peer set) until nothing else serves; and in a long plan left
   mostly empty, lesser items use some of the room.

Every pick keeps every limit: personal hours in all and in each month, study leave in each
plan year, the budget, the number of items, and prerequisites (placed first).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from careerplan.engine.context import Context
from careerplan.engine.money import Money, money
from careerplan.engine.reasons import Exclusion, Kept, Rejection
from careerplan.engine.schedule import Failure, Limits, Task, Window, fit, monthly_load
from careerplan.engine.score import (
    Score,
    State,
    TotalOnly,
    exclusion,
    exclusions,
    family_of,
    one_per_family,
    score,
    score_for_ranking,
    score_total,
    total_of,
)
from careerplan.engine.time import Shape, shape_of
from careerplan.model.advice import applies
from careerplan.model.opportunity import Opportunity
from careerplan.store.yamlio import no_gc

DROP, PARK = "drop", "park"  # what the selection's skip says of a candidate
ANCHOR_TRIES = 25  # entries tried, best first, for the first goal and the top priority
MARK_FULL = 10  # entries marked 'kept out by --top' once the list is full (left out lists 3)
ONCE_STRETCH = 3  # a short task may spread over up to three months when one has no room
GREEDY_PASSES = ((False, False), (True, False))  # (a second of a family allowed, filler)
FILL_PASS = ((True, True),)


@dataclass(frozen=True)
class Chosen:
    opp: Opportunity
    score: Score
    shape: Shape
    money: Money
    before: tuple[str, ...]  # prerequisites (in the plan, placed first)
    filler: bool = False  # chosen to use room in a long, mostly empty plan
    why: str = "score"  # asked, first-goal, top-priority, prerequisite, score, repeat, year
    at: int | None = None  # the month it should start (a year of a long plan given work)
    serves: str | None = None  # why 'goal' or 'priority': the goal or area nothing else served

    @property
    def hours(self) -> float:
        return self.shape.total_hours


@dataclass
class Selection:
    chosen: list[Chosen]
    windows: dict[str, Window]
    rejected: dict[str, Rejection]  # id -> why a wanted entry did not fit
    rejected_scores: dict[str, float]  # id -> its score when it was turned away
    excluded: dict[str, Exclusion]  # id -> why it could never be in this plan
    state: State
    asked_out: dict[str, Rejection | Exclusion] = field(default_factory=dict)  # --include
    first_goal_served: bool = True
    # see whatif: per change tried, the ids the plan made again holds and why it kept out others
    replans: dict[tuple, tuple[set[str], dict[str, Rejection]]] = field(default_factory=dict)
    check_changes: bool = True  # False: no 'what would change it' (it plans again)

    @property
    def hours_used(self) -> float:
        return round(sum(c.shape.personal_hours for c in self.chosen), 2)

    @property
    def leave_used(self) -> float:
        return round(sum(c.shape.leave_days for c in self.chosen), 2)

    @property
    def cost_used(self) -> float:
        return round(sum(c.money.counted or 0.0 for c in self.chosen), 2)


def by_id(ctx: Context) -> list[Opportunity]:
    """The catalogue's entries in the order of their ids: sorted once, shared with the
    plans made again (a what-if changes no entry)."""
    got = ctx.memo.get("by-id")
    if got is None:
        opps = ctx.catalogue.opportunities
        got = ctx.memo["by-id"] = [opps[i] for i in sorted(opps)]
    return got


def limits(ctx: Context) -> Limits:
    protected = float(ctx.profile.constraints.protected_study_hours_per_month)
    return Limits(ctx.horizon, ctx.per_month, tuple(ctx.leave_caps()), protected)


def pathway_years(ctx: Context) -> dict[str, int]:
    """Kind -> the plan year (0-based) the person's pathway gives it (programmes.yaml),
    for years the plan reaches; empty when no pathway fits or the plan is a year or less."""
    key = ("pathway", ctx.horizon)
    got = ctx.memo.get(key)
    if got is None:
        got = {}
        facts = ctx.facts()
        for pathway in ctx.catalogue.programmes.pathways:
            if applies(pathway.when, facts):
                for year in pathway.years:
                    if 12 * (year.year - 1) < ctx.horizon:
                        for kind in year.kinds:
                            got.setdefault(kind, year.year - 1)
                break
        ctx.memo[key] = got
    return got


def protected_of(shape: Shape) -> float:
    """Protected study hours a month an item uses (a qualification's; a released role's
    hours are the employer's own release, not study time)."""
    return shape.protected_per_month if shape.shape == "qualification" else 0.0


def _preferred_start(
    c: Chosen, phase: str, ctx: Context, spread: dict[str, int], then: int = 0
) -> int:
    """The month an item would best start: where it was put to give a year work; its
    pathway year (if it and the `then` months of the steps that follow it in the plan
    fit after it); blocks of study leave spread over the person's first year; or its
    phase's start."""
    early = int(ctx.k.early_months)
    if c.at is not None:
        return c.at
    year = pathway_years(ctx).get(c.opp.kind, 0)
    if year and 12 * year + c.shape.months + then <= ctx.horizon:
        return 12 * year
    if phase == "early" or ctx.horizon <= early + c.shape.months:
        return 0
    return spread.get(c.opp.id, early)


def _spread_blocks(chosen: list[Chosen], ctx: Context) -> dict[str, int]:
    """Blocks of study leave after the first months, spread over the rest of the first
    year (not all in one month): the i-th of n starts about i/n of the way through."""
    advice = ctx.catalogue.advice
    early = int(ctx.k.early_months)
    blocks = [
        c.opp.id
        for c in chosen
        if c.shape.shape == "block"
        and c.at is None
        and advice.kind_plan(c.opp.kind).phase != "early"
        and not pathway_years(ctx).get(c.opp.kind, 0)
    ]
    span = max(1, min(ctx.horizon, 12) - early)
    return {oid: early + (i * span) // len(blocks) for i, oid in enumerate(blocks)}


def tasks_for(chosen: list[Chosen], ctx: Context) -> list[Task]:
    """Scheduling tasks: those that run (almost) the whole plan first, as they have one or
    two possible starts; then early kinds (short ones first), main, long, each in the order
    chosen (the most important first); prerequisites always before what builds on them."""
    advice = ctx.catalogue.advice
    programmes = ctx.catalogue.programmes
    order = {"early": 0, "main": 1, "long": 2}
    ids_in = {c.opp.id for c in chosen}
    spread = _spread_blocks(chosen, ctx)
    first = _scheduled_first(chosen, ctx)
    rows = []
    for i, c in enumerate(chosen):
        phase = advice.kind_plan(c.opp.kind).phase
        start = _preferred_start(c, phase, ctx, spread, _then(c.opp.id, chosen, ctx))
        stretch = ONCE_STRETCH if c.shape.shape == "once" else 1
        follows = programmes.follows(c.opp.id)
        after_end = (follows,) if follows in ids_in else ()
        # An item given a later year keeps to it: never moved before the year it was given.
        earliest = c.at if c.why == "year" and c.at is not None else 0
        task = Task(
            c.opp.id,
            c.shape,
            start,
            earliest,
            c.before,
            stretch,
            after_end,
            protected_of(c.shape),
            soon=c.opp.id in first,
        )
        rows.append((order[phase], i, task))
    # Early short tasks (agree a support plan, a conversation) keep the first months.
    # Tasks with (almost) no choice of start come first: those running the whole plan, and
    # those given a later year that fit only if they start with it; then what the situation
    # puts first (an interim post's 90-day plan), in week one; then the rest.
    rows.sort(
        key=lambda r: (
            ctx.horizon - max(r[2].start, 1) - r[2].shape.months > 0,
            first.get(r[2].id, len(first)),
            r[0],
            r[2].shape.months if r[0] == 0 else 0,
            r[1],
        )
    )
    tasks = [t for _, _, t in rows]
    ids = {t.id for t in tasks}
    placed: list[Task] = []
    done: set[str] = set()
    pending = list(tasks)
    while pending:  # stable topological order: prerequisites are placed first
        for t in pending:
            if all(a in done or a not in ids for a in (*t.after, *t.after_end)):
                placed.append(t)
                done.add(t.id)
                pending.remove(t)
                break
        else:  # a cycle cannot pass catalogue validation
            placed.extend(pending)
            break
    return placed


def _scheduled_first(chosen: list[Chosen], ctx: Context) -> dict[str, int]:
    """Id -> its place among the items placed before all else: those the situations in
    advice.yaml's `schedule_first` bring first, in that order; within a situation, the entry
    made only for it first (the 90-day plan, the transition plan)."""
    from careerplan.engine.situation import brought_by

    order = [x for x in ctx.catalogue.advice.situations.schedule_first if ctx.situation.has(x)]
    rows = []
    for c in chosen:
        if c.why == "situation" and (by := brought_by(c.opp, ctx)) in order:
            own = by in (c.opp.only_in or ())
            rows.append((order.index(by), not own, ctx.situation.first.index(c.opp.id), c.opp.id))
    return {row[-1]: i for i, row in enumerate(sorted(rows))}


def _then(opp_id: str, chosen: list[Chosen], ctx: Context) -> int:
    """The months of the steps that follow `opp_id` in the plan, one after another (the
    rest of a qualification ladder climbed in it)."""
    programmes = ctx.catalogue.programmes
    got = programmes.step(opp_id)
    if got is None or got[1].rung is None:
        return 0
    follows = programmes.follows
    months = {c.opp.id: c.shape.months for c in chosen}
    total, at = 0, opp_id
    while True:
        nxt = next((i for i in months if follows(i) == at), None)
        if nxt is None:
            return total
        total, at = total + months[nxt], nxt


def places(chosen: list[Chosen], ctx: Context) -> int:
    """Places in the list (--top) the items take: a further step of a programme of work in
    the plan shares its programme's place (the list counts lines of work)."""
    ids = {c.opp.id for c in chosen}
    follows = ctx.catalogue.programmes.follows
    return sum(1 for c in chosen if follows(c.opp.id) not in ids)


def prerequisites(
    opp: Opportunity, ctx: Context, chosen_ids: set[str]
) -> list[Opportunity] | Rejection:
    """Prerequisites still to add (deepest first), or why they cannot be."""
    out: list[Opportunity] = []
    seen: set[str] = set()

    def visit(o: Opportunity) -> Rejection | None:
        for pre_id in o.prerequisites:
            if pre_id in chosen_ids or pre_id in seen:
                continue
            pre = ctx.catalogue.opportunities.get(pre_id)
            if pre is None:
                return Rejection(Kept.PREREQUISITE, blocker=pre_id)
            out_why = exclusion(pre, ctx)
            if out_why and out_why.kind != "done":
                return Rejection(Kept.PREREQUISITE, blocker=pre_id, blocker_out=out_why)
            seen.add(pre_id)
            if out_why:  # done already: nothing to add
                continue
            problem = visit(pre)
            if problem:
                return problem
            out.append(pre)
        return None

    problem = visit(opp)
    return problem if problem else out


def _over_limits(
    opps: list[Opportunity],
    shapes: list[Shape],
    costs: list[Money],
    ctx: Context,
    chosen: list[Chosen],
) -> Rejection | None:
    """The first limit (the plan's length, hours, an open price, the budget, the list's
    length) that keeps out `opps` (prerequisites first, the entry last) beside `chosen`."""
    ids_bundle = tuple(o.id for o in opps[:-1])
    long = next((shape for shape in shapes if shape.too_long), None)
    if long is not None:
        return Rejection(
            Kept.TOO_LONG,
            months_needed=long.wanted_months,
            horizon=ctx.horizon,
            bundle=ids_bundle,
        )
    used = sum(c.shape.personal_hours for c in chosen)
    add = sum(shape.personal_hours for shape in shapes)
    if used + add > ctx.capacity + 1e-9:
        return Rejection(
            Kept.HOURS,
            hours_needed=round(add, 2),
            hours_left=round(max(0.0, ctx.capacity - used), 2),
            capacity=ctx.capacity,
            bundle=ids_bundle,
        )
    if any(m.route == "open-band" for m in costs):
        return Rejection(Kept.OPEN_PRICE, bundle=ids_bundle)
    spent = sum(c.money.counted or 0.0 for c in chosen)
    cost = sum(m.counted or 0.0 for m in costs)
    if spent + cost > ctx.budget + 1e-9:
        return Rejection(
            Kept.BUDGET,
            money_needed=cost,
            money_left=max(0.0, ctx.budget - spent),
            budget=ctx.budget,
            bundle=ids_bundle,
        )
    follows = ctx.catalogue.programmes.follows
    ids = {c.opp.id for c in chosen} | {o.id for o in opps}
    lines = sum(1 for c in chosen if follows(c.opp.id) not in ids)
    lines += sum(1 for o in opps if follows(o.id) not in ids)
    if lines > ctx.top:
        return Rejection(Kept.TOP, top=ctx.top, bundle=ids_bundle)
    return None


def attempt(
    opp: Opportunity,
    ctx: Context,
    state: State,
    chosen: list[Chosen],
    why: str,
    filler: bool,
    at: int | None = None,
    serves: str | None = None,
) -> tuple[list[Chosen], State, dict[str, Window]] | Rejection:
    """`opp` (after any prerequisites not yet in the plan) as new plan items placed in the
    months, or why the limits cannot take it."""
    ids = {c.opp.id for c in chosen}
    bundle = prerequisites(opp, ctx, ids)
    if isinstance(bundle, Rejection):
        return bundle
    opps = [*bundle, opp]
    shapes = [shape_of(o, ctx) for o in opps]
    costs = [money(o, ctx) for o in opps]
    # The limits first, from the shapes and prices alone: most entries tried are turned
    # away by one of them, and need neither scoring nor a copy of the plan's state.
    problem = _over_limits(opps, shapes, costs, ctx, chosen)
    if problem is not None:
        return problem
    trial = state.copy()
    new: list[Chosen] = []
    in_bundle = {b.id for b in bundle}
    for o, shape, cost in zip(opps, shapes, costs, strict=True):
        befores = tuple(p for p in o.prerequisites if p in ids or p in in_bundle)
        new.append(
            Chosen(
                o,
                score(o, ctx, trial),
                shape,
                cost,
                befores,
                filler,
                why if o is opp else "prerequisite",
                at if o is opp else None,
                serves if o is opp else None,
            )
        )
        trial.add(o, ctx)
    ids_bundle = tuple(b.id for b in bundle)
    try:
        windows = fit(tasks_for([*chosen, *new], ctx), limits(ctx))
    except Failure as failure:
        if failure.why == "protected":
            return Rejection(
                Kept.PROTECTED,
                per_month=float(ctx.profile.constraints.protected_study_hours_per_month),
                bundle=ids_bundle,
            )
        if failure.why == "leave":
            return Rejection(
                Kept.LEAVE,
                leave_needed=sum(c.shape.leave_days for c in new),
                leave_per_year=ctx.leave_days_per_year,
                bundle=ids_bundle,
            )
        return Rejection(Kept.MONTHS, per_month=ctx.per_month, bundle=ids_bundle)
    return new, trial, windows


def select(ctx: Context) -> Selection:
    """The plan's items (see the module's docstring), within every limit."""
    # Scoring makes many short-lived, acyclic objects; with a large catalogue in memory the
    # cyclic collector's passes over it would make planning grow faster than linearly.
    with no_gc():
        return _Selector(ctx).run()


class _Selector:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        opps = by_id(ctx)
        self.excluded = exclusions(opps, ctx)
        held = {o.id for o in ctx.already}
        self.candidates = [o for o in opps if o.id not in self.excluded and o.id not in held]
        self.state = State()
        for o in ctx.already:  # carried-forward items count as already chosen
            self.state.add(o, ctx)
        self.state.held.update(ctx.steer.done)  # a programme continues after a done step
        self.chosen: list[Chosen] = []
        self.windows: dict[str, Window] = {}
        self.rejected: dict[str, Rejection] = {}
        self.scores: dict[str, float] = {}
        self.asked_out: dict[str, Rejection | Exclusion] = {}
        self.first_goal_served = True
        self.initial: dict[str, float] | None = None
        self.initial_at = 0
        self.bounds_key: tuple = ()

    def continues(self, opp: Opportunity) -> bool:
        """Is `opp` the next step of a programme the plan holds (programmes.yaml)?"""
        return self.state.continues(self.ctx.catalogue.programmes.follows(opp.id))

    def take(
        self, opp: Opportunity, why: str, filler: bool = False, at: int | None = None
    ) -> Rejection | None:
        got = attempt(opp, self.ctx, self.state, self.chosen, why, filler, at)
        if isinstance(got, Rejection):
            return got
        new, self.state, self.windows = got
        self.chosen.extend(new)
        return None

    def tried(self, opp: Opportunity, why: str) -> bool:
        """Take `opp` if the limits allow; else record why not (it was wanted)."""
        problem = self.take(opp, why)
        if problem is None:
            return True
        if problem.kind != Kept.TOP:
            self.rejected.setdefault(opp.id, problem)
            self.scores.setdefault(opp.id, score(opp, self.ctx, self.state).total)
        return False

    def ids(self) -> set[str]:
        return {c.opp.id for c in self.chosen}

    def run(self) -> Selection:
        ctx = self.ctx
        for oid in ctx.steer.include:
            opp = ctx.catalogue.opportunities[oid]
            if oid in self.excluded:
                self.asked_out[oid] = self.excluded[oid]
                continue
            if oid in self.ids():
                continue
            problem = self.take(opp, "asked")
            if problem:
                self.asked_out[oid] = problem
        self.situation_first()
        self.anchor_first_goal()
        self.anchor_top_priority()
        self.anchor_programmes()
        self.greedy(GREEDY_PASSES)
        self.serve_the_rest()
        self.years()
        self.greedy(FILL_PASS)
        self.too_big()
        return Selection(
            self.chosen,
            self.windows,
            self.rejected,
            {i: self.scores[i] for i in self.rejected},
            self.excluded,
            self.state,
            self.asked_out,
            self.first_goal_served,
        )

    def bounds(self) -> dict[str, float]:
        """Every candidate's score before the anchors and the rest are chosen: an upper
        bound for every later score (a score only falls as the plan fills)."""
        if self.initial is None:
            # Plans made again for advice start from the same state: share the bounds.
            key = (
                "bounds",
                tuple(c.opp.id for c in self.chosen),
                tuple(o.id for o in self.candidates),  # a what-if may open more entries
            )
            memo = self.ctx.memo
            if key not in memo:
                memo[key] = {o.id: total_of(o, self.ctx, self.state) for o in self.candidates}
            self.initial = memo[key]
            self.initial_at = len(self.chosen)
            self.bounds_key = key
        return self.initial

    def by_bound(self) -> list[Opportunity]:
        """The candidates by bound, highest first, then by id (shared like the bounds): the
        few best of a pool are its first in this order, found without sorting it."""
        bounds = self.bounds()
        key = (*self.bounds_key, "order")
        memo = self.ctx.memo
        got = memo.get(key)
        if got is None:
            got = memo[key] = sorted(self.candidates, key=lambda o: (-bounds[o.id], o.id))
        return got

    def _best(self, keep: Callable[[Opportunity], bool], key) -> list[Opportunity]:
        """The best few candidates by `key`, scored against the plan as it is now: the
        bounds give the order when nothing has been chosen since; otherwise the best by
        bound are scored again."""
        bounds = self.bounds()
        ids = self.ids()
        least = self.ctx.k.min_score
        held = [*self.ctx.already, *(c.opp for c in self.chosen)]
        kinds = {o.kind for o in held}
        # By bound first (cheap), then the best few scored in full and ordered by `key`.
        pool: list[Opportunity] = []
        for o in self.by_bound():
            if bounds[o.id] < least or len(pool) >= ANCHOR_TRIES * 8:
                break
            if (
                o.id not in ids
                and keep(o)
                and (
                    not (o.kind in kinds and one_per_family(o, self.ctx))  # never two of a kind
                    or self.continues(o)  # ... unless it is the next rung of a ladder
                )
            ):
                pool.append(o)
        scored = [(score_for_ranking(o, self.ctx, self.state), o) for o in pool]
        scored = [(s, o) for s, o in scored if s.total >= least]
        scored.sort(key=lambda so: key(*so))
        return [o for _, o in scored[:ANCHOR_TRIES]]

    def situation_first(self) -> None:
        """The entries the person's situation brings first (engine/situation.py): taken
        when the limits allow, else recorded like any entry that was wanted."""
        for oid in self.ctx.situation.first:
            if oid not in self.ids() and oid not in self.excluded:
                self.tried(self.ctx.catalogue.opportunities[oid], "situation")

    def anchor_first_goal(self) -> None:
        goal = self.ctx.profile.goals[0]
        if any(goal in o.goals for o in [*self.ctx.already, *(c.opp for c in self.chosen)]):
            return
        for opp in self._best(
            lambda o: goal in o.goals, lambda s, o: (-named_by_report(s), -s.total, o.id)
        ):
            if self.tried(opp, "first-goal"):
                return
        self.first_goal_served = False

    def anchor_top_priority(self) -> None:
        prios = [n for n in self.ctx.priorities if n.need > 0]
        if not prios:
            return
        area = prios[0].area
        if self.state.coverage.get(area, 0.0) >= self.ctx.k.covered:
            return
        for opp in self._best(
            lambda o: o.areas.get(area, 0) >= 2,
            lambda s, o: (-o.areas[area], -s.total, o.id),
        ):
            if self.tried(opp, "top-priority"):
                return

    def serve_the_rest(self) -> None:
        """Every goal, and every priority with a need of at least `unmet_threshold`, that
        nothing in the plan serves yet gets the best entry for it that fits, even a second
        of a family (one of a family holds only while something else serves): a goal left
        unserved is said, with why, only when nothing for it fits."""
        ctx = self.ctx
        wanted = [("goal", g, lambda o, g=g: g in o.goals) for g in ctx.profile.goals]
        wanted += [
            ("priority", n.area, lambda o, a=n.area: o.areas.get(a, 0) >= 2)
            for n in ctx.priorities
            if n.need >= ctx.k.unmet_threshold
        ]
        for why, what, serves in wanted:
            held = [*ctx.already, *(c.opp for c in self.chosen)]
            if any(serves(o) for o in held):
                continue
            pool = [
                (-total_of(o, ctx, self.state), o.id, o)
                for o in self.candidates
                if o.id not in self.ids() and serves(o)
            ]
            pool = [r for r in sorted(pool, key=lambda r: r[:2]) if -r[0] >= ctx.k.years_min_score]
            for neg, _, opp in pool[:ANCHOR_TRIES]:
                got = attempt(opp, ctx, self.state, self.chosen, why, False, None, what)
                if isinstance(got, Rejection):
                    if got.kind != Kept.TOP:
                        self.rejected.setdefault(opp.id, got)
                        self.scores.setdefault(opp.id, -neg)
                    continue
                new, self.state, self.windows = got
                self.chosen.extend(new)
                self.rejected.pop(opp.id, None)
                break

    def anchor_programmes(self) -> None:
        """A mentor plans work in programmes: for each of the person's goals that a
        programme of work serves (programmes.yaml) and no step of one is in the plan yet,
        the programme whose next step scores best starts here; its further steps then
        come in as progress."""
        ctx = self.ctx
        opps = ctx.catalogue.opportunities
        candidates = {o.id for o in self.candidates}
        for goal in ctx.profile.goals:
            serving = [p for p in ctx.catalogue.programmes.programmes if goal in p.goals]
            if any(s.id in self.state.held for p in serving for s in p.steps):
                continue
            entries = []
            for programme in serving:
                step = next((s for s in programme.resolved() if s.id not in self.state.held), None)
                if step is None or step.id not in candidates or step.id in self.rejected:
                    continue
                total = score(opps[step.id], ctx, self.state).total
                if total >= ctx.k.min_score:
                    # The whole programme's worth: its steps still to come, scored now.
                    worth = sum(
                        total_of(opps[s.id], ctx, self.state)
                        for s in programme.steps
                        if s.id in candidates and s.id not in self.state.held
                    )
                    entries.append((-worth, step.id))
            for _, oid in sorted(entries):
                if self.tried(opps[oid], "programme"):
                    break

    # Over the complexity limit (noqa): the passes share one ranking and its parked
    # entries; split into pieces, that state would travel between them.
    def greedy(self, passes: tuple[tuple[bool, bool], ...]) -> None:  # noqa: C901 - above
        """The rest, best first, in passes of (repeats allowed, filler): one of a family, then
        a second where it serves a priority nothing covers; then (`FILL_PASS`, after each
        later year of a long plan has its own work) lesser items in a plan still mostly
        empty. Before the later years are given work, their places are kept for them."""
        ctx, k = self.ctx, self.ctx.k
        hours = sum(c.shape.personal_hours for c in self.chosen)
        if all(filler for _, filler in passes) and not needs_filling(ctx, hours):
            return  # only lesser items to add, and the plan is not mostly empty
        ranking = _Ranking(self.candidates, ctx, k.min_score, self.bounds())
        for repeats, filler in passes:
            threshold = min(k.min_score, k.fill_min_score) if filler else k.min_score
            if filler and not needs_filling(ctx, sum(c.shape.personal_hours for c in self.chosen)):
                break
            if threshold != ranking.threshold:
                ranking = _Ranking(self.candidates, ctx, threshold)
            ranking.unpark()
            ranking.wake([n for c in self.chosen for n in self.next_steps(c.opp)])
            room = ctx.top if filler else ctx.top - self.kept_for_years()
            while places(self.chosen, ctx) < room:
                ids = self.ids()
                held = [*ctx.already, *(c.opp for c in self.chosen)]
                families = {family_of(o, ctx) for o in held}
                kinds = {o.kind for o in held}

                def skip(
                    i: str, ids=ids, families=families, kinds=kinds, repeats=repeats
                ) -> str | None:
                    """'drop' for good, 'park' until a later pass, or None to consider."""
                    if i in ids or i in self.rejected:
                        return DROP
                    o = ctx.catalogue.opportunities[i]
                    if self.continues(o):  # the next step of work in the plan: progress
                        return None
                    if not (one_per_family(o, ctx) and family_of(o, ctx) in families):
                        return None
                    if o.kind in kinds:  # never two of one kind (two action learning sets)
                        return DROP
                    if not repeats:
                        return PARK  # a second of its family: perhaps in the next pass
                    return None if self.serves_uncovered(o) else DROP

                left = max(0.0, ctx.capacity - sum(c.shape.personal_hours for c in self.chosen))
                picked = False
                for total, opp in ranking.ranked(self.state, left, skip):
                    self.scores[opp.id] = total
                    why = "repeat" if repeats and family_of(opp, ctx) in families else "score"
                    problem = self.take(opp, why, filler)
                    if problem is None:
                        ranking.version += 1
                        ranking.wake(self.next_steps(opp))
                        picked = True
                        break
                    if problem.kind != Kept.TOP or opp.id not in self.rejected:
                        self.rejected[opp.id] = problem
                if not picked:
                    break
            if places(self.chosen, ctx) >= ctx.top:
                self._mark_full(ranking)
                break

    def kept_for_years(self) -> int:
        """Places kept for the later years of a plan of several years (one each), so that
        the first year's work does not take every place before they are given theirs."""
        years = (self.ctx.horizon + 11) // 12 - 1
        return max(0, min(years, self.ctx.top - int(self.ctx.k.max_items)))

    def next_steps(self, opp: Opportunity) -> list[Opportunity]:
        """Candidates that continue `opp` (their score rose when it came in)."""
        opps = self.ctx.catalogue.opportunities
        ids = self.ids()
        out = []
        for i in self.ctx.catalogue.programmes.next_steps(opp.id):
            if i in opps and i not in ids and i not in self.excluded:
                self.rejected.pop(i, None)  # kept out before it continued the plan's work
                out.append(opps[i])
        return out

    def years(self) -> None:
        """A plan of several years gives each later year its own work when time allows: in
        rounds, each year using less than `year_fill` of its hours is given the best entry
        that can start in it (one of the kinds the person's pathway gives that year first)
        scoring at least `years_min_score`, until every year has its share or nothing more
        fits or suits."""
        ctx = self.ctx
        later = list(range(1, (ctx.horizon + 11) // 12))
        while later and places(self.chosen, ctx) < ctx.top:
            later = [y for y in later if self.year_share(y) < ctx.k.year_fill]
            later = [y for y in later if self._give_year(y)]

    def year_share(self, year: int) -> float:
        """The share of plan year `year`'s hours (0-based) its items use."""
        ctx = self.ctx
        months = range(12 * year, min(ctx.horizon, 12 * year + 12))
        if ctx.per_month <= 0 or not months:
            return 1.0
        load = monthly_load(self.windows, ctx.horizon)
        return sum(load[m] for m in months) / (ctx.per_month * len(months))

    def _give_year(self, year: int) -> bool:
        """The best entry that can start in plan year `year` (0-based), if one fits."""
        ctx = self.ctx
        kinds = {k for k, y in pathway_years(ctx).items() if y == year}
        ids = self.ids()
        # One of a family at a time: a family the plan holds is open again in a later year
        # once every item of it has ended (a national programme after a board course, a
        # second stretch role after the first); a second qualification only as the next
        # rung of a ladder.
        busy = {family_of(o, ctx) for o in ctx.already} | {
            family_of(c.opp, ctx)
            for c in self.chosen
            if self.windows[c.opp.id].end >= 12 * year > self.windows[c.opp.id].start - 12
            or c.opp.kind == "qualification"
        }
        # What the year still needs to reach its share: an item that takes more of it counts
        # for more (up to half again), so that a year is given substantial work, not crumbs.
        months = min(ctx.horizon, 12 * year + 12) - 12 * year
        gap = max(1.0, (ctx.k.year_fill - self.year_share(year)) * ctx.per_month * months)
        # Once the year has work starting in it, more is given for its hours, or for a
        # priority the person named (a course in study leave).
        started = any(w.start // 12 == year for w in self.windows.values())
        named = set(ctx.profile.priority_areas)
        pool = []
        advice = ctx.catalogue.advice
        for o in self.candidates:
            if o.id in ids:
                continue
            shape = shape_of(o, ctx)
            if shape.shape == "once" and advice.kind_plan(o.kind).phase == "early":
                continue  # a quick win belongs to the first months, not to a later year
            if (
                started
                and not shape_of(o, ctx).personal_hours
                and not any(o.areas.get(a, 0) >= 2 for a in named)
            ):
                continue
            if family_of(o, ctx) in busy and one_per_family(o, ctx) and not self.continues(o):
                continue
            total = total_of(o, ctx, self.state)
            if total >= ctx.k.years_min_score:
                hours = min(shape_of(o, ctx).personal_hours, gap)
                worth = total * (1 + 0.5 * hours / gap)
                pool.append((o.kind not in kinds, -worth, o.id, o))
        pool.sort(key=lambda r: r[:3])
        # Spread over the year: each further item given to it starts a quarter later.
        given = sum(1 for c in self.chosen if c.why == "year" and c.at and c.at // 12 == year)
        at = 12 * year + min(9, 3 * given)
        for _, _, _, opp in pool[:ANCHOR_TRIES]:
            got = attempt(opp, ctx, self.state, self.chosen, "year", False, at)
            if isinstance(got, Rejection) or got[2][opp.id].start // 12 != year:
                continue
            new, self.state, self.windows = got
            self.chosen.extend(new)
            self.rejected.pop(opp.id, None)
            return True
        return False

    def too_big(self) -> None:
        """Qualifications that would add much but need more of the person's own hours than
        the whole plan has (a master's): never reached by the ranking, which weighs hours, so
        kept out by the hours here, to be named with what would change that."""
        ctx, bounds = self.ctx, self.bounds()
        ids = self.ids()
        used = sum(c.shape.personal_hours for c in self.chosen)
        least = ctx.k.min_score
        for o in self.candidates:
            if o.id in ids or bounds[o.id] < least:
                continue
            shape = shape_of(o, ctx)
            if shape.shape != "qualification":  # only qualifications are named here
                continue
            hours = shape.personal_hours
            if o.id in self.rejected:
                if self.rejected[o.id].kind in (
                    Kept.HOURS,
                    Kept.TOO_LONG,
                ):  # reached late by the ranking: named by what it would add on its own
                    self.scores[o.id] = max(self.scores.get(o.id, 0.0), bounds[o.id])
                continue
            if shape.shape == "qualification" and shape.too_long:
                self.rejected[o.id] = Rejection(
                    Kept.TOO_LONG, months_needed=shape.wanted_months, horizon=ctx.horizon
                )
                self.scores[o.id] = bounds[o.id]
            elif shape.shape == "qualification" and hours > ctx.capacity + 1e-9:
                self.rejected[o.id] = Rejection(
                    Kept.HOURS,
                    hours_needed=round(hours, 2),
                    hours_left=round(max(0.0, ctx.capacity - used), 2),
                    capacity=ctx.capacity,
                )
                self.scores[o.id] = bounds[o.id]

    def serves_uncovered(self, opp: Opportunity) -> bool:
        """Builds well (strength 2 or more) a big priority (need at least
        `unmet_threshold`) the plan does not yet cover: only then may a second item of a
        family come in."""
        k = self.ctx.k
        return any(
            opp.areas.get(n.area, 0) >= 2 and self.state.coverage.get(n.area, 0.0) < k.covered
            for n in self.ctx.priorities
            if n.need >= k.unmet_threshold
        )

    def _mark_full(self, ranking: _Ranking) -> None:
        """The list is full: the entries that would still add much (the best by bound,
        scored again) are kept out by --top."""
        ctx = self.ctx
        ids = self.ids()
        rest = (o for o in self.by_bound() if o.id not in ids and o.id not in self.rejected)
        scored = [(total_of(o, ctx, self.state), o) for o in itertools.islice(rest, MARK_FULL * 3)]
        scored.sort(key=lambda so: (-so[0], so[1].id))
        for total, opp in scored[:MARK_FULL]:
            if total < ctx.k.left_out_min:
                break
            self.scores[opp.id] = total
            self.rejected[opp.id] = Rejection(Kept.TOP, top=ctx.top)


def named_by_report(s: Score | TotalOnly) -> float:
    """The largest bonus of a report recommendation naming this very entry for the
    person (a recommendation by id, not by kind or area): the report's own first choice
    wins the first goal's place."""
    return max((bonus for rec, bonus, _ in s.bonuses if rec.ids), default=0.0)


def needs_filling(ctx: Context, hours_used: float) -> bool:
    """A plan longer than a year whose chosen items use less than `fill_below` of its
    hours (then items scoring at least `fill_min_score` may use some of the room)."""
    return ctx.horizon > 12 and ctx.capacity > 0 and hours_used < ctx.k.fill_below * ctx.capacity


def rank(total: float, opp: Opportunity, hours_left: float, ctx: Context) -> float:
    """Order of consideration: the score, a little less for an item that would use much of
    the time left (so that one large item does not crowd out several valuable ones)."""
    if total < ctx.k.min_score or hours_left <= 0:
        return total
    return total / (1 + shape_of(opp, ctx).personal_hours / hours_left)


class _Ranking:
    """The candidates in the order the selection considers them: highest rank first, then
    by id; only those scoring at least `threshold`.

    Scored lazily when it is safe: a score only falls as the plan fills (every repeat factor
    is at most 1, an area's gain shrinks as it is covered) and so does the time left, so a
    rank computed earlier is an upper bound. Candidates wait in a heap under their last rank;
    one whose rank is out of date is scored again only when it reaches the top.
    """

    def __init__(
        self,
        candidates: list[Opportunity],
        ctx: Context,
        threshold: float,
        bounds: dict[str, float] | None = None,
    ):
        self.ctx = ctx
        self.threshold = threshold
        self.candidates = candidates
        self.bounds = bounds or {}
        self.version = 0
        k = ctx.k
        self.lazy = (
            max(k.goal_repeat, k.kind_repeat, k.recommendation_repeat) <= 1
            and min(k.need, k.goal, *ctx.catalogue.weights.goal_rank) >= 0
            and all(r.bonus >= 0 for r in ctx.recommendations)
        )
        # Each candidate waits under an upper bound of its rank (never scored: the top).
        self.heap: list[tuple] = [
            (
                -rank(bounds[o.id], o, ctx.capacity, ctx) if bounds else -math.inf,
                o.id,
                -1,
                None,
                o,
            )
            for o in candidates
            if not bounds or bounds[o.id] >= threshold
        ]
        heapq.heapify(self.heap)
        self.parked: list[tuple] = []
        self.spent = False  # the person's hours are all used: ranks are the scores

    def wake(self, opps: list[Opportunity]) -> None:
        """Entries whose score may have risen (the next steps of a programme step just
        taken): they wait at the top of the heap, to be scored again."""
        for o in opps:
            heapq.heappush(self.heap, (-math.inf, o.id, -1, None, o))

    def unpark(self) -> None:
        """Candidates parked by an earlier pass wait in the heap again."""
        for item in self.parked:
            heapq.heappush(self.heap, item)
        self.parked = []

    def _spend(self) -> None:
        """Once no hours are left, an entry's rank is its score, no longer less than it
        for the hours it would use: the ranks the candidates wait under (worked out with
        hours left) are no longer upper bounds. They wait again, to be scored against the
        plan as it is when they reach the top (each once; then only as the plan changes,
        as before). The hours left never grow again in this selection."""
        self.spent = True
        if self.bounds:
            # A score is at most its bound (scores only fall), except where the entry
            # continues a programme step: those are scored first. Below the threshold by
            # its bound, an entry is below it for good.
            follows, bounds = self.ctx.catalogue.programmes.follows, self.bounds
            self.heap = [
                (-math.inf if follows(o.id) is not None else -bounds[o.id], o.id, -1, None, o)
                for o in self.candidates
                if bounds[o.id] >= self.threshold or follows(o.id) is not None
            ]
        else:
            self.heap = [(-math.inf, o.id, -1, None, o) for o in self.candidates]
        heapq.heapify(self.heap)
        self.parked = [(-math.inf, item[1], -1, None, item[4]) for item in self.parked]

    def ranked(
        self, state: State, left: float, skip: Callable[[str], str | None]
    ) -> Iterator[tuple[float, Opportunity]]:
        ctx = self.ctx
        if self.lazy and left <= 0 and not self.spent:
            self._spend()
        if not self.lazy:
            pool = [o for o in self.candidates if not skip(o.id)]
            scored = sorted(
                ((score(o, ctx, state), o) for o in pool),
                key=lambda so: (-rank(so[0].total, so[1], left, ctx), so[1].id),
            )
            yield from ((s.total, o) for s, o in scored if s.total >= self.threshold)
            return
        heap = self.heap
        while heap:
            item = heapq.heappop(heap)
            _, oid, version, s, opp = item
            why = skip(oid)
            if why == PARK:
                self.parked.append(item)  # may be wanted by a later, wider pass
                continue
            if why == DROP:
                continue
            if version != self.version:
                total = total_of(opp, ctx, state)
                if total >= self.threshold:  # below it now, below it for good
                    heapq.heappush(
                        heap, (-rank(total, opp, left, ctx), oid, self.version, None, opp)
                    )
                continue
            yield score_total(opp, ctx, state), opp
