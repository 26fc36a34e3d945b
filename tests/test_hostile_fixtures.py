"""Replays tests/fixtures/hostile/: hostile files, many of them found by the robustness
suite, through every command that reads a file. Each must be refused with exit code 2 and
one clear message naming the file; never a traceback. Add a file there for every new
failure found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_robustness import PROFILE, dump, need, run

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
FIXTURES = sorted(p for p in HOSTILE.iterdir() if p.suffix == ".yaml")


def test_the_fixture_folder_is_populated():
    assert len(FIXTURES) >= 30


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
def test_as_a_profile_or_plan(fixture: Path, command: tuple[str, ...], tmp_path: Path):
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
