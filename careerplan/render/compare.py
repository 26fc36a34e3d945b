"""Renderings of a Comparison: a terminal chart, markdown, a self-contained HTML page (which
prints on A4, and so makes the PDF) and a Word document for the appraisal portfolio."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerplan import wording
from careerplan.model.assessment import Vocabularies
from careerplan.render.bars import rating_bar
from careerplan.review.compare import AreaChange, Comparison
from careerplan.textsafe import html_text, md_cell, md_inline, terminal


def change_text(area: AreaChange) -> str:
    change = area.change
    if change is None:
        return "n/a"
    if change > 0:
        return f"+{change} ▲"
    if change < 0:
        return f"{change} ▼"
    return "same"


def _cell(rating: int | None, top: int) -> str:
    return f"{rating_bar(rating, top)} {rating if rating is not None else '-'}"


def _labels(vocab: Vocabularies, name: str, ids: list[str]) -> str:
    return ", ".join(vocab.label(name, i) for i in ids) or "none"


def story(comparison: Comparison, vocab: Vocabularies) -> list[str]:
    """What changed besides the ratings, as sentences."""
    first, last = comparison.first, comparison.last
    snaps = comparison.snapshots
    lines = []
    stages = " → ".join(vocab.label("stages", s.stage) for s in snaps)
    lines.append(f"Stage: {stages}")
    if len({s.profile.role for s in snaps}) > 1:
        lines.append("Role: " + " → ".join(vocab.label("roles", s.profile.role) for s in snaps))
    lines.append(f"Goals then ({first.label}): {_labels(vocab, 'goals', first.profile.goals)}")
    lines.append(f"Goals now ({last.label}): {_labels(vocab, 'goals', last.profile.goals)}")
    if comparison.goals_added():
        lines.append(f"New goals: {_labels(vocab, 'goals', comparison.goals_added())}")
    if comparison.goals_dropped():
        lines.append(f"No longer a goal: {_labels(vocab, 'goals', comparison.goals_dropped())}")
    if comparison.support_added():
        lines.append(f"Support gained: {_labels(vocab, 'support', comparison.support_added())}")
    if comparison.support_ended():
        lines.append(
            f"Support no longer in place: {_labels(vocab, 'support', comparison.support_ended())}"
        )
    return lines


def gap_lines(comparison: Comparison) -> list[str]:
    """How the gap between one's own rating and others' changed, where both were given at
    two assessments or more: 'Board skills: +2 (3 Jan 2026) → +0.5 (4 Jan 2027)'."""
    lines = []
    for area in comparison.gap_changes():
        steps = [
            f"{'+' if gap > 0 else ''}{wording.number(gap, 1)} ({snap.label})"
            for gap, snap in zip(area.gaps, comparison.snapshots, strict=True)
            if gap is not None
        ]
        lines.append(f"{area.label}: " + " → ".join(steps))
    return lines


GAP_HEAD = "Your own rating minus others' (colleagues' feedback, pooled)"


def headline(comparison: Comparison) -> str:
    improved, declined = comparison.improved(), comparison.declined()
    parts = [f"{wording.plural(len(improved), 'area')} rated higher"]
    parts.append(f"{len(declined)} lower")
    parts.append(f"{len(comparison.unchanged())} the same")
    return ", ".join(parts) + f", between {comparison.first.label} and {comparison.last.label}."


def _scale(comparison: Comparison) -> str:
    return ", ".join(f"{v} {label}" for v, label in sorted(comparison.scale.items()))


def terminal_view(comparison: Comparison, vocab: Vocabularies) -> RenderableType:
    dates = " → ".join(s.label for s in comparison.snapshots)
    parts: list[RenderableType] = [
        Text(terminal(f"{comparison.title()}: {dates}"), style="bold"),
        *(Text(terminal(f"Note: {warning}")) for warning in comparison.warnings),
        Text(f"Scale: {_scale(comparison)}. A dash means not rated; n/a, not rated both times."),
        Text(""),
    ]
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 2))
    table.add_column("area", no_wrap=True)
    for snap in comparison.snapshots:
        table.add_column(snap.label, no_wrap=True)
    table.add_column("change", no_wrap=True)
    for area in comparison.areas:
        table.add_row(
            Text(terminal(area.label)),
            *(_cell(r, max(comparison.scale)) for r in area.ratings),
            change_text(area),
        )
    parts += [table, Text(""), Text(terminal(headline(comparison))), Text("")]
    if gaps := gap_lines(comparison):
        parts += [Text(GAP_HEAD, style="bold"), *(Text(terminal(line)) for line in gaps), Text("")]
    parts += [Text(terminal(line)) for line in story(comparison, vocab)]
    return Group(*parts)


def markdown(comparison: Comparison, vocab: Vocabularies) -> str:
    e = md_inline  # names, titles and file names come from other people's files
    dates = " → ".join(s.label for s in comparison.snapshots)
    out = [f"# {e(comparison.title())}", ""]
    if comparison.warnings:
        out += [*[f"> Note: {e(w)}" for w in comparison.warnings], ""]
    out += [e(f"Assessments: {dates}. Scale: {_scale(comparison)}."), ""]
    out.append(
        "| Area | " + " | ".join(md_cell(s.label) for s in comparison.snapshots) + " | Change |"
    )
    out.append("| --- | " + " | ".join("---" for _ in comparison.snapshots) + " | --- |")
    for area in comparison.areas:
        cells = " | ".join(f"`{_cell(r, max(comparison.scale))}`" for r in area.ratings)
        out.append(f"| {md_cell(area.label)} | {cells} | {change_text(area)} |")
    out += ["", e(headline(comparison)), ""]
    if gaps := gap_lines(comparison):
        out += [f"## {e(GAP_HEAD)}", "", *[f"- {e(line)}" for line in gaps], ""]
    out += ["## Goals, stage and support", ""]
    out += [f"- {e(line)}" for line in story(comparison, vocab)]
    files = ", ".join(s.source for s in comparison.snapshots)
    out += ["", e(f"Files compared: {files}"), ""]
    return "\n".join(out)


_CSS = """@page{size:A4;margin:18mm 16mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;
text-align:left}.bar{display:inline-block;height:.8rem;background:#005eb8;vertical-align:middle}
.track{display:inline-block;width:4rem;background:#e8edee;margin-right:.4rem}
.up{color:#007f3b}.down{color:#d5281b}"""


def _html_cell(rating: int | None, top: int) -> str:
    """A rating as a bar filled to its share of the scale's top."""
    if rating is None:
        return "<td>not rated</td>"
    width = wording.number(100 * rating / top, 1, grouping=False)
    return (
        f'<td><span class="track"><span class="bar" style="width:{width}%"></span></span>'
        f"{rating}</td>"
    )


def html_page(comparison: Comparison, vocab: Vocabularies) -> str:
    e = html_text
    dates = " → ".join(s.label for s in comparison.snapshots)
    title = comparison.title()
    rows = []
    for area in comparison.areas:
        change = area.change
        cls = "up" if (change or 0) > 0 else "down" if (change or 0) < 0 else ""
        cells = "".join(_html_cell(r, max(comparison.scale)) for r in area.ratings)
        rows.append(
            f'<tr><th>{e(area.label)}</th>{cells}<td class="{cls}">{e(change_text(area))}</td></tr>'
        )
    heads = "".join(f"<th>{e(s.label)}</th>" for s in comparison.snapshots)
    story_items = "".join(f"<li>{e(line)}</li>" for line in story(comparison, vocab))
    notes = "".join(f"<p><strong>Note:</strong> {e(w)}</p>" for w in comparison.warnings)
    gaps = gap_lines(comparison)
    gap_part = (
        f"<h2>{e(GAP_HEAD)}</h2>\n<ul>" + "".join(f"<li>{e(g)}</li>" for g in gaps) + "</ul>\n"
        if gaps
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB">\n<head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        f"<h1>{e(title)}</h1>\n{notes}<p>Assessments: {e(dates)}. Scale: "
        f"{e(_scale(comparison))}.</p>\n"
        f"<table><thead><tr><th>Area</th>{heads}<th>Change</th></tr></thead>\n<tbody>"
        + "\n".join(rows)
        + "</tbody></table>\n"
        f"<p>{e(headline(comparison))}</p>\n{gap_part}<h2>Goals, stage and support</h2>\n"
        f"<ul>{story_items}</ul>\n</body>\n</html>\n"
    )


def change_words(area: AreaChange) -> str:
    """The change from first to last in words, for a document: '1 higher', 'same'."""
    change = area.change
    if change is None:
        return "not rated both times"
    if change == 0:
        return "same"
    return f"{abs(change)} {'higher' if change > 0 else 'lower'}"


def docx_bytes(comparison: Comparison, vocab: Vocabularies) -> bytes:
    """The comparison as a Word document (A4, British English): the ratings table, the
    headline, and goals, stage and support, for an appraisal portfolio."""
    import io
    from pathlib import PurePath

    import docx
    from docx.shared import Mm, Pt

    from careerplan.render.docx import british, clean_text

    word = docx.Document()
    british(word)
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = word.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    props = word.core_properties
    props.title = clean_text(comparison.title())
    props.language = "en-GB"
    props.revision = 1
    word.add_heading(clean_text(comparison.title()), level=1)
    for warning in comparison.warnings:
        word.add_paragraph(clean_text(f"Note: {warning}"))
    dates = " → ".join(s.label for s in comparison.snapshots)
    word.add_paragraph(clean_text(f"Assessments: {dates}. Scale: {_scale(comparison)}."))
    top = max(comparison.scale)
    headers = ["Area", *(s.label for s in comparison.snapshots), "Change"]
    table = word.add_table(rows=1 + len(comparison.areas), cols=len(headers))
    table.style = "Table Grid"
    for c, text in enumerate(headers):
        cell = table.rows[0].cells[c]
        cell.text = ""
        cell.paragraphs[0].add_run(clean_text(text)).bold = True
    for r, area in enumerate(comparison.areas, 1):
        cells = [
            area.label,
            *(f"{x} of {top}" if x is not None else "not rated" for x in area.ratings),
            change_words(area),
        ]
        for c, text in enumerate(cells):
            table.rows[r].cells[c].text = clean_text(text)
    word.add_paragraph()
    word.add_paragraph(clean_text(headline(comparison)))
    word.add_heading("Goals, stage and support", level=2)
    for line in story(comparison, vocab):
        word.add_paragraph(clean_text(line), style="List Bullet")
    files = ", ".join(PurePath(s.source).name for s in comparison.snapshots)
    word.add_paragraph(clean_text(f"Files compared: {files}")).runs[0].italic = True
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
