"""Plain mode (`--plain`, or TERM=dumb): the plan, the status and the summary as linear
sentences, read top to bottom, with no bars, shades, timelines or table rules, so that a
screen reader reads words rather than runs of block characters.

The sentences are the terminal views' own wherever those are already sentences (totals,
notes, next steps, the status lines): those parts are flattened from the same renderables,
or made from the same section views (render/sections.py, which the exports use too), so
the views never disagree. Only the charts (ratings, priorities, the timeline, the
phase bars, the heat map) and the table of items are said here in words instead.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from careerplan import wording
from careerplan.model.assessment import Vocabularies
from careerplan.model.plan import Plan, PlanItem
from careerplan.render import sections

if TYPE_CHECKING:
    from careerplan.render.items import ItemView

#: Characters that draw rather than say: never in plain output.
GRAPHICS = "█░▒▓·─━│┃╭╮╰╯▶▲▼•"
_SEPARATOR = re.compile(r"\s+·\s+")


def wanted(flag: bool) -> bool:
    """Plain mode: asked for with --plain, or a terminal that says it is dumb (TERM=dumb:
    Emacs shells, some screen-reader set-ups)."""
    return flag or os.environ.get("TERM", "").strip().lower() == "dumb"


# --- flattening a terminal view into lines ---------------------------------------------


def _cell_text(cell: object) -> str:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return Text.from_markup(cell).plain if "[" in cell else cell
    return " ".join(lines(cell))  # type: ignore[arg-type]


def _table_lines(table: Table) -> list[str]:
    """A table row by row: 'Label: the rest' when the row starts with a label, else the
    cells joined; bullets and empty cells dropped."""
    columns = [list(column.cells) for column in table.columns]
    out: list[str] = []
    for row in range(table.row_count):
        cells = [_cell_text(col[row]).strip() for col in columns if row < len(col)]
        cells = [c for c in cells if c and c not in ("•", "-")]
        if not cells:
            continue
        first, rest = cells[0], cells[1:]
        if rest and len(first) <= 24 and "\n" not in first and not first.endswith("."):
            out.append(f"{first}: " + " ".join(r.replace("\n", " ") for r in rest))
        else:
            out.append(" ".join(c.replace("\n", " ") for c in cells))
    return out


def lines(renderable: RenderableType) -> list[str]:
    """The words of a terminal view, one paragraph a line ('' between sections)."""
    if isinstance(renderable, Text):
        return renderable.plain.split("\n")
    if isinstance(renderable, str):
        return renderable.split("\n")
    if isinstance(renderable, Group):
        return [line for part in renderable.renderables for line in lines(part)]
    if isinstance(renderable, Padding):
        return lines(renderable.renderable)
    if isinstance(renderable, Table):
        return _table_lines(renderable)
    return []


def wrap(paragraphs: Iterable[str], width: int) -> str:
    """Paragraphs wrapped at `width` (no indentation: a screen reader reads it as
    written), separators said as commas, no graphics, one blank line between sections."""
    out: list[str] = []
    for paragraph in paragraphs:
        text = " ".join(_SEPARATOR.sub(", ", paragraph).split())
        if (
            text
            and (text[-1].isalnum() or text[-1] == ")")
            and "://" not in text.rsplit(" ", 1)[-1]
        ):
            text += "."  # a heading read as a sentence, so a screen reader pauses
        if not text:
            if out and out[-1] != "":
                out.append("")
            continue
        out += textwrap.wrap(text, max(40, width), break_on_hyphens=False) or [""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# --- the plan --------------------------------------------------------------------------


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _header(plan: Plan, vocab: Vocabularies) -> list[str]:
    h = sections.header(plan, vocab)
    goals = [f"{i}, {_lower(g)}" for i, g in enumerate(h.goals, 1)]
    out = [
        f"Development plan for {h.who}.",
        f"{h.stage}, {h.in_post}. {h.organisation}, {h.clinical}.",
    ]
    if goals:
        out.append(f"{wording.noun(len(goals), 'Goal', 'Goals')}: {'; '.join(goals)}.")
    out += [
        f"The plan runs for {wording.plural(h.months, 'month')}, from "
        f"{wording.date(h.start)} to {wording.date(h.end)}.",
        f"Your limits: {h.hours} a month, {h.leave} study leave a year and a budget of {h.budget}.",
    ]
    if h.mentor:
        out.append(f"Mentor: {h.mentor}.")
    return out


def _ratings(plan: Plan, vocab: Vocabularies, scale: dict[int, str]) -> list[str]:
    top = max(scale)
    priorities = {p.area for p in plan.priorities if p.need > 0}
    out = [f"Your self-ratings, on a scale of 1 to {top}."]
    unrated = []
    for term in vocab.areas:
        rating = plan.profile.ratings.get(term.id)
        if rating is None:
            unrated.append(term.label)
            continue
        mark = ", a priority for this plan" if term.id in priorities else ""
        out.append(f"{term.label}: {rating}, {_lower(scale.get(rating, ''))}{mark}.")
    if unrated:
        out.append(f"Not rated: {wording.and_list(unrated)}.")
    return out


def _priorities(
    plan: Plan, vocab: Vocabularies, scale: dict[int, str], *, explain: bool
) -> list[str]:
    out = ["Your priorities, greatest need first."]
    for p in sections.priorities(plan, vocab, scale):
        why = f" {wording.sentence(p.why)}" if explain and p.why else ""
        out.append(f"{p.rank}. {p.label}: need {wording.num(p.need)}, {p.rated}.{why}")
    return out


def _when(item: PlanItem, view: ItemView) -> str:
    if (item.target_date - item.start).days < 31:
        return f"in {view.when}"
    return f"from {wording.date(item.start)} to {wording.date(item.target_date)}"


def _item(item: PlanItem, view: ItemView, plan: Plan, vocab: Vocabularies) -> str:
    from careerplan.render.plan_terminal import why_short

    parts = [f"{view.number}. {item.title}: phase {item.phase}, {_when(item, view)}."]
    if item.time_text:
        parts.append(f"Time: {item.time_text.replace(': ', ', ', 1)}.")
    parts.append(f"Cost: {view.cost_short.replace('≤', 'at most ')}.")
    why = item.why if item.why is not None else why_short(item, plan, vocab)
    if why:
        parts.append(f"Why: {why}.")
    return " ".join(parts)


def plan_text(
    plan: Plan,
    vocab: Vocabularies,
    *,
    scale_labels: dict[int, str],
    width: int = 80,
    explain: bool = False,
) -> str:
    """The plan in plain sentences (see the module's docstring)."""
    from careerplan.render import plan_terminal as view

    paragraphs: list[str] = [*_header(plan, vocab), ""]
    if explain:
        paragraphs += [*_ratings(plan, vocab, scale_labels), ""]
    if plan.priorities:
        paragraphs += [*_priorities(plan, vocab, scale_labels, explain=explain), ""]
    if plan.items:
        count = wording.plural(len(plan.items), "item")
        paragraphs.append(f"The plan has {count}, phase by phase.")
        paragraphs += [_item(i, v, plan, vocab) for i, v in view.items(plan, vocab)]
    else:
        paragraphs.append("No items fit your limits yet; see below for what would change that.")
    paragraphs += ["", *lines(view.totals_view(plan, vocab)), ""]
    for title, entries in _lists(plan, vocab, scale_labels, explain=explain):
        paragraphs += [f"{title}.", *entries, ""]
    if explain and plan.items:
        paragraphs += [*lines(view.details(plan, vocab)), ""]
    if explain and plan.coverage:  # as the terminal's --explain gives it
        paragraphs += ["What serves each goal and priority.", *sections.coverage(plan, vocab), ""]
    if explain:
        report = sections.notes(plan).report
        if report:
            paragraphs.append("From the report, for your situation.")
            paragraphs += [f"{n.text} ({n.label})" for n in report]
            paragraphs.append("")
    reviews = [wording.date(r.on) for r in sections.reviews(plan, plan.mentor)]
    paragraphs += [f"Reviews: {wording.and_list(reviews)}.", ""]
    paragraphs += _next_steps(plan)
    if not explain:
        paragraphs += [
            "",
            "--explain adds every reason, the score arithmetic, the action and evidence "
            "for each item, and the report's advice for you.",
        ]
    return wrap(paragraphs, width)


def _lists(
    plan: Plan, vocab: Vocabularies, scale: dict[int, str], *, explain: bool
) -> list[tuple[str, list[str]]]:
    """The terminal's lists (render/sections.py), their entries one paragraph each."""
    found = [
        (
            "Not covered yet, and what would change that",
            [u.text for u in sections.unmet(plan, vocab, scale)],
        ),
        ("Left out for now, and what would let it in", [x.text for x in sections.left_out(plan)]),
        ("About this plan", [n.text for n in sections.notes(plan).about]),
    ]
    if explain:
        found.append(("Already in place", [a.text for a in sections.acknowledged(plan, vocab)]))
    return [(title, entries) for title, entries in found if entries]


def _next_steps(plan: Plan) -> list[str]:
    """The terminal's next steps, numbered, each with the item it is for."""
    steps = sections.next_steps(plan)
    out = [f"{sections.next_steps_title(steps)}."]
    for n, step in enumerate(steps, 1):
        number = f"{n}. " if len(steps) > 1 else ""
        # The item in brackets after the step's own full stop; wrap() ends it.
        out.append(f"{number}{step.text} (For: {step.item})" if step.item else number + step.text)
    return out


# --- where a plan stands ---------------------------------------------------------------


def status_text(plan: Plan, standing: object, today: dt.date, width: int = 80) -> str:
    """`status` in plain sentences: the status view's own lines, its phase bars said as
    'Phase 1, First three months: 2 of 3 items complete'."""
    from careerplan.render.progress import status_view
    from careerplan.review.progress import PhaseProgress, Standing

    assert isinstance(standing, Standing)

    def said(p: PhaseProgress, name: str) -> str:
        extra = []
        if p.in_progress:
            extra.append(f"{p.in_progress} in progress")
        if p.dropped:
            extra.append(f"{p.dropped} dropped")
        more = f" ({', '.join(extra)})" if extra else ""
        return f"{name}: {p.complete} of {wording.plural(p.total, 'item')} complete{more}."

    view = status_view(plan, standing, today)
    paragraphs: list[str] = []
    parts: Sequence[RenderableType] = view.renderables if isinstance(view, Group) else [view]
    for part in parts:
        if isinstance(part, Table):
            paragraphs += [said(p, f"Phase {p.phase}, {p.label}") for p in standing.phases]
            paragraphs.append(said(standing.overall, "Overall"))
        else:
            paragraphs += lines(part)
    return wrap(paragraphs, width)


# --- a directorate's summary -----------------------------------------------------------


def summary_text(summary: object, width: int = 80) -> str:
    """`summary` in plain sentences: each table row said as 'first cell: heading value,
    ...', the heat map's shading left out (the counts say it)."""
    from careerplan.mentor.summary import Summary
    from careerplan.render.summary import SHADES, sections

    assert isinstance(summary, Summary)
    paragraphs: list[str] = []
    for sec in sections(summary):
        paragraphs.append(f"{sec.title}.")
        paragraphs += sec.lines
        for row in sec.rows:
            cells = [cell.strip(SHADES + "·").strip() for cell in row]
            said = [
                f"{'rated ' + h if h.isdigit() else h}: {c}"
                for h, c in zip(sec.headers[1:], cells[1:], strict=False)
                if c
            ]
            paragraphs.append(f"{cells[0]}: {', '.join(said)}.")
        paragraphs += sec.after
        paragraphs.append("")
    return wrap(paragraphs, width)


# --- a profile ---------------------------------------------------------------------------


def profile_text(
    profile: object,
    assessment: object,
    answers: list[tuple[str, str]],
    *,
    width: int = 80,
    by: object | None = None,
) -> str:
    """`profile show` in plain sentences: each answer as 'Label: answer.', each rating as
    'Finance literacy: 1, not yet, a priority.', the areas not rated in one sentence; with
    `by`, the ratings under each of the framework's domains with its average."""
    from careerplan.model.assessment import Assessment
    from careerplan.model.frameworks import Framework, ratings_by_domain
    from careerplan.model.profile import Profile

    assert isinstance(profile, Profile) and isinstance(assessment, Assessment)
    labels = {t.id: t.label for t in assessment.vocabularies.areas}

    def rated(area: str, label: str) -> str:
        value = profile.ratings[area]
        priority = ", a priority" if area in profile.priority_areas else ""
        return f"{label}: {value}, {_lower(assessment.scale_label(value))}{priority}"

    def ratings(areas: list[tuple[str, str]]) -> list[str]:
        out = [f"{rated(a, label)}." for a, label in areas if a in profile.ratings]
        missing = [label for a, label in areas if a not in profile.ratings]
        if missing:
            out.append(f"Not rated: {wording.and_list(missing)}.")
        return out

    scale = ", ".join(f"{lv.value} {lv.label}" for lv in assessment.scale)
    paragraphs = [
        f"{profile.name or 'Profile'}, assessed {wording.date(profile.assessed_on)}.",
        "",
        *(f"{label}: {shown}" for label, shown in answers),
        "",
    ]
    if isinstance(by, Framework):
        paragraphs.append(f"Self-ratings by {by.title}, on a scale of {scale}.")
        for group in ratings_by_domain(by, profile.ratings, labels):
            mean = group.mean
            average = f"average {wording.number(mean, 1)}" if mean is not None else "none rated"
            paragraphs += ["", f"{group.domain}, {average}."]
            paragraphs += ratings([(r.area, r.label) for r in group.ratings])
    else:
        paragraphs.append(f"Self-ratings, on a scale of {scale}.")
        paragraphs += ratings(list(labels.items()))
    paragraphs += ["", f"{len(profile.ratings)} of {len(labels)} areas rated."]
    return wrap(paragraphs, width)
