"""One idea, one option: each option declared once (careerplan/cli/options.py), --to and
--format the same option wherever either is taken;
`plan` takes its profile as an argument like every other command; shell completion."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from careerplan.cli.commands import leaf_commands

HERE = Path(__file__).parent
ROOT = HERE.parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
PLAN = HERE / "fixtures" / "plans" / "new-md.yaml"


def options_of(command) -> list[list[str]]:
    return [list(p.opts) for p in command.params if getattr(p, "opts", None)]


def test_each_flag_is_declared_once():
    """An option more than one command takes is declared once, in careerplan/cli/options.py
    (its names, short names and metavar), so its copies cannot drift apart."""
    declared: dict[str, list[str]] = {}
    for path in sorted((ROOT / "careerplan" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Option":
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and str(arg.value).startswith("-"):
                        declared.setdefault(arg.value, []).append(f"{path.name}:{node.lineno}")
    assert {"--out", "--to", "--by", "--template", "--today"} <= set(declared)  # the scan works
    twice = {flag: where for flag, where in declared.items() if len(where) > 1}
    assert not twice, f"declared more than once (use careerplan/cli/options.py): {twice}"


def test_an_option_has_the_same_names_in_every_command():
    """--to is always --to/--format/-t/-f, --out always --out/-o: one option, one spelling."""
    spellings: dict[str, set[tuple[str, ...]]] = {}
    for command in leaf_commands().values():
        for opts in options_of(command):
            spellings.setdefault(opts[0], set()).add(tuple(sorted(opts)))
    assert spellings["--to"] == {("--format", "--to", "-f", "-t")}
    assert spellings["--out"] == {("--out", "-o")}
    assert {flag: names for flag, names in spellings.items() if len(names) > 1} == {}


def test_the_commands_that_choose_a_format_all_take_to() -> None:
    with_format = {
        path
        for path, command in leaf_commands().items()
        if any("--to" in o for o in options_of(command))
    }
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
