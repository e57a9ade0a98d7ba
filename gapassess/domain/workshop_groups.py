"""Perception by role: the spread of workshop votes per group, and perception gaps.

A workshop may ask participants which group they belong to (a role kind from
``ROLE_KINDS``). Votes are then (group, compliance, outcome), the group None when the
participant gave none. Two rules, both here and nowhere else:

* **Small groups are never shown apart.** On each axis, a group with fewer than
  ``min_size`` votes is merged with the participants who gave no group into "other
  participants". When that merged set is itself smaller than ``min_size`` (but not empty),
  the smallest group still shown is merged into it too, and so on: otherwise its votes could
  be worked out by subtracting the groups shown from the whole room's spread. When
  everything ends up merged there is no breakdown at all.
* **Perception gap.** On an axis where both top management and the front line are shown
  apart, top management's median ``gap`` levels or more above the front line's is a
  perception gap: what the leaders believe, the floor does not see. Each axis is checked
  on its own. A group merged away never takes part, so a gap never exposes a small group.

The thresholds are the scoring model's ``workshop.min_group_size`` and
``workshop.perception_gap``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from gapassess.domain.scale import is_level
from gapassess.domain.workshop import AxisSpread, axis_spread
from gapassess.i18n import lazy_gettext

#: The groups a facilitator can offer the room, in the order they are listed.
ROLE_KINDS: tuple[str, ...] = (
    "top-management", "process-owners", "front-line", "quality-team", "other-staff",
)
#: The groups a new workshop offers unless the facilitator changes them.
DEFAULT_GROUPS: tuple[str, ...] = (
    "top-management", "process-owners", "front-line", "quality-team",
)
TOP_MANAGEMENT = "top-management"
FRONT_LINE = "front-line"

#: Each role kind's name, translated when shown.
ROLE_LABELS = {
    "top-management": lazy_gettext("Top management"),
    "process-owners": lazy_gettext("Process owners"),
    "front-line": lazy_gettext("Front line"),
    "quality-team": lazy_gettext("Quality team"),
    "other-staff": lazy_gettext("Other staff"),
}

Axis = Literal["compliance", "outcome"]
AXES: tuple[Axis, Axis] = ("compliance", "outcome")
GroupVote = tuple[str | None, int | None, int | None]


def role_label(kind: str | None) -> str:
    """The group's name in the current language; "Other participants" for None (the
    participants merged together) and the kind itself for one no longer offered."""
    if kind is None:
        return str(lazy_gettext("Other participants"))
    label = ROLE_LABELS.get(kind)
    return str(label) if label is not None else kind


def _order(kind: str) -> tuple[int, str]:
    return (ROLE_KINDS.index(kind) if kind in ROLE_KINDS else len(ROLE_KINDS), kind)


@dataclass(frozen=True)
class GroupAxis:
    """One group's votes on one axis; ``group`` None for the participants merged together."""

    group: str | None
    spread: AxisSpread

    @property
    def label(self) -> str:
        return role_label(self.group)


@dataclass(frozen=True)
class PerceptionGap:
    """Top management's median ``gap`` levels or more above the front line's on one axis."""

    axis: Axis
    top_management: float
    front_line: float

    @property
    def levels(self) -> float:
        return self.top_management - self.front_line

    def to_dict(self) -> dict[str, object]:
        return {"axis": self.axis, "top_management": self.top_management,
                "front_line": self.front_line}


@dataclass(frozen=True)
class GroupRow:
    """One line of a per-group table: a group's spread on each axis (None where it is
    merged with the other participants on that axis)."""

    group: str | None
    compliance: AxisSpread | None
    outcome: AxisSpread | None

    @property
    def label(self) -> str:
        return role_label(self.group)


@dataclass(frozen=True)
class GroupSpreads:
    """The per-group spread of one item on both axes, and its perception gaps."""

    compliance: tuple[GroupAxis, ...]  # groups shown apart, then "other participants"
    outcome: tuple[GroupAxis, ...]
    min_size: int
    gap: int
    # Axes where top management and the front line both have ``min_size`` votes or more:
    # a gap could be checked there, unless the table had to merge one of them.
    comparable: tuple[str, ...] = ()

    @property
    def unchecked(self) -> tuple[str, ...]:
        """Axes where both compared groups are large enough but one of them had to be
        merged to keep a smaller group's votes from being worked out (a lone quality
        manager beside three leaders and three operators): no gap can be shown there
        without exposing that vote, and the page says so instead of staying silent."""
        out = []
        for axis in self.comparable:
            shown = {g.group for g in getattr(self, axis)}
            if not {TOP_MANAGEMENT, FRONT_LINE} <= shown:
                out.append(axis)
        return tuple(out)

    @property
    def shown(self) -> bool:
        """Whether any group is shown apart on either axis."""
        return any(g.group is not None for g in (*self.compliance, *self.outcome))

    @property
    def gaps(self) -> tuple[PerceptionGap, ...]:
        found = []
        for axis in AXES:
            medians = {g.group: g.spread.median for g in getattr(self, axis)}
            top, front = medians.get(TOP_MANAGEMENT), medians.get(FRONT_LINE)
            if top is not None and front is not None and top - front >= self.gap:
                found.append(PerceptionGap(axis, top, front))
        return tuple(found)

    def rows(self) -> list[GroupRow]:
        """One row per group shown apart on either axis, in the order of ``ROLE_KINDS``,
        then "other participants" when some are merged."""
        by_axis = {axis: {g.group: g.spread for g in getattr(self, axis)} for axis in AXES}
        named = {g for spreads in by_axis.values() for g in spreads if g is not None}
        groups: list[str | None] = [*sorted(named, key=_order)]
        if any(None in spreads for spreads in by_axis.values()):
            groups.append(None)
        return [GroupRow(g, by_axis["compliance"].get(g), by_axis["outcome"].get(g))
                for g in groups]

    def to_dict(self) -> dict[str, object]:
        return {
            "groups": [
                {"group": row.group, "label": row.label,
                 "compliance": row.compliance.to_dict() if row.compliance else None,
                 "outcome": row.outcome.to_dict() if row.outcome else None}
                for row in self.rows()
            ],
            "perception_gaps": [gap.to_dict() for gap in self.gaps],
            "perception_unchecked": list(self.unchecked),
            "min_group_size": self.min_size,
        }


def _merge_order(kind: str, levels: Sequence[int]) -> tuple[int, bool, int, str]:
    """Which group to merge first: the smallest; among equals one the perception rule does
    not compare, then the one listed last."""
    rank, name = _order(kind)
    return (len(levels), kind in (TOP_MANAGEMENT, FRONT_LINE), -rank, name)


def axis_groups(votes: Iterable[tuple[str | None, int | None]],
                min_size: int) -> tuple[GroupAxis, ...]:
    """The groups shown apart on one axis (each with ``min_size`` votes or more), then the
    other participants merged together; empty when no group can be shown apart."""
    if min_size < 1:
        raise ValueError(f"min_size must be at least 1, not {min_size!r}")
    by_group: dict[str | None, list[int]] = {}
    for group, level in votes:
        if level is None:
            continue
        if not is_level(level):
            raise ValueError(f"a vote must be a whole number from 0 to 4, not {level!r}")
        by_group.setdefault(group, []).append(level)
    named = {g: levels for g, levels in by_group.items()
             if g is not None and len(levels) >= min_size}
    rest = [lvl for g, levels in by_group.items() if g not in named for lvl in levels]
    while 0 < len(rest) < min_size and named:
        merged = min(named, key=lambda g: _merge_order(g, named[g]))
        rest.extend(named.pop(merged))
    if not named:
        return ()
    shown = [GroupAxis(g, axis_spread(named[g])) for g in sorted(named, key=_order)]
    if rest:
        shown.append(GroupAxis(None, axis_spread(rest)))
    return tuple(shown)


def group_spreads(votes: Iterable[GroupVote], *, min_size: int, gap: int) -> GroupSpreads:
    """Per-group spread of one item from (group, compliance, outcome) votes, in any order;
    ``min_size`` and ``gap`` are the scoring model's ``workshop.min_group_size`` and
    ``workshop.perception_gap``."""
    rows = list(votes)

    def enough(index: int) -> bool:
        return all(sum(1 for row in rows if row[0] == kind and row[index] is not None)
                   >= min_size for kind in (TOP_MANAGEMENT, FRONT_LINE))

    return GroupSpreads(
        compliance=axis_groups(((g, c) for g, c, _ in rows), min_size),
        outcome=axis_groups(((g, o) for g, _, o in rows), min_size),
        min_size=min_size,
        gap=gap,
        comparable=tuple(axis for index, axis in enumerate(AXES, start=1) if enough(index)),
    )


@dataclass(frozen=True)
class ItemGap:
    """A perception gap on one item."""

    item_id: str
    gap: PerceptionGap


def perception_gaps(votes: Mapping[str, Iterable[GroupVote]], *, min_size: int, gap: int,
                    order: Sequence[str] = ()) -> list[ItemGap]:
    """Every perception gap of ``votes`` (item id -> (group, compliance, outcome) votes),
    items in ``order`` first (a questionnaire's), then the others by id; compliance before
    outcome on one item."""
    rank = {item_id: index for index, item_id in enumerate(order)}
    items = sorted(votes, key=lambda item_id: (rank.get(item_id, len(rank)), item_id))
    return [ItemGap(item_id, found)
            for item_id in items
            for found in group_spreads(votes[item_id], min_size=min_size, gap=gap).gaps]
