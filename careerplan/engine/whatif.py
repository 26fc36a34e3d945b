"""'What would change it': for an entry kept out by the limits, the smallest change that
brings it in (more hours a month, more budget, more study leave, a longer list), checked by
planning again with that change, so the advice is true. Bounded: at most
`advice_replans` plans made again per entry and three times that per plan (beyond it, no
advice rather than unchecked advice); plans made again are kept in `Selection.replans`
for the next entry's question, and share the first plan's memo of scores."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace

from careerplan.engine.context import Context
from careerplan.engine.reasons import Change, ChangeKind, Kept, Rejection
from careerplan.engine.select import Selection, prerequisites, select
from careerplan.engine.time import shape_of
from careerplan.model.opportunity import Opportunity


def change_for(opp: Opportunity, why: Rejection, sel: Selection, ctx: Context) -> Change:
    if why.kind == Kept.FAMILY:
        return Change(ChangeKind.NONE)
    if why.kind == Kept.OPEN_PRICE:
        return Change(ChangeKind.ASK_PRICE)
    if not sel.check_changes:
        return Change(ChangeKind.NONE)
    if why.kind == Kept.TOO_LONG:
        return _longer_plan(opp, why, sel, ctx)
    if why.kind in (Kept.HOURS, Kept.MONTHS, Kept.PROTECTED) and (
        shape_of(opp, ctx).shape == "qualification"
    ):
        # Its study hours are far beyond spare time: time protected by the employer (work
        # time, not the person's own) may let it in; found by planning again with more.
        return _more_protected(opp, sel, ctx)
    if why.kind == Kept.TOP:
        return _longer_list(opp, sel, ctx)
    if why.kind == Kept.BUDGET:
        return _more_budget(opp, why, sel, ctx)
    if why.kind == Kept.LEAVE:
        return _more_leave(opp, why, sel, ctx)
    if why.kind in (Kept.HOURS, Kept.MONTHS):
        return _more_hours(opp, sel, ctx)
    return Change(ChangeKind.NOTHING_SMALL, about="hours")


def _in_plan(key: tuple, wider: Context, opp: Opportunity, sel: Selection) -> bool | None:
    """Whether `opp` is in the plan made again with `wider`; None when this plan has
    already been made again as often as it may be (then no advice is given)."""
    if key not in sel.replans and len(sel.replans) >= wider.k.advice_replans * 3:
        return None
    if key not in sel.replans:
        sel.replans[key] = {c.opp.id for c in select(wider).chosen}
    return opp.id in sel.replans[key]


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
    made again as often as it may be; 'nothing small' when none of them does."""
    for value in tries:
        found = _in_plan((about, value), wider(value), opp, sel)
        if found is None:
            return Change(ChangeKind.NONE)
        if found:
            return change(value)
    return Change(ChangeKind.NOTHING_SMALL, about=about)


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
    present plan, and plans again at most `advice_replans` times."""
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
    return _first_that_takes_it(
        opp,
        sel,
        "hours",
        range(lower, min(most, lower + ctx.k.advice_replans - 1) + 1),
        lambda more: replace(ctx, per_month=ctx.per_month + more),
        lambda more: Change(
            ChangeKind.MORE_HOURS, hours=more, per_month=ctx.per_month + more, verified=True
        ),
    )


def _with_protected(ctx: Context, hours: int) -> Context:
    c = ctx.profile.constraints
    constraints = c.model_copy(update={"protected_study_hours_per_month": hours})
    return replace(ctx, profile=ctx.profile.model_copy(update={"constraints": constraints}))


def _more_protected(opp: Opportunity, sel: Selection, ctx: Context) -> Change:
    """The least protected study time a month (tried: what leaves half, a quarter or none
    of its study to the person's own hours) with which the plan, made again, includes it."""
    now = float(ctx.profile.constraints.protected_study_hours_per_month)
    study = shape_of(opp, _with_protected(ctx, 0)).personal_per_month
    tries = sorted(
        {
            h
            for h in (
                math.ceil(study - ctx.per_month / 2),
                math.ceil(study - ctx.per_month / 4),
                math.ceil(study),
            )
            if h > now
        }
    )
    return _first_that_takes_it(
        opp,
        sel,
        "protected",
        tries[: ctx.k.advice_replans],
        lambda hours: _with_protected(ctx, hours),
        lambda hours: Change(ChangeKind.PROTECTED_TIME, hours=hours, verified=True),
    )


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


def swap_in(opp: Opportunity, out: tuple[str, ...], sel: Selection, ctx: Context) -> Change:
    """An entry crowded out by the plan's items `out` (its family): planned again asking for
    it as well, is it in (the smaller change)? Else, asking for it and leaving them out?"""
    if not sel.check_changes:
        return Change(ChangeKind.NONE)
    both = replace(ctx.steer, include=(*ctx.steer.include, opp.id))
    found = _in_plan(("add", opp.id), replace(ctx, steer=both), opp, sel)
    if found:
        return Change(ChangeKind.SWAP, verified=True)  # nothing to leave out: add it
    steer = replace(
        ctx.steer,
        include=(*ctx.steer.include, opp.id),
        exclude=tuple(dict.fromkeys([*ctx.steer.exclude, *out])),
    )
    found = _in_plan(("swap", opp.id, out), replace(ctx, steer=steer), opp, sel)
    if found:
        return Change(ChangeKind.SWAP, swap_out=out, verified=True)
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
