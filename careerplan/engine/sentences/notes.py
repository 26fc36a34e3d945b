"""Sentences of the plan-wide notes: why a plan is not fuller, what the person asked,
the first goal, support in place, the levy, a plan that starts in the past."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from careerplan import wording
from careerplan.engine.context import Context
from careerplan.engine.sentences.common import (
    _lower,
    fill,
)
from careerplan.wording import num as _num

# ------------------------------------------------------------------------ plan-wide notes


class RoomCounts(NamedTuple):
    """Why a plan is not fuller, counted from the typed exclusions and rejections."""

    used: float
    capacity: float
    empty_after: dt.date | None
    catalogue: int
    other_stage: int
    covered: int
    no_budget: int
    over_budget: int
    no_leave: int
    too_long: int
    too_little: int
    full: bool
    fillers: list[str]
    year_shares: tuple[float, ...] = ()  # share of each plan year's hours used (long plans)
    lines: int = 0  # lines of work the plan holds (--top counts these)


def room_text(c: RoomCounts, ctx: Context) -> str:  # noqa: C901 - one clause a cause, in order
    count = wording.plural
    k = ctx.k
    stage = _lower(ctx.catalogue.vocab.label("stages", ctx.stage))
    text = f"This plan uses {_num(c.used)} of the {_num(c.capacity)} hours of your own time"
    if c.year_shares:
        shares = [f"year {i + 1} {round(100 * s)}%" for i, s in enumerate(c.year_shares)]
        text += f" ({wording.and_list(shares)})"
    if c.empty_after:
        text += f", and nothing is planned after {wording.month(c.empty_after)}"
    text += "."
    if c.full:
        text += (
            f" It holds {count(c.lines or ctx.top, 'line')} of work, the most a plan of this "
            "length shows, so that each gets done well rather than many started."
        )
    why = []
    if c.too_little:
        why.append(
            f"{count(c.too_little, 'would', 'would')} mostly repeat the plan or serve your "
            "goals only a little"
        )
    if c.other_stage:
        why.append(f"{c.other_stage} are for other stages than {stage}s")
    if c.covered:
        why.append(f"{count(c.covered, 'is', 'are')} of a kind your support in place covers")
    if c.no_budget:
        why.append(f"{count(c.no_budget, 'is', 'are')} paid or unpriced, and your budget is £0")
    if c.over_budget:
        why.append(
            f"{count(c.over_budget, 'costs', 'cost')} more than your "
            f"{wording.money(ctx.budget)} budget allows"
        )
    if c.no_leave:
        why.append(f"{count(c.no_leave, 'needs', 'need')} more study leave than you have")
    if c.too_long:
        why.append(f"{count(c.too_long, 'takes', 'take')} longer than the plan")
    if why:
        text += f" Of the rest of the catalogue's {c.catalogue} entries, " + "; ".join(why) + "."
    text += " Keep the free hours for reflection and the unplanned; revisit them at each review."
    if c.fillers:
        names = (
            c.fillers[0]
            if len(c.fillers) == 1
            else "; ".join(c.fillers[:-1]) + "; and " + c.fillers[-1]
        )
        text += (
            " So that a plan this long is not mostly empty, it also includes "
            f"{wording.noun(len(c.fillers), 'an item', 'items')} scoring below the "
            f"{_num(k.min_score)} a place usually needs: {names}."
        )
    change = []
    if c.no_budget or c.over_budget:
        change.append("a budget, or your employer's agreement to fund a course")
    change.append("naming more priority areas or goals in your profile")
    if c.full:
        change.append(f"a longer list (--top {ctx.top + 2})")
    change.append(
        "adding local opportunities, such as a role in your organisation, with --catalogue"
    )
    if ctx.horizon > 12 and not all(c.year_shares):  # a year with no work of its own
        change.append("a one-year plan (--horizon 12), planning again next year")
    return text + " What would change it: " + "; ".join(change[:-1]) + "; or " + change[-1] + "."


def steer_text(
    included: list[str],
    kept: list[tuple[str, str, str]],
    excluded: list[str],
    done: list[str],
) -> str:
    """`kept`: (title, why it is not in, what would change that or '')."""
    parts = []
    if included:
        parts.append(f"Included as you asked: {wording.and_list(included)}.")
    for title, why, advice in kept:
        parts.append(f"You asked to include {title}, but {why}." + (f" {advice}" if advice else ""))
    if excluded:
        parts.append(f"Left out as you asked: {wording.and_list(excluded)}.")
    if done:
        parts.append(f"Not planned again, as you have done it: {wording.and_list(done)}.")
    return " ".join(parts)


def first_goal_text(ctx: Context, serving: int, open_: int) -> str:
    goal = ctx.catalogue.vocab.label("goals", ctx.profile.goals[0])
    if not serving:
        return (
            f"Nothing in the catalogue serves your first goal, ‘{goal}’: ask your mentor or "
            "appraiser about a local opportunity, and add it with --catalogue."
        )
    if not open_:
        return (
            f"None of the {serving} catalogue entries for your first goal, ‘{goal}’, is open "
            "to you: each is meant for other stages, paid or unpriced beyond your budget, or of "
            "a kind your support in place covers. Ask your mentor or appraiser about a local "
            "opportunity for it, and add it with --catalogue."
        )
    return (
        f"None of the {open_} catalogue entries for your first goal, ‘{goal}’, fits your "
        "time and budget this time: see 'Left out for now' for what would change that."
    )


def support_text(support: str, rule, ctx: Context, added: list[str] | None = None) -> str:
    """Support in place, acknowledged; `added`: items of the same type the plan still adds
    (then the message says so rather than that it adds none)."""
    label = _lower(ctx.catalogue.vocab.label("support", support))
    if added:
        titles = wording.and_list(added)
        if rule and rule.message_when_added:
            return fill(rule.message_when_added.strip().replace("{added}", titles), ctx)
        return (
            f"You already have {label}; the plan also adds {titles}, which is wider than "
            "your own and does not replace it."
        )
    if rule:
        return fill(rule.message.strip(), ctx)
    return f"You already have {label}; the plan builds on it rather than adding another."


def levy_text(rule_note: str | None) -> str:
    return (
        "Your profile says the apprenticeship levy could fund a qualification; the plan does "
        "not count on it. " + (rule_note or "Its rules do not open it to you now.")
    ).strip()


def past_start_text(start: dt.date, today: dt.date, next_start: dt.date) -> str:
    return (
        f"This plan starts on {wording.date(start)}, before today ({wording.date(today)}), so its "
        "first steps are already due. To plan from now, make it again with "
        f"--start {next_start.isoformat()} (or a later start in your profile)."
    )


def empty_year_text(year: int, first: dt.date, last: dt.date, review: dt.date) -> str:
    """A year of a long plan in which nothing new starts (`year` 0-based), and what to do."""
    return (
        f"Nothing new starts in year {year + 1} of this plan ({wording.date(first)} to "
        f"{wording.date(last)}): what the catalogue offers you is in the plan already, or "
        "would mostly repeat it, or does not fit your hours, leave or budget. Agree that "
        f"year's work at the review on {wording.date(review)} and plan it then (careerplan "
        f"plan --start {first.isoformat()} --horizon 12), adding local opportunities with "
        "--catalogue."
    )
