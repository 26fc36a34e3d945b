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
    # A newcomer checks the README's layout against the tree: every file or folder it
    # names in backticks exists, a bare name relative to a folder its line names first.
    section = README.split("## Development", 1)[1].split("\n## ", 1)[0]
    layout = section.split("The code follows", 1)[0]
    named = 0
    for bullet in layout.split("\n- ")[1:]:
        names = re.findall(r"`([\w./*-]+\.(?:py|yaml)|[\w/-]+/)`", bullet)
        bases = [ROOT, ROOT / "careerplan"] + [ROOT / n for n in names if n.endswith("/")]
        for name in names:
            named += 1
            assert any(list(base.glob(name)) for base in bases), f"the README names {name}"
    assert named > 15
    listed = re.findall(r"`careerplan/engine/` \(([^)]*)\)", layout)
    engine = {p.stem for p in (ROOT / "careerplan" / "engine").glob("*.py")} - {"__init__"}
    assert listed and {w.strip() for w in listed[0].split(",")} == engine
    words = re.findall(r"`careerplan/engine/sentences/`\s+words \(([^)]*)\)", layout)
    sentences = {p.stem for p in (ROOT / "careerplan/engine/sentences").glob("*.py")}
    assert words and set(re.split(r",\s*|\s+and\s+", words[0].strip())) == sentences - {"__init__"}


def test_readme_gives_the_real_most_questions_assess_asks():
    from careerplan.catalogue import load_catalogue

    assessment = load_catalogue().assessment
    most = sum(
        len(assessment.vocabularies.areas) if q.kind == "ratings" else 1
        for q in assessment.questions
    )
    assert f"at most {most} short questions" in README
