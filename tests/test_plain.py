"""Plain mode (issue 20, item 9): `--plain`, or TERM=dumb, prints the plan, the status and
the summary as linear sentences with no block graphics, for a screen reader."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from careerplan.render.plain import GRAPHICS, wanted, wrap

HERE = Path(__file__).parent
PERSONAS = HERE / "personas"
PLAN = HERE / "fixtures" / "plans" / "new-md.yaml"
RUN = re.compile(f"[{re.escape(GRAPHICS)}]")


def assert_plain(text: str, width: int = 100) -> None:
    assert text.strip()
    found = RUN.findall(text)
    assert not found, f"graphics in plain output: {sorted(set(found))}"
    assert "──" not in text and "  " not in text.replace("\n", "")
    assert max(len(line) for line in text.splitlines()) <= width
    assert not any(line.startswith(" ") for line in text.splitlines())


def test_wanted_by_the_flag_or_a_dumb_terminal(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wanted(True) and not wanted(False)
    monkeypatch.setenv("TERM", "dumb")
    assert wanted(False)
    monkeypatch.delenv("TERM")
    assert not wanted(False)


@pytest.mark.parametrize("persona", sorted(p.name for p in PERSONAS.glob("*.yaml")))
def test_every_persona_plan_reads_as_sentences(cli, persona) -> None:
    result = cli("plan", PERSONAS / persona, "--plain")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    assert "Timeline" not in result.stdout


def test_the_plain_plan_says_what_the_charts_show(cli) -> None:
    charted = cli("plan", PERSONAS / "new-md-nhs-trust.yaml")
    assert "█" in charted.stdout  # the ordinary view still draws (TERM is not dumb in tests)
    plain = cli("plan", PERSONAS / "new-md-nhs-trust.yaml", "--plain").stdout
    text = " ".join(plain.split())
    assert "Development plan for Dr A Example." in text
    assert (
        "Your priorities, greatest need first. 1. Finance literacy: need 12.15, rated 1 of 4."
        in text
    )
    assert re.search(r"The plan has \d items, phase by phase\. 1\. ", text)
    assert "Cost: free. Why: the report recommends it." in text
    assert "Totals against your limits. Time: " in text
    assert re.search(r"Reviews: [^.]+ and \d+ \w+ \d{4}\.", text)
    assert "Your next three steps. 1. By " in text


def test_term_dumb_alone_gives_the_plain_plan(cli, monkeypatch) -> None:
    flagged = cli("plan", PERSONAS / "new-md-nhs-trust.yaml", "--plain").stdout
    monkeypatch.setenv("TERM", "dumb")
    assert cli("plan", PERSONAS / "new-md-nhs-trust.yaml").stdout == flagged


def test_plain_explain_has_the_ratings_and_each_item_in_full(cli) -> None:
    result = cli("plan", PERSONAS / "established-md-academic.yaml", "--plain", "--explain")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    text = " ".join(result.stdout.split())
    assert "Your self-ratings, on a scale of 1 to 4." in text
    assert "a priority for this plan." in text and "Not rated: " in text
    assert "Each item: why, what to do, and the evidence." in text
    assert "Evidence: " in text and "Action: By " in text


def test_plain_width_follows_the_terminal(cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("plan", PERSONAS / "new-md-nhs-trust.yaml", "--plain")
    assert_plain(result.stdout, width=60)


def test_plain_status(cli, tmp_path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(PLAN, plan)
    done = cli("review", plan, "--item", "1", "--status", "complete", "--note", "Agreed")
    assert done.exit_code == 0, done.stderr
    cli("review", plan, "--item", "2", "--status", "in-progress")
    charted = cli("status", plan, "--today", "2027-12-01")
    assert "█" in charted.stdout or "░" in charted.stdout
    result = cli("status", plan, "--plain", "--today", "2027-12-01")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    text = " ".join(result.stdout.split())
    assert re.search(r"Phase 1, [^:]+: 1 of \d items? complete \(1 in progress\)\.", text)
    assert re.search(r"Overall: 1 of \d items complete \(1 in progress\)\.", text)
    assert "Overdue (" in text and "Next review" in text or "No review dates left" in text


def test_plain_summary(cli, tmp_path) -> None:
    folder = tmp_path / "directorate"
    folder.mkdir()
    for name in (
        "new-md-nhs-trust.yaml",
        "consultant-aspiring.yaml",
        "established-md-academic.yaml",
    ):
        shutil.copy(PERSONAS / name, folder / name)
    charted = cli("summary", folder)
    assert re.search("[░▒▓█]", charted.stdout)
    result = cli("summary", folder, "--plain")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    text = " ".join(result.stdout.split())
    assert "Areas of greatest need." in text
    assert re.search(r"Finance literacy: rated 1-2: \d, rated 1: \d, rated 2: \d", text)
    assert "Hours and cost by quarter." in text and "Total: items: " in text
    out = tmp_path / "summary.txt"
    written = cli("summary", folder, "--plain", "--out", out)
    assert written.exit_code == 0 and out.read_text(encoding="utf-8") == result.stdout


def test_wrap_makes_headings_sentences_and_keeps_links_whole() -> None:
    text = wrap(["Totals", "Link: https://example.org/a", "", "", "a · b"], 80)
    assert text == "Totals.\nLink: https://example.org/a\n\na, b.\n"


def test_plain_profile_show_says_the_ratings(cli) -> None:
    profile = PERSONAS / "new-md-nhs-trust.yaml"
    charted = cli("profile", "show", profile)
    assert "█" in charted.stdout
    result = cli("profile", "show", profile, "--plain")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    text = " ".join(result.stdout.split())
    assert text.startswith("Dr A Example, assessed 26 Nov 2026. Role: Medical director")
    assert "Finance literacy: 1, not yet, a priority. Board skills: 2, developing." in text
    assert "Not rated: Leading in difficult environments, " in text
    assert text.endswith("3 of 16 areas rated.")
    grouped = cli("profile", "show", profile, "--plain", "--by", "gmp")
    assert_plain(grouped.stdout)
    assert re.search(r"Domain 1: [^.]+, average \d(\.\d)?\.", " ".join(grouped.stdout.split()))
