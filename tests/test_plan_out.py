"""`careerplan plan --out`: the plan exported in one step, in the format the name says."""

from __future__ import annotations

import stat
from pathlib import Path

from markdown_it import MarkdownIt

PERSONA = Path(__file__).parent / "personas" / "new-md-nhs-trust.yaml"


def test_plan_out_markdown_has_the_pdp_table(cli, tmp_path: Path):
    out = tmp_path / "plan.md"
    result = cli("plan", "--profile", PERSONA, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"Exported the plan to {out}" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    tokens = MarkdownIt("commonmark").enable("table").parse(out.read_text())
    headers = [t for t in tokens if t.type == "th_open"]
    assert len(headers) >= 5


def test_plan_out_never_overwrites_without_force(cli, tmp_path: Path):
    out = tmp_path / "plan.md"
    out.write_text("mine")
    result = cli("plan", "--profile", PERSONA, "--out", out)
    assert result.exit_code == 1
    assert "already exists; use --force" in result.stderr
    assert out.read_text() == "mine"
    assert cli("plan", "--profile", PERSONA, "--out", out, "--force").exit_code == 0
    assert out.read_text().startswith("# Development plan")


def test_plan_out_format_from_to(cli, tmp_path: Path):
    out = tmp_path / "plan.txt"
    result = cli("plan", "--profile", PERSONA, "--out", out, "--to", "ics")
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("BEGIN:VCALENDAR")


def test_markdown_gives_reasons_in_words_without_the_score_arithmetic(cli, tmp_path: Path):
    data = cli("plan", "--profile", PERSONA, "--format", "json")
    assert '"Score: ' in data.stdout  # the plan data keeps every number
    out = tmp_path / "plan.md"
    assert cli("plan", "--profile", PERSONA, "--out", out).exit_code == 0
    text = out.read_text()
    assert text.index("## Personal development plan") < text.index("## Why each item")
    assert "Score: " not in text and "Need = gap" not in text and "Appendix" not in text
    # --explain puts the arithmetic in an appendix at the end, in every document format.
    explained = tmp_path / "explained.md"
    assert cli("plan", "--profile", PERSONA, "--out", explained, "--explain").exit_code == 0
    text = explained.read_text()
    appendix = text[text.index("## Appendix: how the plan was worked out") :]
    assert "Need = gap" in appendix and "Score: " in appendix
    assert "Need = gap" not in text[: text.index("## Appendix")]
    for fmt in ("html", "docx"):
        path = tmp_path / f"explained.{fmt}"
        assert cli("plan", "--profile", PERSONA, "--out", path, "--explain").exit_code == 0
        if fmt == "html":
            assert "Need = gap" in path.read_text()
        else:
            import docx

            paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
            assert "Appendix: how the plan was worked out" in paragraphs
            assert any("Need = gap" in p for p in paragraphs)


def test_save_is_not_written_when_out_is_refused(cli, tmp_path: Path):
    save = tmp_path / "plan.yaml"
    result = cli("plan", "--profile", PERSONA, "--save", save, "--out", tmp_path / "p.bogus")
    assert result.exit_code == 2
    assert not save.exists()
    taken = tmp_path / "plan.md"
    taken.write_text("mine")
    result = cli("plan", "--profile", PERSONA, "--save", save, "--out", taken)
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert not save.exists()


def test_a_plan_given_as_a_profile_is_one_clear_line(cli, tmp_path: Path):
    saved = tmp_path / "plan.yaml"
    assert cli("plan", "--profile", PERSONA, "--save", saved, "--format", "json").exit_code == 0
    result = cli("plan", "--profile", saved)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{saved}:3: is a saved plan, not a profile; give the profile it was made from (a "
        "plan's own profile is under its `profile:` key)"
    )
    assert len(result.stderr.splitlines()) == 2
