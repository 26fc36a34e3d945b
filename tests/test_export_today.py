"""Exporting a plan made by today's engine: goldens, and `plan --out` equal to `export`.

The goldens in test_export_golden.py are exports of plans saved in an older format; these
are plans made now, from persona profiles, with today pinned (tests/conftest.py), in
markdown, HTML, calendar, CSV and (its structure) Word, so a
change to what the engine puts in a plan, or to how an export draws it, shows here as a
diff. Regenerate deliberately with
`python -m pytest tests/test_export_today.py --regen-golden` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import GOLDEN, TESTS, run

PERSONAS = TESTS / "personas"
# Two very different people: a new medical director in an NHS trust, and a clinical lead
# in a voluntary-sector provider with two hours a month and no budget.
TODAY_PERSONAS = ("new-md-nhs-trust", "clinical-lead-voluntary-tiny-hours")
TODAY_GOLDEN = GOLDEN / "today"
# Formats whose bytes depend only on the plan (the PDF embeds its own creation time).
SAME_FILE_FORMATS = ("md", "html", "docx", "ics", "csv", "txt", "json", "yaml")


def _saved_plan(tmp_path: Path, persona: str) -> Path:
    saved = tmp_path / f"{persona}.plan.yaml"
    result = run("plan", PERSONAS / f"{persona}.yaml", "--save", saved)
    assert result.exit_code == 0, result.stderr
    return saved


@pytest.mark.parametrize("fmt", ["md", "html", "ics", "csv"])
@pytest.mark.parametrize("persona", TODAY_PERSONAS)
def test_export_of_a_plan_made_today_matches_golden(tmp_path, golden, persona, fmt) -> None:
    result = run("export", _saved_plan(tmp_path, persona), "--to", fmt)
    assert result.exit_code == 0, result.stderr
    golden(TODAY_GOLDEN / f"{persona}.{fmt}", result.stdout_bytes)


@pytest.mark.parametrize("persona", TODAY_PERSONAS)
def test_word_export_of_a_plan_made_today_matches_golden_structure(
    tmp_path, golden, persona
) -> None:
    """The Word file's text and layout (headings, paragraphs, the PDP table), as the older
    goldens record it (tests/test_export_docx.py `summary`)."""
    import json

    from test_export_docx import summary

    out = tmp_path / "plan.docx"
    result = run("export", _saved_plan(tmp_path, persona), "--out", out)
    assert result.exit_code == 0, result.stderr
    got = json.dumps(summary(out.read_bytes()), indent=1, ensure_ascii=False) + "\n"
    golden(TODAY_GOLDEN / f"{persona}.docx.json", got)


@pytest.mark.parametrize("fmt", SAME_FILE_FORMATS)
def test_plan_out_writes_the_file_export_writes(tmp_path, fmt) -> None:
    """`plan PROFILE --out X` and `export PLAN --out Y` (PLAN saved by `plan --save`) give
    byte-identical files: one renderer, and nothing lost by saving the plan and reading it
    back."""
    persona = "new-md-nhs-trust"
    direct = tmp_path / f"direct.{fmt}"
    planned = run("plan", PERSONAS / f"{persona}.yaml", "--out", direct)
    assert planned.exit_code == 0, planned.stderr
    exported = tmp_path / f"exported.{fmt}"
    result = run("export", _saved_plan(tmp_path, persona), "--out", exported)
    assert result.exit_code == 0, result.stderr
    assert direct.read_bytes() == exported.read_bytes()


@pytest.mark.parametrize("fmt", ["md", "html", "ics", "json", "yaml"])
def test_plan_to_prints_what_export_prints(tmp_path, fmt) -> None:
    persona = "clinical-lead-voluntary-tiny-hours"
    printed = run("plan", PERSONAS / f"{persona}.yaml", "--to", fmt)
    assert printed.exit_code == 0, printed.stderr
    exported = run("export", _saved_plan(tmp_path, persona), "--to", fmt)
    assert exported.exit_code == 0, exported.stderr
    assert printed.stdout_bytes == exported.stdout_bytes


def test_a_yaml_export_is_the_plan_file_itself(tmp_path) -> None:
    """A plan's YAML is the same file however it is written (`plan --save`, `plan --to`,
    `export --to`, `export --out`): the header that says it is personal data and how to use
    it, then the data."""
    persona = "new-md-nhs-trust"
    saved = _saved_plan(tmp_path, persona)
    out = tmp_path / "exported.yaml"
    assert run("export", saved, "--out", out).exit_code == 0
    printed = run("export", saved, "--to", "yaml")
    assert printed.exit_code == 0, printed.stderr
    assert out.read_bytes() == printed.stdout_bytes == saved.read_bytes()
    assert saved.read_text(encoding="utf-8").startswith("# careerplan plan: personal data")
