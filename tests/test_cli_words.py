"""Help and usage errors in our own words: no `<bool>` beside a flag, and a bad number
answered in a sentence rather than in pydantic's words (issue 20, item 7)."""

from __future__ import annotations

import pytest
from test_cli_consistency import leaf_commands


@pytest.mark.parametrize("path", [["plan"], ["status"], ["review"], ["summary"]], ids=" ".join)
def test_help_shows_no_type_beside_a_flag(cli, path: list[str]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout
    assert "--help" in result.stdout


def test_no_command_shows_bool_in_its_help(cli) -> None:
    for path in leaf_commands():
        assert "<bool>" not in cli(*path, "--help").stdout, path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--horizon", "abc"], "--horizon: 'abc' is not a whole number; give one such as 12"),
        (["--top", "1.5"], "--top: '1.5' is not a whole number; give one such as 12"),
    ],
)
def test_a_bad_number_is_answered_in_our_words(cli, args, expected) -> None:
    result = cli("plan", "tests/personas/new-md-nhs-trust.yaml", *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Input should" not in result.stderr and "integer" not in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["status", "tests/fixtures/plans/new-md.yaml", "--today", "soon"],
            "careerplan: --today: 'soon' is not a date; give one such as 4 Jan 2027",
        ),
        (
            ["summary", "tests/fixtures/plans", "--to", "xml"],
            "careerplan: --to: 'xml' is not one of",
        ),
    ],
)
def test_an_option_is_named_as_we_write_it(cli, args, expected) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected), result.stderr
