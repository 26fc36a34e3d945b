"""Next year's plan from last year's: carry unfinished items forward (pure).

Rules:

- An item of the previous plan that is neither `complete` nor `dropped` is carried into
  the new plan, marked `carried-forward`, with its history and a dated entry saying so.
  Work under way continues in phase 1; an item never started keeps its phase and place in
  the year (see `carry`). Its hours and known cost are set aside before the new items are
  chosen, so the new plan still fits the person's time and budget.
- What was completed is not recommended again; nor is what was dropped (the person
  decided against it, and said why). Both are said in the plan's notes.
- The plan says, in a note and in `previous_plan`, what was carried and why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from careerplan import wording
from careerplan.model.catalogue import Catalogue
from careerplan.model.plan import HistoryEntry, Note, Plan, PlanItem, PreviousPlan
from careerplan.model.profile import Profile

Build = Callable[..., Plan]
LAST_YEAR = "When first planned: "


@dataclass(frozen=True)
class Outcome:
    """How the previous plan ended."""

    carried: list[PlanItem]
    completed: list[PlanItem]
    dropped: list[PlanItem]

    def not_again(self) -> set[str]:
        return {i.id for i in (*self.carried, *self.completed, *self.dropped)}


def outcome(previous: Plan) -> Outcome:
    return Outcome(
        carried=[i for i in previous.items if i.status not in ("complete", "dropped")],
        completed=[i for i in previous.items if i.status == "complete"],
        dropped=[i for i in previous.items if i.status == "dropped"],
    )


def without(catalogue: Catalogue, ids: set[str]) -> Catalogue:
    """The catalogue minus the given opportunities (so they are not chosen again)."""
    return dataclasses.replace(
        catalogue, opportunities={k: v for k, v in catalogue.opportunities.items() if k not in ids}
    )


def _hours(item: PlanItem) -> float:
    """Hours of personal development time the item takes (study leave apart)."""
    if item.personal_hours is not None:
        return item.personal_hours
    return 0.0 if isinstance(item.hours, str) else float(item.hours)


def _route(item: PlanItem) -> str:
    """How a carried item is paid for: the engine's typed route when the plan has it
    (`engine.money`), else from the funding list; one list per item in the totals, never
    both 'free' and 'unknown'."""
    if item.cost_route is not None:
        if item.cost_route in ("free", "central", "employer"):
            return "free"
        return "unknown" if item.cost_counted is None else "paid"
    if "nhs-england-funded" in item.funding or "free" in item.funding or item.cost in (0, "free"):
        return "free"
    if item.cost == "unknown":
        return "unknown"
    return "paid"


def _cost(item: PlanItem) -> float:
    """Pounds the carried item counts against the budget (what the plan counted)."""
    if item.cost_counted is not None:
        return float(item.cost_counted)
    return 0.0 if isinstance(item.cost, str) else float(item.cost)


def room_left(profile: Profile, carried: list[PlanItem]) -> Profile:
    """The profile with the carried items' hours and known costs set aside."""
    c = profile.constraints
    months = c.horizon_months
    hours = sum(_hours(i) for i in carried)
    cost = sum(_cost(i) for i in carried)
    leave = sum(i.leave_days or 0 for i in carried)
    constraints = c.model_copy(
        update={
            "hours_per_month": max(0.0, c.hours_per_month - hours / months),
            "budget_gbp": max(0.0, c.budget_gbp - cost),
            "study_leave_days": max(0.0, c.study_leave_days - leave * 12 / months),
        }
    )
    return profile.model_copy(update={"constraints": constraints})


def carry(item: PlanItem, previous: Plan, new: Plan, today: dt.date) -> PlanItem:
    """`item` of `previous` as a carried-forward item of `new`.

    Work already under way (agreed, in progress, or carried before) continues at once, in
    phase 1. An item never started keeps its phase and its place in the year: it starts as
    long after the new plan's start as it did after the old one's. Either way it keeps its
    length (start to target), within the new plan's end.
    """
    length = max(item.target_date - item.start, dt.timedelta(days=28))
    if item.status == "proposed":
        phase = item.phase
        start = min(new.start + max(item.start - previous.start, dt.timedelta(0)), new.end)
    else:
        phase = 1
        start = new.start
    target = min(start + length, new.end)
    history = list(item.history) or [
        HistoryEntry(on=previous.generated_on, status=item.status, note="in the plan as made")
    ]
    history.append(
        HistoryEntry(
            on=today,
            status="carried-forward",
            note=(
                f"carried from the plan of {wording.date(previous.generated_on)}, where it "
                f"was {item.status}"
            ),
        )
    )
    phase_label = next((i.phase_label for i in new.items if i.phase == phase), item.phase_label)
    why = (
        f"Carried forward from your plan of {wording.date(previous.generated_on)}: it was "
        f"{item.status} and not finished, and you had not dropped it."
    )
    carried_before = any(h.status == "carried-forward" for h in item.history)
    update = {
        "phase": phase,
        "phase_label": phase_label,
        "start": start,
        "target_date": target,
        "status": "carried-forward",
        "status_date": today,
        "history": history,
        # An item carried before already has its carry sentence first and last year's
        # reasons marked: known from its history, not from the words.
        "reasons": [
            why,
            *(item.reasons[1:] if carried_before else (LAST_YEAR + r for r in item.reasons)),
        ],
    }
    hours = _hours(item)
    if "hours_per_month" in type(item).model_fields and hours:
        update["hours_per_month"] = round(hours / _months(start, target), 2)
    return item.model_copy(update=update)


def _months(start: dt.date, end: dt.date) -> int:
    """How many calendar months the span start..end touches (at least 1)."""
    return max(1, (end.year - start.year) * 12 + end.month - start.month + 1)


def _spread(by_month: list[float], plan_start: dt.date, items: list[PlanItem]) -> list[float]:
    """Monthly hours with each item's hours spread evenly over the months it runs."""
    out = list(by_month)
    for item in items:
        hours = _hours(item)
        if not hours:
            continue
        first = _months(plan_start, item.start) - 1
        span = _months(item.start, item.target_date)
        for m in range(first, first + span):
            if 0 <= m < len(out):
                out[m] = round(out[m] + hours / span, 2)
    return out


def _names(items: list[PlanItem]) -> str:
    return ", ".join(f"{i.title} ({i.id})" for i in items)


def explain(out: Outcome, previous: Plan) -> str:
    parts = [f"From your plan of {wording.date(previous.generated_on)}:"]
    if out.carried:
        parts.append(
            f"{wording.plural(len(out.carried), 'unfinished item')}"
            f" carried forward, because they were not complete and not dropped: "
            f"{_names(out.carried)}."
        )
    else:
        parts.append("nothing to carry forward: every item was completed or dropped.")
    if out.completed:
        parts.append(f"Completed, so not suggested again: {_names(out.completed)}.")
    if out.dropped:
        dropped = ", ".join(
            f"{i.title} ({i.id}" + (f": {i.last_note})" if i.last_note else ")")
            for i in out.dropped
        )
        parts.append(f"Dropped, so not suggested again: {dropped}.")
    return " ".join(parts)


def merge(
    new: Plan, previous: Plan, profile: Profile, today: dt.date, source: str = "previous plan"
) -> Plan:
    """Put the previous plan's unfinished items into `new` and say so."""
    out = outcome(previous)
    carried = [carry(i, previous, new, today) for i in out.carried]
    items = sorted([*carried, *new.items], key=lambda i: (i.phase, i.start))
    totals = new.totals
    hours = totals.hours + sum(_hours(i) for i in carried)
    cost = totals.cost + sum(_cost(i) for i in carried)
    routes = {i.id: _route(i) for i in carried}
    unknown = [*totals.cost_unknown, *(i for i, r in routes.items() if r == "unknown")]
    free = [*totals.free_or_funded, *(i for i, r in routes.items() if r == "free")]
    c = profile.constraints
    update = {
        "hours": hours,
        "cost": cost,
        "cost_unknown": unknown,
        "free_or_funded": free,
        "budget": c.budget_gbp,
        "hours_available": c.hours_per_month * c.horizon_months,
    }
    fields = type(totals).model_fields
    if "hours_per_month" in fields:
        update["hours_per_month"] = c.hours_per_month
    if totals.leave_days is not None:
        update["leave_days"] = totals.leave_days + sum(i.leave_days or 0 for i in carried)
        update["leave_days_per_year"] = c.study_leave_days
        update["leave_days_available"] = round(c.study_leave_days * c.horizon_months / 12, 2)
    if "hours_by_month" in fields and getattr(totals, "hours_by_month", None):
        update["hours_by_month"] = _spread(totals.hours_by_month, new.start, carried)
    totals = totals.model_copy(update=update)
    note = Note(text=explain(out, previous), source=source, kind="carried")
    previous_plan = PreviousPlan(
        source=source,
        generated_on=previous.generated_on,
        carried=[i.id for i in out.carried],
        completed=[i.id for i in out.completed],
        dropped=[i.id for i in out.dropped],
    )
    return new.model_copy(
        update={
            "items": items,
            "totals": totals,
            "profile": profile,
            "notes": [note, *new.notes],
            "previous_plan": previous_plan,
        }
    )


def next_plan(
    profile: Profile,
    catalogue: Catalogue,
    previous: Plan,
    *,
    today: dt.date,
    build: Build,
    source: str = "previous plan",
    **options,
) -> Plan:
    """Build next year's plan for `profile`, carrying forward from `previous`."""
    out = outcome(previous)
    # The carried items count as already chosen: the engine's diminishing returns for
    # their areas and kinds apply, so the new items do not stack on them.
    already = tuple(
        catalogue.opportunities[i.id] for i in out.carried if i.id in catalogue.opportunities
    )
    fresh = build(
        room_left(profile, out.carried),
        without(catalogue, out.not_again()),
        today=today,
        already=already,
        **options,
    )
    return merge(fresh, previous, profile, today, source)


def name_mismatch(profile: Profile, previous: Plan) -> str | None:
    """A warning when the previous plan seems to be someone else's."""
    old, new = previous.profile.name, profile.name
    if old and new and old.strip().lower() != new.strip().lower():
        return (
            f"the previous plan is for {old} but the profile is for {new}; check you "
            "gave the right files"
        )
    return None
