"""The one family of domain errors. The CLI turns each into a message and an exit code.

Exit codes: 2 for bad input (a file or an argument the user can fix), 1 for a failure
to write output, 130 for an interrupted prompt.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, printed as `file:line: entry: field: message`."""

    file: str
    line: int | None
    entry: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class CareerplanError(Exception):
    """Base of every error careerplan reports to its user."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(CareerplanError):
    """Input the user can fix: a file, a flag or an answer. Exit code 2."""

    exit_code = 2


class ValidationFailed(InputError):
    """One or more problems found in input files, all reported in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def _problem_key(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.entry or "", p.field or "", p.message)


class OutputError(CareerplanError):
    """An output file could not be written (exists, missing folder, read-only, disk full)."""

    exit_code = 1


class AlreadyExists(OutputError):
    """The output file is already there and --force was not given."""

    def __init__(self, path):
        self.path = path
        super().__init__(
            f"{path}: already exists; use --force to replace it, or choose another file name"
        )


class Interrupted(CareerplanError):
    """The user pressed Ctrl-C at a prompt."""

    exit_code = 130
