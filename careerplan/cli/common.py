"""Small pieces every command shares: options, consoles, loading the catalogue, output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerplan.model.catalogue import Catalogue

CatalogueOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalogue",
        "-c",
        metavar="DIR",
        help="A folder of your organisation's own opportunities, added to the "
        "shipped catalogue (repeatable; also $CAREERPLAN_CATALOGUE, or `catalogue` in "
        "the settings file: see `careerplan config show`).",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="Plain sentences read top to bottom, with no bars, charts or tables (for a "
        "screen reader or a braille display; also when TERM=dumb).",
    ),
]


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
    emoji codes (":warning:" in a title stays as written; the table takes 5 ms to load), and
    control characters in the text are shown escaped (careerplan/render/safe_console.py)."""
    from careerplan.render.safe_console import SafeConsole

    return SafeConsole(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)


def load(catalogue_dirs: list[Path] | None) -> Catalogue:
    """The shipped catalogue plus organisation folders, validated (cached when unchanged).
    The folders are --catalogue's and $CAREERPLAN_CATALOGUE's; when neither names one, the
    settings file's (careerplan.store.config)."""
    from careerplan.store.catalogue import extra_dirs
    from careerplan.store.catalogue_cache import load_cached

    dirs = extra_dirs(catalogue_dirs)
    if dirs:
        return load_cached(dirs)
    from careerplan.store.config import settings

    found = settings()
    if not found.catalogue:
        return load_cached([])
    from careerplan.errors import InputError

    try:
        return load_cached(list(found.catalogue))
    except InputError as exc:  # a folder the settings name: say where to fix it
        if type(exc) is not InputError or "CAREERPLAN_CATALOGUE" not in str(exc):
            raise  # a problem inside a file: it names the file already
        message = str(exc).replace(
            "check --catalogue or CAREERPLAN_CATALOGUE", f"check `catalogue` in {found.path}"
        )
        raise InputError(message) from None


def out_path(out: Path | None) -> Path | None:
    """Where --out FILE is written: as given, except that a bare file name goes to the
    settings file's export folder when one is set (created, private, if missing)."""
    if out is None:
        return None
    from careerplan.store.config import placed, settings

    folder = settings().export_dir
    where = placed(out, folder)
    if folder is not None and where != out and not folder.is_dir():
        from careerplan.errors import OutputError
        from careerplan.store.files import make_private_dir

        try:
            make_private_dir(folder)
        except OSError as exc:
            raise OutputError(
                f"{folder}: cannot create the export folder of the settings file "
                f"({exc.strerror}); fix export_dir in `careerplan config path`"
            ) from None
    return where


def mentor_name(given: str | None) -> str | None:
    """--mentor NAME, else the settings file's mentor (--mentor '' records none)."""
    if given is not None:
        return given
    from careerplan.store.config import settings

    return settings().mentor


def emit(text: str, out: Path | None, *, force: bool, private: bool = False) -> None:
    """Print `text`, or write it atomically to `out` and say so on stderr."""
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from careerplan.store.files import write_atomic

    write_atomic(out, text, force=force, private=private)
    typer.echo(f"Wrote {out}", err=True)


def stdin_is_tty() -> bool:
    """Whether we can prompt: standard input is a terminal (a function, so that tests can
    say yes)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _complete_terminal_or_json(incomplete: str) -> list[tuple[str, str]]:
    from careerplan.cli import complete

    return complete.terminal_or_json(incomplete)


TerminalOrJsonOption = Annotated[
    str,
    typer.Option(
        "--to",
        "--format",
        "-t",
        "-f",
        metavar="FORMAT",
        help="terminal (default) or json (the same content as data, for scripts and editors).",
        autocompletion=_complete_terminal_or_json,
    ),
]
"""--to/--format for a command that prints either its terminal view or its data."""


def terminal_or_json(to: str) -> str:
    """The --to of a TerminalOrJsonOption, checked: 'terminal' or 'json'."""
    fmt = to.strip().lower()
    if fmt not in ("terminal", "json"):
        from careerplan.errors import InputError

        raise InputError(f"--format {to}: give terminal or json")
    return fmt
