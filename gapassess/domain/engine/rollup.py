"""Roll-ups per clause, per sub-clause and overall, and the four headline indices.

Scores are weighted means of level / 4 * 100 over the items rated on that axis. The
compliance score, the conformity indices and the class counts leave out advisory items
(guidance, not requirements); the outcome score includes them. Not-applicable items are left
out of everything; unanswered axes are left out, never counted as zero.

All sums are one np.bincount over a precomputed index that sends each item's quantities
to its clause, sub-clause and overall rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gapassess.domain.engine.prepared import QUANTITIES
from gapassess.domain.engine.results import ClauseResult, OverallResult
from gapassess.domain.scoring_model import CLASSES

if TYPE_CHECKING:
    from gapassess.domain.engine.items import ItemLevels
    from gapassess.domain.engine.prepared import Prepared
    from gapassess.domain.scoring_model import ScoringModel


_CLASS_CODES = np.arange(len(CLASSES))


def _share(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole`` (sums over the same items in the same order, so
    a part that is the whole gives exactly 100)."""
    return min(100.0, float(part / whole * 100)) if whole > 1e-12 else None


def _score(num: float, den: float) -> float | None:
    return min(100.0, num / den * 25) if den > 1e-12 else None


def roll_up(prepared: Prepared, levels: ItemLevels,
            model: ScoringModel) -> tuple[OverallResult, list[ClauseResult]]:
    status = np.array(levels.status)
    compliance = np.array(levels.compliance, dtype=float)
    outcome = np.array(levels.outcome, dtype=float)
    classes = np.array(levels.classification)
    weights = prepared.weights
    applicable = status != 2
    answered = status == 0
    o_weight = weights * ((outcome >= 0) & applicable)
    c_weight = weights * ((compliance >= 0) & applicable & prepared.requirement)
    counted = answered & prepared.requirement
    columns = np.empty((len(status), QUANTITIES))
    columns[:, 0] = applicable
    columns[:, 1] = answered
    columns[:, 2] = o_weight
    columns[:, 3] = o_weight * outcome
    columns[:, 4] = c_weight
    columns[:, 5] = c_weight * compliance
    columns[:, 6:10] = (classes[:, None] == _CLASS_CODES) & counted[:, None]
    high_c = compliance >= model.thresholds.compliance
    conforming = c_weight * (high_c & (outcome >= 0))
    transition = c_weight * prepared.transition
    columns[:, 10] = c_weight * high_c
    columns[:, 11] = transition
    columns[:, 12] = transition * high_c
    columns[:, 13] = conforming
    columns[:, 14] = conforming * (outcome < model.thresholds.outcome)
    flat = columns.ravel()
    rows = len(prepared.rows)
    sums = np.bincount(prepared.flat_index, np.concatenate([flat, flat, flat]),
                       minlength=(rows + 2) * QUANTITIES).reshape(rows + 2, QUANTITIES)
    sums = sums[:rows + 1].tolist()

    c_high = model.compliance_score_threshold - 1e-9
    o_high = model.outcome_score_threshold - 1e-9
    clauses = []
    for (clause, level, title), row in zip(prepared.rows, sums[:-1], strict=True):
        cs = min(100.0, row[5] / row[4] * 25) if row[4] > 1e-12 else None
        os_ = min(100.0, row[3] / row[2] * 25) if row[2] > 1e-12 else None
        if cs is None or os_ is None:
            kind = None
        elif cs >= c_high:
            kind = "outcome-driven" if os_ >= o_high else "compliance-only"
        else:
            kind = "informal" if os_ >= o_high else "gap"
        clauses.append(ClauseResult(
            clause, level, title, cs, os_, kind,
            {"gap": int(row[6]), "informal": int(row[7]), "compliance-only": int(row[8]),
             "outcome-driven": int(row[9])},
            int(row[1]), int(row[0])))

    total = sums[-1]
    cs = _score(total[5], total[4])
    os_ = _score(total[3], total[2])
    overall = OverallResult(
        classification=model.classify(cs, os_, on="score"),
        conformity_readiness=_share(total[10], total[4]),
        transition_readiness=_share(total[12], total[11]),
        outcome_maturity=os_,
        compliance_only_share=_share(total[14], total[13]),
        completion=_share(total[1], total[0]),
        compliance_score=cs,
        outcome_score=os_,
        answered=int(total[1]),
        applicable=int(total[0]),
        total=len(status),
        class_counts=dict(zip(CLASSES, map(int, total[6:10]), strict=True)),
    )
    return overall, clauses
