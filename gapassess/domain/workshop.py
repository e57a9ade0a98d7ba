"""Workshop arithmetic: the spread of participants' votes on one item, on both axes.

Plain data in, plain data out: the web layer, the report and the tests all call these.
A vote is a pair of levels (compliance, outcome), each 0-4 or None when the participant
did not rate that axis. Nothing here knows who voted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gapassess.domain.scale import SCALE_LEVELS, is_level


@dataclass(frozen=True)
class AxisSpread:
    """Votes on one axis: how many at each level, the median and the range."""

    counts: tuple[int, ...]  # votes at levels 0..4
    n: int
    median: float | None  # may end in .5 when n is even
    low: int | None
    high: int | None

    @property
    def range(self) -> int | None:
        return None if self.n == 0 else self.high - self.low  # type: ignore[operator]

    @property
    def prefill(self) -> int | None:
        """The level to propose as consensus: the median, rounded down when it ends in .5.

        Rounding down is the cautious choice: nobody should claim the higher level of a
        split room without the evidence to back it.
        """
        return None if self.median is None else int(self.median)

    def to_dict(self) -> dict[str, object]:
        return {
            "counts": list(self.counts),
            "n": self.n,
            "median": self.median,
            "low": self.low,
            "high": self.high,
            "range": self.range,
            "prefill": self.prefill,
        }


@dataclass(frozen=True)
class ItemSpread:
    """Both axes of one item, and whether the room disagrees enough to talk about it."""

    compliance: AxisSpread
    outcome: AxisSpread
    voters: int  # votes with at least one axis rated
    threshold: int

    @property
    def disagreement(self) -> bool:
        axes = (self.compliance, self.outcome)
        return any(is_disagreement(axis, self.threshold) for axis in axes)

    @property
    def prefill(self) -> tuple[int | None, int | None]:
        return self.compliance.prefill, self.outcome.prefill

    def to_dict(self) -> dict[str, object]:
        return {
            "compliance": self.compliance.to_dict(),
            "outcome": self.outcome.to_dict(),
            "voters": self.voters,
            "disagreement": self.disagreement,
            "threshold": self.threshold,
        }


def _check(level: int | None) -> int | None:
    if level is None:
        return None
    if not is_level(level):
        raise ValueError(f"a vote must be a whole number from 0 to 4, not {level!r}")
    return level


def median(levels: Sequence[int]) -> float | None:
    """The median of whole-number levels; None for no levels."""
    ordered = sorted(levels)
    n = len(ordered)
    if n == 0:
        return None
    mid = n // 2
    if n % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def axis_spread(levels: Iterable[int | None]) -> AxisSpread:
    """Spread of one axis; None (not rated) is left out."""
    rated = [lvl for lvl in (_check(v) for v in levels) if lvl is not None]
    counts = tuple(rated.count(level) for level in SCALE_LEVELS)
    if not rated:
        return AxisSpread(counts, 0, None, None, None)
    return AxisSpread(counts, len(rated), median(rated), min(rated), max(rated))


def is_disagreement(axis: AxisSpread, threshold: int) -> bool:
    """True when the highest and lowest vote differ by ``threshold`` levels or more."""
    return axis.n > 1 and axis.range >= threshold  # type: ignore[operator]


def item_spread(
    votes: Iterable[tuple[int | None, int | None]], threshold: int
) -> ItemSpread:
    """Spread of one item from (compliance, outcome) pairs, in any order; ``threshold`` is
    the scoring model's ``workshop.disagreement_threshold``."""
    pairs = [(_check(c), _check(o)) for c, o in votes]
    return ItemSpread(
        compliance=axis_spread(c for c, _ in pairs),
        outcome=axis_spread(o for _, o in pairs),
        voters=sum(1 for c, o in pairs if c is not None or o is not None),
        threshold=threshold,
    )

