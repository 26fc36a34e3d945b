"""Start-up discipline: what each command imports, read from `python -X importtime`.

Prompting libraries (questionary, prompt_toolkit) are for interactive commands only; the
fast paths (`--version`, `--help`) must not load pydantic or the domain at all. The
benchmark (bench/run.py) measures the time; this checks the cause, without timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerplan.cli import COMMANDS, _command_in

PROFILE = """\
version: 1
name: Dr A Example
assessed_on: 2026-11-20
role: medical-director
years_in_role: 0.5
organisation: nhs-trust
clinical_days_per_week: 1
goals: [peer-support, board-effectiveness]
ratings: {finance: 1, board-skills: 2, system-partnership: 3}
priority_areas: [finance]
support_in_place: [mentor]
preferences: {formats: [online, blended]}
constraints:
  hours_per_month: 6
  budget_gbp: 1500
  apprenticeship_levy: true
  horizon_months: 12
  start: 2027-01-04
"""

PROMPTING = ("questionary", "prompt_toolkit")
DOMAIN = (
    "careerplan.store.catalogue",
    "careerplan.model.opportunity",
    "careerplan.model.profile",
    "careerplan.model.plan",
    "careerplan.store.yamlio",
    "yaml",
    "questionary",
    "prompt_toolkit",
)


def imported_modules(*args: str, tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "careerplan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    return modules, proc


def top_level(modules: set[str], names: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == n or m.startswith(n + ".") for n in names)}


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_load_neither_domain_nor_pydantic(args: list[str], tmp_path: Path):
    modules, proc = imported_modules(*args, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert modules, "importtime output was not parsed"
    assert "careerplan" in modules
    assert ("typer" in modules) == (args == ["--help"])  # --version needs no command tree
    assert not top_level(modules, (*DOMAIN, "pydantic"))
    if args == ["--version"]:  # the fast path in main() answers as the full app does
        from typer.testing import CliRunner

        from careerplan.cli import app

        assert proc.stdout == CliRunner().invoke(app, ["--version"]).stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["catalogue", "--help"],
        ["catalogue", "list", "--help"],
        ["plan", "--help"],
        ["profile", "--help"],
    ],
)
def test_command_help_loads_no_domain(args: list[str], tmp_path: Path):
    # typer itself may load pydantic to convert parameters; the domain must stay unloaded.
    modules, proc = imported_modules(*args, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not top_level(modules, DOMAIN)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["catalogue", "list"],
        ["catalogue", "validate"],
        ["catalogue", "show", "nhs-providers-board-development"],
        ["profile", "validate", "{profile}"],
        ["plan", "--profile", "{profile}"],
        ["plan", "--profile", "{profile}", "--format", "json"],
    ],
)
def test_non_interactive_commands_do_not_load_prompting(
    args: list[str], profile: Path, tmp_path: Path
):
    args = [a.replace("{profile}", str(profile)) for a in args]
    modules, proc = imported_modules(*args, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert modules, "importtime output was not parsed"
    assert "careerplan.cli" in modules
    assert not top_level(modules, PROMPTING), f"careerplan {' '.join(args)}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["plan", "--help"], "careerplan.cli.plan"),
        (["catalogue", "list", "--help"], "careerplan.cli.catalogue"),
        (["status", "--help"], "careerplan.cli.review"),
    ],
)
def test_a_command_loads_only_its_own_module(args: list[str], module: str, tmp_path: Path):
    # typer builds the options of every command it knows on every start: main() registers
    # only the command being run.
    modules, proc = imported_modules(*args, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    commands = {f"careerplan.cli.{name}" for name in COMMANDS.values()}
    assert top_level(modules, tuple(commands)) == {module}


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["plan", "me.yaml"], "plan"),
        (["--help"], None),
        ([], None),
        (["plna"], None),  # a typo: every command is loaded, so typer can suggest one
        (["-h", "status"], "status"),
        (["--", "plan"], None),
    ],
)
def test_command_in(argv: list[str], command: str | None, monkeypatch: pytest.MonkeyPatch):
    for name in [n for n in os.environ if n.endswith("_COMPLETE")]:
        monkeypatch.delenv(name)
    assert _command_in(argv) == command


def test_completion_loads_every_command(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("_CAREERPLAN_COMPLETE", "complete_bash")
    assert _command_in(["plan"]) is None


def test_the_whole_app_has_every_command():
    from typer.main import get_command

    from careerplan.cli import app

    group = get_command(app)
    assert set(COMMANDS) <= set(group.commands)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_plan_does_not_search_for_pydantic_plugins(profile: Path, tmp_path: Path):
    # The search reads every installed package's entry points; careerplan uses no plugin.
    script = (
        "import sys, importlib.metadata as m\n"
        "real = m.entry_points\n"
        "def spy(**kw):\n"
        "    print('searched', kw, file=sys.stderr)\n"
        "    return real(**kw)\n"
        "m.entry_points = spy\n"
        f"sys.argv = ['careerplan', 'plan', {str(profile)!r}]\n"
        "from careerplan.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Development plan" in proc.stdout
    assert "'group': 'pydantic'" not in proc.stderr
