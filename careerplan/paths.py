"""Where the shipped catalogue is: inside the installed package, or beside it in a
source checkout. Everything that reads a shipped file starts here.
"""

from __future__ import annotations

from pathlib import Path


def shipped_dir() -> Path:
    """The catalogue inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    inside = here / "catalogue"
    if (inside / "assessment.yaml").is_file():
        return inside
    return here.parent / "catalogue"
