"""Small pieces every command shares: options, consoles, loading the catalogue, output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerplan.catalogue import Catalogue

CatalogueOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalogue",
        "-c",
        metavar="DIR",
        help="A folder of your organisation's own opportunities, added to the "
        "shipped catalogue (repeatable; also $CAREERPLAN_CATALOGUE).",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def _pin_today(value: str | None) -> None:
    """--today's callback: the date is pinned before the command runs, for every part of
    it (careerplan.clock); a bad date is one line and exit code 2."""
    from careerplan import clock
    from careerplan.errors import InputError

    if value is None:
        return
    try:
        clock.pin(clock.parse(value, source="--today"))
    except InputError as exc:
        raise typer.BadParameter(str(exc).removeprefix("--today: ")) from None


TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        callback=_pin_today,
        expose_value=False,
        is_eager=True,
        show_default=False,
        help="Take DATE as today (4 Jan 2027, 4/1/2027 or 2027-01-04; also "
        "$CAREERPLAN_TODAY): what the plan, statuses and file names are dated from.",
    ),
]


def console(stderr: bool = False) -> Console:
    """A rich console that honours NO_COLOR, COLUMNS and piping. Text is never searched for
    emoji codes (":warning:" in a title stays as written; the table takes 5 ms to load)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)


def load(catalogue_dirs: list[Path] | None) -> Catalogue:
    """The shipped catalogue plus organisation folders, validated (cached when unchanged)."""
    from careerplan.catalogue import extra_dirs
    from careerplan.catalogue_cache import load_cached

    return load_cached(extra_dirs(catalogue_dirs))


def emit(text: str, out: Path | None, *, force: bool, private: bool = False) -> None:
    """Print `text`, or write it atomically to `out` and say so on stderr."""
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from careerplan.files import write_atomic

    write_atomic(out, text, force=force, private=private)
    typer.echo(f"Wrote {out}", err=True)


def stdin_is_tty() -> bool:
    """Whether we can prompt: standard input is a terminal (a function, so that tests can
    say yes)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
