"""Shared pieces of the export tests: the persona plans, a hostile plan, the CLI runner.

Golden files in tests/golden/ are regenerated only on purpose:
    python -m pytest tests/test_export_golden.py --regen-golden
(the regenerated tests fail, so such a run is never green), then read the diff before
committing it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from careerplan.cli import app
from careerplan.model.catalogue import Catalogue
from careerplan.model.plan import Plan
from careerplan.store.catalogue import load_catalogue
from careerplan.store.planfile import load_plan

TESTS = Path(__file__).resolve().parent
PLANS = TESTS / "fixtures" / "plans"
GOLDEN = TESTS / "golden"
PERSONAS = ("new-md", "clinical-director")
EXTENSIONS = {"md": "md", "html": "html", "json": "json", "yaml": "yaml", "ics": "ics"}
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "CAREERPLAN_CATALOGUE": ""}

HOSTILE_NAME = "Dr A | *B* <script>`x`\nY"
HOSTILE_TITLE = (
    "Evil | title *bold* _it_ <img src=x onerror=alert(1)> `code` "
    "[link](javascript:alert(1)) ~~gone~~ $x$ &amp; \\ \n# heading"
)
HOSTILE_PROVIDER = "Provider | <b>bold</b> [x](http://evil.example)"
HOSTILE_ACTION = "Do *this* | then\n\n| a | b |\n|---|---|\n- list\n1. first"


def plan_path(persona: str) -> Path:
    return PLANS / f"{persona}.yaml"


@functools.cache
def catalogue() -> Catalogue:
    return load_catalogue()


def load(persona_or_path: str | Path) -> Plan:
    path = persona_or_path if isinstance(persona_or_path, Path) else plan_path(persona_or_path)
    return load_plan(path, catalogue().vocab.ids())


def plan_data(persona: str) -> dict[str, Any]:
    return yaml.safe_load(plan_path(persona).read_text(encoding="utf-8"))


def write_plan(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def hostile_plan(tmp_path: Path) -> Path:
    """The new-md persona with markup, pipes and newlines in every free-text field."""
    data = plan_data("new-md")
    data["profile"]["name"] = HOSTILE_NAME
    data["profile"]["mentor"] = "Mentor <i>x</i> | y"
    data["mentor"] = "Mentor <i>x</i> | y"
    for n, item in enumerate(data["items"]):
        item["title"] = f"{HOSTILE_TITLE} {n}"
        item["provider"] = HOSTILE_PROVIDER
        item["action"] = HOSTILE_ACTION
        item["evidence"] = "Evidence | with `ticks` and <br> and\nnewline"
        item["reasons"] = ["Reason | *one* <u>u</u>", "# not a heading"]
        item["phase_label"] = "Phase | <em>label</em>"
    data["items"][0]["url"] = "javascript:alert(1)"
    data["items"][1]["url"] = "https://example.org/a(b)|c"
    data["items"][2]["url"] = "https://example.org/<script>"  # not a valid address: dropped
    data["notes"][0]["text"] = "Note with </section><script>alert(1)</script>"
    return write_plan(tmp_path / "hostile.yaml", data)


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)
