"""The plan in the terminal: who and when, ratings, priorities, a timeline, the items, the
totals against the person's limits, what is not covered, and the next three steps.

Built from the Plan (plus vocabulary labels), readable at 80 columns, and plain when
colour is off (NO_COLOR) or the output is piped. The items are drawn from the same item
views as every export (render/items.py `item_views`, worded by render/item_words.py),
numbered and ordered as the exports number them, so a screen and a document never say
different things about an item's months, time or cost. The other sections' words (the
header, priorities, totals, what is not covered or left out, notes, reviews and next steps)
come from render/sections.py, which the exports' Document takes them from too; only the
layout (tables, bars, the timeline) is the terminal's own.
"""

from __future__ import annotations

import datetime as dt

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from careerplan import wording
from careerplan.model.assessment import Vocabularies
from careerplan.model.plan import Plan, PlanItem
from careerplan.render import item_words, sections
from careerplan.render.bars import rating_bar
from careerplan.render.items import ItemView, item_views, ordered
from careerplan.wording import num as _num

ORDINAL = ("first", "second", "third")
HEAD = "bold"
PRIORITY = "bold yellow"
DIM = "dim"


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


WHEN_WIDTH = 15  # "Nov '26–Jan '28" and "about 1 h/month" fit whole

# An item's words, as every view says them (render/item_words.py).
per_month_text = item_words.per_month
cost_short = item_words.short_cost
funding_short = item_words.short_funding


def items(plan: Plan, vocab: Vocabularies) -> list[tuple[PlanItem, ItemView]]:
    """Each item with its view, in the exports' order and numbering."""
    return list(zip(ordered(plan.items), item_views(plan, vocab), strict=True))


def why_short(item: PlanItem, plan: Plan, vocab: Vocabularies) -> str:
    """A few words: the top priority area it builds, with the rating, and goals served."""
    ratings = plan.profile.ratings
    bits = []
    for p in plan.priorities:
        if p.area in item.areas:
            rating = ratings.get(p.area)
            rated = f" (rated {rating})" if rating is not None else ""
            bits.append(f"{_lower(vocab.label('areas', p.area))}{rated}")
            break
    goals = [plan.profile.goals.index(g) + 1 for g in item.goals if g in plan.profile.goals]
    if goals:
        numbers = [str(g) for g in goals]
        listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " & " + numbers[-1]
        bits.append(f"{wording.noun(len(goals), 'goal')} {listed}")
    return "; ".join(bits)


# -------------------------------------------------------------------------------- header


def header(plan: Plan, vocab: Vocabularies) -> RenderableType:
    h = sections.header(plan, vocab)
    lines = [Text(f"Development plan for {h.who}", style="bold underline")]
    lines.append(Text(f"{h.stage}, {h.in_post}"))
    lines.append(Text(f"{h.organisation} · {h.clinical}"))
    for i, g in enumerate(h.goals):
        lines.append(Text(f"{'Goals:  ' if i == 0 else '        '}{i + 1} {g}"))
    lines.append(
        Text(f"Plan:   {h.months} months, {wording.date(h.start)} to {wording.date(h.end)}")
    )
    lines.append(
        Text(f"Limits: {h.hours} a month · {h.leave} study leave a year · budget {h.budget}")
    )
    if h.mentor:
        lines.append(Text(f"Mentor: {h.mentor}"))
    return Group(*lines)


# ------------------------------------------------------------------------------- ratings


def ratings_chart(plan: Plan, vocab: Vocabularies, scale_labels: dict[int, str]) -> RenderableType:
    """Each area's self-rating as a bar on the assessment's scale (`scale_labels`: 1..top)."""
    top = max(scale_labels)
    priorities = {p.area: p for p in plan.priorities}
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for term in vocab.areas:
        rating = plan.profile.ratings.get(term.id)
        prio = priorities.get(term.id)
        style = PRIORITY if prio else ""
        if rating is None:
            bar = Text(rating_bar(None, top), style=DIM)
            words = Text("not rated", style=DIM)
        else:
            bar = Text(rating_bar(rating, top), style=style or "cyan")
            words = Text(f"{rating} {scale_labels.get(rating, '')}")
        mark = (
            Text(f"▶ need {_num(prio.need)}", style=style) if prio and prio.need > 0 else Text("")
        )
        table.add_row(Text(term.label, style=style), bar, words, mark)
    title = Text("Your self-ratings", style=HEAD)
    title.append("  (▶ a priority for this plan)", style=DIM)
    return Group(title, Padding(table, (0, 0, 0, 2)))


def priorities_view(
    plan: Plan, vocab: Vocabularies, scale_labels: dict[int, str], *, explain: bool = False
) -> RenderableType:
    """The priorities as a chart: rating and need (render/sections.py); with --explain,
    the arithmetic too."""
    shown = sections.priorities(plan, vocab, scale_labels)
    rows: list[RenderableType] = [Text("Your priorities", style=HEAD)]
    top = max((p.need for p in shown), default=0.0) or 1.0
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(no_wrap=True, width=2, justify="right")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for p in shown:
        bar = Text("█" * max(1, round(12 * p.need / top)), style=PRIORITY)
        table.add_row(
            f"{p.rank}.",
            Text(p.label, style=PRIORITY),
            bar,
            Text(f"need {_num(p.need)} · {p.rated}"),
        )
    rows.append(Padding(table, (0, 0, 0, 1)))
    if explain:  # the arithmetic under the chart, at full width rather than in a narrow column
        why = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=True)
        why.add_column(no_wrap=True, width=2, justify="right")
        why.add_column(ratio=1)
        for p in shown:
            why.add_row(f"{p.rank}.", Text.assemble((p.label, PRIORITY), (f": {p.why}", DIM)))
        rows += [Text(""), Padding(why, (0, 0, 0, 1))]
    return Group(*rows)


def others_view(plan: Plan, vocab: Vocabularies, *, explain: bool = False) -> RenderableType:
    """Others' ratings beside the person's own: blind spots and hidden strengths; with
    --explain, every area they rated and the comments shared."""
    from careerplan.render import feedback as words

    assert plan.feedback is not None
    labels = {t.id: t.label for t in vocab.areas}
    shown = words.lines(plan.feedback, labels, every_area=explain)
    if explain:
        shown += words.comments(plan.feedback)
    entries: list[tuple[str, str | None]] = [(line, None) for line in shown]
    return bullet_list(words.heading(plan.feedback), entries)


# ------------------------------------------------------------------------------ timeline


def _month_index(plan: Plan, day: dt.date) -> int:
    """Plan month (0-based) containing `day`."""
    from careerplan.engine.calendar import month_of

    return month_of(plan.start, day, plan.horizon_months)


def timeline(plan: Plan, width: int) -> RenderableType:
    from careerplan.engine.calendar import month_end

    months = plan.horizon_months
    for cell in (3, 2, 1):
        label_w = width - 4 - months * cell
        if label_w >= 24 or cell == 1:
            break
    label_w = max(12, label_w)
    lines = [Text("Timeline", style=HEAD)]
    # Each column is named by the calendar month it ends in (a start late in December
    # makes the first column run to the end of January: "J").
    starts = [month_end(plan.start, m) for m in range(months)]
    head = " " * (label_w + 2) + "".join(day.strftime("%b")[0].ljust(cell) for day in starts)
    # Year marks at the columns of the first month and of each January.
    year_line = [" "] * (label_w + 2 + months * cell)
    # Each year's label over its January (and the first year's over the first month, if
    # that leaves room before the next January), when it fits whole.
    marks = [(m, day.year) for m, day in enumerate(starts) if day.month == 1]
    if not marks or marks[0][0] * cell >= 5:
        marks.insert(0, (0, starts[0].year))
    for m, year in marks:
        col = label_w + 2 + m * cell
        if col + 4 <= len(year_line):
            year_line[col : col + 4] = list(str(year))
    lines.append(Text("".join(year_line).rstrip(), style=DIM))
    lines.append(Text(head.rstrip(), style=DIM))
    for n, item in enumerate(ordered(plan.items), 1):
        a, b = _month_index(plan, item.start), _month_index(plan, item.target_date)
        title = f"{n:>2} {item.title}"
        if len(title) > label_w:
            title = title[: label_w - 1] + "…"
        row = Text(title.ljust(label_w) + "  ")
        for m in range(months):
            if a <= m <= b:
                row.append("█" * cell, style=_phase_style(item.phase))
            else:
                row.append(("·" + " " * (cell - 1)) if cell > 1 else "·", style=DIM)
        lines.append(row)
    review_months = {_month_index(plan, r) for r in plan.reviews}
    row = Text("   Reviews".ljust(label_w) + "  ", style=DIM)
    for m in range(months):
        row.append(
            ("R" + " " * (cell - 1)) if m in review_months else " " * cell,
            style="bold" if m in review_months else DIM,
        )
    lines.append(Text(row.plain.rstrip(), style=DIM))
    return Group(*lines)


def _phase_style(phase: int) -> str:
    return {1: "green", 2: "cyan", 3: "magenta"}.get(phase, "")


# --------------------------------------------------------------------------------- table


#: Below this width the months, time and cost share one column, a line each, so that
#: the items' titles and whys are not squeezed into a third of the screen.
NARROW = 90


def items_table(
    plan: Plan, vocab: Vocabularies, phase_help: dict[int, str], width: int = 100
) -> RenderableType:
    """The items in one table, numbered as in the timeline, each with a one-line why."""
    narrow = width < NARROW
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, expand=True, show_edge=False)
    table.add_column("#", justify="right", no_wrap=True, width=2)
    table.add_column("Item, and why", ratio=1)
    if narrow:
        table.add_column("When, time, cost", no_wrap=True, min_width=WHEN_WIDTH + 1)
    else:
        table.add_column("When", no_wrap=True, width=WHEN_WIDTH)
        table.add_column("Time", no_wrap=True, min_width=16)  # wider for a longer cell, never cut
        table.add_column("Cost", no_wrap=True, min_width=9)
    for item, view in items(plan, vocab):
        cell = Text(item.title)
        why = item.why if item.why is not None else why_short(item, plan, vocab)
        if why:
            cell.append(f"\n{why}", style=DIM)
        said = [view.months, view.time_short, view.cost_short]
        table.add_row(str(view.number), cell, *(["\n".join(said)] if narrow else said))
    return Group(Text("The plan", style=HEAD), table)


# -------------------------------------------------------------------------------- totals


def totals_view(plan: Plan, vocab: Vocabularies) -> RenderableType:
    """The totals against the person's limits (render/sections.py words them)."""
    said = sections.totals(plan)
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=True)
    table.add_column(style=HEAD, no_wrap=True)
    table.add_column(ratio=1)
    table.add_row("Time", said.time)
    if said.leave:
        table.add_row("Study leave", said.leave)
    table.add_row("Money", said.money)
    if said.price_unknown:
        table.add_row("", said.price_unknown)
    return Group(Text("Totals against your limits", style=HEAD), Padding(table, (0, 0, 0, 2)))


def labelled_line(label: str, pieces: list[str], width: int) -> RenderableType:
    """`label` in bold and `pieces` beside it, a list ended with a full stop; a long list
    wraps under itself, not under the label, and never inside a piece (a two-year plan's
    eight review dates at 80 columns: '31 May' and '2028' stay together)."""
    room = max(width - len(label) - 2, 20)
    lines = [""]
    for number, piece in enumerate(pieces):
        piece += "." if number == len(pieces) - 1 else ","
        if lines[-1] and len(lines[-1]) + 1 + len(piece) > room:
            lines.append(piece)
        else:
            lines[-1] = f"{lines[-1]} {piece}".lstrip()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(label, HEAD), "\n".join(lines))
    return grid


def bullet_list(title: str, entries: list[tuple[str, str | None]]) -> RenderableType:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=True)
    table.add_column(no_wrap=True, width=1)
    table.add_column(ratio=1)
    for text, source in entries:
        cell = Text(text)
        if source:
            cell.append(f"\n({source})", style=DIM)
        table.add_row("•", cell)
    return Group(Text(title, style=HEAD), Padding(table, (0, 0, 0, 1)))


# ------------------------------------------------------------------------------- details


def details(plan: Plan, vocab: Vocabularies) -> RenderableType:
    out: list[RenderableType] = [Text("Each item: why, what to do, and the evidence", style=HEAD)]
    for item, view in items(plan, vocab):
        out.append(Text(f"{view.number}. {item.title}", style="bold"))
        out.append(
            Padding(
                Text(
                    f"{view.kind} · {item.provider} · phase {item.phase}, {view.months}",
                    style=DIM,
                ),
                (0, 0, 0, 3),
            )
        )
        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=True)
        table.add_column(no_wrap=True, style=DIM, width=8)
        table.add_column(ratio=1)
        why = Text()
        for i, reason in enumerate(item.reasons):
            if i:
                why.append("\n")
            why.append(reason, style=DIM if reason.startswith("Score:") else "")
        if item.arithmetic:
            why.append("\n" + item.arithmetic, style=DIM)
        table.add_row("Why", why)
        table.add_row("Time", Text(_time_said(item, view)))
        table.add_row("Action", Text(item.action))
        table.add_row("Evidence", Text(item.evidence))
        table.add_row("Cost", Text(_said(view.cost)))
        if item.url:
            note = f" ({view.link_note})" if view.link_note else ""
            # Folded, never cut: a web address with its end cut off leads nowhere.
            table.add_row("Link", Text(item.url + note, overflow="fold"))
        elif view.link_note:
            table.add_row("Link", Text(view.link_note))
        table.add_row("Source", Text(item.source))
        if item.runners_up:
            table.add_row("Instead", runners_up_text(item))
        out.append(Padding(table, (0, 0, 1, 3)))
    return Group(*out)


def _said(text: str) -> str:
    """Words as a sentence: a capital and a full stop."""
    return wording.sentence(text) + ("" if text.endswith(".") else ".")


def _time_said(item: PlanItem, view: ItemView) -> str:
    """How the item's time falls (the plan's sentence), and for time spread over months the
    hours in all, as the exports give them."""
    if not item.time_text:
        return _said(view.time)
    said = _said(item.time_text)
    if item.time_shape in SPREAD and item.own_hours:
        said += f" In all, {view.time}."
    return said


#: Time shapes spread over months, whose sentence gives a rate rather than the hours in all.
SPREAD = ("sessions", "ongoing", "role", "qualification")


#: Why a runner-up lost its place to the item (RunnerUp.lost), in words.
LOST_WORDS = sections.LOST_WORDS


def runners_up_text(item) -> Text:
    """The entries nearly chosen in the item's place, why each lost, and the swap."""
    text = Text()
    for i, r in enumerate(item.runners_up):
        if i:
            text.append("\n")
        text.append(f"{r.title}: {LOST_WORDS.get(r.lost, r.lost)}. ")
        text.append(r.swap, style=DIM)
    return text


def coverage_view(plan: Plan, vocab: Vocabularies) -> RenderableType:
    """Each goal and top priority: what serves it, or why nothing does."""
    rows: list[tuple[str, str | None]] = [(line, None) for line in sections.coverage(plan, vocab)]
    return bullet_list("What serves each goal and priority", rows)


def next_steps(plan: Plan) -> RenderableType:
    steps = sections.next_steps(plan)
    entries: list[tuple[str, str | None]] = [(s.text, s.item or None) for s in steps]
    return bullet_list(sections.next_steps_title(steps), entries)


# ---------------------------------------------------------------------------------- view


def _needs_parts(
    plan: Plan, vocab: Vocabularies, scale_labels: dict[int, str], *, explain: bool
) -> list[RenderableType]:
    """The header, then what the plan is for: ratings (with --explain), priorities and
    others' view."""
    parts: list[RenderableType] = [header(plan, vocab), Text("")]
    if explain:
        parts += [ratings_chart(plan, vocab, scale_labels), Text("")]
    if plan.priorities:
        parts += [priorities_view(plan, vocab, scale_labels, explain=explain), Text("")]
    if plan.feedback is not None:
        parts += [others_view(plan, vocab, explain=explain), Text("")]
    return parts


def plan_view(
    plan: Plan,
    vocab: Vocabularies,
    *,
    scale_labels: dict[int, str],
    phase_help: dict[int, str],
    width: int = 80,
    explain: bool = False,
) -> RenderableType:
    """The plan on a screen or two; `explain` adds the ratings, every reason and the
    arithmetic, and the report's notes."""
    parts = _needs_parts(plan, vocab, scale_labels, explain=explain)
    if plan.items:
        parts += [
            timeline(plan, width),
            Text(""),
            items_table(plan, vocab, phase_help, width),
            Text(""),
        ]
    else:
        parts += [
            Text("No items fit your limits yet; see below for what would change that.", style=HEAD),
            Text(""),
        ]
    parts += [totals_view(plan, vocab), Text("")]
    if plan.unmet:
        parts += [
            bullet_list(
                "Not covered yet, and what would change that",
                [(u.text, None) for u in sections.unmet(plan, vocab, scale_labels)],
            ),
            Text(""),
        ]
    if plan.left_out:
        parts += [
            bullet_list(
                "Left out for now, and what would let it in",
                [(x.text, None) for x in sections.left_out(plan)],
            ),
            Text(""),
        ]
    notes = sections.notes(plan)
    if notes.about:
        parts += [
            bullet_list("About this plan", [(n.text, None) for n in notes.about]),
            Text(""),
        ]
    if explain:
        parts += _explained(plan, vocab, notes.report)
    dates = [wording.date(r.on) for r in sections.reviews(plan, plan.mentor)]
    parts += [labelled_line("Reviews", dates, width), Text("")]
    parts += [next_steps(plan)]
    if not explain:
        parts += [
            Text(""),
            Text(
                "--explain adds every reason, the score arithmetic, the action and evidence "
                "for each item, and the report's advice for you.",
                style=DIM,
            ),
        ]
    return Group(*parts)


def _explained(
    plan: Plan, vocab: Vocabularies, report_notes: list[sections.LabelledText]
) -> list[RenderableType]:
    """What --explain adds after the notes: support in place, each item in full, what
    serves each goal and priority, and the report's advice."""
    parts: list[RenderableType] = []
    if plan.acknowledged:
        parts += [
            bullet_list(
                "Already in place", [(a.text, None) for a in sections.acknowledged(plan, vocab)]
            ),
            Text(""),
        ]
    if plan.items:
        parts += [details(plan, vocab)]
    if plan.coverage:
        parts += [coverage_view(plan, vocab), Text("")]
    if report_notes:
        parts += [
            bullet_list(
                "From the report, for your situation",
                [(n.text, n.label) for n in report_notes],
            ),
            Text(""),
        ]
    return parts


def print_plan(
    plan: Plan, catalogue, console: Console, *, explain: bool = False, plain: bool = False
) -> None:
    """Print the plan's terminal view on `console`, without trailing spaces; in plain
    sentences with --plain or TERM=dumb (render/plain.py)."""
    scale = {level.value: level.label for level in catalogue.assessment.scale}
    from careerplan.render import plain as plain_mode

    if plain_mode.wanted(plain):
        text = plain_mode.plan_text(
            plan, catalogue.vocab, scale_labels=scale, width=console.width, explain=explain
        )
        console.out(text, end="", highlight=False)
        return
    phase_help = {p.number: p.help for p in catalogue.advice.phases}
    view = plan_view(
        plan,
        catalogue.vocab,
        scale_labels=scale,
        phase_help=phase_help,
        width=console.width,
        explain=explain,
    )
    print_trimmed(view, console)


def print_trimmed(renderable: RenderableType, console: Console) -> None:
    """Print line by line with trailing blanks removed (tables pad cells to width)."""
    lines = console.render_lines(renderable, console.options, pad=False)
    out: list[Segment] = []
    for line in lines:
        segments = list(line)
        while segments and not segments[-1].control and not segments[-1].text.strip():
            segments.pop()
        if segments and not segments[-1].control:
            last = segments[-1]
            segments[-1] = Segment(last.text.rstrip(), last.style, last.control)
        out += segments
        out.append(Segment.line())
    console.print(Segments(out), end="", soft_wrap=True)  # one write, not one a line
