"""Text bars that read the same with or without colour (NO_COLOR, printed, pasted)."""

from __future__ import annotations

FULL = "█"
EMPTY = "░"


def bar(fraction: float, width: int = 20) -> str:
    """A bar `width` characters long, filled to `fraction` (0..1), rounded to the nearest cell."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(fraction * width + 0.5)
    return FULL * filled + EMPTY * (width - filled)


def rating_bar(rating: int | None, top: int = 4) -> str:
    """A rating 1..top as filled cells, e.g. 2 -> ██░░; unrated -> ····."""
    if rating is None:
        return "·" * top
    return FULL * rating + EMPTY * (top - rating)
