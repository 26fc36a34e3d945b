"""The package's folders are its layers, and imports go one way: a module imports only from
its own layer or a lower one. The few exceptions are listed with their reason, so a new
one shows up here instead of in a tangle (issue 21).

    cli -> assess, review, mentor -> engine -> model
                 \\-> render             store -> model
    root modules (errors, wording, clock, parsing, paths, textsafe) import nothing above them
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "careerplan"

#: Each layer and the layers it may import (its own layer and "root" always allowed).
ALLOWED: dict[str, set[str]] = {
    "root": set(),
    "model": set(),
    "store": {"model"},
    "engine": {"model"},
    "render": {"model"},
    "assess": {"model", "store", "engine", "render"},
    "review": {"model", "store", "engine", "render", "assess"},
    "mentor": {"model", "store", "engine", "render", "review"},
    "cli": {"model", "store", "engine", "render", "assess", "review", "mentor"},
}
LAYERS = set(ALLOWED) - {"root"}

#: Imports against the layers, each with why it stays.
EXCEPTIONS = {
    # `python -m careerplan` runs the command line.
    ("careerplan.__main__", "careerplan.cli"),
    # A profile without a start date starts on the next working day, which needs the bank
    # holidays the engine's calendar knows (imported lazily, inside the validator).
    ("careerplan.model.profile", "careerplan.engine.calendar"),
    # Bank holidays are read through a small cache file, written once a year.
    ("careerplan.engine.calendar", "careerplan.store.holiday_cache"),
    # Garbage collection paused while a large plan is built: a helper kept beside the YAML
    # reader that uses it most, no file access.
    ("careerplan.engine.select", "careerplan.store.yamlio"),
    # Renderers date reviews and calendar events with the engine's month arithmetic.
    ("careerplan.render.ics", "careerplan.engine.calendar"),
    ("careerplan.render.plan_terminal", "careerplan.engine.calendar"),
    # Renderers draw the typed values that the review and the mentor's summary build.
    ("careerplan.render.compare", "careerplan.review.compare"),
    ("careerplan.render.plain", "careerplan.review.progress"),
    ("careerplan.render.progress", "careerplan.review.progress"),
    ("careerplan.render.plain", "careerplan.mentor.summary"),
    ("careerplan.render.summary", "careerplan.mentor.summary"),
    # JSON and YAML output is written by the one YAML/JSON writer, as saved files are.
    ("careerplan.render.summary", "careerplan.store.yamlio"),
    ("careerplan.render.templating", "careerplan.store.yamlio"),
}
#: Render modules at the output edge: they write the files they render (exports, PDF).
WRITERS = {"careerplan.render.export", "careerplan.render.pdf"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in LAYERS else "root"


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "careerplan":
                found.update(f"careerplan.{a.name}" for a in node.names)
            elif node.module.startswith("careerplan."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("careerplan."))
    return found


def crossings() -> list[tuple[str, str]]:
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        mine = layer(source)
        for target in sorted(imports(path)):
            theirs = layer(target)
            if theirs in ({mine, "root"} | ALLOWED[mine]):
                continue
            if mine == "root" and target == "careerplan.__version__":
                continue
            if source in WRITERS and theirs == "store":
                continue
            if (source, target) not in EXCEPTIONS:
                bad.append((source, target))
    return bad


def test_imports_go_one_way() -> None:
    assert crossings() == []


def test_no_exception_is_stale() -> None:
    used = {
        (s, t) for path in PACKAGE.rglob("*.py") for s in [module_name(path)] for t in imports(path)
    }
    assert sorted(EXCEPTIONS - used) == []


def test_root_holds_only_what_everything_uses() -> None:
    root = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert root == [
        "__init__",
        "__main__",
        "clock",
        "errors",
        "parsing",
        "paths",
        "textsafe",
        "wording",
    ]


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_every_layer_is_a_package_that_says_what_it_holds(folder: str) -> None:
    init = PACKAGE / folder / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))


def test_model_reads_no_files() -> None:
    """Typed data only: no module of model/ opens, reads or writes a file itself."""
    for path in sorted((PACKAGE / "model").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for call in ("open(", ".read_text(", ".write_text(", "load_yaml(", ".read_bytes("):
            assert call not in text, f"{path.name} calls {call}"
