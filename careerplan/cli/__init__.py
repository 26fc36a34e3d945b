"""The command line: a thin layer that parses arguments, calls the domain and turns
domain errors into one-line messages and exit codes.

Each command lives in its own module, on a `typer.Typer` of its own. The root group
(`careerplan.cli.root`) knows them from a table (`careerplan.cli.commands`) and imports a
command's module only when that command is run (`careerplan.cli.lazy`): the root's help
and the shell's list of commands come from the table alone. `careerplan.cli.app` is the
application (for tests and for anyone embedding careerplan). Command modules import the
domain lazily (inside each command) so that `--help` and `--version` start fast; prompting
libraries are imported only by interactive commands.
"""

from __future__ import annotations

import os
import sys

# Not `from typing import TYPE_CHECKING`: typing takes 25 ms to import, and until main()
# has its Ctrl-C handler in place an interrupt would print a traceback.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


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


#: True when careerplan runs as its own program (main()), whose process ends with the
#: command; False when embedded (tests, other programs), whose process goes on.
PROGRAM = False


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
    global PROGRAM
    PROGRAM = True
    # Starting (imports, the command's options) makes only objects that live to the end:
    # the garbage collector's passes over them would be wasted. It is on again when the
    # command runs (careerplan.cli.common.collector).
    import gc

    gc.disable()
    from careerplan.cli import root

    streams.started()
    try:
        root.main()
    finally:
        # The run is over. The interpreter's last act would be a full collection over
        # every object the command made, all still in use until then (about 2-3% of a
        # plan's instructions), to find nothing to free: frozen, they are skipped.
        # Objects are still freed as usual.
        gc.freeze()


def __getattr__(name: str) -> object:
    if name == "app":  # imported when asked for: main() must set up the streams first
        from careerplan.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
