"""Building the plan: selection from the engine, then phases, dates, actions, reviews, notes.

`build_plan(profile, catalogue, today=...)` is pure: the same profile, catalogue and
`today` give the same Plan, field for field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from careerplan import __version__
from careerplan.engine import sentences as say
from careerplan.engine import shortfall
from careerplan.engine import situation as situations
from careerplan.engine.calendar import add_months, month_end, month_start, reviews, working_day
from careerplan.engine.context import Context, Steer, make_context
from careerplan.engine.coverage import coverage, open_ranked, runners_up
from careerplan.engine.money import could_buy, money
from careerplan.engine.reasons import ChangeKind, Exclusion, Out, Rejection
from careerplan.engine.schedule import Window, monthly_load
from careerplan.engine.select import Chosen, Selection, attempt, no_gc, select
from careerplan.engine.whatif import change_for
from careerplan.errors import InputError
from careerplan.model.advice import applies
from careerplan.model.catalogue import Catalogue
from careerplan.model.feedback import OthersView, plan_feedback
from careerplan.model.funding import route_status
from careerplan.model.placeholders import resolve
from careerplan.model.plan import (
    Acknowledged,
    Asked,
    Note,
    Plan,
    PlanItem,
    PlanSituation,
    Priority,
    SituationOut,
    Source,
    Totals,
    built,
)
from careerplan.model.plan import Overrides as PlanOverrides
from careerplan.model.profile import Profile
from careerplan.model.types import suggestion

MAX_HORIZON = 60
MAX_TOP = 20


@dataclass(frozen=True)
class Overrides:
    """What-if changes to the profile for one plan (`--top`, `--horizon`, `--start`)."""

    top: int | None = None
    horizon: int | None = None
    start: dt.date | None = None
    include: tuple[str, ...] = ()  # --include: catalogue ids to plan first
    exclude: tuple[str, ...] = ()  # --exclude: catalogue ids to leave out

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


def apply_overrides(profile: Profile, overrides: Overrides) -> Profile:
    update: dict[str, object] = {}
    if overrides.horizon is not None:
        update["horizon_months"] = overrides.horizon
    if overrides.start is not None:
        update["start"] = overrides.start
    if not update:
        return profile
    return profile.model_copy(update={"constraints": profile.constraints.model_copy(update=update)})


def check_steer(steer: Steer, catalogue: Catalogue, profile: Profile) -> None:
    """Every id asked for is in the catalogue (one line naming it, with a suggestion)."""
    opps = catalogue.opportunities
    for option, ids in (
        ("--include", steer.include),
        ("--exclude", steer.exclude),
        ("done:", profile.done),
        ("exclude:", profile.exclude),
    ):
        for oid in ids:
            if oid not in opps:
                hint = suggestion(oid, list(opps)) or (
                    "; `careerplan catalogue list` shows the ids"
                )
                raise InputError(f"{option} {oid}: not in the catalogue{hint}")
    both = set(steer.include) & (set(steer.exclude) | set(profile.exclude) | set(profile.done))
    if both:
        oid = sorted(both)[0]
        raise InputError(
            f"--include {oid}: it is also excluded or marked done; ask for one or the other"
        )


def build_plan(
    profile: Profile,
    catalogue: Catalogue,
    *,
    today: dt.date,
    overrides: Overrides | None = None,
    already: tuple = (),
    what_if_hours: bool = True,
    steer: Steer | None = None,
    others: OthersView | None = None,
    profile_file: str | None = None,
) -> Plan:
    """The whole plan for one person (pure: `today` only stamps `generated_on`).

    `already`: opportunities carried forward from last year's plan; they are not chosen
    again and count towards the diminishing returns for their areas and kinds.
    `what_if_hours=False` leaves out the 'what would change it' advice, which plans again
    to check it (for summaries of many plans, which do not show it).
    `steer`: entries asked to be included or left out (`--include`, `--exclude`).
    `others`: ratings from others, pooled (careerplan.model.feedback): a blind spot counts at
    their level, and the plan shows their view beside the person's own.
    `profile_file`: the profile's file as typed in a shell, named in the commands the plan
    suggests (`careerplan plan me.yaml --include ...`); PROFILE when not known."""
    # Planning makes many short-lived objects, few of them cycles: with a large catalogue
    # in memory, the cyclic collector's passes over it would cost more than the planning
    # (and grow faster than the catalogue); what cycles there are go at the next pass.
    with no_gc():
        return _build_plan(
            profile,
            catalogue,
            today=today,
            overrides=overrides,
            already=already,
            what_if_hours=what_if_hours,
            steer=steer,
            others=others,
            profile_file=profile_file,
        )


def _build_plan(
    profile: Profile,
    catalogue: Catalogue,
    *,
    today: dt.date,
    overrides: Overrides | None,
    already: tuple,
    what_if_hours: bool,
    steer: Steer | None,
    others: OthersView | None,
    profile_file: str | None,
) -> Plan:
    overrides = overrides or Overrides()
    overrides.check()
    steer = steer or Steer(include=tuple(overrides.include), exclude=tuple(overrides.exclude))
    check_steer(steer, catalogue, profile)
    profile = apply_overrides(profile, overrides)
    ctx = make_context(
        profile,
        catalogue,
        top=overrides.top,
        already=tuple(already),
        steer=steer,
        others=others,
        profile_file=profile_file,
    )
    sel = select(ctx)
    sel.check_changes = what_if_hours
    start = profile.start
    end = month_end(start, ctx.horizon - 1)
    items = _items(sel, ctx, start)
    unmet, suggested = shortfall.unmet(sel, ctx)
    asked = (
        built(Asked, include=list(steer.include), exclude=list(steer.exclude))
        if steer.include or steer.exclude
        else None
    )
    return built(
        Plan,
        generated_on=today,
        generator=f"careerplan {__version__}",
        profile=situations.private_removed(profile),
        stage=ctx.stage,
        start=start,
        end=end,
        horizon_months=ctx.horizon,
        priorities=[
            built(
                Priority,
                area=n.area,
                label=n.label,
                rating=n.rating,
                weight=n.importance,
                need=n.need,
                why=say.need_why(n, ctx),
            )
            for n in situations.shown_priorities(ctx)
        ],
        items=items,
        totals=_totals(sel, ctx),
        reviews=reviews(start, ctx.horizon, int(ctx.k.review_every_months)),
        notes=[
            *_past_start_note(start, today),
            *_situation_notes(ctx, sel),
            *_steer_notes(sel, ctx),
            *shortfall.first_goal_note(sel, ctx),
            *shortfall.other_goal_notes(sel, ctx),
            *_levy_note(ctx),
            *shortfall.room_note(sel, ctx, start),
            *shortfall.empty_year_notes(sel, ctx, start),
            *_unspent_note(sel, ctx),
            *_notes(ctx, sel),
        ],
        unmet=unmet,
        left_out=shortfall.left_out(sel, ctx, skip=suggested),
        acknowledged=_acknowledged(ctx, sel),
        coverage=coverage(sel, ctx),
        sources=_sources(sel, ctx),
        mentor=profile.mentor,
        overrides=PlanOverrides(**overrides.as_data()) if overrides.as_data() else None,
        asked=asked,
        situation=_situation(sel, ctx),
        feedback=plan_feedback(others),
    )


def phase_of(c: Chosen, window: Window, ctx: Context) -> int:
    if ctx.catalogue.advice.kind_plan(c.opp.kind).phase == "long" and c.shape.months > 1:
        return 3
    return 1 if window.start < int(ctx.k.early_months) else 2


def _items(sel: Selection, ctx: Context, start: dt.date) -> list[PlanItem]:
    titles = {c.opp.id: c.opp.title for c in sel.chosen}
    ranked = open_ranked(sel, ctx) if sel.chosen else []  # for every item's runners-up
    rows = []
    for c in sel.chosen:
        w = sel.windows[c.opp.id]
        later = c.why != "situation"  # what the situation brings first leads its month
        rows.append((phase_of(c, w, ctx), w.start, later, -c.score.total, c.opp.id, c, w))
    rows.sort(key=lambda r: r[:5])
    out = []
    for phase, _, _, _, _, c, w in rows:
        opp = c.opp
        builds_on = [titles[p] for p in opp.prerequisites if p in titles]
        before = [titles[o.opp.id] for o in sel.chosen if opp.id in o.opp.prerequisites]
        first = working_day(month_start(start, w.start), after=True)
        target = working_day(month_end(start, w.end))
        action = say.smart_action(c, w, ctx, first, target)
        out.append(
            built(
                PlanItem,
                id=opp.id,
                title=opp.title,
                kind=opp.kind,
                provider=opp.provider,
                url=opp.url,
                link_note=opp.link_note,
                phase=phase,
                phase_label=ctx.catalogue.advice.phase(phase).label,
                start=first,
                target_date=target,
                hours=c.hours,
                hours_basis=c.shape.basis,
                hours_per_month=round(w.rate, 2) if w.rate else None,
                work_hours_per_month=c.shape.protected_per_month or None,
                time_shape=c.shape.shape,
                time_text=say.shape_text(c.shape, w.months),
                leave_days=c.shape.leave_days or None,
                personal_hours=c.shape.personal_hours,
                cost=_cost_value(opp.cost),
                cost_note=say.money_note(c.money, opp, ctx),
                cost_counted=c.money.counted,
                cost_route=c.money.route,
                cost_short=say.cost_short(c.money),
                funding=list(opp.funding),
                areas=[a for a, _ in sorted(opp.areas.items(), key=lambda kv: (-kv[1], kv[0]))],
                goals=[g for g in ctx.profile.goals if g in opp.goals],
                score=c.score.total,
                why=say.why_line(c, ctx),
                reasons=[
                    *say.reasons(c, ctx, comes_before=before, builds_on=builds_on),
                    *say.programme_reasons(c, titles, ctx),
                ],
                arithmetic=say.arithmetic(c.score, ctx),
                brought_by=situations.brought_by(opp, ctx) if c.why == "situation" else None,
                filler=c.filler or None,
                action=action.text,
                first_step=action.first_step,
                first_step_by=action.by,
                evidence=resolve(opp.evidence.strip(), ctx.profile, ctx.catalogue.wording),
                source=opp.source,
                programme=_programme_of(opp.id, ctx),
                follows=_follows(opp.id, titles, ctx),
                runners_up=runners_up(c, sel, ctx, ranked),
            )
        )
    return out


def _programme_of(opp_id: str, ctx: Context) -> str | None:
    got = ctx.catalogue.programmes.step(opp_id)
    return got[0].id if got else None


def _follows(opp_id: str, titles: dict[str, str], ctx: Context) -> str | None:
    follows = ctx.catalogue.programmes.follows(opp_id)
    return follows if follows in titles else None


def _cost_value(cost) -> float | str:
    """The entry's cost as a plan stores it: a number, a band id or 'unknown'."""
    if isinstance(cost, (int, float, str)):
        return cost
    top = getattr(cost, "max", None)
    return float(top) if top is not None else "unknown"


# --------------------------------------------------------------------------------- totals


def _totals(sel: Selection, ctx: Context) -> Totals:
    load = monthly_load(sel.windows, ctx.horizon)
    return built(
        Totals,
        hours=sel.hours_used,
        hours_available=round(ctx.capacity, 2),
        cost=sel.cost_used,
        budget=ctx.budget,
        cost_unknown=[c.opp.id for c in sel.chosen if c.money.counted is None],
        cost_estimated=[c.opp.id for c in sel.chosen if c.money.estimate],
        free_or_funded=[
            c.opp.id for c in sel.chosen if c.money.route in ("free", "central", "employer")
        ],
        hours_per_month=ctx.per_month,
        hours_by_month=[round(x, 2) for x in load],
        hours_unknown=[c.opp.id for c in sel.chosen if c.shape.basis == "allowance"],
        leave_days=sel.leave_used,
        leave_days_available=ctx.leave_available,
        leave_days_per_year=ctx.leave_days_per_year,
    )


# ------------------------------------------------------------------------ notes and unmet


def _notes(ctx: Context, sel: Selection) -> list[Note]:
    facts = {**ctx.facts(), "plan_kinds": sorted({c.opp.kind for c in sel.chosen})}
    out = []
    shown = 0
    for note in ctx.catalogue.advice.notes:
        if not applies(note.when, facts):
            continue
        if not note.always and shown >= int(ctx.k.max_notes):
            continue
        out.append(
            built(Note, text=say.fill(note.text.strip(), ctx), source=note.source, kind="report")
        )
        shown += not note.always
    return out


def _situation_notes(ctx: Context, sel: Selection) -> list[Note]:
    out = [
        built(Note, text=text, source=source, kind="situation")
        for text, source in situations.notes(ctx)
    ]
    held = sorted(i for i, e in sel.excluded.items() if e.kind == Out.HELD_ROLE)
    if (roles := situations.roles_held_note(ctx, held)) is not None:
        out.append(built(Note, text=roles[0], source=roles[1], kind="situation"))
    return out


def _situation(sel: Selection, ctx: Context) -> PlanSituation | None:
    """What the person's situation changed, as typed data (None when nothing)."""
    adapted = ctx.situation
    kept_out = [
        built(SituationOut, id=oid, reason=e.kind.value, held_role=e.held)  # type: ignore[arg-type]
        for oid, e in sorted(sel.excluded.items())
        if e.kind in situations.PERSONAL_OUTS
    ]
    if not adapted.active and not kept_out:
        return None
    return built(
        PlanSituation,
        active=list(adapted.active),
        ends=adapted.ends,
        plan_months=adapted.months,
        asked_months=adapted.asked_months,
        leave_factor=adapted.leave_factor,
        hours_factor=adapted.hours_factor,
        first=list(adapted.first),
        kept_out=kept_out,
    )


ROOM_SOURCE = "How full this plan is"
DATES_SOURCE = "The plan's dates"


def _past_start_note(start: dt.date, today: dt.date) -> list[Note]:
    """A plan that starts before today (an old profile, or `start:` set in the past): its
    first steps are overdue, so say so and how to plan from now."""
    if start + dt.timedelta(days=13) >= today:  # the first steps are due two weeks in
        return []
    next_start = working_day(add_months(today.replace(day=1), 1), after=True)
    return [
        built(
            Note,
            text=say.past_start_text(start, today, next_start),
            source=DATES_SOURCE,
            kind="dates",
        )
    ]


FUNDING_SOURCE = "Funding rule: "
STEER_SOURCE = "What you asked"
#: A qualification's advice said for one the person asked for (what it takes, or the
#: longer plan or protected time that lets it in).
QUALIFICATION_ADVICE = (ChangeKind.PROTECTED_TIME, ChangeKind.LONGER_PLAN, ChangeKind.STUDY_LOAD)


def _steer_notes(sel: Selection, ctx: Context) -> list[Note]:
    s = ctx.steer
    if not s.asked:
        return []
    opps = ctx.catalogue.opportunities
    chosen = {c.opp.id for c in sel.chosen}
    inside = [opps[i].title for i in s.include if i in chosen]
    kept = []
    for oid, why in sel.asked_out.items():
        advice = ""
        if isinstance(why, Exclusion):
            text = say.exclusion_text(why, ctx)
        else:
            now = shortfall.as_now(why, sel, ctx, oid)
            text = say.rejection_text(now, ctx)
            change = change_for(opps[oid], now, sel, ctx)
            if change.kind in QUALIFICATION_ADVICE or change.rung:
                advice = say.change_text(change, opps[oid], ctx)
        kept.append((opps[oid].title, text, advice))
    text = say.steer_text(
        inside,
        kept,
        [opps[i].title for i in s.exclude],
        [opps[i].title for i in s.done],
    )
    return [built(Note, text=text, source=STEER_SOURCE, kind="steer")]


def _levy_note(ctx: Context) -> list[Note]:
    """An older profile that says the apprenticeship levy could pay: what its rule says
    now (catalogue/funding.yaml), rather than counting on it."""
    routes = ctx.catalogue.funding
    if not ctx.profile.constraints.apprenticeship_levy or routes is None:
        return []
    for route in routes.of_kind("levy"):
        status = route_status(route.id, ctx.profile.start, routes)
        if status.open:
            continue
        where = FUNDING_SOURCE + (
            f"{route.source.title} ({route.source.url})"
            if route.source
            else "catalogue/funding.yaml"
        )
        return [built(Note, text=say.levy_text(status.note), source=where, kind="levy")]
    return []


UNSPENT_SOURCE = "Your budget"


def _unspent_note(sel: Selection, ctx: Context) -> list[Note]:
    """When most of the budget is unspent, what it could buy (issue 18 item 5)."""
    hours_left = max(0.0, ctx.capacity - sel.hours_used)
    left, buys = could_buy({c.opp.id for c in sel.chosen}, sel.cost_used, ctx, hours_left)
    if not left:
        return []
    # Only what really fits the plan as it stands (its months, study leave and budget):
    # advice is checked, never given on hope.
    roomy = replace(ctx, top=ctx.top + 2)
    opps = ctx.catalogue.opportunities
    fits = [
        b
        for b in buys
        if not isinstance(
            attempt(opps[b.id], roomy, sel.state, sel.chosen, "asked", False), Rejection
        )
    ]
    unfit = [b for b in buys if b not in fits]
    unpriced = tuple(
        c.opp.title for c in sel.chosen if (m := money(c.opp, ctx)).paid and m.counted is None
    )
    text = say.unspent_text(left, fits, ctx, unpriced, unfit)
    return [built(Note, text=text, source=UNSPENT_SOURCE, kind="budget")]


def _acknowledged(ctx: Context, sel: Selection) -> list[Acknowledged]:
    """Support already in place, and what the plan does about it: never 'the plan does not
    add another' beside an item that is one (a wider set, a national group)."""
    out = []
    for support in ctx.profile.support_in_place:
        rule = ctx.catalogue.advice.support_rule(support)
        covers = rule.covers if rule else []
        added = [
            c.opp.title
            for c in sel.chosen
            if (c.opp.provides_support and c.opp.provides_support.type == support)
            or (c.opp.provides_support is None and c.opp.kind in covers)
        ]
        message = say.support_text(support, rule, ctx, added)
        out.append(built(Acknowledged, support=support, message=message))
    return out


def _sources(sel: Selection, ctx: Context) -> list[Source]:
    """The report the advice comes from (advice.yaml), then each provider once."""
    report = ctx.catalogue.advice.report
    out = []
    if report is not None:
        out.append(
            built(
                Source,
                title=report.title,
                publisher=report.publisher,
                authors=report.authors,
                date=report.published.isoformat(),
                url=report.url,
            )
        )
    seen = set()
    for c in sorted(sel.chosen, key=lambda c: c.opp.id):
        key = (c.opp.provider, c.opp.url)
        if c.opp.url and key not in seen:
            seen.add(key)
            out.append(
                built(
                    Source,
                    title=c.opp.title,
                    publisher=c.opp.provider,
                    checked=c.opp.last_reviewed,
                    url=c.opp.url,
                )
            )
    return out
