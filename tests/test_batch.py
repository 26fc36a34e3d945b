"""Plans for a folder of profiles: 20 generated profiles, two of them broken."""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import plan_factory as pf
import pytest

from careerplan.errors import InputError
from careerplan.mentor.batch import (
    BatchOptions,
    BatchResult,
    Failure,
    failure_report,
    input_files,
    output_path,
    plan_folder,
    run_batch,
)
from careerplan.store.planfile import load_plan
from careerplan.store.profiles import profile_yaml

TODAY = dt.date(2026, 12, 3)
AREAS = [
    "finance",
    "board-skills",
    "system-partnership",
    "quality-safety",
    "population-health",
    "strategy-vision",
]
GOALS = [
    "excel-in-role",
    "step-up-to-md",
    "board-effectiveness",
    "system-leadership",
    "peer-support",
    "develop-directorate",
]
ROLES = [
    "consultant",
    "clinical-lead",
    "clinical-director",
    "associate-medical-director",
    "deputy-medical-director",
    "medical-director",
]


def make_folder(folder, n=20, broken=(4, 13)):
    """n generated mentee profiles; the ones at `broken` are spoilt in two different ways."""
    rng = random.Random(6)
    folder.mkdir()
    for i in range(n):
        person = pf.profile(
            f"Mentee {i + 1:02d}",
            role=rng.choice(ROLES),
            years=rng.choice([0.5, 2, 6]),
            goals=rng.sample(GOALS, rng.randint(1, 3)),
            ratings={a: rng.randint(1, 4) for a in rng.sample(AREAS, 4)},
            support=rng.sample(["mentor", "coach", "peer-group"], rng.randint(0, 2)),
            levy=rng.random() < 0.5,
            hours=rng.choice([4, 6, 8]),
            budget=rng.choice([0, 1500, 5000]),
            assessed_on=TODAY,
        )
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


@pytest.fixture(autouse=True)
def _quick_plans(request, monkeypatch):
    """Unit tests of the folder handling plan with a one-item stand-in for the engine."""
    if "cli" not in request.fixturenames:
        monkeypatch.setattr("careerplan.engine.planner.build_plan", fake_build)


def test_twenty_profiles_two_broken(tmp_path):
    folder = make_folder(tmp_path / "mentees")
    out = tmp_path / "plans"
    out.mkdir()
    seen = []
    files, result = plan_folder(
        folder,
        out,
        pf.catalogue(),
        BatchOptions(today=TODAY, fmt="json", mentor="Dr M Mentor"),
        step=seen.append,
    )
    assert len(files) == 20 and len(seen) == 20  # notes.txt left out; every step reported
    assert len(result.written) == 18
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"mentee-{i:02d}-plan.json" for i in range(1, 21) if i not in (5, 14)
    )
    assert [f.path.name for f in result.failed] == ["mentee-05.yaml", "mentee-14.yaml"]
    assert "unknown role 'chief-wizard'" in result.failed[0].message
    assert "YAML syntax error" in result.failed[1].message
    plan = load_plan(out / "mentee-01-plan.json", pf.catalogue().vocab.ids())
    assert plan.mentor == "Dr M Mentor"
    report = failure_report(result, len(files))
    assert report[0] == "18 of 20 plans written."
    assert report[2].startswith(f"  {folder / 'mentee-05.yaml'}:")  # named once
    assert (out / "mentee-01-plan.json").stat().st_mode & 0o777 == 0o600


def test_existing_outputs_are_failures_not_overwrites(tmp_path):
    folder = make_folder(tmp_path / "mentees", n=3, broken=(-1, -1))
    out = tmp_path / "plans"
    out.mkdir()
    kept = output_path(out, folder / "mentee-02.yaml", "json")
    kept.write_text("mine")
    _, result = plan_folder(folder, out, pf.catalogue(), BatchOptions(today=TODAY, fmt="json"))
    assert len(result.written) == 2 and kept.read_text() == "mine"
    assert "--force" in result.failed[0].message


def test_failure_report_separates_existing_files_and_indents_alike(tmp_path):
    bad = tmp_path / "bad.yaml"
    result = BatchResult(
        failed=[
            Failure(tmp_path / "a.yaml", "a-plan.md: already exists", tmp_path / "a-plan.md"),
            Failure(bad, f"{bad}:7: role: unknown role\n{bad}:13: ratings.finance: too large"),
            Failure(tmp_path / "odd.yaml", "unexpected error (X: y)\nsecond line"),
        ]
    )
    report = failure_report(result, 3)
    assert report[1] == "1 plan already exists and was left as it is; use --force to replace it:"
    assert report[2] == f"  {tmp_path / 'a-plan.md'}"
    assert report[3] == "2 could not be planned; fix these and run again:"
    assert report[4:] == [
        f"  {bad}:7: role: unknown role",
        f"  {bad}:13: ratings.finance: too large",
        "  odd.yaml: unexpected error (X: y)",
        "  odd.yaml: second line",
    ]


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
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(InputError, match="is a file, not a folder"):
        plan_folder(folder, tmp_path / "a-file", pf.catalogue(), BatchOptions(today=TODAY))


def test_a_missing_output_folder_is_created_with_its_parents(tmp_path):
    folder = make_folder(tmp_path / "m", n=2, broken=(-1, -1))
    out = tmp_path / "new" / "plans"
    _, result = plan_folder(folder, out, pf.catalogue(), BatchOptions(today=TODAY, fmt="json"))
    assert result.ok and sorted(p.name for p in out.iterdir()) == [
        "mentee-01-plan.json",
        "mentee-02-plan.json",
    ]


def test_cli_batch_creates_the_output_folder(cli, tmp_path):
    folder = make_folder(tmp_path / "mentees", n=2, broken=(-1, -1))
    out = tmp_path / "plans"  # as in the README: not created beforehand
    result = cli("plan", "--batch", folder, "--out-dir", out)
    assert result.exit_code == 0, result.stderr
    assert (out / "mentee-01-plan.md").is_file() and (out / "summary.md").is_file()
    (tmp_path / "taken").write_text("a file")
    result = cli("plan", "--batch", folder, "--out-dir", tmp_path / "taken")
    assert result.exit_code == 2 and "is a file, not a folder" in result.stderr


# --- through the CLI, with the real plan engine and exports --------------------------------


def test_cli_batch_twenty_profiles_two_broken(cli, tmp_path):
    folder = make_folder(tmp_path / "mentees")
    out = tmp_path / "plans"
    out.mkdir()
    result = cli(
        "plan", "--batch", folder, "--out-dir", out, "--to", "json", "--mentor", "Dr M Mentor"
    )
    assert result.exit_code == 1
    assert f"18 of 20 plans written to {out}." in result.stdout
    err = result.stderr
    assert "2 could not be planned" in err
    assert "mentee-05.yaml:" in err and "unknown role 'chief-wizard'" in err
    assert "mentee-14.yaml:" in err and "YAML syntax error" in err
    assert "Traceback" not in err
    written = sorted(p.name for p in out.iterdir() if p.name != "summary.json")
    assert len(written) == 18 and "mentee-05-plan.json" not in written
    # ...and one summary of the 18, in the same format, saying two were left out
    summary = json.loads((out / "summary.json").read_text())
    assert summary["people"] == 18 and summary["left_out"] == 2
    assert f"Summary of 18 plans (no individual ratings): {out / 'summary.json'}" in result.stdout
    vocab = pf.catalogue().vocab.ids()
    for name in written:
        plan = load_plan(out / name, vocab)
        assert plan.mentor == "Dr M Mentor" and plan.items
    assert load_plan(out / "mentee-07-plan.json", vocab).profile.name == "Mentee 07"


def test_cli_batch_all_good_markdown_then_summary(cli, tmp_path):
    folder = make_folder(tmp_path / "mentees", n=4, broken=(-1, -1))
    out = tmp_path / "plans"
    out.mkdir()
    result = cli("plan", "--batch", folder, "--out-dir", out, "--mentor", "Dr M Mentor")
    assert result.exit_code == 0, result.stderr
    text = (out / "mentee-01-plan.md").read_text()
    assert "**Agreed with:** Dr M Mentor (mentor)" in text
    summary = (out / "summary.md").read_text()
    assert summary.startswith("# Directorate summary") and "4 people" in summary
    assert "Mentee 01" not in summary
    # again without --force: every file exists, none is replaced
    again = cli("plan", "--batch", folder, "--out-dir", out)
    assert again.exit_code == 1 and "0 of 4 plans written" in again.stdout
    assert (
        "4 plans already exist and were left as they are; use --force to replace them:"
        in again.stderr
    )
    assert f"  {out / 'mentee-01-plan.md'}\n" in again.stderr
    assert "could not be planned" not in again.stderr  # nothing needs fixing
    assert cli("plan", "--batch", folder, "--out-dir", out, "--force").exit_code == 0
    # the same summary, straight from the profiles
    summary = cli("summary", folder)
    assert summary.exit_code == 0, summary.stderr
    assert "4 people" in summary.stdout


def test_cli_batch_option_errors(cli, tmp_path):
    folder = make_folder(tmp_path / "mentees", n=1, broken=(-1, -1))
    result = cli("plan", "--batch", folder)
    assert result.exit_code == 2 and "needs --out-dir" in result.stderr
    result = cli("plan", "--batch", folder, "--out-dir", tmp_path, "--profile", "x.yaml")
    assert result.exit_code == 2 and "leave out --profile" in result.stderr
    result = cli("plan")
    assert result.exit_code == 2 and "give --profile FILE" in result.stderr
    result = cli("plan", "--batch", folder, "--out-dir", tmp_path, "--to", "ics")
    assert result.exit_code == 2 and "a batch writes one of md, html, json, yaml" in result.stderr


def test_cli_batch_summary_mentor_is_not_the_mentees_mentor(cli, tmp_path):
    # --mentor names who the plans are agreed with; it does not give the mentees a mentor
    folder = tmp_path / "mentees"
    folder.mkdir()
    for name, support in (("with-mentor", ["mentor"]), ("with-coach", ["coach"]), ("nothing", [])):
        person = pf.profile(f"Dr {name}", support=support, assessed_on=TODAY)
        (folder / f"{name}.yaml").write_text(profile_yaml(person))
    out = tmp_path / "plans"
    out.mkdir()
    result = cli(
        "plan", "--batch", folder, "--out-dir", out, "--to", "md", "--mentor", "Dr A Mentor"
    )
    assert result.exit_code == 0, result.stderr
    summary = " ".join((out / "summary.md").read_text().split())
    assert "Without a mentor: 2 of 3" in summary
    direct = " ".join(cli("summary", folder).stdout.split())
    assert "Without a mentor: 2 of 3" in direct
