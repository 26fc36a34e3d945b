"""Sentences about one plan item: why it is in (reasons, the score's arithmetic, a
need's why), how its time and money fall, its agreed action, and its line in the table."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from careerplan import wording
from careerplan.engine.calendar import working_day
from careerplan.engine.context import Context
from careerplan.engine.money import Buy, Money
from careerplan.engine.needs import Need
from careerplan.engine.reasons import CostWhy
from careerplan.engine.score import Score
from careerplan.engine.situation import brought_by
from careerplan.engine.time import Shape
from careerplan.model.funding import route_status
from careerplan.model.opportunity import UNKNOWN, Opportunity
from careerplan.model.placeholders import resolve
from careerplan.wording import num as _num

if TYPE_CHECKING:
    from careerplan.engine.schedule import Window
    from careerplan.engine.select import Chosen

from careerplan.engine.sentences.common import (
    STRENGTH_WORDS,
    _a,
    _goal_link,
    _lower,
    _rated,
    days_text,
    fill,
    hours_text,
    ordinal,
)


def reasons(  # noqa: C901 - one sentence a kind of reason, in the order they are read
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
    picked = PICKED.get(c.why)
    if c.why == "situation":
        situation = brought_by(opp, ctx)
        picked = ctx.catalogue.advice.situations.first_reasons.get(situation or "")
    if picked:
        out.append(fill(picked.strip(), ctx))
    if c.why in ("goal", "priority") and c.serves:
        out.append(_serves_text(c.why, c.serves, c.score.kind_count > 0, ctx))
    priority_areas = {n.area for n in ctx.priorities}
    if s.areas and (s.areas[0].area in priority_areas or s.areas[0].value >= 2):
        top = s.areas[0]
        n = ctx.needs[top.area]
        first = _rated(n, scale.top)
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
                rated = (
                    f"rated {wording.rating(m.rating, scale.top)}"
                    if m.rating is not None
                    else "not rated"
                )
                bits.append(f"{_lower(m.label)} ({rated})")
            sentence += " It also builds " + " and ".join(bits) + "."
        out.append(sentence)
    elif s.areas:  # it builds something the person needs, if not a priority
        out.append(_builds_text(s, ctx))
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
    years = wording.in_post(ctx.profile.years_in_role)
    if s.stage_count <= 2:
        fits = " and ".join(_lower(vocab.label("stages", x)) + "s" for x in opp.stages)
        out.append(f"It is made for {fits}, and you are {_a(stage_label)} ({years}).")
    else:  # open to most stages: what it asks of this person's time says more
        out.append(_fit_text(c, ctx))
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
    if c.shape.basis == "allowance":
        out.append(
            f"Its hours are not known: the plan allows {_num(c.hours)} hours; check "
            "with the provider."
        )
    return out


def _builds_text(s: Score, ctx: Context) -> str:
    """The areas an item builds for the person, with their ratings (up to two)."""
    scale = ctx.catalogue.assessment
    bits = []
    for a in s.areas[:2]:
        n = ctx.needs[a.area]
        rated = (
            f"rated {wording.rating(n.rating, scale.top)}" if n.rating is not None else "not rated"
        )
        bits.append(f"{_lower(n.label)} {STRENGTH_WORDS[a.strength]} ({rated})")
    return "It builds " + " and ".join(bits) + "."


def _serves_text(why: str, serves: str, second: bool, ctx: Context) -> str:
    """Why an item chosen so that a goal or priority is not left unserved is here."""
    vocab = ctx.catalogue.vocab
    if why == "goal":
        rank = ctx.profile.goals.index(serves)
        what = f"serves your {ordinal(rank)} goal, ‘{vocab.label('goals', serves)}’"
    else:
        what = f"builds your priority ‘{_lower(vocab.label('areas', serves))}’ well"
    text = f"Nothing else in the plan {what}, so the best entry for it that fits is here"
    return text + (", though the plan holds a similar item already." if second else ".")


def _fit_text(c: Chosen, ctx: Context) -> str:
    """How the item fits the person's time, from its typed shape: study leave, released work
    time, or how much of their own hours a month it takes."""
    shape = c.shape
    mine = hours_text(ctx.per_month)
    if shape.shape == "block" and shape.leave_days:
        return (
            f"It takes {days_text(shape.leave_days)} of study leave (you have "
            f"{days_text(ctx.leave_days_per_year)} a year) and none of your monthly hours."
        )
    if not shape.personal_hours and shape.protected_per_month:
        return "It runs in work time your employer releases, so it takes none of your own hours."
    if shape.months <= 1:
        return f"It takes about {hours_text(shape.personal_hours)} in all, once."
    return (
        f"It takes about {hours_text(round(shape.personal_per_month, 1))} of the {mine} a "
        f"month you have, for {wording.plural(shape.months, 'month')}."
    )


def programme_reasons(c: Chosen, titles: dict[str, str], ctx: Context) -> list[str]:
    """Where the item sits in a programme of work, or the year of the plan it was given."""
    out = []
    programmes = ctx.catalogue.programmes
    got = programmes.step(c.opp.id)
    if got is not None:
        name = got[0].title
        follows = got[1].follows
        later = [titles[i] for i in programmes.next_steps(c.opp.id) if i in titles]
        if follows in titles:
            out.append(
                f"It is the next step of ‘{name}’ after {titles[follows]}, so it counts as "
                "progress on that work, not as one more item of the same kind."
            )
        elif later:
            out.append(f"It starts ‘{name}’: {wording.and_list(later)} follows it in this plan.")
    if c.why == "year" and c.at is not None:
        out.append(
            f"It gives year {c.at // 12 + 1} of this plan its own work, as a plan over "
            "several years should."
        )
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
        similar = (
            "a similar item" if s.kind_count == 1 else wording.plural(s.kind_count, "similar item")
        )
        text += f"; × {_num(s.kind_factor)} as the plan already has {similar} ({family})"
    if s.cost_factor != 1:
        text += f"; × {_num(s.cost_factor)} {_cost_why(s, ctx)}"
    if s.kind_factor != 1 or s.cost_factor != 1:
        text += f"; = {_num(s.total)}"
    return text + "."


def _cost_why(s: Score, ctx: Context) -> str:
    """Why the cost multiplies the score, from its typed reason."""
    if s.cost_why == CostWhy.ELIGIBLE_FREE and s.cost_route:
        return f"as it is free or funded for you ({route_label(s.cost_route, ctx)})"
    return "as the cost is unknown"


PICKED = {
    "asked": "You asked for it to be included.",
    "first-goal": "It is the best fit in the catalogue for your first goal, {first_goal}, "
    "so it was chosen first.",
    "top-priority": "It is the best fit for your top priority, {top_area}, so it was "
    "chosen before lesser items.",
    "repeat": "It is the second of its kind in the plan: nothing else left serves you as well.",
}


# ---------------------------------------------------------------------------------- needs


def need_why(n: Need, ctx: Context) -> str:
    """An area's need in words, with every number."""
    vocab = ctx.catalogue.vocab
    scale = ctx.catalogue.assessment
    words = []
    for p in n.parts:
        if p.source == "base":
            words.append((p.value, "for every area"))
        elif p.source == "goal":
            words.append(
                (
                    p.value,
                    f"from your {ordinal(p.rank)} goal, ‘{vocab.label('goals', p.goal)}’"
                    f" ({_num(p.goal_weight)} × {_num(p.rank_weight)})",
                )
            )
        elif p.source == "stage":
            words.append((p.value, f"as {_a(vocab.label('stages', ctx.stage).lower())}"))
        else:
            words.append((p.value, "because you named it a priority"))
    top = scale.top
    if n.rating is None:
        rated = (
            f"You did not rate it, so it counts as {wording.rating(n.counted_rating, top)} "
            f"({scale.scale_label(n.counted_rating)})"
        )
    else:
        rated = f"You rated it {wording.rating(n.rating, top)} ({scale.scale_label(n.rating)})"
    if n.counted_rating >= top:
        return f"{rated}: no gap to close, so its need is 0."
    gap = top - n.counted_rating
    listed = " + ".join(f"{_num(v)} {w}" for v, w in words)
    return (
        f"{rated}, a gap of {gap}. Its weight for you is {listed} = "
        f"{_num(n.importance)}. Need = gap {gap} × weight {_num(n.importance)} = "
        f"{_num(n.need)}."
    )


def shape_text(shape: Shape, months: int | None = None) -> str:
    """'2 days of study leave in one month', '6 sessions: about 3 hours a month for 6
    months', ...; `months`: how many months the plan gives it, when its hours are spread
    more thinly than its shape (a short task in a full month), so the words match the
    dates."""
    if months and months > shape.months and shape.shape in ("once", "sessions"):
        rate = hours_text(round(shape.personal_hours / months, 1))
        return (
            f"about {hours_text(shape.personal_hours)} spread over {months} months (about "
            f"{rate} a month), so that it fits within your hours each month"
        )
    rate = hours_text(round(shape.personal_per_month, 1))
    if shape.shape == "block":
        return f"{days_text(shape.leave_days)} of study leave, taken together in one month"
    if shape.shape == "once":
        return f"about {hours_text(shape.personal_hours)} in one month"
    if shape.shape == "qualification":
        cut = "" if shape.wanted_months <= shape.months else f" (of {shape.wanted_months})"
        protected = round(shape.protected_per_month, 1)
        own = round(shape.personal_per_month, 1)
        study = (
            f"about {rate} a month of private study"
            if not protected
            else f"about {hours_text(round(own + protected, 1))} a month of private study "
            f"({hours_text(protected)} of it in protected work time, "
            + (f"{hours_text(own)} of your own)" if own else "none of your own hours)")
        )
        taught = (
            f"{days_text(shape.leave_days)} of taught study leave and " if shape.leave_days else ""
        )
        return f"{shape.months} months{cut}: {taught}{study}"
    what = {"sessions": "sessions", "ongoing": "ongoing", "role": "a role"}[shape.shape]
    cut = (
        f", continuing after the plan ends ({shape.wanted_months} months in all)"
        if shape.wanted_months > shape.months and shape.shape != "sessions"
        else ""
    )
    if not shape.personal_per_month and shape.protected_per_month:
        work = hours_text(round(shape.protected_per_month, 1))
        return (
            f"{what}: about {work} a month for {shape.months} months{cut}, in work time "
            "your employer releases (none of your own hours)"
        )
    return f"{what}: about {rate} a month for {shape.months} months{cut}"


def money_note(m: Money, opp: Opportunity, ctx: Context) -> str:
    """The cost in words: what is counted against the budget and on what basis (the
    provider's published price, or careerplan's estimate), and what to check."""
    text = _money_words(m, opp, ctx)
    if m.closed is not None:
        text = f"{closed_text(m.closed)} {text}"
    if m.last_published and m.route not in ("free", "central"):
        text += (
            f" The last price published was {m.last_published}: shown for reference, "
            "not counted as today's price."
        )
    return text


CLOSED_WORDS = {
    "nhs-only": "Its free route is open only to NHS organisations, so it is not counted as "
    "free for you (if offers limited to the NHS are open to you, say so in your profile).",
    "region": "Its free route is offered only in another NHS England region, so it is not "
    "counted as free for you.",
    "role": "Its free route is open only to other roles, so it is not counted as free for you.",
    "grade": "Its funded route is open only to doctors on another contract, so it is not "
    "counted as funded for you (if you hold that contract, give your grade in your profile).",
}


def closed_text(why: str) -> str:
    """Why a free or central route does not count for this person."""
    return CLOSED_WORDS[why]


def _money_words(m: Money, opp: Opportunity, ctx: Context) -> str:
    member = (
        " It may be included in your organisation's membership of the provider."
        if m.membership
        else ""
    )
    price = _price_words(m)
    if m.eligible_free:
        return _eligible_words(m, opp, ctx, price)
    if m.route == "central":
        return (
            "Funded nationally by NHS England: not counted against your budget; check "
            "eligibility with the provider."
        )
    if m.route == "free":
        if m.price == 0 or m.price is None and opp.cost in (0, "free"):
            return "Free."
        other = f" ({price} otherwise)" if price else " (no price published for other routes)"
        return (
            f"Free by at least one route{other}: check with the provider that the free "
            "route applies to you. Not counted against your budget."
        )
    if m.route == "employer":
        return (
            f"{price or 'Price not published'}: you said your employer funds a qualification, "
            "so it is not counted against your budget; confirm it in writing."
        )
    if m.route == "unknown":
        return (
            "Cost unknown: ask the provider for the price and confirm it fits your "
            f"{wording.money(ctx.budget)} budget before committing (not counted in the total)."
            + member
        )
    if m.route == "open-band":
        return (
            f"{m.band_label}, with no upper figure: ask the provider for the price; it "
            "cannot be checked against a budget." + member
        )
    return _counted_words(m) + member


def _eligible_words(m: Money, opp: Opportunity, ctx: Context, price: str) -> str:
    """Free or funded for this person through a route limited to people like them (a
    regional academy, the NHS coaching register, SAS development funding): which route,
    and what its rule says to do."""
    route_id = m.eligible or ""
    routes = getattr(ctx.catalogue, "funding", None)
    note = route_status(route_id, ctx.profile.start, routes).note if routes else None
    free = m.price == 0 or m.price is None and opp.cost in (0, "free")
    other = (
        ""
        if free
        else f"; otherwise {price}"
        if price
        else "; no other route has a published price"
    )
    what = "Free" if m.route == "free" else "Funded"
    route = routes.get(route_id) if routes else None
    regions = opp.regions or (route.open_to.regions if route and route.open_to else None)
    if regions and ctx.profile.known_region is None:
        # An unknown region is given the benefit of the doubt, and the plan says so.
        where = wording.and_list([ctx.catalogue.vocab.label("regions", r) for r in regions])
        text = (
            f"{what} only in its region ({where}: {route_label(route_id, ctx)}{other}): your "
            "profile gives no region, so check that you work there; not counted against your "
            "budget."
        )
    else:
        text = (
            f"{what} for you ({route_label(route_id, ctx)}{other}): not counted against "
            "your budget."
        )
    return f"{text} {note}" if note else text


def route_label(route_id: str, ctx: Context) -> str:
    """A funding route's name without its '(free)' tag, for a sentence that says so."""
    label = ctx.catalogue.vocab.label("funding", route_id)
    return label.removesuffix(" (free)")


def _counted_words(m: Money) -> str:
    """A counted price and its basis: 'published for 2025/26' or careerplan's estimate."""
    counted = wording.money(m.counted or 0)
    if m.estimate:
        what = f"about {m.band_label}" if m.band_label else f"about {counted}"
        top = ", the upper end," if m.band_label else ""
        return (
            f"Estimated at {what} (careerplan's estimate from other published prices, not "
            f"the provider's own): counted as {counted}{top} against your budget; ask the "
            "provider for the real price."
        )
    year = f"; {m.price_for}" if m.price_for else ""
    if m.route == "band":
        return (
            f"{m.band_label} (the provider's published price{year}): counted as {counted}, "
            "the upper end, against your budget; check the real price with the provider."
        )
    return f"{counted} (the provider's published price{year}), counted against your budget."


def unspent_text(
    left: float,
    buys: list[Buy],
    ctx: Context,
    unpriced: tuple[str, ...] = (),
    unfit: list[Buy] | None = None,
) -> str:
    """Most of the budget unspent: how much, and what it could buy (`buys`, each checked
    against the plan as it stands); where items in the plan have no published price
    (`unpriced`, their titles), it says they come first; `unfit`: what it could buy but the
    plan has no time or study leave left for."""
    head = f"{wording.money(left)} of your {wording.money(ctx.budget)} budget is unspent."
    if unpriced:
        which = (
            f"{unpriced[0]} has"
            if len(unpriced) == 1
            else f"{wording.plural(len(unpriced), 'item')} in the plan have"
        )
        listed = "" if len(unpriced) == 1 else f" ({wording.and_list(list(unpriced))})"
        ask = "ask for the price first" if len(unpriced) == 1 else "ask for the prices first"
        head = (
            f"{wording.money(left)} of your {wording.money(ctx.budget)} budget is unspent so "
            f"far, but {which} no published price{listed}: {ask}."
        )
    opps = ctx.catalogue.opportunities
    if not buys and unfit:
        best = unfit[0]
        return (
            f"{head} What it could buy, such as {opps[best.id].title} (--include {best.id}), "
            "has no time or study leave left in this plan: swap it for an item, or keep the "
            "money for next year."
        )
    if not buys:
        return fill(
            head + " No priced entry in the catalogue that is open to you fits it and the "
            "time and study leave left: ask {ask} about a course or coaching that would "
            "serve your priorities.",
            ctx,
        )
    if unpriced:  # asking for prices comes first: one suggestion beside it is enough
        buys = buys[:1]
    listed = wording.and_list(
        [
            f"{opps[b.id].title} ({'~' if b.estimate else ''}{wording.money(b.counted)}"
            f"{' estimated' if b.estimate else ''}; --include {b.id})"
            for b in buys
        ]
    )
    could = "It could also buy" if unpriced else "It could buy"
    fits = "each fits" if len(buys) > 1 else "it fits"
    return f"{head} {could} {listed}: {fits} the plan as it stands."


def _price_words(m: Money) -> str:
    if m.band_label:
        return m.band_label
    if m.price:
        return wording.money(m.price)
    return ""


def cost_short(m: Money) -> str:
    """A few characters for a table: 'free', 'funded', '£1,200', '≤£2,000', '~£200'
    (an estimate), 'ask price'."""
    if m.route == "free":
        return "free"
    if m.route == "central":
        return "funded"
    if m.route == "employer":
        return "employer"
    if m.route in ("unknown", "open-band"):
        return "ask price"
    mark = "~" if m.estimate else ""
    if m.route == "band":
        return f"≤{mark}{wording.money(m.counted or 0)}"
    return f"{mark}{wording.money(m.counted or 0)}"


# ------------------------------------------------------------------------------- actions


fmt_date = wording.date
fmt_month = wording.month


class Action(NamedTuple):
    """An item's agreed action: a first step with its date, then what to do and when."""

    by: dt.date
    step: str
    then: str

    @property
    def text(self) -> str:
        return f"By {fmt_date(self.by)}: {self.step} {self.then}"

    @property
    def first_step(self) -> str:
        return f"By {fmt_date(self.by)}: {self.step}"


#: How long before a course, a shadowing day or another block of study leave its first
#: step (ask, apply, book the leave) is due: places and leave are booked weeks ahead.
BOOK_AHEAD = dt.timedelta(weeks=6)


#: Kinds applied for ahead, whatever their shape (a place on a programme or course).
APPLY_AHEAD_KINDS = ("programme", "course", "qualification")


def first_step_by(c: Chosen, plan_start: dt.date, first: dt.date, target: dt.date) -> dt.date:
    """Two weeks into the item; for a block of study leave or a place applied for, six
    weeks before its month (never before the plan's first fortnight); a working day, the
    one before if that falls on a weekend or a bank holiday."""
    soon = plan_start + dt.timedelta(days=13)
    if c.shape.shape == "block" or c.opp.kind in APPLY_AHEAD_KINDS:
        return working_day(min(max(first - BOOK_AHEAD, soon), target))
    return working_day(min(max(first + dt.timedelta(days=13), soon), target))


def smart_action(c: Chosen, w: Window, ctx: Context, first: dt.date, target: dt.date) -> Action:
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
    step_by = first_step_by(c, ctx.profile.start, first, target)
    doing = ctx.catalogue.advice.kind_plan(opp.kind).doing
    shape = c.shape
    same_month = (first.year, first.month) == (target.year, target.month)
    if shape.shape == "block" and not same_month:  # a plan month across two calendar months
        when = (
            f"Then book {days_text(shape.leave_days)} of study leave and {doing} between "
            f"{fmt_date(first)} and {fmt_date(target)}."
        )
    elif shape.shape == "block":
        when = (
            f"Then book {days_text(shape.leave_days)} of study leave and {doing} in "
            f"{fmt_month(first)}, finishing by {fmt_date(target)}."
        )
    elif w.months == 1 and same_month:
        when = (
            f"Then {doing} in {fmt_month(first)} (about {hours_text(c.hours)}), finishing by "
            f"{fmt_date(target)}."
        )
    elif w.months == 1:
        when = (
            f"Then {doing} between {fmt_date(first)} and {fmt_date(target)} (about "
            f"{hours_text(c.hours)})."
        )
    else:
        rate = hours_text(round(w.rate, 1)) + " a month"
        if not w.rate and shape.protected_per_month:  # released work time, none of their own
            rate = (
                f"{hours_text(round(shape.protected_per_month, 1))} a month of work time your "
                "employer releases"
            )
        leave = (
            f", with {days_text(shape.leave_days)} of study leave for taught days"
            if shape.leave_days
            else ""
        )
        when = (
            f"Then {doing} from {fmt_month(first)} to {fmt_month(target)}, about {rate}"
            f"{leave}, finishing by {fmt_date(target)}."
        )
    return Action(step_by, step, when)


def why_line(c: Chosen, ctx: Context) -> str:
    """A few words for the plan's table: what it builds for the person, and why it is in."""
    vocab = ctx.catalogue.vocab
    goals = ctx.profile.goals
    bits = []
    prios = [n for n in ctx.priorities if n.need > 0]
    for n in prios:
        if n.area in c.opp.areas:
            rated = f", rated {n.rating}" if n.rating is not None else ""
            bits.append(f"{_lower(n.label)}{rated}")
            break
    served = [i for i, g in enumerate(goals) if g in c.opp.goals]
    if served:
        i = served[0]
        bits.append(f"goal {i + 1}: {_lower(vocab.label('goals', goals[i]))}")
    if c.why == "asked":
        bits.insert(0, "you asked for it")
    elif c.why == "prerequisite":
        bits.insert(0, "needed first")
    elif c.why == "situation":
        short = ctx.catalogue.advice.situations.first_short.get(brought_by(c.opp, ctx) or "")
        if short:
            bits.insert(0, short)
    elif c.score.bonuses:
        bits.append("the report recommends it")
    if not bits:  # never an empty reason: say what it builds
        area = sorted(c.opp.areas.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        bits.append(f"builds {_lower(vocab.label('areas', area))}")
    return "; ".join(bits)
