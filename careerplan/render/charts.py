"""Inline SVG charts for the HTML export: self-ratings and the timeline.

Plain SVG with no scripts, fonts or external references, so the file prints the same in
any browser and needs nothing from the network. Every piece of text is one safe line,
XML-escaped (careerplan/textsafe.py `html_text`).
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from careerplan.render.document import Document
from careerplan.textsafe import html_text
from careerplan.wording import long_date

WIDTH = 720
FONT = 'font-family="Helvetica, Arial, sans-serif"'
PHASE_COLOURS = ("#005eb8", "#007f3b", "#ae2573", "#8a1538", "#425563")


def _svg(height: float, title: str, body: list[str]) -> Markup:
    label = html_text(title)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" aria-label="{label}" '
        f'class="chart" {FONT} font-size="11">'
        f"<title>{label}</title>" + "".join(body) + "</svg>"
    )


def _truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def ratings_chart(doc: Document) -> Markup:
    """Horizontal bars, one per rated area; priority areas dark, with their rank."""
    if not doc.ratings:
        return Markup("")
    left, bar_width, row, top = 230, 400, 22, 30
    rank = {p.area: p.rank for p in doc.priorities}
    height = top + row * len(doc.ratings) + 10
    body = []
    top_rating = max(doc.scale)
    for level in range(1, top_rating + 1):
        x = left + bar_width * level / top_rating
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 10}" '
            'stroke="#d8dde0" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{x - 4:.1f}" y="{top - 12}" text-anchor="end" '
            f'fill="#425563">{level} {html_text(doc.scale[level])}</text>'
        )
    for i, r in enumerate(doc.ratings):
        y = top + i * row
        width = bar_width * r.rating / top_rating
        colour = "#005eb8" if r.priority else "#a6c4e3"
        body.append(
            f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" fill="#212b32">'
            f"{html_text(_truncate(r.label, 38))}</text>"
        )
        body.append(
            f'<rect x="{left}" y="{y + 3}" width="{width:.1f}" height="{row - 8}" '
            f'fill="{colour}"><title>{html_text(r.label)}: {r.rating} '
            f"{html_text(r.rating_label)}</title></rect>"
        )
        if r.priority:
            body.append(
                f'<text x="{left + width + 6:.1f}" y="{y + 14}" fill="#005eb8" '
                f'font-weight="bold">priority {rank.get(r.area, "")}</text>'
            )
    return _svg(
        height,
        f"Self-ratings by development area (1 {doc.scale[1]} to {top_rating} "
        f"{doc.scale[top_rating]}); priority areas are dark",
        body,
    )


def _month_spans(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first visible day, first day of the next month) for each month from start to end."""
    spans = []
    day = start
    while day <= end:
        nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        spans.append((day, min(nxt, end + dt.timedelta(days=1))))
        day = nxt
    return spans


def timeline_chart(doc: Document) -> Markup:
    """A Gantt chart: one bar per item from start to target date, reviews as dashed lines."""
    if not doc.items:
        return Markup("")
    start = min([doc.start, *(i.start for i in doc.items)])
    end = max([doc.end, *(i.target_date for i in doc.items), *(r.on for r in doc.reviews)])
    left, right, row, top = 300, 10, 22, 44
    span = max((end - start).days, 1)
    chart_width = WIDTH - left - right

    def x_of(day: dt.date) -> float:
        return left + chart_width * (day - start).days / span

    rows = len(doc.items)
    legend_top = top + rows * row + 26
    height = legend_top + 20 * ((len(doc.phases) + 1) // 2) + 4
    body = []
    spans = _month_spans(start, end)
    step = 1 if len(spans) <= 15 else 2 if len(spans) <= 30 else 3
    for n, (first, nxt) in enumerate(spans):
        x, x_next = x_of(first), x_of(nxt)
        if first.day == 1:
            body.append(
                f'<line x1="{x:.1f}" y1="{top - 16}" x2="{x:.1f}" '
                f'y2="{top + rows * row}" stroke="#e8edee" stroke-width="1"/>'
            )
        if (n == 0 or first.month == 1) and x <= WIDTH - right - 26:
            body.append(
                f'<text x="{x + 2:.1f}" y="{top - 20}" fill="#212b32" '
                f'font-size="9.5" font-weight="bold">{first.year}</text>'
            )
        if n % step == 0 and x_next - x >= 14:
            body.append(
                f'<text x="{(x + x_next) / 2:.1f}" y="{top - 6}" text-anchor="middle" '
                f'fill="#425563" font-size="9.5">{first:%b}</text>'
            )
    phase_index = {p.number: i for i, p in enumerate(doc.phases)}
    for i, item in enumerate(doc.items):
        y = top + i * row
        x1, x2 = x_of(item.start), x_of(item.target_date)
        colour = PHASE_COLOURS[phase_index[item.phase] % len(PHASE_COLOURS)]
        opacity = "0.45" if item.status_id in ("dropped", "carried-forward") else "1"
        body.append(
            f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" fill="#212b32" '
            f'font-size="10.5">{item.number}. {html_text(_truncate(item.title, 46))}</text>'
        )
        body.append(
            f'<rect x="{x1:.1f}" y="{y + 4}" width="{max(x2 - x1, 3):.1f}" '
            f'height="{row - 9}" rx="2" fill="{colour}" fill-opacity="{opacity}">'
            f"<title>{html_text(item.title)}: {long_date(item.start)} to "
            f"{long_date(item.target_date)} ({html_text(item.status)})</title></rect>"
        )
    for r in doc.reviews:
        x = x_of(r.on)
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{top + rows * row + 4}"'
            ' stroke="#d5281b" stroke-width="1.2" stroke-dasharray="4 3"/>'
        )
        anchor = "end" if x > WIDTH - 30 else "start" if x < left + 20 else "middle"
        body.append(
            f'<text x="{x:.1f}" y="{top + rows * row + 16}" text-anchor="{anchor}" '
            f'fill="#d5281b" font-size="9.5">Review {r.number}</text>'
        )
    for i, phase in enumerate(doc.phases):
        col, line = i % 2, i // 2
        x = 10 + col * (WIDTH / 2)
        y = legend_top + line * 20
        colour = PHASE_COLOURS[i % len(PHASE_COLOURS)]
        body.append(f'<rect x="{x:.1f}" y="{y}" width="14" height="10" fill="{colour}"/>')
        body.append(
            f'<text x="{x + 20:.1f}" y="{y + 9}" fill="#212b32">Phase {phase.number}: '
            f"{html_text(_truncate(phase.label, 48))}</text>"
        )
    return _svg(
        height,
        f"Timeline from {long_date(start)} to {long_date(end)}: one bar per "
        "item, dashed lines are review dates",
        body,
    )


def _table(caption: str, headers: list[str], rows: list[list[str]]) -> Markup:
    """A plain HTML table (every cell escaped): a chart's data for a screen reader."""
    head = "".join(f'<th scope="col">{html_text(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{html_text(c)}</th>' if n == 0 else f"<td>{html_text(c)}</td>"
            for n, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return Markup(
        f'<div class="chart-data"><table><caption>{html_text(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def ratings_table(doc: Document) -> Markup:
    """The ratings chart's data: each rated area, its rating and whether it is a priority."""
    if not doc.ratings:
        return Markup("")
    rank = {p.area: p.rank for p in doc.priorities}
    top = max(doc.scale)
    rows = [
        [
            r.label,
            f"{r.rating} of {top}, {r.rating_label}",
            f"priority {rank[r.area]}" if r.area in rank else "no",
        ]
        for r in doc.ratings
    ]
    return _table("Self-ratings (the chart's data)", ["Area", "Rating", "Priority"], rows)


def timeline_table(doc: Document) -> Markup:
    """The timeline chart's data: each item's phase, start and target date, then reviews."""
    if not doc.items:
        return Markup("")
    rows = [
        [
            f"{item.number}. {item.title}",
            f"{item.phase}: {item.phase_label}",
            long_date(item.start),
            long_date(item.target_date),
            item.status,
        ]
        for item in doc.items
    ]
    rows += [[f"Review {r.number}", "", long_date(r.on), long_date(r.on), ""] for r in doc.reviews]
    return _table(
        "Timeline (the chart's data)", ["Item", "Phase", "Start", "Target date", "Status"], rows
    )
