"""The interactive part of `careerplan review`: one short set of questions per plan item.

Imported only when actually prompting (questionary is slow to import). Each answer is
handed to `record` at once as a Change, so Ctrl-C loses at most the item being answered.
`record` makes the change to the plan file as it is then (another run may have changed it
meanwhile) and returns that plan, or raises InputError if the change no longer fits: the
session then says so and goes on, never writing over the other change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import questionary
from questionary import Choice

from careerplan import wording
from careerplan.assess.prompts import STYLE  # the same look as `careerplan assess`
from careerplan.errors import InputError
from careerplan.model.plan import Plan, PlanItem
from careerplan.parsing import parse_date
from careerplan.review.progress import CLOSED, REOPEN, TRANSITIONS, Change

KEEP = "keep"
STOP = "stop"


def _date_ok(today: dt.date) -> Callable[[str], bool | str]:
    def check(text: str) -> bool | str:
        try:
            value = parse_date(text)
        except ValueError:
            return f"Write the date day first, such as {wording.date(today)} or {today:%d/%m/%Y}"
        if value > today:
            return "That date is in the future; give the day it was done"
        return True

    return check


def _needed(what: str) -> Callable[[str], bool | str]:
    return lambda text: True if text.strip() else f"Please give {what}"


def _choices(item: PlanItem) -> list[Choice]:
    choices = [Choice(f"Leave as {item.status}", value=(KEEP, False))]
    choices += [Choice(f"Mark {s}", value=(s, False)) for s in TRANSITIONS[item.status]]
    if item.status in CLOSED:
        choices += [Choice(f"Reopen as {s}", value=(s, True)) for s in REOPEN[item.status]]
    choices.append(Choice("Stop here (changes so far are saved)", value=(STOP, False)))
    return choices


def _describe(item: PlanItem) -> str:
    when = f" since {wording.date(item.status_date)}" if item.status_date else ""
    return (
        f"\n{item.title} ({item.id})\n"
        f"  Phase {item.phase}: {item.phase_label}; target {wording.date(item.target_date)}; "
        f"now {item.status}{when}"
    )


def walk(
    plan: Plan,
    today: dt.date,
    record: Callable[[Change], Plan],
    echo: Callable[[str], None] = print,
    reload: Callable[[], Plan] | None = None,
) -> tuple[Plan, int]:
    """Ask about each item in turn; returns the plan as saved and how many items changed.

    `reload` reads the plan file again before each item, so the question shows the item
    as it is now, even if another run changed it meanwhile."""
    changed = 0
    ids = [i.id for i in plan.items]
    total = len(ids)
    for index, item_id in enumerate(ids, start=1):
        if reload is not None:
            plan = reload()
        item = next((i for i in plan.items if i.id == item_id), None)
        if item is None:  # removed from the file meanwhile
            continue
        echo(_describe(item))
        target, reopen = questionary.select(
            "What is its status now?",
            choices=_choices(item),
            qmark=f"[{index}/{total}]",
            instruction="(a number or the arrow keys, then Enter)",
            style=STYLE,
            use_shortcuts=True,
            use_jk_keys=False,
        ).unsafe_ask()
        if target == STOP:
            break
        on = today
        note_prompt = "A reflection or evidence note (optional, Enter to skip):"
        validate: Callable[[str], bool | str] = lambda _text: True  # noqa: E731
        if target == "complete":
            on = parse_date(
                questionary.text(
                    "Completed on (day first):",
                    default=wording.date(today),
                    qmark="  ",
                    validate=_date_ok(today),
                    style=STYLE,
                )
                .unsafe_ask()
                .strip()
            )
            note_prompt = "Evidence or reflection for appraisal (optional, Enter to skip):"
        elif target == "dropped":
            note_prompt = "Why is it dropped? (needed; e.g. no study leave this year)"
            validate = _needed("a reason")
        elif reopen:
            note_prompt = "Why is it reopened? (needed)"
            validate = _needed("a reason")
        note = (
            questionary.text(note_prompt, validate=validate, qmark="  ", style=STYLE)
            .unsafe_ask()
            .strip()
        )
        if target == KEEP and not note:
            continue
        change = Change(
            item=item.id,
            status=None if target == KEEP else target,
            note=note or None,
            on=on,
            reopen=reopen,
        )
        try:
            plan = record(change)
        except InputError as exc:
            echo(f"  Not saved: {exc}")
            continue
        changed += 1
    return plan, changed
