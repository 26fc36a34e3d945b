"""`careerplan catalogue …` through the CLI, on the shipped catalogue."""

from __future__ import annotations

import json
from pathlib import Path

from careerplan import __version__


def test_version_prints_the_package_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"careerplan {__version__}"


def test_no_arguments_says_where_to_start(cli):
    result = cli()
    assert result.exit_code == 0
    assert "careerplan assess" in result.stdout
    assert "catalogue" in result.stdout


def test_list_json_has_full_entries(cli):
    result = cli("catalogue", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    assert len(entries) >= 35
    required = {
        "id",
        "title",
        "kind",
        "provider",
        "summary",
        "stages",
        "areas",
        "goals",
        "format",
        "time",
        "cost",
        "funding",
        "evidence",
        "source",
        "last_reviewed",
    }
    for entry in entries:
        assert required <= entry.keys(), entry["id"]
    assert len({e["id"] for e in entries}) == len(entries)


def test_list_table_shows_titles(cli):
    result = cli("catalogue", "list", "--kind", "qualification")
    assert result.exit_code == 0
    assert "emml-bayes" in result.stdout
    assert "mentoring" not in result.stdout.split("\n", 3)[-1].split()


def _ids(cli, *args) -> list[str]:
    result = cli("catalogue", "list", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)]


def _entries(cli, *args) -> list[dict]:
    return json.loads(cli("catalogue", "list", "--format", "json", *args).stdout)


def test_filters_each_narrow_the_list(cli):
    everything = _entries(cli)
    for flag, value, check in [
        ("--kind", "coaching", lambda e: e["kind"] == "coaching"),
        ("--area", "finance", lambda e: "finance" in e["areas"]),
        ("--goal", "chief-executive", lambda e: "chief-executive" in e["goals"]),
        ("--stage", "aspiring", lambda e: "aspiring" in e["stages"]),
    ]:
        got = _entries(cli, flag, value)
        expected = [e["id"] for e in everything if check(e)]
        assert [e["id"] for e in got] == expected, flag
        assert 0 < len(got) < len(everything), flag


def test_free_filter_keeps_only_costless_entries(cli):
    free = _entries(cli, "--free")
    assert free
    assert all(e["cost"] in (0, "free") for e in free)
    assert len(free) < len(_entries(cli))


def test_search_is_case_insensitive(cli):
    ids = _ids(cli, "--search", "BAYES")
    assert "emml-bayes" in ids


def test_unknown_filter_id_suggests(cli):
    result = cli("catalogue", "list", "--area", "financ")
    assert result.exit_code == 2
    assert "did you mean 'finance'" in result.stderr
    assert "Traceback" not in result.output


def test_show_prints_entry_with_source(cli):
    result = cli("catalogue", "show", "nhs-providers-board-development")
    assert result.exit_code == 0
    assert "NHS Providers" in result.stdout
    assert "Report" in result.stdout
    assert "board-and-finance" in result.stdout or "appendix2" in result.stdout


def test_show_unknown_id_suggests_closest(cli):
    result = cli("catalogue", "show", "emml-baye")
    assert result.exit_code == 2
    assert "did you mean 'emml-bayes'" in result.stderr


def test_validate_shipped_catalogue(cli):
    result = cli("catalogue", "validate")
    assert result.exit_code == 0, result.stderr
    assert "Catalogue valid" in result.stdout


def test_schema_is_json_schema_with_vocabulary_enums(cli):
    result = cli("catalogue", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    entry = schema["$defs"]["Opportunity"]
    assert "finance" in entry["properties"]["areas"]["propertyNames"]["enum"]
    assert "coaching" in entry["properties"]["kind"]["enum"]
    assert set(entry["required"]) >= {"id", "title", "kind", "source", "last_reviewed"}


def test_vocab_lists_ids(cli):
    result = cli("catalogue", "vocab", "goals")
    assert result.exit_code == 0
    assert "board-effectiveness" in result.stdout
    assert cli("catalogue", "vocab", "goal").exit_code == 2


ORG_ENTRY = """\
version: 1
opportunities:
  - id: {id}
    title: Trust clinical leadership programme
    kind: programme
    provider: Our Trust
    summary: Six half-days for new clinical directors.
    stages: [emerging]
    areas: {{medical-workforce: 2}}
    goals: [develop-directorate]
    format: in-person
    time: {{shape: sessions, sessions: 6, session_hours: 4, months: 6, basis: estimate}}
    cost: 0
    funding: [employer]
    evidence: Certificate of completion
    source: Our Trust learning catalogue
    last_reviewed: 2026-01-01
{extra}"""


def test_organisation_folder_adds_entries(cli, tmp_path: Path):
    (tmp_path / "ours.yaml").write_text(ORG_ENTRY.format(id="our-programme", extra=""))
    ids = _ids(cli, "--catalogue", str(tmp_path))
    assert "our-programme" in ids
    assert len(ids) == len(_ids(cli)) + 1


def test_environment_variable_adds_entries(cli, tmp_path: Path, monkeypatch):
    (tmp_path / "ours.yaml").write_text(ORG_ENTRY.format(id="our-programme", extra=""))
    monkeypatch.setenv("CAREERPLAN_CATALOGUE", str(tmp_path))
    assert "our-programme" in _ids(cli)


def test_replacing_a_shipped_entry_needs_replaces_true(cli, tmp_path: Path):
    (tmp_path / "ours.yaml").write_text(ORG_ENTRY.format(id="mentoring", extra=""))
    result = cli("catalogue", "validate", str(tmp_path))
    assert result.exit_code == 2
    assert (
        f"{tmp_path / 'ours.yaml'}:3: mentoring: id: duplicate id: also defined at" in result.stderr
    )
    assert "peer-support.yaml" in result.stderr
    assert "set `replaces: true` on your entry" in result.stderr

    (tmp_path / "ours.yaml").write_text(
        ORG_ENTRY.format(id="mentoring", extra="    replaces: true\n")
    )
    entries = {e["id"]: e for e in _entries(cli, "--catalogue", str(tmp_path))}
    assert entries["mentoring"]["provider"] == "Our Trust"
    assert len(entries) == len(_ids(cli))


def test_stale_entry_is_a_warning_not_an_error(cli, tmp_path: Path):
    text = ORG_ENTRY.format(id="old-programme", extra="").replace("2026-01-01", "2020-01-01")
    (tmp_path / "ours.yaml").write_text(text)
    result = cli("catalogue", "validate", str(tmp_path))
    assert result.exit_code == 0
    assert "old-programme: last_reviewed: last reviewed 1 Jan 2020" in result.stderr
