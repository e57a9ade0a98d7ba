"""Roll-ups per clause, per sub-clause and overall, and the four headline indices.

Scores are weighted means of level / 4 * 100 over the items rated on that axis. The
compliance score, the conformity indices and the class counts leave out advisory items
(guidance, not requirements); the outcome score includes them. Not-applicable items are left
out of everything; unanswered axes are left out, never counted as zero.

Each item is added to one ``Tally``: its sub-clause's, or its clause's when it has none.
A clause's tally then takes in its sub-clauses', and the overall tally every clause's.
The tallies are made afresh for each assessment and handed over to its results.

Scores are whole numbers, the precision every page, report and summary shows, and the
class of a clause, sub-clause or the whole assessment is the class of those shown figures
(``shown_score``): a clause shown at 75 is never classed below a threshold of 75.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from gapassess.domain.classification import CLASSES, is_high
from gapassess.domain.engine.results import ClauseResult, ItemResult, OverallResult

if TYPE_CHECKING:
    from gapassess.domain.engine.prepared import Prepared
    from gapassess.domain.scoring_model import ScoringModel

#: Below this total weight there is nothing to measure (the figure is None).
_NO_WEIGHT = 1e-12


def _no_classes() -> dict[str, int]:
    return dict.fromkeys(CLASSES, 0)


@dataclass(slots=True)
class Tally:
    """Sums over the items of one clause, sub-clause or the whole assessment."""

    applicable: int = 0  # items not marked not applicable
    answered: int = 0  # applicable items rated on both axes
    outcome_weight: float = 0.0  # weight of applicable items rated on outcome
    outcome_points: float = 0.0  # the same, times each item's outcome level
    compliance_weight: float = 0.0  # weight of applicable requirements rated on compliance
    compliance_points: float = 0.0  # the same, times each item's compliance level
    conforming_weight: float = 0.0  # compliance weight with compliance at or above threshold
    transition_weight: float = 0.0  # compliance weight on changes counted for transition
    transition_conforming_weight: float = 0.0  # ... of which at or above the threshold
    classed_conforming_weight: float = 0.0  # weight of classed requirements, compliance high
    compliance_only_weight: float = 0.0  # ... of which classed compliance-only
    class_counts: dict[str, int] = field(default_factory=_no_classes)

    def add_item(self, item: ItemResult, transition: bool, compliance_threshold: int) -> None:
        """Add one item's result; ``transition`` when its change counts for transition."""
        if item.status == "not-applicable":
            return
        self.applicable += 1
        self.answered += item.status == "answered"
        if item.outcome is not None:
            self.outcome_weight += item.weight
            self.outcome_points += item.weight * item.outcome
        if not item.advisory:  # guidance counts in the outcome score only
            self._add_class(item)
            self._add_compliance(item, transition, compliance_threshold)

    def _add_class(self, item: ItemResult) -> None:
        if item.classification is None:
            return
        self.class_counts[item.classification] += 1
        if item.classification in ("compliance-only", "outcome-driven"):
            self.classed_conforming_weight += item.weight
        if item.classification == "compliance-only":
            self.compliance_only_weight += item.weight

    def _add_compliance(self, item: ItemResult, transition: bool, threshold: int) -> None:
        if item.compliance is None:
            return
        weight = item.weight
        high = is_high(item.compliance, threshold)
        self.compliance_weight += weight
        self.compliance_points += weight * item.compliance
        self.conforming_weight += weight * high
        if transition:
            self.transition_weight += weight
            self.transition_conforming_weight += weight * high

    def add(self, other: Tally) -> None:
        """Take in another tally's sums (a sub-clause's into its clause's, ...)."""
        for name in _SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, count in other.class_counts.items():
            self.class_counts[name] += count

    @property
    def compliance_score(self) -> float | None:
        return _score(self.compliance_points, self.compliance_weight)

    @property
    def outcome_score(self) -> float | None:
        return _score(self.outcome_points, self.outcome_weight)


#: The summed fields of a Tally (every field but the class counts).
_SUMS = tuple(f.name for f in fields(Tally) if f.name != "class_counts")


def shown_score(score: float) -> float:
    """A 0-100 score at the precision shown: a whole number, halves rounded up.

    Rounded first to 6 decimals so that a sum meant to be an exact half is not pushed
    below it by floating-point error.
    """
    return float(math.floor(round(score, 6) + 0.5))


def _score(points: float, weight: float) -> float | None:
    """Weighted mean level as a shown 0-100 score; None when nothing is rated."""
    if weight <= _NO_WEIGHT:
        return None
    return shown_score(min(100.0, points / weight * 25))


def _share(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole`` (sums over the same items in the same order, so
    a part that is the whole gives exactly 100)."""
    return min(100.0, part / whole * 100) if whole > _NO_WEIGHT else None


def tallies(prepared: Prepared, items: list[ItemResult],
            model: ScoringModel) -> tuple[Tally, list[Tally]]:
    """The overall tally and one tally per row of ``prepared.rows`` (clauses and their
    sub-clauses, in report order)."""
    rows = [Tally() for _ in prepared.rows]
    threshold = model.thresholds.compliance
    for p, item in zip(prepared.items, items, strict=True):
        rows[p.rows[-1]].add_item(item, p.transition, threshold)  # sub-clause, else clause
    clause = 0
    for index, (_, level, _) in enumerate(prepared.rows):
        if level == "clause":
            clause = index
        else:
            rows[clause].add(rows[index])
    overall = Tally()
    for (_, level, _), row in zip(prepared.rows, rows, strict=True):
        if level == "clause":
            overall.add(row)
    return overall, rows


def roll_up(prepared: Prepared, items: list[ItemResult],
            model: ScoringModel) -> tuple[OverallResult, list[ClauseResult]]:
    overall, rows = tallies(prepared, items, model)
    clauses = []
    for (clause, level, title), row in zip(prepared.rows, rows, strict=True):
        compliance, outcome = row.compliance_score, row.outcome_score
        clauses.append(ClauseResult(
            clause, level, title, compliance, outcome,
            model.classify(compliance, outcome, on="score"), row.class_counts,
            row.answered, row.applicable))
    compliance, outcome = overall.compliance_score, overall.outcome_score
    return OverallResult(
        classification=model.classify(compliance, outcome, on="score"),
        conformity_readiness=_share(overall.conforming_weight, overall.compliance_weight),
        transition_readiness=_share(overall.transition_conforming_weight,
                                    overall.transition_weight),
        outcome_maturity=outcome,
        compliance_only_share=_share(overall.compliance_only_weight,
                                     overall.classed_conforming_weight),
        completion=_share(overall.answered, overall.applicable),
        compliance_score=compliance,
        outcome_score=outcome,
        answered=overall.answered,
        applicable=overall.applicable,
        total=len(items),
        class_counts=overall.class_counts,
    ), clauses
