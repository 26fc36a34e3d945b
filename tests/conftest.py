"""Shared test set-up: stable output width and no colour, a CLI runner, and property
tests that try the same examples on every run (derandomised; no example database)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings
from typer.testing import CliRunner

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# Every test runs on the same day, whatever the real date: the plans, statuses and file
# names it checks are dated from careerplan.clock, which reads CAREERPLAN_TODAY. A test that
# needs another day passes --today or sets the variable itself.
TODAY = "2026-12-03"
# TERM is an ordinary terminal's, not "dumb": TERM=dumb asks for plain mode (sentences, no
# charts; tests/test_plain.py), and the views tested elsewhere are the charted ones.
STABLE_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm", "CAREERPLAN_TODAY": TODAY}
os.environ["CAREERPLAN_TODAY"] = TODAY  # for what test modules compute when imported


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    from careerplan import clock

    for key, value in STABLE_ENV.items():
        monkeypatch.setenv(key, value)
    clock.pin(None)  # a --today given to an earlier in-process command does not carry over
    monkeypatch.delenv("CAREERPLAN_CATALOGUE", raising=False)
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(cache))
    monkeypatch.setenv("CAREERPLAN_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    # The user's own settings file is never read: a test that wants one writes it here.
    config = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("CAREERPLAN_CONFIG", str(config))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner):
    """Run careerplan with arguments; returns the result (stdout and stderr separate)."""
    from careerplan.cli import app

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return invoke
