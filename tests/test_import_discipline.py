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

from careerplan.cli.commands import COMMANDS

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
    # typer builds the options of every command it holds: the root group loads only the
    # command being run (careerplan/cli/lazy.py).
    modules, proc = imported_modules(*args, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    commands = {entry.module for entry in COMMANDS.values()}
    assert top_level(modules, tuple(commands)) == {module}


@pytest.mark.slow
def test_the_root_help_lists_every_command_and_loads_none(tmp_path: Path):
    modules, proc = imported_modules("--help", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not top_level(modules, tuple(e.module for e in COMMANDS.values()))
    listed = " ".join(proc.stdout.replace("│", " ").split())  # rows wrap inside a box
    for name, entry in COMMANDS.items():
        assert f"{name} {' '.join(entry.summary.split())}" in listed, name


@pytest.mark.parametrize("name", COMMANDS)
def test_each_summary_is_the_first_paragraph_of_its_commands_help(name: str):
    """The root's help lists a command from careerplan/cli/commands.py's table without
    loading it: the table must say what the command's own help says."""
    import inspect

    from careerplan.cli.lazy import load

    command = load(name, COMMANDS[name])
    first = inspect.cleandoc(command.help or "").split("\n\n")[0]
    assert " ".join(first.split()) == COMMANDS[name].summary
    assert command.name == name


def test_a_mistyped_command_is_matched_against_every_command(cli):
    result = cli("sumary")
    assert result.exit_code == 2
    assert "No such command 'sumary'. Did you mean 'summary'?" in result.stderr


def test_the_app_runs_every_command(cli):
    for name in COMMANDS:
        result = cli(name, "--help")
        assert result.exit_code == 0, (name, result.stderr)
        assert f" {name} [OPTIONS]" in " ".join(result.stdout.split()), name


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


def test_the_shell_is_offered_every_command_with_its_summary():
    """`careerplan <Tab>`: the names and one-line helps come from the table, as in --help."""
    import typer.main

    from careerplan.cli import app

    group = typer.main.get_command(app)
    with group.make_context("careerplan", [], resilient_parsing=True) as ctx:
        offered = group.shell_complete(ctx, "")
    commands = {item.value: item.help for item in offered if not item.value.startswith("-")}
    assert list(commands) == list(COMMANDS)
    for name, shown in commands.items():  # the shell's short help: its start, cut at a word
        assert COMMANDS[name].summary.startswith(shown.removesuffix("...")), name
