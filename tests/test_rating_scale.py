"""The rating scale is data: its top comes from assessment.yaml, never from code.

A catalogue whose assessment rates on five levels measures needs from 5, says "of 5",
draws five-cell bars and accepts a rating of 5; the shipped four-level catalogue refuses
a 5 in one line.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from careerplan.engine.needs import needs
from careerplan.engine.planner import build_plan
from careerplan.errors import ValidationFailed
from careerplan.model.assessment import Assessment
from careerplan.model.profile import profile_json_schema
from careerplan.paths import shipped_dir
from careerplan.render.plan_terminal import print_plan
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import profile_yaml, validate_profile
from careerplan.store.yamlio import YamlDoc

TODAY = dt.date(2026, 12, 3)
FOURTH = '  - {value: 4, label: Strength, help: "I could teach or lead others in this"}\n'
FIFTH = '  - {value: 5, label: Expert, help: "Others seek me out for this"}\n'

PROFILE = {
    "version": 1,
    "name": "Dr Five Levels",
    "assessed_on": "2026-11-20",
    "role": "medical-director",
    "years_in_role": 0.5,
    "organisation": "nhs-trust",
    "goals": ["peer-support", "board-effectiveness"],
    "ratings": {"finance": 1, "board-skills": 2, "system-partnership": 5},
    "priority_areas": ["finance"],
    "constraints": {
        "hours_per_month": 6,
        "budget_gbp": 1500,
        "horizon_months": 12,
        "start": "2027-01-04",
    },
}


def five_level_base(tmp_path: Path) -> Path:
    base = tmp_path / "five"
    shutil.copytree(shipped_dir(), base)
    assessment = base / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    assert FOURTH in text, "the shipped scale changed: update FOURTH"
    assessment.write_text(text.replace(FOURTH, FOURTH + FIFTH), encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(today=TODAY)


@pytest.fixture(scope="module")
def five(tmp_path_factory):
    return load_catalogue(base=five_level_base(tmp_path_factory.mktemp("cat")), today=TODAY)


def person(catalogue, data=PROFILE):
    return validate_profile(data, YamlDoc("five.yaml", data), catalogue.vocab.ids(), TODAY)


def test_the_top_comes_from_the_assessment(shipped, five):
    assert shipped.assessment.top == 4 and five.assessment.top == 5
    assert five.vocab.ids()["scale"] == ["1", "2", "3", "4", "5"]


def test_needs_are_measured_from_the_scales_top(shipped, five):
    p = person(five)
    stage = five.assessment.stage_for(p.role, p.years_in_role)
    got = needs(p, five, stage)
    unrated = min(five.weights.unrated, 5)
    for n in got.values():
        counted = n.rating if n.rating is not None else unrated
        assert n.need == round((5 - counted) * n.importance, 2), n
    assert got["system-partnership"].need == 0  # rated at the top: nothing to close
    assert got["finance"].need == round(4 * got["finance"].importance, 2)
    # The same person on the shipped scale (without the 5) is one step nearer the top.
    four = person(shipped, {**PROFILE, "ratings": {"finance": 1, "board-skills": 2}})
    on_four = needs(four, shipped, stage)
    assert on_four["finance"].need == round(3 * on_four["finance"].importance, 2)


def test_the_plan_says_of_5(five):
    plan = build_plan(person(five), five, today=TODAY)
    said = " ".join([p.why for p in plan.priorities] + [r for i in plan.items for r in i.reasons])
    assert "of 5" in said
    assert set(re.findall(r"(\S+) of 4\b", said)) <= {"gap"}, said  # 'a gap of 4' only
    finance = next(p for p in plan.priorities if p.area == "finance")
    assert "You rated it 1 of 5 (Not yet), a gap of 4." in finance.why


def test_the_terminal_plan_draws_five_cell_bars(five):
    plan = build_plan(person(five), five, today=TODAY)
    console = Console(width=100, no_color=True, record=True, file=io.StringIO())
    print_plan(plan, five, console, explain=True)
    text = console.export_text()
    assert re.search(r"Finance literacy +█░░░░ +1 Not yet", text), text
    assert re.search(r"█████ +5 Expert", text) and re.search(r"····· +not rated", text)
    assert "rated 1 of 5" in text
    chart = text[text.index("Your self-ratings") : text.index("Your priorities")]
    rows = chart.splitlines()[1:-1]
    assert len(rows) == len(five.vocab.areas), chart
    for row in rows:  # every area's bar is five cells: one per level of the scale
        assert re.search(r"  (?:[█░]{5}|·{5})  ", row) and not re.search(r"[█░·]{6}", row), row


def test_a_rating_of_5_is_accepted_on_five_levels_and_refused_on_four(shipped, five):
    assert person(five).ratings["system-partnership"] == 5
    with pytest.raises(ValidationFailed) as err:
        person(shipped)
    assert err.value.lines() == [
        "five.yaml: ratings.system-partnership: 5 is too large: the highest allowed is 4"
    ]


def test_the_cli_refuses_a_5_in_one_line(cli, tmp_path):
    path = tmp_path / "five.yaml"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")  # JSON is YAML
    result = cli("profile", "validate", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr  # the problem, then the count
    assert lines[0].endswith("ratings.system-partnership: 5 is too large: the highest allowed is 4")
    assert str(path.name) in lines[0] and "Traceback" not in result.stderr


def test_schemas_say_the_top(shipped, five, cli):
    assert (
        profile_json_schema(five.vocab.ids())["properties"]["ratings"]["additionalProperties"][
            "maximum"
        ]
        == 5
    )
    result = cli("profile", "schema")
    assert result.exit_code == 0, result.stderr
    ratings = json.loads(result.stdout)["properties"]["ratings"]["additionalProperties"]
    assert ratings["maximum"] == 4
    result = cli("catalogue", "schema")
    assert result.exit_code == 0, result.stderr
    scale = Assessment.model_json_schema()["properties"]["scale"]
    assert scale["minItems"] == 3 and scale["maxItems"] == 10
    assert "top" in scale["description"]


def test_the_saved_profile_names_the_scale(five):
    text = profile_yaml(person(five), {lv.value: lv.label for lv in five.assessment.scale})
    assert "# Ratings: 1 Not yet, 2 Developing, 3 Confident, 4 Strength, 5 Expert.\n" in text


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        ([1, 2], "at least 3"),
        ([1, 2, 4, 5], "value them 1, 2, 3"),
        ([2, 3, 4], "value them 1, 2, 3"),
        (list(range(1, 12)), "at most 10"),
    ],
)
def test_a_scale_counts_from_1_with_3_to_10_levels(tmp_path, scale, message):
    base = tmp_path / "base"
    shutil.copytree(shipped_dir(), base)
    assessment = base / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    start = text.index("scale:\n")
    end = text.index("\n\n", start)
    levels = "".join(f"  - {{value: {v}, label: L{v}, help: Level {v}}}\n" for v in scale)
    assessment.write_text(text[:start] + "scale:\n" + levels.rstrip("\n") + text[end:])
    with pytest.raises(ValidationFailed) as err:
        load_catalogue(base=base, today=TODAY)
    assert message in "\n".join(err.value.lines())


def test_a_catalogue_read_back_from_the_cache_keeps_the_scale(tmp_path, monkeypatch):
    from careerplan.store.catalogue_cache import load_cached

    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(tmp_path / "cache"))
    base = five_level_base(tmp_path)
    fresh = load_cached(base=base, today=TODAY)
    cached = load_cached(base=base, today=TODAY)
    assert list((tmp_path / "cache").iterdir()), "nothing was cached"
    assert cached.vocab.ids()["scale"] == fresh.vocab.ids()["scale"] == ["1", "2", "3", "4", "5"]
    assert person(cached).ratings["system-partnership"] == 5
