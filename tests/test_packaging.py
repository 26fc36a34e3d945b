"""The catalogue ships inside the wheel: an installed careerplan finds it from anywhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (found,) = out.glob("careerplan-*.whl")
    return found


@pytest.mark.slow
def test_wheel_contains_the_catalogue(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "catalogue").rglob("*.yaml"))
    assert shipped
    for path in shipped:
        assert f"careerplan/{path}" in names, path


@pytest.mark.slow
def test_installed_wheel_finds_catalogue_from_another_directory(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    where = subprocess.run(
        [sys.executable, "-c", "import careerplan; print(careerplan.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    result = subprocess.run(
        [sys.executable, "-m", "careerplan", "catalogue", "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Catalogue valid" in result.stdout


def test_ci_builds_checks_and_installs_the_wheel_as_the_readme_says():
    """CI (.ci/run calls .ci/package before the tests) builds the sdist and the wheel, checks their metadata
    with twine, installs the wheel alone in a fresh environment and makes a plan with it;
    the README says how to install from the wheel file without git."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    package = (ROOT / ".ci" / "package").read_text(encoding="utf-8")
    steps = [line.strip() for line in ci.splitlines() if line.strip() and line[0] != "#"]
    assert ".ci/package" in steps
    # pytest runs last, so that its summary is the last line CI prints
    assert steps[-1].endswith("-m pytest") and steps.index(".ci/package") < len(steps) - 1
    assert os.access(ROOT / ".ci" / "package", os.X_OK)
    for step in (
        "-m build --outdir",
        'twine" check --strict',
        '-m venv "$work/venv"',
        'pip" install --quiet "$wheel"',
        'careerplan" --version',
        'careerplan" plan profile.yaml',
    ):
        assert step in package, step
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Installing from a wheel file", 1)[1].split("\n## ", 1)[0]
    assert "pip install careerplan-0.1.0-py3-none-any.whl" in section
    assert "pip wheel --no-deps -w dist ." in section
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert version and f"careerplan-{version.group(1)}-py3-none-any.whl" in section
