"""Plans for a folder of profiles: 20 generated profiles, two of them broken."""

from __future__ import annotations

import datetime as dt
import random
import re

import plan_factory as pf
import pytest

from careerplan.batch import (
    failure_report,
    input_files,
    output_path,
    plan_folder,
    run_batch,
)
from careerplan.errors import InputError
from careerplan.plan import load_plan, plan_json
from careerplan.profile import profile_yaml

TODAY = dt.date(2026, 11, 26)
AREAS = ["finance", "board-skills", "system-partnership", "quality-safety",
         "population-health", "strategy-vision"]
GOALS = ["excel-in-role", "step-up-to-md", "board-effectiveness", "system-leadership",
         "peer-support", "develop-directorate"]
ROLES = ["consultant", "clinical-lead", "clinical-director", "associate-medical-director",
         "deputy-medical-director", "medical-director"]


def make_folder(folder, n=20, broken=(4, 13)):
    """n generated mentee profiles; the ones at `broken` are spoilt in two different ways."""
    rng = random.Random(6)
    folder.mkdir()
    for i in range(n):
        person = pf.profile(
            f"Mentee {i + 1:02d}", role=rng.choice(ROLES), years=rng.choice([0.5, 2, 6]),
            goals=rng.sample(GOALS, rng.randint(1, 3)),
            ratings={a: rng.randint(1, 4) for a in rng.sample(AREAS, 4)},
            support=rng.sample(["mentor", "coach", "peer-group"], rng.randint(0, 2)),
            levy=rng.random() < 0.5, hours=rng.choice([4, 6, 8]),
            budget=rng.choice([0, 1500, 5000]), assessed_on=TODAY)
        text = profile_yaml(person)
        if i == broken[0]:
            text = re.sub(r"(?m)^role: .*$", "role: chief-wizard", text)
        elif i == broken[1]:
            text = text.replace("goals:", "goals: [\n")
        (folder / f"mentee-{i + 1:02d}.yaml").write_text(text)
    (folder / "notes.txt").write_text("not a profile; ignored")
    return folder


def fake_build(profile, catalogue, *, today, **options):
    return pf.plan(profile, [pf.item("mentoring", start=profile.start)], generated_on=today)


def render(plan, fmt):
    return plan_json(plan)


def test_twenty_profiles_two_broken(tmp_path):
    folder = make_folder(tmp_path / "mentees")
    out = tmp_path / "plans"
    out.mkdir()
    seen = []
    files, result = plan_folder(folder, out, "json", pf.catalogue(), today=TODAY,
                                build=fake_build, render=render, mentor="Dr M Mentor",
                                step=seen.append)
    assert len(files) == 20 and len(seen) == 20  # notes.txt left out; every step reported
    assert len(result.written) == 18
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"mentee-{i:02d}-plan.json" for i in range(1, 21) if i not in (5, 14))
    assert [f.path.name for f in result.failed] == ["mentee-05.yaml", "mentee-14.yaml"]
    assert "unknown role 'chief-wizard'" in result.failed[0].message
    assert "YAML syntax error" in result.failed[1].message
    plan = load_plan(out / "mentee-01-plan.json", pf.catalogue().vocab.ids())
    assert plan.mentor == "Dr M Mentor"
    report = failure_report(result, len(files))
    assert report[0] == "18 of 20 plans written."
    assert report[2].startswith("  mentee-05.yaml: ")
    assert (out / "mentee-01-plan.json").stat().st_mode & 0o777 == 0o600


def test_existing_outputs_are_failures_not_overwrites(tmp_path):
    folder = make_folder(tmp_path / "mentees", n=3, broken=(-1, -1))
    out = tmp_path / "plans"
    out.mkdir()
    kept = output_path(out, folder / "mentee-02.yaml", "json")
    kept.write_text("mine")
    _, result = plan_folder(folder, out, "json", pf.catalogue(), today=TODAY,
                            build=fake_build, render=render)
    assert len(result.written) == 2 and kept.read_text() == "mine"
    assert "--force" in result.failed[0].message


def test_an_unexpected_error_does_not_stop_the_batch(tmp_path):
    files = [tmp_path / "a.yaml", tmp_path / "b.yaml"]

    def make(path):
        if path.name == "a.yaml":
            raise ZeroDivisionError("boom")
        return "plan"

    result = run_batch(files, make=make, write=lambda p, _plan: p)
    assert result.written == [files[1]]
    assert "unexpected error (ZeroDivisionError: boom)" in result.failed[0].message


def test_folders_are_checked(tmp_path):
    with pytest.raises(InputError, match="is not a folder"):
        input_files(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .yaml"):
        input_files(tmp_path / "empty")
    folder = make_folder(tmp_path / "m", n=1, broken=(-1, -1))
    with pytest.raises(InputError, match="output folder does not exist"):
        plan_folder(folder, tmp_path / "missing", "json", pf.catalogue(), today=TODAY,
                    build=fake_build, render=render)
