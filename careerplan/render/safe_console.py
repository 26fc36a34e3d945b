"""A rich Console that shows, never obeys, control characters in the text it prints.

Names, titles and notes printed by any command come from files other people wrote (a
mentee's profile, an organisation's catalogue): an escape sequence in one must not
retitle, recolour or rewrite the user's terminal. Every text segment passes through
`careerplan.textsafe.terminal` just before it is written; rich's own control segments
(cursor moves of a progress bar) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

from careerplan.textsafe import terminal


class SafeConsole(Console):
    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment
            if segment.control
            else Segment(terminal(segment.text, lines=True), *segment[1:])
            for segment in buffer
        )
