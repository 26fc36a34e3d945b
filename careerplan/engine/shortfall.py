"""What to report as unmet or left out: the big priorities a plan does not cover and what
would change that, the entries the limits kept out, why a plan is not fuller, and a first
goal nothing serves. Each decision is typed (engine/reasons.py); sentences.py words it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from careerplan.engine import sentences as say
from careerplan.engine.calendar import month_end, month_start
from careerplan.engine.context import Context
from careerplan.engine.money import money
from careerplan.engine.reasons import Change, ChangeKind, Kept, Out, Rejection
from careerplan.engine.schedule import monthly_load
from careerplan.engine.score import (
    empty_state,
    family_of,
    one_per_family,
    score,
    total_of,
)
from careerplan.engine.select import Selection, attempt, places
from careerplan.engine.time import shape_of
from careerplan.engine.whatif import asked_in, budget_for, change_for, swap_in
from careerplan.model.opportunity import Opportunity
from careerplan.model.plan import LeftOut, Note, Unmet, built

ROOM_SOURCE = "How full this plan is"
FIRST_GOAL_SOURCE = "Your first goal"


def first_goal_note(sel: Selection, ctx: Context) -> list[Note]:
    goal = ctx.profile.goals[0]
    if any(goal in c.opp.goals for c in sel.chosen):
        return []
    opps = ctx.catalogue.opportunities
    serving = [o for o in opps.values() if goal in o.goals]
    open_ = [o for o in serving if o.id not in sel.excluded]
    return [
        built(
            Note,
            text=say.first_goal_text(ctx, len(serving), len(open_)),
            source=FIRST_GOAL_SOURCE,
            kind="first-goal",
        )
    ]


OTHER_GOAL_SOURCE = "Your goals"


def other_goal_notes(sel: Selection, ctx: Context) -> list[Note]:
    """A second or third goal nothing in the plan serves is never passed over in silence:
    why (typed in the plan's coverage), and the best entry for it."""
    from careerplan.engine.coverage import coverage

    out = []
    goals = ctx.profile.goals
    for cover in coverage(sel, ctx):
        if cover.kind != "goal" or cover.served_by or cover.id == goals[0]:
            continue
        best = _first_rung(ctx.catalogue.opportunities.get(cover.best or ""), sel, ctx)
        kept = _kept_text(best, sel, ctx) if best is not None else None
        text = say.goal_unserved_text(
            goals.index(cover.id), cover.id, cover.reason, best, kept, ctx
        )
        out.append(built(Note, text=text, source=OTHER_GOAL_SOURCE, kind="goal"))
    return out


def _first_rung(best: Opportunity | None, sel: Selection, ctx: Context) -> Opportunity | None:
    """A diploma or master's top-up whose lower rung is not in the plan stands for its
    ladder's first rung not yet held (the certificate): that is where a person starts."""
    if best is None or not _off_the_ladder(best.id, sel, ctx):
        return best
    got = ctx.catalogue.programmes.step(best.id)
    if got is None:
        return best
    held = sel.state.held
    first = next((s.id for s in got[0].steps if s.id not in held), best.id)
    return ctx.catalogue.opportunities.get(first, best)


def _kept_text(best: Opportunity, sel: Selection, ctx: Context) -> str | None:
    """Why the best entry for a goal is not in the plan and what would change it, each
    checked: None only when planning again asking for it brings it in (the sentence then
    offers that --include); else the limit that keeps it out, with its checked change."""
    why = sel.rejected.get(best.id)
    if why is None:
        found = asked_in(best, sel, ctx)
        if found:
            return None
        roomy = replace(ctx, top=len(sel.chosen) + 8)
        tried = attempt(best, roomy, sel.state, sel.chosen, "", False)
        if not isinstance(tried, Rejection):
            return say.not_first_text(found is False)
        why = tried
    why = as_now(why, sel, ctx, best.id)
    advice = say.change_text(change_for(best, why, sel, ctx), best, ctx)
    return say.rejection_text(why, ctx) + (f". {advice.rstrip('.')}" if advice else "")


YEARS_SOURCE = "Each year of the plan"


def empty_year_notes(sel: Selection, ctx: Context, start: dt.date) -> list[Note]:
    """A plan of several years gives each year its own work when it can (select.years);
    a year in which nothing new starts is said, with when to plan it."""
    starts = {w.start // 12 for w in sel.windows.values()}
    out = []
    for year in range(1, (ctx.horizon + 11) // 12):
        if year in starts or not sel.chosen:
            continue
        first = month_start(start, 12 * year)
        last = month_end(start, min(ctx.horizon, 12 * year + 12) - 1)
        review = month_end(start, 12 * year - 1)
        text = say.empty_year_text(year, first, last, review)
        out.append(built(Note, text=text, source=YEARS_SOURCE, kind="years"))
    return out


def room_note(sel: Selection, ctx: Context, start: dt.date) -> list[Note]:
    """When the plan uses less than half its hours, or had to take lesser items to fill a
    long plan: why it is not fuller, and what would change that."""
    k = ctx.k
    used = sel.hours_used
    fillers = [c.opp.title for c in sel.chosen if c.filler]
    if ctx.capacity <= 0 or (used >= k.fill_below * ctx.capacity and not fillers):
        return []
    opps = ctx.catalogue.opportunities
    chosen = {c.opp.id for c in sel.chosen}
    last = max((sel.windows[c.opp.id].end for c in sel.chosen), default=-1)
    outs = [e.kind for e in sel.excluded.values()]
    kept = [r.kind for r in sel.rejected.values()]
    open_ = [o for o in opps.values() if o.id not in sel.excluded and o.id not in chosen]
    little = sum(
        1
        for o in open_
        if o.id not in sel.rejected and score(o, ctx, sel.state).total < k.min_score
    )
    counts = say.RoomCounts(
        used=used,
        capacity=ctx.capacity,
        empty_after=month_end(start, last) if 0 <= last < ctx.horizon - 1 else None,
        catalogue=len(opps),
        other_stage=outs.count(Out.STAGE),
        covered=outs.count(Out.COVERED),
        no_budget=outs.count(Out.NO_BUDGET),
        over_budget=kept.count(Kept.BUDGET) + kept.count(Kept.OPEN_PRICE),
        no_leave=kept.count(Kept.LEAVE),
        too_long=kept.count(Kept.TOO_LONG),
        too_little=little,
        full=Kept.TOP in kept,
        fillers=fillers,
        year_shares=_year_shares(sel, ctx),
        lines=places(sel.chosen, ctx),
    )
    return [built(Note, text=say.room_text(counts, ctx), source=ROOM_SOURCE, kind="room")]


def _year_shares(sel: Selection, ctx: Context) -> tuple[float, ...]:
    """The share of each plan year's hours its items use (a plan of several years)."""
    if ctx.horizon <= 12 or ctx.per_month <= 0:
        return ()
    load = monthly_load(sel.windows, ctx.horizon)
    out = []
    for year in range((ctx.horizon + 11) // 12):
        months = range(12 * year, min(ctx.horizon, 12 * year + 12))
        out.append(sum(load[m] for m in months) / (ctx.per_month * len(months)))
    return tuple(out)


def as_now(why: Rejection, sel: Selection, ctx: Context, opp_id: str) -> Rejection:
    """A rejection as it stands against the finished plan (the hours and money left
    then), not at the moment the entry was turned away."""
    if why.kind == Kept.MONTHS and (late := _after_rung(opp_id, sel, ctx)) is not None:
        return late
    if why.kind == Kept.HOURS:
        return replace(why, hours_left=round(max(0.0, ctx.capacity - sel.hours_used), 2))
    if why.kind == Kept.BUDGET:
        return replace(why, money_left=max(0.0, ctx.budget - sel.cost_used))
    if why.kind == Kept.TOP:
        # A full list is the reason only if the entry would otherwise fit: tried against
        # the finished plan with room in the list, another limit may be what keeps it out.
        roomy = replace(ctx, top=len(sel.chosen) + 1 + len(why.bundle))
        tried = attempt(
            ctx.catalogue.opportunities[opp_id], roomy, sel.state, sel.chosen, "", False
        )
        if isinstance(tried, Rejection) and tried.kind != Kept.TOP:
            return as_now(tried, sel, ctx, opp_id)
    return why


def _after_rung(opp_id: str, sel: Selection, ctx: Context) -> Rejection | None:
    """The next rung of a ladder the plan climbs, kept out by the months because it could
    start only once the rung below ends and would then run past the plan's end."""
    got = ctx.catalogue.programmes.step(opp_id)
    if got is None or got[1].rung is None or got[1].follows not in sel.windows:
        return None
    below = sel.windows[got[1].follows]
    months = shape_of(ctx.catalogue.opportunities[opp_id], ctx).wanted_months
    if below.end + 1 + months <= ctx.horizon:
        return None
    return Rejection(
        Kept.AFTER_RUNG,
        blocker=got[1].follows,
        months_needed=months,
        horizon=ctx.horizon,
        after=below.end + 2,
    )


def left_out(sel: Selection, ctx: Context, skip: set[str]) -> list[LeftOut]:
    """Up to three entries that would still add much, kept out by the limits (those an
    unmet message already suggests are not repeated); and the best qualification needing
    more of your own hours than the whole plan has, so that it is never silently absent."""
    rows: list[tuple[float, str, Rejection, float]] = []
    big: list[tuple[float, str, Rejection, float]] = []
    for opp_id, why in sel.rejected.items():
        if opp_id in skip:
            continue
        total = sel.rejected_scores[opp_id]
        if total < ctx.k.left_out_min or _off_the_ladder(opp_id, sel, ctx):
            continue
        too_big = why.kind == Kept.HOURS and why.hours_needed > why.capacity
        qualification = shape_of(ctx.catalogue.opportunities[opp_id], ctx).shape
        (big if too_big and qualification == "qualification" else rows).append(
            (-total, opp_id, why, total)
        )
    out = []
    shown = _one_per_ladder([*_one_per_ladder(rows, ctx)[:3], *_one_per_ladder(big, ctx)[:1]], ctx)
    for _, opp_id, why, total in shown:
        opp = ctx.catalogue.opportunities[opp_id]
        why = as_now(why, sel, ctx, opp_id)
        change = change_for(opp, why, sel, ctx)
        out.append(
            built(
                LeftOut,
                id=opp_id,
                title=opp.title,
                score=total,
                message=say.left_out_text(opp, why, change, ctx),
                reason=why.kind.value,
                change=change.kind.value if change.kind != ChangeKind.NONE else None,
                more_hours=(change.hours or None) if change.kind == ChangeKind.MORE_HOURS else None,
                more_budget=change.pounds or None,
                **_typed_change(change),
            )
        )
    named = {*skip, *(r.id for r in out)}
    return [*out, *crowded_out(sel, ctx, named)]


def _typed_change(change: Change) -> dict:
    """The numbers of a qualification's change, typed for the plan file."""
    protected = {
        ChangeKind.PROTECTED_TIME: change.hours,
        ChangeKind.LONGER_PLAN: change.protected,
    }.get(change.kind, 0)
    return {
        "protected_hours": protected or None,
        "horizon_months": change.months if change.kind == ChangeKind.LONGER_PLAN else None,
        "include": True if change.include else None,
        "lower_rung": change.rung or None,
        "study_hours": round(change.study, 1) or None,
        "study_months": change.study_months or None,
        "first_rung": change.first_rung or None,
        "top": change.top if change.kind == ChangeKind.LONGER_LIST else None,
        "exclude": list(change.swap_out) if change.kind == ChangeKind.SWAP else [],
    }


def _one_per_ladder(rows: list, ctx: Context) -> list:
    """The rows in order (best first), with one qualification of a ladder (one master's
    or certificate named, not several: its advice names the lower rung that fits)."""
    seen: set[str] = set()
    out = []
    for row in sorted(rows):
        rung = ctx.catalogue.programmes.rung(row[1])
        if rung is not None and rung[0] in seen:
            continue
        if rung is not None:
            seen.add(rung[0])
        out.append(row)
    return out


def ladder_ids(ctx: Context) -> frozenset[str]:
    """The ids on a qualification ladder (`programmes.rung` is not None for them), found
    once: most entries are on none, and asking each of them walks every programme."""
    got = ctx.memo.get("ladder-ids")
    if got is None:
        programmes = ctx.catalogue.programmes
        got = ctx.memo["ladder-ids"] = frozenset(
            i
            for p in programmes.programmes
            for i in (*(s.id for s in p.steps), *p.stands_for)
            if programmes.rung(i) is not None
        )
    return got


def _off_the_ladder(opp_id: str, sel: Selection, ctx: Context) -> bool:
    """Not named as left out: a diploma or master's top-up whose lower rung is not in the
    plan (it would bring the lower rungs with it: the certificate, or the qualification
    taken whole, is named instead, with the lower rung that fits); and, once the plan
    climbs a ladder, any qualification of it other than its next rung (a master's taken
    whole beside the certificate would count the same credits twice)."""
    if opp_id not in ladder_ids(ctx):
        return False
    programmes = ctx.catalogue.programmes
    got = programmes.step(opp_id)
    if got is not None and got[1].rung is not None and got[1].follows is not None:
        return not sel.state.continues(got[1].follows)
    ladder = programmes.rung(opp_id)
    if ladder is None:
        return False
    steps = next(p.steps for p in programmes.programmes if p.id == ladder[0])
    return any(s.id in sel.state.held for s in steps)


CROWDED_SHOWN = 2  # good entries the plan's own rules crowded out, named in 'left out'
NO_BUDGET_SHOWN = 1  # ... and left out only because the budget is £0


def _budget_change(opp: Opportunity, sel: Selection, ctx: Context) -> Change:
    """An entry left out only because the budget is £0: the budget that brings it in,
    checked by planning again; or ask for its price."""
    price = money(opp, replace(ctx, budget=1.0)).counted
    return budget_for(opp, price, sel, ctx) if price else Change(ChangeKind.ASK_PRICE)


def crowded_out(sel: Selection, ctx: Context, named: set[str]) -> list[LeftOut]:
    """Entries that would have earned a place on their own (scored against an empty plan,
    at least as much as an item the plan holds) but were never kept out by a
    limit: crowded out by one-of-a-family or by what the plan already builds, or left out
    at a budget of £0. Named with the swap or budget that brings them in, checked by
    planning again, so that nothing important vanishes in silence."""
    opps = ctx.catalogue.opportunities
    chosen = {c.opp.id for c in sel.chosen}
    empty = empty_state(ctx)
    alone = [total_of(c.opp, ctx, empty) for c in sel.chosen if not c.filler]
    if not alone:
        return []
    cut = max(min(alone), ctx.k.left_out_min)
    held = {o.id for o in ctx.already} | chosen | named | set(sel.rejected)
    rows = []
    ladder = ladder_ids(ctx)  # only these can be off the ladder
    excluded = sel.excluded
    for o in opps.values():
        oid = o.id
        if oid in held or (oid in ladder and _off_the_ladder(oid, sel, ctx)):
            continue
        why = excluded.get(oid)
        if why is not None and why.kind != Out.NO_BUDGET:
            continue
        total = total_of(o, ctx, empty)
        if total >= cut:
            rows.append((why is not None, -total, o.id))
    rows.sort()
    crowded = [r for r in rows if not r[0]][:CROWDED_SHOWN]
    broke = [r for r in rows if r[0]][:NO_BUDGET_SHOWN]
    out = []
    for is_budget, neg, oid in [*crowded, *broke]:
        opp = opps[oid]
        if is_budget:
            change = _budget_change(opp, sel, ctx)
            message = say.no_budget_text(opp, change, ctx)
            reason = Out.NO_BUDGET.value
        else:
            family = family_of(opp, ctx)
            by = tuple(
                c.opp.id
                for c in sel.chosen
                if one_per_family(opp, ctx) and family_of(c.opp, ctx) == family
            )
            change = swap_in(opp, by, sel, ctx) if by else Change(ChangeKind.NONE)
            label = ctx.catalogue.advice.kind_plan(opp.kind).family_label or opp.kind
            message = say.crowded_text(opp, [opps[i].title for i in by], label, change, ctx)
            # Of the same family as an item (one per family), or crowded out by what the
            # plan's items already build: two reasons, not one.
            reason = (Kept.FAMILY if by else Kept.CROWDED).value
        out.append(
            built(
                LeftOut,
                id=oid,
                title=opp.title,
                score=-neg,
                message=message,
                reason=reason,
                change=change.kind.value if change.kind != ChangeKind.NONE else None,
                more_budget=change.pounds or None,
                exclude=list(change.swap_out) if change.kind == ChangeKind.SWAP else [],
            )
        )
    return out


def unmet(sel: Selection, ctx: Context) -> tuple[list[Unmet], set[str]]:
    """Big priorities the plan does not cover, each with what would change that; and the
    ids of the entries suggested."""
    opps = ctx.catalogue.opportunities
    chosen = {c.opp.id for c in sel.chosen}
    out = []
    suggested: set[str] = set()
    for n in ctx.priorities:
        built = sel.state.coverage.get(n.area, 0.0)
        if n.need < ctx.k.unmet_threshold or built >= ctx.k.covered:
            continue
        by = [o.title for o in [*ctx.already, *(c.opp for c in sel.chosen)] if n.area in o.areas]
        by_support = sorted(
            {
                e.support
                for oid, e in sel.excluded.items()
                if e.kind == Out.COVERED and n.area in opps[oid].areas and e.support
            }
        )
        options = sorted(
            (
                o
                for o in opps.values()
                if n.area in o.areas
                and o.id not in chosen
                and (o.id not in sel.excluded or sel.excluded[o.id].kind == Out.NO_BUDGET)
            ),
            key=lambda o: (-o.areas[n.area] * score(o, ctx, sel.state).total, o.id),
        )
        if not options:
            out.append(
                Unmet(
                    area=n.area,
                    need=n.need,
                    message=say.unmet_text(n, by, by_support, None, None, None, ctx),
                    reason="none",
                )
            )
            continue
        # A top-up whose lower rung is not in the plan stands for the ladder's first rung,
        # as it does for a goal: that is where a person starts.
        best = _first_rung(options[0], sel, ctx) or options[0]
        again = best.id in suggested  # named for an earlier priority: its advice once
        suggested.add(best.id)
        why = sel.rejected.get(best.id)
        why = as_now(why, sel, ctx, best.id) if why else None
        excluded = sel.excluded.get(best.id)
        low = score(best, ctx, sel.state).total if why is None and excluded is None else None
        if low is not None and low >= ctx.k.min_score:
            why, low = not_taken(best, sel, ctx), None  # it scores enough: say what kept it
        change = change_for(best, why, sel, ctx) if why else None
        if excluded is not None and excluded.kind == Out.NO_BUDGET:
            change = _budget_change(best, sel, ctx)  # the budget that brings it in, checked
        if again and change is not None:
            change = Change(ChangeKind.NONE)  # said with the priority above
        message = say.unmet_text(n, by, by_support, best, why or excluded, change, ctx, low)
        kept = why or excluded
        out.append(
            Unmet(
                area=n.area,
                need=n.need,
                message=message,
                best=best.id,
                reason=kept.kind.value if kept else "low-score",
                best_score=None if kept else low,
                change=change.kind.value if change and change.kind != ChangeKind.NONE else None,
                **_unmet_hours(change),
            )
        )
    return out, suggested


def _unmet_hours(change: Change | None) -> dict:
    """The more hours a month that bring a need's best entry in, typed for the plan file
    (its sentence's 'N more hours a month (M in all)' is made from the same change)."""
    if change is None or change.kind != ChangeKind.MORE_HOURS:
        return {}
    return {"more_hours": change.hours or None, "hours_per_month": change.per_month or None}


def not_taken(opp: Opportunity, sel: Selection, ctx: Context) -> Rejection:
    """Why an entry scoring enough for a place, and not turned away by a limit, is not in
    the plan: the plan already has one of its family (one per family), or the list is full."""
    held = [*ctx.already, *(c.opp for c in sel.chosen)]
    if one_per_family(opp, ctx) and family_of(opp, ctx) in {family_of(o, ctx) for o in held}:
        return Rejection(Kept.FAMILY)
    return Rejection(Kept.TOP, top=ctx.top)
