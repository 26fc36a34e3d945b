"""Next year's plan from last year's: carry unfinished items forward (pure).

Rules:

- An item of the previous plan that is neither `complete` nor `dropped` is carried into
  the new plan, marked `carried-forward`, with its history and a dated entry saying so. It
  is placed in phase 1 of the new plan, keeping its original length (start to target),
  and its hours and known cost are set aside before the new items are chosen, so the new
  plan still fits the person's time and budget.
- What was completed is not recommended again; nor is what was dropped (the person
  decided against it, and said why). Both are said in the plan's notes.
- The plan says, in a note and in `extra.previous_plan`, what was carried and why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from careerplan.catalogue import Catalogue
from careerplan.plan import HistoryEntry, Note, Plan, PlanItem
from careerplan.profile import Profile

Build = Callable[..., Plan]


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
        catalogue, opportunities={k: v for k, v in catalogue.opportunities.items()
                                  if k not in ids})


def _hours(item: PlanItem) -> float:
    return 0.0 if isinstance(item.hours, str) else float(item.hours)


def _cost(item: PlanItem) -> float:
    return 0.0 if isinstance(item.cost, str) else float(item.cost)


def room_left(profile: Profile, carried: list[PlanItem]) -> Profile:
    """The profile with the carried items' hours and known costs set aside."""
    c = profile.constraints
    months = c.horizon_months
    hours = sum(_hours(i) for i in carried)
    cost = sum(_cost(i) for i in carried)
    constraints = c.model_copy(update={
        "hours_per_month": max(0.0, c.hours_per_month - hours / months),
        "budget_gbp": max(0.0, c.budget_gbp - cost),
    })
    return profile.model_copy(update={"constraints": constraints})


def _last_note(item: PlanItem) -> str | None:
    for entry in reversed(item.history):
        if entry.note:
            return entry.note
    return None


def carry(item: PlanItem, previous: Plan, new: Plan, today: dt.date) -> PlanItem:
    """`item` of `previous` as a carried-forward item of `new`."""
    length = max(item.target_date - item.start, dt.timedelta(days=28))
    start = new.start
    target = min(start + length, new.end)
    history = list(item.history) or [HistoryEntry(on=previous.generated_on, status=item.status,
                                                  note="in the plan as made")]
    history.append(HistoryEntry(on=today, status="carried-forward",
                                note=f"carried from the plan of {previous.generated_on}, "
                                     f"where it was {item.status}"))
    phase_label = next((i.phase_label for i in new.items if i.phase == 1), "First months")
    why = (f"Carried forward from your plan of {previous.generated_on}: it was {item.status} "
           f"and not finished, and you had not dropped it, so it comes first this year.")
    return item.model_copy(update={
        "phase": 1, "phase_label": phase_label, "start": start, "target_date": target,
        "status": "carried-forward", "status_date": today, "history": history,
        "reasons": [why, *[r for r in item.reasons if not r.startswith("Carried forward")]],
    })


def _names(items: list[PlanItem]) -> str:
    return ", ".join(f"{i.title} ({i.id})" for i in items)


def explain(out: Outcome, previous: Plan) -> str:
    parts = [f"From your plan of {previous.generated_on}:"]
    if out.carried:
        parts.append(f"{len(out.carried)} unfinished item{'s' if len(out.carried) != 1 else ''}"
                     f" carried forward, because they were not complete and not dropped: "
                     f"{_names(out.carried)}.")
    else:
        parts.append("nothing to carry forward: every item was completed or dropped.")
    if out.completed:
        parts.append(f"Completed, so not suggested again: {_names(out.completed)}.")
    if out.dropped:
        dropped = ", ".join(f"{i.title} ({i.id}" + (f": {_last_note(i)})" if _last_note(i)
                                                     else ")") for i in out.dropped)
        parts.append(f"Dropped, so not suggested again: {dropped}.")
    return " ".join(parts)


def merge(new: Plan, previous: Plan, profile: Profile, today: dt.date,
          source: str = "previous plan") -> Plan:
    """Put the previous plan's unfinished items into `new` and say so."""
    out = outcome(previous)
    carried = [carry(i, previous, new, today) for i in out.carried]
    items = [*carried, *new.items]
    totals = new.totals
    hours = totals.hours + sum(_hours(i) for i in carried)
    cost = totals.cost + sum(_cost(i) for i in carried)
    unknown = [*totals.cost_unknown, *(i.id for i in carried if i.cost == "unknown")]
    levy = [*totals.levy_funded, *(i.id for i in carried
                                   if "apprenticeship-levy" in i.funding
                                   and profile.constraints.apprenticeship_levy)]
    free = [*totals.free_or_funded, *(i.id for i in carried
                                      if i.cost in (0, "free") or "free" in i.funding
                                      or "nhs-england-funded" in i.funding)]
    totals = totals.model_copy(update={
        "hours": hours, "cost": cost, "cost_unknown": unknown, "levy_funded": levy,
        "free_or_funded": free, "budget": profile.constraints.budget_gbp,
        "hours_available": profile.constraints.hours_per_month * profile.constraints.horizon_months,
    })
    note = Note(text=explain(out, previous), source=source)
    extra = dict(new.extra)
    extra["previous_plan"] = {
        "source": source,
        "generated_on": previous.generated_on.isoformat(),
        "carried": [i.id for i in out.carried],
        "completed": [i.id for i in out.completed],
        "dropped": [i.id for i in out.dropped],
    }
    return new.model_copy(update={"items": items, "totals": totals, "profile": profile,
                                  "notes": [note, *new.notes], "extra": extra})


def next_plan(profile: Profile, catalogue: Catalogue, previous: Plan, *, today: dt.date,
              build: Build, source: str = "previous plan", **options) -> Plan:
    """Build next year's plan for `profile`, carrying forward from `previous`."""
    out = outcome(previous)
    fresh = build(room_left(profile, out.carried), without(catalogue, out.not_again()),
                  today=today, **options)
    return merge(fresh, previous, profile, today, source)


def name_mismatch(profile: Profile, previous: Plan) -> str | None:
    """A warning when the previous plan seems to be someone else's."""
    old, new = previous.profile.name, profile.name
    if old and new and old.strip().lower() != new.strip().lower():
        return (f"the previous plan is for {old} but the profile is for {new}; check you "
                "gave the right files")
    return None
