"""Shared test set-up: stable output width and no colour, a CLI runner, and property
tests that try the same examples on every run (derandomised; no example database)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

REGEN_OPTION = "--regen-golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        REGEN_OPTION,
        action="store_true",
        help="rewrite the golden files the selected tests compare with, and fail those tests "
        "(a regeneration run is never green): read the diff before committing it",
    )


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


@pytest.fixture(scope="session")
def _shared_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One catalogue cache for the whole run: the shipped catalogue is validated once, not
    once a test. Tests of the cache itself (tests/test_catalogue_cache.py's `cache` fixture)
    point CAREERPLAN_CACHE_DIR at a fresh folder of their own."""
    return str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _stable_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, _shared_cache: str
) -> None:
    from careerplan import clock

    for key, value in STABLE_ENV.items():
        monkeypatch.setenv(key, value)
    clock.pin(None)  # a --today given to an earlier in-process command does not carry over
    monkeypatch.delenv("CAREERPLAN_CATALOGUE", raising=False)
    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", _shared_cache)
    monkeypatch.setenv("CAREERPLAN_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    # The user's own settings file is never read: a test that wants one writes it here.
    config = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("CAREERPLAN_CONFIG", str(config))


_KEY_BINDINGS: dict[str, object] = {}


@pytest.fixture
def key_bindings_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that type into prompt_toolkit through a pipe: its default key bindings
    (emacs, vi, mouse: thousands of them) are built once for the run rather than afresh for
    every question's Application, which was most of each question's time. They hold no
    state of their own (their filters ask the running application), so the keys typed
    meet the same bindings as in a real run."""
    import prompt_toolkit.application.application as application

    def once(name: str) -> Callable[[], object]:
        load = getattr(application, name)

        def built() -> object:
            if name not in _KEY_BINDINGS:
                _KEY_BINDINGS[name] = load()
            return _KEY_BINDINGS[name]

        return built

    for name in ("load_key_bindings", "load_page_navigation_bindings"):
        monkeypatch.setattr(application, name, once(name))


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


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, bytes | str], None]:
    """Compare output with a golden file, byte for byte. With --regen-golden the file is
    rewritten instead and the test fails, saying so: a change in a golden file is a change
    users see, so it is made on purpose and its diff read before it is committed."""
    regen = bool(request.config.getoption(REGEN_OPTION))

    def check(path: Path, output: bytes | str) -> None:
        data = output.encode("utf-8") if isinstance(output, str) else output
        if regen:
            before = path.read_bytes() if path.exists() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            state = "unchanged" if before == data else "rewritten: read its diff"
            pytest.fail(f"{REGEN_OPTION}: {path.name} {state}", pytrace=False)
        assert path.exists(), f"{path} is missing: run this test with {REGEN_OPTION}"
        assert data == path.read_bytes(), (
            f"output differs from {path.name}; if the change is intended, run this test "
            f"with {REGEN_OPTION} and read the diff"
        )

    return check
