"""The typer application, its global options and the error boundary."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from careerplan import __version__


class _Group(TyperGroup):
    """Turns every CareerplanError raised by a command into a message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        from careerplan.errors import CareerplanError

        try:
            return super().invoke(ctx)
        except CareerplanError as exc:
            for line in exc.lines():
                typer.echo(f"careerplan: {line}" if len(exc.lines()) == 1 else line, err=True)
            if exc.exit_code == 2 and len(exc.lines()) > 1:
                typer.echo(f"careerplan: {len(exc.lines())} problems found; fix them and run "
                           "again", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("careerplan: interrupted", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    help="Plan your development as a medical leader in mental health.\n\n"
    "Start with **careerplan assess**: answer a short self-assessment and get a "
    "personalised, dated development plan drawn from the NHS Confederation's 2025 report on "
    "senior medical leadership.",
    epilog="Example: careerplan assess",
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"careerplan {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        typer.echo("\nStart here: careerplan assess")
        raise typer.Exit()


def main() -> None:
    app(prog_name="careerplan")
