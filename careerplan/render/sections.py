"""The sections of a plan as every view says them: the header (who, role, goals, limits),
the priorities, the totals, what is not covered, what was left out and why, the support in
place, what serves each goal and priority, the notes, the reviews and the next steps.

Each builder here turns part of a Plan into the words and figures a reader sees, once:
the terminal (render/plan_terminal.py), plain mode (render/plain.py) and the exports'
Document (render/document.py, which markdown, HTML, Word, the calendar and the CSV draw)
all take their lines from these, and only lay them out their own way (a table of rows, a
list of sentences, a markdown bullet). So a screen and a document cannot disagree on the
totals, the left-out reasons or the next steps. Cheap to import, as render/items.py is:
the terminal's start-up must not pay for the Document, Jinja2 or Word. Text here is raw:
escaping belongs to each output format.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from careerplan import wording
from careerplan.render import item_words

if TYPE_CHECKING:
    from careerplan.model.assessment import Vocabularies
    from careerplan.model.plan import Plan, PlanItem


class LabelledText(NamedTuple):
    """A note, an unmet need, a left-out entry or a piece of support already in place:
    what it is about (a source, an area, an opportunity's title) and what is said."""

    label: str
    text: str


# --------------------------------------------------------------------------------- header


class HeaderView(NamedTuple):
    """Who the plan is for and its limits, in words: the terminal's header and the
    document's summary facts take these."""

    who: str  # the name, or 'you'
    name: str | None  # the name, or none
    role: str  # 'Medical director or chief medical officer'
    stage: str  # 'New medical director'
    in_post: str  # '6 months in post'
    organisation: str  # 'NHS trust'; 'Other kind of organisation' for 'other'
    clinical: str  # '1 clinical day a week', 'no clinical work'
    goals: list[str]
    months: int
    start: dt.date
    end: dt.date
    hours: str  # '6 hours' (a month)
    leave: str  # "10 days'" (study leave a year)
    budget: str  # '£1,500'
    mentor: str | None


def header(plan: Plan, vocab: Vocabularies) -> HeaderView:
    p = plan.profile
    days = p.clinical_days_per_week
    clinical = "no clinical work" if days == 0 else f"{wording.plural(days, 'clinical day')} a week"
    organisation = vocab.label("organisations", p.organisation)
    if organisation.lower() == "other":
        organisation = "Other kind of organisation"
    c = p.constraints
    name = _clean(p.name) or None
    return HeaderView(
        who=name or "you",
        name=name,
        role=vocab.label("roles", p.role),
        stage=vocab.label("stages", plan.stage),
        in_post=wording.in_post(p.years_in_role),
        organisation=organisation,
        clinical=clinical,
        goals=[vocab.label("goals", g) for g in p.goals],
        months=plan.horizon_months,
        start=plan.start,
        end=plan.end,
        hours=wording.plural(c.hours_per_month, "hour"),
        leave=wording.plural(c.study_leave_days, "day's", "days'"),
        budget=wording.money(c.budget_gbp),
        mentor=mentor(plan),
    )


def mentor(plan: Plan) -> str | None:
    """The mentor the plan names, else the profile's, on one line; none if neither does."""
    return _clean(plan.mentor or plan.profile.mentor or "") or None


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


# ----------------------------------------------------------------------------- priorities


class PriorityView(NamedTuple):
    """A priority area as every view shows it: its rank, rating, need and why."""

    rank: int
    area: str
    label: str
    rating: int | None
    rating_label: str  # '1 of 5, Not yet', or 'not rated'
    need: float
    why: str
    rated: str = ""  # 'rated 1 of 5', or 'not rated': the short form beside a chart


def priorities(plan: Plan, vocab: Vocabularies, scale: dict[int, str]) -> list[PriorityView]:
    """The plan's priority areas, greatest need first, each with its rating and need."""
    top = max(scale)
    return [
        PriorityView(
            rank=i + 1,
            area=p.area,
            label=p.label or vocab.label("areas", p.area),
            rating=p.rating,
            rating_label=rating_text(p.rating, scale),
            need=p.need,
            why=p.why,
            rated="not rated" if p.rating is None else f"rated {wording.rating(p.rating, top)}",
        )
        for i, p in enumerate(plan.priorities)
    ]


# --------------------------------------------------------------------------------- totals


class TotalsView(NamedTuple):
    """The plan's totals against the person's limits, as sentences (the terminal's rows)
    and as the document's summary facts, made from the same phrases."""

    time: str  # '59 of 72 hours of your own time (82%); the busiest month has 6 of your 6 hours.'
    leave: str  # '2 of 10 days over the plan (10 a year).' ('' when leave is not counted)
    money: str  # '£0 counted against your £1,500 budget. 5 of 6 items are free or funded.'
    price_unknown: str  # 'Price unknown, ask before committing (not counted): X.' (or '')
    time_fact: str  # the document's 'Time' fact
    money_fact: str  # the document's 'Money' fact


_tenths = item_words.tenths  # a total as a person counts it: 2.83 hours is '2.8'

#: The time a plan takes when the person has no hours a month for it.
NO_OWN_TIME = "none of your own time"


def totals(plan: Plan) -> TotalsView:
    """The totals' words, for the terminal's 'Totals against your limits' and the
    document's 'Time' and 'Money' facts."""
    t = plan.totals
    titles = {i.id: i.title for i in plan.items}
    own = item_words.own_time_of(t.hours, t.hours_available)
    unknown_hours = ""
    if t.hours_unknown:
        unknown_hours = "Hours unknown (a planning allowance is used): " + ", ".join(
            titles.get(i, i) for i in t.hours_unknown
        )
    peak = max(t.hours_by_month or [0.0])
    limit = (
        t.hours_per_month
        if t.hours_per_month is not None
        else plan.profile.constraints.hours_per_month
    )
    share = f" ({round(100 * t.hours / t.hours_available)}%)" if t.hours_available else ""
    hours = wording.plural(limit, "hour")
    time = f"{own}{share}; the busiest month has {_tenths(peak)} of your {hours}."
    if not t.hours_available and not t.hours:  # not '0 of 0 hours ...; 0 of your 0 hours'
        own = NO_OWN_TIME
        time = f"{wording.sentence(own)}: your profile sets no hours a month aside."
    if unknown_hours:
        time += f" {unknown_hours}."
    leave = ""
    if t.leave_days_available is not None:
        leave = f"{_leave_days(plan)} over the plan ({_tenths(t.leave_days_per_year or 0)} a year)."
    counted = _money_counted(plan)
    money = f"{counted}."
    if t.free_or_funded:
        money += f" {len(t.free_or_funded)} of {len(plan.items)} items are free or funded."
    price_unknown = ""
    if t.cost_unknown:
        price_unknown = (
            "Price unknown, ask before committing (not counted): "
            + ", ".join(titles.get(i, i) for i in t.cost_unknown)
            + "."
        )
    return TotalsView(
        time=time,
        leave=leave,
        money=money,
        price_unknown=price_unknown,
        time_fact=_time_fact(plan, own, unknown_hours),
        money_fact=_money_fact(plan, counted),
    )


def _leave_days(plan: Plan) -> str:
    """'2 of 10 days' of study leave, '0.5 of 1 day'; '2 days' when none is counted."""
    t = plan.totals
    used = t.leave_days or 0
    if t.leave_days_available is None:
        return f"{_tenths(used)} {wording.noun(used, 'day')}"
    available = t.leave_days_available
    return f"{_tenths(used)} of {_tenths(available)} {wording.noun(available, 'day')}"


def _money_counted(plan: Plan) -> str:
    """'£300 counted against your £1,500 budget (£200 of it careerplan's estimate, not a
    published price)'."""
    t = plan.totals
    money = f"{wording.money(t.cost)} counted against your {wording.money(t.budget)} budget"
    estimated = [i for i in plan.items if i.id in t.cost_estimated]
    if estimated:
        pounds = wording.money(sum(i.cost_counted or 0 for i in estimated))
        money += f" ({pounds} of it careerplan's estimate, not a published price)"
    return money


def _time_fact(plan: Plan, own: str, unknown_hours: str) -> str:
    """The hours of the person's own time, their limit a month, the study leave apart in
    days, and the items whose hours are not known."""
    t = plan.totals
    a_month = wording.plural(plan.profile.constraints.hours_per_month, "hour")
    text = f"{own} ({a_month} a month)"
    if t.leave_days:
        text += f"; {_leave_days(plan)} of study leave"
    if unknown_hours:
        text += f"; {_first_lower(unknown_hours)}"
    return text


def _money_fact(plan: Plan, counted: str) -> str:
    """What is counted against the budget, how many items have no price yet (the
    terminal names them; a document lists each item's cost), and the levy."""
    t = plan.totals
    text = counted
    if t.cost_unknown:
        unknown = wording.plural(len(t.cost_unknown), "item has", "items have")
        text += f"; {unknown} an unknown cost (check with the provider)"
    if t.levy_funded:
        levy = wording.plural(len(t.levy_funded), "item")
        text += f"; {levy} through the apprenticeship levy"
    if t.levy_funded:
        return text
    if plan.profile.constraints.apprenticeship_levy:
        # The profile says it could pay, but its dated rules do not open it (the plan's
        # levy note says why): never "can be used" beside that note.
        return text + "; the apprenticeship levy is not counted on"
    return text + "; the apprenticeship levy cannot be used"


# -------------------------------------------------------- what the plan does not cover


#: A need the plan does not meet, said for an appraiser from why its best entry is out (the
#: terminal's own sentence names the figures and the flags to try).
UNMET_NONE = (
    "nothing in the catalogue builds it for you yet: ask your mentor or appraiser about an "
    "opportunity in your organisation or system."
)
UNMET_LIMITS = (
    "what would build it does not fit this plan's time, money or length: agree with your "
    "appraiser whether it should come before something in the plan."
)
UNMET_OTHER = "nothing in this plan builds it much yet: agree with your appraiser how to meet it."
UNMET_WORDS = {
    "none": UNMET_NONE,
    **{
        reason: UNMET_LIMITS
        for reason in (
            "hours",
            "months",
            "leave",
            "too-long",
            "budget",
            "open-price",
            "top",
            "protected",
            "crowded",
            "no-budget",
            "after-rung",
        )
    },
}


class UnmetView(NamedTuple):
    """A need the plan does not meet: its area, the sentence for the person (the figures
    and the flags to try) and the one for an appraiser (what to agree)."""

    label: str
    text: str
    appraiser: str


def unmet(plan: Plan, vocab: Vocabularies, scale: dict[int, str]) -> list[UnmetView]:
    """The needs the plan does not meet, in the plan's order; `scale` is the rating scale
    (1..top -> label)."""
    out = []
    for u in plan.unmet:
        rating = plan.profile.ratings.get(u.area)
        out.append(
            UnmetView(
                label=vocab.label("areas", u.area),
                text=u.message,
                # Plans made before the reason was recorded keep their own sentence.
                appraiser=_unmet_text(rating, u.reason, scale) if u.reason else u.message,
            )
        )
    return out


def _unmet_text(rating: int | None, reason: str | None, scale: dict[int, str]) -> str:
    """The area's rating ('Rated ...' or 'Not rated') and what to do about the need."""
    rated = "Not rated" if rating is None else f"Rated {rating_text(rating, scale)}"
    return f"{rated}; {UNMET_WORDS.get(reason or '', UNMET_OTHER)}"


def rating_text(rating: int | None, scale: dict[int, str]) -> str:
    """'1 of 5, Not yet', or 'not rated'."""
    if rating is None:
        return "not rated"
    return f"{wording.rating(rating, max(scale))}, {scale.get(rating, str(rating))}"


#: Why the limits kept an opportunity out (LeftOut.reason), in a few words for an
#: appraiser; the terminal's own sentence gives the figures and the flags to try.
LEFT_OUT_WORDS = {
    "hours": "it needs more of your own time than is left",
    "months": "its hours do not fit month by month",
    "leave": "it needs more study leave than is left",
    "too-long": "it takes longer than this plan",
    "budget": "it costs more than the budget left",
    "no-budget": "there is no budget for it",
    "open-price": "its price has no upper figure",
    "top": "the list is full",
    "prerequisite": "what it builds on is not in the plan",
    "family": "the plan already has one of its kind",
    "crowded": "something in the plan already serves its purpose",
    "protected": "the protected study time is in use",
    "after-rung": "it can start only once the rung below it ends",
}


class LeftOutView(NamedTuple):
    """An opportunity the limits kept out: its title, what would let it in (for the
    person, with the figures and the flags to try) and why, in a few words."""

    label: str
    text: str
    why: str  # 'it takes longer than this plan' ('' for plans that did not record it)


def left_out(plan: Plan) -> list[LeftOutView]:
    """What the limits kept out, in the plan's order (plans from engines that did not
    record them have none)."""
    return [
        LeftOutView(label=x.title, text=x.message, why=LEFT_OUT_WORDS.get(x.reason or "", ""))
        for x in getattr(plan, "left_out", None) or []
    ]


def acknowledged(plan: Plan, vocab: Vocabularies) -> list[LabelledText]:
    """The support already in place, and what the plan makes of it."""
    return [
        LabelledText(label=vocab.label("support", a.support), text=a.message)
        for a in plan.acknowledged
    ]


#: Why a runner-up lost its place to the item (RunnerUp.lost), in words.
LOST_WORDS = {
    "lower-score": "suits you a little less",
    "crowded": "the plan already has one of its family",
    "hours": "not enough of your hours left",
    "months": "its hours do not fit month by month",
    "leave": "not enough study leave left",
    "budget": "over the budget left",
    "open-price": "its price has no upper figure",
    "top": "the list is full",
    "too-long": "longer than the plan",
    "protected": "the protected study time is in use",
    "prerequisite": "what it builds on cannot be in the plan",
    "family": "the plan already has one of its family",
}


def coverage(plan: Plan, vocab: Vocabularies) -> list[str]:
    """Each goal and top priority, one line each: what in the plan serves it, or why
    nothing does."""
    titles = {i.id: i.title for i in plan.items}
    lines = []
    for c in plan.coverage:
        name = vocab.label("goals" if c.kind == "goal" else "areas", c.id)
        if c.served_by:
            served = wording.and_list([titles.get(i, i) for i in c.served_by])
            lines.append(f"{name}: {served}.")
            continue
        why = {
            "no-entry": "nothing in the catalogue serves it",
            "excluded": "no entry for it is open to you",
            "support": "your support in place covers it",
            "carried": "items carried forward serve it",
            "crowded": "items that suit you better took the places",
            "kept-out": f"its best entry is kept out ({LOST_WORDS.get(c.kept or '', c.kept)})",
        }.get(c.reason or "", "nothing serves it")
        lines.append(f"{name}: nothing in this plan; {why}.")
    return lines


# ---------------------------------------------------------------------------------- notes

#: Note kinds that advise on using careerplan (plan again with --top, --horizon, --include)
#: rather than on the person's development: for the terminal, not an appraiser.
TOOL_NOTES = ("room", "budget")


class NotesView(NamedTuple):
    """The plan's notes, each labelled with its source, sorted for where they are said."""

    about: list[LabelledText]  # the terminal's 'About this plan': all but the report's
    report: list[LabelledText]  # the report's advice for the situation (--explain)
    document: list[LabelledText]  # a document's notes: all but advice on using careerplan


def notes(plan: Plan) -> NotesView:
    said = [(n.kind, LabelledText(label=n.source, text=n.text)) for n in plan.notes]
    return NotesView(
        about=[n for kind, n in said if kind != "report"],
        report=[n for kind, n in said if kind == "report"],
        document=[n for kind, n in said if kind not in TOOL_NOTES],
    )


# ------------------------------------------------------------------------ reviews, steps


class ReviewView(NamedTuple):
    """A review date and what it is for."""

    number: int
    on: dt.date
    text: str


def reviews(plan: Plan, mentor: str | None) -> list[ReviewView]:
    """Each review date and what it is for, with `mentor` (or whoever reviews)."""
    who = mentor or "your mentor, coach or appraiser"
    dates = plan.reviews
    out = []
    for i, on in enumerate(dates):
        if i == len(dates) - 1 and len(dates) > 1:
            text = (
                f"End-of-plan review with {who}: what was completed, what to carry "
                "forward, and a fresh self-assessment"
            )
        else:
            text = f"Review progress with {who}; update each item's status"
        out.append(ReviewView(number=i + 1, on=on, text=text))
    return out


class StepView(NamedTuple):
    """One of the next steps: what to do (its date first, as the plan words it) and the
    item it is for ('' for the step a plan with no items suggests)."""

    text: str
    item: str


#: The step for a plan with nothing in it.
NO_ITEMS_STEP = (
    "Talk to your mentor, appraiser or line manager about making time for development; "
    "then run careerplan plan again."
)


def next_steps(plan: Plan) -> list[StepView]:
    """The soonest three first steps (by when each is due, then when its item starts)."""
    order = sorted(plan.items, key=_step_order)[:3]
    if not order:
        return [StepView(text=NO_ITEMS_STEP, item="")]
    return [StepView(text=i.first_step or i.action, item=i.title) for i in order]


def _step_order(item: PlanItem) -> tuple:
    return (item.first_step_by or item.start, item.start, item.phase, -item.score, item.id)


def next_steps_title(steps: list[StepView]) -> str:
    """'Your next three steps', 'Your next step'."""
    if len(steps) == 1:
        return "Your next step"
    return f"Your next {wording.word_count(len(steps))} steps"


# -------------------------------------------------------------------------------- helpers


def _first_lower(text: str) -> str:
    """'Price unknown' -> 'price unknown', never 'NHS' -> 'nHS'."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
