"""A rich renderable as plain text (for writing a terminal view to a file)."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType


def to_text(renderable: RenderableType, width: int = 100) -> str:
    console = Console(
        width=width, no_color=True, highlight=False, emoji=False, record=True, file=io.StringIO()
    )
    console.print(renderable)
    from careerplan.textsafe import terminal

    return terminal(console.export_text(), lines=True)  # escapes shown, as on screen
