"""The README tells the truth: two set-up commands, and a section for every command."""

from __future__ import annotations

import re
from pathlib import Path

from careerplan.cli.commands import leaf_commands

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_exactly_the_real_commands():
    documented = set(re.findall(r"^### `(careerplan [a-z -]+)`", README, re.MULTILINE))
    assert documented == {f"careerplan {path}" for path in leaf_commands()}


def test_every_command_has_help_and_an_example():
    for path, command in leaf_commands().items():
        text = command.help or ""
        assert text.strip(), path
        assert f"Example: careerplan {path}" in " ".join(text.split()), path


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[0].endswith("careerplan assess")
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_ci_installs_and_tests_the_way_the_readme_says():
    ci = (ROOT / ".ci" / "run").read_text()
    install_test = quick_start_commands()[1]
    assert "pip install -e '.[test]'" in install_test
    assert "pip\" install --quiet -e '.[test]'" in ci
    assert "-m pytest" in install_test and "-m pytest" in ci
    assert 'ruff" check' in ci


def test_worked_example_of_your_own_opportunities_is_valid(cli, tmp_path):
    section = README.split("## Adding your own opportunities", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)
    folder = tmp_path / "our-opportunities"
    folder.mkdir()
    (folder / "leadership.yaml").write_text(example)
    result = cli("catalogue", "validate", str(folder))
    assert result.exit_code == 0, result.stderr
    shown = cli("catalogue", "show", "our-trust-leadership-programme", "--catalogue", str(folder))
    assert shown.exit_code == 0


def test_the_layout_the_development_section_names_is_the_tree():
    # A newcomer checks the README's tree against the package: each folder's line names
    # every module in it (and no module that is not there), and the root's line likewise.
    section = README.split("## Development", 1)[1].split("\n## ", 1)[0]
    tree = section.split("```", 2)[1]
    package = ROOT / "careerplan"
    blocks = re.split(r"\n  (?=\S)", tree.split("careerplan/\n", 1)[1].split("\ncatalogue/")[0])
    seen = set()
    for block in blocks:
        head, _, text = block.strip().partition(" ")
        if head.endswith("/"):
            folder = package / head.rstrip("/")
            modules = {p.stem for p in folder.glob("*.py")} - {"__init__"}
            modules |= {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}
            words = set(re.findall(r"[a-z_]+", text))
            missing = modules - words
            assert not missing, f"the README's {head} line does not name {sorted(missing)}"
            seen.add(head.rstrip("/"))
        else:
            named = set(re.findall(r"([a-z_]+)\.py", head + " " + text))
            root = {p.stem for p in package.glob("*.py")} - {"__init__", "__main__"}
            assert named == root
    folders = {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert seen == folders


def test_readme_gives_the_real_most_questions_assess_asks():
    from careerplan.store.catalogue import load_catalogue

    assessment = load_catalogue().assessment
    most = sum(
        len(assessment.vocabularies.areas) if q.kind == "ratings" else 1
        for q in assessment.questions
    )
    assert f"at most {most} short questions" in README
