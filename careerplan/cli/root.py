"""The root of the command line: the group of commands (careerplan/cli/commands.py, each
loaded when run), its global options and the error boundary."""

from __future__ import annotations

import errno
import re
from typing import Any, NoReturn

import typer
from typer.core import TyperOption

from careerplan import __version__
from careerplan.cli.commands import COMMANDS
from careerplan.cli.lazy import LazyGroup
from careerplan.cli.streams import INTERRUPTED


def _is_usage_error(exc: BaseException) -> bool:
    """A bad option, argument or command (click's UsageError and its kinds: BadParameter,
    NoSuchOption, MissingParameter ...). typer names only BadParameter publicly; the others
    live in its private, vendored click. Every one is a TyperException with click's exit code
    for usage errors, 2, and the context it was met in."""
    return isinstance(exc, typer.TyperException) and exc.exit_code == 2 and hasattr(exc, "ctx")


class _Group(LazyGroup):
    """careerplan's commands, each loaded when run; turns every CareerplanError raised by a
    command into a message and an exit code."""

    lazy_commands = COMMANDS

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except typer.TyperException as exc:
            if not _is_usage_error(exc):
                raise
            _usage(exc)
        except KeyboardInterrupt:  # Ctrl-C while the options are read: not "Aborted!"
            _say_interrupted()
            raise typer.Exit(INTERRUPTED) from None

    def invoke(self, ctx: Any) -> Any:
        from careerplan.errors import CareerplanError, ValidationFailed

        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            if not _is_usage_error(exc):
                raise  # typer's own exits
            _usage(exc)
        except ValidationFailed as exc:
            # One line a problem, `file:line: …`, then the count: the same shape for one
            # problem as for twenty, so that editors and scripts can read it.
            for line in exc.lines():
                typer.echo(printable(_shorten(line)), err=True)
            from careerplan.wording import noun, plural

            count = len(exc.lines())
            typer.echo(
                f"careerplan: {plural(count, 'problem')} found; fix "
                f"{noun(count, 'it', 'them')} and run again",
                err=True,
            )
            raise typer.Exit(exc.exit_code) from None
        except CareerplanError as exc:
            _domain_error(exc)
        except KeyboardInterrupt:
            _say_interrupted()
            raise typer.Exit(INTERRUPTED) from None
        except (typer.Exit, typer.Abort, BrokenPipeError):
            raise  # typer's own exits; a closed pipe is handled in main()
        except MemoryError:
            typer.echo("careerplan: not enough memory for this input; use smaller files", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            raise _os_error(exc) from None
        except Exception as exc:  # noqa: BLE001 - the last resort: a bug, said in one line
            raise _internal(exc) from None


def _os_error(exc: OSError) -> BaseException:
    """An OSError no command turned into a message: a name too long for the file system
    (any path given, wherever it is met), output that cannot be written (`> /dev/full`,
    a disk filling up mid-print), else a bug."""
    if exc.errno == errno.ENAMETOOLONG:
        typer.echo(f"careerplan: {printable(_shorten(_too_long(exc)))}", err=True)
        return typer.Exit(2)
    if exc.errno not in _OUTPUT_ERRNOS:
        return _internal(exc)
    typer.echo(f"careerplan: {_cannot_write(exc)}", err=True)
    return typer.Exit(1)


def _internal(exc: Exception) -> BaseException:
    """The last resort: a bug. Say so plainly rather than print a traceback."""
    import os

    if os.environ.get("CAREERPLAN_DEBUG"):
        return exc
    typer.echo(
        f"careerplan: {INTERNAL_ERROR} ({type(exc).__name__}: "
        f"{printable(str(exc))[:200]}); please report it with the command you "
        "ran (set CAREERPLAN_DEBUG=1 for details)",
        err=True,
    )
    return typer.Exit(1)


def _usage(exc: Any) -> NoReturn:
    """A bad option or argument (a usage error: _is_usage_error) as one line naming the
    command, not typer's usage box."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # as typer tells it (rich_utils.py)
        raise exc  # not an error: the help text, as asked for
    own = _own_words(exc)
    message = own if own is not None else " ".join(exc.format_message().split())
    message = message.replace("Value error, ", "").replace("Invalid value for ", "").rstrip(".")
    message = re.sub(
        r"'(--[\w-]+)': '(.*)' does not match the formats? '%Y-%m-%d'.*",
        r"\1: '\2' is not a date; write it as YYYY-MM-DD",
        message,
    )
    # A date option's own check (careerplan.clock): "--today: 'soon' is not a date; …".
    message = re.sub(
        r"^'(--[\w-]+)': ('.*?'): give a date such as",
        r"\1: \2 is not a date; give one such as",
        message,
    )
    # The option unquoted and named once, as we write it ("--to: 'xml' is not one of …").
    message = re.sub(r"^'(--[\w-]+)'(?: / '[^']+')*: ", r"\1: ", message)
    command = exc.ctx.command_path if exc.ctx is not None else "careerplan"
    typer.echo(f"careerplan: {printable(_shorten(message))}; see `{command} -h`", err=True)
    raise typer.Exit(2)


def _too_long(exc: OSError) -> str:
    name = str(exc.filename or "a file name")
    return (
        f"{name}: the name is too long for the file system (at most 255 characters a "
        "name, 4,096 a path); choose a shorter one"
    )


_KINDS = {
    "int_parsing": "is not a whole number; give one such as 12",
    "int_from_float": "is not a whole number; give one such as 12",
    "float_parsing": "is not a number; give one such as 7.5",
    "bool_parsing": "is not yes or no; give true or false",
}


def _own_words(exc: Any) -> str | None:
    """A value typer could not convert, in our words rather than pydantic's: `--horizon abc`
    says "'abc' is not a whole number", not "Input should be a valid integer"."""
    cause = exc.__cause__
    param = getattr(exc, "param", None)
    errors = getattr(cause, "errors", None)
    if param is None or not callable(errors):
        return None
    try:
        first = errors()[0]
    except (IndexError, TypeError):
        return None
    what = _KINDS.get(str(first.get("type")))
    if what is None:
        return None
    name = next((o for o in param.opts if o.startswith("--")), str(param.name))
    return f"{name}: {first.get('input')!r} {what}"


def _cannot_write(exc: OSError) -> str:
    if exc.errno == errno.EBADF:  # `careerplan ... >&-`
        from careerplan.cli.streams import CLOSED_STDOUT

        return f"{CLOSED_STDOUT}; run it again with the output open or use --out"
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}cannot write the output ({exc.strerror}); free some space or write elsewhere"


_OUTPUT_ERRNOS = {
    errno.ENOSPC,
    errno.EIO,
    errno.EFBIG,
    errno.EBADF,  # standard output closed (cli/streams.py)
    getattr(errno, "EDQUOT", errno.ENOSPC),
}
INTERNAL_ERROR = "unexpected internal error"
MAX_MESSAGE = 400  # characters of one message line; the rest is elided


def _shorten(line: str) -> str:
    """A message line no longer than MAX_MESSAGE: a value echoed back (10,000 goals given
    to --set) is cut in the middle, so the start and the fix at the end both stay."""
    if len(line) <= MAX_MESSAGE:
        return line
    keep = MAX_MESSAGE // 2 - 10
    return f"{line[:keep]} ... ({len(line) - 2 * keep:,} characters cut) ... {line[-keep:]}"


def printable(text: str) -> str:
    """Control characters from input files shown escaped, so that a message cannot move
    the cursor, change colours or ring the bell in the user's terminal."""
    from careerplan.textsafe import terminal

    return terminal(text)


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


def _flag_type(self: TyperOption, ctx: Any) -> str | None:
    """No `<bool>` beside a flag in help (a flag takes no value); other options as typer
    shows them (their METAVAR)."""
    if self.is_flag and self.metavar is None:
        return None
    return _typer_type(self, ctx)


_typer_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]


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
    from careerplan.cli.common import collector

    collector(on=True)  # started: the command runs (careerplan.cli.main)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        typer.echo("\nStart here: careerplan assess")
        raise typer.Exit()


_interrupted_said = False


def _domain_error(exc: Any) -> NoReturn:
    """A domain error: a line for each of its lines ('careerplan: …'), and its exit code."""
    for line in exc.lines():
        typer.echo(f"careerplan: {printable(_shorten(line))}", err=True)
    if exc.exit_code == INTERRUPTED:  # 'stopped. Your 2 answers are saved …' says it
        _say_interrupted(said=True)
    raise typer.Exit(exc.exit_code) from None


def _say_interrupted(*, said: bool = False) -> None:
    """'careerplan: interrupted', once a run; `said`: a command has already said it its
    own way ('stopped. Your 2 answers are saved …')."""
    global _interrupted_said
    if not _interrupted_said and not said:
        typer.echo("careerplan: interrupted", err=True)
    _interrupted_said = True


def main() -> None:
    """Run the application as `careerplan`."""
    import sys

    try:
        try:
            app(prog_name="careerplan")
        finally:
            sys.stdout.flush()
    except SystemExit as exc:
        # typer turns a Ctrl-C it catches itself (as the command's context opens or
        # closes, outside make_context and invoke above) into exit code 130 without a word.
        if exc.code == INTERRUPTED:
            _say_interrupted()
        raise
    except BrokenPipeError:
        # The reader went away (`careerplan catalogue list | head`): stop quietly, and point
        # stdout at /dev/null so that the interpreter's own last flush cannot complain.
        from careerplan.cli.streams import quiet_stdout

        quiet_stdout()
        sys.exit(1)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        # `careerplan ... > /dev/full`: what typer printed could not be written out.
        print(f"careerplan: {_cannot_write(exc)}", file=sys.stderr)
        from careerplan.cli.streams import quiet_stdout

        quiet_stdout()
        sys.exit(1)
