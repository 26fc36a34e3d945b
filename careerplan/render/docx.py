"""A Word document (.docx) from the Document, with python-docx.

The same content, in the same order, as the markdown and HTML layouts, appraisal first:
the title and the personal development plan table in appraisal form (on landscape pages
when it needs them, its columns sized to their content so that no word is split, its header
repeated on every page and no row cut across pages), a paragraph on why each item is there,
the plan at a glance, timeline and reviews with the "Agreed with" line, notes, the board
appraisal section, sources and, with --explain, the appendix of arithmetic. Headings are
Word's own Heading styles, so the navigation pane lists them; the language is British
English throughout. Every text passes through `clean_text` (no control or bidi
characters); links are plain web addresses only.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from careerplan.render.document import Document, clean_text
from careerplan.wording import long_date, num

# Page geometry, in points (1 mm = 72 / 25.4 pt).
MM = 72 / 25.4
A4_SHORT = 210 * MM
A4_LONG = 297 * MM
PORTRAIT_MARGIN = 20 * MM
LANDSCAPE_MARGIN = 15 * MM

LANGUAGE = "en-GB"  # British English: Word's proofing must not flag "organisation"
BODY_PT = 10
SMALL_PT = 9  # notes, board appraisal and sources: read after the plan itself
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


def british(word: Any) -> None:
    """Everything in British English: the document default and every style that names a
    language (Word's proofing then reads "organisation" and "programme" as spelt right),
    and no blank thumbnail: python-docx's template carries a picture of an empty page,
    which file browsers would show for every plan, so the file has none (Word makes a
    real one when it saves the file)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    props = run_defaults.find(qn("w:rPr"))
    if props is None:
        props = OxmlElement("w:rPr")
        run_defaults.append(props)
    if props.find(qn("w:lang")) is None:
        props.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        for attr in ("w:val", "w:eastAsia"):
            lang.set(qn(attr), LANGUAGE)
    package = word.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":  # Word 2010's copy
            part._blob = part.blob.replace(b'w:val="en-US"', f'w:val="{LANGUAGE}"'.encode())
            part._blob = part._blob.replace(
                b'w:eastAsia="en-US"', f'w:eastAsia="{LANGUAGE}"'.encode()
            )
    settings = word.settings.element
    proof = settings.find(qn("w:proofState"))  # "checked, clean": let Word check again
    if proof is not None:
        settings.remove(proof)
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del package.rels[rid]


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
        self.size: float | None = None  # SMALL_PT for the back matter, else the style's
        self.word: Any = docx.Document()
        normal = self.word.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(BODY_PT)
        normal.paragraph_format.space_after = Pt(4)
        for name, before in (("Heading 1", 0), ("Heading 2", 10), ("Heading 3", 6)):
            style = self.word.styles[name]
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(3)
        self.word.styles["List Bullet"].paragraph_format.space_after = Pt(2)
        british(self.word)
        self._page(self.word.sections[0], landscape=False)
        self._footer(self.word.sections[0])
        props = self.word.core_properties
        props.title = clean_text(doc.title)
        props.language = LANGUAGE
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
        from docx.shared import Pt

        paragraph = self.word.add_paragraph(style=style)
        for text, how in runs:
            run = paragraph.add_run(_spaced(text))
            run.bold = "b" in how or None
            run.italic = "i" in how or None
            if self.size:
                run.font.size = Pt(self.size)
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
        return _dated(out.getvalue(), self.doc.generated_on)


def _dated(package: bytes, day: dt.date) -> bytes:
    """The Word package with every part dated `day` at noon rather than the moment it was
    written, so the same plan gives the same file (`plan --out` and `export` alike)."""
    import zipfile

    stamp = (day.year, day.month, day.day, 12, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            info = zipfile.ZipInfo(part.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = part.external_attr
            target.writestr(info, source.read(part.filename))
    return out.getvalue()


def render_docx(doc: Document) -> bytes:
    """`doc` as the bytes of a .docx file: appraisal first (the PDP table, then why each
    item is there), then the plan at a glance, timeline and reviews, the next steps, notes,
    the board appraisal section, sources and, with --explain, the appendix of arithmetic."""
    w = _Writer(doc)
    rows = pdp_rows(doc)
    layout = table_layout(PDP_HEADERS, rows)
    if layout.landscape:  # the title and the table share the first, landscape, pages
        w._page(w.word.sections[0], landscape=True)
    w.heading(doc.title, 1)
    w.para(
        (f"{doc.role} · " if doc.role else "", ""),
        (f"{long_date(doc.start)} to {long_date(doc.end)}", "b"),
        (f" · prepared {long_date(doc.generated_on)}", ""),
    )
    w.heading("Personal development plan", 2)
    titles = [f"{clean_text(item.title)}." for item in doc.items]
    w.table(PDP_HEADERS, rows, layout.widths, bold_lead={2: titles})
    if layout.landscape:
        w.new_section(landscape=False)

    _why(w, doc)
    w.heading("The plan at a glance", 2)
    for fact in doc.summary:
        w.fact(fact.label, fact.value)
    _timeline(w, doc)
    _reviews(w, doc)
    _next_steps(w, doc)
    w.size = SMALL_PT
    _notes(w, doc)
    _board(w, doc)
    _ratings_by(w, doc)
    _others(w, doc)
    _sources(w, doc)
    _appendix(w, doc)
    w.para((doc.footer, "i"))
    return w.save()


def _why(w: _Writer, doc: Document) -> None:
    w.heading("Why each item", 2)
    for item in doc.items:
        why = w.para((f"{item.number}. {item.title}. ", "b"), (item.why, ""))
        why.paragraph_format.keep_with_next = True
        facts = w.para((item.about, "i"))
        facts.paragraph_format.keep_together = True
        if item.url:
            facts.add_run(" ")
            w.link(facts, item.url)
        if item.history:
            steps = "; ".join(
                f"{long_date(h.on)}, {h.status.lower()}"
                + (f" ({h.note.rstrip('.')})" if h.note else "")
                for h in item.history
            )
            w.text(f"Progress: {steps}.")
    if not doc.items:
        w.text("No items yet.")


def _timeline(w: _Writer, doc: Document) -> None:
    w.heading("Timeline and reviews", 2)
    for phase in doc.phases:
        titles = "; ".join(item.title for item in phase.items)
        w.bullet(
            (f"Phase {phase.number}, {phase.label.lower()}: ", "b"), (f"{titles}. {phase.when}", "")
        )
    if not doc.phases:
        w.text("Nothing is scheduled yet.")


def _appendix(w: _Writer, doc: Document) -> None:
    if not doc.explain:
        return
    w.heading("Appendix: how the plan was worked out", 2)
    w.text(
        f"Each area's need is ({max(doc.scale, default=0)} − your rating) × how much your "
        "goals, role and chosen priorities weight it; each item's score adds the needs it "
        "meets, the goals it serves and the report's recommendations."
    )
    for p in doc.priorities:
        w.bullet((f"{p.label} ", "b"), (f"(need {num(p.need)}): {p.why}", ""))
    for item in doc.items:
        if item.arithmetic:
            w.bullet((f"{item.number}. {item.title}: ", "b"), (item.arithmetic, ""))


def _notes(w: _Writer, doc: Document) -> None:
    if not (doc.notes or doc.unmet or doc.left_out or doc.acknowledged):
        return
    w.heading("Notes for your situation", 2)
    for note in doc.notes:
        w.bullet((f"{note.text} ({note.label})", ""))
    for title, entries in (
        ("Support you already have:", doc.acknowledged),
        ("Not covered yet:", doc.unmet),
    ):
        if entries:
            w.text(title)
            for entry in entries:
                w.fact(entry.label, entry.text)
    if doc.left_out:
        w.text("Left out for now, and why:")
        for x in doc.left_out:
            if x.why:
                w.fact(x.label, f"{x.why}.")
            else:
                w.bullet((x.label, ""))


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


def _others(w: _Writer, doc: Document) -> None:
    view = doc.others
    if view is None:
        return
    w.heading(view.heading, 2)
    for line in view.lines:
        w.bullet((line, ""))
    if view.comments:
        w.text("Comments shared:")
        for line in view.comments:
            w.bullet((line, ""))


def _reviews(w: _Writer, doc: Document) -> None:
    for r in doc.reviews:
        w.fact(long_date(r.on), r.text)
    if not doc.reviews:
        w.text("No review dates set: agree them with your mentor or appraiser.")
    if doc.mentor:
        w.para(
            ("Agreed with: ", "b"),
            (f"{doc.mentor} (mentor), on .................... (date)", ""),
        )


#: The next steps' heading in a document: one for any number, so a layout can find it.
NEXT_STEPS = "Your next steps"


def _next_steps(w: _Writer, doc: Document) -> None:
    """The soonest first steps, as the terminal and the markdown give them."""
    if not doc.next_steps:
        return
    w.heading(NEXT_STEPS, 2)
    for step in doc.next_steps:
        w.bullet((step.text, ""), (f" (For: {step.item})." if step.item else "", ""))


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
