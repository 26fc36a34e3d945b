"""Shell completion of the values options take (issue 20, item 7): catalogue ids, a plan's
item numbers and ids, statuses, frameworks, vocabularies and formats. Tried the way a
shell asks (the completion variables), through the whole program."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from careerplan.cli import complete

HERE = Path(__file__).parent
PLAN = HERE / "fixtures" / "plans" / "new-md.yaml"


def bash(line: str, extra_env: dict[str, str] | None = None) -> list[str]:
    """What bash would offer after `line` (the last word is the one being typed)."""
    words = line.split(" ")
    env = {
        **os.environ,
        "_CAREERPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        **(extra_env or {}),
    }
    program = Path(sys.executable).with_name("careerplan")
    command = [str(program)] if program.exists() else [shutil.which("careerplan") or "careerplan"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.split()


def test_catalogue_show_completes_opportunity_ids() -> None:
    offered = bash("careerplan catalogue show emml")
    assert offered == ["emml-bayes"]
    everything = bash("careerplan catalogue show ")
    assert len(everything) > 20 and "emml-bayes" in everything


def test_plan_include_and_exclude_complete_ids() -> None:
    assert "executive-coaching" in bash("careerplan plan me.yaml --include exec")
    assert "executive-coaching" in bash("careerplan plan me.yaml --exclude exec")


def test_review_item_completes_the_plans_numbers_and_ids() -> None:
    offered = bash(f"careerplan review {PLAN} --item ")
    from careerplan.review.progress import reading_order
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.planfile import load_plan

    items = reading_order(load_plan(PLAN, load_catalogue().vocab.ids()))
    numbers = [str(n) for n in range(1, len(items) + 1)]
    assert offered == numbers + [i.id for i in items]
    first = items[0].id
    assert bash(f"careerplan review {PLAN} --item {first[:6]}")[0] == first


def test_review_item_offers_nothing_without_a_readable_plan(tmp_path) -> None:
    assert bash(f"careerplan review {tmp_path / 'missing.yaml'} --item ") == []
    broken = tmp_path / "broken.yaml"
    broken.write_text("items: [", encoding="utf-8")
    assert bash(f"careerplan review {broken} --item ") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "careerplan review p.yaml --status ",
            ["proposed", "agreed", "in-progress", "complete", "dropped"],
        ),
        ("careerplan review p.yaml --status in", ["in-progress"]),
        ("careerplan profile show p.yaml --by ", ["gmp", "lcf", "fmlm", "hlm"]),
        ("careerplan export p.yaml --by h", ["hlm"]),
        ("careerplan status p.yaml --format ", ["terminal", "json"]),
        ("careerplan profile validate p.yaml --to j", ["json"]),
        ("careerplan catalogue list --area fin", ["finance"]),
    ],
)
def test_fixed_and_vocabulary_values_complete(line: str, expected: list[str]) -> None:
    assert bash(line) == expected


def test_formats_come_from_the_exporter() -> None:
    from careerplan.render.export import FORMATS

    assert bash("careerplan export p.yaml --to ") == list(FORMATS)
    offered = bash("careerplan plan p.yaml --to ")
    assert offered[0] == "terminal" and set(FORMATS) <= set(offered)


def test_callbacks_filter_by_what_is_typed() -> None:
    assert complete.statuses("d") == [("dropped", "")]
    assert complete.terminal_or_json("") == [("terminal", ""), ("json", "")]
    assert complete.choices("a", "b", helps={"b": "bee"})("B") == [("b", "bee")]


def test_a_broken_catalogue_offers_nothing_rather_than_failing(tmp_path) -> None:
    (tmp_path / "bad.yaml").write_text("opportunities: [", encoding="utf-8")
    assert bash("careerplan catalogue show ", {"CAREERPLAN_CATALOGUE": str(tmp_path)}) == []
