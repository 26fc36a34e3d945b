"""Renderings of a directorate Summary: terminal, markdown, HTML and JSON.

The summary is first laid out as sections (a title, sentences, a table), then each
format draws the same sections, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from careerplan import wording
from careerplan.mentor.summary import Demand, Money, Summary
from careerplan.textsafe import html_text, md_cell, md_inline, terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

SHADES = " ░▒▓█"


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    heat: list[list[float | None]] = field(default_factory=list)  # 0..1 per cell, for HTML
    after: list[str] = field(default_factory=list)


def shade(fraction: float) -> str:
    if fraction <= 0:
        return "·"
    return SHADES[min(4, max(1, round(fraction * 4)))]


_hours = wording.tenths


def _people(n: int) -> str:
    return wording.plural(n, "person", "people")


def _have(n: int) -> str:
    return wording.noun(n, "has", "have")


def _low_header(levels: list[int]) -> str:
    """'rated 1-2': the lower half of the scale."""
    low = levels[: len(levels) // 2]
    return f"rated {low[0]}-{low[-1]}" if len(low) > 1 else f"rated {low[0]}"


def _hours_each(d: Demand) -> str:
    return "unknown" if isinstance(d.hours_each, str) else _hours(float(d.hours_each))


def sections(s: Summary) -> list[Section]:
    grid = _grid(s) if s.named else None
    parts = [
        _head(s),
        _need(s),
        grid,
        _gaps(s),
        _demand(s),
        _quarters(s),
        _levy(s),
        _support(s),
    ]
    return [p for p in parts if p is not None]


def _head(s: Summary) -> Section:
    n = len(s.people)
    head = Section(
        "Directorate summary",
        [
            f"{_people(n)}; {s.items} planned items still to do (neither complete nor dropped).",
            f"Time: {_hours(s.total_hours)} hours of their own time in all (study leave apart). "
            f"Money: {s.total_cost.sentence()}.",
            "Costs marked unknown have no published price: check with the provider.",
        ],
    )
    if s.left_out:
        which = f": {', '.join(s.left_out)}" if s.named else ""
        head.lines.append(
            f"{wording.plural(len(s.left_out), 'file')} "
            f"could not be read and {wording.noun(len(s.left_out), 'is', 'are')} "
            f"left out{which}."
        )
    if not s.named:
        head.lines.append(
            "Individual ratings and names are not shown; add --named to include "
            "them (only where everyone has agreed)."
        )
    return head


def _need(s: Summary) -> Section:
    levels = sorted(s.scale)
    scale = ", ".join(f"{v} {s.scale[v]}" for v in levels)
    need = Section(
        "Areas of greatest need",
        [
            f"How many people rate themselves at each level ({scale}), greatest total need first.",
            f"Total need adds ({levels[-1]} - rating) x weight (the weight follows each "
            "person's goals and stage) from each plan that has the area among its top "
            "priorities; an area outside a person's top priorities adds 0 for them, "
            f"so a rating of {levels[-2]} may add 0 for one person and more for another.",
        ],
        ["area", _low_header(levels), *map(str, levels), "not rated", "total need"],
    )
    # shaded against the fullest cell, so the heat map shows where people cluster
    top = max([a.counts[r] for a in s.areas for r in levels] + [1])
    for a in s.areas:
        if not a.rated:
            continue
        cells = [f"{shade(a.counts[r] / top)} {a.counts[r]}" for r in levels]
        need.rows.append([a.label, str(a.low), *cells, str(a.unrated), wording.num(a.need)])
        need.heat.append([None, None, *(a.counts[r] / top for r in levels), None, None])
    return need


def _gaps(s: Summary) -> Section | None:
    """Self against others, per area, from plans made with raters' feedback."""
    if not s.gaps:
        return None
    gaps = Section(
        "How others' ratings differ from people's own",
        [
            "Areas where at least three people have others' ratings beside their own, most "
            "over-rated first: 'over' counts people who rate themselves higher than others "
            "do (a blind spot), 'under' those who rate themselves lower (a hidden strength).",
        ],
        ["area", "people", "over", "under", "own minus others, on average"],
    )
    for g in s.gaps:
        sign = "+" if g.mean_gap > 0 else ""
        gaps.rows.append(
            [
                g.label,
                str(g.people),
                str(g.over),
                str(g.under),
                f"{sign}{wording.number(g.mean_gap, 1)}",
            ]
        )
        gaps.heat.append([None] * 5)
    return gaps


def _grid(s: Summary) -> Section:
    levels = sorted(s.scale)
    codes = [a for a in s.areas if a.rated]
    grid = Section(
        "Ratings by person",
        ["Each person's self-rating per area (columns as numbered below)."],
        ["person", *(f"A{i}" for i in range(1, len(codes) + 1))],
    )
    for p in s.people:
        grid.rows.append([p.name, *(str(p.ratings.get(a.area, "-")) for a in codes)])
        grid.heat.append(
            [
                None,
                *(
                    (levels[-1] - p.ratings[a.area]) / (levels[-1] - levels[0])
                    if a.area in p.ratings
                    else None
                    for a in codes
                ),
            ]
        )
    grid.after.append("; ".join(f"A{i} {a.label}" for i, a in enumerate(codes, start=1)))
    return grid


def _demand(s: Summary) -> Section:
    demand = Section(
        "Demand per opportunity",
        [f"{_people(d.count)}: {d.title} — {d.advice}" for d in s.demand if d.advice],
        ["opportunity", "people", "hours each", "cost (all places)"],
    )
    if s.named:
        demand.headers.append("who")
    for d in s.demand:
        row = [f"{d.title} ({d.id})", str(d.count), _hours_each(d), d.cost.text()]
        if s.named:
            row.append(", ".join(d.people))
        demand.rows.append(row)
    return demand


def _quarters(s: Summary) -> Section:
    quarters = Section(
        "Hours and cost by quarter",
        [
            "NHS financial-year quarters; each item is counted in the quarter it "
            "starts. Hours are estimates unless the provider states them."
        ],
        ["quarter", "items", "hours", "cost"],
    )
    for q in s.quarters:
        hours = _hours(q.hours) + (f" + {q.hours_unknown} unknown" if q.hours_unknown else "")
        quarters.rows.append([q.label, str(q.items), hours, q.cost.text()])
    quarters.rows.append(["Total", str(s.items), _hours(s.total_hours), s.total_cost.text()])
    return quarters


def _levy(s: Summary) -> Section:
    levy = Section("What the apprenticeship levy could fund")
    if s.levy_items:
        places = sum(d.count for d in s.levy_items)
        people = {p for d in s.levy_items for p in d.people}
        kinds = wording.plural(len(s.levy_items), "opportunity", "opportunities")
        number, noun = kinds.split(" ", 1)
        levy.lines.append(
            f"{wording.plural(places, 'place')} on {number} levy-eligible {noun}, "
            f"worth {s.levy_cost.text()}."
        )
        levy.lines.append(
            f"{s.levy_people_with_access} of the {_people(len(people))} "
            "concerned said their employer's levy is available to them."
        )
        levy.headers = ["opportunity", "people", "cost (all places)"]
        levy.rows = [[f"{d.title} ({d.id})", str(d.count), d.cost.text()] for d in s.levy_items]
    else:
        levy.lines.append("No planned item is eligible for apprenticeship-levy funding.")
    return levy


def _support(s: Summary) -> Section:
    n = len(s.people)
    peer_planned = sum(1 for p in s.without_peer_support if p.plans_peer_support)
    mentor_planned = sum(1 for p in s.without_mentor if p.plans_mentor)
    support = Section(
        "Peer support and mentoring",
        [
            f"Without peer support (a peer group or action learning set): "
            f"{len(s.without_peer_support)} of {n}; {peer_planned} of them {_have(peer_planned)} "
            "it in their plan.",
            f"Without a mentor: {len(s.without_mentor)} of {n}; {mentor_planned} of them "
            f"{_have(mentor_planned)} mentoring in their plan.",
            f"Without either: {len(s.without_either)} of {n}.",
        ],
    )
    if s.named:
        for label, people in (
            ("No peer support", s.without_peer_support),
            ("No mentor", s.without_mentor),
        ):
            if people:
                support.lines.append(f"{label}: {', '.join(p.name for p in people)}.")
    elif s.without_peer_support or s.without_mentor:
        support.lines.append("Add --named to list who they are.")
    return support


# --- terminal -----------------------------------------------------------------------------


def terminal_view(s: Summary) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    for sec in sections(s):
        parts.append(Text(terminal(sec.title), style="bold underline"))
        parts.extend(Text(terminal(line)) for line in sec.lines)
        if sec.headers:
            table = Table(show_edge=False, box=None, padding=(0, 1), pad_edge=False)
            for i, h in enumerate(sec.headers):
                wrap = i == 0 or h == "who"
                table.add_column(
                    h,
                    overflow="fold",
                    no_wrap=not wrap,
                    justify="right"
                    if h in ("people", "items") or h.startswith("rated")
                    else "left",
                )
            for row in sec.rows:  # Text, not markup: a name "[/]" is shown, not obeyed
                table.add_row(*(Text(terminal(cell)) for cell in row))
            parts.append(table)
        parts.extend(Text(terminal(line)) for line in sec.after)
        parts.append(Text(""))
    return Group(*parts)


# --- markdown -----------------------------------------------------------------------------


def markdown(s: Summary) -> str:
    """Every text escaped as the plan's own markdown is (names and titles come from other
    people's files: `<img onerror=...>` stays text)."""
    e = md_inline
    out: list[str] = []
    for i, sec in enumerate(sections(s)):
        out += [("# " if i == 0 else "## ") + e(sec.title), ""]
        out += [
            f"- {e(line)}" if sec.title == "Demand per opportunity" else e(line)
            for line in sec.lines
        ]
        if sec.lines:
            out.append("")
        if sec.headers:
            out.append("| " + " | ".join(md_cell(h) for h in sec.headers) + " |")
            out.append("| " + " | ".join("---" for _ in sec.headers) + " |")
            out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in sec.rows]
            out.append("")
        if sec.after:
            out += [*(e(line) for line in sec.after), ""]
    return "\n".join(out)


# --- HTML ---------------------------------------------------------------------------------

_CSS = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.3rem .6rem;
border-bottom:1px solid #ddd;text-align:left}"""


def _bg(value: float | None) -> str:
    if value is None or value <= 0:
        return ""
    alpha = 0.15 + 0.7 * min(1.0, value)
    return f' style="background:rgba(213,40,27,{alpha:.2f})"'


def html_page(s: Summary, title: str = "Directorate development summary") -> str:
    e = html_text
    body = [f"<h1>{e(title)}</h1>"]
    for i, sec in enumerate(sections(s)):
        if i:
            body.append(f"<h2>{e(sec.title)}</h2>")
        if sec.lines:
            tag = "ul" if sec.title == "Demand per opportunity" else "div"
            inner = "".join(
                (f"<li>{e(x)}</li>" if tag == "ul" else f"<p>{e(x)}</p>") for x in sec.lines
            )
            body.append(f"<{tag}>{inner}</{tag}>")
        if sec.headers:
            head = "".join(f"<th>{e(h)}</th>" for h in sec.headers)
            rows = []
            for r, row in enumerate(sec.rows):
                heat = sec.heat[r] if r < len(sec.heat) else [None] * len(row)
                cells = "".join(
                    f"<td{_bg(heat[c] if c < len(heat) else None)}>{e(v)}</td>"
                    for c, v in enumerate(row)
                )
                rows.append(f"<tr>{cells}</tr>")
            body.append(
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
        body += [f"<p>{e(x)}</p>" for x in sec.after]
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB">\n<head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# --- JSON ---------------------------------------------------------------------------------


def _money(m: Money) -> dict:
    return {
        "known_gbp": m.known,
        "bands_low_gbp": m.band_low,
        "bands_high_gbp": m.band_high,
        "unknown_items": m.unknown,
    }


def summary_text(s: Summary, fmt: str) -> str:
    """The summary as md, html, json or yaml text."""
    if fmt == "html":
        return html_page(s)
    if fmt == "md":
        return markdown(s)
    from careerplan.store.yamlio import dump_json, dump_yaml

    return dump_yaml(summary_data(s)) if fmt == "yaml" else dump_json(summary_data(s))


def summary_data(s: Summary) -> dict[str, Any]:
    data: dict[str, Any] = {
        "people": len(s.people),
        "left_out": len(s.left_out),
        "items": s.items,
        "hours": s.total_hours,
        "cost": _money(s.total_cost),
        "areas": [
            {
                "area": a.area,
                "rated_1_or_2": a.low,
                "counts": a.counts,
                "not_rated": a.unrated,
                "need": a.need,
            }
            for a in s.areas
        ],
        "rating_gaps": [
            {
                "area": g.area,
                "people": g.people,
                "over": g.over,
                "under": g.under,
                "mean_gap": g.mean_gap,
            }
            for g in s.gaps
        ],
        "demand": [
            {
                "id": d.id,
                "title": d.title,
                "kind": d.kind,
                "people": d.count,
                "cost": _money(d.cost),
                "advice": d.advice,
            }
            for d in s.demand
        ],
        "quarters": [
            {
                "quarter": q.label,
                "items": q.items,
                "hours": q.hours,
                "hours_unknown": q.hours_unknown,
                "cost": _money(q.cost),
            }
            for q in s.quarters
        ],
        "apprenticeship_levy": {
            "items": [d.id for d in s.levy_items],
            "places": sum(d.count for d in s.levy_items),
            "cost": _money(s.levy_cost),
            "people_with_levy_access": s.levy_people_with_access,
        },
        "support": {
            "without_peer_support": len(s.without_peer_support),
            "peer_support_planned": sum(1 for p in s.without_peer_support if p.plans_peer_support),
            "mentoring_planned": sum(1 for p in s.without_mentor if p.plans_mentor),
            "without_mentor": len(s.without_mentor),
            "without_either": len(s.without_either),
        },
    }
    if s.named:
        data["named"] = [
            {
                "name": p.name,
                "ratings": p.ratings,
                "peer_support": p.has_peer_support,
                "mentor": p.has_mentor,
            }
            for p in s.people
        ]
        for entry, d in zip(data["demand"], s.demand, strict=True):
            entry["who"] = d.people
    return data
