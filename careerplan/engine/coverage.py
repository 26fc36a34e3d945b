"""Nothing important vanishes: for every goal and every top priority, what in the plan
serves it or why nothing does; and for every item, the entries nearly chosen in its place
(why each lost, and the one command that swaps it in). Typed; sentences.py words them.
"""

from __future__ import annotations

from collections.abc import Callable

from careerplan.engine.context import Context
from careerplan.engine.reasons import Out
from careerplan.engine.score import family_of, one_per_family, total_of
from careerplan.engine.select import Chosen, Selection
from careerplan.model.opportunity import Opportunity
from careerplan.model.plan import Coverage, RunnerUp, built

RUNNERS_UP = 3  # entries named as nearly chosen, per item


def coverage(sel: Selection, ctx: Context) -> list[Coverage]:
    """Each goal, then each priority the plan shows (situation.shown_priorities): the plan's
    items serving it, or a typed reason."""
    from careerplan.engine.situation import shown_priorities

    out = []
    for goal in ctx.profile.goals:
        out.append(_cover("goal", goal, _serves_goal(goal), sel, ctx))
    for n in shown_priorities(ctx):
        if n.need > 0:
            out.append(_cover("priority", n.area, _serves_area(n.area), sel, ctx))
    return out


def _serves_goal(goal: str) -> Callable[[Opportunity], bool]:
    return lambda o: goal in o.goals


def _serves_area(area: str) -> Callable[[Opportunity], bool]:
    return lambda o: area in o.areas


def _cover(
    kind: str, id_: str, serves: Callable[[Opportunity], bool], sel: Selection, ctx: Context
) -> Coverage:
    items = [c.opp.id for c in sel.chosen if serves(c.opp)]
    if items:
        return built(Coverage, kind=kind, id=id_, served_by=items)  # type: ignore[arg-type]
    if any(serves(o) for o in ctx.already):
        return built(Coverage, kind=kind, id=id_, reason="carried")  # type: ignore[arg-type]
    serving = [o for o in ctx.catalogue.opportunities.values() if serves(o)]
    if not serving:
        return built(Coverage, kind=kind, id=id_, reason="no-entry")  # type: ignore[arg-type]
    open_ = [o for o in serving if o.id not in sel.excluded]
    if not open_:
        covered = any(sel.excluded[o.id].kind == Out.COVERED for o in serving)
        reason = "support" if covered else "excluded"
        return built(Coverage, kind=kind, id=id_, reason=reason)  # type: ignore[arg-type]
    best = min(open_, key=lambda o: (-total_of(o, ctx, sel.state), o.id))
    why = sel.rejected.get(best.id)
    return built(
        Coverage,
        kind=kind,  # type: ignore[arg-type]
        id=id_,
        reason="kept-out" if why else "crowded",
        kept=why.kind.value if why else None,
        best=best.id,
    )


def open_ranked(sel: Selection, ctx: Context) -> list[tuple[float, str, Opportunity]]:
    """Every entry open to the person, not in the plan and not carried forward, as
    (-score against the finished plan, id, entry), best first: worked out once for all
    the plan's items' runners-up, each of which takes the first few that serve it."""
    chosen = {x.opp.id for x in sel.chosen}
    already = {a.id for a in ctx.already}
    excluded, state = sel.excluded, sel.state
    rows = [
        (-total_of(o, ctx, state), o.id, o)
        for o in ctx.catalogue.opportunities.values()
        if o.id not in chosen and o.id not in excluded and o.id not in already
    ]
    rows.sort(key=lambda r: r[:2])
    return rows


def runners_up(
    c: Chosen,
    sel: Selection,
    ctx: Context,
    ranked: list[tuple[float, str, Opportunity]] | None = None,
) -> list[RunnerUp]:
    """Up to three entries open to the person and not in the plan that serve what this item
    serves (one of the person's goals it serves; else its strongest area), best first.
    `ranked`: open_ranked(sel, ctx), when the caller has it."""
    opp = c.opp
    top = max(opp.areas.values(), default=0)
    areas = {a for a, s in opp.areas.items() if s == top}
    goals = set(ctx.profile.goals) & set(opp.goals)
    held = [*ctx.already, *(x.opp for x in sel.chosen)]
    families = {family_of(o, ctx) for o in held if o.id != opp.id}
    rows = []
    for row in open_ranked(sel, ctx) if ranked is None else ranked:
        o = row[2]
        if goals.isdisjoint(o.goals) if goals else areas.isdisjoint(o.areas):
            continue
        rows.append(row)
        if len(rows) == RUNNERS_UP:
            break
    out = []
    for neg, oid, o in rows:
        why = sel.rejected.get(oid)
        if why is not None:
            lost = why.kind.value
        elif one_per_family(o, ctx) and family_of(o, ctx) in families:
            lost = "crowded"
        else:
            lost = "lower-score"
        out.append(
            built(
                RunnerUp,
                id=oid,
                title=o.title,
                score=-neg,
                lost=lost,
                swap=f"careerplan plan {ctx.profile_file} --include {oid} --exclude {opp.id}",
            )
        )
    return out
