"""Progress since the baseline: this assessment set beside an earlier one of the same
organisation (``Assessment.baseline_id``, usually last year's).

The one place where "then" and "now" are compared, for the web results and the Word
report alike:

* an index (or score) moves by *now minus then*, in points, when both are known;
* whether a move is better or worse depends on the index: for the compliance-only share
  lower is better; a move that rounds to no whole point is no change;
* an item *improved* when a level rose on either axis and *fell back* when a level fell
  on either axis (an item whose compliance rose while its outcome fell is both); a level
  counts only when it is rated in both assessments;
* items and clauses are matched by their id and number; what only one of the two holds
  is left out of the movement (and items newly answered are counted);
* a baseline with no answered item gives nothing to compare with (``comparable``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from gapassess.domain.questionnaire import clause_key

if TYPE_CHECKING:
    from gapassess.domain.classification import Classification
    from gapassess.domain.engine.results import AssessmentResult, ItemResult, OverallResult

Direction = Literal["better", "worse", "same"]

#: The headline indices of ``OverallResult``, in the order the pages show them.
INDEX_KEYS = ("conformity_readiness", "transition_readiness", "outcome_maturity",
              "compliance_only_share", "completion")
#: Indices where a fall is the good news.
LOWER_IS_BETTER = frozenset({"compliance_only_share"})
#: The two axes' overall scores (0-100), which place the organisation on the quadrant.
SCORE_KEYS = ("compliance_score", "outcome_score")


def movement(now: float | None, then: float | None) -> float | None:
    """How far a figure moved since the baseline (now minus then); None when either is
    unknown."""
    if now is None or then is None:
        return None
    return now - then


def direction(delta: float | None, lower_is_better: bool = False) -> Direction:
    """"better", "worse" or "same" (no whole point of change, or nothing to compare)."""
    if delta is None or round(delta) == 0:
        return "same"
    better = delta < 0 if lower_is_better else delta > 0
    return "better" if better else "worse"


@dataclass(frozen=True)
class IndexChange:
    """One index or score, then and now."""

    key: str
    then: float | None
    now: float | None

    @property
    def delta(self) -> float | None:
        return movement(self.now, self.then)

    @property
    def lower_is_better(self) -> bool:
        return self.key in LOWER_IS_BETTER

    @property
    def direction(self) -> Direction:
        return direction(self.delta, self.lower_is_better)


@dataclass(frozen=True)
class ClauseChange:
    """A top-level clause's two scores, then and now."""

    clause: str
    title: str
    compliance_then: float | None
    compliance_now: float | None
    outcome_then: float | None
    outcome_now: float | None
    class_then: Classification | None
    class_now: Classification | None

    @property
    def compliance_delta(self) -> float | None:
        return movement(self.compliance_now, self.compliance_then)

    @property
    def outcome_delta(self) -> float | None:
        return movement(self.outcome_now, self.outcome_then)


def _rose(now: int | None, then: int | None) -> bool:
    return now is not None and then is not None and now > then


@dataclass(frozen=True)
class ItemChange:
    """An item present in both assessments, with its levels then and now."""

    item_id: str
    clause: str
    title: str
    compliance_then: int | None
    compliance_now: int | None
    outcome_then: int | None
    outcome_now: int | None

    @property
    def improved(self) -> bool:
        """A level rose on either axis."""
        return (_rose(self.compliance_now, self.compliance_then)
                or _rose(self.outcome_now, self.outcome_then))

    @property
    def fell_back(self) -> bool:
        """A level fell on either axis."""
        return (_rose(self.compliance_then, self.compliance_now)
                or _rose(self.outcome_then, self.outcome_now))


@dataclass(frozen=True)
class Progress:
    """Everything that moved between the baseline (``then``) and this assessment."""

    indices: tuple[IndexChange, ...]  # INDEX_KEYS, in that order
    scores: tuple[IndexChange, ...]  # SCORE_KEYS: the quadrant position then and now
    clauses: tuple[ClauseChange, ...]  # top-level clauses both hold, in clause order
    items: tuple[ItemChange, ...]  # items both hold, in clause order
    class_then: Classification | None
    class_now: Classification | None
    newly_answered: int  # answered now, not answered in the baseline

    def index(self, key: str) -> IndexChange:
        for change in (*self.indices, *self.scores):
            if change.key == key:
                return change
        raise KeyError(key)

    @property
    def improved(self) -> tuple[ItemChange, ...]:
        return tuple(i for i in self.items if i.improved)

    @property
    def fell_back(self) -> tuple[ItemChange, ...]:
        return tuple(i for i in self.items if i.fell_back)


def index_changes(now: OverallResult, then: OverallResult | None,
                  keys: tuple[str, ...] = INDEX_KEYS) -> tuple[IndexChange, ...]:
    """The ``keys`` of ``now`` beside ``then`` (all "then" unknown without a baseline)."""
    return tuple(IndexChange(key, getattr(then, key) if then is not None else None,
                             getattr(now, key)) for key in keys)


def comparable(then: AssessmentResult) -> bool:
    """Whether the baseline ``then`` can be compared with: it has an answered item."""
    return then.overall.answered > 0


def _item_change(now: ItemResult, then: ItemResult) -> ItemChange:
    return ItemChange(now.item_id, now.clause, now.title, then.compliance, now.compliance,
                      then.outcome, now.outcome)


def compare_with_baseline(now: AssessmentResult, then: AssessmentResult) -> Progress:
    """What moved from the baseline result ``then`` to the result ``now``."""
    earlier_items = {i.item_id: i for i in then.items}
    items = sorted(
        (_item_change(item, earlier_items[item.item_id]) for item in now.items
         if item.item_id in earlier_items),
        key=lambda change: (clause_key(change.clause), change.item_id))
    newly = sum(1 for item in now.items if item.status == "answered"
                and (item.item_id not in earlier_items
                     or earlier_items[item.item_id].status != "answered"))
    earlier_clauses = {c.clause: c for c in then.clauses if c.level == "clause"}
    clauses = [
        ClauseChange(c.clause, c.title, earlier_clauses[c.clause].compliance_score,
                     c.compliance_score, earlier_clauses[c.clause].outcome_score,
                     c.outcome_score, earlier_clauses[c.clause].classification,
                     c.classification)
        for c in sorted(now.clauses, key=lambda c: clause_key(c.clause))
        if c.level == "clause" and c.clause in earlier_clauses
    ]
    return Progress(
        indices=index_changes(now.overall, then.overall),
        scores=index_changes(now.overall, then.overall, SCORE_KEYS),
        clauses=tuple(clauses),
        items=tuple(items),
        class_then=then.overall.classification,
        class_now=now.overall.classification,
        newly_answered=newly,
    )
