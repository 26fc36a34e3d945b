"""Every option more than one command takes, declared once (in the manner of pip's
`cli/cmdoptions.py`): its names, short names and metavar live here alone, so that `--out`
cannot be `-o FILE` in one command and `PATH` in another. A test finds any flag declared
twice in careerplan/cli (tests/test_cli_consistency.py).

Where the option means the same everywhere it is a ready `Annotated` type (`ForceOption`);
where each command says what it does with it, a function taking that help (`out(...)`),
used as `out: Annotated[Path | None, options.out("Write to FILE instead of printing.")]`.
Options one command alone takes are declared in that command's module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from careerplan.cli import complete

Completion = Callable[..., Any]


def out(help: str = "Write to FILE instead of printing.") -> Any:
    """--out/-o FILE: where a command writes what it would otherwise print."""
    return typer.Option("--out", "-o", metavar="FILE", help=help)


def to(help: str, *, completion: Completion | None = None, metavar: str | None = "FORMAT") -> Any:
    """--to/--format/-t/-f: what a command prints or writes (the two names are one option).
    An enum-typed option passes metavar=None, so that help lists its choices."""
    return typer.Option(
        "--to", "--format", "-t", "-f", metavar=metavar, help=help, autocompletion=completion
    )


def plain(help: str) -> Any:
    """--plain: sentences for a screen reader rather than charts, menus and colours."""
    return typer.Option("--plain", help=help)


def explain(help: str) -> Any:
    """--explain: the arithmetic behind the plan, in full."""
    return typer.Option("--explain", help=help)


def rater(help: str) -> Any:
    """--rater: a colleague's view of someone (with --for NAME) rather than one's own."""
    return typer.Option("--rater", help=help)


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
    plain(
        "Plain sentences read top to bottom, with no bars, charts or tables (for a "
        "screen reader or a braille display; also when TERM=dumb)."
    ),
]
ForOption = Annotated[
    str | None,
    typer.Option("--for", metavar="NAME", help="With --rater: the colleague being rated."),
]
FrameworkOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar="FRAMEWORK",
        help="Group the self-ratings by a framework's domains: gmp (Good medical practice), "
        "lcf (NHS board leadership competencies), fmlm or hlm (Healthcare Leadership Model).",
        autocompletion=complete.frameworks,
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        metavar="FILE",
        help='Your organisation\'s own Jinja2 layout for md or html (see "Custom layouts" '
        "in the README).",
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

TerminalOrJsonOption = Annotated[
    str,
    to(
        "terminal (default) or json (the same content as data, for scripts and editors).",
        completion=complete.terminal_or_json,
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
