"""`careerplan compare` over three profiles: ratings then and now, goals, stage, exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerplan.errors import InputError
from careerplan.review.compare import compare_profiles
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile

HERE = Path(__file__).parent / "fixtures" / "compare"
# Given out of order on purpose: compare sorts by assessed_on.
FILES = [HERE / "2026.yaml", HERE / "2024.yaml", HERE / "2025.yaml"]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def comparison(catalogue):
    vocab = catalogue.vocab.ids()
    return compare_profiles([(str(p), load_profile(p, vocab)) for p in FILES], catalogue.assessment)


def test_three_profiles_in_date_order(comparison):
    assert [s.label for s in comparison.snapshots] == ["18 Nov 2024", "20 Nov 2025", "24 Nov 2026"]
    assert [s.stage for s in comparison.snapshots] == ["deputy", "deputy", "new-md"]


def test_ratings_and_changes(comparison):
    by_area = {a.area: a for a in comparison.areas}
    # hand-read from the three fixture files
    assert by_area["finance"].ratings == [1, 1, 2] and by_area["finance"].change == 1
    assert by_area["system-partnership"].ratings == [3, 2, 2]
    assert by_area["system-partnership"].change == -1
    assert by_area["quality-safety"].change == 0
    assert by_area["mental-health-law"].change == 1
    assert by_area["population-health"].ratings == [None, None, 1]
    assert by_area["population-health"].change is None
    assert "strategy-vision" not in by_area  # never rated: left out
    assert {a.area for a in comparison.improved()} == {
        "finance",
        "board-skills",
        "mental-health-law",
    }
    assert [a.area for a in comparison.declined()] == ["system-partnership"]


def test_goals_and_support_changes(comparison):
    assert comparison.goals_added() == ["excel-in-role", "board-effectiveness", "peer-support"]
    assert comparison.goals_dropped() == ["step-up-to-md"]
    assert comparison.support_added() == ["mentor"]
    assert comparison.warnings == []


def test_comparing_needs_at_least_two_profiles(catalogue):
    profile = load_profile(FILES[0], catalogue.vocab.ids())
    with pytest.raises(InputError, match="at least two"):
        compare_profiles([("a", profile)], catalogue.assessment)


def test_terminal_chart_shows_each_rating_and_the_change(cli):
    result = cli("compare", *FILES)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "18 Nov 2024 → 20 Nov 2025 → 24 Nov 2026" in out
    finance = next(line for line in out.splitlines() if line.startswith("Finance"))
    assert finance.split()[-8:] == ["█░░░", "1", "█░░░", "1", "██░░", "2", "+1", "▲"]
    assert "3 areas rated higher, 1 lower, 1 the same" in out
    assert "Stage: Deputy or associate medical director → Deputy or associate" in out
    assert "No longer a goal: Step up to medical director" in out


def test_markdown_and_html_exports(cli, tmp_path):
    md = tmp_path / "change.md"
    result = cli("compare", *FILES, "--to", "md", "--out", md)
    assert result.exit_code == 0, result.stderr
    text = md.read_text()
    assert "| Area | 18 Nov 2024 | 20 Nov 2025 | 24 Nov 2026 | Change |" in text
    assert "| Finance literacy | `█░░░ 1` | `█░░░ 1` | `██░░ 2` | +1 ▲ |" in text
    assert "- Support gained: A mentor" in text
    assert (md.stat().st_mode & 0o777) == 0o600
    again = cli("compare", *FILES, "--to", "md", "--out", md)
    assert again.exit_code == 1 and "--force" in again.stderr

    page = tmp_path / "change.html"
    assert cli("compare", *FILES, "--to", "html", "--out", page).exit_code == 0
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and "Dr B Example" in html
    # one bar per rated cell: five areas rated three times, population health once
    assert html.count('class="bar"') == 5 * 3 + 1


def test_word_and_pdf_for_the_portfolio(cli, tmp_path):
    import io
    import shutil
    import subprocess
    import zipfile

    import docx

    word = tmp_path / "change.docx"
    result = cli("compare", *FILES, "--out", word)
    assert result.exit_code == 0, result.stderr
    assert (word.stat().st_mode & 0o777) == 0o600
    document = docx.Document(str(word))
    assert document.paragraphs[0].text == "How Dr B Example's self-ratings changed"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Area",
        "18 Nov 2024",
        "20 Nov 2025",
        "24 Nov 2026",
        "Change",
    ]
    finance = next(r for r in table.rows if r.cells[0].text == "Finance literacy")
    assert [c.text for c in finance.cells[1:]] == ["1 of 4", "1 of 4", "2 of 4", "1 higher"]
    assert any(p.text == "Support gained: A mentor" for p in document.paragraphs)
    with zipfile.ZipFile(io.BytesIO(word.read_bytes())) as archive:
        assert "en-US" not in archive.read("word/styles.xml").decode()
        assert not [n for n in archive.namelist() if "thumbnail" in n]

    if not (shutil.which("chromium") or shutil.which("soffice")) or not shutil.which("pdfinfo"):
        pytest.skip("needs a browser or LibreOffice, and poppler-utils, to print the PDF")
    pdf = tmp_path / "change.pdf"
    result = cli("compare", *FILES, "--to", "pdf", "--out", pdf)
    assert result.exit_code == 0, result.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in info and "(A4)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Finance literacy" in text and "Goals, stage and support" in text


def test_json_gives_each_areas_ratings_and_change(cli):
    result = cli("compare", *FILES[:2], "--to", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [a["assessed_on"] for a in data["assessments"]] == ["2024-11-18", "2026-11-24"]
    finance = next(a for a in data["areas"] if a["area"] == "finance")
    assert finance == {"area": "finance", "ratings": [1, 2], "change": 1}


def test_a_broken_profile_is_one_line(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (HERE / "2025.yaml").read_text().replace("role: deputy-medical-director", "role: deputy-md")
    )
    result = cli("compare", FILES[0], bad)
    assert result.exit_code == 2
    assert "bad.yaml:4" in result.stderr and "unknown role 'deputy-md'" in result.stderr


def test_different_names_warn_first_and_no_one_is_named_in_the_heading(cli, tmp_path):
    other = tmp_path / "2026.yaml"
    other.write_text(
        (HERE / "2026.yaml").read_text().replace("name: Dr B Example", "name: Dr Priya Shah")
    )
    result = cli("compare", FILES[1], other)
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0].startswith("How the self-ratings changed (the profiles carry different names)")
    assert lines[1].startswith(
        "Note: these profiles carry different names (Dr B Example, Dr Priya Shah)"
    )
    assert "Dr Priya Shah's" not in result.stdout
    md = cli("compare", FILES[1], other, "--to", "md").stdout
    assert md.index("> Note: these profiles carry different names") < md.index("| Area |")
    page = cli("compare", FILES[1], other, "--to", "html").stdout
    assert page.index("different names (") < page.index("<table>")
    assert "Dr Priya Shah&#x27;s" not in page


def test_one_name_stays_in_the_heading(cli):
    result = cli("compare", *FILES)
    assert result.stdout.lstrip().startswith("How Dr B Example's self-ratings changed")
    assert "Note:" not in result.stdout
