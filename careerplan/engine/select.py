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
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from careerplan.engine.context import Context
from careerplan.engine.money import Money, money
from careerplan.engine.reasons import Exclusion, Kept, Rejection
from careerplan.engine.schedule import Failure, Limits, Task, Window, fit
from careerplan.engine.score import (
    Score,
    State,
    exclusion,
    family_of,
    one_per_family,
    score,
    total_of,
)
from careerplan.engine.time import Shape, shape_of
from careerplan.opportunity import Opportunity
from careerplan.yamlio import no_gc

DROP, PARK = "drop", "park"  # what the selection's skip says of a candidate
ANCHOR_TRIES = 25  # entries tried, best first, for the first goal and the top priority
MARK_FULL = 10  # entries marked 'kept out by --top' once the list is full (left out lists 3)
ONCE_STRETCH = 3  # a short task may spread over up to three months when one has no room


@dataclass(frozen=True)
class Chosen:
    opp: Opportunity
    score: Score
    shape: Shape
    money: Money
    before: tuple[str, ...]  # prerequisites (in the plan, placed first)
    filler: bool = False  # chosen to use room in a long, mostly empty plan
    why: str = "score"  # asked, first-goal, top-priority, prerequisite, score, repeat

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
    replans: dict[tuple, set[str]] = field(default_factory=dict)  # see whatif
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


def limits(ctx: Context) -> Limits:
    return Limits(ctx.horizon, ctx.per_month, tuple(ctx.leave_caps()))


def tasks_for(chosen: list[Chosen], ctx: Context) -> list[Task]:
    """Scheduling tasks: those that run (almost) the whole plan first, as they have one or
    two possible starts; then early kinds (short ones first), main, long, each in the order
    chosen (the most important first); prerequisites always before what builds on them."""
    advice = ctx.catalogue.advice
    early = int(ctx.k.early_months)
    order = {"early": 0, "main": 1, "long": 2}
    rows = []
    for i, c in enumerate(chosen):
        phase = advice.kind_plan(c.opp.kind).phase
        start = 0 if phase == "early" or ctx.horizon <= early + c.shape.months else early
        stretch = ONCE_STRETCH if c.shape.shape == "once" else 1
        rows.append((order[phase], i, Task(c.opp.id, c.shape, start, 0, c.before, stretch)))
    # Early short tasks (agree a support plan, a conversation) keep the first months.
    rows.sort(
        key=lambda r: (
            r[2].shape.months < ctx.horizon - 1,
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
            if all(a in done or a not in ids for a in t.after):
                placed.append(t)
                done.add(t.id)
                pending.remove(t)
                break
        else:  # a cycle cannot pass catalogue validation
            placed.extend(pending)
            break
    return placed


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


def attempt(
    opp: Opportunity, ctx: Context, state: State, chosen: list[Chosen], why: str, filler: bool
) -> tuple[list[Chosen], State, dict[str, Window]] | Rejection:
    """`opp` (after any prerequisites not yet in the plan) as new plan items placed in the
    months, or why the limits cannot take it."""
    ids = {c.opp.id for c in chosen}
    bundle = prerequisites(opp, ctx, ids)
    if isinstance(bundle, Rejection):
        return bundle
    trial = state.copy()
    new: list[Chosen] = []
    for o in [*bundle, opp]:
        befores = tuple(p for p in o.prerequisites if p in ids or p in {b.id for b in bundle})
        new.append(
            Chosen(
                o,
                score(o, ctx, trial),
                shape_of(o, ctx),
                money(o, ctx),
                befores,
                filler,
                why if o is opp else "prerequisite",
            )
        )
        trial.add(o, ctx)
    ids_bundle = tuple(b.id for b in bundle)
    if any(c.shape.too_long for c in new):
        long = next(c for c in new if c.shape.too_long)
        return Rejection(
            Kept.TOO_LONG,
            months_needed=long.shape.wanted_months,
            horizon=ctx.horizon,
            bundle=ids_bundle,
        )
    used = sum(c.shape.personal_hours for c in chosen)
    add = sum(c.shape.personal_hours for c in new)
    if used + add > ctx.capacity + 1e-9:
        return Rejection(
            Kept.HOURS,
            hours_needed=round(add, 2),
            hours_left=round(max(0.0, ctx.capacity - used), 2),
            capacity=ctx.capacity,
            bundle=ids_bundle,
        )
    if any(c.money.route == "open-band" for c in new):
        return Rejection(Kept.OPEN_PRICE, bundle=ids_bundle)
    spent = sum(c.money.counted or 0.0 for c in chosen)
    cost = sum(c.money.counted or 0.0 for c in new)
    if spent + cost > ctx.budget + 1e-9:
        return Rejection(
            Kept.BUDGET,
            money_needed=cost,
            money_left=max(0.0, ctx.budget - spent),
            budget=ctx.budget,
            bundle=ids_bundle,
        )
    if len(chosen) + len(new) > ctx.top:
        return Rejection(Kept.TOP, top=ctx.top, bundle=ids_bundle)
    try:
        windows = fit(tasks_for([*chosen, *new], ctx), limits(ctx))
    except Failure as failure:
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
        opps = [ctx.catalogue.opportunities[i] for i in sorted(ctx.catalogue.opportunities)]
        self.excluded = {o.id: why for o in opps if (why := exclusion(o, ctx))}
        held = {o.id for o in ctx.already}
        self.candidates = [o for o in opps if o.id not in self.excluded and o.id not in held]
        self.state = State()
        for o in ctx.already:  # carried-forward items count as already chosen
            self.state.add(o, ctx)
        self.chosen: list[Chosen] = []
        self.windows: dict[str, Window] = {}
        self.rejected: dict[str, Rejection] = {}
        self.scores: dict[str, float] = {}
        self.asked_out: dict[str, Rejection | Exclusion] = {}
        self.first_goal_served = True
        self.initial: dict[str, float] | None = None
        self.initial_at = 0

    def take(self, opp: Opportunity, why: str, filler: bool = False) -> Rejection | None:
        got = attempt(opp, self.ctx, self.state, self.chosen, why, filler)
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
        self.greedy()
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
            key = ("bounds", tuple(c.opp.id for c in self.chosen))
            memo = self.ctx.memo
            if key not in memo:
                memo[key] = {o.id: total_of(o, self.ctx, self.state) for o in self.candidates}
            self.initial = memo[key]
            self.initial_at = len(self.chosen)
        return self.initial

    def _best(self, keep: Callable[[Opportunity], bool], key) -> list[Opportunity]:
        """The best few candidates by `key`, scored against the plan as it is now: the
        bounds give the order when nothing has been chosen since; otherwise the best by
        bound are scored again."""
        bounds = self.bounds()
        ids = self.ids()
        least = self.ctx.k.min_score
        held = [*self.ctx.already, *(c.opp for c in self.chosen)]
        kinds = {o.kind for o in held}
        pool = [
            o
            for o in self.candidates
            if o.id not in ids
            and keep(o)
            and bounds[o.id] >= least
            and not (o.kind in kinds and one_per_family(o, self.ctx))  # never two of one kind
        ]
        # By bound first (cheap), then the best few scored in full and ordered by `key`.
        pool.sort(key=lambda o: (-bounds[o.id], o.id))
        scored = [(score(o, self.ctx, self.state), o) for o in pool[: ANCHOR_TRIES * 8]]
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

    def greedy(self) -> None:
        ctx, k = self.ctx, self.ctx.k
        ranking = _Ranking(self.candidates, ctx, k.min_score, self.bounds())
        for repeats, threshold, filler in (
            (False, k.min_score, False),
            (True, k.min_score, False),
            (True, min(k.min_score, k.fill_min_score), True),
        ):
            if filler and not needs_filling(ctx, sum(c.shape.personal_hours for c in self.chosen)):
                break
            if threshold != ranking.threshold:
                ranking = _Ranking(self.candidates, ctx, threshold)
            ranking.unpark()
            while len(self.chosen) < ctx.top:
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
                    if not (one_per_family(o, ctx) and family_of(o, ctx) in families):
                        return None
                    if o.kind in kinds:  # never two of one kind (two action learning sets)
                        return DROP
                    if not repeats:
                        return PARK  # a second of its family: perhaps in the next pass
                    return None if self.serves_uncovered(o) else DROP

                left = max(0.0, ctx.capacity - sum(c.shape.personal_hours for c in self.chosen))
                picked = False
                for s, opp in ranking.ranked(self.state, left, skip):
                    self.scores[opp.id] = s.total
                    why = "repeat" if repeats and family_of(opp, ctx) in families else "score"
                    problem = self.take(opp, why, filler)
                    if problem is None:
                        ranking.version += 1
                        picked = True
                        break
                    if problem.kind != Kept.TOP or opp.id not in self.rejected:
                        self.rejected[opp.id] = problem
                if not picked:
                    break
            if len(self.chosen) >= ctx.top:
                self._mark_full(ranking)
                break

    def too_big(self) -> None:
        """Qualifications that would add much but need more of the person's own hours than
        the whole plan has (a master's): never reached by the ranking, which weighs hours, so
        kept out by the hours here, to be named with what would change that."""
        ctx, bounds = self.ctx, self.bounds()
        ids = self.ids()
        used = sum(c.shape.personal_hours for c in self.chosen)
        for o in self.candidates:
            if o.id in ids or o.id in self.rejected or bounds[o.id] < ctx.k.min_score:
                continue
            shape = shape_of(o, ctx)
            hours = shape.personal_hours
            if shape.shape == "qualification" and hours > ctx.capacity + 1e-9:
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
        bounds = self.bounds()
        rest = [o for o in self.candidates if o.id not in ids and o.id not in self.rejected]
        rest.sort(key=lambda o: (-bounds[o.id], o.id))
        scored = [(total_of(o, ctx, self.state), o) for o in rest[: MARK_FULL * 3]]
        scored.sort(key=lambda so: (-so[0], so[1].id))
        for total, opp in scored[:MARK_FULL]:
            if total < ctx.k.left_out_min:
                break
            self.scores[opp.id] = total
            self.rejected[opp.id] = Rejection(Kept.TOP, top=ctx.top)


def named_by_report(s: Score) -> float:
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

    def unpark(self) -> None:
        """Candidates parked by an earlier pass wait in the heap again."""
        for item in self.parked:
            heapq.heappush(self.heap, item)
        self.parked = []

    def ranked(
        self, state: State, left: float, skip: Callable[[str], str | None]
    ) -> Iterator[tuple[Score, Opportunity]]:
        ctx = self.ctx
        if not self.lazy or left <= 0:
            pool = [o for o in self.candidates if not skip(o.id)]
            scored = sorted(
                ((score(o, ctx, state), o) for o in pool),
                key=lambda so: (-rank(so[0].total, so[1], left, ctx), so[1].id),
            )
            yield from ((s, o) for s, o in scored if s.total >= self.threshold)
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
            yield score(opp, ctx, state), opp
