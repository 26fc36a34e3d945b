"""Replays tests/fixtures/hostile/: hostile files, many of them found by the robustness
suite. Each must be refused with exit code 2 and one clear message naming the file; never a
traceback. Add a file there for every new failure found.

The commands share their readers: profile validate, profile show, plan and compare read a
profile with careerplan.model.profile.load_profile; export, status and review read a plan with
careerplan.model.plan.load_plan; summary reads a folder of either; the catalogue has its own. So
each file goes once through each reader (the profile reader through `plan --profile`, so
that the CLI's error boundary is crossed too), and every command has one wiring test with
a few files hostile at each stage of reading.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_robustness import PROFILE, dump, need, run

from careerplan.errors import CareerplanError
from careerplan.store.catalogue import load_catalogue
from careerplan.store.planfile import load_plan

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
FIXTURES = sorted(p for p in HOSTILE.iterdir() if p.suffix == ".yaml")
# Refused by the YAML reader (an alias bomb), on the way from it (5,000 digits), and by the
# checks on what it read (ids in no vocabulary).
WIRING = [HOSTILE / f"{name}.yaml" for name in ("alias-bomb", "huge-integer", "unknown-ids")]


def test_the_fixture_folder_is_populated():
    assert len(FIXTURES) >= 30
    assert all(p.exists() for p in WIRING)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_as_a_catalogue_file(fixture: Path, tmp_path: Path):
    folder = tmp_path / "ours"
    folder.mkdir()
    shutil.copyfile(fixture, folder / "ours.yaml")
    result = run("catalogue", "validate", folder)
    assert result.exit_code == 2
    assert "ours.yaml" in result.stderr
    assert result.stderr.count("ours.yaml") == result.stderr.count("\n") - 1  # once a line
    assert "set_int_max_str_digits" not in result.stderr  # Python's advice, not ours


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_as_a_profile(fixture: Path, tmp_path: Path):
    """The profile reader, through the CLI's error boundary (`plan --profile`)."""
    target = shutil.copyfile(fixture, tmp_path / fixture.name)
    result = run("plan", "--profile", target, "--save", tmp_path / "plan.yaml")
    assert result.exit_code == 2
    assert fixture.name in result.stderr
    assert "set_int_max_str_digits" not in result.stderr
    assert not (tmp_path / "plan.yaml").exists()


@pytest.fixture(scope="module")
def vocabularies() -> dict[str, list[str]]:
    return load_catalogue().vocab.ids()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_as_a_plan(fixture: Path, vocabularies: dict[str, list[str]]):
    """The plan reader that export, status and review share: refused as input, every line
    of the message naming the file."""
    with pytest.raises(CareerplanError) as refused:
        load_plan(fixture, vocabularies)
    assert refused.value.exit_code == 2
    lines = refused.value.lines()
    assert lines and all(fixture.name in line for line in lines), lines
    assert "set_int_max_str_digits" not in "\n".join(lines)


@pytest.mark.parametrize("fixture", WIRING, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    "command",
    [
        ("profile", "validate"),
        ("profile", "show"),
        ("plan", "--profile"),
        ("export",),
        ("status",),
        ("review",),
        ("compare", "{good}"),
    ],
    ids=" ".join,
)
def test_every_command_refuses_it(fixture: Path, command: tuple[str, ...], tmp_path: Path):
    need(*command[:1])
    out = tmp_path / "out"
    out.mkdir()
    target = shutil.copyfile(fixture, tmp_path / fixture.name)
    extra = ["--out", out / "plan.md"] if command == ("export",) else []
    if "{good}" in command:  # compare: a good profile, then the hostile one
        good = tmp_path / "good.yaml"
        good.write_bytes(dump(PROFILE))
        command = tuple(str(good) if c == "{good}" else c for c in command)
    result = run(*command, target, *extra)
    assert result.exit_code == 2
    assert fixture.name in result.stderr
    assert "set_int_max_str_digits" not in result.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_in_a_directorate_folder(fixture: Path, tmp_path: Path):
    """`summary DIR`: a hostile file among good ones is listed, the rest still summarised."""
    need("summary")
    folder = tmp_path / "directorate"
    folder.mkdir()
    (folder / "a-good-profile.yaml").write_bytes(dump(PROFILE))
    shutil.copyfile(fixture, folder / fixture.name)
    result = run("summary", folder, "--to", "json")
    assert result.exit_code in (1, 2)
    assert fixture.name in result.stderr
