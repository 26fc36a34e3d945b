"""Shell completion of the values careerplan's options take: catalogue ids, a plan's item
numbers and ids, statuses, frameworks, vocabularies and formats.

Each function is a typer `autocompletion` callback: given the word typed so far (and the
command line parsed so far, for the plan's items), the values that start with it, each
with a short description where the shell shows one (zsh, fish). A completion never fails
out loud: anything that cannot be read (a plan not saved yet, a broken catalogue) offers
nothing, and the shell falls back to its own completion.

Enabled with `careerplan --install-completion`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Offer = list[tuple[str, str]]


def _matching(values: Iterable[tuple[str, str]], incomplete: str) -> Offer:
    typed = (incomplete or "").lower()
    return [(value, help_) for value, help_ in values if value.lower().startswith(typed)]


def _quietly(make: Callable[[], Iterable[tuple[str, str]]], incomplete: str) -> Offer:
    try:
        return _matching(make(), incomplete)
    except Exception:  # noqa: BLE001 - a completion offers nothing rather than a traceback
        return []


def _catalogue(ctx: Any) -> Any:
    from careerplan.cli.common import load

    params = getattr(ctx, "params", None) or {}
    return load(params.get("catalogue"))


def choices(*values: str, helps: dict[str, str] | None = None) -> Callable[[str], Offer]:
    """A callback offering fixed values (formats, statuses)."""

    def complete(incomplete: str) -> Offer:
        return _matching(((v, (helps or {}).get(v, "")) for v in values), incomplete)

    return complete


def catalogue_ids(ctx: Any, incomplete: str) -> Offer:
    """Opportunity ids (`catalogue show`, `plan --include/--exclude`), with their titles."""

    def make() -> list[tuple[str, str]]:
        cat = _catalogue(ctx)
        return [(op.id, op.title) for op in cat.opportunities.values()]

    return _quietly(make, incomplete)


def frameworks(ctx: Any, incomplete: str) -> Offer:
    """Framework ids for --by (gmp, lcf, fmlm, hlm), with their names."""

    def make() -> list[tuple[str, str]]:
        cat = _catalogue(ctx)
        found = (cat.frameworks.get(fid) for fid in cat.frameworks.ids())
        return [(f.id, f.title) for f in found if f is not None]

    return _quietly(make, incomplete)


def vocabulary(name: str) -> Callable[[Any, str], Offer]:
    """A callback offering the ids of one vocabulary (areas, goals, stages, kinds)."""

    def complete(ctx: Any, incomplete: str) -> Offer:
        def make() -> list[tuple[str, str]]:
            cat = _catalogue(ctx)
            return [(term, cat.vocab.label(name, term)) for term in cat.vocab.ids()[name]]

        return _quietly(make, incomplete)

    return complete


def vocabulary_names(ctx: Any, incomplete: str) -> Offer:
    """The names of the vocabularies (`catalogue vocab NAME`)."""
    return _quietly(lambda: ((n, "") for n in _catalogue(ctx).vocab.ids()), incomplete)


def plan_items(ctx: Any, incomplete: str) -> Offer:
    """A saved plan's items for --item: their numbers (as the plan shows them) and ids,
    each with its title and status. The plan is the one already typed on the line."""

    def make() -> list[tuple[str, str]]:
        from careerplan.review.progress import reading_order
        from careerplan.store.planfile import load_plan

        path = _plan_on_line(ctx, _words())
        if path is None:
            return []
        vocab = _catalogue(ctx).vocab.ids()
        items = reading_order(load_plan(path, vocab))
        offer = [(str(n), f"{i.title} ({i.status})") for n, i in enumerate(items, 1)]
        return offer + [(i.id, f"{i.title} ({i.status})") for i in items]

    return _quietly(make, incomplete)


PLAN_SUFFIXES = (".yaml", ".yml", ".json")


def _words() -> list[str]:
    """The command line being completed, as the shell hands it over (bash: COMP_WORDS;
    zsh, fish and PowerShell: _TYPER_COMPLETE_ARGS)."""
    import os
    import shlex

    line = os.environ.get("_TYPER_COMPLETE_ARGS") or os.environ.get("COMP_WORDS") or ""
    try:
        return shlex.split(line)
    except ValueError:  # an unclosed quote while typing
        return line.split()


def _plan_on_line(ctx: Any, words: list[str]) -> Path | None:
    """The plan file named on the command line. The parsed value when there is one; while
    an option still waits for its value the parser stops short (and typer hands callbacks
    no words), so then the first word of the line naming a plan file that exists."""
    params = getattr(ctx, "params", None) or {}
    if params.get("plan_file") is not None:
        return Path(params["plan_file"])
    for word in words:
        if word.lower().endswith(PLAN_SUFFIXES) and Path(word).is_file():
            return Path(word)
    return None


def statuses(incomplete: str) -> Offer:
    """The statuses `review --status` may set."""
    from careerplan.review.progress import SETTABLE

    return _matching(((s, "") for s in SETTABLE), incomplete)


def export_formats(incomplete: str) -> Offer:
    """What `export --to` writes (read from the exporter, so a new format is offered too)."""

    def make() -> list[tuple[str, str]]:
        from careerplan.render.export import FORMATS

        return [(f, "") for f in FORMATS]

    return _quietly(make, incomplete)


def plan_formats(incomplete: str) -> Offer:
    """What `plan --to` prints or writes: the terminal view and every export format."""

    def make() -> list[tuple[str, str]]:
        from careerplan.cli.plan import PRINTABLE
        from careerplan.render.export import FORMATS

        return [(f, "") for f in dict.fromkeys((*PRINTABLE, *FORMATS))]

    return _quietly(make, incomplete)


terminal_or_json = choices("terminal", "json")
