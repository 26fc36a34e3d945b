"""Small pieces every command shares: consoles, loading the catalogue, output (the options
they share are in careerplan/cli/options.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from careerplan.model.catalogue import Catalogue


def collector(*, on: bool) -> None:
    """The garbage collector on or off, when careerplan runs as its own program (main()
    keeps it off while starting; the root turns it on when the command runs, past what
    starting made, which lives to the end: frozen, never walked again). Off for a
    command that makes tens of thousands of objects (imports, schemas, the catalogue) and
    frees almost none before it ends, as one plan does: the collector's passes over them
    are wasted (about a twentieth of the run); never for a batch, whose memory would grow.
    Embedded (tests, other programs), the process goes on after the command: left alone."""
    from careerplan import cli

    if cli.PROGRAM:
        import gc

        if on:
            gc.freeze()
            gc.enable()
        else:
            gc.disable()


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
