"""Why an action sits where it does, and what a roadmap notes: codes with parameters.

The engine decides which reasons and notes apply and with which values; it writes no
sentences. ``gapassess.domain.wording.roadmap_text`` turns a code and its parameters into the
English sentence (docs/scoring.md lists the codes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import FrozenInstanceError
from types import MappingProxyType

ParamValue = str | int | float | tuple[str, ...]
_EMPTY: Mapping[str, ParamValue] = MappingProxyType({})

# Reasons of item actions.
CHANGE_KIND = "change-kind"  # change: kind; text: the scoring model's change_reasons text
COMPLIANCE_GAP = "compliance-gap"  # gap, level, level_label, threshold, threshold_label
OUTCOME_GAP = "outcome-gap"  # the same for the outcome axis
WEIGHTED_HIGH = "weighted-high"  # weight, change ("" unless it adds weight), key_item, tags
ADVISORY = "advisory"
AFTER = "after"  # items, labels: the prerequisites it builds on
BROUGHT_FORWARD = "brought-forward"  # item, label: the work that builds on it
COMPLIANCE_ONLY = "compliance-only"
STRUCTURE_FIRST = "structure-first"
AFTER_TARGET = "after-target"
AFTER_TARGET_INITIAL = "after-target-initial"  # the same, for an initial certification
ENDS_AFTER_DEADLINE = "ends-after-deadline"  # capacity, deadline
# Reasons of milestones.
MILESTONE_EXPECTED = "milestone-expected"  # milestone: key; text: the model's reason
MILESTONE_AFTER_CONFORMITY = "milestone-after-conformity"
MILESTONE_AFTER_MILESTONE = "milestone-after-milestone"  # previous: title
MILESTONE_DEADLINE = "milestone-deadline"  # weeks, target, deadline
# Notes of a roadmap. A default target's note says what the date rests on.
DEFAULT_TARGET = "default-target"  # target, edition, confirmed: the all-audits date
DEFAULT_TARGET_DEADLINE = "default-target-deadline"  # the same: the end of the transition
DEFAULT_TARGET_NEXT_AUDIT = "default-target-next-audit"  # target
DEFAULT_TARGET_EXPIRY = "default-target-expiry"  # target: the certificate's expiry
DEFAULT_TARGET_INITIAL = "default-target-initial"  # target, months
DEFAULT_TARGET_MONTHS = "default-target-months"  # target, months (no transition dates)
#: The note's code for each basis of a default target (gapassess.domain.transition).
DEFAULT_TARGETS: Mapping[str, str] = MappingProxyType({
    "all-audits": DEFAULT_TARGET, "transition-end": DEFAULT_TARGET_DEADLINE,
    "next-audit": DEFAULT_TARGET_NEXT_AUDIT, "certificate-expiry": DEFAULT_TARGET_EXPIRY,
    "initial-certification": DEFAULT_TARGET_INITIAL, "no-transition": DEFAULT_TARGET_MONTHS,
})
INFEASIBLE = "infeasible"  # capacity, person_days, months
UNRATED_ITEMS = "unrated-items"  # count
PARTIAL_ITEMS = "partial-items"  # count


class Reason:
    """One reason or note: a code and the values its sentence needs. Immutable: attributes
    cannot be set and ``params`` is a read-only mapping; equal reasons hash alike."""

    __slots__ = ("_hash", "_lists", "code", "params")
    code: str
    params: Mapping[str, ParamValue]
    _hash: int
    _lists: bool

    def __init__(self, code: str, params: Mapping[str, ParamValue] = _EMPTY) -> None:
        frozen = params if type(params) is MappingProxyType else MappingProxyType(dict(params))
        _set(self, "code", code)
        _set(self, "params", frozen)
        _set(self, "_hash", hash((code, frozenset(frozen.items()))))
        _set(self, "_lists", tuple in map(type, frozen.values()))  # a parameter is a tuple

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")  # i18n: not shown

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")  # i18n: not shown

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return self.code == other.code and self.params == other.params

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Reason({self.code!r}, {dict(self.params)!r})"  # i18n: not shown

    def __reduce__(self) -> tuple[type[Reason], tuple[str, dict[str, ParamValue]]]:
        return (Reason, (self.code, dict(self.params)))  # copy and pickle like any value

    def plain_params(self) -> dict[str, object]:
        """A new dict of the parameters with tuples as lists (for JSON)."""
        if not self._lists:
            return dict(self.params)
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in self.params.items()}


_set = object.__setattr__
