"""The rating scale every item is rated on: two axes, levels 0 to 4."""

from __future__ import annotations

#: Names of the two rating axes.
SCALE_NAMES: tuple[str, ...] = ("compliance", "outcome")

#: The levels of both scales.
SCALE_LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4)


def is_level(value: object) -> bool:
    """Whether ``value`` is a level of the scales: a whole number 0-4 (True is not 1 here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value in SCALE_LEVELS
