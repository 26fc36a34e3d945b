"""The typer application, its global options and the error boundary."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from careerplan import __version__


class _Group(TyperGroup):
    """Turns every CareerplanError raised by a command into a message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        from careerplan.errors import CareerplanError, ValidationFailed

        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            # One line a problem, `file:line: …`, then the count: the same shape for one
            # problem as for twenty, so that editors and scripts can read it.
            for line in exc.lines():
                typer.echo(printable(line), err=True)
            count = len(exc.lines())
            typer.echo(
                f"careerplan: {count} problem{'s' if count != 1 else ''} found; fix "
                f"{'them' if count != 1 else 'it'} and run again",
                err=True,
            )
            raise typer.Exit(exc.exit_code) from None
        except CareerplanError as exc:
            for line in exc.lines():
                typer.echo(f"careerplan: {printable(line)}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("careerplan: interrupted", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, TyperException, BrokenPipeError):
            raise  # typer's own exits and usage errors; a closed pipe is handled in main()
        except MemoryError:
            typer.echo("careerplan: not enough memory for this input; use smaller files", err=True)
            raise typer.Exit(1) from None
        except Exception as exc:
            # The last resort: a bug. Say so plainly rather than print a traceback.
            import os

            if os.environ.get("CAREERPLAN_DEBUG"):
                raise
            typer.echo(
                f"careerplan: {INTERNAL_ERROR} ({type(exc).__name__}: "
                f"{printable(str(exc))[:200]}); please report it with the command you "
                "ran (set CAREERPLAN_DEBUG=1 for details)",
                err=True,
            )
            raise typer.Exit(1) from None


INTERNAL_ERROR = "unexpected internal error"
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]}
_CONTROL.update({0x9B: "\\x9b", 0x85: "\\x85"})
del _CONTROL[0x09]  # tab is harmless


def printable(text: str) -> str:
    """Control characters from input files shown escaped, so that a message cannot move
    the cursor, change colours or ring the bell in the user's terminal."""
    return text.translate(_CONTROL)


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
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, pwsh)
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"careerplan {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        typer.echo("\nStart here: careerplan assess")
        raise typer.Exit()


def main() -> None:
    import sys

    if sys.argv[1:] == ["--version"]:
        # The one answer that needs no command tree: typer would otherwise inspect every
        # command's signature first (a fifth of the start-up of `careerplan --version`).
        print(f"careerplan {__version__}")
        return
    try:
        try:
            app(prog_name="careerplan")
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`careerplan catalogue list | head`): stop quietly, and point
        # stdout at /dev/null so that the interpreter's own last flush cannot complain.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
