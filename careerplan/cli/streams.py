"""Standard streams as careerplan finds them: any encoding, closed, or interrupted early.

- Output in an encoding other than UTF-8 (`careerplan plan me.yaml > plan.txt` on Windows
  writes cp1252; `LANG=C` gives ASCII): what the encoding cannot hold is replaced (`?`)
  rather than ending in an internal error.
- A closed standard output (`careerplan plan me.yaml >&-`): the command still does its
  work (a --save is still written); what it would print goes nowhere, and it ends with
  one line and exit code 1, as for a full disk.
- Ctrl-C while careerplan is still starting (importing its modules, before a command runs
  and can clean up after itself): careerplan.cli.main ends it at once with "interrupted"
  and exit code 130, never a traceback. The interpreter's own start, before careerplan's
  first line runs, is Python's: an interrupt there is Python's to report.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys

#: The exit code of a run ended by Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130
CLOSED_STDOUT = "standard output is closed, so nothing could be printed"


class ClosedOutput(io.TextIOBase):
    """Stands in for a closed standard output: every write fails with EBADF (reported by
    the error boundary in one line), a flush does nothing."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, CLOSED_STDOUT)

    def flush(self) -> None:
        return None


def prepare() -> None:
    """Make the streams safe to print to, whatever they are (see the module's text)."""
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the run
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:  # keep the encoding; replace only what it cannot hold
            errors = "replace" if stream is sys.stdout else "backslashreplace"
            reconfigure(errors=errors)
        except (ValueError, OSError, io.UnsupportedOperation):
            pass


def started() -> None:
    """Commands run from here: Ctrl-C is a KeyboardInterrupt again (careerplan.cli.main
    ended the run at once until now), so that a command removes its temporary files
    before it ends and the error boundary says 'interrupted'."""
    from careerplan import cli

    with contextlib.suppress(ValueError, OSError):
        if signal.getsignal(signal.SIGINT) is cli._quit_while_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.unraisablehook = _unraisable


def _unraisable(info: object) -> None:
    """A Ctrl-C that lands where Python cannot raise it (in a callback such as the import
    system's lock cleanup) is printed as 'Exception ignored … KeyboardInterrupt' and then
    lost, and the command goes on: it is delivered again to the command, which ends as any
    interrupted command does. Anything else is reported as Python reports it."""
    if isinstance(getattr(info, "exc_value", None), KeyboardInterrupt):
        import _thread

        _thread.interrupt_main()
        return
    sys.__unraisablehook__(info)  # type: ignore[arg-type]


def interrupted() -> None:
    """The last word on a KeyboardInterrupt that reached the top: one line, exit 130."""
    try:
        print("careerplan: interrupted", file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    quiet_stdout()
    raise SystemExit(INTERRUPTED)


def quiet_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's own last flush of what
    could not be written (a closed pipe, a full disk) cannot print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        sys.stdout = ClosedOutput()
