"""Terminal view of where a plan stands (`careerplan status`)."""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from careerplan import wording
from careerplan.model.plan import Plan
from careerplan.render.bars import bar
from careerplan.review.progress import PhaseProgress, Standing

_hours = wording.tenths


def _row(progress: PhaseProgress, name: str) -> list[str]:
    extra = []
    if progress.in_progress:
        extra.append(f"{progress.in_progress} in progress")
    if progress.dropped:
        extra.append(f"{progress.dropped} dropped")
    return [
        name,
        bar(progress.fraction),
        f"{progress.complete}/{progress.total} complete",
        f"({', '.join(extra)})" if extra else "",
    ]


def _phases(standing: Standing) -> Table:
    """One row a phase and one overall; the column of what is in progress or dropped only
    when there is some (an empty last column would leave spaces at each line's end)."""
    rows = [_row(p, f"Phase {p.phase}: {p.label}") for p in standing.phases]
    rows.append(_row(standing.overall, "Overall"))
    columns = 4 if any(row[3] for row in rows) else 3
    table = Table.grid(padding=(0, 2))
    for _ in range(columns):
        table.add_column(no_wrap=True)
    for row in rows:
        table.add_row(*row[:columns])
    return table


def _indented(text: str, indent: int) -> RenderableType:
    """A line indented by `indent`, its wrapped lines under its first, not at the margin."""
    return Padding(Text(text), (0, 0, 0, indent), expand=False)


def status_view(plan: Plan, standing: Standing, today: dt.date) -> RenderableType:
    whose = f"{plan.profile.name}'s" if plan.profile.name else "your"
    parts: list[RenderableType] = [
        Text(
            f"Progress of {whose} plan ({wording.date(plan.start)} to {wording.date(plan.end)}), "
            f"as of {wording.date(today)}",
            style="bold",
        ),
        Text(""),
    ]
    parts.append(_phases(standing))
    counts = ", ".join(f"{n} {status}" for status, n in standing.counts.items() if n)
    parts.append(Text(f"Items: {counts}."))
    parts.append(Text(""))

    parts.append(
        Text(
            f"Time: {_hours(standing.hours_spent)} of {_hours(standing.hours_planned)} "
            "hours of your own time spent (complete items in full, items in progress at half)"
        )
    )
    if standing.leave_planned:
        parts.append(
            Text(
                f"Study leave: {_hours(standing.leave_spent)} of "
                f"{wording.plural(round(standing.leave_planned, 1), 'day')} taken"
            )
        )
    if standing.hours_unknown:
        parts.append(_indented(f"Hours unknown for: {', '.join(standing.hours_unknown)}", 2))

    done = sorted(
        (i for i in plan.items if i.status == "complete"),
        key=lambda i: (i.status_date or plan.start, i.id),
    )
    if done:
        parts.append(Text(""))
        parts.append(Text(f"Done ({len(done)}):", style="bold"))
        for item in done:
            note = next(
                (h.note for h in reversed(item.history) if h.status == "complete" and h.note), None
            )
            parts.append(
                _indented(
                    f"{wording.date(item.status_date) if item.status_date else 'undated'}  "
                    f"{item.title}" + (f": {note}" if note else ""),
                    2,
                )
            )
    if standing.overdue:
        parts.append(Text(""))
        parts.append(Text(f"Overdue ({len(standing.overdue)}):", style="bold"))
        for o in standing.overdue:
            days = wording.plural(o.days, "day")
            parts.append(_indented(o.item.title, 2))
            parts.append(
                _indented(
                    f"{o.item.id}: target {wording.date(o.item.target_date)}, {days} ago, "
                    f"still {o.item.status}",
                    4,
                )
            )
    else:
        parts.append(Text(""))
        parts.append(Text("Nothing is overdue."))

    parts.append(Text(""))
    if standing.next_review:
        days = wording.plural((standing.next_review - today).days, "day")
        parts.append(Text(f"Next review: {wording.date(standing.next_review)} (in {days})"))
    else:
        parts.append(
            Text(
                "No review dates left in this plan: time to make next year's plan "
                "(careerplan plan --profile NEW --previous THIS_PLAN)."
            )
        )
    return Group(*parts)


def status_data(plan: Plan, standing: Standing, today: dt.date) -> dict[str, object]:
    """Where the plan stands as plain data (`status --format json`), for scripts: the same
    numbers as the terminal view, dates as YYYY-MM-DD, items numbered as the plan shows them."""
    from careerplan.review.progress import reading_order

    def phase(p: PhaseProgress) -> dict[str, object]:
        return {
            "phase": p.phase,
            "label": p.label,
            "items": p.total,
            "complete": p.complete,
            "in_progress": p.in_progress,
            "dropped": p.dropped,
        }

    overdue = {o.item.id: o.days for o in standing.overdue}
    return {
        "name": plan.profile.name,
        "start": plan.start,
        "end": plan.end,
        "today": today,
        "overall": phase(standing.overall) | {"phase": None},
        "phases": [phase(p) for p in standing.phases],
        "counts": standing.counts,
        "hours": {
            "planned": round(standing.hours_planned, 1),
            "spent": round(standing.hours_spent, 1),
            "unknown": standing.hours_unknown,
        },
        "study_leave_days": {
            "planned": round(standing.leave_planned, 1),
            "spent": round(standing.leave_spent, 1),
        },
        "overdue": [
            {
                "id": o.item.id,
                "title": o.item.title,
                "target_date": o.item.target_date,
                "days": o.days,
                "status": o.item.status,
            }
            for o in standing.overdue
        ],
        "next_review": standing.next_review,
        "items": [
            {
                "number": n,
                "id": item.id,
                "title": item.title,
                "phase": item.phase,
                "status": item.status,
                "status_date": item.status_date,
                "start": item.start,
                "target_date": item.target_date,
                "overdue_days": overdue.get(item.id),
            }
            for n, item in enumerate(reading_order(plan), 1)
        ],
    }
