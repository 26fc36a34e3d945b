"""One idea, one option: --to and --format are the same option wherever either is taken;
`plan` takes its profile as an argument like every other command; shell completion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer.main

from careerplan.cli import app

HERE = Path(__file__).parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
PLAN = HERE / "fixtures" / "plans" / "new-md.yaml"


def options_of(path: list[str]) -> list[list[str]]:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return [list(p.opts) for p in command.params if getattr(p, "opts", None)]


def leaf_commands() -> list[list[str]]:
    found = []

    def walk(command, path):
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*path, name])
        else:
            found.append(path)

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize("path", leaf_commands(), ids=" ".join)
def test_to_and_format_are_one_option_everywhere(path: list[str]) -> None:
    for opts in options_of(path):
        if "--to" in opts or "--format" in opts:
            assert "--to" in opts and "--format" in opts, (path, opts)


def test_the_commands_that_choose_a_format_all_take_both() -> None:
    with_format = {" ".join(p) for p in leaf_commands() if any("--to" in o for o in options_of(p))}
    assert {"plan", "export", "compare", "summary", "catalogue list"} <= with_format


def test_plan_takes_the_profile_as_an_argument(cli) -> None:
    by_argument = cli("plan", PROFILE, "--format", "json")
    by_option = cli("plan", "--profile", PROFILE, "--to", "json")
    assert by_argument.exit_code == 0, by_argument.stderr
    assert json.loads(by_argument.stdout)["items"] == json.loads(by_option.stdout)["items"]


def test_plan_refuses_two_different_profiles(cli, tmp_path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(PROFILE.read_text())
    result = cli("plan", PROFILE, "--profile", other)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "two profiles given" in result.stderr


def test_plan_prints_markdown_with_to_md(cli) -> None:
    result = cli("plan", PROFILE, "--to", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Development plan")
    refused = cli("plan", PROFILE, "--to", "docx")
    assert refused.exit_code == 2 and "needs --out plan.docx" in refused.stderr


def test_catalogue_list_and_export_accept_either_name(cli) -> None:
    a = cli("catalogue", "list", "--to", "json")
    b = cli("catalogue", "list", "--format", "json")
    assert a.exit_code == 0 and a.stdout == b.stdout
    c = cli("export", PLAN, "--format", "md")
    d = cli("export", PLAN, "--to", "md")
    assert c.exit_code == 0 and c.stdout == d.stdout


def test_shell_completion_is_offered(cli) -> None:
    result = cli("--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
