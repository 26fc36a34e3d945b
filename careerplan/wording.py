"""Small pieces of wording shared by the engine and its renderers."""

from __future__ import annotations


def num(value: float) -> str:
    """1.0 -> '1', 2.5 -> '2.5', 13.456 -> '13.46' (two decimals at most)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
