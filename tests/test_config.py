"""The settings file (issue 20, item 7): a mentor name, organisation catalogue folders and
an export folder, in the platform's config folder; shown by `config show`, written by
`config init`, read only by the commands that use it, and overridden by flags."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from careerplan.store import config

HERE = Path(__file__).parent
ROOT = HERE.parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
PLAN = HERE / "fixtures" / "plans" / "new-md.yaml"


@pytest.fixture
def settings_file() -> Path:
    return Path(os.environ["CAREERPLAN_CONFIG"])


def org_catalogue(folder: Path) -> Path:
    """The README's worked example of an organisation's own opportunity, in `folder`."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Adding your own opportunities", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)
    folder.mkdir()
    (folder / "ours.yaml").write_text(example, encoding="utf-8")
    return folder


def test_the_default_place_is_the_platforms_config_folder(monkeypatch) -> None:
    from platformdirs import user_config_path

    monkeypatch.delenv("CAREERPLAN_CONFIG")
    assert config.config_path() == user_config_path("careerplan", appauthor=False) / "config.toml"


def test_config_path_prints_where_the_file_is(cli, settings_file) -> None:
    result = cli("config", "path")
    assert result.exit_code == 0
    assert result.stdout.strip() == str(settings_file)


def test_show_without_a_file_says_how_to_make_one(cli) -> None:
    result = cli("config", "show")
    assert result.exit_code == 0
    assert "not there yet; `careerplan config init`" in result.stdout
    assert "mentor = (not set)" in result.stdout


def test_init_writes_a_private_template_that_reads_as_empty_settings(cli, settings_file) -> None:
    settings_file.parent.rmdir()  # init makes the folder too
    result = cli("config", "init")
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(settings_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings_file.parent.stat().st_mode) == 0o700
    found = config.settings()
    assert found.exists and found.mentor is None and not found.catalogue
    again = cli("config", "init")
    assert again.exit_code != 0 and "already exists" in again.stderr


def test_settings_are_used_and_flags_win(cli, settings_file, tmp_path) -> None:
    folder = org_catalogue(tmp_path / "ours")
    exports = tmp_path / "exports" / "plans"
    settings_file.write_text(
        f'mentor = "Dr B Mentor"\ncatalogue = ["{folder}"]\nexport_dir = "{exports}"\n',
        encoding="utf-8",
    )
    shown = json.loads(cli("config", "show", "--format", "json").stdout)
    assert shown == {
        "file": str(settings_file),
        "exists": True,
        "mentor": "Dr B Mentor",
        "catalogue": [str(folder)],
        "export_dir": str(exports),
    }
    # A bare --out file name goes to the export folder (made private); the mentor is recorded.
    made = cli("plan", PROFILE, "--out", "mine.md")
    assert made.exit_code == 0, made.stderr
    assert (exports / "mine.md").is_file() and str(exports / "mine.md") in made.stderr
    assert stat.S_IMODE(exports.stat().st_mode) == 0o700
    assert stat.S_IMODE(exports.parent.stat().st_mode) == 0o700
    assert "Dr B Mentor" in (exports / "mine.md").read_text(encoding="utf-8")
    # Flags win: a path with a folder is kept as given; --mentor '' records none.
    mine = tmp_path / "here" / "plan.md"
    mine.parent.mkdir()
    flagged = cli("plan", PROFILE, "--out", mine, "--mentor", "")
    assert flagged.exit_code == 0, flagged.stderr
    assert "Dr B Mentor" not in mine.read_text(encoding="utf-8")
    other = cli("plan", PROFILE, "--out", tmp_path / "other.md", "--mentor", "Dr C")
    assert other.exit_code == 0, other.stderr
    assert "Dr C" in (tmp_path / "other.md").read_text(encoding="utf-8")


def test_the_organisation_folder_of_the_settings_is_in_the_catalogue(
    cli, settings_file, tmp_path
) -> None:
    folder = org_catalogue(tmp_path / "ours")
    plain = {o["id"] for o in json.loads(cli("catalogue", "list", "-f", "json").stdout)}
    settings_file.write_text(f'catalogue = "{folder}"\n', encoding="utf-8")
    with_settings = {o["id"] for o in json.loads(cli("catalogue", "list", "-f", "json").stdout)}
    added = with_settings - plain
    assert added
    flagged = cli("catalogue", "list", "-f", "json", "--catalogue", folder)
    assert {o["id"] for o in json.loads(flagged.stdout)} == with_settings


def test_a_missing_catalogue_folder_of_the_settings_names_the_settings_file(
    cli, settings_file, tmp_path
) -> None:
    settings_file.write_text(f'catalogue = ["{tmp_path / "gone"}"]\n', encoding="utf-8")
    result = cli("plan", PROFILE)
    assert result.exit_code == 2
    assert f"check `catalogue` in {settings_file}" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mentr = 'x'\n", "unknown setting 'mentr'; did you mean 'mentor'?"),
        ("mentor = 3\n", "mentor: give a name in quotes"),
        ("catalogue = 3\n", "catalogue: give folders in quotes"),
        ("export_dir = [1]\n", "export_dir: give a folder in quotes"),
        ("mentor = \n", "is not a valid settings file"),
    ],
)
def test_a_bad_settings_file_is_one_line_naming_it(cli, settings_file, text, expected) -> None:
    settings_file.write_text(text, encoding="utf-8")
    result = cli("plan", PROFILE)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"careerplan: {settings_file}: ")
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_relative_folders_are_relative_to_the_settings_file(settings_file) -> None:
    settings_file.write_text('export_dir = "plans"\ncatalogue = "~/ours"\n', encoding="utf-8")
    found = config.settings()
    assert found.export_dir == settings_file.parent / "plans"
    assert found.catalogue == (Path("~/ours").expanduser(),)


def test_placed_moves_only_a_bare_file_name(tmp_path) -> None:
    assert config.placed(Path("a.md"), tmp_path) == tmp_path / "a.md"
    assert config.placed(Path("sub/a.md"), tmp_path) == Path("sub/a.md")
    assert config.placed(tmp_path / "a.md", Path("/elsewhere")) == tmp_path / "a.md"
    assert config.placed(Path("a.md"), None) == Path("a.md")


def test_help_and_version_do_not_read_the_settings(settings_file) -> None:
    """Start-up stays fast: a broken settings file does not touch --help or --version, and
    the config module is not even imported."""
    settings_file.write_text("this is = = not toml\n", encoding="utf-8")
    code = (
        "import sys; sys.argv = ['careerplan', '--help']\n"
        "from careerplan.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'careerplan.store.config' not in sys.modules, 'config read at start-up'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, timeout=60
    )
    assert done.returncode == 0, done.stderr
    version = subprocess.run(
        [sys.executable, "-m", "careerplan", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and version.stdout.startswith("careerplan ")
