"""'What would change it': for an entry kept out by the limits, the smallest change that
brings it in (more hours a month, more budget, more study leave, a longer list, a longer
plan, protected study time), checked by planning again with that change, so the advice is
true; for a qualification, also the highest lower rung of its ladder that fits the plan as
it is (checked by planning again asking for it). Protected study time is never suggested
beyond what employers usually release (weights: max_protected_hours); a qualification that
needs more study a month than that and the person's own hours together gets STUDY_LOAD,
what it takes, with its ladder's first rung and that rung's change (checked), and is never
planned again (it cannot fit).

Bounded by what can change the answer: a change with which the entry could not fit even
in an empty plan (its own hours, leave, money or length) is never planned again (it cannot
bring it in); the search stops at the smallest change that works; a plan made again that keeps the
entry out for its hours says by how many, and the hours search jumps there (and stops
when that plan kept nothing out for hours, in a plan of a year or less); at most
`advice_replans` plans made again per question and three times that per plan (beyond it,
no advice rather than unchecked advice); plans made again are kept in `Selection.replans`
for the next entry's question, and share the first plan's memo of scores.

`widened` is the one place a Change becomes the context it describes: the searches plan
again with it, and tests apply advice through it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace

from careerplan.engine.context import Context
from careerplan.engine.reasons import Change, ChangeKind, Exclusion, Kept, Rejection
from careerplan.engine.score import State, exclusion
from careerplan.engine.select import Selection, attempt, prerequisites, select
from careerplan.engine.time import shape_of
from careerplan.model.opportunity import Opportunity

QUALIFICATION_KEPT = (Kept.HOURS, Kept.MONTHS, Kept.PROTECTED, Kept.TOO_LONG, Kept.AFTER_RUNG)


def change_for(opp: Opportunity, why: Rejection, sel: Selection, ctx: Context) -> Change:
    if why.kind == Kept.FAMILY:
        return Change(ChangeKind.NONE)
    if why.kind == Kept.OPEN_PRICE:
        return Change(ChangeKind.ASK_PRICE)
    if not sel.check_changes:
        return Change(ChangeKind.NONE)
    change = _limit_change(opp, why, sel, ctx)
    if shape_of(opp, ctx).shape != "qualification" or change.kind == ChangeKind.NONE:
        return change
    # Whatever keeps a qualification out, a lower rung of its ladder may fit as it is.
    rung = lower_rung(opp, sel, ctx)
    return change._replace(rung=rung) if rung else change


def _limit_change(opp: Opportunity, why: Rejection, sel: Selection, ctx: Context) -> Change:
    """The smallest change of the limit that kept `opp` out with which it comes in."""
    if why.kind in QUALIFICATION_KEPT and shape_of(opp, ctx).shape == "qualification":
        # Its study hours are far beyond spare time, or it is longer than the plan: a
        # longer plan and time protected by the employer (work time, not the person's
        # own) may let it in.
        return _qualification(opp, why, sel, ctx)
    if why.kind == Kept.TOO_LONG:
        return _longer_plan(opp, why, sel, ctx)
    if why.kind == Kept.TOP:
        return _longer_list(opp, sel, ctx)
    if why.kind == Kept.BUDGET:
        return _more_budget(opp, why, sel, ctx)
    if why.kind == Kept.LEAVE:
        return _more_leave(opp, why, sel, ctx)
    if why.kind in (Kept.HOURS, Kept.MONTHS):
        return _more_hours(opp, sel, ctx)
    return Change(ChangeKind.NOTHING_SMALL, about="hours")


def widened(ctx: Context, change: Change, opp: Opportunity) -> Context:
    """The context `change` describes (the person's limits with it applied); `ctx` itself
    for a change that is not a new limit (none, nothing small, ask the price)."""
    k = change.kind
    if k == ChangeKind.MORE_HOURS:
        return replace(ctx, per_month=change.per_month)
    if k == ChangeKind.MORE_BUDGET:
        return replace(ctx, budget=change.budget)
    if k == ChangeKind.MORE_LEAVE:
        return replace(ctx, leave_days_per_year=change.days)
    if k == ChangeKind.LONGER_LIST:
        return replace(ctx, top=change.top)
    if k in (ChangeKind.PROTECTED_TIME, ChangeKind.LONGER_PLAN):
        # A qualification's change: a longer plan, protected time, its fee if short, and
        # asking for it (so that a lower rung does not take its place first).
        wider = replace(ctx, budget=max(ctx.budget, change.budget))
        wider = asking_for(wider, opp.id) if change.include else wider
        if k == ChangeKind.PROTECTED_TIME:
            return _with_protected(wider, change.hours)
        wider = replace(wider, horizon=change.months)
        return _with_protected(wider, change.protected) if change.protected else wider
    if k == ChangeKind.SWAP:
        steer = ctx.steer._replace(
            include=(*ctx.steer.include, opp.id),
            exclude=tuple(dict.fromkeys([*ctx.steer.exclude, *change.swap_out])),
        )
        return replace(ctx, steer=steer)
    return ctx


def asking_for(ctx: Context, opp_id: str) -> Context:
    """The plan made again asking for `opp_id` as well (--include)."""
    return replace(ctx, steer=ctx.steer._replace(include=(*ctx.steer.include, opp_id)))


def could_fit(opp: Opportunity, ctx: Context) -> bool:
    """Could `opp` (with what it builds on) be in a plan with these limits at all: open to
    the person and fitting an otherwise empty plan? A plan made again with more items in it
    only leaves less room, so when it could not, planning again is not needed to know."""
    return why_not(opp, ctx) is None


def why_not(opp: Opportunity, ctx: Context) -> Rejection | Exclusion | None:
    """Why `opp` could not be in even an otherwise empty plan with these limits, or None."""
    if (out := exclusion(opp, ctx)) is not None:  # (a budget of £0 does not keep out one asked for)
        return out
    got = attempt(opp, ctx, State(), [], "", False)
    return got if isinstance(got, Rejection) else None


# The limit, in the words of 'nothing small', that kept an entry out of an empty plan.
LIMIT_WORDS = {
    Kept.HOURS: "hours",
    Kept.BUDGET: "money",
    Kept.LEAVE: "leave",
    Kept.TOP: "list",
    Kept.TOO_LONG: "plan",
    Kept.PROTECTED: "protected",
}


def _in_plan(key: tuple, wider: Context, opp: Opportunity, sel: Selection) -> bool | None:
    """Whether `opp` is in the plan made again with `wider`; None when this plan has
    already been made again as often as it may be (then no advice is given).

    When `opp` is the first entry the plan made again is asked for, the first thing that
    plan does is take it, if it fits an otherwise empty plan (`could_fit` makes exactly
    that check), and nothing later takes an item out: the rest of the plan cannot change
    the answer, so it is not made."""
    if wider.steer.include[:1] == (opp.id,):
        return could_fit(opp, wider)
    if key not in sel.replans and len(sel.replans) >= wider.k.advice_replans * 3:
        return None
    if key not in sel.replans:
        again = select(wider)
        sel.replans[key] = ({c.opp.id for c in again.chosen}, again.rejected)
    return opp.id in sel.replans[key][0]


def _first_that_takes_it(
    opp: Opportunity,
    sel: Selection,
    about: str,
    tries: Iterable[int],
    wider: Callable[[int], Context],
    change: Callable[[int], Change],
) -> Change:
    """The first of `tries` (more hours, money, leave or a longer list) with which the
    plan, made again with `wider(value)`, includes `opp`; no advice once the plan has been
    made again as often as it may be; 'nothing small' when none of them does ('far' when
    with none of them could it fit even an empty plan, so none was planned again)."""
    planned = 0
    last: Rejection | Exclusion | None = None
    for value in tries:
        ctx_ = wider(value)
        last = why_not(opp, ctx_)
        if last is not None:
            continue  # it cannot fit with this change: no need to plan again to know
        if planned >= sel_limit(ctx_):
            break
        found = _in_plan((about, value), ctx_, opp, sel)
        if found is None:
            return Change(ChangeKind.NONE)
        if found:
            return change(value)
        planned += 1
    return _none_would(about, planned, last)


def _none_would(about: str, planned: int, last: Rejection | Exclusion | None) -> Change:
    """No change tried brings it in: planned again and others came first; or never planned
    again, as it could not fit even an empty plan: then far beyond the limit that kept it
    out there (which may not be the one widened), or, kept out by the months, it cannot
    fit the plan's months at all."""
    if planned or last is None:
        return Change(ChangeKind.NOTHING_SMALL, about=about)
    if isinstance(last, Rejection) and last.kind in LIMIT_WORDS:
        return Change(ChangeKind.NOTHING_SMALL, about=LIMIT_WORDS[last.kind], far=True)
    return Change(ChangeKind.NOTHING_SMALL, about="fit")


def sel_limit(ctx: Context) -> int:
    """Plans made again, at most, to answer one question."""
    return int(ctx.k.advice_replans)


def _longer_list(opp: Opportunity, sel: Selection, ctx: Context) -> Change:
    """The shortest longer list with which the plan, made again, includes `opp`: a list
    one longer may take another entry instead, or be filled by the hours first."""
    return _first_that_takes_it(
        opp,
        sel,
        "list",
        range(ctx.top + 1, ctx.top + 1 + ctx.k.advice_replans),
        lambda top: replace(ctx, top=top),
        lambda top: Change(ChangeKind.LONGER_LIST, top=top, verified=True),
    )


def _more_budget(opp: Opportunity, why: Rejection, sel: Selection, ctx: Context) -> Change:
    need = math.ceil(why.money_needed - why.money_left)
    if need > ctx.k.max_extra_budget:
        return Change(ChangeKind.NOTHING_SMALL, about="money", far=True)
    tries = [need, need + math.ceil(sum(c.money.counted or 0 for c in sel.chosen))]
    return _first_that_takes_it(
        opp,
        sel,
        "money",
        tries[: ctx.k.advice_replans],
        lambda more: replace(ctx, budget=ctx.budget + more),
        lambda more: Change(
            ChangeKind.MORE_BUDGET, pounds=more, budget=ctx.budget + more, verified=True
        ),
    )


def _more_leave(opp: Opportunity, why: Rejection, sel: Selection, ctx: Context) -> Change:
    need = math.ceil(why.leave_needed)
    return _first_that_takes_it(
        opp,
        sel,
        "leave",
        range(need, need + ctx.k.advice_replans),
        lambda more: replace(ctx, leave_days_per_year=ctx.leave_days_per_year + more),
        lambda more: Change(
            ChangeKind.MORE_LEAVE, days=ctx.leave_days_per_year + more, verified=True
        ),
    )


def _more_hours(opp: Opportunity, sel: Selection, ctx: Context) -> Change:
    """The fewest extra whole hours a month with which the plan, made again, includes
    `opp`; the search starts where its hours (and its prerequisites') fit alongside the
    present plan, and plans again at most `advice_replans` times (`_hours_search`)."""
    bounds = hours_bounds(opp, sel, ctx)
    return bounds if isinstance(bounds, Change) else _hours_search(opp, sel, ctx, *bounds)


def hours_bounds(opp: Opportunity, sel: Selection, ctx: Context) -> tuple[int, int] | Change:
    """The extra hours a month worth trying (fewest, most), or 'nothing small' when even
    the fewest with which its hours fit beside the present plan is beyond the most."""
    bundle = prerequisites(opp, ctx, {c.opp.id for c in sel.chosen})
    if isinstance(bundle, Rejection):
        return Change(ChangeKind.NOTHING_SMALL, about="hours")
    shapes = [shape_of(o, ctx) for o in [*bundle, opp]]
    total = sel.hours_used + sum(s.personal_hours for s in shapes)
    rate = max(s.personal_per_month for s in shapes)
    most = int(ctx.k.max_extra_hours)
    lower = max(1, math.ceil(total / ctx.horizon - ctx.per_month - 1e-9))
    lower = max(lower, math.ceil(rate - ctx.per_month - 1e-9))
    if lower > most:
        far = total > (ctx.per_month + most) * ctx.horizon / 2
        return Change(ChangeKind.NOTHING_SMALL, about="hours", far=far)
    return lower, most


def _hours_search(opp: Opportunity, sel: Selection, ctx: Context, lower: int, most: int) -> Change:
    """More hours a month, from `lower` up, bounded by what can change the answer: a value
    with which it could not fit even an empty plan is not planned again; a plan made again
    that keeps it out for its hours says how many it is short of, and the search jumps to
    where those would fit (the values between would leave it short beside that plan), so
    the same number of plans made again reaches further; plans made again are shared by
    all entries' questions (`Selection.replans`)."""
    planned = 0
    last: Rejection | Exclusion | None = None
    more = lower
    while more <= most:
        wider = replace(ctx, per_month=ctx.per_month + more)
        last = why_not(opp, wider)
        if last is not None:
            more += 1
            continue  # it cannot fit with this change: no need to plan again to know
        if planned >= sel_limit(ctx):
            break
        found = _in_plan(("hours", more), wider, opp, sel)
        if found is None:
            return Change(ChangeKind.NONE)
        if found:
            return Change(
                ChangeKind.MORE_HOURS, hours=more, per_month=ctx.per_month + more, verified=True
            )
        planned += 1
        others = sel.replans[("hours", more)][1]
        if _hours_decide_nothing(others, ctx):
            break  # more hours would change none of that plan's decisions
        kept = others.get(opp.id)
        short = kept.hours_needed - kept.hours_left if kept and kept.kind == Kept.HOURS else 0.0
        more += max(1, math.ceil(short / ctx.horizon - 1e-9))
    return _none_would("hours", planned, last)


def _hours_decide_nothing(rejected: dict[str, Rejection], ctx: Context) -> bool:
    """In a plan of a year or less (no passes that fill room or give years work, which
    look at the share of hours in use), hours enter a decision only where an entry is kept
    out for its hours or months: when a plan made again kept nothing out so, a plan with
    still more hours makes the same decisions, and the entry stays out."""
    return ctx.horizon <= 12 and not any(
        r.kind in (Kept.HOURS, Kept.MONTHS) for r in rejected.values()
    )


def _with_protected(ctx: Context, hours: int) -> Context:
    c = ctx.profile.constraints
    constraints = c.model_copy(update={"protected_study_hours_per_month": hours})
    return replace(ctx, profile=ctx.profile.model_copy(update={"constraints": constraints}))


def _protected_tries(opp: Opportunity, sel: Selection, ctx: Context) -> list[int]:
    """Protected study hours a month worth trying, fewest first: what leaves all, half, a
    quarter or none of the monthly study (of it, or of the rung it builds on that needs
    most) to the person's own hours."""
    now = float(ctx.profile.constraints.protected_study_hours_per_month)
    none = _with_protected(ctx, 0)
    bundle = prerequisites(opp, none, {c.opp.id for c in sel.chosen})
    rungs = [*bundle, opp] if isinstance(bundle, list) else [opp]
    study = max(shape_of(o, none).personal_per_month for o in rungs)
    most = ceiling(ctx)
    wanted = {
        math.ceil(study - ctx.per_month),
        math.ceil(study - ctx.per_month / 2),
        math.ceil(study - ctx.per_month / 4),
        math.ceil(study),
    }
    # Never more than employers usually release (weights: max_protected_hours); the most
    # itself is tried when more would be wanted.
    wanted = {min(h, most) for h in wanted}
    return sorted(h for h in wanted if now < h <= most)


def ceiling(ctx: Context) -> int:
    """The most protected study time a month the plan suggests asking for (or what the
    person already has, if more)."""
    now = ctx.profile.constraints.protected_study_hours_per_month
    return max(int(ctx.k.max_protected_hours), math.ceil(now))


def study_of(opp: Opportunity, ctx: Context) -> tuple[float, int]:
    """A qualification's study hours a month (from anyone's time) and its months."""
    shape = shape_of(opp, _with_protected(ctx, 0))
    return shape.personal_per_month, shape.wanted_months


def beyond_protected(opp: Opportunity, ctx: Context) -> bool:
    """Does it need more study a month than the most protected time the plan suggests and
    the person's own hours together (so no protected time worth asking for lets it in)?"""
    return study_of(opp, ctx)[0] > ceiling(ctx) + ctx.per_month + 1e-9


def _study_load(opp: Opportunity, sel: Selection, ctx: Context) -> Change:
    """What a qualification beyond realistic protected time takes, and its ladder's first
    rung: its study, and the change within that protected time (checked by planning again
    asking for it) that lets it in, if one does."""
    study, months = study_of(opp, ctx)
    change = Change(ChangeKind.STUDY_LOAD, study=study, study_months=months, ceiling=ceiling(ctx))
    lower = ctx.catalogue.programmes.lower_rungs(opp.id)
    first = ctx.catalogue.opportunities.get(lower[-1]) if lower else None
    if first is None or exclusion(first, ctx) is not None:
        return change
    first_study, first_months = study_of(first, ctx)
    rung = change._replace(first_rung=first.id, first_study=first_study, first_months=first_months)
    if beyond_protected(first, ctx):
        return rung
    why = why_not(first, asking_for(ctx, first.id))
    if why is None:
        return rung  # it fits as it is: named as the lower rung that fits (change_for)
    kind = why.kind if isinstance(why, Rejection) else Kept.HOURS
    got = _qualification(first, Rejection(kind, months_needed=first_months), sel, ctx)
    return rung._replace(first_change=got if got.verified else None)


def _with_money(change: Change, opp: Opportunity, ctx: Context) -> Change:
    """`change`, and the budget it would also take when only money stands in the way of
    the entry in an otherwise empty plan (a master's fee), if not far beyond it."""
    wider = widened(ctx, change, opp)
    got = attempt(opp, wider, State(), [], "", False)
    if not isinstance(got, Rejection) or got.kind != Kept.BUDGET:
        return change
    need = math.ceil(got.money_needed - got.money_left)
    if need > ctx.k.max_extra_budget:
        return change
    return change._replace(pounds=need, budget=ctx.budget + need)


def _qualification(opp: Opportunity, why: Rejection, sel: Selection, ctx: Context) -> Change:
    """The smallest change that lets a qualification in, checked by planning again asking
    for it (so that a lower rung, which suits more people, does not take its place): a plan
    as long as it (when it is longer than the plan), then protected study time, then both,
    each with the budget its fee needs when money is short too. A change with which it
    could not fit even an empty plan is not planned again: as what is asked for is planned
    first, the first change with which it fits an empty plan is nearly always the one."""
    if beyond_protected(opp, ctx):
        return _study_load(opp, sel, ctx)
    if why.kind == Kept.TOO_LONG:
        need = why.months_needed or shape_of(opp, ctx).wanted_months
        horizons = [m for m in (need, need + 6, need + 12) if m <= 60]
    elif why.kind == Kept.AFTER_RUNG or (
        why.kind == Kept.MONTHS and ctx.catalogue.programmes.follows(opp.id) in sel.state.held
    ):
        # The next rung of a ladder that may not fit after the rung before it ends.
        horizons = [m for m in (ctx.horizon, ctx.horizon + 6, ctx.horizon + 12) if m <= 60]
    else:
        horizons = [ctx.horizon]
    tries: list[tuple[int, int]] = []
    for months in horizons:
        longer = replace(ctx, horizon=months)
        tries += [(months, 0)] if months != ctx.horizon else []
        tries += [(months, h) for h in _protected_tries(opp, sel, longer)]
    about = "plan" if len(horizons) > 1 or why.kind == Kept.TOO_LONG else "protected"
    ask = opp.id not in ctx.steer.include  # asking for it, unless the person already does
    planned = 0
    last: Rejection | Exclusion | None = None
    for months, hours in tries:
        change = _with_money(
            Change(ChangeKind.PROTECTED_TIME, hours=hours, include=ask, verified=True)
            if months == ctx.horizon
            else Change(
                ChangeKind.LONGER_PLAN, months=months, protected=hours, include=ask, verified=True
            ),
            opp,
            ctx,
        )
        wider = widened(ctx, change, opp)
        last = why_not(opp, wider)
        if last is not None:
            continue  # it cannot fit with this change: no need to plan again to know
        if planned >= sel_limit(ctx):
            break
        found = _in_plan(("qualification", opp.id, months, hours, change.pounds), wider, opp, sel)
        if found is None:
            return Change(ChangeKind.NONE)
        if found:
            return change
        planned += 1
    return _none_would(about, planned, last)


def lower_rung(opp: Opportunity, sel: Selection, ctx: Context) -> str:
    """The highest lower rung of the qualification ladder `opp` is on (programmes.yaml)
    that fits the plan as it is: planned again asking for it, it comes in. '' when the
    plan holds one already, or none fits."""
    rungs = ctx.catalogue.programmes.lower_rungs(opp.id)
    held = {c.opp.id for c in sel.chosen} | {o.id for o in ctx.already} | set(ctx.steer.done)
    if any(r in held for r in rungs):
        return ""
    opps = ctx.catalogue.opportunities
    for rid in rungs:
        rung = opps.get(rid)
        if rung is None:
            continue
        wider = asking_for(ctx, rid)
        if exclusion(rung, ctx) is not None or not could_fit(rung, wider):
            continue
        found = _in_plan(("rung", rid), wider, rung, sel)
        if found is None:
            return ""
        if found:
            return rid
    return ""


def _longer_plan(opp: Opportunity, why: Rejection, sel: Selection, ctx: Context) -> Change:
    """A plan as long as the entry (and a little longer), checked by planning again."""
    need = why.months_needed
    return _first_that_takes_it(
        opp,
        sel,
        "plan",
        [m for m in (need, need + 6, need + 12) if m <= 60][: ctx.k.advice_replans],
        lambda months: replace(ctx, horizon=months),
        lambda months: Change(ChangeKind.LONGER_PLAN, months=months, verified=True),
    )


def asked_in(opp: Opportunity, sel: Selection, ctx: Context) -> bool | None:
    """Planned again asking for `opp` (--include), is it in? None: not checked (this plan
    has been made again as often as it may be, or advice is not worked out)."""
    if not sel.check_changes:
        return None
    if not could_fit(opp, asking_for(ctx, opp.id)):
        return False  # even asked for, it could not fit an empty plan
    return _in_plan(("add", opp.id), asking_for(ctx, opp.id), opp, sel)


def swap_in(opp: Opportunity, out: tuple[str, ...], sel: Selection, ctx: Context) -> Change:
    """An entry crowded out by the plan's items `out` (its family): planned again asking for
    it as well, is it in (the smaller change)? Else, asking for it and leaving them out?"""
    if not sel.check_changes:
        return Change(ChangeKind.NONE)
    if not could_fit(opp, asking_for(ctx, opp.id)):
        return Change(ChangeKind.NONE)  # even asked for, it would not fit: nothing to offer
    found = _in_plan(("add", opp.id), asking_for(ctx, opp.id), opp, sel)
    if found:
        return Change(ChangeKind.SWAP, verified=True)  # nothing to leave out: add it
    swap = Change(ChangeKind.SWAP, swap_out=out, verified=True)
    found = _in_plan(("swap", opp.id, out), widened(ctx, swap, opp), opp, sel)
    if found:
        return swap
    return (
        Change(ChangeKind.NOTHING_SMALL, about="swap")
        if found is False
        else Change(ChangeKind.NONE)
    )


def budget_for(opp: Opportunity, price: float, sel: Selection, ctx: Context) -> Change:
    """An entry left out only because the budget is £0: the budget that brings it in (its
    price), checked by planning again."""
    if not sel.check_changes:
        return Change(ChangeKind.NONE)
    need = math.ceil(price)
    return _first_that_takes_it(
        opp,
        sel,
        "money",
        [need],
        lambda more: replace(ctx, budget=ctx.budget + more),
        lambda more: Change(
            ChangeKind.MORE_BUDGET, pounds=more, budget=ctx.budget + more, verified=True
        ),
    )
