"""Sentences about what the limits keep out: exclusions, rejections, what would change
them (checked by planning again), left-out and not-covered lines, goals nothing serves."""

from __future__ import annotations

from careerplan import wording
from careerplan.engine.context import Context
from careerplan.engine.money import money
from careerplan.engine.needs import Need
from careerplan.engine.reasons import Change, ChangeKind, Exclusion, Kept, Out, Rejection
from careerplan.engine.sentences.common import (
    _lower,
    _time_in_post,
    days_text,
    hours_text,
    ordinal,
)
from careerplan.engine.situation import SITUATION_OUTS
from careerplan.engine.situation import exclusion_text as situation_exclusion_text
from careerplan.model.opportunity import Opportunity
from careerplan.wording import num as _num

# ------------------------------------------------------------------- exclusions, rejections

NOT_OPEN_WORDS = {
    "nhs-only": "it is open only to NHS organisations (if offers limited to the NHS are open "
    "to you, say so in your profile)",
    "region": "it is open only to organisations in another NHS England region",
    "role": "it is open only to other roles",
    "grade": "it is open only to doctors on another contract (if you hold it, give your "
    "grade in your profile)",
}


def exclusion_text(e: Exclusion, ctx: Context) -> str:
    vocab = ctx.catalogue.vocab
    if e.kind in SITUATION_OUTS:
        return situation_exclusion_text(e, ctx)
    if e.kind == Out.STAGE:
        stages = ", ".join(vocab.label("stages", s).lower() for s in e.stages)
        return f"it is meant for other stages ({stages})"
    if e.kind == Out.COVERED:
        return f"you already have {vocab.label('support', e.support or '').lower()}"
    if e.kind == Out.DONE:
        return "your profile says you have done it"
    if e.kind == Out.EXCLUDED:
        return "you asked to leave it out"
    if e.kind == Out.NOT_FOR:
        return "it is not meant for your role"
    if e.kind == Out.ORGANISATION:
        return "it is only for other kinds of organisation"
    if e.kind == Out.TIME_IN_POST:
        return f"it is for your first {_time_in_post(e.limit)} in post"
    if e.kind in (Out.REGION, Out.GRADE):
        return _where_or_grade_text(e, ctx)
    if e.kind == Out.NOT_OPEN:
        return NOT_OPEN_WORDS[e.closed or "nhs-only"]
    if e.kind == Out.CLINICAL_DAYS:
        return f"it is for leaders with at most {wording.plural(e.limit, 'clinical day')} a week"
    return "it is paid (or its price is unknown) and your budget is £0"


def _where_or_grade_text(e: Exclusion, ctx: Context) -> str:
    """A regional offer of another region, or an entry for another contract."""
    vocab = ctx.catalogue.vocab
    if e.kind == Out.GRADE:
        grades = wording.or_list([vocab.label("grades", g) for g in e.grades])
        return f"it is only for doctors on another contract ({grades})"
    regions = wording.or_list([vocab.label("regions", r) for r in e.regions])
    return f"it is offered only in the {regions} NHS England region, not yours"


def rejection_text(r: Rejection, ctx: Context) -> str:
    """Why a wanted entry is kept out, in words (no advice: see change_text)."""
    opps = ctx.catalogue.opportunities
    with_ = ""
    if r.bundle:
        with_ = (
            " (with "
            + " and ".join(opps[b].title for b in r.bundle if b in opps)
            + ", which it builds on)"
        )
    if r.kind == Kept.HOURS:
        return (
            f"it needs about {hours_text(r.hours_needed)} of your own time{with_} and the "
            f"plan has {_num(r.hours_left)} of its {_num(r.capacity)} hours left"
        )
    if r.kind == Kept.MONTHS:
        return (
            f"its hours{with_} do not fit within {hours_text(r.per_month)} a month "
            "alongside the rest of the plan"
        )
    if r.kind == Kept.LEAVE:
        return (
            f"it needs {days_text(r.leave_needed)} of study leave{with_}, more than is left "
            f"of your {days_text(r.leave_per_year)} a year once the rest of the plan is in"
        )
    if r.kind == Kept.BUDGET:
        return (
            f"it would cost up to {wording.money(r.money_needed)}{with_} and "
            f"{wording.money(r.money_left)} of your {wording.money(r.budget)} budget is left"
        )
    if r.kind == Kept.AFTER_RUNG:
        below = opps.get(r.blocker or "")
        name = below.title if below is not None else "the rung below it"
        return (
            f"it can start only once {name} ends, in month {r.after} of this plan, and its "
            f"{r.months_needed} months would run past the plan's {r.horizon}"
        )
    if r.kind == Kept.PREREQUISITE:
        pre = opps.get(r.blocker or "")
        if pre is None:
            return f"it needs '{r.blocker}' first, which is not in the catalogue"
        out = exclusion_text(r.blocker_out, ctx) if r.blocker_out else "it cannot be"
        return f"it builds on {pre.title}, which is not in your plan ({out})"
    return _plain_rejection(r)


def _plain_rejection(r: Rejection) -> str:
    """The reasons that need no bundle or catalogue: a length, a price, a full list, the
    protected time, a crowded or repeated kind."""
    if r.kind == Kept.TOO_LONG:
        return f"it takes {r.months_needed} months and this plan is {r.horizon} months long"
    if r.kind == Kept.OPEN_PRICE:
        return "its price has no upper figure, so it cannot be checked against your budget"
    if r.kind == Kept.TOP:
        return (
            f"the plan already holds {wording.plural(r.top, 'line')} of work, the most it shows "
            f"(--top {r.top})"
        )
    if r.kind == Kept.PROTECTED:
        return (
            f"your {hours_text(r.per_month)} a month of protected study time is already used "
            "by another qualification in the months it would run"
        )
    if r.kind == Kept.CROWDED:
        return "items that suit you better serve the same needs in this plan"
    return "the plan already has an item of its kind"


NOTHING_SMALL_WORDS = {
    "hours": ("time each month", "A few more hours a month"),
    "protected": ("protected study time", "More protected study time"),
    "plan": ("months", "A somewhat longer plan"),
    "money": ("money", "A somewhat larger budget"),
    "leave": ("study leave", "A few more days of study leave"),
    "list": ("room in the list", "A somewhat longer list"),
}

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


def _swap_text(ch: Change, opp: Opportunity, ctx: Context) -> str:
    """The --include (and --exclude) that brings a crowded entry in, checked."""
    command = f"careerplan plan {ctx.profile_file}"
    if not ch.swap_out:
        return (
            f"To add it as well: {command} --include {opp.id} (planned again "
            "so, it comes in beside what is there)."
        )
    out = " ".join(f"--exclude {i}" for i in ch.swap_out)
    return (
        f"To have it instead: {command} --include {opp.id} {out} (planned again so, it comes in)."
    )


def _more_hours_text(ch: Change, ctx: Context) -> str:
    word = NUMBER_WORDS.get(ch.hours, str(ch.hours))
    text = (
        f"{word} more {wording.noun(ch.hours, 'hour')} a month ({_num(ch.per_month)} in "
        "all) would allow it"
    )
    factor = ctx.situation.hours_factor
    if factor != 1:  # the hours given are counted for the situation (pro rata, slack)
        given = _num(round(ch.per_month / factor, 1))
        text += f": give {given} in your profile, as it counts them for your situation"
    return text + "."


def change_text(ch: Change, opp: Opportunity, ctx: Context) -> str:
    """What would bring it in: a sentence with its number, or ''; for a qualification,
    then the lower rung of its ladder that fits the plan as it is."""
    text = _study_load_text(ch, ctx) if ch.kind == ChangeKind.STUDY_LOAD else ""
    text = text or _change_text(ch, opp, ctx)
    rung = ctx.catalogue.opportunities.get(ch.rung) if ch.rung else None
    if rung is None:
        return text
    return (
        f"{text} A lower rung fits this plan as it is: {rung.title} (planned again with "
        f"--include {rung.id}, it comes in)."
    ).strip()


def _qualification_text(ch: Change, opp: Opportunity) -> str:
    """A longer plan or protected study time (a qualification's change), with its fee
    when money is short too, checked by planning again (asking for it, where it was)."""
    parts = (
        [f"over {ch.months} months (--horizon {ch.months})"]
        if ch.kind == (ChangeKind.LONGER_PLAN)
        else []
    )
    hours = ch.protected if ch.kind == ChangeKind.LONGER_PLAN else ch.hours
    if hours:
        parts.append(f"with {hours_text(hours)} a month of protected study time (work time)")
    if ch.pounds:
        parts.append(f"with a budget of {wording.money(ch.budget)} for its fee")
    if ch.include:
        parts.append(f"asking for it (--include {opp.id})")
    if ch.kind == ChangeKind.LONGER_PLAN and len(parts) == 1:
        return (
            f"A plan of {ch.months} months or more (--horizon {ch.months}) would have room for it."
        )
    ask = ": ask whether your employer will agree it" if hours or ch.pounds else ""
    return f"Planned again {wording.and_list(parts)}, it comes in{ask}."


def _study_load_text(ch: Change, ctx: Context) -> str:
    """A qualification needing more study a month than employers usually protect and the
    person's own hours together: what it takes, in plain words, and its ladder's first
    rung with what that would need (its change checked by planning again)."""
    most = hours_text(ch.ceiling)
    protected = (
        f"beside the {_num(ch.ceiling)} protected for you,"
        if ctx.profile.constraints.protected_study_hours_per_month >= ch.ceiling
        else f"employers rarely protect more than {_num(ch.ceiling)} (this plan's assumption), so"
    )
    text = (
        f"Its study is about {hours_text(round(ch.study))} a month for {ch.study_months} "
        f"months; {protected} about {_num(round(ch.study - ch.ceiling))} would be your own, "
        f"against your {_num(ctx.per_month)}: most people combine the two."
    )
    first = ctx.catalogue.opportunities.get(ch.first_rung) if ch.first_rung else None
    if first is None or ch.rung:
        return text  # the lower rung that fits as it is is named after this
    head = (
        f" Its ladder starts with {first.title}: {hours_text(round(ch.first_study))} a month "
        f"for {ch.first_months} months"
    )
    if ch.first_change is not None:
        then = _qualification_text(ch.first_change, first)
        return f"{text}{head}; {then[:1].lower()}{then[1:]}"
    if ch.first_study > ch.ceiling + ctx.per_month:
        own = _num(round(ch.first_study - ch.ceiling))
        return f"{text}{head} ({own} of your own beside {ch.ceiling} protected)."
    return f"{text}{head}; even with {most} a month protected it does not fit this plan."


def _change_text(ch: Change, opp: Opportunity, ctx: Context) -> str:
    if ch.kind == ChangeKind.LONGER_LIST:
        return f"A longer plan (--top {ch.top}) would include it."
    if ch.kind == ChangeKind.ASK_PRICE:
        return f"Ask {opp.price_from or opp.provider} for the price."
    if ch.kind in (ChangeKind.LONGER_PLAN, ChangeKind.PROTECTED_TIME):
        return _qualification_text(ch, opp)
    if ch.kind == ChangeKind.MORE_HOURS:
        return _more_hours_text(ch, ctx)
    if ch.kind == ChangeKind.MORE_BUDGET:
        return (
            f"{wording.money(ch.pounds)} more budget ({wording.money(ch.budget)} in all) "
            "would allow it."
        )
    if ch.kind == ChangeKind.MORE_LEAVE:
        return f"{days_text(ch.days).capitalize()} of study leave a year would allow it."
    if ch.kind == ChangeKind.SWAP:
        return _swap_text(ch, opp, ctx)
    what = NOTHING_SMALL_WORDS.get(ch.about, NOTHING_SMALL_WORDS["hours"])
    if ch.kind == ChangeKind.NOTHING_SMALL and ch.far:
        return (
            f"It would need far more {what[0]} than this plan has; check the real "
            "commitment with the provider."
        )
    if ch.kind == ChangeKind.NOTHING_SMALL and ch.about == "fit":
        return (
            "No small change lets it in: even in an otherwise empty plan, it would not fit "
            "this plan's months (with what it builds on, if anything)."
        )
    if ch.kind == ChangeKind.NOTHING_SMALL and ch.about == "swap":
        return (
            "Even in their place it would not come in: planned again so, the plan takes "
            "other items that suit you better first."
        )
    if ch.kind == ChangeKind.NOTHING_SMALL:
        return (
            f"{what[1]} would not bring it in: planned again with more, the plan takes "
            "other items that suit you better first."
        )
    return ""


GOAL_REASON_WORDS = {
    "no-entry": "nothing in the catalogue serves it: ask your mentor or appraiser about a "
    "local opportunity, and add it with --catalogue",
    "excluded": "none of the catalogue's entries for it fits your stage, support or budget",
    "support": "the support you already have covers what the catalogue offers for it",
    "carried": "the items carried forward from last year serve it",
}


def not_first_text(checked: bool) -> str:
    """The best entry for a goal fits, but items that suit the person better come first
    (`checked`: also when planned again asking for it)."""
    again = "planned again asking for it, " if checked else ""
    return (
        f"{again}items that suit you better take the places; ask your mentor or appraiser "
        "which matters most to you"
    )


def goal_unserved_text(
    i: int, goal: str, reason: str | None, best, kept: str | None, ctx: Context
) -> str:
    """Why nothing in the plan serves goal `i` (0-based), and the best entry for it."""
    label = ctx.catalogue.vocab.label("goals", goal)
    head = f"Nothing in this plan serves your {ordinal(i)} goal, ‘{label}’"
    if reason == "support" and ctx.profile.support_in_place:
        # Say which support, so the person knows whom to take the goal to.
        have = wording.and_list(
            [_lower(ctx.catalogue.vocab.label("support", s)) for s in ctx.profile.support_in_place]
        )
        return (
            f"Your {ordinal(i)} goal, ‘{label}’, gets no new item: what the catalogue offers "
            f"for it is support you already have ({have}), so take the goal there."
        )
    if reason in GOAL_REASON_WORDS:
        return f"{head}: {GOAL_REASON_WORDS[reason]}."
    if best is None:
        return f"{head}."
    if kept:
        return f"{head}. The best entry for it, {best.title}, is kept out: {kept}."
    return (
        f"{head}: items that suit you better took the places. The best entry for it is "
        f"{best.title}; to plan it in: careerplan plan {ctx.profile_file} --include {best.id}."
    )


def left_out_text(opp: Opportunity, why: Rejection, change: Change, ctx: Context) -> str:
    """Why a good entry is not in the plan, and what would let it in (its score is for
    --explain and the plan's data, not for this sentence)."""
    advice = change_text(change, opp, ctx)
    return f"{opp.title} is left out: {rejection_text(why, ctx)}." + (
        f" {advice}" if advice else ""
    )


def crowded_text(opp: Opportunity, by: list[str], label: str, change: Change, ctx: Context) -> str:
    """A good entry the plan's own rules crowded out (one of a family at a time, or what
    the plan already builds), with the swap that would bring it in."""
    if len(by) == 1:
        # Of the same kind, not serving the same purpose: the one-per-family rule.
        why = (
            f"{by[0]} in this plan is already {_a(label)}, and the plan adds a second only "
            "for a priority nothing else covers"
        )
    elif by:
        why = (
            f"{wording.and_list(by)} in this plan are already of its kind ({label}), and the "
            "plan adds another only for a priority nothing else covers"
        )
    else:
        why = "the plan's items already build most of what it builds"
    advice = change_text(change, opp, ctx)
    return f"{opp.title} is left out: {why}." + (f" {advice}" if advice else "")


def _a(label: str) -> str:
    """A family's label with its article ('a taught course or programme', 'an action',
    'coaching or mentoring')."""
    first = label.split()[0] if label.split() else label
    if first.endswith("ing"):
        return label
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def no_budget_text(opp: Opportunity, change: Change, ctx: Context) -> str:
    """A good entry left out only because the budget is £0."""
    advice = change_text(change, opp, ctx)
    return f"{opp.title} is left out: {price_words(opp, ctx)} and your budget is £0." + (
        f" {advice}" if advice else ""
    )


def price_words(opp: Opportunity, ctx: Context) -> str:
    """What a paid entry costs, said beside a budget of £0: its price where one is
    published, else an older intake's price where one is known, else that none is."""
    m = money(opp, ctx)
    if m.price is not None:
        return f"it costs {'up to ' if m.route == 'band' else ''}{wording.money(m.price)}"
    if m.last_published:
        return f"its last published price was {m.last_published}"
    return "no price is published for it"


def unmet_text(
    n: Need,
    by: list[str],
    by_support: list[str],
    best: Opportunity | None,
    why: Rejection | Exclusion | None,
    change: Change | None,
    ctx: Context,
    low_score: float | None = None,
) -> str:
    vocab = ctx.catalogue.vocab
    area = _lower(n.label)
    if by:
        head = f"{n.label} (need {_num(n.need)}) is only touched on (by {' and '.join(by)})"
    else:
        head = f"{n.label} (need {_num(n.need)}) is not covered by this plan"
    if best is None:
        if by_support:
            who = " and ".join(
                _lower(vocab.label("support", s)).removeprefix("a ").removeprefix("an ")
                for s in by_support
            )
            return f"{head}. Work on {area} with the {who} you already have."
        stage = _lower(vocab.label("stages", ctx.stage))
        more = " more" if by else ""
        return (
            f"{head}. Nothing else in the catalogue builds it{more} for {stage}s: ask your "
            "mentor or appraiser about a local opportunity, and add it with --catalogue."
        )
    text = f"{head}. {best.title} would build it"
    if isinstance(why, Exclusion):
        advice = change_text(change, best, ctx) if change else ""
        sas = (
            " Ask your SAS tutor about a bid to SAS development funding."
            if ctx.profile.known_grade == "sas"
            else ""
        )
        return (
            text
            + f", but {price_words(best, ctx)} and your budget is £0."
            + (f" {advice}" if advice else "")
            + sas
        )
    if why is None:
        text += (
            f", but with the rest of the plan in place it adds little (score "
            f"{_num(low_score or 0)}, below the {_num(ctx.k.min_score)} a place needs)."
        )
        if not n.named:
            text += f" If {area} matters more than that, name it a priority."
        return text
    advice = change_text(change, best, ctx) if change else ""
    return text + f", but {rejection_text(why, ctx)}." + (f" {advice}" if advice else "")
