"""The command line: a thin layer that parses arguments, calls the domain and turns
domain errors into one-line messages and exit codes.

Command modules import the domain lazily (inside each command) so that `--help` and
`--version` start fast; prompting libraries are imported only by interactive commands.
"""

from __future__ import annotations

from careerplan.cli import assess as _assess  # noqa: F401  (registers commands)
from careerplan.cli import catalogue as _catalogue  # noqa: F401  (registers commands)
from careerplan.cli import compare as _compare  # noqa: F401
from careerplan.cli import export as _export  # noqa: F401
from careerplan.cli import plan as _plan  # noqa: F401  (registers commands)
from careerplan.cli import profile as _profile  # noqa: F401  (registers commands)
from careerplan.cli import review as _review  # noqa: F401
from careerplan.cli import summary as _summary  # noqa: F401
from careerplan.cli.app import app, main

__all__ = ["app", "main"]
