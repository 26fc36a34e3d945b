"""Text bars that read the same with or without colour (NO_COLOR, printed, pasted)."""

from __future__ import annotations

FULL = "█"
EMPTY = "░"


def bar(fraction: float, width: int = 20) -> str:
    """A bar `width` characters long, filled to `fraction` (0..1), rounded to the nearest cell."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(fraction * width + 0.5)
    return FULL * filled + EMPTY * (width - filled)


UNRATED = "·"


def rating_bar(rating: int | None, top: int, *, cells: int = 1) -> str:
    """A rating on a scale of 1..top (the assessment's), each level `cells` wide: 2 with a
    top 4 -> ██░░; unrated -> ····. The one rating bar: every view of a rating draws it."""
    if rating is None:
        return UNRATED * (top * cells)
    return FULL * (rating * cells) + EMPTY * ((top - rating) * cells)
