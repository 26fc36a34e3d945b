"""The Word export, read back with python-docx: headings, the appraisal table's shape and
widths, the landscape page it sits on, escaping, and the same file rules as every export.

The structure of each persona's document is compared with a golden JSON summary
(tests/golden/PERSONA.docx.json); regenerate it deliberately by running the test with
--regen-golden and read the diff.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Length
from export_support import (
    GOLDEN,
    HOSTILE_NAME,
    PERSONAS,
    catalogue,
    hostile_plan,
    load,
    plan_path,
    run,
)

from careerplan.render.docx import (
    CELL_PADDING_PT,
    PDP_HEADERS,
    column_widths,
    min_width,
    word_width,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def mm(length: Length | int | None) -> float:
    return round(Length(length or 0).mm, 1)


def summary(data: bytes) -> dict[str, Any]:
    """What a reader meets, in order: sections (page shape), headings with their Word style
    level, and tables (shape, header, widths, repeat and no-split settings), each block
    with the number of the section it is in."""
    document = docx.Document(io.BytesIO(data))
    sections = [
        {
            "orientation": "landscape" if s.page_width > s.page_height else "portrait",
            "page_mm": [mm(s.page_width), mm(s.page_height)],
            "text_width_mm": mm(s.page_width - s.left_margin - s.right_margin),
        }
        for s in document.sections
    ]
    blocks: list[dict[str, Any]] = []
    section = 0
    tables = iter(document.tables)
    paragraphs = iter(document.paragraphs)
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            paragraph = next(paragraphs)
            style = paragraph.style.name if paragraph.style is not None else ""
            if style.startswith("Heading"):
                blocks.append(
                    {
                        "section": section,
                        "heading": int(style.split()[-1]),
                        "text": paragraph.text,
                    }
                )
            if child.find(f"{W}pPr/{W}sectPr") is not None:
                section += 1
        elif child.tag == f"{W}tbl":
            table = next(tables)
            rows = table.rows
            blocks.append(
                {
                    "section": section,
                    "table": [len(rows), len(table.columns)],
                    "header": [c.text for c in rows[0].cells],
                    "widths_mm": [mm(c.width) for c in table.columns],
                    "header_repeats": rows[0]._tr.trPr.find(f"{W}tblHeader") is not None,
                    "rows_never_split": all(
                        r._tr.trPr is not None and r._tr.trPr.find(f"{W}cantSplit") is not None
                        for r in rows
                    ),
                    "rows_kept_with_next": [
                        n
                        for n, r in enumerate(rows)
                        if all(
                            p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs
                        )
                    ],
                    "first_column": [c.text for c in table.columns[0].cells[1:]],
                }
            )
    return {"sections": sections, "blocks": blocks}


def export_docx(persona_or_path: str | Path, tmp_path: Path, *extra: str) -> bytes:
    source = persona_or_path if isinstance(persona_or_path, Path) else plan_path(persona_or_path)
    out = tmp_path / "plan.docx"
    result = run("export", source, "--out", out, *extra)
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {out} (docx)" in result.stderr
    return out.read_bytes()


def pdp_table(doc_summary: dict[str, Any]) -> dict[str, Any]:
    tables = [b for b in doc_summary["blocks"] if "table" in b]
    assert len(tables) == 1, "exactly one table: the PDP"
    return tables[0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_docx_matches_golden_structure(persona: str, tmp_path: Path, golden) -> None:
    got = summary(export_docx(persona, tmp_path))
    golden(GOLDEN / f"{persona}.docx.json", json.dumps(got, indent=1, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("persona", PERSONAS)
def test_headings_are_word_headings_in_reading_order(persona: str, tmp_path: Path) -> None:
    plan = load(persona)
    got = summary(export_docx(persona, tmp_path))
    headings = [(b["heading"], b["text"]) for b in got["blocks"] if "heading" in b]
    assert headings[0] == (1, f"Development plan: {plan.profile.name}")
    top = [text for level, text in headings if level == 2]
    assert top == [
        "Personal development plan",
        "Why each item",
        "The plan at a glance",
        "Timeline and reviews",
        "Your next steps",
        "Notes for your situation",
        *(["Board appraisal"] if plan.profile.role == "medical-director" else []),
        "Sources",
    ]
    # Each item's why is a paragraph that starts with its number and title, in bold.
    document = docx.Document(io.BytesIO(export_docx(persona, tmp_path, "--force")))
    why = [p for p in document.paragraphs if re.match(r"\d+\. ", p.text)]
    assert len(why) == len(plan.items)
    assert all(p.runs[0].bold for p in why)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pdp_table_is_one_row_per_item_on_a_landscape_page(persona: str, tmp_path: Path) -> None:
    plan = load(persona)
    got = summary(export_docx(persona, tmp_path))
    table = pdp_table(got)
    assert table["table"] == [len(plan.items) + 1, 6]
    assert table["header"] == list(PDP_HEADERS)
    assert table["header_repeats"] and table["rows_never_split"]
    # No page with a lone row: the header and first row keep with the next, and the
    # second-to-last row keeps with the last.
    assert table["rows_kept_with_next"] == [0, 1, len(plan.items) - 1]
    section = got["sections"][table["section"]]
    assert section["orientation"] == "landscape" and section["page_mm"] == [297.0, 210.0]
    # The table fills the text width of its page, and the pages around it are A4 portrait.
    assert abs(sum(table["widths_mm"]) - section["text_width_mm"]) < 1
    others = [s for n, s in enumerate(got["sections"]) if n != table["section"]]
    assert others and all(s["page_mm"] == [210.0, 297.0] for s in others)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_column_holds_its_longest_word(persona: str, tmp_path: Path) -> None:
    document = docx.Document(io.BytesIO(export_docx(persona, tmp_path)))
    table = document.tables[0]
    for column in table.columns:
        words = [w for cell in column.cells for w in cell.text.split()]
        widest = max(words, key=word_width)
        needed = word_width(widest) + CELL_PADDING_PT
        assert Length(column.width).pt >= needed - 0.5, (column.cells[0].text, widest)
        # At least the width of nine average letters (a date's month) at 0.72 em.
        assert Length(column.width).pt >= 9 * 0.72 * 9, column.cells[0].text
    # Wider text gets wider columns: the action column is the widest.
    widths = [Length(c.width).pt for c in table.columns]
    assert widths.index(max(widths)) == PDP_HEADERS.index("Agreed action (SMART)")


def test_column_widths_share_the_page_and_respect_each_floor() -> None:
    headers = ["A", "Bbbbbbbbbbbbbbbbbbbb", "C"]
    rows = [["x", "y", "long text " * 40], ["x", "y", "more text " * 30]]
    widths = column_widths(headers, rows, 500)
    assert abs(sum(widths) - 500) < 1e-6
    assert widths[1] >= min_width(["Bbbbbbbbbbbbbbbbbbbb"])
    assert widths[2] > widths[0] and widths[2] > widths[1]


def test_pdp_rows_carry_the_good_medical_practice_domain(tmp_path: Path) -> None:
    document = docx.Document(io.BytesIO(export_docx("clinical-director", tmp_path)))
    gmc = {d.short or d.label for d in catalogue().frameworks.medical.domains}
    cells = [c.text for c in document.tables[0].columns[1].cells[1:]]
    assert cells and all(set(text.split("; ")) <= gmc for text in cells)


def test_board_section_only_for_board_level_roles(tmp_path: Path) -> None:
    md = docx.Document(io.BytesIO(export_docx("new-md", tmp_path)))
    text = "\n".join(p.text for p in md.paragraphs)
    assert "Board appraisal" in text and "Fit and Proper Person Test" in text
    assert "Left untouched:" in text
    (tmp_path / "plan.docx").unlink()
    cd = docx.Document(io.BytesIO(export_docx("clinical-director", tmp_path)))
    assert "Board appraisal" not in "\n".join(p.text for p in cd.paragraphs)


def test_ratings_grouped_by_a_chosen_framework(tmp_path: Path) -> None:
    data = export_docx("clinical-director", tmp_path, "--by", "hlm")
    got = summary(data)
    headings = [b["text"] for b in got["blocks"] if "heading" in b]
    assert "Self-ratings by Healthcare Leadership Model (version 1.0, 2013)" in headings
    assert "Engaging the team" in headings


def test_agreed_with_line_and_reviews(tmp_path: Path) -> None:
    plan = load("new-md")
    document = docx.Document(io.BytesIO(export_docx("new-md", tmp_path)))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith(f"Agreed with: {plan.mentor or plan.profile.mentor}") for t in texts)
    assert sum(t[:1].isdigit() and "Review" in t for t in texts) >= 1


def test_hostile_text_is_plain_text_without_control_or_bidi_characters(tmp_path: Path) -> None:
    import yaml

    path = hostile_plan(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["profile"]["name"] = HOSTILE_NAME + "\u202eevil\u2066x"
    data["items"][0]["action"] = "Act now \u202dreversed\u202c here"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    raw = export_docx(path, tmp_path)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f]", xml)
    assert "javascript:" not in rels
    document = docx.Document(io.BytesIO(raw))
    title = document.paragraphs[0].text
    assert title == "Development plan: Dr A | *B* <script>`x` Y evil x"
    assert document.tables[0].cell(1, 2).text.endswith("Act now reversed here")


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    out.write_bytes(b"mine")
    result = run("export", plan_path("new-md"), "--out", out)
    assert result.exit_code != 0 and result.stderr.count("\n") == 1
    assert "--force" in result.stderr
    assert out.read_bytes() == b"mine"
    assert run("export", plan_path("new-md"), "--out", out, "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    assert out.stat().st_mode & 0o077 == 0


def test_plan_out_docx_and_printing_to_a_pipe(tmp_path: Path) -> None:
    profile = Path(__file__).parent / "personas" / "new-md-nhs-trust.yaml"
    out = tmp_path / "plan.docx"
    result = run("plan", "--profile", profile, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert docx.Document(str(out)).tables
    piped = run("export", plan_path("new-md"), "--to", "docx")
    assert piped.exit_code == 0
    assert piped.stdout_bytes[:2] == b"PK"


@pytest.mark.slow
def test_libreoffice_lays_out_the_table_without_splitting_words(tmp_path: Path) -> None:
    """LibreOffice opens the file and, printing it, keeps every table word whole."""
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftotext"):
        if os.environ.get("CAREERPLAN_REQUIRE_OFFICE"):  # CI installs them: never skip there
            pytest.fail("LibreOffice (soffice) and poppler-utils are required here")
        pytest.skip("needs LibreOffice (soffice) and poppler-utils")
    export_docx("clinical-director", tmp_path)
    source = tmp_path / "plan.docx"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Appraisal-shaped: seven items on about four A4 pages, the title and the table first.
    # (Carlito has Calibri's metrics, as Word shows the file; without it LibreOffice falls
    # back to the wider DejaVu Sans.)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "plan.pdf")], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert found
    pages = int(found.group(1))
    fonts = shutil.which("fc-list")
    listed = subprocess.run([fonts], capture_output=True, text=True).stdout if fonts else ""
    calibri_metrics = "Carlito" in listed
    assert pages <= (4 if calibri_metrics else 5), pages
    first = text.split("\f")[0]
    assert "Development plan: Dr Sam Rahman" in first and "Agreed action (SMART)" in first
    # The pages of the table (its header repeats on each): every word printed there must be
    # a whole word of the table, its heading or its introduction. A word split across two
    # lines ("Novembe" / "r") leaves fragments that are neither.
    pages = [
        "\n".join(line for line in page.splitlines() if " · page " not in line)  # the footer
        for page in text.split("\f")
        if "Agreed action (SMART)" in page
    ]
    assert pages

    def words(value: str) -> set[str]:
        return {w.strip(".,;:()") for w in value.split()} - {""}

    document = docx.Document(str(source))
    known = set()
    for column in document.tables[0].columns:
        for cell in column.cells:
            known |= words(cell.text)
    for paragraph in document.paragraphs[:3]:  # the title, its line and the table's heading
        known |= words(paragraph.text)
    # A line may break after a hyphen ("cross-" / "organisation"): that splits no word.
    known |= {part + "-" for word in known if "-" in word for part in word.split("-")[:-1]}
    known |= {word.rsplit("-", 1)[-1] for word in known if "-" in word}
    fragments = words(" ".join(pages)) - known
    assert not fragments, f"words split in the printed table: {sorted(fragments)}"


def test_british_english_throughout_and_no_blank_thumbnail(tmp_path: Path) -> None:
    """Word's proofing reads the file as en-GB ("organisation", "programme" spelt right):
    the document default, every style that names a language and the core properties; and
    no thumbnail (python-docx's template carries a picture of a blank page)."""
    raw = export_docx("new-md", tmp_path)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
        styles = archive.read("word/styles.xml").decode("utf-8")
        effects = archive.read("word/stylesWithEffects.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
        rels = archive.read("_rels/.rels").decode("utf-8")
        settings = archive.read("word/settings.xml").decode("utf-8")
    assert not [n for n in names if "thumbnail" in n] and "thumbnail" not in rels
    default = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert default and 'w:lang w:val="en-GB"' in default.group()
    assert "en-US" not in styles and "en-US" not in effects
    assert "<dc:language>en-GB</dc:language>" in core
    assert "w:proofState" not in settings  # not marked "already checked"
