"""Building the plan: selection from `matching`, then phases, dates, actions, reviews, notes.

`build_plan(profile, catalogue, today=...)` is pure: the same profile, catalogue and
`today` give the same Plan, field for field.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from careerplan import __version__
from careerplan.advice import applies
from careerplan.catalogue import Catalogue
from careerplan.errors import InputError
from careerplan.matching import (
    Chosen,
    Context,
    Selection,
    _lower,
    _num,
    fill,
    hours_that_would_fit,
    make_context,
    money,
    planned_hours,
    reasons,
    score,
    select,
    why_not_with_more_hours,
)
from careerplan.placeholders import resolve
from careerplan.plan import (
    REPORT_SOURCE,
    Acknowledged,
    LeftOut,
    Note,
    Plan,
    PlanItem,
    Priority,
    Source,
    Totals,
    Unmet,
)
from careerplan.profile import Profile
from careerplan.schedule import Window, monthly_load

MAX_HORIZON = 60
NUMBER_WORDS = {
    1: "One",
    2: "Two",
    3: "Three",
    4: "Four",
    5: "Five",
    6: "Six",
    7: "Seven",
    8: "Eight",
    9: "Nine",
    10: "Ten",
}
MAX_TOP = 20


@dataclass(frozen=True)
class Overrides:
    """What-if changes to the profile for one plan (`--top`, `--horizon`, `--start`)."""

    top: int | None = None
    horizon: int | None = None
    start: dt.date | None = None

    def check(self) -> None:
        if self.top is not None and not 1 <= self.top <= MAX_TOP:
            raise InputError(f"--top {self.top}: give a number of items from 1 to {MAX_TOP}")
        if self.horizon is not None and not 1 <= self.horizon <= MAX_HORIZON:
            raise InputError(
                f"--horizon {self.horizon}: give a number of months from 1 to {MAX_HORIZON}"
            )

    def as_data(self) -> dict:
        out: dict = {}
        if self.top is not None:
            out["top"] = self.top
        if self.horizon is not None:
            out["horizon_months"] = self.horizon
        if self.start is not None:
            out["start"] = self.start.isoformat()
        return out


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (the month's last day if it is shorter)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(plan_start: dt.date, month: int) -> dt.date:
    return add_months(plan_start, month)


def month_end(plan_start: dt.date, month: int) -> dt.date:
    """Last day of plan month `month` (0-based)."""
    return add_months(plan_start, month + 1) - dt.timedelta(days=1)


def apply_overrides(profile: Profile, overrides: Overrides) -> Profile:
    update = {}
    if overrides.horizon is not None:
        update["horizon_months"] = overrides.horizon
    if overrides.start is not None:
        update["start"] = overrides.start
    if not update:
        return profile
    return profile.model_copy(update={"constraints": profile.constraints.model_copy(update=update)})


def build_plan(
    profile: Profile,
    catalogue: Catalogue,
    *,
    today: dt.date,
    overrides: Overrides | None = None,
    already: tuple = (),
    what_if_hours: bool = True,
) -> Plan:
    """The whole plan for one person (pure: `today` only stamps `generated_on`).

    `already`: opportunities carried forward from last year's plan; they are not chosen
    again and count towards the diminishing returns for their areas and kinds.
    `what_if_hours=False` leaves out the 'N more hours a month would allow it' advice, which
    plans again to check it (for summaries of many plans, which do not show it)."""
    overrides = overrides or Overrides()
    overrides.check()
    profile = apply_overrides(profile, overrides)
    ctx = make_context(profile, catalogue, top=overrides.top, already=tuple(already))
    sel = select(ctx)
    sel.check_hours = what_if_hours
    start = profile.start
    end = month_end(start, ctx.horizon - 1)
    items = _items(sel, ctx, start)
    unmet, suggested = _unmet(sel, ctx)
    return Plan(
        generated_on=today,
        generator=f"careerplan {__version__}",
        profile=profile,
        stage=ctx.stage,
        start=start,
        end=end,
        horizon_months=ctx.horizon,
        priorities=[
            Priority(
                area=n.area,
                label=n.label,
                rating=n.rating,
                weight=n.importance,
                need=n.need,
                why=n.why,
            )
            for n in ctx.priorities
        ],
        items=items,
        totals=_totals(sel, ctx),
        reviews=reviews(start, ctx.horizon, int(ctx.k.review_every_months)),
        notes=[*_room_note(sel, ctx, start), *_notes(ctx)],
        unmet=unmet,
        left_out=_left_out(sel, ctx, skip=suggested),
        acknowledged=_acknowledged(ctx),
        sources=_sources(sel),
        mentor=profile.mentor,
        extra={"overrides": overrides.as_data()} if overrides.as_data() else {},
    )


def reviews(start: dt.date, horizon: int, every: int) -> list[dt.date]:
    """A review at the end of every `every` months, and one at the end of the plan."""
    every = max(1, every)
    out = [month_end(start, m - 1) for m in range(every, horizon, every)]
    out.append(month_end(start, horizon - 1))
    return out


# ---------------------------------------------------------------------------------- items


def phase_of(c: Chosen, window: Window, ctx: Context) -> int:
    if ctx.catalogue.advice.kind_plan(c.opp.kind).phase == "long":
        return 3
    return 1 if window.start < int(ctx.k.early_months) else 2


def _items(sel: Selection, ctx: Context, start: dt.date) -> list[PlanItem]:
    titles = {c.opp.id: c.opp.title for c in sel.chosen}
    rows = []
    for c in sel.chosen:
        w = sel.windows[c.opp.id]
        rows.append((phase_of(c, w, ctx), w.start, -c.score.total, c.opp.id, c, w))
    rows.sort(key=lambda r: r[:4])
    out = []
    for phase, _, _, _, c, w in rows:
        opp = c.opp
        builds_on = [titles[p] for p in opp.prerequisites if p in titles]
        before = [titles[o.opp.id] for o in sel.chosen if opp.id in o.opp.prerequisites]
        first = month_start(start, w.start)
        target = month_end(start, w.end)
        out.append(
            PlanItem(
                id=opp.id,
                title=opp.title,
                kind=opp.kind,
                provider=opp.provider,
                url=opp.url,
                phase=phase,
                phase_label=ctx.catalogue.advice.phase(phase).label,
                start=first,
                target_date=target,
                hours=c.hours,
                hours_basis=c.hours_basis,
                hours_per_month=round(w.rate, 2),
                cost=opp.counted_cost if opp.cost_is_band else opp.cost,  # type: ignore[arg-type]
                cost_note=c.money.note,
                cost_counted=c.money.counted,
                funding=list(opp.funding),
                areas=[a for a, _ in sorted(opp.areas.items(), key=lambda kv: (-kv[1], kv[0]))],
                goals=[g for g in ctx.profile.goals if g in opp.goals],
                score=c.score.total,
                reasons=reasons(c, ctx, comes_before=before, builds_on=builds_on),
                action=smart_action(c, w, ctx, first, target),
                evidence=resolve(opp.evidence.strip(), ctx.profile, ctx.catalogue.wording),
                source=opp.source,
            )
        )
    return out


def fmt_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def fmt_month(day: dt.date) -> str:
    return f"{day:%B %Y}"


def smart_action(c: Chosen, w: Window, ctx: Context, first: dt.date, target: dt.date) -> str:
    """Specific first step with a date, then what to do, when, for how long, by when."""
    opp = c.opp
    step = resolve(
        opp.action or f"Contact {opp.provider} to confirm dates, cost and how to take part.",
        ctx.profile,
        ctx.catalogue.wording,
    ).strip()
    step = step[:1].upper() + step[1:]
    if not step.endswith("."):
        step += "."
    step_by = min(first + dt.timedelta(days=13), target)
    doing = ctx.catalogue.advice.kind_plan(opp.kind).doing
    hours = _num(c.hours)
    if w.months == 1 and (first.year, first.month) == (target.year, target.month):
        when = (
            f"Then {doing} in {fmt_month(first)} (about {hours} hours), finishing by "
            f"{fmt_date(target)}."
        )
    elif w.months == 1:  # a plan month that runs across two calendar months
        when = (
            f"Then {doing} between {fmt_date(first)} and {fmt_date(target)} (about {hours} hours)."
        )
    else:
        rate = _num(round(w.rate, 1))
        when = (
            f"Then {doing} from {fmt_month(first)} to {fmt_month(target)}, about "
            f"{rate} hour{'' if rate == '1' else 's'} a month ({hours} hours in all), "
            f"finishing by {fmt_date(target)}."
        )
    return f"By {fmt_date(step_by)}: {step} {when}"


# --------------------------------------------------------------------------------- totals


def _totals(sel: Selection, ctx: Context) -> Totals:
    load = monthly_load(sel.windows, ctx.horizon)
    return Totals(
        hours=round(sum(c.hours for c in sel.chosen), 2),
        hours_available=round(ctx.capacity, 2),
        cost=round(sum(c.money.counted or 0.0 for c in sel.chosen), 2),
        budget=ctx.budget,
        cost_unknown=[c.opp.id for c in sel.chosen if c.money.counted is None],
        levy_funded=[c.opp.id for c in sel.chosen if c.money.route == "levy"],
        free_or_funded=[
            c.opp.id for c in sel.chosen if c.money.route in ("free", "nhs-england-funded")
        ],
        hours_per_month=ctx.per_month,
        hours_by_month=[round(x, 2) for x in load],
        hours_unknown=[c.opp.id for c in sel.chosen if c.hours_basis == "allowance"],
    )


# ------------------------------------------------------------------------ notes and unmet


def _notes(ctx: Context) -> list[Note]:
    facts = ctx.facts()
    out = []
    for note in ctx.catalogue.advice.notes:
        if applies(note.when, facts):
            out.append(Note(text=fill(note.text.strip(), ctx), source=note.source))
        if len(out) >= int(ctx.k.max_notes):
            break
    return out


ROOM_SOURCE = "How full this plan is"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _room_note(sel: Selection, ctx: Context, start: dt.date) -> list[Note]:
    """When the plan uses less than half its hours, or had to take lesser items to fill a
    long plan: why it is not fuller, and what would change that."""
    k = ctx.k
    used = sum(c.hours for c in sel.chosen)
    fillers = [c for c in sel.chosen if c.filler]
    if ctx.capacity <= 0 or (used >= k.fill_below * ctx.capacity and not fillers):
        return []
    vocab = ctx.catalogue.vocab
    stage = _lower(vocab.label("stages", ctx.stage))
    opps = ctx.catalogue.opportunities
    chosen = {c.opp.id for c in sel.chosen}
    last = max((sel.windows[c.opp.id].end for c in sel.chosen), default=-1)
    head = f"This plan uses {_num(used)} of the {_num(ctx.capacity)} hours you have"
    if 0 <= last < ctx.horizon - 1:
        head += f", and nothing is planned after {month_end(start, last):%B %Y}"
    why = []
    other_stage = sum(1 for w in sel.excluded.values() if "other stages" in w)
    if other_stage:
        why.append(
            f"{other_stage} of the catalogue's {len(opps)} opportunities are meant "
            f"for other stages than {_a_word(stage)}"
        )
    covered = sum(1 for w in sel.excluded.values() if "you already have" in w)
    if covered:
        why.append(f"{_count(covered, 'is', 'are')} of a kind your support in place already covers")
    open_ = [o for o in opps.values() if o.id not in sel.excluded and o.id not in chosen]
    budget = [i for i, w in sel.rejected.items() if "budget" in w or "price" in w]
    if budget:
        why.append(
            f"{_count(len(budget), 'opportunity costs', 'opportunities cost')} more "
            f"than your £{ctx.budget:,.0f} budget allows"
        )
    unknown = [o for o in open_ if money(o, ctx).route == "unknown"]
    if unknown:
        factor = k.unknown_cost_no_budget if ctx.budget <= 0 else k.unknown_cost
        why.append(
            f"{_count(len(unknown), 'has', 'have')} no published price, which counts "
            f"against {'it' if len(unknown) == 1 else 'them'} (× {_num(factor)})"
            + (" with no budget" if ctx.budget <= 0 else "")
        )
    little = [
        o
        for o in open_
        if o.id not in sel.rejected and score(o, ctx, sel.state).total < k.min_score
    ]
    if little:
        why.append(
            f"{_count(len(little), 'adds', 'add')} too little once this plan's items "
            f"are in (a score below {_num(k.min_score)})"
        )
    if any("--top" in w for w in sel.rejected.values()):
        why.append(f"the plan holds at most {ctx.top} items")
    text = head + "."
    if why:
        text += " Why: " + "; ".join(why) + "."
    if fillers:
        titles = [c.opp.title for c in fillers]
        names = titles[0] if len(titles) == 1 else "; ".join(titles[:-1]) + "; and " + titles[-1]
        text += (
            f" So that a plan this long is not mostly empty, it also includes "
            f"{'an item' if len(fillers) == 1 else 'items'} scoring below the "
            f"{_num(k.min_score)} a place usually needs: {names}."
        )
    change = []
    if budget or (unknown and ctx.budget <= 0):
        change.append("a budget, or your employer's agreement to fund a course")
    change.append("naming more priority areas or goals in your profile")
    if any("--top" in w for w in sel.rejected.values()):
        change.append(f"a longer list (--top {ctx.top + 2})")
    change.append(
        "adding local opportunities, such as a role in your organisation, with --catalogue"
    )
    if ctx.horizon > 12:
        change.append("a one-year plan (--horizon 12), planning again next year")
    text += " What would change it: " + "; ".join(change[:-1]) + "; or " + change[-1] + "."
    return [Note(text=text, source=ROOM_SOURCE)]


def _a_word(phrase: str) -> str:
    return f"{phrase}s"


def _acknowledged(ctx: Context) -> list[Acknowledged]:
    vocab = ctx.catalogue.vocab
    out = []
    for support in ctx.profile.support_in_place:
        rule = ctx.catalogue.advice.support_rule(support)
        if rule:
            message = fill(rule.message.strip(), ctx)
        else:
            message = (
                f"You already have {_lower(vocab.label('support', support))}; the "
                "plan builds on it rather than adding another."
            )
        out.append(Acknowledged(support=support, message=message))
    return out


def _left_out(sel: Selection, ctx: Context, skip: set[str]) -> list[LeftOut]:
    """Up to three opportunities that would still add much, kept out by the limits (those
    an unmet message already suggests are not repeated)."""
    rows = []
    for opp_id, why in sel.rejected.items():
        if opp_id in skip:
            continue
        total = sel.rejected_scores[opp_id]
        if total >= ctx.k.left_out_min:
            rows.append((-total, opp_id, ctx.catalogue.opportunities[opp_id], why, total))
    out = []
    for _, opp_id, opp, why, total in sorted(rows)[:3]:
        message = f"{opp.title} (score {_num(total)}) is left out: {why}." + _suggest(
            opp, why, sel, ctx
        )
        out.append(LeftOut(id=opp_id, title=opp.title, score=total, message=message))
    return out


def _unmet(sel: Selection, ctx: Context) -> tuple[list[Unmet], set[str]]:
    """Big priorities the plan does not cover, each with what would change that; and the
    ids of the opportunities suggested."""
    vocab = ctx.catalogue.vocab
    opps = ctx.catalogue.opportunities
    out = []
    suggested: set[str] = set()
    for n in ctx.priorities:
        built = sel.state.coverage.get(n.area, 0.0)
        if n.need < ctx.k.unmet_threshold or built >= ctx.k.covered:
            continue
        area = _lower(n.label)
        if built > 0:
            by = [
                o.title for o in [*ctx.already, *(c.opp for c in sel.chosen)] if n.area in o.areas
            ]
            head = (
                f"{n.label} (need {_num(n.need)}) is only touched on (by " + " and ".join(by) + ")"
            )
        else:
            head = f"{n.label} (need {_num(n.need)}) is not covered by this plan"
        by_support = sorted(
            {
                ctx.covered[o.kind]
                for o in opps.values()
                if n.area in o.areas and ctx.stage in o.stages and o.kind in ctx.covered
            }
        )
        options = sorted(
            (
                o
                for o in opps.values()
                if n.area in o.areas
                and o.id not in sel.excluded
                and o.id not in {c.opp.id for c in sel.chosen}
            ),
            key=lambda o: (-o.areas[n.area] * score(o, ctx, sel.state).total, o.id),
        )
        if not options:
            if by_support:
                who = " and ".join(
                    _lower(vocab.label("support", s)).removeprefix("a ").removeprefix("an ")
                    for s in by_support
                )
                message = f"{head}. Work on {area} with the {who} you already have."
            else:
                stage = _lower(vocab.label("stages", ctx.stage))
                more = " more" if built > 0 else ""
                message = (
                    f"{head}. Nothing else in the catalogue builds it{more} for "
                    f"{stage}s: ask your mentor or appraiser about a local "
                    "opportunity, and add it with --catalogue."
                )
            out.append(Unmet(area=n.area, need=n.need, message=message))
            continue
        best = options[0]
        suggested.add(best.id)
        why = sel.rejected.get(best.id)
        message = f"{head}. {best.title} would build it"
        if why is None:
            s = score(best, ctx, sel.state)
            message += (
                f", but with the rest of the plan in place it adds little (score "
                f"{_num(s.total)}, below the {_num(ctx.k.min_score)} a place needs)."
            )
            if not n.named:
                message += f" If {area} matters more than that, name it a priority."
        else:
            message += f", but {why}." + _suggest(best, why, sel, ctx)
        out.append(Unmet(area=n.area, need=n.need, message=message))
    return out, suggested


def _suggest(opp, why: str, sel: Selection, ctx: Context) -> str:
    """What would change it: more hours a month, more budget, the levy, a longer list."""
    if "--top" in why:
        return f" A longer plan (--top {ctx.top + 1}) would include it."
    if "budget" in why:
        spent = sum(c.money.counted or 0.0 for c in sel.chosen)
        m = money(opp, ctx)
        more = (m.counted or 0.0) + spent - ctx.budget
        text = f" £{more:,.0f} more budget would allow it"
        if not ctx.levy and "apprenticeship-levy" in opp.funding:
            text += ", or funding from your organisation's apprenticeship levy"
        return text + "."
    if "hours" in why and not sel.check_hours:
        return ""
    if "hours" in why:
        hours, _ = planned_hours(opp, ctx.k)
        more = hours_that_would_fit(ctx, sel.chosen, opp, sel.replans)
        if more is not None:
            total = ctx.per_month + more
            word = NUMBER_WORDS.get(more, str(more))
            return (
                f" {word} more hour{'s' if more != 1 else ''} a month ({_num(total)} in "
                f"all) would allow it."
            )
        return why_not_with_more_hours(ctx, sel.chosen, opp)
    if "price" in why:
        return f" Ask {opp.provider} for the price."
    return ""


def _sources(sel: Selection) -> list[Source]:
    out = [
        Source(
            title=REPORT_SOURCE["title"],
            publisher=REPORT_SOURCE["publisher"],
            date=REPORT_SOURCE["date"],
        )
    ]
    seen = set()
    for c in sorted(sel.chosen, key=lambda c: c.opp.id):
        key = (c.opp.provider, c.opp.url)
        if c.opp.url and key not in seen:
            seen.add(key)
            out.append(
                Source(
                    title=c.opp.title,
                    publisher=c.opp.provider,
                    date=f"checked {c.opp.last_reviewed.isoformat()}",
                    url=c.opp.url,
                )
            )
    return out
