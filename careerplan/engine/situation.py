"""The person's situation, as the engine uses it.

The profile's `situation:` (an interim post, leaving, less than full time, caring,
regulatory scrutiny, roles already held, characteristics given by choice) and a check of
the self-ratings become one typed `Adapted` value, made once in `make_context`:

- a plan no longer than an interim post or than the time left before leaving;
- study leave pro rata for someone working less than full time;
- the entries that suit the situation (the catalogue's `suits:`) planned first: a 90-day
  plan in an interim post, a transition plan before leaving, wellbeing and peer support
  under scrutiny, a 360 and an appraiser conversation when the ratings need checking;
- entries that cannot fit the situation left out, each with a typed reason: longer than the
  post, a role the person already holds, only for another situation, a targeted programme
  the person has not asked for, nights away for someone with caring commitments.

The numbers (how uniform ratings must be, how many entries come first) are data in
catalogue/advice.yaml under `situations:`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from careerplan import wording
from careerplan.engine.reasons import Exclusion, Out

if TYPE_CHECKING:
    from careerplan.engine.context import Context
    from careerplan.engine.needs import Need
    from careerplan.model.advice import SituationRules
    from careerplan.model.opportunity import Opportunity
    from careerplan.model.profile import Profile

INTERIM, LEAVING, LTFT, CARING, SCRUTINY, RATINGS = (
    "interim",
    "leaving",
    "less-than-full-time",
    "caring",
    "scrutiny",
    "ratings-to-check",
)
#: The order in which situations bring their entries first (the most pressing first).
ORDER = (SCRUTINY, INTERIM, LEAVING, RATINGS, CARING, LTFT)
FULL_WEEK = 5.0
PRO_RATA_HOURS, PRO_RATA_LEAVE = "hours", "study-leave"  # advice.yaml situations.pro_rata
#: Exclusions that come from this person's own situation (not an entry's being for others).
PERSONAL_OUTS = (Out.HELD_ROLE, Out.UNSUITED, Out.BEYOND_POST, Out.NIGHTS_AWAY)
SITUATION_OUTS = (
    Out.HELD_ROLE,
    Out.ONLY_IN,
    Out.UNSUITED,
    Out.OPEN_TO,
    Out.BEYOND_POST,
    Out.NIGHTS_AWAY,
)


class Adapted(NamedTuple):
    """What the situation changes in this plan (empty for most people)."""

    active: tuple[str, ...] = ()  # situation ids, in ORDER
    months: int | None = None  # the plan's length, cut to the post or to leaving
    post_months: int | None = None  # months from the plan's start to `ends` (nothing longer)
    ends: dt.date | None = None  # ... the date that cuts it
    asked_months: int | None = None  # ... the length the person asked for
    leave_factor: float = 1.0  # study leave pro rata (less than full time)
    hours_factor: float = 1.0  # hours a month: pro rata, and slack kept (caring)
    full_per_month: float | None = None  # ... the hours a month given, when it is not 1
    first: tuple[str, ...] = ()  # entry ids planned first, most pressing first

    def has(self, situation: str) -> bool:
        return situation in self.active


def private_removed(profile: Profile) -> Profile:
    """The profile as a plan keeps it: without the characteristics the person gave for
    targeted programmes, which stay in their profile alone (a plan is shared at appraisal
    and summed across a directorate)."""
    if not profile.situation.characteristics:
        return profile
    situation = profile.situation.model_copy(update={"characteristics": []})
    return profile.model_copy(update={"situation": situation})


def ratings_to_check(profile: Profile, rules: SituationRules, top: int) -> bool:
    """Self-ratings worth checking with others: most of them the same, or all at the top."""
    values = list(profile.ratings.values())
    if len(values) < rules.min_rated:
        return False
    if all(v == top for v in values):
        return True
    most = Counter(values).most_common(1)[0][1]
    return most >= rules.same_share * len(values)


def active(profile: Profile, rules: SituationRules, top: int) -> tuple[str, ...]:
    s = profile.situation
    found = {
        INTERIM: s.interim,
        LEAVING: s.leaving,
        LTFT: s.less_than_full_time,
        CARING: s.caring,
        SCRUTINY: s.under_scrutiny,
        RATINGS: ratings_to_check(profile, rules, top),
    }
    return tuple(k for k in ORDER if found[k])


def months_until(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end`, rounded to the nearest (at least one)."""
    return max(1, round((end - start).days / (365.25 / 12)))


def adapt(ctx: Context) -> Context:
    """The context as this person's situation changes it (the same context if it does not)."""
    profile = ctx.profile
    rules = ctx.catalogue.advice.situations
    found = active(profile, rules, ctx.catalogue.assessment.top)
    if not found:
        return ctx
    s = profile.situation
    ends = s.post_ends if s.interim else s.leaving_on if s.leaving else None
    months = post_months = None
    if ends is not None:
        post_months = months_until(profile.start, ends)
        months = min(ctx.horizon, post_months)
    factor = 1.0
    if s.less_than_full_time and s.working_days_per_week is not None:
        factor = min(1.0, s.working_days_per_week / FULL_WEEK)
    leave_factor = factor if PRO_RATA_LEAVE in rules.pro_rata else 1.0
    hours_factor = factor if PRO_RATA_HOURS in rules.pro_rata else 1.0
    for situation in found:
        hours_factor *= rules.hours_share.get(situation, 1.0)
    adapted = Adapted(
        active=found,
        months=months,
        post_months=post_months,
        ends=ends,
        asked_months=ctx.horizon if months is not None else None,
        leave_factor=leave_factor,
        hours_factor=round(hours_factor, 4),
        full_per_month=ctx.per_month if hours_factor != 1 else None,
    )
    ctx = replace(
        ctx,
        situation=adapted,
        horizon=months or ctx.horizon,
        leave_days_per_year=round(ctx.leave_days_per_year * leave_factor, 2),
        per_month=round(ctx.per_month * hours_factor, 1),
    )
    return replace(ctx, situation=adapted._replace(first=_first(ctx, rules)))


def _first(ctx: Context, rules: SituationRules) -> tuple[str, ...]:
    """The entries each situation brings first: those that suit it and can be in the plan,
    the best by score, one of a family that a plan holds one of (one coach, one set), at
    most `rules.first_most` for each situation."""
    from careerplan.engine.score import exclusion, family_of, one_per_family, score
    from careerplan.engine.select import State

    opps = ctx.catalogue.opportunities
    state = State()
    out: list[str] = []
    for situation in ctx.situation.active:
        suiting = [o for o in opps.values() if situation in o.suits and exclusion(o, ctx) is None]
        suiting.sort(key=lambda o: (-score(o, ctx, state).total, o.id))
        families: set[str] = set()
        taken = 0
        for o in suiting:
            family = family_of(o, ctx) if one_per_family(o, ctx) else o.id
            if o.id in out or family in families:
                continue
            families.add(family)
            out.append(o.id)
            taken += 1
            if taken >= rules.first_most:
                break
    return tuple(out)


def brought_by(opp: Opportunity, ctx: Context) -> str | None:
    """The situation that brought this entry first (the most pressing it suits)."""
    return next((x for x in ctx.situation.active if x in opp.suits), None)


def exclusion(opp: Opportunity, ctx: Context) -> Exclusion | None:
    """Why the person's situation keeps this entry out of the plan, or None."""
    s = ctx.profile.situation
    adapted = ctx.situation
    if opp.takes_up_role is not None and opp.takes_up_role in s.roles_held:
        return Exclusion(Out.HELD_ROLE, held=opp.takes_up_role)
    if opp.only_in is not None and not any(adapted.has(x) for x in opp.only_in):
        return Exclusion(Out.ONLY_IN, situations=tuple(opp.only_in))
    if adapted.active:
        kinds = ctx.catalogue.advice.situations.unsuited_kinds
        unsuited = tuple(
            x for x in adapted.active if x in opp.unsuited or opp.kind in kinds.get(x, ())
        )
        if unsuited:
            return Exclusion(Out.UNSUITED, situations=unsuited)
    if opp.open_to is not None and not set(opp.open_to) & set(s.characteristics):
        return Exclusion(Out.OPEN_TO)
    if adapted.post_months is not None:
        from careerplan.engine.time import shape_of

        shape = shape_of(opp, ctx)
        if shape.wanted_months > adapted.post_months and shape.shape != "ongoing":
            return Exclusion(Out.BEYOND_POST, limit=float(shape.wanted_months))
    if adapted.has(CARING) and _nights_away(opp, ctx):
        return Exclusion(Out.NIGHTS_AWAY, limit=0.0 if opp.residential else opp.time.leave_days)
    return None


def _nights_away(opp: Opportunity, ctx: Context) -> bool:
    """Nights away: residential modules, or an in-person block of more days than
    `caring_most_days`."""
    if opp.residential:
        return True
    most = ctx.catalogue.advice.situations.caring_most_days
    return opp.format == "in-person" and opp.time.shape == "block" and opp.time.days > most


def exclusion_text(e: Exclusion, ctx: Context) -> str:
    """Why the situation keeps an entry out, in words."""
    vocab = ctx.catalogue.vocab
    if e.kind == Out.HELD_ROLE:
        return f"you already hold the role ({vocab.label('held_roles', e.held or '')})"
    if e.kind == Out.ONLY_IN:
        where = " or ".join(vocab.label("situations", x).lower() for x in e.situations)
        return f"it is only for someone in another situation ({where})"
    if e.kind == Out.UNSUITED:
        where = " and ".join(vocab.label("situations", x).lower() for x in e.situations)
        return f"it does not suit your situation ({where})"
    if e.kind == Out.OPEN_TO:
        return (
            "it is a targeted programme for particular groups, and your profile does not ask "
            "for those to be considered"
        )
    if e.kind == Out.BEYOND_POST:
        adapted = ctx.situation
        what = "your post ends" if ctx.profile.situation.interim else "you expect to leave"
        when = wording.date(adapted.ends) if adapted.ends else "the end of the plan"
        return (
            f"it runs {wording.plural(e.limit, 'month')}, longer than the time before "
            f"{what} ({when})"
        )
    if not e.limit:
        return "it has residential modules (nights away), which your caring commitments rule out"
    return (
        f"it takes {wording.plural(e.limit, 'day')} away in person together, which your "
        "caring commitments rule out"
    )


def shown_priorities(ctx: Context) -> list[Need]:
    """The priorities the plan shows: those with a need; when every rating leaves none (all
    at the top), the areas that matter most to the person, so the section never vanishes."""
    if any(n.need > 0 for n in ctx.priorities):
        return ctx.priorities
    order = list(ctx.needs)
    ranked = sorted(ctx.needs.values(), key=lambda n: (-n.importance, order.index(n.area)))
    return ranked[: int(ctx.k.priorities_shown)]


def notes(ctx: Context) -> list[tuple[str, str]]:
    """The note for each situation the person is in, as (text, source): always shown."""
    from careerplan.engine.sentences import fill

    rules = ctx.catalogue.advice.situations
    values = _note_values(ctx)
    out = []
    for situation in ctx.situation.active:
        note = rules.notes.get(situation)
        if note is None:
            continue
        text = note.text.strip()
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        out.append((fill(text, ctx), note.source))
    return out


def roles_held_note(ctx: Context, kept_out: list[str]) -> tuple[str, str] | None:
    """The note on roles already held that keep entries out (`kept_out`: their ids)."""
    from careerplan.engine.sentences import fill

    note = ctx.catalogue.advice.situations.roles_held_note
    if note is None or not kept_out:
        return None
    opps = ctx.catalogue.opportunities
    vocab = ctx.catalogue.vocab
    held = [opps[i].takes_up_role or "" for i in kept_out]
    roles = [
        _article(vocab.label("held_roles", r))
        for r in ctx.profile.situation.roles_held
        if r in held
    ]
    text = note.text.strip().replace("{roles}", wording.and_list(roles))
    text = text.replace("{titles}", wording.and_list([f"‘{opps[i].title}’" for i in kept_out]))
    if len(roles) > 1:
        text = text.replace("taking that up", "taking them up")
    return fill(text, ctx), note.source


def _article(label: str) -> str:
    """'the responsible officer', 'the Mental Health Act lead' (a role one person holds)."""
    proper = label.split()[0] in _PROPER
    return "the " + (label if proper else label[:1].lower() + label[1:])


_PROPER = ("Mental", "Caldicott")


def _note_values(ctx: Context) -> dict[str, str]:
    adapted = ctx.situation
    profile = ctx.profile
    assessment = ctx.catalogue.assessment
    values = {
        "ends": wording.date(adapted.ends) if adapted.ends else "",
        "months": wording.plural(ctx.horizon, "month"),
        "asked": wording.plural(adapted.asked_months or ctx.horizon, "month"),
        "length": (
            f"runs {wording.plural(ctx.horizon, 'month')} rather than the "
            f"{wording.plural(adapted.asked_months, 'month')} asked for"
            if adapted.asked_months and adapted.asked_months > ctx.horizon
            else f"runs {wording.plural(ctx.horizon, 'month')}, ending before then"
        ),
        "days": wording.plural(profile.situation.working_days_per_week or FULL_WEEK, "day"),
        "hours": wording.plural(_pro_rata_hours(ctx), "hour"),
        "full_hours": wording.plural(profile.constraints.hours_per_month, "hour"),
        "gross": wording.plural(_gross_hours(ctx), "hour"),
        "share": f"{round(100 * rules_share(ctx))}%",
        "slack": wording.plural(_slack(ctx), "hour"),
        "leave": wording.plural(ctx.leave_days_per_year, "day"),
        "full_leave": wording.plural(profile.constraints.study_leave_days, "day"),
    }
    ratings = list(profile.ratings.values())
    if ratings:
        rating, same = Counter(ratings).most_common(1)[0]
        values |= {
            "same_of": f"All {len(ratings)} of your ratings are"
            if same == len(ratings)
            else f"{same} of your {len(ratings)} ratings are",
            "same": wording.word_count(same).capitalize(),
            "rated": str(len(ratings)),
            "rating": f"{rating}, {assessment.scale_label(rating)}",
        }
    return values


def _pro_rata_hours(ctx: Context) -> float:
    """Hours a month once counted pro rata to the days worked (before any slack)."""
    given = float(ctx.profile.constraints.hours_per_month)
    return round(given * ctx.situation.hours_factor / rules_share(ctx), 1)


def _gross_hours(ctx: Context) -> float:
    """The full-time figure for hours given already for the days worked."""
    given = float(ctx.profile.constraints.hours_per_month)
    pro_rata = _pro_rata_hours(ctx)
    return round(given * given / pro_rata, 1) if pro_rata else given


def rules_share(ctx: Context) -> float:
    """The share of each month's hours the plan fills for the person's situations."""
    share = 1.0
    for situation in ctx.situation.active:
        share *= ctx.catalogue.advice.situations.hours_share.get(situation, 1.0)
    return share


def _slack(ctx: Context) -> float:
    return round(_pro_rata_hours(ctx) - ctx.per_month, 1)
