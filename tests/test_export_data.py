"""JSON and YAML exports: the plan's data, lossless."""

from __future__ import annotations

import json

import pytest
from export_support import PERSONAS, load, plan_path, run

from careerplan.model.plan import plan_data


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_export_read_back_exports_byte_identical(tmp_path, persona: str, fmt: str) -> None:
    first = tmp_path / f"first.{fmt}"
    second = tmp_path / f"second.{fmt}"
    assert run("export", plan_path(persona), "--out", first).exit_code == 0
    result = run("export", first, "--out", second)
    assert result.exit_code == 0, result.stderr
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("persona", PERSONAS)
def test_json_and_yaml_hold_the_same_plan(tmp_path, persona: str) -> None:
    as_json = tmp_path / "plan.json"
    as_yaml = tmp_path / "plan.yaml"
    run("export", plan_path(persona), "--out", as_json)
    run("export", plan_path(persona), "--out", as_yaml)
    assert load(as_json) == load(as_yaml) == load(persona)
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data == plan_data(load(persona))
    assert data["version"] == 1 and len(data["items"]) == len(load(persona).items)
