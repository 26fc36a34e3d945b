"""A Word document (.docx) from the Document, with python-docx.

The same content, in the same order, as the markdown and HTML layouts: title and summary,
priorities, the personal development plan table in appraisal form (on a landscape page
when it needs one, its columns sized to their content so that no word is split, its header
repeated on every page and no row cut across pages), timeline, items in detail, notes, the
board appraisal section, reviews with the "Agreed with" line, and sources. Headings are
Word's own Heading styles, so the navigation pane lists them. Every text passes through
`clean_text` (no control or bidi characters); links are plain web addresses only.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from careerplan.render.document import Document, ItemView, clean_text
from careerplan.wording import long_date, num

# Page geometry, in points (1 mm = 72 / 25.4 pt).
MM = 72 / 25.4
A4_SHORT = 210 * MM
A4_LONG = 297 * MM
PORTRAIT_MARGIN = 20 * MM
LANDSCAPE_MARGIN = 15 * MM

BODY_PT = 10.5
TABLE_PT = 9
# How wide a word can print, as a share of the font size per character: generous enough for
# the fonts a reader may have instead of Calibri (LibreOffice without Carlito falls back to
# DejaVu Sans, whose letters are about a fifth wider), bold included.
WIDE_CHAR_EM = 0.72
NARROW_CHARS = frozenset("iljtfrI.,;:'()!|- ")
WIDEST_CHARS = frozenset("mwMW@%")
AVERAGE_CHAR_EM = 0.5
CELL_PADDING_PT = 2 * 5.4 + 2  # Word's default left and right cell margins, and a little

PDP_HEADERS = (
    "Development need",
    "Good medical practice domain",
    "Agreed action (SMART)",
    "Target date",
    "How I will demonstrate it",
    "Status",
)


@dataclass(frozen=True)
class TableLayout:
    landscape: bool
    widths: list[float]  # points


def pdp_rows(doc: Document) -> list[list[str]]:
    """The PDP table's body rows as plain text, one list per item. The action cell starts
    with the item's title and a full stop (the title is shown in bold)."""
    rows = [
        [
            "; ".join(item.needs) or "-",
            "; ".join(item.gmc) or "-",
            f"{clean_text(item.title)}. {item.action}",
            long_date(item.target_date),
            item.evidence or "-",
            item.status or "-",
        ]
        for item in doc.items
    ]
    return [[clean_text(cell) for cell in row] for row in rows] or [
        ["-", "-", "No items yet", "-", "-", "-"]
    ]


def word_width(word: str, size: float = TABLE_PT) -> float:
    """An upper estimate of the printed width of `word`, in points."""
    ems = sum(
        0.4 if ch in NARROW_CHARS else 0.95 if ch in WIDEST_CHARS else WIDE_CHAR_EM for ch in word
    )
    return ems * size


def min_width(texts: Sequence[str], size: float = TABLE_PT) -> float:
    """The narrowest a column can be and still hold its longest word on one line."""
    widest = max((word_width(word, size) for text in texts for word in text.split()), default=0)
    return widest + CELL_PADDING_PT


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], total: float
) -> list[float]:
    """Widths summing to `total`: each column at least `min_width`, the rest shared in
    proportion to how much text each column holds (which evens out the lines per row)."""
    columns = [[headers[c], *(row[c] for row in rows)] for c in range(len(headers))]
    floors = [min_width(col) for col in columns]
    volume = [max(1, sum(len(text) for text in col[1:])) for col in columns]
    fixed: set[int] = set()
    while True:
        free = total - sum(floors[c] for c in fixed)
        share = sum(volume[c] for c in range(len(columns)) if c not in fixed)
        widths = [
            floors[c] if c in fixed else free * volume[c] / share for c in range(len(columns))
        ]
        short = {c for c in range(len(columns)) if c not in fixed and widths[c] < floors[c]}
        if not short:
            return widths
        fixed |= short


def table_layout(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> TableLayout:
    """Portrait if the table fits there at its natural widths, else a landscape page."""
    portrait = A4_SHORT - 2 * PORTRAIT_MARGIN
    landscape = A4_LONG - 2 * LANDSCAPE_MARGIN
    columns = len(headers)
    floors = [min_width([headers[c], *(r[c] for r in rows)]) for c in range(columns)]
    average = [
        sum(len(r[c]) for r in rows) / max(1, len(rows)) * AVERAGE_CHAR_EM * TABLE_PT
        for c in range(columns)
    ]
    # Natural width: what a column needs to hold an average cell in about three lines.
    natural = sum(max(f, a / 3) for f, a in zip(floors, average, strict=True))
    if sum(floors) <= portrait and natural <= portrait:
        return TableLayout(False, column_widths(headers, rows, portrait))
    return TableLayout(True, column_widths(headers, rows, landscape))


def _spaced(text: str) -> str:
    """clean_text, keeping one space at either end where the text had one (runs join)."""
    cleaned = clean_text(text)
    if not cleaned:
        return " " if text[:1].isspace() else ""
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() else ""
    return before + cleaned + after


class _Writer:
    """Builds the document section by section; all text goes through clean_text."""

    def __init__(self, doc: Document) -> None:
        import docx
        from docx.shared import Pt

        self.doc = doc
        self.word: Any = docx.Document()
        normal = self.word.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(BODY_PT)
        self._page(self.word.sections[0], landscape=False)
        self._footer(self.word.sections[0])
        props = self.word.core_properties
        props.title = clean_text(doc.title)
        props.author = clean_text(doc.person or "")
        props.comments = clean_text(f"Generated by {doc.generator}")
        made = dt.datetime.combine(doc.generated_on, dt.time(12, 0))
        props.created = made
        props.modified = made
        props.last_modified_by = ""
        props.revision = 1

    # Page set-up ------------------------------------------------------------------------

    def _page(self, section: Any, *, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Pt

        short, long = Pt(A4_SHORT), Pt(A4_LONG)
        margin = Pt(LANDSCAPE_MARGIN if landscape else PORTRAIT_MARGIN)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = margin

    def _footer(self, section: Any) -> None:
        """'Development plan: NAME · page N of M' at the foot of every page (later sections
        inherit it)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        lead = paragraph.add_run(clean_text(self.doc.title) + " · page ")
        lead.font.size = Pt(8)
        for n, field in enumerate(("PAGE", "NUMPAGES")):
            if n:
                paragraph.add_run(" of ").font.size = Pt(8)
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), field)
            run = OxmlElement("w:r")
            props = OxmlElement("w:rPr")
            size = OxmlElement("w:sz")
            size.set(qn("w:val"), "16")  # half-points: 8 pt, as the words before it
            props.append(size)
            run.append(props)
            text = OxmlElement("w:t")
            text.text = "1"
            run.append(text)
            simple.append(run)
            paragraph._p.append(simple)

    def new_section(self, *, landscape: bool) -> None:
        from docx.enum.section import WD_SECTION

        self._page(self.word.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)

    # Text -------------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        self.word.add_heading(clean_text(text), level=level)

    def para(self, *runs: tuple[str, str], style: str | None = None) -> Any:
        """A paragraph of runs; each run is (text, 'b' bold | 'i' italic | '')."""
        paragraph = self.word.add_paragraph(style=style)
        for text, how in runs:
            run = paragraph.add_run(_spaced(text))
            run.bold = "b" in how or None
            run.italic = "i" in how or None
        return paragraph

    def text(self, text: str) -> None:
        self.para((text, ""))

    def bullet(self, *runs: tuple[str, str]) -> Any:
        return self.para(*runs, style="List Bullet")

    def fact(self, label: str, value: str) -> None:
        self.bullet((f"{label}: ", "b"), (value, ""))

    def link(self, paragraph: Any, url: str, text: str | None = None) -> None:
        """A clickable web address at the end of `paragraph` (URLs are already safe)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), rel)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        props.append(style)
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), "0563C1")
        props.append(colour)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.append(underline)
        run.append(props)
        label = OxmlElement("w:t")
        label.text = clean_text(text or url.split("//", 1)[-1].rstrip("/"))
        label.set(qn("xml:space"), "preserve")
        run.append(label)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    # Tables -----------------------------------------------------------------------------

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: list[float],
        bold_lead: dict[int, list[str]] | None = None,
    ):
        """A fixed-width table; `bold_lead[c][r]` is a start of row r's cell c to show bold."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        table = self.word.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        table._tbl.tblPr.append(layout)
        for c, width in enumerate(widths):
            table.columns[c].width = Pt(width)
        for r, row in enumerate([list(headers), *map(list, rows)]):
            tr = table.rows[r]
            tr_pr = tr._tr.get_or_add_trPr()
            keep = OxmlElement("w:cantSplit")  # a row is never cut across pages
            tr_pr.append(keep)
            if r == 0:
                header = OxmlElement("w:tblHeader")  # repeated at the top of every page
                tr_pr.append(header)
            for c, value in enumerate(row):
                cell = tr.cells[c]
                cell.width = Pt(widths[c])
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_before = Pt(1.5)
                paragraph.paragraph_format.space_after = Pt(1.5)
                # No page with a lone row: the first body row keeps with the second and
                # the last with the one before it (a header row keeps with its first row).
                body = len(rows)
                if r == 0 or (body > 1 and r in (1, body - 1)):
                    paragraph.paragraph_format.keep_with_next = True
                lead = (bold_lead or {}).get(c, [])
                first = lead[r - 1] if r and r - 1 < len(lead) else ""
                if first and value.startswith(first):
                    runs = [(first, True), (value[len(first) :], False)]
                else:
                    runs = [(value, r == 0)]
                for text, bold in runs:
                    run = paragraph.add_run(text)
                    run.font.size = Pt(TABLE_PT)
                    run.bold = bold or None
        return table

    def save(self) -> bytes:
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()


def render_docx(doc: Document) -> bytes:
    """`doc` as the bytes of a .docx file."""
    w = _Writer(doc)
    w.heading(doc.title, 1)
    w.para(
        (f"{long_date(doc.start)} to {long_date(doc.end)}", "b"),
        (f" · prepared {long_date(doc.generated_on)}", ""),
    )

    w.heading("Summary", 2)
    for fact in doc.summary:
        w.fact(fact.label, fact.value)

    w.heading("Priorities", 2)
    w.text(
        "The development areas that matter most for you now, with the reasons. Need is "
        f"({max(doc.scale, default=0)} − your rating) × how much your goals, role and chosen "
        "priorities weight the area."
    )
    for p in doc.priorities:
        rated = "not rated" if p.rating_label == "not rated" else f"rated {p.rating_label}"
        need = f" ({rated}; need {num(p.need)}): {p.why}"
        w.para((f"{p.rank}. ", ""), (p.label, "b"), (need, ""))
    if not doc.priorities:
        w.text("No priority areas: every area was rated confident or a strength.")

    _pdp(w, doc)
    _timeline(w, doc)
    _details(w, doc)
    _notes(w, doc)
    _board(w, doc)
    _ratings_by(w, doc)
    _reviews(w, doc)
    _sources(w, doc)
    w.para((doc.footer, "i"))
    return w.save()


def _pdp(w: _Writer, doc: Document) -> None:
    rows = pdp_rows(doc)
    layout = table_layout(PDP_HEADERS, rows)
    if layout.landscape:
        w.new_section(landscape=True)
    w.heading("Personal development plan", 2)
    w.text(
        "For your appraisal portfolio: one row per item, with the Good medical practice "
        "domain it evidences and how you will show it is done."
    )
    titles = [f"{clean_text(item.title)}." for item in doc.items]
    w.table(PDP_HEADERS, rows, layout.widths, bold_lead={2: titles})
    if layout.landscape:
        w.new_section(landscape=False)


def _timeline(w: _Writer, doc: Document) -> None:
    w.heading("Timeline", 2)
    for phase in doc.phases:
        w.heading(f"Phase {phase.number}: {phase.label}", 3)
        w.text(phase.when)
        for item in phase.items:
            start, end = long_date(item.start), long_date(item.target_date)
            w.bullet((f"{start} to {end}: ", ""), (item.title, ""), (f" ({item.kind.lower()})", ""))
    if not doc.phases:
        w.text("Nothing is scheduled yet.")


def _details(w: _Writer, doc: Document) -> None:
    w.heading("The items in detail", 2)
    for item in doc.items:
        _item(w, item)
    if not doc.items:
        w.text("No items yet.")


def _item(w: _Writer, item: ItemView) -> None:
    w.heading(f"{item.number}. {item.title}", 3)
    w.fact("What", f"{item.kind}; provided by {item.provider}")
    if item.url:
        link = w.bullet(("Link: ", "b"))
        w.link(link, item.url)
    elif item.link_note:
        w.fact("Link", item.link_note)
    w.fact(
        "When",
        f"{long_date(item.start)} to {long_date(item.target_date)} "
        f"(phase {item.phase}: {item.phase_label})",
    )
    w.fact("Time", item.hours)
    w.fact("Cost", item.cost)
    w.fact("Funding", item.funding)
    w.fact("Builds", ", ".join(item.areas))
    if item.gmc:
        w.fact("Good medical practice", "; ".join(item.gmc))
    w.fact("Serves your goals", ", ".join(item.goals) if item.goals else "none named")
    w.fact("Agreed action", item.action)
    w.fact("Evidence for appraisal", item.evidence)
    w.fact("Status", item.status)
    if item.source:
        w.fact("Source", item.source)
    if item.reasons:
        w.text("Why this item:")
        for reason in item.reasons:
            w.bullet((reason, ""))
    if item.history:
        w.text("Progress:")
        for h in item.history:
            note = f". {h.note}" if h.note else ""
            w.bullet((f"{long_date(h.on)}: {h.status}{note}", ""))


def _notes(w: _Writer, doc: Document) -> None:
    if not (doc.notes or doc.unmet or doc.left_out or doc.acknowledged):
        return
    w.heading("Notes for your situation", 2)
    for note in doc.notes:
        w.bullet((f"{note.text} ({note.label})", ""))
    for title, entries in (
        ("Support you already have:", doc.acknowledged),
        ("Needs this plan does not yet meet:", doc.unmet),
    ):
        if entries:
            w.text(title)
            for entry in entries:
                w.fact(entry.label, entry.text)
    if doc.left_out:
        w.text("Worth considering when you have more time or budget:")
        for x in doc.left_out:
            w.bullet((x.text, ""))


def _board(w: _Writer, doc: Document) -> None:
    board = doc.board
    if board is None:
        return
    w.heading("Board appraisal", 2)
    if board.developed or board.untouched:
        w.text(f"This plan against {board.framework} ({board.publisher}):")
    else:  # outside NHS bodies: the requirement that applies, with no domains
        w.para((board.framework, "b"), (f" ({board.publisher})", ""))
    for use in board.developed:
        w.bullet((f"{use.domain}: ", "b"), ("developed by " + "; ".join(use.items), ""))
    if board.untouched:
        w.bullet(("Left untouched: ", "b"), ("; ".join(board.untouched), ""))
    w.text(board.fppt)
    if board.caveat:
        w.text(board.caveat)
    w.para((f"{board.status} Checked {long_date(board.checked)}.", "i"))


def _ratings_by(w: _Writer, doc: Document) -> None:
    view = doc.ratings_by
    if view is None:
        return
    w.heading(f"Self-ratings by {view.framework}", 2)
    for group in view.groups:
        w.heading(group.domain, 3)
        for rating in group.ratings:
            w.fact(rating.label, rating.text)


def _reviews(w: _Writer, doc: Document) -> None:
    w.heading("Review dates", 2)
    for r in doc.reviews:
        w.fact(long_date(r.on), r.text)
    if not doc.reviews:
        w.text("No review dates set: agree them with your mentor or appraiser.")
    if doc.mentor:
        w.para(
            ("Agreed with: ", "b"),
            (f"{doc.mentor} (mentor), on .................... (date)", ""),
        )


def _sources(w: _Writer, doc: Document) -> None:
    w.heading("Sources", 2)
    for s in doc.sources:
        text = f". {s.publisher}"
        if s.authors:
            text += f" ({s.authors})"
        if s.date:
            text += f", {s.date}"
        paragraph = w.bullet((s.title, "i"), (text + ". ", ""))
        if s.url:
            w.link(paragraph, s.url)
    for p in doc.providers:
        uses = "; ".join(
            item.title + (f" (listed in {item.source})" if item.source else "") for item in p.items
        )
        paragraph = w.bullet((p.name, ""))
        if p.url:
            paragraph.add_run(": ")
            w.link(paragraph, p.url)
        paragraph.add_run(clean_text(f". For: {uses}."))
