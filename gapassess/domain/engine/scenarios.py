"""What-if scenarios of the roadmap: another capacity, another target date, outcome work
left until after the audit, compared with the current plan.

A scenario changes the organisation's planning facts and plans again with ``assess``: the
schedule, the feasibility rule and the shortfall are the roadmap's own (engine/roadmap.py);
this module only reads the plans side by side.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from gapassess.domain.dates import check_date
from gapassess.domain.engine.assess import MIN_CAPACITY, OrgProfile, assess
from gapassess.i18n import _

if TYPE_CHECKING:
    from gapassess.domain.answers import Answer
    from gapassess.domain.engine.results import AssessmentResult, Roadmap
    from gapassess.domain.questionnaire import Questionnaire
    from gapassess.domain.scoring_model import ScoringModel

#: Most scenarios compared with the current plan.
MAX_SCENARIOS = 3
MAX_LABEL = 60
MAX_CAPACITY = 10_000.0
OUTCOME_AFTER_AUDIT = "outcome-after-audit"  # i18n: not shown (a scope key)


@dataclass(frozen=True, slots=True)
class Scenario:
    """One what-if: None keeps the plan's own capacity or target date."""

    label: str = ""
    capacity: float | None = None  # person-days a month
    target_date: date | None = None
    outcome_after_audit: bool = False  # outcome work waits until after the target audit

    @property
    def changes_something(self) -> bool:
        return (self.capacity is not None or self.target_date is not None
                or self.outcome_after_audit)

    def to_dict(self) -> dict[str, Any]:
        """The scenario as stored (JSON)."""
        return {"label": self.label, "capacity": self.capacity,
                "target_date": self.target_date.isoformat() if self.target_date else None,
                "outcome_after_audit": self.outcome_after_audit}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario | None:
        """A stored scenario; None when it no longer reads (it is then left out)."""
        try:
            capacity = data.get("capacity")
            target = data.get("target_date")
            found = cls(str(data.get("label") or "")[:MAX_LABEL],
                        None if capacity is None else float(capacity),
                        None if not target else date.fromisoformat(str(target)),
                        bool(data.get("outcome_after_audit")))
            check_scenario(found)
        except (TypeError, ValueError, AttributeError):
            return None
        return found if found.changes_something else None


def check_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` when its values can be planned with; ValueError naming the field."""
    capacity = scenario.capacity
    if capacity is not None and not (MIN_CAPACITY <= capacity <= MAX_CAPACITY
                                     and math.isfinite(capacity)):
        raise ValueError(_("capacity must be a number from %(low)s to %(high)s person-days a "
                           "month", low=format(MIN_CAPACITY, "g"), high=format(MAX_CAPACITY, "g")))
    if scenario.target_date is not None:
        check_date(scenario.target_date, _("target date"))
    if len(scenario.label) > MAX_LABEL:
        raise ValueError(_("label can have at most %(count)s characters", count=MAX_LABEL))
    return scenario


def stored_scenarios(data: Iterable[Any] | None) -> list[Scenario]:
    """The scenarios of a stored JSON list, the unreadable ones left out."""
    found = [Scenario.from_dict(entry) for entry in (data or ()) if isinstance(entry, Mapping)]
    return [s for s in found if s is not None][:MAX_SCENARIOS]


def _part(key: str, equals: bool, value: str) -> tuple[str, Any] | None:
    """The Scenario field and value one ``key=value`` part gives; None when it is unknown."""
    if key == OUTCOME_AFTER_AUDIT and not equals:
        return "outcome_after_audit", True
    if key == "scope" and value in (OUTCOME_AFTER_AUDIT, "as-planned"):
        return "outcome_after_audit", value == OUTCOME_AFTER_AUDIT
    if not equals:
        return None
    if key == "capacity":
        try:
            return "capacity", float(value)
        except ValueError:
            raise ValueError(_("capacity: “%(value)s” is not a number", value=value)) from None
    if key in ("target", "target-date"):
        try:
            return "target_date", date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("target: “%(value)s” is not a date written YYYY-MM-DD",
                               value=value)) from None
    return ("label", value) if key == "label" else None


def parse_scenario(text: str) -> Scenario:
    """A scenario from ``capacity=12,target=2028-03-31,outcome-after-audit,label=Later``
    (any of them, in any order). ValueError names the part that is wrong."""
    values: dict[str, Any] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, equals, value = (s.strip() for s in part.partition("="))
        found = _part(key.lower(), bool(equals), value)
        if found is None:
            raise ValueError(_("“%(part)s” is not one of capacity=N, target=YYYY-MM-DD, "
                               "outcome-after-audit, label=TEXT", part=part))
        values[found[0]] = found[1]
    scenario = check_scenario(Scenario(**values))
    if not scenario.changes_something:
        raise ValueError(_("a scenario changes the capacity, the target date or the scope"))
    return scenario


def scenario_profile(profile: OrgProfile, scenario: Scenario) -> OrgProfile:
    """The planning facts with the scenario's changes."""
    changes: dict[str, Any] = {"outcome_after_target": scenario.outcome_after_audit}
    if scenario.capacity is not None:
        changes["capacity"] = scenario.capacity
    if scenario.target_date is not None:
        changes["target_date"] = scenario.target_date
    return dataclasses.replace(profile, **changes)


@dataclass(frozen=True, slots=True)
class LateAction:
    """An action due after the target audit."""

    id: str
    title: str
    kind: str  # "conformity", "milestone" or "outcome"
    due: date


@dataclass(frozen=True, slots=True)
class ScenarioOutcome:
    """One column of the comparison: the current plan (``scenario`` None) or a scenario."""

    label: str
    scenario: Scenario | None
    capacity: float
    target_date: date
    outcome_after_audit: bool
    feasible: bool
    shortfall_days: float
    shortfall_months: float
    milestones_end: date | None  # due date of the last milestone
    finish: date | None  # due date of the last action
    #: conformity work and milestones due after the target (what misses the audit)
    late: tuple[LateAction, ...]
    outcome_after: int  # outcome actions due after the target
    #: ids of ``late`` actions the current plan has done by the target
    slipped: frozenset[str] = frozenset()

    @property
    def is_current(self) -> bool:
        return self.scenario is None


def _outcome(label: str, scenario: Scenario | None, roadmap: Roadmap,
             current: Roadmap | None) -> ScenarioOutcome:
    target = roadmap.target_date
    late = tuple(LateAction(a.id, a.title, a.kind, a.due) for a in roadmap.actions
                 if a.kind != "outcome" and a.due > target)
    milestones = [a.due for a in roadmap.actions if a.kind == "milestone"]
    on_time = ({a.id for a in current.actions if a.due <= current.target_date}
               if current is not None else set())
    return ScenarioOutcome(
        label=label, scenario=scenario, capacity=roadmap.capacity, target_date=target,
        outcome_after_audit=roadmap.outcome_after_target, feasible=roadmap.feasible,
        shortfall_days=roadmap.shortfall_days, shortfall_months=roadmap.shortfall_months,
        milestones_end=max(milestones) if milestones else None,
        finish=max((a.due for a in roadmap.actions), default=None), late=late,
        outcome_after=sum(1 for a in roadmap.actions if a.kind == "outcome" and a.due > target),
        slipped=frozenset(a.id for a in late if a.id in on_time))


def scenario_label(scenario: Scenario, number: int) -> str:
    """The scenario's label, else "Scenario 2"."""
    return scenario.label or _("Scenario %(number)s", number=number)


def compare(questionnaire: Questionnaire, answers: Iterable[Answer] | Mapping[str, Answer],
            model: ScoringModel, profile: OrgProfile, scenarios: Sequence[Scenario],
            today: date | None = None,
            current: AssessmentResult | None = None) -> list[ScenarioOutcome]:
    """The current plan then each scenario, planned with the same answers and model.
    ``current`` is the current plan's result when the caller already has it."""
    answers = list(answers.values()) if isinstance(answers, Mapping) else list(answers)
    base = current or assess(questionnaire, answers, model, profile, today)
    found = [_outcome(_("Current plan"), None, base.roadmap, None)]
    for number, scenario in enumerate(scenarios[:MAX_SCENARIOS], start=1):
        result = assess(questionnaire, answers, model, scenario_profile(profile, scenario),
                        today)
        found.append(_outcome(scenario_label(scenario, number), scenario, result.roadmap,
                              base.roadmap))
    return found
