"""What an assessment produces: item, clause and overall results and the roadmap."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from gapassess.domain.classification import Classification
from gapassess.domain.transition import Certification
from gapassess.domain.working_days import WorkingCalendar

if TYPE_CHECKING:
    import pandas as pd

    from gapassess.domain.engine.reasons import Reason
    from gapassess.domain.scoring_model import ScoringModel
    from gapassess.domain.transition import TransitionRules

ItemStatus = Literal["answered", "unanswered", "not-applicable"]


@dataclass(slots=True)
class ItemResult:
    """One item. ``status`` is "answered" only when both axes are rated; ``partial`` marks an
    item rated on one axis (its status is "unanswered" but the rated axis still counts)."""

    item_id: str
    clause: str
    title: str  # the item's short name (question bank)
    compliance: int | None
    outcome: int | None
    status: ItemStatus
    classification: Classification | None
    weight: float
    change: str
    tags: list[str]
    advisory: bool
    compliance_gap: int
    outcome_gap: int
    partial: bool = False


@dataclass(slots=True)
class ClauseResult:
    clause: str
    level: str  # "clause" | "subclause"
    title: str
    compliance_score: float | None
    outcome_score: float | None
    classification: Classification | None
    class_counts: dict[str, int]
    answered: int
    applicable: int


@dataclass(slots=True)
class OverallResult:
    classification: Classification | None
    conformity_readiness: float | None
    transition_readiness: float | None
    outcome_maturity: float | None
    compliance_only_share: float | None
    completion: float | None
    compliance_score: float | None
    outcome_score: float | None
    answered: int
    applicable: int
    total: int
    class_counts: dict[str, int]


@dataclass(slots=True)
class RoadmapAction:
    id: str
    item_id: str | None
    kind: str  # "conformity" | "outcome" | "milestone"
    title: str
    description: str
    clause: str | None
    phase: str
    start: date
    due: date
    priority: int
    reasons: tuple[Reason, ...]  # codes with parameters; see gapassess.domain.wording
    depends_on: list[str]
    effort: str | None
    person_days: float
    # Who owns the action (gapassess.domain.engine.owners): the owner set on the roadmap,
    # else the owner entered on the item's answer; where it came from ("roadmap", "item",
    # or "" when nobody owns it); and the item's owner, the default.
    owner: str = ""
    owner_source: str = ""
    item_owner: str = ""
    # What the team decided on the roadmap (gapassess.domain.engine.owners, the same rule):
    # its status ("planned", "in-progress", "done", "blocked"), notes, and, when an agreed
    # due date replaced the scheduler's, the scheduler's date (``due`` is then the agreed one).
    status: str = "planned"
    notes: str = ""
    planned_due: date | None = None

    @property
    def agreed(self) -> bool:
        """Whether ``due`` is a date the team agreed rather than the scheduler's."""
        return self.planned_due is not None


@dataclass(slots=True)
class Phase:
    name: str
    start: date
    end: date
    goal: str
    key: str = ""


@dataclass
class Roadmap:
    actions: list[RoadmapAction]
    phases: list[Phase]
    feasible: bool
    shortfall_days: float
    shortfall_months: float
    start_date: date
    target_date: date
    capacity: float
    total_days: float
    milestone_deadline: date  # latest end of the last milestone for the plan to be feasible
    target_date_default: bool = False
    notes: tuple[Reason, ...] = ()  # codes with parameters; see gapassess.domain.wording
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)  # the working days
    outcome_after_target: bool = False  # outcome work waits until after the target audit

    def action(self, action_id: str) -> RoadmapAction:
        for action in self.actions:
            if action.id == action_id:
                return action
        raise KeyError(action_id)


@dataclass
class AssessmentResult:
    overall: OverallResult
    clauses: list[ClauseResult]
    items: list[ItemResult]
    roadmap: Roadmap
    model: ScoringModel
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_title: str
    standard: str  # the standard and edition the bank follows, e.g. "ISO 9001:2026"
    organisation: str = ""
    certification: Certification = field(default_factory=Certification)
    transition: TransitionRules | None = None  # the dates planned with (None: none known)

    def item(self, item_id: str) -> ItemResult:
        for result in self.items:
            if result.item_id == item_id:
                return result
        raise KeyError(item_id)

    def clause(self, clause: str) -> ClauseResult:
        for result in self.clauses:
            if result.clause == clause:
                return result
        raise KeyError(clause)

    def items_frame(self) -> pd.DataFrame:
        import pandas as pd

        from gapassess.domain.engine.export import item_row

        return pd.DataFrame([item_row(r) for r in self.items], columns=_ITEM_COLUMNS)

    def clauses_frame(self) -> pd.DataFrame:
        import pandas as pd

        from gapassess.domain.engine.export import clause_row

        return pd.DataFrame([clause_row(r, flat=True) for r in self.clauses],
                            columns=_CLAUSE_COLUMNS)

    def roadmap_frame(self) -> pd.DataFrame:
        import pandas as pd

        from gapassess.domain.engine.export import action_row

        frame = pd.DataFrame([action_row(a) for a in self.roadmap.actions],
                             columns=_ACTION_COLUMNS)
        for column in ("start", "due"):
            frame[column] = pd.to_datetime(frame[column])
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (docs/scoring.md)."""
        from gapassess.domain.engine.export import result_dict

        return result_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


_ITEM_COLUMNS = ["item_id", "clause", "title", "compliance", "outcome", "status",
                 "classification", "weight", "change", "tags", "advisory", "compliance_gap",
                 "outcome_gap", "partial"]
_CLAUSE_COLUMNS = ["clause", "level", "title", "compliance_score", "outcome_score",
                   "classification", "gap", "informal", "compliance-only", "outcome-driven",
                   "answered", "applicable"]
_ACTION_COLUMNS = ["priority", "id", "item_id", "kind", "title", "description", "clause",
                   "phase", "start", "due", "reasons", "depends_on", "effort", "person_days",
                   "owner"]
