"""The command line: a thin layer that parses arguments, calls the domain and turns
domain errors into one-line messages and exit codes.

Each command lives in its own module and registers itself on the application in
`careerplan.cli.root` when imported. `main()` imports only the module of the command being
run (typer would otherwise build every command's options on every start); help, a
mistyped command and shell completion get them all. `careerplan.cli.app` is the whole
application, every command loaded (for tests and for anyone embedding careerplan).
Command modules import the domain lazily (inside each command) so that `--help` and
`--version` start fast; prompting libraries are imported only by interactive commands.
"""

from __future__ import annotations

import os
import sys

# Not `from typing import TYPE_CHECKING`: typing takes 25 ms to import, and until main()
# has its Ctrl-C handler in place an interrupt would print a traceback.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import typer

# Command name -> the module that defines it, in the order help lists them.
COMMANDS = {
    "assess": "assess",
    "catalogue": "catalogue",
    "compare": "compare",
    "config": "config",
    "export": "export",
    "form": "form",
    "plan": "plan",
    "profile": "profile",
    "review": "review",
    "status": "review",
    "summary": "summary",
}


def load_commands(names: list[str] | None = None) -> typer.Typer:
    """The application with the named commands registered (every command when None)."""
    modules = COMMANDS.values() if names is None else [COMMANDS[n] for n in names]
    for module in dict.fromkeys(modules):
        # __import__ rather than importlib.import_module: `python -X importtime`, which the
        # benchmark and the import tests read, sees only imports made this way.
        __import__(f"careerplan.cli.{module}")
    from careerplan.cli.root import app

    return app


def _command_in(argv: list[str]) -> str | None:
    """The command a command line runs, when every other command can stay unloaded: the
    first word that is not an option, if it names a command. The root's own options take
    no value, so the first such word is the command."""
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # shell completion lists every command
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _quit_while_starting(_signum: int, _frame: object) -> None:
    """SIGINT before a command runs: nothing has been written yet, so end at once."""
    try:
        os.write(2, b"careerplan: interrupted\n")
    finally:
        os._exit(130)


def main() -> None:
    """The `careerplan` program: any output encoding, a closed output and an early Ctrl-C
    end quietly (careerplan/cli/streams.py)."""
    try:  # first of all: Ctrl-C while starting ends at once, quietly (exit code 130)
        _signal = __import__("_signal")  # built in: `signal` imports enum, 16 ms
        _signal.signal(_signal.SIGINT, _quit_while_starting)
    except (ImportError, ValueError, OSError):
        pass  # not the main thread (careerplan embedded): left as it is
    from careerplan.cli import streams

    try:
        streams.prepare()
        _main(streams)
    except KeyboardInterrupt:
        streams.interrupted()


def _main(streams: Any) -> None:
    if sys.argv[1:] == ["--version"]:
        # The one answer that needs no command at all.
        from careerplan import __version__

        print(f"careerplan {__version__}")
        return
    # pydantic looks for plugins among every installed package's entry points before it
    # builds its first schema (25 ms of a plan). careerplan uses none, and typer turns the
    # search off for its own parameters the same way; a value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    command = _command_in(sys.argv[1:])
    if command == "plan" and "--batch" not in sys.argv:
        # One plan makes tens of thousands of objects in imports, schemas and the catalogue
        # and frees almost none before it ends: the collector's passes over them are wasted
        # (about a twentieth of the run). Not for a batch, whose memory would grow.
        import gc

        gc.disable()
    from careerplan.cli import root

    load_commands(None if command is None else [command])
    streams.started()
    root.main()


def __getattr__(name: str) -> object:
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "app", "load_commands", "main"]
