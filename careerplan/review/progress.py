"""Progress through a plan: the rules for moving an item between statuses, and where it stands.

Statuses follow appraisal practice (proposed → agreed → in-progress → complete), with
`dropped` (needs a reason) and `carried-forward` (set only when a new plan carries an
unfinished item over; see carry_forward.py). The allowed moves are data, in TRANSITIONS.

Rules, in words:

- `complete` needs a date (default: today) that is not in the future.
- `dropped` needs a reason (the note).
- A `complete` or `dropped` item is closed: it cannot be changed, not even completed,
  unless the change is an explicit reopen (`reopen=True`, `--reopen`), which may only
  move it back to `proposed`, `agreed` or `in-progress` and needs a note saying why.
- `carried-forward` is never set by hand.
- Setting the status an item already has only adds its note (a reflection or evidence),
  and so needs a note.

Every change appends a dated HistoryEntry; the first change also records the status the
item started with (on the day the plan was made), so the history reads from the start.
All functions here are pure: they return a new Plan and never write files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from careerplan import wording
from careerplan.errors import InputError
from careerplan.model.plan import HistoryEntry, Plan, PlanItem

STATUSES = ("proposed", "agreed", "in-progress", "complete", "carried-forward", "dropped")
CLOSED = frozenset({"complete", "dropped"})

#: Moves allowed by an ordinary review: from status -> the statuses it may become.
TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "proposed": ("agreed", "in-progress", "complete", "dropped"),
    "agreed": ("proposed", "in-progress", "complete", "dropped"),
    "in-progress": ("agreed", "complete", "dropped"),
    "carried-forward": ("agreed", "in-progress", "complete", "dropped"),
    "complete": (),
    "dropped": (),
}

#: Moves allowed only with reopen=True (and a note saying why).
REOPEN: Mapping[str, tuple[str, ...]] = {
    "complete": ("proposed", "agreed", "in-progress"),
    "dropped": ("proposed", "agreed", "in-progress"),
}

#: The longest note kept with one change (a reflection, evidence, a reason).
NOTE_MAX = 5000

#: How much of an item's hours counts as spent, by status (status view, summary).
SPENT_SHARE: Mapping[str, float] = {"complete": 1.0, "in-progress": 0.5}


@dataclass(frozen=True)
class Change:
    """One requested change to one item."""

    item: str
    status: str | None = None  # None: add a note only
    note: str | None = None
    on: dt.date | None = None  # default: today
    reopen: bool = False


def reading_order(plan: Plan) -> list[PlanItem]:
    """The items as the plan numbers them: by phase, then start; ties keep their order."""
    return sorted(plan.items, key=lambda i: (i.phase, i.start))


def find_item(plan: Plan, item_id: str) -> PlanItem:
    """The item with this id, or with this number as the plan shows it (1, 2 ...)."""
    for item in plan.items:
        if item.id == item_id:
            return item
    ids = [i.id for i in plan.items]
    if item_id.strip().isdigit():
        number = int(item_id)
        if 1 <= number <= len(ids):
            return reading_order(plan)[number - 1]
        raise InputError(
            f"the plan has no item number {number}: its items are numbered 1 to {len(ids)} "
            f"(or give an id: {', '.join(ids)})"
        )
    raise InputError(
        f"the plan has no item '{item_id}'{_did_you_mean(item_id, ids)} Its "
        f"items are: {', '.join(ids)}"
    )


def _did_you_mean(value: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' to end a clause with, or '.' when nothing is close."""
    from careerplan.model.types import closest

    best = closest(value, choices)
    return f"; did you mean '{best}'?" if best else "."


#: What `careerplan review` may set (carried-forward is set only by next year's plan).
SETTABLE = tuple(s for s in STATUSES if s != "carried-forward")


def check_status(target: str) -> None:
    """Raise InputError, in words, unless `target` is a status review may set."""
    if target == "carried-forward":
        raise InputError(
            "--status carried-forward is set only by next year's plan "
            "(`careerplan plan --profile NEW --previous THIS_PLAN`), not by "
            f"review; use one of: {', '.join(SETTABLE)}"
        )
    if target not in SETTABLE:
        raise InputError(
            f"unknown status '{target}'{_did_you_mean(target, SETTABLE)} Use one "
            f"of: {', '.join(SETTABLE)}"
        )


def _check_in_range(item: PlanItem, on: dt.date) -> None:
    """A history date the saved plan can hold (and read back): 1900 to 2209, checked
    when it is given rather than found when the plan will not write."""
    from careerplan.clock import EARLIEST, PLAN_LATEST

    if not EARLIEST <= on <= PLAN_LATEST:
        raise InputError(
            f"{item.id}: the date {on} is outside the years {EARLIEST.year} to "
            f"{PLAN_LATEST.year}; check the year (--date YYYY-MM-DD)"
        )


def check_change(item: PlanItem, change: Change, today: dt.date) -> None:
    """Raise InputError, in words, if `change` is not allowed for `item`."""
    note = (change.note or "").strip()
    target = change.status
    on = change.on or today
    if on > today:
        raise InputError(
            f"{item.id}: the date {wording.date(on)} is in the future; give the date it "
            "happened (--date, such as 20 Mar 2027), or leave it out for today"
        )
    _check_in_range(item, on)
    if target is None or target == item.status:
        if change.reopen:
            raise InputError(
                f"{item.id}: --reopen needs a new status (proposed, agreed or in-progress)"
            )
        if not note:
            what = f"is already {item.status}" if target else "has no change to record"
            raise InputError(
                f"{item.id}: {what}; give --status to change it, or --note to "
                "add a reflection or evidence"
            )
        return
    check_status(target)
    if item.status in CLOSED and not change.reopen:
        when = f" on {wording.date(item.status_date)}" if item.status_date else ""
        why = item.last_note
        why = f" ({why})" if why and item.status == "dropped" else ""
        raise InputError(
            f"{item.id}: cannot be made {target}: it was marked {item.status}{when}{why}. "
            f"To take it up again, reopen it first: --reopen --status in-progress --note "
            f"'why it is reopened'"
        )
    if change.reopen:
        if item.status not in CLOSED:
            raise InputError(
                f"{item.id}: is {item.status}, not complete or dropped, so there "
                "is nothing to reopen; leave out --reopen"
            )
        if target not in REOPEN[item.status]:
            raise InputError(
                f"{item.id}: a reopened item goes back to one of "
                f"{', '.join(REOPEN[item.status])}, not {target}"
            )
        if not note:
            raise InputError(f"{item.id}: reopening needs a note saying why (--note TEXT)")
        return
    if target not in TRANSITIONS[item.status]:
        raise InputError(
            f"{item.id}: cannot go from {item.status} to {target}; from "
            f"{item.status} it can become: "
            f"{', '.join(TRANSITIONS[item.status])}"
        )
    if target == "dropped" and not note:
        raise InputError(
            f"{item.id}: dropping an item needs a reason; add --note 'why', "
            "e.g. --note 'no study leave this year'"
        )


def apply_change(plan: Plan, change: Change, today: dt.date) -> Plan:
    """The plan with `change` applied to one item, or InputError saying why not.

    The note's line endings are made plain newlines; a control character (an escape
    sequence, a bell) is refused, so a saved plan always reads back."""
    from dataclasses import replace

    from careerplan.model.types import plain_text

    if change.note:
        change = replace(change, note=plain_text(change.note, "--note", most=NOTE_MAX))
    item = find_item(plan, change.item)
    check_change(item, change, today)
    on = change.on or today
    note = (change.note or "").strip() or None
    history = list(item.history)
    if not history:
        history.append(
            HistoryEntry(on=plan.generated_on, status=item.status, note="in the plan as made")
        )
    if change.status is None or change.status == item.status:
        history.append(HistoryEntry(on=on, status=item.status, note=note))
        updated = item.model_copy(update={"history": history})
    else:
        history.append(HistoryEntry(on=on, status=change.status, note=note))
        updated = item.model_copy(
            update={"status": change.status, "status_date": on, "history": history}
        )
    items = [updated if i.id == item.id else i for i in plan.items]
    return plan.model_copy(update={"items": items})


def apply_changes(plan: Plan, changes: list[Change], today: dt.date) -> Plan:
    for change in changes:
        plan = apply_change(plan, change, today)
    return plan


# --- where the plan stands -------------------------------------------------------------


@dataclass(frozen=True)
class PhaseProgress:
    phase: int
    label: str
    total: int  # items not dropped
    complete: int
    in_progress: int
    dropped: int

    @property
    def fraction(self) -> float:
        return self.complete / self.total if self.total else 1.0


@dataclass(frozen=True)
class Overdue:
    item: PlanItem
    days: int


@dataclass(frozen=True)
class Standing:
    phases: list[PhaseProgress]
    overall: PhaseProgress
    overdue: list[Overdue]
    hours_planned: float
    hours_spent: float
    hours_unknown: list[str]
    next_review: dt.date | None
    counts: dict[str, int]
    leave_planned: float = 0.0  # study-leave days, counted as the hours are
    leave_spent: float = 0.0


def standing(plan: Plan, today: dt.date) -> Standing:
    """Progress per phase and overall, overdue items, hours spent and the next review.

    Hours are the person's own (PlanItem.own_hours, the figure `plan` totals), study leave
    apart in days. Planned counts every item not dropped; spent counts complete items in full
    and in-progress items at SPENT_SHARE (half). Items of unknown hours are listed apart.
    """
    phases = []
    for phase in sorted({i.phase for i in plan.items}):
        items = [i for i in plan.items if i.phase == phase]
        phases.append(_progress(phase, items[0].phase_label, items))
    overall = _progress(0, "Overall", list(plan.items))
    overdue = [
        Overdue(i, (today - i.target_date).days)
        for i in plan.items
        if i.status not in CLOSED and i.target_date < today
    ]
    overdue.sort(key=lambda o: (-o.days, o.item.id))
    planned = spent = leave = leave_spent = 0.0
    unknown = []
    for item in plan.items:
        if item.status == "dropped":
            continue
        share = SPENT_SHARE.get(item.status, 0.0)
        leave += item.leave_days or 0.0
        leave_spent += (item.leave_days or 0.0) * share
        hours = item.own_hours
        if hours is None:
            unknown.append(item.id)
            continue
        planned += hours
        spent += hours * share
    upcoming = [d for d in plan.reviews if d >= today]
    counts = {s: sum(1 for i in plan.items if i.status == s) for s in STATUSES}
    return Standing(
        phases=phases,
        overall=overall,
        overdue=overdue,
        hours_planned=planned,
        hours_spent=spent,
        hours_unknown=unknown,
        next_review=min(upcoming) if upcoming else None,
        counts=counts,
        leave_planned=leave,
        leave_spent=leave_spent,
    )


def _progress(phase: int, label: str, items: list[PlanItem]) -> PhaseProgress:
    live = [i for i in items if i.status != "dropped"]
    return PhaseProgress(
        phase=phase,
        label=label,
        total=len(live),
        complete=sum(1 for i in live if i.status == "complete"),
        in_progress=sum(1 for i in live if i.status == "in-progress"),
        dropped=len(items) - len(live),
    )
