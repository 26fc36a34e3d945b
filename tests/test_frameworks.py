"""The appraisal frameworks as data: every area mapped in every framework, sources with a
checked date, the board section, and the self-ratings grouped by a chosen framework."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from careerplan.errors import ValidationFailed
from careerplan.model.frameworks import Frameworks, frameworks_json_schema, ratings_by_domain
from careerplan.paths import shipped_dir
from careerplan.store.catalogue import load_catalogue

PERSONAS = Path(__file__).parent / "personas"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_the_four_frameworks_with_their_domains(cat) -> None:
    fw = cat.frameworks
    assert fw.ids() == ["gmp", "lcf", "fmlm", "hlm"]
    assert len(fw.get("gmp").domains) == 4
    assert len(fw.get("lcf").domains) == 6
    assert len(fw.get("hlm").domains) == 9
    assert [d.label for d in fw.get("fmlm").domains] == [
        "Self",
        "Team",
        "Corporate responsibility",
        "System leadership",
    ]
    assert fw.board.id == "lcf" and fw.medical.id == "gmp"
    assert fw.is_board_level("medical-director") and not fw.is_board_level("clinical-director")


def test_every_framework_maps_every_area_and_cites_sources(cat) -> None:
    areas = cat.vocab.ids()["areas"]
    assert len(areas) == 16
    for framework in cat.frameworks.frameworks:
        assert sorted(framework.areas) == sorted(areas), framework.id
        assert framework.checked == dt.date(2026, 11, 29)
        assert framework.sources and all(s.url.startswith("https://") for s in framework.sources)
        # Every domain is developed by at least one area.
        used = {d for ds in framework.areas.values() for d in ds}
        assert used == {d.id for d in framework.domains}, framework.id


def test_the_board_framework_says_what_is_current(cat) -> None:
    status = cat.frameworks.board.status
    assert "2026/27" in status and "Management and Leadership Framework" in status


def test_unknown_domain_or_missing_area_is_a_catalogue_problem(tmp_path: Path) -> None:
    base = tmp_path / "cat"
    base.mkdir()
    for name in ("assessment.yaml", "weights.yaml", "advice.yaml"):
        (base / name).write_text((shipped_dir() / name).read_text())
    (base / "opportunities").mkdir()
    for f in (shipped_dir() / "opportunities").glob("*.yaml"):
        (base / "opportunities" / f.name).write_text(f.read_text())
    data = yaml.safe_load((shipped_dir() / "frameworks.yaml").read_text())
    data["frameworks"][0]["areas"]["finance"] = ["no-such-domain"]
    del data["frameworks"][1]["areas"]["board-skills"]
    (base / "frameworks.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ValidationFailed) as err:
        load_catalogue(base=base)
    text = str(err.value)
    assert "frameworks.yaml" in text and "no-such-domain" in text
    data = yaml.safe_load((shipped_dir() / "frameworks.yaml").read_text())
    del data["frameworks"][1]["areas"]["board-skills"]
    (base / "frameworks.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ValidationFailed, match="no mapping for board-skills"):
        load_catalogue(base=base)


def test_two_board_frameworks_are_refused() -> None:
    data = yaml.safe_load((shipped_dir() / "frameworks.yaml").read_text())
    data["frameworks"][0]["board"] = True
    with pytest.raises(ValidationError, match="at most one framework"):
        Frameworks.model_validate(data)


def test_json_schema_lists_the_areas(cat) -> None:
    schema = frameworks_json_schema(cat.vocab.ids())
    text = json.dumps(schema)
    assert "board-skills" in text and schema["title"] == "careerplan frameworks file"


def test_ratings_by_domain_puts_an_area_under_each_of_its_domains(cat) -> None:
    gmp = cat.frameworks.get("gmp")
    labels = {t.id: t.label for t in cat.vocab.areas}
    groups = ratings_by_domain(gmp, {"board-skills": 2, "finance": 4}, labels)
    names = {g.domain: [r.area for r in g.ratings] for g in groups}
    assert "board-skills" in names["Domain 1: Knowledge, skills and development"]
    assert "board-skills" in names["Domain 4: Trust and professionalism"]
    first = groups[0]
    assert first.mean == pytest.approx(3.0)  # finance 4, board skills 2


def test_profile_show_by_framework(cli) -> None:
    result = cli("profile", "show", PERSONAS / "new-md-nhs-trust.yaml", "--by", "gmp")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Self-ratings by Good medical practice (2024)" in out
    for domain in ("Domain 1:", "Domain 2:", "Domain 3:", "Domain 4:"):
        assert domain in out
    plain = cli("profile", "show", PERSONAS / "new-md-nhs-trust.yaml")
    assert "Domain 1:" not in plain.stdout


def test_unknown_framework_is_one_line_with_the_choices(cli) -> None:
    result = cli("profile", "show", PERSONAS / "new-md-nhs-trust.yaml", "--by", "gmc")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "unknown framework" in result.stderr and "gmp" in result.stderr


def test_markdown_export_groups_ratings_by_framework(cli) -> None:
    plan = Path(__file__).parent / "fixtures" / "plans" / "clinical-director.yaml"
    result = cli("export", plan, "--by", "fmlm")
    assert result.exit_code == 0, result.stderr
    assert "## Self-ratings by Leadership and management standards" in result.stdout
    assert "### Self" in result.stdout and "### System leadership" in result.stdout


def test_catalogue_schema_prints_the_frameworks_schema(cli) -> None:
    result = cli("catalogue", "schema", "--frameworks")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["title"] == "careerplan frameworks file"
    data = yaml.safe_load((shipped_dir() / "frameworks.yaml").read_text())
    assert set(data) <= set(schema["properties"])
